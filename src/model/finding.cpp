#include "model/finding.hpp"

#include <cstdio>

namespace pagewise {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "warning";
}

std::string rule_code(const RuleInfo& rule) {
  char text[16];
  std::snprintf(text, sizeof text, "PW%04u", static_cast<unsigned>(rule.code));
  return text;
}

}  // namespace pagewise
