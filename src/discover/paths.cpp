#include "discover/paths.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>

#include "discover/gitignore.hpp"
#include "platform/platform.hpp"

namespace pagewise {
namespace fs = std::filesystem;
namespace {

std::string_view extension_of(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(dot);
}

bool has_extension_in(std::string_view path, const auto& list) {
  std::string ext = ascii_lower(extension_of(path));
  return std::find(list.begin(), list.end(), ext) != list.end();
}

// The filesystem needs "." where the display form of the current folder is "".
fs::path fs_form(std::string_view display) {
  return display.empty() ? fs::path(".") : platform::os_path(display);
}

enum class Want { File, Dir };

// The filesystem reads a name only up to its first NUL, so a name with one (from a malformed
// project file or #include line) would silently name another file or folder, and a walk below
// such a folder would list its parent again without end. No real path holds one.
bool has_nul(std::string_view name) { return name.find('\0') != std::string_view::npos; }

bool is_wanted(const fs::path& p, Want want) {
  std::error_code ec;
  fs::file_status st = fs::status(p, ec);  // follows symlinks: a linked file or folder is fine here
  if (ec) return false;
  return want == Want::File ? fs::is_regular_file(st) : fs::is_directory(st);
}

bool list_caseless_matches(const fs::path& dir, std::string_view name,
                           std::vector<std::string>& hits) {
  std::string wanted = ascii_lower(name);
  hits.clear();
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) return false;
  for (; !ec && it != end; it.increment(ec)) {
    std::string entry = platform::utf8(it->path().filename());
    if (ascii_lower(entry) == wanted) hits.push_back(entry);
  }
  std::sort(hits.begin(), hits.end());
  return true;
}

bool caseless_matches(const fs::path& dir, std::string_view name, FolderNames* names,
                      std::vector<std::string>& hits) {
  return names ? names->caseless_matches(dir, name, hits) : list_caseless_matches(dir, name, hits);
}

// The entry of `dir` whose name equals `name` ignoring ASCII case and has the wanted type. When
// several do (possible on Linux), the first in byte order wins, for determinism.
std::optional<std::string> caseless_entry(const fs::path& dir, const std::string& name, Want want,
                                          FolderNames* names) {
  std::vector<std::string> hits;
  caseless_matches(dir, name, names, hits);
  for (const std::string& h : hits)
    if (is_wanted(dir / platform::os_path(h), want)) return h;
  return std::nullopt;
}

std::optional<std::string> find_caseless(std::string_view base_dir, std::string_view rel, Want want,
                                         FolderNames* names) {
  std::string r(rel);
  std::replace(r.begin(), r.end(), '\\', '/');
  if (r.empty() || has_nul(r) || has_nul(base_dir)) return std::nullopt;
  fs::path joined = (fs_form(base_dir) / platform::os_path(r)).lexically_normal();
  // A caseless file system finds `..\Common\Foo.C` as given, but the walk lists `common/foo.c`:
  // there every name is rebuilt from the listings, so each file has one spelling, the disk's.
  constexpr bool kExact = platform::kCaseSensitiveFileNames;
  if (kExact && is_wanted(joined, want)) return display_path(joined);
  // The usual miss: the folder is spelled right and the name is not, or does not exist at all
  // (a generated WPP header). One cached listing decides it.
  if (kExact && !joined.filename().empty()) {
    fs::path parent = joined.parent_path().empty() ? fs::path(".") : joined.parent_path();
    std::vector<std::string> hits;
    if (caseless_matches(parent, platform::utf8(joined.filename()), names, hits)) {
      for (const std::string& h : hits)
        if (is_wanted(parent / platform::os_path(h), want))
          return display_path(parent / platform::os_path(h));
      return std::nullopt;
    }
  }

  // Rebuild the path one component at a time. After lexical normalization, ".." can only lead.
  fs::path cur;
  std::vector<std::string> rest;
  bool leading = true;
  for (const fs::path& comp : joined) {
    std::string c = platform::utf8(comp);
    if (leading &&
        (comp == joined.root_name() || comp == joined.root_directory() || c == ".." || c == ".")) {
      cur /= comp;
      continue;
    }
    leading = false;
    if (!c.empty()) rest.push_back(c);
  }
  for (size_t i = 0; i < rest.size(); ++i) {
    Want step = i + 1 == rest.size() ? want : Want::Dir;
    fs::path dir = cur.empty() ? fs::path(".") : cur;
    if (kExact && is_wanted(dir / platform::os_path(rest[i]), step)) {
      cur /= platform::os_path(rest[i]);
      continue;
    }
    std::optional<std::string> found = caseless_entry(dir, rest[i], step, names);
    if (!found) return std::nullopt;
    cur /= platform::os_path(*found);
  }
  return display_path(cur);
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool discover_source_extension(std::string_view path) {
  static constexpr std::array<std::string_view, 9> kSource = {".c",  ".cc",  ".cpp", ".cxx", ".h",
                                                              ".hh", ".hpp", ".hxx", ".inl"};
  return has_extension_in(path, kSource);
}

bool discover_header_extension(std::string_view path) {
  static constexpr std::array<std::string_view, 5> kHeader = {".h", ".hh", ".hpp", ".hxx", ".inl"};
  return has_extension_in(path, kHeader);
}

std::string display_path(const fs::path& p) {
  std::string s = platform::generic_utf8(p.lexically_normal());
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? std::string(".") : s;
}

std::string join_display(std::string_view base, std::string_view rel) {
  std::string r(rel);
  std::replace(r.begin(), r.end(), '\\', '/');
  return display_path(fs_form(base) / platform::os_path(r));
}

std::string parent_display(std::string_view path) {
  return display_path(platform::os_path(path).lexically_normal().parent_path());
}

std::string absolute_key(std::string_view display, const fs::path& cwd) {
  fs::path p = fs_form(display);
  return display_path(p.is_absolute() ? p : cwd / p);
}

bool FolderNames::caseless_matches(const fs::path& dir, std::string_view name,
                                   std::vector<std::string>& hits) {
  std::string key = platform::generic_utf8(dir.lexically_normal());
  std::shared_ptr<const Listing> listing;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_dir_.find(key);
    if (it != by_dir_.end()) listing = it->second;
  }
  if (!listing) {
    // Listed outside the lock; two threads may list the same folder once each, which is harmless.
    auto fresh = std::make_shared<Listing>();
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    fresh->listed = !ec;
    for (; !ec && it != end; it.increment(ec)) {
      std::string entry = platform::utf8(it->path().filename());
      fresh->entries.emplace_back(ascii_lower(entry), std::move(entry));
    }
    std::sort(fresh->entries.begin(), fresh->entries.end());
    listing = fresh;
    std::lock_guard<std::mutex> lock(mu_);
    by_dir_.emplace(key, listing);
  }
  hits.clear();
  std::string wanted = ascii_lower(name);
  const auto& entries = listing->entries;
  auto first =
      std::lower_bound(entries.begin(), entries.end(), std::make_pair(wanted, std::string()));
  for (auto it = first; it != entries.end() && it->first == wanted; ++it)
    hits.push_back(it->second);
  return listing->listed;
}

std::optional<std::string> find_file_caseless(std::string_view base_dir, std::string_view rel,
                                              FolderNames* names) {
  return find_caseless(base_dir, rel, Want::File, names);
}

std::optional<std::string> find_dir_caseless(std::string_view base_dir, std::string_view rel,
                                             FolderNames* names) {
  return find_caseless(base_dir, rel, Want::Dir, names);
}

namespace {

// The source files below `dir` whose path relative to it matches `glob` (lower-cased). Folder
// links are not entered; a folder that cannot be listed is named in `problem` and passed over.
void walk_matching(const std::string& dir, const std::string& glob, WildcardMatches& out) {
  std::vector<fs::path> folders{fs_form(dir)};
  while (!folders.empty()) {
    fs::path folder = std::move(folders.back());
    folders.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code sec;
      if (it->is_directory(sec) && !it->is_symlink(sec)) {
        folders.push_back(it->path());
        continue;
      }
      if (!it->is_regular_file(sec)) continue;  // follows a symlinked file
      std::string rel = platform::generic_utf8(it->path().lexically_relative(fs_form(dir)));
      if (discover_source_extension(rel) && glob_match(glob, ascii_lower(rel)))
        out.files.push_back(join_display(dir, rel));
    }
    if (ec && out.problem.empty())
      out.problem = "cannot list " + display_path(folder) + ": " + ec.message();
  }
}

}  // namespace

