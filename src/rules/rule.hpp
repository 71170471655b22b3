// A rule reads the Model and appends Findings. Rules never walk syntax trees.
#pragma once

#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "model/model.hpp"

namespace pagewise {

using RuleCheck = void (*)(const Model&, std::vector<Finding>&);

struct Rule {
  RuleInfo info;
  RuleCheck check = nullptr;
};

// A finding about function `id` at `pos`, with its file, function and unit filled in.
Finding finding_at(const Model& m, FunctionId id, const char* rule, Severity severity, Pos pos,
                   std::string message);

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
