// The pageability advisor: how big each function is, which resident functions could be paged (or
// discarded with INIT), which are resident only for one short spin-lock region, which pageable
// sections are too small to be worth it, and which sections locked on demand also hold code that
// never needs the lock. The advice/* rules report the items; the summary says what following them
// all would change. Sources: paging-rules.md §2.1–2.4.
#pragma once

#include <string>
#include <unordered_map>

#include "model/model.hpp"

namespace pagewise {

// A pageable section is worth paging from this much code on: less than a page saves less than the
// page it occupies once it is paged in (paging-rules.md §2.3).
constexpr uint64_t kWorthPagingBytes = 4096;

// A function smaller than this is not worth a note on its own: the move saves less than 3 % of a
// page, and its PAGED_CODE() check costs bytes of its own.
constexpr uint64_t kAdviceMinimumBytes = 128;

// Isolating a region costs a call, and the helper's own entry, exit and alignment.
constexpr uint64_t kHelperOverheadBytes = 32;

// A region longer than this share of its function's body is not "short": moving it out would not
// leave much to page.
constexpr double kShortRegionShare = 0.4;

// Exact sizes from a linker map, by qualified function name ("Foo", "CMiniport::Init"). Names that
// the map lists more than once are left out: they would be guesses.
using ExactSizes = std::unordered_map<std::string, uint64_t>;

// Fills m.advice. `exact` may be null.
void plan_advice(Model& m, const ExactSizes* exact);

}  // namespace pagewise
