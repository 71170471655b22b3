// A rule reads the Model and appends Findings. Rules never walk syntax trees.
#pragma once

#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "model/model.hpp"

namespace pagewise {

// Builds the findings of one rule, as clang-tidy's diag() does: the rule's id, default severity
// and unit come from its RuleInfo, the file and function from where the finding is reported.
// Evidence and a different severity (a possible rather than a certain path) are set on the
// finding returned, which stays valid until the next report.
class Reporter {
 public:
  Reporter(const RuleInfo& rule, const Model& m, std::vector<Finding>& out)
      : rule_(rule), m_(m), out_(out) {}
  // A finding about function `id`, at `pos` in its file.
  Finding& in_function(FunctionId id, Pos pos, std::string message);
  // A finding about something outside any function (a global, a section), at `pos` in `file`.
  Finding& in_file(uint32_t file, Pos pos, std::string message);
  // The unit's findings so far, oldest first (this rule's last).
  std::vector<Finding>& reported() { return out_; }

 private:
  const RuleInfo& rule_;
  const Model& m_;
  std::vector<Finding>& out_;
};

using RuleCheck = void (*)(const Model&, Reporter&);

struct Rule {
  RuleInfo info;
  RuleCheck check = nullptr;
  // Runs the check, appending its findings to `out`.
  void run(const Model& m, std::vector<Finding>& out) const;
};

// Every rule pagewise has, in catalogue order.
const std::vector<Rule>& rule_registry();
std::vector<RuleInfo> rule_catalogue();
const Rule* find_rule(std::string_view id);

// Each rule family adds its rules here (one function per rules/<family>.cpp).
void add_paged_code_rules(std::vector<Rule>& rules);
void add_resident_rules(std::vector<Rule>& rules);
void add_init_rules(std::vector<Rule>& rules);
void add_power_rules(std::vector<Rule>& rules);
void add_paged_data_rules(std::vector<Rule>& rules);
void add_pageable_api_rules(std::vector<Rule>& rules);
void add_locked_section_rules(std::vector<Rule>& rules);
void add_entire_driver_rules(std::vector<Rule>& rules);
void add_advice_rules(std::vector<Rule>& rules);

}  // namespace pagewise
