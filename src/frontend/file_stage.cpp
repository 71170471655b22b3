#include "frontend/file_stage.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "frontend/chunks.hpp"
#include "frontend/extract.hpp"
#include "frontend/macro_expand.hpp"
#include "frontend/parse_budget.hpp"
#include "frontend/warning_pragmas.hpp"
#include "knowledge/placement_macros.hpp"
#include "knowledge/section_syntax.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The inside of the balanced parentheses that open at text[open] ('('); npos-safe.
std::string_view balanced_inside(std::string_view text, size_t open, size_t* close_out) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) {
      if (close_out) *close_out = i;
      return text.substr(open + 1, i - open - 1);
    }
  }
  if (close_out) *close_out = text.size();
  return text.substr(std::min(open + 1, text.size()));
}

// Every `word(...)` in text, whole-word matches only, with the inside of its parentheses.
template <typename Fn>
void for_each_operator(std::string_view text, std::string_view word, Fn&& fn) {
  size_t at = 0;
  while ((at = text.find(word, at)) != std::string_view::npos) {
    size_t end = at + word.size();
    bool whole =
        (at == 0 || !ident_char(text[at - 1])) && (end >= text.size() || !ident_char(text[end]));
    at = end;
    if (!whole) continue;
    size_t i = end;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] != '(') continue;
    size_t close = 0;
    fn(balanced_inside(text, i, &close));
    at = close;
  }
}

bool single_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!ident_char(c)) return false;
  return true;
}

// Reads what a macro body means for placement (MacroDef's code_seg/allocate/pragmas/alias).
void read_macro_meaning(MacroDef& m) {
  std::string_view body = m.body;
  for_each_operator(body, "__declspec", [&](std::string_view args) {
    if (m.code_seg.empty()) m.code_seg = declspec_argument(args, "code_seg");
    if (m.allocate.empty()) m.allocate = declspec_argument(args, "allocate");
  });
  for_each_operator(body, "__pragma", [&](std::string_view inside) {
    if (auto pr = parse_pragma_text(inside, m.pos)) {
      pr->text = "__pragma(" + std::string(inside) + ")";
      m.pragmas.push_back(std::move(*pr));
    }
  });
  for_each_operator(body, "_Pragma", [&](std::string_view inside) {
    // _Pragma("code_seg(\"PAGE\")"): the operand is a string literal with escaped quotes.
    std::string unq;
    std::string_view s = trim(inside);
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') return;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) ++i;
      unq.push_back(s[i]);
    }
    if (auto pr = parse_pragma_text(unq, m.pos)) {
      pr->text = "_Pragma(" + std::string(inside) + ")";
      m.pragmas.push_back(std::move(*pr));
    }
  });
  // `#define NDIS_PAGEABLE_FUNCTION(f) alloc_text(PAGE, f)`, used as `#pragma NDIS_...(Fn)`.
  if (m.pragmas.empty()) {
    if (auto pr = parse_pragma_text(body, m.pos)) {
      pr->text = std::string(body);
      m.pragmas.push_back(std::move(*pr));
    }
  }
  std::string_view trimmed = trim(body);
  if (!m.function_like && single_identifier(trimmed)) m.alias = std::string(trimmed);
}

