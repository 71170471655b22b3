#include "frontend/directives.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "text/text.hpp"

namespace pagewise {

// ---------------------------------------------------------------------------------------------
// Lexing primitives
// ---------------------------------------------------------------------------------------------
namespace lex {

namespace {

// True when the newline at t[nl] is spliced away by a backslash before it (with an optional
// '\r' of a CRLF line end in between).
bool is_continued(std::string_view t, size_t nl, size_t floor) {
  size_t k = nl;
  if (k > floor && t[k - 1] == '\r') --k;
  return k > floor && t[k - 1] == '\\';
}

}  // namespace

size_t skip_block_comment(std::string_view t, size_t i) {
  size_t close = t.find("*/", i + 2);
  return close == std::string_view::npos ? t.size() : close + 2;
}

size_t skip_line_comment(std::string_view t, size_t i) {
  size_t j = i + 2;
  while (true) {
    size_t nl = t.find('\n', j);
    if (nl == std::string_view::npos) return t.size();
    if (!is_continued(t, nl, i)) return nl;
    j = nl + 1;
  }
}

size_t skip_quoted(std::string_view t, size_t i) {
  const char quote = t[i];
  size_t j = i + 1;
  while (j < t.size()) {
    char c = t[j];
    if (c == quote) return j + 1;
    if (c == '\n') return j;
    if (c == '\\') {
      j += (j + 2 < t.size() && t[j + 1] == '\r' && t[j + 2] == '\n') ? 3 : 2;
      continue;
    }
    ++j;
  }
  return t.size();
}

bool is_raw_string_prefix(std::string_view t, size_t b, size_t i) {
  if (i >= t.size() || t[i] != '"') return false;
  std::string_view id = t.substr(b, i - b);
  return id == "R" || id == "LR" || id == "uR" || id == "UR" || id == "u8R";
}

size_t skip_raw_string(std::string_view t, size_t i) {
  // R"delim( ... )delim": the delimiter has at most 16 characters and no space, parenthesis,
  // backslash or control character.
  size_t j = i + 1;
  while (j < t.size() && j - i - 1 <= 16) {
    char c = t[j];
    if (c == '(') break;
    if (c == ')' || c == '\\' || c == '"' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
        c == '\v' || c == '\f')
      return std::string_view::npos;
    ++j;
  }
  if (j >= t.size() || t[j] != '(') return std::string_view::npos;
  std::string closing = ")";
  closing.append(t.substr(i + 1, j - i - 1));
  closing.push_back('"');
  size_t end = t.find(closing, j + 1);
  return end == std::string_view::npos ? t.size() : end + closing.size();
}

size_t skip_number(std::string_view t, size_t i) {
  size_t j = i + 1;
  while (j < t.size()) {
    unsigned char c = static_cast<unsigned char>(t[j]);
    if (is_ident_char(c) || c == '.') {
      ++j;
    } else if ((c == '+' || c == '-') &&
               (t[j - 1] == 'e' || t[j - 1] == 'E' || t[j - 1] == 'p' || t[j - 1] == 'P')) {
      ++j;
    } else if (c == '\'' && j + 1 < t.size() && is_ident_char(t[j + 1])) {
      j += 2;  // C++14 digit separator
    } else {
      break;
    }
  }
  return j;
}

size_t skip_directive(std::string_view t, size_t i) {
  size_t j = i + 1;
  while (j < t.size()) {
    char c = t[j];
    if (c == '\n') {
      if (!is_continued(t, j, i)) return j;
      ++j;
    } else if (c == '/' && j + 1 < t.size() && t[j + 1] == '*') {
      j = skip_block_comment(t, j);
    } else if (c == '/' && j + 1 < t.size() && t[j + 1] == '/') {
      return skip_line_comment(t, j);
    } else if (c == '"' || c == '\'') {
      j = skip_quoted(t, j);
    } else {
      ++j;
    }
  }
  return t.size();
}

size_t skip_space_and_comments(std::string_view t, size_t i) {
  while (i < t.size()) {
    char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      i = skip_block_comment(t, i);
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
      i = skip_line_comment(t, i);
    } else {
      break;
    }
  }
  return i;
}

Pos LineCounter::at(size_t offset) {
  offset = std::min(offset, text_.size());
  if (offset < offset_) {
    offset_ = 0;
    line_ = 1;
    line_start_ = 0;
  }
  const char* base = text_.data();
  while (offset_ < offset) {
    const void* nl = std::memchr(base + offset_, '\n', offset - offset_);
    if (!nl) break;
    size_t at = static_cast<const char*>(nl) - base;
    ++line_;
    line_start_ = at + 1;
    offset_ = at + 1;
  }
  offset_ = offset;
  return Pos{line_, static_cast<uint32_t>(offset - line_start_ + 1), static_cast<uint32_t>(offset)};
}

}  // namespace lex

