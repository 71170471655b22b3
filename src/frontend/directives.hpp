// The preprocessor-directive reader: finds every `#` line of a file with one lexing pass, reads
// `#define`s and the section pragmas. tree-sitter does not preprocess and can lose pragma nodes in
// damaged regions, so pragmas are read here from the text (parsing-notes.md §5), with the tree
// used only for context. Which `#if` branches the user's -D/-U switch off is conditions.hpp's.
#pragma once

#include <cstdint>
#include <optional>
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

}  // namespace pagewise
