// Lexing primitives shared by the directive reader, the #if evaluator and the pre-pass: comments,
// literals, numbers and directives skipped the way a C preprocessor sees them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/facts.hpp"

namespace pagewise {

// Each primitive takes the offset of the
// construct's first byte and returns an offset in [i, text.size()]; none reads past the end.
namespace lex {

constexpr bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
constexpr bool is_ident_char(unsigned char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}
constexpr bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
// White space within a line: the C locale's white space but the newline.
constexpr bool is_hspace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// i at "/*": just past "*/", or the end of the text if unterminated.
size_t skip_block_comment(std::string_view t, size_t i);
// i at "//": the offset of the newline that ends it (backslash continuations followed), or the end.
size_t skip_line_comment(std::string_view t, size_t i);
// i at '"' or '\'': just past the closing quote. An unescaped newline ends an unterminated
// literal (the newline is not consumed), so one stray apostrophe cannot swallow the file.
size_t skip_quoted(std::string_view t, size_t i);
// i at the '"' of a raw string literal (after its R prefix): just past its closing `)delim"`, the
// end of the text if unterminated, or npos if the delimiter is malformed (then it is no raw
// string).
size_t skip_raw_string(std::string_view t, size_t i);
// True when the identifier [b, i) is a raw-string prefix (R, LR, uR, UR, u8R) and t[i] == '"'.
bool is_raw_string_prefix(std::string_view t, size_t b, size_t i);
// i at a digit (or '.' before a digit): just past the preprocessing number, e.g. 0x1Fui64,
// 1.5e+3, 1'000.
size_t skip_number(std::string_view t, size_t i);
// i at '#': the offset of the newline that ends the directive (continuations, and comments that
// span lines, followed), or the end of the text.
size_t skip_directive(std::string_view t, size_t i);
// Whitespace (newlines included) and comments from i on; returns the first other offset.
size_t skip_space_and_comments(std::string_view t, size_t i);

// Turns byte offsets into 1-based line/column positions. Cheapest when asked in increasing order.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  Pos at(size_t offset);

 private:
  std::string_view text_;
  size_t offset_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace lex

}  // namespace pagewise
