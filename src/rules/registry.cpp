#include "knowledge/related_checks.hpp"
#include "rules/rule.hpp"

namespace pagewise {

Finding& Reporter::in_file(uint32_t file, Pos pos, std::string message) {
  const Program& p = m_.program;
  Finding& f = out_.emplace_back();
  f.rule_id = rule_.id;
  f.severity = rule_.severity;
  f.file = p.path(file);
  f.pos = pos;
  f.message = std::move(message);
  f.unit = p.unit ? p.unit->name : std::string();
  return f;
}

Finding& Reporter::in_function(FunctionId id, Pos pos, std::string message) {
  Finding& f = in_file(id.file, pos, std::move(message));
  const Function& fn = m_.program.function(id);
  f.function = fn.name;
  f.function_line = fn.pos.line;
  f.function_name_line = fn.name_pos.line;
  return f;
}

void Rule::run(const Model& m, std::vector<Finding>& out) const {
  Reporter report(info, m, out);
  check(m, report);
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
    for (Rule& rule : r)
      for (const RelatedCheckRow& row : related_checks())
        if (rule.info.id == row.rule_id)
          rule.info.related.push_back({row.tool, row.check_id, row.name, row.url, row.relation});
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
