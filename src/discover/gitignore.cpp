#include "discover/gitignore.hpp"

#include <cctype>

namespace pagewise {
namespace {

constexpr size_t npos = std::string_view::npos;

bool in_char_class(std::string_view name, unsigned char c) {
  if (name == "alpha") return std::isalpha(c) != 0;
  if (name == "digit") return std::isdigit(c) != 0;
  if (name == "alnum") return std::isalnum(c) != 0;
  if (name == "upper") return std::isupper(c) != 0;
  if (name == "lower") return std::islower(c) != 0;
  if (name == "space") return std::isspace(c) != 0;
  if (name == "xdigit") return std::isxdigit(c) != 0;
  if (name == "punct") return std::ispunct(c) != 0;
  if (name == "blank") return c == ' ' || c == '\t';
  return false;
}

// Matches `c` against the set that starts at glob[i] == '['. Returns the index just past the
// closing ']', or npos when the set is never closed (the '[' is then an ordinary character).
size_t match_set(std::string_view g, size_t i, unsigned char c, bool& matched) {
  size_t j = i + 1;
  bool negate = false;
  if (j < g.size() && (g[j] == '!' || g[j] == '^')) {
    negate = true;
    ++j;
  }
  bool hit = false;
  bool first = true;  // a ']' right after '[' (or '[!') is a member, not the end
  while (j < g.size()) {
    unsigned char ch = static_cast<unsigned char>(g[j]);
    if (ch == ']' && !first) {
      matched = hit != negate;
      return j + 1;
    }
    first = false;
    if (ch == '[' && j + 1 < g.size() && g[j + 1] == ':') {
      size_t close = g.find(":]", j + 2);
      if (close != npos) {
        if (in_char_class(g.substr(j + 2, close - j - 2), c)) hit = true;
        j = close + 2;
        continue;
      }
    }
    if (ch == '\\' && j + 1 < g.size()) ch = static_cast<unsigned char>(g[++j]);
    ++j;
    if (j + 1 < g.size() && g[j] == '-' && g[j + 1] != ']') {
      size_t hi_at = j + 1;
      if (g[hi_at] == '\\' && hi_at + 1 < g.size()) ++hi_at;
      unsigned char hi = static_cast<unsigned char>(g[hi_at]);
      if (ch <= c && c <= hi) hit = true;
      j = hi_at + 1;
    } else if (ch == c) {
      hit = true;
    }
  }
  return npos;
}

// Backtracking matcher. Patterns are short, so the worst case does not matter in practice.
bool match_from(std::string_view g, size_t gi, std::string_view p, size_t pi) {
  while (gi < g.size()) {
    char c = g[gi];
    if (c == '*') {
      size_t after = gi;
      while (after < g.size() && g[after] == '*') ++after;
      bool whole_component = after - gi >= 2 && (gi == 0 || g[gi - 1] == '/') &&
                             (after == g.size() || g[after] == '/');
      if (whole_component) {
        if (after == g.size()) return true;  // "x/**": everything below x
        // "**/" stands for zero or more whole folders.
        if (match_from(g, after + 1, p, pi)) return true;
        for (size_t k = pi; k < p.size(); ++k)
          if (p[k] == '/' && match_from(g, after + 1, p, k + 1)) return true;
        return false;
      }
      // A plain star (or a "**" glued to other text, which git treats the same): any run of
      // characters inside one path component.
      for (size_t k = pi;; ++k) {
        if (match_from(g, after, p, k)) return true;
        if (k == p.size() || p[k] == '/') return false;
      }
    }
    if (pi == p.size()) return false;
    if (c == '?') {
      if (p[pi] == '/') return false;
    } else if (c == '[') {
      bool matched = false;
      size_t end =
          p[pi] == '/' ? npos : match_set(g, gi, static_cast<unsigned char>(p[pi]), matched);
      if (end != npos) {
        if (!matched) return false;
        gi = end;
        ++pi;
        continue;
      }
      if (p[pi] == '/') return false;
      if (p[pi] != '[') return false;
    } else if (c == '\\' && gi + 1 < g.size()) {
      ++gi;
      if (p[pi] != g[gi]) return false;
    } else if (p[pi] != c) {
      return false;
    }
    ++gi;
    ++pi;
  }
  return pi == p.size();
}

std::string_view last_component(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == npos ? path : path.substr(slash + 1);
}

}  // namespace

bool glob_match(std::string_view glob, std::string_view path) {
  return match_from(glob, 0, path, 0);
}

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
    if (!level->base.empty()) {
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

}  // namespace pagewise
