// Placement macros whose meaning pagewise knows even when their #define is not in the unit
// (they come from WDK or shared headers that are not part of the scanned tree).
#pragma once

#include <string_view>

namespace pagewise {

struct BuiltinPlacementMacro {
  const char* name;
  enum class Meaning { Declspec, RegionBegin, RegionEnd, AllocText } meaning;
  const char* section;  // for Declspec, RegionBegin and AllocText
  const char* source;   // where the meaning is documented or shown
};

// nullptr when the name is not a built-in placement macro.
const BuiltinPlacementMacro* find_builtin_placement_macro(std::string_view name);

}  // namespace pagewise
