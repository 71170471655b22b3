#include "cli/suppressions.hpp"

#include <algorithm>

#include "knowledge/code_analysis.hpp"

namespace pagewise {

namespace {

bool is_family_glob(const std::string& r) {
  return r.size() > 2 && r.compare(r.size() - 2, 2, "/*") == 0;
}

bool names_rule(const std::string& r, const std::string& rule_id) {
  if (r == rule_id || r == "*") return true;
  return is_family_glob(r) && rule_id.compare(0, r.size() - 1, r, 0, r.size() - 1) == 0;
}

// A comment on the finding's line or the line above, or one above the function's definition or on
// its lines up to the name, which silences the rule in the whole function.
bool covers(const Suppression& s, const Finding& f) {
  if (s.line == f.pos.line || s.line + 1 == f.pos.line) return true;
  return f.function_line > 0 && s.line + 1 >= f.function_line && s.line <= f.function_name_line;
}

std::optional<std::string> ignore_comment(const Finding& f, const FileFacts& facts) {
  for (const Suppression& s : facts.suppressions) {
    if (!covers(s, f)) continue;
    for (const std::string& r : s.rules)
      if (names_rule(r, f.rule_id))
        return s.reason.empty() ? "ignore[" + r + "] at line " + std::to_string(s.line) : s.reason;
  }
  return std::nullopt;
}

bool lists(const WarningPragma& w, uint32_t number) {
  return std::find(w.numbers.begin(), w.numbers.end(), number) != w.numbers.end();
}

std::string pragma_reason(const WarningPragma& w, const char* action, uint32_t number) {
  if (!w.justification.empty()) return w.justification;
  return "#pragma warning(" + std::string(action) + ": " + std::to_string(number) + ") at line " +
         std::to_string(w.line);
}

// Replays the file's warning pragmas up to the finding's line, as the compiler reads them.
std::optional<std::string> warning_pragma(const Finding& f, const FileFacts& facts) {
  std::optional<uint32_t> number = code_analysis_number(f.rule_id);
  if (!number) return std::nullopt;
  using A = WarningPragma::Action;
  const WarningPragma* disabled_by = nullptr;
  std::vector<const WarningPragma*> stack;
  for (const WarningPragma& w : facts.warning_pragmas) {
    if (w.line >= f.pos.line) break;
    switch (w.action) {
      case A::Suppress:
        if (lists(w, *number) && f.pos.line >= w.first_line && f.pos.line <= w.last_line)
          return pragma_reason(w, "suppress", *number);
        break;
      case A::Disable:
        if (lists(w, *number)) disabled_by = &w;
        break;
      case A::Default:
        if (lists(w, *number)) disabled_by = nullptr;
        break;
      case A::Push:
        stack.push_back(disabled_by);
        break;
      case A::Pop:
        if (!stack.empty()) disabled_by = stack.back(), stack.pop_back();
        break;
    }
  }
  if (disabled_by) return pragma_reason(*disabled_by, "disable", *number);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> suppression_of(const Finding& f, const FileFacts& facts) {
  if (auto reason = ignore_comment(f, facts)) return reason;
  return warning_pragma(f, facts);
}

void check_suppression_ids(const FileFacts& facts, const std::vector<RuleInfo>& catalogue,
                           std::vector<InputProblem>& problems) {
  auto known = [&](const std::string& r) {
    if (r == "*") return true;
    return std::any_of(catalogue.begin(), catalogue.end(),
                       [&](const RuleInfo& rule) { return names_rule(r, rule.id); });
  };
  for (const Suppression& s : facts.suppressions) {
    std::string where = "line " + std::to_string(s.line) + ": ";
    if (s.rules.empty())
      problems.push_back({facts.path,
                          where + "'pagewise: ignore' without a [rule-id] list silences nothing",
                          false});
    for (const std::string& r : s.rules)
      if (!known(r))
        problems.push_back({facts.path,
                            where + "ignore[" + r + "] names no rule ('pagewise rules' lists them)",
                            false});
  }
}

}  // namespace pagewise
