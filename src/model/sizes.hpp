// Code sizes per unit and section: what the driver keeps resident, pageable and in INIT now, and
// what it would after following every advice note. Computed by analysis (estimates, or a linker
// map's exact sizes); `sections --summary` and the HTML report print them as they are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/program.hpp"

namespace pagewise {

// Where a function's size comes from.
enum class SizeSource : uint8_t {
  Estimate,  // the source-based model (docs/size-estimates.md)
  Map,       // the linker map given with --sizes
};

struct SectionSize {
  std::string section;  // "PAGE", ".text", "INIT", "PAGESRL0"
  SectionClass cls = SectionClass::Resident;
  uint64_t bytes_now = 0;    // the functions placed there, each aligned
  uint64_t bytes_after = 0;  // after the advice notes moved code in or out
  uint32_t functions_now = 0;
  uint32_t functions_after = 0;
};

struct UnitSizes {
  std::string unit;  // Unit::name, as in Finding::unit
  uint32_t functions = 0;
  uint32_t functions_from_map = 0;  // how many sizes came from --sizes; the rest are estimates
  uint64_t resident_now = 0, pageable_now = 0, init_now = 0;
  uint64_t resident_after = 0, pageable_after = 0, init_after = 0;
  std::vector<SectionSize> sections;  // sorted by name
};

}  // namespace pagewise
