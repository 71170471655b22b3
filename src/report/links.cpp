#include "report/report.hpp"

namespace pagewise {

// The one place the project's home is named.
const std::string_view kProjectHome = "https://github.com/pagewise/pagewise";

std::string rule_help_uri(const RuleInfo& rule) {
  return std::string(kProjectHome) + "/blob/main/" + rule.docs_path;
}

}  // namespace pagewise
