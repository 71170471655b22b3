// `check --baseline OLD.sarif`: the findings of an earlier run, read from its SARIF log, so only
// new ones are reported. Findings are matched by the SARIF `partialFingerprints` pagewise writes
// (report/fingerprint.hpp: rule, file relative to the source root, function and message with
// numbers masked, so code that merely moves keeps its identity).
#pragma once

#include <string>
#include <vector>

#include "model/finding.hpp"
#include "report/artifact_path.hpp"

namespace pagewise {

// One result of the baseline log.
struct BaselineResult {
  std::string fingerprint;  // partialFingerprints["pagewise/v1"]
  std::string rule_id, level, message;
  std::string file;  // absolute, or relative to the current folder
  Pos pos;
};

// Reads `path`. False, with `error` saying what is wrong, when it cannot be read or is not a
// SARIF log with pagewise's fingerprints.
bool read_baseline(const std::string& path, std::vector<BaselineResult>& out, std::string& error);

// Marks each finding New or Unchanged, and appends the baseline's results found no more as Absent
// findings (carrying their baseline fingerprint).
void apply_baseline(std::vector<Finding>& findings, const std::vector<BaselineResult>& baseline,
                    const ArtifactRoot& base);

// A finding the user still has to hear about: not silenced in the source, not in the baseline.
bool counts(const Finding& f);

// What text, JSON, HTML (and the MSVC form) print: neither Absent nor Unchanged findings, and
// silenced ones only with --show-suppressed; counts what it leaves out. SARIF gets everything.
std::vector<Finding> findings_to_show(const std::vector<Finding>& findings, bool show_suppressed,
                                      size_t& hidden_suppressed, size_t& hidden_in_baseline);

}  // namespace pagewise
