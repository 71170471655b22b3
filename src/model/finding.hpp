// Finding: what a rule reports, with the evidence that proves it. Renderers print these as they
// are; they never compute analysis facts.
#pragma once

#include <string>
#include <vector>

#include "model/facts.hpp"

namespace pagewise {

enum class Severity : uint8_t { Note = 0, Warning = 1, Error = 2 };

const char* severity_name(Severity s);  // "note", "warning", "error"

// One step of the path that proves a finding: "registered as EvtInterruptDpc", "called from
// NicDpc while holding Adapter->Lock", "placed in PAGE by #pragma alloc_text".
struct EvidenceStep {
  std::string file;  // display path
  Pos pos;
  std::string message;
  // Another place of the same finding (rules report one finding per function and rule, the other
  // sites listed after its evidence path): SARIF gives it as a related location but leaves it out
  // of the code flow, which is the path that proves the finding.
  bool other_site = false;
};

// Where a finding stands against a baseline (`check --baseline`), as SARIF's `baselineState`.
enum class BaselineState : uint8_t {
  None,       // no baseline was given
  New,        // not in the baseline
  Unchanged,  // in the baseline and still found
  Absent,     // in the baseline, not found any more (SARIF only)
};

struct Finding {
  std::string rule_id;  // e.g. "paged-code/missing"
  Severity severity = Severity::Warning;
  std::string file;  // display path (relative to the scanned root)
  Pos pos;
  std::string message;   // what is wrong and what to do
  std::string function;  // the function it is about, if any
  std::string unit;      // the unit (driver) it was found in
  // Where the function's definition starts and where its name is (0: no function): a
  // `pagewise: ignore[...]` comment above the definition or on its lines up to the name silences
  // the rule in the whole function; with `function` they tell the function's sites apart from
  // those of a namesake.
  uint32_t function_line = 0;
  uint32_t function_name_line = 0;
  std::vector<EvidenceStep> evidence;
  // Silenced in the source (`// pagewise: ignore[...]`, a Code Analysis `#pragma warning`): kept
  // so SARIF lists it as suppressed and `--show-suppressed` prints it; never counted.
  bool suppressed = false;
  std::string suppression_reason;
  BaselineState baseline = BaselineState::None;
  std::string fingerprint;  // an Absent finding's fingerprint in the baseline; "" otherwise
};

// A problem is something to fix; advice says what more could be paged (--no-advice leaves it out).
enum class RuleKind : uint8_t { Problem, Advice };

// A check of another tool that looks for the same defect, so teams running both can correlate
// findings (SARIF rule relationships). A row of knowledge/related_checks.
struct RelatedCheck {
  std::string tool;  // "Code Analysis (PREfast for Drivers)"
  std::string id;    // the other tool's id: "C28170", "cpp/drivers/ke-set-event-pageable"
  std::string name;  // its title as its documentation gives it
  std::string url;   // the documentation that states what it checks
  std::string
      relation;  // SARIF relationship kind: "equal", or "superset" when pagewise reports more
};

// Static description of a rule, for `pagewise rules`, SARIF and the docs.
struct RuleInfo {
  std::string id;
  // The rule's number in --format msvc ("PW1001"), for tools that key diagnostics by a code, as
  // Visual Studio's Error List does. Stable like the id, never reused; docs/rules/README.md lists
  // them. Thousands group the families: 1 paged-code, 2 resident, 3 power, 4 init,
  // 5 locked-section, 6 entire-driver, 8 advice.
  uint16_t code = 0;
  Severity severity = Severity::Warning;
  std::string summary;    // one line
  std::string help;       // a few sentences: why it matters and how to fix it
  std::string docs_path;  // "docs/rules/paged-code-missing.md"
  RuleKind kind = RuleKind::Problem;
  std::vector<RelatedCheck> related;  // from knowledge, attached by the rule registry
};

// One finding per function and rule: the findings of a rule in one function (with the same
// suppression state) become the first of them with the highest severity, its message and
// evidence kept, and every other site appended to its evidence as an `other_site` step with that
// site's own message. Findings outside any function stay as they are. Order is kept otherwise.
void merge_sites_per_function(std::vector<Finding>& findings);

// "PW1001" for code 1001: the form --format msvc prints and the docs list.
std::string rule_code(const RuleInfo& rule);

}  // namespace pagewise
