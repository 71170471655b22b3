#include "frontend/directives.hpp"

#include <algorithm>

#include "frontend/lex.hpp"
#include "text/text.hpp"

namespace pagewise {

// ---- scan_directives ------------------------------------------------------------------------
namespace {

using lex::is_hspace;
using lex::is_ident_char;
using lex::is_ident_start;

// Length of a backslash-newline splice starting at t[j] (0 if there is none).
size_t splice_length(std::string_view t, size_t j, size_t end) {
  end = std::min(end, t.size());  // callers pass one past the directive, which may be the text's
  if (j >= end || t[j] != '\\') return 0;
  if (j + 1 < end && t[j + 1] == '\n') return 2;
  if (j + 2 < end && t[j + 1] == '\r' && t[j + 2] == '\n') return 3;
  // The directive's own end: a splice whose newline lies beyond `end` cannot happen, since
  // skip_directive follows continuations.
  return 0;
}

// The directive's words, from just after its '#' to `end`: splices joined with a space, comments
// removed (a block comment becomes a space), literals copied as written.
std::string logical_text(std::string_view t, size_t from, size_t end, bool angle_literal) {
  std::string out;
  out.reserve(end - from);
  size_t j = from;
  while (j < end) {
    char c = t[j];
    if (size_t n = splice_length(t, j, end + 1)) {
      out.push_back(' ');
      j += n;
    } else if (c == '/' && j + 1 < end && t[j + 1] == '*') {
      out.push_back(' ');
      j = std::min(lex::skip_block_comment(t, j), end);
    } else if (c == '/' && j + 1 < end && t[j + 1] == '/') {
      break;
    } else if (c == '"' || c == '\'' || (angle_literal && c == '<')) {
      size_t close;
      if (c == '<') {
        close = t.find('>', j);
        close = (close == std::string_view::npos || close >= end) ? end : close + 1;
        angle_literal = false;
      } else {
        close = std::min(lex::skip_quoted(t, j), end);
      }
      for (size_t k = j; k < close; ++k) {
        if (size_t n = splice_length(t, k, end + 1)) {
          out.push_back(' ');
          k += n - 1;
        } else {
          out.push_back(t[k]);
        }
      }
      j = close;
    } else {
      out.push_back(c);
      ++j;
    }
  }
  return out;
}

Directive read_directive(std::string_view t, size_t hash, size_t end, Pos pos) {
  Directive d;
  d.pos = pos;
  size_t stop = end;
  if (stop > hash && t[stop - 1] == '\r') --stop;
  d.end = static_cast<uint32_t>(stop);
  // Between '#' and the name: blanks, comments, splices.
  size_t j = hash + 1;
  while (j < stop) {
    if (is_hspace(t[j])) {
      ++j;
    } else if (size_t n = splice_length(t, j, end + 1)) {
      j += n;
    } else if (t[j] == '/' && j + 1 < stop && t[j + 1] == '*') {
      j = std::min(lex::skip_block_comment(t, j), stop);
    } else {
      break;
    }
  }
  size_t name_begin = j;
  while (j < stop && is_ident_char(static_cast<unsigned char>(t[j]))) ++j;
  if (j > name_begin && is_ident_start(static_cast<unsigned char>(t[name_begin])))
    d.name.assign(t.substr(name_begin, j - name_begin));
  else
    j = name_begin;
  bool angle = d.name == "include" || d.name == "include_next" || d.name == "import";
  if (angle) {
    size_t k = j;
    while (k < stop && is_hspace(t[k])) ++k;
    angle = k < stop && t[k] == '<';
  }
  d.text = std::string(trim(logical_text(t, j, stop, angle)));
  return d;
}

}  // namespace

std::vector<Directive> scan_directives(std::string_view t) {
  std::vector<Directive> out;
  lex::LineCounter lines(t);
  size_t i = 0;
  if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  bool at_line_start = true;
  while (i < t.size()) {
    char c = t[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') {
      at_line_start = true;
      ++i;
    } else if (is_hspace(c)) {
      ++i;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      i = lex::skip_block_comment(t, i);  // a comment before '#' still leaves a directive
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
      i = lex::skip_line_comment(t, i);
    } else if (c == '#' && at_line_start) {
      size_t end = lex::skip_directive(t, i);
      out.push_back(read_directive(t, i, end, lines.at(i)));
      i = end;
    } else if (c == '"' || c == '\'') {
      at_line_start = false;
      i = lex::skip_quoted(t, i);
    } else if (lex::is_digit(u) || (c == '.' && i + 1 < t.size() &&
                                    lex::is_digit(static_cast<unsigned char>(t[i + 1])))) {
      at_line_start = false;
      i = lex::skip_number(t, i);
    } else if (is_ident_start(u)) {
      at_line_start = false;
      size_t b = i;
      while (i < t.size() && is_ident_char(static_cast<unsigned char>(t[i]))) ++i;
      if (lex::is_raw_string_prefix(t, b, i)) {
        size_t r = lex::skip_raw_string(t, i);
        i = r == std::string_view::npos ? lex::skip_quoted(t, i) : r;
      }
    } else {
      at_line_start = false;
      ++i;
    }
  }
  return out;
}

// ---- parse_define ---------------------------------------------------------------------------
std::optional<MacroDef> parse_define(const Directive& d) {
  if (d.name != "define") return std::nullopt;
  std::string_view s = trim(d.text);
  size_t j = 0;
  if (s.empty() || !is_ident_start(static_cast<unsigned char>(s[0]))) return std::nullopt;
  while (j < s.size() && is_ident_char(static_cast<unsigned char>(s[j]))) ++j;
  MacroDef m;
  m.name.assign(s.substr(0, j));
  m.pos = d.pos;
  if (j < s.size() && s[j] == '(') {
    m.function_like = true;
    size_t close = s.find(')', j);
    std::string_view list =
        s.substr(j + 1, (close == std::string_view::npos ? s.size() : close) - j - 1);
    if (!trim(list).empty()) {
      size_t start = 0;
      for (size_t k = 0; k <= list.size(); ++k) {
        if (k == list.size() || list[k] == ',') {
          m.params.emplace_back(trim(list.substr(start, k - start)));
          start = k + 1;
        }
      }
    }
    j = close == std::string_view::npos ? s.size() : close + 1;
  }
  m.body.assign(trim(s.substr(j)));
  return m;
}

// ---- parse_pragma_text ----------------------------------------------------------------------
namespace {

// The top-level comma-separated operands inside the parentheses that open at s[open].
std::vector<std::string_view> split_operands(std::string_view s, size_t open) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = open + 1;
  size_t j = open;
  while (j < s.size()) {
    char c = s[j];
    if (c == '"' || c == '\'') {
      j = lex::skip_quoted(s, j);
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) break;
    } else if (c == ',' && depth == 1) {
      out.push_back(trim(s.substr(start, j - start)));
      start = j + 1;
    }
    ++j;
  }
  out.push_back(trim(s.substr(start, std::min(j, s.size()) - start)));
  if (out.size() == 1 && out[0].empty()) out.clear();
  return out;
}