// ---------------------------------------------------------------------------------------------
// scan_directives
// ---------------------------------------------------------------------------------------------
namespace {

using lex::is_ident_char;
using lex::is_ident_start;

bool is_hspace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Length of a backslash-newline splice starting at t[j] (0 if there is none).
size_t splice_length(std::string_view t, size_t j, size_t end) {
  if (t[j] != '\\') return 0;
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

// ---------------------------------------------------------------------------------------------
// parse_define
// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// parse_pragma_text
// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// inactive_ranges
// ---------------------------------------------------------------------------------------------
namespace {

enum class Truth : uint8_t { False, True, Unknown };

// A value in a condition: nullopt when it depends on something the configuration does not fix.
using Value = std::optional<long long>;

struct Token {
  enum Kind : uint8_t { Number, Name, Punct, End, Bad } kind = End;
  std::string_view text;
  long long number = 0;
};

class ConditionLexer {
 public:
  explicit ConditionLexer(std::string_view s) : s_(s) {}
  Token next() {
    while (pos_ < s_.size() && (is_hspace(s_[pos_]) || s_[pos_] == '\n')) ++pos_;
    if (pos_ >= s_.size()) return {Token::End, {}, 0};
    size_t b = pos_;
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (lex::is_digit(c)) {
      pos_ = lex::skip_number(s_, pos_);
      auto v = integer_literal(s_.substr(b, pos_ - b));
      if (!v) return {Token::Bad, s_.substr(b, pos_ - b), 0};
      return {Token::Number, s_.substr(b, pos_ - b), static_cast<long long>(*v)};
    }
    if (is_ident_start(c)) {
      while (pos_ < s_.size() && is_ident_char(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return {Token::Name, s_.substr(b, pos_ - b), 0};
    }
    static constexpr std::string_view kTwo[] = {"&&", "||", "==", "!=", "<=", ">=", "<<", ">>"};
    for (std::string_view op : kTwo) {
      if (s_.substr(pos_, 2) == op) {
        pos_ += 2;
        return {Token::Punct, op, 0};
      }
    }
    if (std::strchr("()!~+-*/%<>&|^?:,", c) && c != 0) {
      ++pos_;
      return {Token::Punct, s_.substr(b, 1), 0};
    }
    ++pos_;
    return {Token::Bad, s_.substr(b, 1), 0};  // character literals, strings, '#', ...
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// Precedence climbing over tri-state values. Any syntax it does not know makes the whole
// condition unknown (ok_ = false), which keeps both branches: the safe default.
class ConditionEvaluator {
 public:
  ConditionEvaluator(std::string_view s, const ConditionConfig& cfg, int depth)
      : lexer_(s), cfg_(cfg), depth_(depth) {
    advance();
  }

  Value evaluate() {
    Value v = expression(0);
    if (tok_.kind != Token::End) ok_ = false;
    return ok_ ? v : std::nullopt;
  }

 private:
  static constexpr int kMaxNesting = 200;

  void advance() { tok_ = lexer_.next(); }
  bool is(std::string_view punct) const { return tok_.kind == Token::Punct && tok_.text == punct; }

  static int precedence(std::string_view op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "^") return 4;
    if (op == "&") return 5;
    if (op == "==" || op == "!=") return 6;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "%") return 10;
    return -1;
  }

  static Value apply(std::string_view op, Value a, Value b) {
    // && and || are decided by one known side even when the other is unknown.
    if (op == "&&") {
      if ((a && *a == 0) || (b && *b == 0)) return 0;
      if (a && b) return 1;
      return std::nullopt;
    }
    if (op == "||") {
      if ((a && *a != 0) || (b && *b != 0)) return 1;
      if (a && b) return 0;
      return std::nullopt;
    }
    if (!a || !b) return std::nullopt;
    long long x = *a, y = *b;
    if (op == "|") return x | y;
    if (op == "^") return x ^ y;
    if (op == "&") return x & y;
    if (op == "==") return x == y;
    if (op == "!=") return x != y;
    if (op == "<") return x < y;
    if (op == ">") return x > y;
    if (op == "<=") return x <= y;
    if (op == ">=") return x >= y;
    if (op == "<<") return (y < 0 || y > 62) ? Value() : Value(x << y);
    if (op == ">>") return (y < 0 || y > 62) ? Value() : Value(x >> y);
    if (op == "+") return static_cast<long long>(static_cast<unsigned long long>(x) + y);
    if (op == "-") return static_cast<long long>(static_cast<unsigned long long>(x) - y);
    if (op == "*") return static_cast<long long>(static_cast<unsigned long long>(x) * y);
    if (y == 0 || (x == std::numeric_limits<long long>::min() && y == -1)) return std::nullopt;
    if (op == "/") return x / y;
    if (op == "%") return x % y;
    return std::nullopt;
  }

  Value expression(int min_prec) {
    if (++nesting_ > kMaxNesting) {
      ok_ = false;
      return std::nullopt;
    }
    Value lhs = unary();
    while (ok_ && tok_.kind == Token::Punct) {
      if (is("?")) {
        if (min_prec > 0) break;
        advance();
        Value then = expression(0);
        if (!is(":")) {
          ok_ = false;
          break;
        }
        advance();
        Value otherwise = expression(0);
        if (lhs)
          lhs = *lhs ? then : otherwise;
        else
          lhs = (then && otherwise && *then == *otherwise) ? then : std::nullopt;
        continue;
      }
      int prec = precedence(tok_.text);
      if (prec < 0 || prec < min_prec) break;
      std::string_view op = tok_.text;
      advance();
      Value rhs = expression(prec + 1);
      lhs = apply(op, lhs, rhs);
    }
    --nesting_;
    return lhs;
  }

  Value unary() {
    if (tok_.kind == Token::Punct) {
      std::string_view op = tok_.text;
      if (op == "!" || op == "-" || op == "+" || op == "~") {
        advance();
        if (++nesting_ > kMaxNesting) {
          ok_ = false;
          return std::nullopt;
        }
        Value v = unary();
        --nesting_;
        if (!v) return std::nullopt;
        if (op == "!") return *v == 0;
        if (op == "-") return static_cast<long long>(0ULL - static_cast<unsigned long long>(*v));
        if (op == "~") return ~*v;
        return v;
      }
      if (op == "(") {
        advance();
        Value v = expression(0);
        if (!is(")")) {
          ok_ = false;
          return std::nullopt;
        }
        advance();
        return v;
      }
      ok_ = false;
      return std::nullopt;
    }
    if (tok_.kind == Token::Number) {
      long long v = tok_.number;
      advance();
      return v;
    }
    if (tok_.kind == Token::Name) return name();
    ok_ = false;
    return std::nullopt;
  }

  Value name() {
    std::string name(tok_.text);
    advance();
    if (name == "defined") {
      bool paren = is("(");
      if (paren) advance();
      if (tok_.kind != Token::Name) {
        ok_ = false;
        return std::nullopt;
      }
      std::string sym(tok_.text);
      advance();
      if (paren) {
        if (!is(")")) {
          ok_ = false;
          return std::nullopt;
        }
        advance();
      }
      return is_defined(sym);
    }
    if (is("(")) {
      // A function-like macro or __has_include(...): its value is unknown; skip its arguments.
      int depth = 0;
      do {
        if (is("(")) ++depth;
        if (is(")")) --depth;
        if (tok_.kind == Token::End || tok_.kind == Token::Bad) {
          ok_ = false;
          return std::nullopt;
        }
        advance();
      } while (depth > 0);
      return std::nullopt;
    }
    return macro_value(name);
  }

  Value is_defined(const std::string& sym) const {
    if (cfg_.defined.count(sym)) return 1;
    if (cfg_.undefined.count(sym)) return 0;
    return std::nullopt;
  }

  Value macro_value(const std::string& sym) const {
    if (auto it = cfg_.defined.find(sym); it != cfg_.defined.end()) {
      if (trim(it->second).empty()) return 1;  // -DX means X=1
      if (depth_ >= 8) return std::nullopt;    // -DA=B -DB=A
      return ConditionEvaluator(it->second, cfg_, depth_ + 1).evaluate();
    }
    if (cfg_.undefined.count(sym)) return 0;  // an undefined name is 0 in #if
    return std::nullopt;
  }

  ConditionLexer lexer_;
  const ConditionConfig& cfg_;
  int depth_;
  Token tok_;
  bool ok_ = true;
  int nesting_ = 0;
};

Truth truth_of(Value v) {
  if (!v) return Truth::Unknown;
  return *v ? Truth::True : Truth::False;
}

std::string_view first_word(std::string_view s) {
  s = trim(s);
  size_t j = 0;
  while (j < s.size() && is_ident_char(static_cast<unsigned char>(s[j]))) ++j;
  return s.substr(0, j);
}

Truth condition_truth(const Directive& d, const ConditionConfig& cfg) {
  if (d.name == "ifdef" || d.name == "ifndef") {
    std::string sym(first_word(d.text));
    if (sym.empty()) return Truth::Unknown;
    Truth t = Truth::Unknown;
    if (cfg.defined.count(sym))
      t = Truth::True;
    else if (cfg.undefined.count(sym))
      t = Truth::False;
    if (d.name == "ifndef" && t != Truth::Unknown)
      t = t == Truth::True ? Truth::False : Truth::True;
    return t;
  }
  return truth_of(ConditionEvaluator(d.text, cfg, 0).evaluate());
}

// One #if ... #endif chain being read.
struct Chain {
  bool enclosed_dead = false;  // the whole chain sits in a dead branch: nothing is emitted for it
  bool branch_taken = false;   // some branch is known true: every later branch is dead
  bool dead = false;           // the current branch is switched off
  uint32_t dead_begin = 0;
};

void open_branch(Chain& c, Truth t, const Directive& d) {
  c.dead = c.branch_taken || t == Truth::False;
  if (c.dead) c.dead_begin = d.end;
  if (t == Truth::True) c.branch_taken = true;
}

void close_branch(const Chain& c, uint32_t at, std::vector<InactiveRange>& out) {
  if (!c.enclosed_dead && c.dead && at > c.dead_begin) out.push_back({c.dead_begin, at});
}

}  // namespace

std::vector<InactiveRange> inactive_ranges(const std::vector<Directive>& ds,
                                           const ConditionConfig& cfg) {
  std::vector<InactiveRange> out;
  std::vector<Chain> chains;
  for (const Directive& d : ds) {
    const std::string& n = d.name;
    if (n == "if" || n == "ifdef" || n == "ifndef") {
      Chain c;
      c.enclosed_dead = !chains.empty() && (chains.back().enclosed_dead || chains.back().dead);
      if (!c.enclosed_dead) open_branch(c, condition_truth(d, cfg), d);
      chains.push_back(c);
    } else if (n == "elif" || n == "elifdef" || n == "elifndef" || n == "else") {
      if (chains.empty()) continue;  // stray: ignore
      Chain& c = chains.back();
      if (c.enclosed_dead) continue;
      close_branch(c, d.pos.offset, out);
      Truth t = Truth::Unknown;
      if (!c.branch_taken && n != "else") {
        Directive as_if = d;
        as_if.name = n == "elif" ? "if" : n == "elifdef" ? "ifdef" : "ifndef";
        t = condition_truth(as_if, cfg);
      }
      open_branch(c, t, d);
    } else if (n == "endif") {
      if (chains.empty()) continue;
      close_branch(chains.back(), d.pos.offset, out);
      chains.pop_back();
    }
  }
  // Missing #endif: a dead branch runs to the end of the file.
  for (const Chain& c : chains) close_branch(c, std::numeric_limits<uint32_t>::max(), out);
  std::sort(out.begin(), out.end(),
            [](const InactiveRange& a, const InactiveRange& b) { return a.begin < b.begin; });
  return out;
}

}  // namespace pagewise
