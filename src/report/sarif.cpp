// SARIF 2.1.0 for GitHub code scanning and the Visual Studio / VS Code SARIF viewers.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// GitHub's subset:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
#include <cctype>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "report/artifact_path.hpp"
#include "report/fingerprint.hpp"
#include "report/json_document.hpp"
#include "report/report.hpp"
#include "report/wording.hpp"

namespace pagewise {

namespace {

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kRootBaseId = "SRCROOT";
// Versioned so a future change of what the hash covers does not silently re-key every alert.
constexpr std::string_view kFingerprintKey = "pagewise/v1";

// "paged-code/missing" -> "PagedCodeMissing": SARIF's rule name is meant to read as an identifier.
std::string rule_name(std::string_view id) {
  std::string out;
  bool word_start = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      word_start = true;
      continue;
    }
    out += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return out;
}

std::string_view rule_family(std::string_view id) { return id.substr(0, id.find('/')); }

JsonDocument rule_descriptor(const RuleInfo& rule) {
  JsonDocument d;
  d["id"] = rule.id;
  d["name"] = rule_name(rule.id);
  d["shortDescription"]["text"] = rule.summary;
  d["fullDescription"]["text"] = rule.help.empty() ? rule.summary : rule.help;
  std::string help = rule.help.empty() ? rule.summary : rule.help;
  d["help"]["text"] = help;
  d["help"]["markdown"] = rule.docs_path.empty()
                              ? help
                              : help + "\n\n[Rule documentation](" + rule_help_uri(rule) + ")";
  if (!rule.docs_path.empty()) d["helpUri"] = rule_help_uri(rule);
  d["defaultConfiguration"]["level"] = severity_name(rule.severity);
  d["properties"]["tags"] = JsonDocument::array({"kernel-driver", "paging", rule_family(rule.id)});
  return d;
}

JsonDocument artifact_location(const ArtifactPath& artifact) {
  JsonDocument a;
  if (artifact.under_root) {
    a["uri"] = percent_encode_path(artifact.path, false);
    a["uriBaseId"] = kRootBaseId;
  } else {
    a["uri"] = file_uri(artifact.path);
  }
  return a;
}

JsonDocument physical_location(const ArtifactPath& artifact, Pos pos) {
  JsonDocument p;
  p["artifactLocation"] = artifact_location(artifact);
  if (pos.line > 0) {
    p["region"]["startLine"] = pos.line;
    if (pos.col > 0) p["region"]["startColumn"] = pos.col;
  }
  return p;
}

JsonDocument result_location(const ArtifactPath& artifact, const Finding& f) {
  JsonDocument loc;
  loc["physicalLocation"] = physical_location(artifact, f.pos);
  if (!f.function.empty()) {
    loc["logicalLocations"] = JsonDocument::array({{{"name", f.function}, {"kind", "function"}}});
  }
  return loc;
}

// The evidence path twice: as a code flow (viewers step through it) and as related locations
// (GitHub lists them under the alert).
void add_evidence(JsonDocument& result, const Finding& f, const ArtifactRoot& base) {
  if (f.evidence.empty()) return;
  JsonDocument flow_steps = JsonDocument::array();
  JsonDocument related = JsonDocument::array();
  int id = 1;
  for (const EvidenceStep& step : f.evidence) {
    ArtifactPath artifact = locate_artifact(base, step.file.empty() ? f.file : step.file);
    JsonDocument loc;
    loc["physicalLocation"] = physical_location(artifact, step.pos);
    loc["message"]["text"] = step.message;
    JsonDocument flow_step;
    flow_step["location"] = loc;
    flow_steps.push_back(std::move(flow_step));
    JsonDocument rel;
    rel["id"] = id++;
    rel["physicalLocation"] = loc["physicalLocation"];
    rel["message"] = loc["message"];
    related.push_back(std::move(rel));
  }
  JsonDocument thread_flow;
  thread_flow["locations"] = std::move(flow_steps);
  JsonDocument code_flow;
  code_flow["threadFlows"] = JsonDocument::array({thread_flow});
  result["codeFlows"] = JsonDocument::array({code_flow});
  result["relatedLocations"] = std::move(related);
}

// Silenced findings stay in the log, marked (GitHub closes their alerts as dismissed); with a
// --baseline each result says whether it is new, unchanged or gone.
void add_suppression_and_baseline(JsonDocument& result, const Finding& f) {
  if (f.suppressed)
    result["suppressions"] =
        JsonDocument::array({{{"kind", "inSource"}, {"justification", f.suppression_reason}}});
  static constexpr const char* kBaselineState[] = {"", "new", "unchanged", "absent"};
  if (f.baseline != BaselineState::None)
    result["baselineState"] = kBaselineState[static_cast<size_t>(f.baseline)];
}

JsonDocument results(const ReportInput& in, const ArtifactRoot& base) {
  std::map<std::string_view, size_t> rule_index;
  for (size_t i = 0; i < in.rules.size(); ++i) rule_index.emplace(in.rules[i].id, i);

  std::vector<ArtifactPath> artifacts;
  artifacts.reserve(in.findings.size());
  for (const Finding& f : in.findings) artifacts.push_back(locate_artifact(base, f.file));
  std::vector<std::string> fingerprints = finding_fingerprints(in.findings, base);

  JsonDocument out = JsonDocument::array();
  for (size_t i = 0; i < in.findings.size(); ++i) {
    const Finding& f = in.findings[i];
    JsonDocument r;
    r["ruleId"] = f.rule_id;
    // A finding of a rule missing from the catalogue still shows; it just cannot point at it.
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) r["ruleIndex"] = it->second;
    r["level"] = severity_name(f.severity);
    r["message"]["text"] = f.message;
    r["locations"] = JsonDocument::array({result_location(artifacts[i], f)});
    r["partialFingerprints"][std::string(kFingerprintKey)] = fingerprints[i];
    add_evidence(r, f, base);
    add_suppression_and_baseline(r, f);
    if (!f.unit.empty()) r["properties"]["unit"] = f.unit;
    out.push_back(std::move(r));
  }
  return out;
}