uint32_t count_lines(std::string_view text) {
  uint32_t n = 0;
  for (char c : text) n += c == '\n';
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

// `// pagewise: ignore[rule-a, rule-b] reason`
void read_suppressions(std::string_view text, std::vector<Suppression>& out) {
  static constexpr std::string_view kKey = "pagewise:";
  size_t at = 0;
  while ((at = text.find(kKey, at)) != std::string_view::npos) {
    size_t line_start = text.rfind('\n', at);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::string_view before = text.substr(line_start, at - line_start);
    size_t i = at + kKey.size();
    at = i;
    if (before.find("//") == std::string_view::npos && before.find("/*") == std::string_view::npos)
      continue;
    while (i < text.size() && text[i] == ' ') ++i;
    if (text.compare(i, 6, "ignore") != 0) continue;
    i += 6;
    Suppression s;
    s.line = 1;
    for (size_t k = 0; k < at; ++k) s.line += text[k] == '\n';
    if (i < text.size() && text[i] == '[') {
      size_t close = text.find(']', i);
      size_t eol = text.find('\n', i);
      if (close != std::string_view::npos && (eol == std::string_view::npos || close < eol)) {
        std::string_view list = text.substr(i + 1, close - i - 1);
        size_t reason_end = eol == std::string_view::npos ? text.size() : eol;
        std::string_view reason = trim(text.substr(close + 1, reason_end - close - 1));
        if (reason.size() >= 2 && reason.substr(reason.size() - 2) == "*/")
          reason = trim(reason.substr(0, reason.size() - 2));
        s.reason = std::string(reason);
        size_t start = 0;
        for (size_t k = 0; k <= list.size(); ++k) {
          if (k == list.size() || list[k] == ',') {
            std::string_view r = trim(list.substr(start, k - start), " ");
            if (!r.empty()) s.rules.emplace_back(r);
            start = k + 1;
          }
        }
      }
    }
    out.push_back(std::move(s));
  }
}

// `#pragma NAME(args)` where NAME is a macro (NDIS_PAGEABLE_FUNCTION(Fn)): link expands it.
std::optional<Pragma> macro_pragma(const Directive& d) {
  std::string_view t = d.text;
  size_t i = 0;
  while (i < t.size() && ident_char(t[i])) ++i;
  if (i == 0 || std::isdigit(static_cast<unsigned char>(t[0]))) return std::nullopt;
  Pragma pr;
  pr.kind = PragmaKind::Other;
  pr.via_macro = std::string(t.substr(0, i));
  size_t j = i;
  while (j < t.size() && std::isspace(static_cast<unsigned char>(t[j]))) ++j;
  if (j < t.size() && t[j] == '(') {
    size_t close = 0;
    std::string_view inside = balanced_inside(t, j, &close);
    pr.macro_args = std::string(inside);
  }
  pr.pos = d.pos;
  pr.text = "#pragma " + d.text;
  return pr;
}

// '{' minus '}' in text[b, e), outside comments, strings and character literals.
int brace_balance(std::string_view t, size_t b, size_t e) {
  int depth = 0;
  for (size_t i = b; i < e && i < t.size(); ++i) {
    char c = t[i];
    if (c == '/' && i + 1 < e && t[i + 1] == '/') {
      while (i < e && t[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < e && t[i + 1] == '*') {
      // Searched only up to e: an unclosed comment must not cost a scan to the end of the file.
      size_t close = t.substr(0, std::min(e, t.size())).find("*/", i + 2);
      i = close == std::string_view::npos ? e : close + 1;
    } else if (c == '"' || c == '\'') {
      for (++i; i < e && t[i] != c && t[i] != '\n'; ++i)
        if (t[i] == '\\') ++i;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    }
  }
  return depth;
}

void blank_range(std::string& text, size_t b, size_t e) {
  for (size_t k = b; k < e && k < text.size(); ++k)
    if (text[k] != '\n') text[k] = ' ';
}

}  // namespace

namespace {

// The brace balance of the text between any two directives of a file, in logarithmic time, kept
// true as chains are blanked. The text is cut into segments, each directive's line and the gap
// after it (segments 2i and 2i+1 for directive i), each counted once; a range is a sum over a
// Fenwick tree. Counting every range afresh cost time quadratic in the nesting depth (each
// enclosing #if re-read its whole body).
class BranchBraces {
 public:
  BranchBraces(std::string_view text, const std::vector<Directive>& ds)
      : ds_(ds), value_(2 * ds.size(), 0), tree_(2 * ds.size() + 1, 0) {
    for (size_t i = 0; i < ds.size(); ++i) {
      size_t gap_end = i + 1 < ds.size() ? ds[i + 1].pos.offset : text.size();
      add(2 * i, brace_balance(text, ds[i].pos.offset, ds[i].end));
      add(2 * i + 1, brace_balance(text, ds[i].end, gap_end));
    }
    next_live_.resize(value_.size() + 1);
    for (size_t k = 0; k < next_live_.size(); ++k) next_live_[k] = k;
  }

  // '{' minus '}' from the end of `from`'s line to the '#' of `to`, inner directive lines included.
  long between(const Directive* from, const Directive* to) const {
    return prefix(2 * index(to)) - prefix(2 * index(from) + 1);
  }
  // The directive's line, or everything between two directives, is now blanks.
  void blank_line(const Directive* d) { zero(2 * index(d), 2 * index(d) + 1); }
  void blank_between(const Directive* from, const Directive* to) {
    zero(2 * index(from) + 1, 2 * index(to));
  }

 private:
  size_t index(const Directive* d) const { return static_cast<size_t>(d - ds_.data()); }
  void add(size_t k, long delta) {
    value_[k] += delta;
    for (++k; k < tree_.size(); k += k & (~k + 1)) tree_[k] += delta;
  }
  long prefix(size_t end) const {  // the sum of segments [0, end)
    long sum = 0;
    for (; end > 0; end -= end & (~end + 1)) sum += tree_[end];
    return sum;
  }
  // The first segment at or after k not yet zeroed (path halving keeps repeated blanking linear).
  size_t live_from(size_t k) {
    while (next_live_[k] != k) k = next_live_[k] = next_live_[next_live_[k]];
    return k;
  }
  void zero(size_t b, size_t e) {
    for (size_t k = live_from(b); k < e; k = live_from(k + 1)) {
      add(k, -value_[k]);
      next_live_[k] = k + 1;
    }
  }

  const std::vector<Directive>& ds_;
  std::vector<long> value_;
  std::vector<long> tree_;
  std::vector<size_t> next_live_;
};

}  // namespace

// tree-sitter reads each branch of an #if as a unit. A branch that opens a brace another one closes
// (`#if defined(_WIN64)  if (wow64) { ... } else {  #endif  ...  #if defined(_WIN64)  }  #endif`)
// derails the parse of everything after it. For such an #if chain, parse it as the compiler
// would with the first branch taken: blank the directive lines and the other branches. Offsets and
// lines do not move, and facts were already read from the original text.
void balance_conditionals(std::string& text, const std::vector<Directive>& directives) {
  struct Chain {
    std::vector<const Directive*> parts;  // #if, #elif..., #else, #endif
  };
  std::vector<Chain> open, done;
  for (const Directive& d : directives) {
    if (d.name == "if" || d.name == "ifdef" || d.name == "ifndef") {
      open.push_back({{&d}});
    } else if ((d.name == "elif" || d.name == "else" || d.name == "elifdef" ||
                d.name == "elifndef") &&
               !open.empty()) {
      open.back().parts.push_back(&d);
    } else if (d.name == "endif" && !open.empty()) {
      open.back().parts.push_back(&d);
      done.push_back(std::move(open.back()));
      open.pop_back();
    }
  }
  // Chains are decided innermost first, each on the text as the chains inside it left it.
  BranchBraces braces(text, directives);
  std::vector<std::pair<size_t, size_t>> blanks;
  for (const Chain& c : done) {
    bool unbalanced = false;
    for (size_t k = 0; k + 1 < c.parts.size(); ++k)
      if (braces.between(c.parts[k], c.parts[k + 1]) != 0) unbalanced = true;
    if (!unbalanced) continue;
    for (size_t k = 0; k < c.parts.size(); ++k) {
      braces.blank_line(c.parts[k]);
      blanks.emplace_back(c.parts[k]->pos.offset, c.parts[k]->end);
      if (k >= 1 && k + 1 < c.parts.size()) {
        braces.blank_between(c.parts[k], c.parts[k + 1]);
        blanks.emplace_back(c.parts[k]->end, c.parts[k + 1]->pos.offset);
      }
    }
  }
  // Nested chains blank overlapping ranges: blank each byte once.
  std::sort(blanks.begin(), blanks.end());
  size_t blanked_to = 0;
  for (auto [b, e] : blanks) {
    blank_range(text, std::max(b, blanked_to), e);
    blanked_to = std::max(blanked_to, e);
  }
}

FileScan scan_file(const SourceFile& src) {
  FileScan scan;
  if (!src.readable) return scan;
  scan.directives = scan_directives(src.text);
  for (const Directive& d : scan.directives) {
    if (d.name != "define") continue;
    if (auto m = parse_define(d)) {
      read_macro_meaning(*m);
      scan.macros.push_back(std::move(*m));
    }
  }
  return scan;
}

namespace {

// The expansion budget of one file's macros, and what to tell the user when it runs out.
class MacroBudget {
 public:
  explicit MacroBudget(FileScan& scan) : scan_(scan) {}
  // `m`'s body expanded; cut short when a bound is hit (then the user is told, once per file).
  std::string expand(const MacroDef& m, const MacroLookup& lookup) {
    ExpansionCut cut = ExpansionCut::None;
    std::string body = expand_macros(m.body, lookup, 12, &budget_, &cut);
    last_cut_ = cut != ExpansionCut::None;
    if (last_cut_ && !told_) {
      told_ = true;
      scan_.problems.push_back(cut_message(m, cut));
    }
    return body;
  }
  // Whether the last expansion was cut short.
  bool cut() const { return last_cut_; }

 private:
  static std::string cut_message(const MacroDef& m, ExpansionCut cut) {
    std::string where = "macro " + m.name + " (line " + std::to_string(m.pos.line) + ")";
    if (cut == ExpansionCut::OutputSize)
      return "macro expansion limit: " + where + " expands to more than " +
             std::to_string(ExpansionBudget::kDefaultMaxOutput >> 10) +
             " KiB; what it places was not read from its expansion (nor from that of any other "
             "macro of this file that hits a limit)";
    return "macro expansion limit: expanding the macros of this file took more than " +
           std::to_string(ExpansionBudget::kDefaultWork >> 20) + " MiB of work; " + where +
           " and the macros after it were not expanded";
  }
  FileScan& scan_;
  ExpansionBudget budget_;
  bool last_cut_ = false;
  bool told_ = false;
};

// Whether a function-like macro's expansion uses a parameter outside __declspec(...) and
// __pragma(...): then it writes a name or code, not just a placement.
bool names_its_argument(const MacroDef& m, const MacroLookup& lookup, MacroBudget& budget) {
  if (!m.function_like || m.params.empty()) return false;
  std::string body = budget.expand(m, lookup);
  for (std::string_view op : {"__declspec", "__pragma", "_Pragma"}) {
    for (size_t at = body.find(op); at != std::string::npos; at = body.find(op, at)) {
      size_t open = body.find('(', at);
      if (open == std::string::npos) break;
      size_t close = 0;
      balanced_inside(body, open, &close);
      body.replace(at, close + 1 - at, std::string(close + 1 - at, ' '));
    }
  }
  // A substring test on purpose: pasting (`Vrfy_##fnName`) glues the parameter to other text.
  for (const std::string& p : m.params)
    if (body.find(p) != std::string::npos) return true;
  return false;
}

}  // namespace

namespace {

// The assertion a macro body runs directly ("PAGED_CODE", "PAGED_CODE_LOCKED"), or "".
std::string_view assertion_in(std::string_view body) {
  for (std::string_view a : {"PAGED_CODE_LOCKED", "PAGED_CODE"}) {
    for (size_t at = body.find(a); at != std::string_view::npos; at = body.find(a, at + 1)) {
      bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(body[at - 1])) ||
                                 body[at - 1] == '_');
      size_t after = at + a.size();
      while (after < body.size() && (body[after] == ' ' || body[after] == '\t')) ++after;
      if (starts && after < body.size() && body[after] == '(') return a;
    }
  }
  return {};
}

// The assertion of the first macro of `known` that `body` names, or "".
std::string assertion_through(std::string_view body,
                              const std::unordered_map<std::string, std::string>& known) {
  for (size_t i = 0; i < body.size();) {
    if (!(std::isalpha(static_cast<unsigned char>(body[i])) || body[i] == '_')) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < body.size() && (std::isalnum(static_cast<unsigned char>(body[j])) || body[j] == '_'))
      ++j;
    auto it = known.find(std::string(body.substr(i, j - i)));
    if (it != known.end()) return it->second;
    i = j;
  }
  return {};
}

}  // namespace

