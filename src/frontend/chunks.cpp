#include "frontend/chunks.hpp"

#include <algorithm>
#include <string>

namespace pagewise {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// One pass over the text that knows, at each byte, whether it is code at file scope: it skips
// comments, literals and preprocessor lines, and counts brackets and `#if` blocks.
class FileScopeScanner {
 public:
  explicit FileScopeScanner(std::string_view t) : t_(t) {}

  // Advances past the next file-scope boundary; false at the end of the text. After true,
  // `offset()` is just past the boundary and `inside_if()` says whether an `#if` is open there.
  bool next_boundary() {
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == '\n') {
        newline();
        continue;
      }
      if (blank(c)) {
        ++i_;
        continue;
      }
      bool was_line_start = line_start_;
      line_start_ = false;
      if (c == '#' && was_line_start) {
        directive();
      } else if (c == '/' && at(1) == '/') {
        to_line_end();
      } else if (c == '/' && at(1) == '*') {
        block_comment();
      } else if (c == '"' || c == '\'') {
        literal(c);
      } else if (step_code(c)) {
        return true;
      }
    }
    return false;
  }

  size_t offset() const { return i_; }
  bool inside_if() const { return if_depth_ > 0; }
  TextPoint point() const { return {row_, static_cast<uint32_t>(i_ - row_start_)}; }
  // True when the next code after the boundary opens a brace (a K&R parameter list ended by `;`
  // is followed by the function's body: no boundary there).
  bool body_follows() const {
    size_t k = i_;
    while (k < t_.size() && (blank(t_[k]) || t_[k] == '\n')) ++k;
    return k < t_.size() && t_[k] == '{';
  }

 private:
  char at(size_t ahead) const { return i_ + ahead < t_.size() ? t_[i_ + ahead] : '\0'; }

  void newline() {
    ++i_;
    ++row_;
    row_start_ = i_;
    line_start_ = true;
  }

  // To the end of the line, following backslash-newline continuations.
  void to_line_end() {
    while (i_ < t_.size() && t_[i_] != '\n') {
      if (t_[i_] == '\\' && at(1) == '\n') {
        ++i_;
        newline();
        continue;
      }
      ++i_;
    }
  }

  void block_comment() {
    i_ += 2;
    while (i_ < t_.size() && !(t_[i_] == '*' && at(1) == '/')) {
      if (t_[i_] == '\n')
        newline();
      else
        ++i_;
    }
    i_ = std::min(i_ + 2, t_.size());
  }

  // A string or character literal; an unterminated one ends at the line's end, as the compiler's
  // error would. A raw string `R"x(...)x"` ends at its own delimiter.
  void literal(char quote) {
    if (quote == '"' && last_ == 'R' && raw_string()) return;
    ++i_;
    while (i_ < t_.size() && t_[i_] != quote && t_[i_] != '\n') i_ += t_[i_] == '\\' ? 2 : 1;
    if (i_ < t_.size() && t_[i_] == quote) ++i_;
    last_ = quote;
  }

  bool raw_string() {
    size_t open = t_.find('(', i_);
    if (open == std::string_view::npos || open - i_ > 17) return false;
    std::string close = ")" + std::string(t_.substr(i_ + 1, open - i_ - 1)) + "\"";
    size_t end = t_.find(close, open);
    size_t stop = end == std::string_view::npos ? t_.size() : end + close.size();
    while (i_ < stop) {
      if (t_[i_] == '\n')
        newline();
      else
        ++i_;
    }
    last_ = '"';
    return true;
  }

  void directive() {
    size_t k = i_ + 1;
    while (k < t_.size() && blank(t_[k])) ++k;
    size_t name_end = k;
    while (name_end < t_.size() && ident_char(t_[name_end])) ++name_end;
    std::string_view name = t_.substr(k, name_end - k);
    if (name == "if" || name == "ifdef" || name == "ifndef")
      ++if_depth_;
    else if (name == "endif" && if_depth_ > 0)
      --if_depth_;
    to_line_end();
  }

  // One byte of code; true when a boundary ends just after it.
  bool step_code(char c) {
    ++i_;
    char before = last_;
    last_ = c;
    switch (c) {
      case '(':
      case '[':
        ++parens_;
        return false;
      case ')':
      case ']':
        parens_ = std::max(parens_ - 1, 0L);
        return false;
      case '{':
        if (braces_ == 0) body_ = before == ')';
        ++braces_;
        return false;
      case '}':
        braces_ = std::max(braces_ - 1, 0L);
        return braces_ == 0 && parens_ == 0 && body_;
      case ';':
        return braces_ == 0 && parens_ == 0;
      default:
        return false;
    }
  }

  std::string_view t_;
  size_t i_ = 0;
  uint32_t row_ = 0;
  size_t row_start_ = 0;
  bool line_start_ = true;
  char last_ = '\0';
  long braces_ = 0, parens_ = 0;
  long if_depth_ = 0;
  bool body_ = false;  // the open file-scope brace is a function body's
};

}  // namespace

std::vector<Chunk> file_scope_chunks(std::string_view text, size_t whole, size_t piece) {
  auto end_point = [&] {
    uint32_t row = static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
    size_t last_nl = text.rfind('\n');
    size_t col = last_nl == std::string_view::npos ? text.size() : text.size() - last_nl - 1;
    return TextPoint{row, static_cast<uint32_t>(col)};
  };
  std::vector<Chunk> out;
  if (text.size() <= whole) {
    out.push_back({0, static_cast<uint32_t>(text.size()), {}, end_point()});
    return out;
  }
  FileScopeScanner scan(text);
  Chunk cur;
  while (scan.next_boundary()) {
    size_t size = scan.offset() - cur.begin;
    // Outside `#if` blocks a piece may end; inside one only when none came for long (a header
    // whose include guard wraps it all), at the cost of an unclosed `#if` in two pieces.
    bool big_enough = size >= piece && (!scan.inside_if() || size >= 4 * piece);
    if (!big_enough || scan.body_follows()) continue;
    cur.end = static_cast<uint32_t>(scan.offset());
    cur.end_point = scan.point();
    out.push_back(cur);
    cur = Chunk{cur.end, 0, cur.end_point, {}};
  }
  cur.end = static_cast<uint32_t>(text.size());
  cur.end_point = end_point();
  if (cur.end > cur.begin || out.empty()) out.push_back(cur);
  return out;
}

}  // namespace pagewise