JsonDocument notification(std::string_view level, const std::string& text, const ArtifactRoot& base,
                          const std::string& path) {
  JsonDocument n;
  n["level"] = level;
  n["message"]["text"] = text;
  if (!path.empty()) {
    JsonDocument loc;
    loc["physicalLocation"]["artifactLocation"] = artifact_location(locate_artifact(base, path));
    n["locations"] = JsonDocument::array({loc});
  }
  return n;
}

JsonDocument invocation(const ReportInput& in, const ArtifactRoot& base) {
  JsonDocument notes = JsonDocument::array();
  bool fatal = false;
  for (const InputProblem& p : in.discovery.problems) {
    fatal = fatal || p.fatal;
    notes.push_back(
        notification(p.fatal ? "error" : "warning", input_problem_message(p), base, p.path));
  }
  for (const Unit& u : in.discovery.units) {
    if (u.skipped) notes.push_back(notification("note", skipped_unit_message(u), base, u.origin));
  }
  JsonDocument inv;
  // An input that could not be used at all means the analysis did not cover what was asked.
  inv["executionSuccessful"] = !fatal;
  // GitHub turns absolute URIs (files outside SRCROOT) into repository paths against this.
  inv["workingDirectory"]["uri"] = directory_uri(base.working_dir);
  if (!notes.empty()) inv["toolExecutionNotifications"] = std::move(notes);
  return inv;
}

JsonDocument driver(const ReportInput& in) {
  JsonDocument d;
  d["name"] = "pagewise";
  d["version"] = in.tool_version;
  d["semanticVersion"] = in.tool_version;
  d["informationUri"] = kProjectHome;
  JsonDocument rules = JsonDocument::array();
  for (const RuleInfo& rule : in.rules) rules.push_back(rule_descriptor(rule));
  d["rules"] = std::move(rules);
  return d;
}

}  // namespace

ArtifactRoot sarif_source_root(const ReportInput& in) {
  return make_artifact_root(in.discovery.root, in.working_dir);
}

void write_sarif(std::ostream& out, const ReportInput& in) {
  ArtifactRoot base = sarif_source_root(in);

  JsonDocument run;
  run["tool"]["driver"] = driver(in);
  run["originalUriBaseIds"][std::string(kRootBaseId)]["uri"] = directory_uri(base.root);
  run["invocations"] = JsonDocument::array({invocation(in, base)});
  run["results"] = results(in, base);

  JsonDocument log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = JsonDocument::array({run});
  write_json_document(out, log);
}

}  // namespace pagewise
