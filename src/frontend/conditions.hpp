// The #if evaluator: which conditional branches the user's -D/-U switch off. Without -D/-U every
// branch whose condition pagewise cannot know is analysed.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "frontend/directives.hpp"
#include "model/facts.hpp"

namespace pagewise {

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

}  // namespace pagewise
