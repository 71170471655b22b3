// Renderers: Findings as compiler-style text, SARIF 2.1.0, plain JSON and an HTML page. A renderer
// prints what the rules decided; it never computes analysis facts.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/finding.hpp"
#include "model/sizes.hpp"
#include "model/stats.hpp"
#include "model/unit.hpp"
#include "report/artifact_path.hpp"

namespace pagewise {

struct ReportInput {
  const std::vector<Finding>& findings;  // already sorted by file, line, col, rule
  const std::vector<RuleInfo>& rules;    // the whole catalogue
  const Discovery& discovery;            // root (absolute dir), units, input problems
  const RunStats* stats = nullptr;       // non-null when --stats was asked
  std::string tool_version;              // "0.1.0"
  // Directory that relative display paths start from; empty means the process's current
  // directory. SARIF needs it to turn a display path into one relative to the root.
  std::string working_dir;
  // HTML only. Code sizes per unit, now and after the advice; null or empty: the page says they
  // are not available.
  const std::vector<UnitSizes>* sizes = nullptr;
  // HTML and SARIF. Where to read the source lines shown around findings (SARIF: to count their
  // columns in UTF-16 code units): display path → the path discovery read the file by. A display
  // path not listed is read as it is (relative to working_dir).
  const std::vector<std::pair<std::string, std::string>>* sources = nullptr;
  // Text summary only: findings left out of `findings` because they are silenced in the source
  // (without --show-suppressed) or already in the --baseline.
  size_t hidden_suppressed = 0;
  size_t hidden_in_baseline = 0;
  // SARIF only (--sarif-category): run.automationDetails.id, so code scanning keeps the alerts of
  // several analyses of one commit apart. Empty: none.
  std::string sarif_category;
};

// Compiler form: `path:line:col: severity: message [rule-id]`, evidence as indented notes, then
// skipped units, input problems and one summary line. ANSI colours only when `color`.
void write_text(std::ostream& out, const ReportInput& in, bool color);

// pagewise's home page, and the page of a rule's documentation there: absolute, because GitHub
// rejects relative help URIs in SARIF and editors open them as links.
extern const std::string_view kProjectHome;
std::string rule_help_uri(const RuleInfo& rule);
// MSVC form for Visual Studio and MSBuild: `file(line,col): error PW1001: message [rule-id]`,
// evidence as `file(line,col): note: ...` lines, then skipped units and input problems as
// `pagewise : warning: ...` lines. No summary line: every line is a diagnostic.
void write_msvc(std::ostream& out, const ReportInput& in);

// SARIF 2.1.0, one run, pretty-printed with two spaces.
void write_sarif(std::ostream& out, const ReportInput& in);

// The SRCROOT write_sarif uses; fingerprints hold paths relative to it, so a --baseline is matched
// against the same root.
ArtifactRoot sarif_source_root(const ReportInput& in);

// pagewise's own JSON, for scripts.
void write_json(std::ostream& out, const ReportInput& in);

// One self-contained HTML page (inline style and script, nothing fetched): totals, code sizes per
// unit, the findings with their source lines and evidence paths, filterable by rule, severity and
// file.
void write_html(std::ostream& out, const ReportInput& in);

// --stats as a small aligned table (the CLI prints it to stderr after text output).
void write_stats_text(std::ostream& out, const RunStats& stats);

}  // namespace pagewise
