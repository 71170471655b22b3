#include "discover/gitignore.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pagewise {
namespace {

constexpr size_t npos = std::string_view::npos;

std::string_view last_component(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == npos ? path : path.substr(slash + 1);
}

}  // namespace

bool parse_ignore_line(std::string_view line, IgnorePattern& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Trailing spaces are dropped unless quoted with a backslash ("foo\ ").
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    size_t backslashes = 0;
    for (size_t k = line.size() - 1; k > 0 && line[k - 1] == '\\'; --k) ++backslashes;
    if (backslashes % 2 == 1) break;
    line.remove_suffix(1);
  }
  if (line.empty() || line.front() == '#') return false;
  IgnorePattern pat;
  if (line.front() == '!') {
    pat.negated = true;
    line.remove_prefix(1);
  } else if (line.size() >= 2 && line[0] == '\\' && (line[1] == '#' || line[1] == '!')) {
    line.remove_prefix(1);  // "\#x" and "\!x" name files that start with '#' or '!'
  }
  if (!line.empty() && line.back() == '/') {
    pat.dir_only = true;
    while (!line.empty() && line.back() == '/') line.remove_suffix(1);
  }
  if (!line.empty() && line.front() == '/') {
    pat.anchored = true;
    while (!line.empty() && line.front() == '/') line.remove_prefix(1);
  }
  if (line.empty()) return false;
  if (line.find('/') != npos) pat.anchored = true;
  pat.glob = std::string(line);
  out = std::move(pat);
  return true;
}

std::vector<IgnorePattern> parse_ignore_file(std::string_view text) {
  std::vector<IgnorePattern> patterns;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    IgnorePattern pat;
    if (parse_ignore_line(text.substr(start, end - start), pat)) patterns.push_back(std::move(pat));
    start = end + 1;
  }
  return patterns;
}

IgnoreVerdict match_ignore(const std::vector<IgnorePattern>& patterns, std::string_view path,
                           bool is_dir) {
  IgnoreVerdict verdict = IgnoreVerdict::None;
  std::string_view name = last_component(path);
  for (const IgnorePattern& pat : patterns) {
    if (pat.dir_only && !is_dir) continue;
    if (glob_match(pat.glob, pat.anchored ? path : name))
      verdict = pat.negated ? IgnoreVerdict::Keep : IgnoreVerdict::Ignore;
  }
  return verdict;
}

bool gitignore_ignores(const IgnoreLevel* level, std::string_view rel, bool is_dir) {
  // The nearest `.gitignore` has the last word: ask it first and climb only while it is silent.
  for (; level != nullptr; level = level->parent.get()) {
    std::string_view sub = rel;
    std::string below;
    if (!level->above.empty()) {
      below = level->above + std::string(rel);
      sub = below;
    } else if (!level->base.empty()) {
      if (rel.size() <= level->base.size() || rel.substr(0, level->base.size()) != level->base ||
          rel[level->base.size()] != '/')
        continue;
      sub = rel.substr(level->base.size() + 1);
    }
    IgnoreVerdict v = match_ignore(level->patterns, sub, is_dir);
    if (v != IgnoreVerdict::None) return v == IgnoreVerdict::Ignore;
  }
  return false;
}

namespace {

bool read_ignore_file(const std::filesystem::path& file, std::vector<IgnorePattern>& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  out = parse_ignore_file(text.str());
  return !out.empty();
}

}  // namespace

std::shared_ptr<const IgnoreLevel> repository_ignores(const std::string& walk_root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root = fs::absolute(walk_root, ec).lexically_normal();
  if (ec) return nullptr;
  if (!root.has_filename()) root = root.parent_path();  // "a/b/" → "a/b"
  std::vector<fs::path> folders;  // from the walk root's parent up to the repository's root
  fs::path repo;
  for (fs::path d = root; !d.empty(); d = d.parent_path()) {
    if (d != root) folders.push_back(d);
    if (fs::exists(d / ".git", ec)) {
      repo = d;
      break;
    }
    if (d == d.parent_path()) break;
  }
  if (repo.empty()) return nullptr;
  std::shared_ptr<const IgnoreLevel> chain;
  auto add = [&](const fs::path& folder, const fs::path& file) {
    std::vector<IgnorePattern> patterns;
    if (!read_ignore_file(file, patterns)) return;
    std::string above = root.lexically_relative(folder).generic_string();
    above = above == "." ? "" : above + "/";
    chain = std::make_shared<const IgnoreLevel>(
        IgnoreLevel{"", std::move(patterns), chain, std::move(above)});
  };
  // git reads info/exclude below every .gitignore: it is the outermost level.
  add(repo, repo / ".git" / "info" / "exclude");
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) add(*it, *it / ".gitignore");
  return chain;
}

}  // namespace pagewise