WildcardMatches expand_wildcard(std::string_view base_dir, std::string_view pattern) {
  WildcardMatches out;
  if (has_nul(pattern) || has_nul(base_dir)) {
    out.problem = "its wildcard holds a NUL character; skipped";
    return out;
  }
  std::string pat(pattern);
  std::replace(pat.begin(), pat.end(), '\\', '/');
  // Split into the literal folder prefix and the wildcard part that is matched under it.
  fs::path normal = platform::os_path(pat).lexically_normal();
  std::vector<std::string> comps;
  for (const fs::path& c : normal)
    if (!c.empty()) comps.push_back(platform::generic_utf8(c));
  // A wildcard walks the project's own folder and those below it, never the disk: `/**/*.c`
  // or `../../**/*.c` would read an unbounded and changing tree.
  if (normal.is_absolute() || (!comps.empty() && comps.front() == "..")) {
    out.problem = "its wildcard reaches outside the project's folder; skipped";
    return out;
  }
  size_t first_wild = 0;
  while (first_wild < comps.size() && !has_wildcard(comps[first_wild])) ++first_wild;
  if (first_wild == comps.size()) return out;
  std::string prefix = ".";
  for (size_t i = 0; i < first_wild; ++i)
    prefix = prefix == "." ? comps[i] : prefix + "/" + comps[i];
  std::string glob;
  for (size_t i = first_wild; i < comps.size(); ++i) glob += (glob.empty() ? "" : "/") + comps[i];
  glob = ascii_lower(glob);

  std::optional<std::string> dir = find_dir_caseless(base_dir, prefix);
  if (!dir) return out;
  walk_matching(*dir, glob, out);
  std::sort(out.files.begin(), out.files.end());
  return out;
}

std::vector<std::string> headers_in_dir(std::string_view dir) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::directory_iterator it(fs_form(dir), ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code sec;
    std::string name = platform::utf8(it->path().filename());
    if (discover_header_extension(name) && it->is_regular_file(sec))
      out.push_back(join_display(dir, name));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool read_text_file(const std::string& path, std::string& out) {
  if (has_nul(path)) return false;
  std::ifstream in(platform::os_path(path), std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return false;
  out = std::move(buf).str();
  return true;
}

}  // namespace pagewise
