// The preprocessor-directive reader: finds every `#` line of a file with one lexing pass, reads
// `#define`s and the section pragmas, and decides which `#if` regions the user's -D/-U switch off.
// tree-sitter does not preprocess and can lose pragma nodes in damaged regions, so pragmas are
// read here from the text (parsing-notes.md §5), with the tree used only for context.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/facts.hpp"

namespace pagewise {

struct Directive {
  std::string name;  // "define", "undef", "pragma", "if", "ifdef", "ifndef", "elif", "else",
                     // "endif", "include", ... ("" for a null directive)
  std::string text;  // everything after the name: backslash-newline continuations joined
                     // (replaced by a space), comments removed, trimmed
  Pos pos;           // the '#' (1-based line/col, byte offset)
  uint32_t end = 0;  // byte offset just past the directive's last line (before its newline)
};

// One lexing pass over a whole file: every preprocessor directive, skipping those inside comments
// and string literals. A `#` counts when only whitespace or comments precede it on its line.
std::vector<Directive> scan_directives(std::string_view text);

// `#define` → MacroDef (object-like, or function-like when '(' follows the name directly).
// nullopt for any other directive or a define without a name. pos is the directive's '#'.
std::optional<MacroDef> parse_define(const Directive& d);

// Parses the text of a pragma, i.e. what follows `#pragma` or the inside of `__pragma(...)`:
// alloc_text(SECTION, f1, ...) and code_seg / data_seg / bss_seg / const_seg with their set,
// reset, push and pop forms. Returns nullopt for pragmas that are not about sections (pack,
// warning, once, ...) and for section pragmas too malformed to mean anything.
std::optional<Pragma> parse_pragma_text(std::string_view text, Pos pos);

// The user's -D (name → value, "" meaning 1) and -U.
struct ConditionConfig {
  std::map<std::string, std::string> defined;
  std::set<std::string> undefined;
};

// The regions switched off by cfg. A condition whose value depends on a symbol cfg does not
// mention is unknown, and pagewise keeps such branches active (it analyses all branches by
// default). A range runs from the end of the directive line that opens the dead branch to the
// '#' of the directive that closes it; a dead branch with no closing directive runs to
// UINT32_MAX (end of file). Ranges are sorted and disjoint.
std::vector<InactiveRange> inactive_ranges(const std::vector<Directive>& ds,
                                           const ConditionConfig& cfg);

// Lexing primitives shared by the directive reader and the pre-pass. Each takes the offset of the
// construct's first byte and returns an offset in [i, text.size()]; none reads past the end.
namespace lex {

constexpr bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
constexpr bool is_ident_char(unsigned char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}
constexpr bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

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
