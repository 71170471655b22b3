#include "discover/includes.hpp"

#include <algorithm>
#include <set>

#include "discover/parallel.hpp"
#include "discover/paths.hpp"
#include "text/utf.hpp"

namespace pagewise {
namespace {

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

std::string file_name_lower(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return ascii_lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

FileIncludes read_file_includes(const std::string& file, FolderNames& folder_names) {
  FileIncludes facts;
  std::string text;
  if (!read_text_file(file, text)) return facts;  // the frontend reports unreadable files
  std::string error;  // the frontend reports UTF-16 that cannot be decoded too
  if (utf16_bom(text) != Utf16Order::None && !utf16_to_utf8(std::string(text), text, error))
    return facts;
  IncludeDirectives directives = scan_include_directives(text);
  facts.names = std::move(directives.names);
  std::string dir = parent_display(file);
  for (const std::string& target : directives.quoted) {
    if (!discover_source_extension(target)) continue;
    if (std::optional<std::string> found = find_file_caseless(dir, target, &folder_names))
      facts.local.push_back(*found);
    else
      facts.unresolved.push_back(target);
  }
  for (const std::string& target : directives.angled)
    if (discover_source_extension(target)) facts.angled.push_back(target);
  return facts;
}

}  // namespace

IncludeDirectives scan_include_directives(std::string_view text) {
  IncludeDirectives out;
  // A UTF-8 byte-order mark would hide a directive on the first line.
  size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    size_t i = skip_blanks(line, 0);
    if (i >= line.size() || line[i] != '#') continue;
    i = skip_blanks(line, i + 1);
    constexpr std::string_view kInclude = "include";
    if (line.substr(i, kInclude.size()) != kInclude) continue;
    i = skip_blanks(line, i + kInclude.size());
    if (i >= line.size() || (line[i] != '"' && line[i] != '<')) continue;
    char close = line[i] == '"' ? '"' : '>';
    size_t stop = line.find(close, i + 1);
    if (stop == std::string_view::npos || stop == i + 1) continue;
    std::string_view target = line.substr(i + 1, stop - i - 1);
    out.names.push_back(file_name_lower(target));
    (close == '"' ? out.quoted : out.angled).emplace_back(target);
  }
  return out;
}

void IncludeIndex::read_missing(const std::vector<std::string>& files) {
  std::vector<std::string> missing;
  for (const std::string& f : files)
    if (!by_file_.count(f)) missing.push_back(f);
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  std::vector<FileIncludes> read(missing.size());
  parallel_for_each_index(missing.size(), threads_, [&](size_t i, unsigned) {
    read[i] = read_file_includes(missing[i], folder_names_);
  });
  for (size_t i = 0; i < missing.size(); ++i) by_file_.emplace(missing[i], std::move(read[i]));
}

// A file is one file however it is spelled: through a folder link (`loop -> .` makes `a.h`,
// `loop/a.h`, `loop/loop/a.h`, ... one header) or a hard link. Keyed by device and inode, an
// include cycle through a link ends at the first repeat instead of at the system's path limit.
std::optional<FileIdentity> file_identity(const std::string& path) {
  return platform::file_identity(path);
}

std::vector<std::string> IncludeIndex::closure(const std::vector<std::string>& files,
                                               const std::vector<std::string>& search_dirs) {
  std::set<std::string> seen;
  std::set<FileIdentity> identities;
  // The first spelling of a file is the one kept; later ones are the same file again.
  auto first_time = [&](const std::string& path) {
    if (seen.count(path)) return false;
    std::optional<FileIdentity> id = file_identity(path);
    if (id && !identities.insert(*id).second) return false;
    seen.insert(path);
    return true;
  };
  std::vector<std::string> frontier;
  std::vector<std::string> given(files.begin(), files.end());
  std::sort(given.begin(), given.end());
  for (const std::string& f : given)
    if (first_time(f)) frontier.push_back(f);
  while (!frontier.empty()) {
    read_missing(frontier);
    std::vector<std::string> next;
    for (const std::string& f : frontier) {
      for (const std::string& target : by_file_[f].local)
        if (first_time(target)) next.push_back(target);
      for (const std::string& target : by_file_[f].unresolved)
        if (std::optional<std::string> found = find_in(search_dirs, target))
          if (first_time(*found)) next.push_back(*found);
      for (const std::string& target : by_file_[f].angled) {
        std::optional<std::string> found = find_in(search_dirs, target);
        if (!found) found = find_file_caseless(parent_display(f), target, &folder_names_);
        if (found && first_time(*found)) next.push_back(*found);
      }
    }
    frontier = std::move(next);
  }
  return {seen.begin(), seen.end()};
}

std::optional<std::string> IncludeIndex::find_in(const std::vector<std::string>& dirs,
                                                 const std::string& target) {
  for (const std::string& dir : dirs)
    if (std::optional<std::string> found = find_file_caseless(dir, target, &folder_names_))
      return found;
  return std::nullopt;
}

const FileIncludes& IncludeIndex::of(const std::string& file) const {
  static const FileIncludes kNone;
  auto it = by_file_.find(file);
  return it == by_file_.end() ? kNone : it->second;
}

}  // namespace pagewise
