#include "rules/rule.hpp"

namespace pagewise {

Finding finding_at(const Model& m, FunctionId id, const char* rule, Severity severity, Pos pos,
                   std::string message) {
  const Program& p = m.program;
  Finding f;
  f.rule_id = rule;
  f.severity = severity;
  f.file = p.path(id.file);
  f.pos = pos;
  f.message = std::move(message);
  f.function = p.function(id).name;
  f.unit = p.unit ? p.unit->name : std::string();
  return f;
}

const std::vector<Rule>& rule_registry() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> r;
    add_paged_code_rules(r);
    add_resident_rules(r);
    add_paged_data_rules(r);
    add_pageable_api_rules(r);
    add_power_rules(r);
    add_init_rules(r);
    add_locked_section_rules(r);
    add_entire_driver_rules(r);
    add_advice_rules(r);
    return r;
  }();
  return rules;
}

std::vector<RuleInfo> rule_catalogue() {
  std::vector<RuleInfo> out;
  for (const Rule& r : rule_registry()) out.push_back(r.info);
  return out;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : rule_registry())
    if (r.info.id == id) return &r;
  return nullptr;
}

}  // namespace pagewise
