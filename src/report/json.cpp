// pagewise's own JSON for scripts: the findings and the discovery as they are, with names that
// match the structs, and no SARIF indirection (rule indices, URI base ids) to unpick.
#include <ostream>
#include <string>

#include "report/json_document.hpp"
#include "report/report.hpp"

namespace pagewise {

namespace {

const char* unit_kind_name(UnitKind k) {
  switch (k) {
    case UnitKind::VcxProj:
      return "vcxproj";
    case UnitKind::Sources:
      return "sources";
    case UnitKind::Folder:
      return "folder";
  }
  return "folder";
}

JsonDocument evidence_step(const EvidenceStep& step, const Finding& f) {
  JsonDocument s;
  // A step without a file of its own is in the finding's file; scripts should not have to know.
  s["file"] = step.file.empty() ? f.file : step.file;
  s["line"] = step.pos.line;
  s["column"] = step.pos.col;
  s["message"] = step.message;
  if (step.other_site) s["other_site"] = true;  // another place of the finding, not a path step
  return s;
}

JsonDocument finding(const Finding& f) {
  JsonDocument j;
  j["rule"] = f.rule_id;
  j["severity"] = severity_name(f.severity);
  j["file"] = f.file;
  j["line"] = f.pos.line;
  j["column"] = f.pos.col;
  j["message"] = f.message;
  j["function"] = f.function;
  j["unit"] = f.unit;
  JsonDocument evidence = JsonDocument::array();
  for (const EvidenceStep& step : f.evidence) evidence.push_back(evidence_step(step, f));
  j["evidence"] = std::move(evidence);
  if (f.suppressed) {
    j["suppressed"] = true;
    j["suppression_reason"] = f.suppression_reason;
  }
  return j;
}

JsonDocument unit(const Unit& u) {
  JsonDocument j;
  j["name"] = u.name;
  j["kind"] = unit_kind_name(u.kind);
  j["origin"] = u.origin;
  j["files"] = u.files;
  j["skipped"] = u.skipped;
  j["skip_reason"] = u.skip_reason;
  // What decided the unit's #if branches, besides the kernel-mode facts and -D/-U.
  j["configuration"] = u.configuration;
  j["defines"] = u.defines;
  j["undefines"] = u.undefines;
  return j;
}

JsonDocument problem(const InputProblem& p) {
  JsonDocument j;
  j["path"] = p.path;
  j["message"] = p.message;
  j["fatal"] = p.fatal;
  j["unread"] = p.unread;  // a file left out: --fail-on-input-problems exits 2
  return j;
}

JsonDocument stats(const RunStats& s) {
  JsonDocument j;
  j["files"] = s.files;
  j["bytes"] = s.bytes;
  j["lines"] = s.lines;
  j["functions"] = s.functions;
  j["functions_tag_scan"] = s.functions_tag_scan;
  j["files_with_parse_errors"] = s.files_with_parse_errors;
  j["parse_error_files"] = s.parse_error_files;
  j["files_unreadable"] = s.files_unreadable;
  j["files_not_parsed"] = s.files_not_parsed;
  j["limits_hit"] = s.limits_hit;
  j["files_left_out"] = s.files_left_out;
  j["facts_from_cache"] = s.facts_from_cache;
  j["units_from_cache"] = s.units_from_cache;
  j["units"] = s.units;
  j["units_skipped"] = s.units_skipped;
  j["threads"] = s.threads;
  j["wall_seconds"] = s.wall_seconds;
  j["peak_rss_kb"] = s.peak_rss_kb;
  JsonDocument stages = JsonDocument::array();
  for (const StageTime& t : s.stages) {
    JsonDocument stage;
    stage["stage"] = t.stage;
    stage["seconds"] = t.seconds;
    stages.push_back(std::move(stage));
  }
  j["stages"] = std::move(stages);
  return j;
}

}  // namespace

void write_json(std::ostream& out, const ReportInput& in) {
  JsonDocument doc;
  doc["version"] = in.tool_version;
  doc["root"] = in.discovery.root;
  JsonDocument findings = JsonDocument::array();
  for (const Finding& f : in.findings) findings.push_back(finding(f));
  doc["findings"] = std::move(findings);
  JsonDocument units = JsonDocument::array();
  for (const Unit& u : in.discovery.units) units.push_back(unit(u));
  doc["units"] = std::move(units);
  JsonDocument problems = JsonDocument::array();
  for (const InputProblem& p : in.discovery.problems) problems.push_back(problem(p));
  doc["problems"] = std::move(problems);
  if (in.stats != nullptr) doc["stats"] = stats(*in.stats);
  write_json_document(out, doc);
}

}  // namespace pagewise
