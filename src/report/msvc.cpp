// MSVC form: `file(line,col): error PW1001: message [rule-id]`, the canonical message format
// MSBuild recognises in a tool's output, so Visual Studio's Error List, MSBuild logs and Azure
// Pipelines link each finding to its line.
// https://learn.microsoft.com/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "report/report.hpp"
#include "report/wording.hpp"

namespace pagewise {

namespace {

// "file(line,col)", "file(line)" or "file" when the position is unknown.
std::string origin(std::string_view file, Pos pos) {
  std::string out = one_line(file);
  if (pos.line > 0) {
    out += '(' + std::to_string(pos.line);
    if (pos.col > 0) out += ',' + std::to_string(pos.col);
    out += ')';
  }
  return out;
}

void write_finding(std::ostream& out, const Finding& f, const std::string& code) {
  out << origin(f.file, f.pos) << ": " << severity_name(f.severity);
  if (!code.empty()) out << ' ' << code;
  out << ": " << one_line(f.message) << " [" << f.rule_id << "]\n";
  for (const EvidenceStep& step : f.evidence) {
    // A step without a file of its own is in the finding's file.
    std::string_view file =
        step.file.empty() ? std::string_view(f.file) : std::string_view(step.file);
    out << origin(file, step.pos) << ": note: " << one_line(step.message) << '\n';
  }
}

// Tool-level lines name the tool as their origin, which MSBuild also reads as a diagnostic.
void write_tool_line(std::ostream& out, Severity s, std::string_view text) {
  out << "pagewise : " << severity_name(s) << ": " << one_line(text) << '\n';
}

}  // namespace

void write_msvc(std::ostream& out, const ReportInput& in) {
  std::map<std::string_view, std::string> codes;
  for (const RuleInfo& rule : in.rules) codes.emplace(rule.id, rule_code(rule));
  for (const Finding& f : in.findings) {
    // A finding of a rule missing from the catalogue still shows, without a code.
    auto it = codes.find(f.rule_id);
    write_finding(out, f, it == codes.end() ? std::string() : it->second);
  }
  for (const Unit& u : in.discovery.units)
    if (u.skipped) write_tool_line(out, Severity::Note, skipped_unit_message(u));
  for (const InputProblem& problem : in.discovery.problems)
    write_tool_line(out, problem.fatal ? Severity::Error : Severity::Warning,
                    input_problem_message(problem));
}

}  // namespace pagewise
