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

// What expansion may cost. Macros can multiply: nine `#define`s that each use the one before ten
// times expand to a billion bytes. One expansion stops at `max_output` bytes; all the expansions
// sharing the budget stop once they have read and written `work_left` bytes between them.
struct ExpansionBudget {
  static constexpr size_t kDefaultMaxOutput = 64u << 10;  // no placement macro comes near it
  static constexpr size_t kDefaultWork = 16u << 20;       // some tens of milliseconds
  size_t max_output = kDefaultMaxOutput;
  size_t work_left = kDefaultWork;
};

// Why an expansion stopped short, if it did.
enum class ExpansionCut { None, OutputSize, Work };

// Expands every macro in `text` (recursively, a macro never inside its own expansion, at most
// `depth` levels). Identifiers that are not macros stay as they are. When the budget runs out the
// result is cut where it stopped and `*cut` (if given) says which bound was hit.
std::string expand_macros(std::string_view text, const MacroLookup& lookup, int depth = 12,
                          ExpansionBudget* budget = nullptr, ExpansionCut* cut = nullptr);

}  // namespace pagewise