// The unit's macros that run PAGED_CODE() (`#define FSP_KU_CODE PAGED_CODE(); ...`), directly or
// through another such macro (a few levels): a function that starts with one starts with the
// assertion. A macro with several definitions counts when any of them runs it (the kernel-mode
// one of a `#if` pair does).
void add_paged_code_macros(const std::vector<FileScan>& scans, Dialect& dialect) {
  std::unordered_map<std::string, std::string> found;
  for (const FileScan& scan : scans)
    for (const MacroDef& m : scan.macros)
      if (std::string_view a = assertion_in(m.body); !a.empty()) found.emplace(m.name, a);
  for (int level = 0; level < 4 && !found.empty(); ++level) {
    size_t before = found.size();
    for (const FileScan& scan : scans)
      for (const MacroDef& m : scan.macros)
        if (!found.count(m.name))
          if (std::string a = assertion_through(m.body, found); !a.empty())
            found.emplace(m.name, a);
    if (found.size() == before) break;
  }
  for (const auto& [name, assertion] : found) dialect.add_paged_code_macro(name, assertion);
}

// Long: three passes over one macro table and its budgets: pick, expand, register placing macros.
void add_unit_macros(std::vector<FileScan>& scans, Dialect& dialect) {
  // What a macro means for placement is read from its body with the other macros expanded:
  // `#define PAGED CODE_SEG(RTL_PAGE_SEGMENT)` with `#define CODE_SEG(s) __declspec(code_seg(s))`
  // and `#define RTL_PAGE_SEGMENT "PAGE"` places code in PAGE.
  // A macro defined in several #if branches (`#if defined(_M_ARM) #define P #else #define P
  // __declspec(code_seg("PAGE")) #endif`): the definition that places code is the one paging
  // depends on, so it wins over an empty one.
  std::unordered_map<std::string, const MacroDef*> by_name;
  auto places = [](const MacroDef& m) {
    for (std::string_view w :
         {"__declspec", "__pragma", "_Pragma", "code_seg", "alloc_text", "data_seg"})
      if (m.body.find(w) != std::string::npos) return true;
    return false;
  };
  for (const FileScan& scan : scans)
    for (const MacroDef& m : scan.macros) {
      auto [it, inserted] = by_name.emplace(m.name, &m);
      if (!inserted && !places(*it->second) && places(m)) it->second = &m;
    }
  MacroLookup lookup = [&](std::string_view name) -> const MacroDef* {
    auto it = by_name.find(std::string(name));
    return it == by_name.end() ? nullptr : it->second;
  };
  std::vector<MacroBudget> budgets;
  budgets.reserve(scans.size());
  for (FileScan& scan : scans) budgets.emplace_back(scan);
  for (size_t f = 0; f < scans.size(); ++f)
    for (MacroDef& m : scans[f].macros) {
      // Already literal (`code_seg("PAGE")`), unless the "section" is itself a macro to expand.
      bool literal = (!m.code_seg.empty() && !lookup(m.code_seg)) ||
                     (!m.allocate.empty() && !lookup(m.allocate)) || !m.pragmas.empty();
      if (literal) continue;
      MacroDef expanded = m;
      expanded.body = budgets[f].expand(m, lookup);
      if (budgets[f].cut() || expanded.body == m.body) continue;
      expanded.code_seg.clear();
      expanded.pragmas.clear();
      expanded.alias.clear();
      read_macro_meaning(expanded);
      // A section named by a parameter depends on the use: no fixed meaning.
      auto is_param = [&](const std::string& section) {
        for (const std::string& p : m.params)
          if (p == section) return true;
        return false;
      };
      m.code_seg = !expanded.code_seg.empty() && !is_param(expanded.code_seg) ? expanded.code_seg
                                                                              : std::string();
      m.allocate = !expanded.allocate.empty() && !is_param(expanded.allocate) ? expanded.allocate
                                                                              : std::string();
      if (m.pragmas.empty()) m.pragmas = expanded.pragmas;
    }
  // A macro places code or data when its body does (a section __declspec or pragma), or when it
  // is another name for a macro that does: `#define MY_PAGED PAGED_CODE_SEG`. Other __pragma
  // bodies (`__pragma(warning(...)) while (c)`) are not placement and must not be blanked.
  std::unordered_set<std::string> placing;
  std::vector<const MacroDef*> aliases;
  for (size_t f = 0; f < scans.size(); ++f)
    for (const MacroDef& m : scans[f].macros) {
      if (!m.code_seg.empty() || !m.allocate.empty() || !m.pragmas.empty() ||
          find_builtin_placement_macro(m.name)) {
        // `#define VRFY_FUNCTION(f) VRFY_PAGING Vrfy_##f` also writes the function's name: its uses
        // stay in the text (link reads the placement from the name) rather than being blanked.
        if (names_its_argument(m, lookup, budgets[f])) continue;
        if (placing.insert(m.name).second) dialect.add_placement_macro(m.name, m.function_like);
      } else if (!m.alias.empty()) {
        aliases.push_back(&m);
      }
    }
  for (bool grew = true; grew;) {
    grew = false;
    for (const MacroDef* m : aliases) {
      if (placing.count(m->name)) continue;
      if (!placing.count(m->alias) && !find_builtin_placement_macro(m->alias)) continue;
      placing.insert(m->name);
      dialect.add_placement_macro(m->name, m->function_like);
      grew = true;
    }
  }
}

