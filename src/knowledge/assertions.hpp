// Debug assertion macros of the kernel headers: they test an expression and break into the
// debugger (or raise STATUS_ASSERTION_FAILURE) when it is false. An assertion of the current IRQL
// is the author's statement of the IRQL at that point; analysis/flow uses it only on a branch
// that an object's mode decides (docs/rules/resident-irql.md, "An object's mode").
#pragma once

#include <string_view>

namespace pagewise {

struct AssertionMacro {
  const char* name;
  int arg;  // 0-based: the asserted expression
  const char* source;
};

const AssertionMacro* find_assertion_macro(std::string_view name);

}  // namespace pagewise
