#include "discover/glob.hpp"

#include <cctype>
#include <cstdint>
#include <vector>

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
// Whether the set closes does not depend on `c`.
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

// One step of a glob, read once before matching.
enum class StepKind : uint8_t {
  Char,     // this character (quoted or plain)
  AnyChar,  // '?': one character other than '/'
  Set,      // "[...]": one character of the set, never '/'
  Star,     // '*' (or "**" glued to other text): any run of characters other than '/'
  Folders,  // "**/" as whole components: zero or more whole folders
  Rest,     // a final "**" as a whole component: everything below
};

struct Step {
  StepKind kind;
  char c = 0;      // for Char
  size_t set = 0;  // for Set: where its '[' is in the glob
};

std::vector<Step> compile(std::string_view g) {
  std::vector<Step> steps;
  for (size_t gi = 0; gi < g.size();) {
    char c = g[gi];
    if (c == '*') {
      size_t after = gi;
      while (after < g.size() && g[after] == '*') ++after;
      bool whole_component = after - gi >= 2 && (gi == 0 || g[gi - 1] == '/') &&
                             (after == g.size() || g[after] == '/');
      if (whole_component && after == g.size()) {
        steps.push_back({StepKind::Rest});
        gi = after;
      } else if (whole_component) {
        steps.push_back({StepKind::Folders});
        gi = after + 1;  // the '/' belongs to the folders
      } else {
        steps.push_back({StepKind::Star});
        gi = after;
      }
      continue;
    }
    if (c == '?') {
      steps.push_back({StepKind::AnyChar});
    } else if (c == '[') {
      bool unused = false;
      size_t end = match_set(g, gi, 0, unused);
      if (end != npos) {
        steps.push_back({StepKind::Set, 0, gi});
        gi = end;
        continue;
      }
      steps.push_back({StepKind::Char, '['});
    } else if (c == '\\' && gi + 1 < g.size()) {
      steps.push_back({StepKind::Char, g[++gi]});
    } else {
      steps.push_back({StepKind::Char, c});
    }
    ++gi;
  }
  return steps;
}

bool matches_empty(StepKind k) {
  return k == StepKind::Star || k == StepKind::Folders || k == StepKind::Rest;
}

// Adds the steps reachable without reading a character; they only ever lead forward.
void close_over_empty(const std::vector<Step>& steps, std::vector<uint8_t>& live) {
  for (size_t t = 0; t < steps.size(); ++t)
    if (live[t] && matches_empty(steps[t].kind)) live[t + 1] = 1;
}

}  // namespace

// The glob is read as a list of steps and matched as a set of live steps advanced one path
// character at a time (no backtracking): O(|glob| * |path|) for any glob. A Folders step has two
// states: at the start of a path component (`live`, where it may also match nothing) and inside a
// folder it skips (`inside`, left only by the '/' that ends that folder).
bool glob_match(std::string_view glob, std::string_view path) {
  std::vector<Step> steps = compile(glob);
  size_t n = steps.size();
  std::vector<uint8_t> live(n + 1, 0), next(n + 1, 0), inside(n, 0), next_inside(n, 0);
  live[0] = 1;
  close_over_empty(steps, live);
  for (char ch : path) {
    std::fill(next.begin(), next.end(), 0);
    std::fill(next_inside.begin(), next_inside.end(), 0);
    bool any = false;
    for (size_t t = 0; t < n; ++t) {
      const Step& s = steps[t];
      if (inside[t]) {
        if (ch == '/')
          next[t] = any = true;
        else
          next_inside[t] = any = true;
      }
      if (!live[t]) continue;
      bool advance = false;
      switch (s.kind) {
        case StepKind::Char:
          advance = ch == s.c;
          break;
        case StepKind::AnyChar:
          advance = ch != '/';
          break;
        case StepKind::Set: {
          bool matched = false;
          advance = ch != '/' &&
                    match_set(glob, s.set, static_cast<unsigned char>(ch), matched) != npos &&
                    matched;
          break;
        }
        case StepKind::Star:
          if (ch != '/') next[t] = any = true;
          break;
        case StepKind::Folders:
          if (ch == '/')
            next[t] = any = true;  // an empty folder name ("a//b")
          else
            next_inside[t] = any = true;
          break;
        case StepKind::Rest:
          next[t] = any = true;
          break;
      }
      if (advance) next[t + 1] = any = true;
    }
    if (!any) return false;
    close_over_empty(steps, next);
    live.swap(next);
    inside.swap(next_inside);
  }
  return live[n] != 0;
}

}  // namespace pagewise
