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

// What is known of the macros: defined (name → value, "" meaning 1), defined with a value that is
// not known (`defined(X)` is 1, `X` itself is unknown), undefined. A name in none of them is
// unknown, and so is every condition that depends on it.
struct ConditionConfig {
  std::map<std::string, std::string> defined;
  std::set<std::string> undefined;
  std::set<std::string> defined_no_value;

  void define(const std::string& name, std::string value);
  void define_no_value(const std::string& name);
  void undefine(const std::string& name);
};

// One unit's configuration: the kernel build's own macros (knowledge/build_macros.hpp), then the
// project's definitions (`NAME` or `NAME=VALUE`) and undefinitions, then the user's -D/-U; a
// later source wins.
ConditionConfig unit_conditions(const std::vector<std::string>& defines,
                                const std::vector<std::string>& undefines,
                                const ConditionConfig& user);

// A macro the unit defines somewhere, but only in branches `cfg` switches off (`#if
// defined(UMDF_VERSION_MAJOR)` ... `#define X_USER_MODE`), is undefined in this unit: adds every
// such macro to cfg.undefined, again until nothing changes (each round can switch off more).
// Macros `cfg` already decides are left alone. `files` are the directives of the unit's files.
void undefine_dead_only_macros(const std::vector<const std::vector<Directive>*>& files,
                               ConditionConfig& cfg);

// The regions switched off by cfg. A condition whose value depends on a symbol cfg does not
// mention is unknown, and pagewise keeps such branches active (it analyses all branches by
// default). A range runs from the end of the directive line that opens the dead branch to the
// '#' of the directive that closes it; a dead branch with no closing directive runs to
// UINT32_MAX (end of file). Ranges are sorted and disjoint.
std::vector<InactiveRange> inactive_ranges(const std::vector<Directive>& ds,
                                           const ConditionConfig& cfg);

// The range of `ranges` (sorted and disjoint, as inactive_ranges gives them) that holds `offset`,
// or nullptr: a binary search, so 50 000 `#if 0` blocks cost no more than reading them.
const InactiveRange* inactive_range_at(const std::vector<InactiveRange>& ranges, uint32_t offset);

}  // namespace pagewise
