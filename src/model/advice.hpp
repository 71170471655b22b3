// What the advisor found the driver could page, and how much each step saves. Computed once per
// unit by analysis/advice.cpp; the advice/* rules turn the items into notes, `sections --summary`
// and the HTML report print the summary.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/inferred.hpp"
#include "model/program.hpp"
#include "model/sizes.hpp"

namespace pagewise {

struct FunctionSize {
  uint64_t bytes = 0;  // the space it takes in its section (aligned; a map's size as is)
  bool from_map = false;
  bool counted = false;  // part of the section totals (inline functions are compiled into callers)
};

// How the driver writes placements, so advice reads like the code around it.
struct PlacementStyle {
  std::string section;  // "PAGE", "INIT", "PAGESRP0"
  Placement::How how = Placement::How::AllocText;
  std::string macro;  // the placing macro, when the file uses one (`PAGED_CODE_SEG`)
  std::string text;   // an existing placement as written, for NDIS_* pragmas and code_seg regions
  int32_t file = -1;  // where the example is; -1: nothing in the unit to copy
  Pos pos;
};

struct PagingAdvice {
  enum class Kind : uint8_t {
    CouldBePaged,
    IsolateSpinLock,
    SmallSection,
    MixedSection
  } kind = Kind::CouldBePaged;
  FunctionId function;  // the function (sections: the first function placed there)
  std::string section;  // could-be-paged/isolate: the target; small/mixed: the section itself
  SectionClass target = SectionClass::Pageable;
  uint64_t bytes = 0;  // could-be-paged: the function's; isolate: saved; small: the section's;
                       // mixed: the part that never needs the lock
  uint64_t other_bytes = 0;  // isolate: the function's whole size; small: after the other advice;
                             // mixed: the part that needs the lock
  PlacementStyle style;      // how to write the move
  LockRegion region;         // isolate: the lines to move into a resident helper
  std::vector<FunctionId>
      members;        // small: the functions in it; mixed: those that never need the lock
  int32_t lock = -1;  // mixed: index into Model::section_locks
};

struct AdvicePlan {
  std::vector<std::vector<FunctionSize>> sizes;  // [file][function]
  std::vector<PagingAdvice> items;
  UnitSizes summary;
  // [file][function]: the unit has a way into the function (a role, a caller, its name mentioned
  // other than as a callee, a method's virtual calls). A file compiled into several units keeps a
  // function's advice only where every unit that enters the function gives it (cli/unit_stream).
  std::vector<std::vector<char>> entered;
};

}  // namespace pagewise
