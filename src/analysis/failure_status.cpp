#include "analysis/failure_status.hpp"

namespace pagewise {

namespace {

// STATUS_SUCCESS and STATUS_PENDING do not fail the request; every other STATUS_ constant is taken
// as a failure (informational and warning statuses are rare as request results).
bool is_failure_status(const std::string& text) {
  return text.rfind("STATUS_", 0) == 0 && text != "STATUS_SUCCESS" && text != "STATUS_PENDING";
}

std::vector<FailureStatus> failures_in(const Function& fn) {
  std::vector<FailureStatus> out;
  for (const Assignment& a : fn.assignments)
    if (is_failure_status(a.rhs)) out.push_back({a.pos, a.rhs, a.lhs, false});
  for (const Call& c : fn.calls)
    for (const std::string& arg : c.args)
      if (is_failure_status(arg)) {
        out.push_back({c.pos, arg, c.callee, true});
        break;
      }
  return out;
}

}  // namespace

void find_failure_statuses(Model& m) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      m.inferred[f][i].failures = failures_in(p.files[f]->functions[i]);
}

}  // namespace pagewise
