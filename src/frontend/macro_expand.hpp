// A small C preprocessor for macro bodies: enough to learn what a placement macro finally means
// when it is spelled through other macros (`#define PAGED CODE_SEG(RTL_PAGE_SEGMENT)`,
// `#define CODE_SEG(s) __declspec(code_seg(s))`, stringizing `#x` and pasting `a ## b`).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/facts.hpp"

namespace pagewise {

using MacroLookup = std::function<const MacroDef*(std::string_view name)>;

// Expands every macro in `text` (recursively, a macro never inside its own expansion, at most
// `depth` levels). Identifiers that are not macros stay as they are.
std::string expand_macros(std::string_view text, const MacroLookup& lookup, int depth = 12);

}  // namespace pagewise