namespace {

// Parsing is where memory peaks: tree-sitter's tree takes about 45 bytes per byte of source and
// the facts read from it about 17 more (a 16 MiB file with 236 000 functions peaks at 1 GB).
// Workers therefore parse at the same time only files whose sizes add up to at most
// kParseBytesInFlight: 64 MiB * ~64 = ~4 GB for the parse stage whatever -j says, which leaves a
// 24 GB machine room for the facts of the whole run. A file larger than that (only with
// --max-file-size above 64) is parsed alone. Driver sources are far smaller (the largest file of
// Windows-driver-samples is 0.6 MB), so ordinary runs never wait here.
constexpr uint64_t kParseBytesInFlight = 64ull << 20;

ParseBudget& parse_budget() {
  static ParseBudget budget(kParseBytesInFlight);
  return budget;
}

}  // namespace

// Parses one piece of the file. A bracket opened at file scope and never closed swallows the rest
// of the piece into one error: blank the line where that error starts and parse again (a few
// times at most), so the functions after the damage are found; say so.
Tree parse_repaired(Parser& parser, std::string& text, const Chunk& piece,
                    std::string_view original, FileFacts& facts) {
  Tree tree = parser.parse(text, facts.language, piece);
  for (int attempt = 0; attempt < 3 && tree; ++attempt) {
    uint32_t at = large_top_level_error(tree, 40);
    if (at == UINT32_MAX) break;
    size_t eol = std::min<size_t>(text.find('\n', at), piece.end);
    if (eol == at) break;
    // A class, namespace or linkage block that merely contains an error is no stray bracket:
    // skipping its first line would lose its structure.
    std::string_view head = std::string_view(text).substr(at, eol - at);
    bool block = false;
    for (std::string_view kw : {"class", "struct", "union", "enum", "namespace", "template",
                                "typedef", "extern", "{", "}", "#"})
      block |= head.rfind(kw, 0) == 0;
    if (block) break;
    // Keep the attempt only if it finds functions the damage had hidden.
    std::string saved(head);
    for (size_t k = at; k < eol; ++k) text[k] = ' ';
    Tree retry = parser.parse(text, facts.language, piece);
    if (count_function_definitions(retry) <= count_function_definitions(tree)) {
      text.replace(at, saved.size(), saved);
      break;
    }
    uint32_t line =
        1 + static_cast<uint32_t>(std::count(original.begin(), original.begin() + at, '\n'));
    facts.problems.push_back("line " + std::to_string(line) +
                             " could not be parsed and hid what follows it; it was skipped");
    tree = std::move(retry);
  }
  return tree;
}