bool is_string_literal(std::string_view s) { return !s.empty() && s.front() == '"'; }

// "PAGE" → PAGE; adjacent literals are joined ("PA" "GE" → PAGE); a bare name is kept.
std::string section_name(std::string_view s) {
  if (!is_string_literal(s)) return std::string(s);
  std::string out;
  size_t j = 0;
  while (j < s.size() && s[j] == '"') {
    size_t end = lex::skip_quoted(s, j);
    size_t inner_end = (end > j + 1 && s[end - 1] == '"') ? end - 1 : end;
    out.append(s.substr(j + 1, inner_end - j - 1));
    j = end;
    while (j < s.size() && is_hspace(s[j])) ++j;
  }
  return out;
}

std::optional<PragmaKind> section_pragma_kind(std::string_view name) {
  if (name == "alloc_text") return PragmaKind::AllocText;
  if (name == "code_seg") return PragmaKind::CodeSeg;
  if (name == "data_seg") return PragmaKind::DataSeg;
  if (name == "bss_seg") return PragmaKind::BssSeg;
  if (name == "const_seg") return PragmaKind::ConstSeg;
  return std::nullopt;
}

// code_seg and its data siblings: () reset, ("S"[, "class"]) set, (push[, label][, "S"]),
// (pop[, label]). See learn.microsoft.com/cpp/preprocessor/code-seg.
void read_segment_operands(const std::vector<std::string_view>& ops, Pragma& p) {
  using A = Pragma::Action;
  if (ops.empty()) {
    p.action = A::Reset;
    return;
  }
  if (ops[0] == "push" || ops[0] == "pop") {
    p.action = ops[0] == "push" ? A::Push : A::Pop;
    size_t k = 1;
    if (k < ops.size() && !is_string_literal(ops[k])) p.label.assign(ops[k++]);
    if (p.action == A::Push && k < ops.size()) p.section = section_name(ops[k]);
    return;
  }
  p.section = section_name(ops[0]);
  p.action = p.section.empty() ? A::Reset : A::Set;
}

}  // namespace

std::optional<Pragma> parse_pragma_text(std::string_view text, Pos pos) {
  std::string_view s = trim(text);
  size_t j = 0;
  while (j < s.size() && is_ident_char(static_cast<unsigned char>(s[j]))) ++j;
  auto kind = section_pragma_kind(s.substr(0, j));
  if (!kind) return std::nullopt;
  while (j < s.size() && is_hspace(s[j])) ++j;
  std::vector<std::string_view> ops;
  if (j < s.size()) {
    if (s[j] != '(') return std::nullopt;
    ops = split_operands(s, j);
  }
  Pragma p;
  p.kind = *kind;
  p.pos = pos;
  p.text.assign(s);
  if (p.kind == PragmaKind::AllocText) {
    if (ops.empty() || ops[0].empty()) return std::nullopt;
    p.section = section_name(ops[0]);
    for (size_t k = 1; k < ops.size(); ++k)
      if (!ops[k].empty()) p.names.emplace_back(ops[k]);
    return p;
  }
  read_segment_operands(ops, p);
  return p;
}

}  // namespace pagewise