// Long: the file's stages in order (pragmas, suppressions, prepass, parse, extract) into its facts.
FileFacts analyze_file(const SourceFile& src, const FileScan& scan, const FileContext& ctx,
                       Parser& parser) {
  FileFacts facts;
  facts.path = src.path;
  facts.language = language_for_path(src.path);
  facts.bytes = src.size;
  facts.problems = src.problems;
  facts.problems.insert(facts.problems.end(), scan.problems.begin(), scan.problems.end());
  facts.limits_hit = static_cast<uint32_t>(scan.problems.size());
  if (!src.readable) return facts;
  facts.lines = count_lines(src.text);
  facts.macros = scan.macros;
  facts.inactive = ctx.inactive ? *ctx.inactive : inactive_ranges(scan.directives, *ctx.conditions);
  auto is_inactive = [&](uint32_t off) { return inactive_range_at(facts.inactive, off); };
  for (const Directive& d : scan.directives) {
    if (d.name != "pragma" || is_inactive(d.pos.offset)) continue;
    for (WarningPragma& w : read_warning_pragma(d, src.text))
      facts.warning_pragmas.push_back(std::move(w));
    if (auto pr = parse_pragma_text(d.text, d.pos)) {
      pr->text = "#pragma " + d.text;
      facts.pragmas.push_back(std::move(*pr));
    } else if (auto use = macro_pragma(d)) {
      facts.pragmas.push_back(std::move(*use));
    }
  }
  read_suppressions(src.text, facts.suppressions);
  if (!src.parse) return facts;

  // A file parsed in pieces holds one piece's tree at a time (frontend/chunks.hpp).
  ParseBudget::Slot slot(parse_budget(), std::min<size_t>(src.text.size(), kWholeParseBytes));
  PrepassResult pre = prepass(src.text, *ctx.dialect, facts.language);
  balance_conditionals(pre.text, scan.directives);
  for (const Annotation& a : pre.items) {
    if (is_inactive(a.pos.offset)) continue;
    if (a.name == "__pragma") {
      if (auto pr = parse_pragma_text(a.args, a.pos)) {
        pr->text = "__pragma(" + a.args + ")";
        facts.pragmas.push_back(std::move(*pr));
      }
    }
  }
  std::stable_sort(facts.pragmas.begin(), facts.pragmas.end(),
                   [](const Pragma& a, const Pragma& b) { return a.pos.offset < b.pos.offset; });
  facts.parse.tag_scan_functions = tag_scan_function_count(pre.text);
  ExtractInput in{src.text, pre.text, &pre.items, ctx.dialect};
  Extraction extraction(in, facts);
  for (const Chunk& piece : file_scope_chunks(pre.text)) {
    Tree tree = parse_repaired(parser, pre.text, piece, src.text, facts);
    if (!tree) {
      facts.problems.push_back(
          piece.begin == 0
              ? std::string(
                    "the parser gave up on this file; only its preprocessor lines were read")
              : "the parser gave up at line " + std::to_string(piece.begin_point.row + 1) +
                    "; only the preprocessor lines of the rest were read");
      facts.parse.has_error = true;
      break;
    }
    extraction.add(tree);
  }
  extraction.finish();
  facts.annotations = std::move(pre.items);
  // The facts live until the unit is analysed: give back what vector growth over-allocated
  // (up to half of the functions' array, which dominates a file of many small functions).
  facts.functions.shrink_to_fit();
  return facts;
}

}  // namespace pagewise
