// Text output in the form compilers print, so editors, terminals and CI logs turn each location
// into a link and existing problem matchers pick the lines up.
#include <cstddef>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "report/report.hpp"
#include "report/wording.hpp"

namespace pagewise {

namespace {

// clang's choices: bold location and message, red errors, magenta warnings, cyan notes.
struct Palette {
  const char* bold;
  const char* error;
  const char* warning;
  const char* note;
  const char* reset;
};
constexpr Palette kAnsi{"\x1b[1m", "\x1b[1;31m", "\x1b[1;35m", "\x1b[1;36m", "\x1b[0m"};
constexpr Palette kPlain{"", "", "", "", ""};

const char* severity_colour(const Palette& p, Severity s) {
  switch (s) {
    case Severity::Error:
      return p.error;
    case Severity::Warning:
      return p.warning;
    case Severity::Note:
      return p.note;
  }
  return p.warning;
}

// "file:line:col:" or less when the position is unknown (line 0, column 0).
std::string location(std::string_view file, Pos pos) {
  std::string out = one_line(file);
  if (pos.line > 0) {
    out += ':' + std::to_string(pos.line);
    if (pos.col > 0) out += ':' + std::to_string(pos.col);
  }
  out += ':';
  return out;
}

void write_finding(std::ostream& out, const Finding& f, const Palette& p) {
  out << p.bold << location(f.file, f.pos) << p.reset << ' ' << severity_colour(p, f.severity)
      << severity_name(f.severity) << ':' << p.reset << ' ' << p.bold << one_line(f.message) << " ["
      << f.rule_id << ']' << p.reset;
  if (f.suppressed) out << " (suppressed: " << one_line(f.suppression_reason) << ')';
  out << '\n';
  for (const EvidenceStep& step : f.evidence) {
    // A step without a file of its own is in the finding's file.
    std::string_view file =
        step.file.empty() ? std::string_view(f.file) : std::string_view(step.file);
    out << "    " << p.bold << location(file, step.pos) << p.reset << ' ' << p.note
        << "note:" << p.reset << ' ' << one_line(step.message) << '\n';
  }
}

// Tool-level lines carry the tool's name, as `clang: error:` does, so they never read as one more
// note of the finding above.
void write_tool_line(std::ostream& out, const Palette& p, Severity s, std::string_view text) {
  out << p.bold << "pagewise:" << p.reset << ' ' << severity_colour(p, s) << severity_name(s) << ':'
      << p.reset << ' ' << one_line(text) << '\n';
}

std::string counted(size_t n, std::string_view noun) {
  std::string out = std::to_string(n) + ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

std::string summary_line(const ReportInput& in) {
  ReportTotals t = report_totals(in);
  const size_t* by_severity = t.by_severity;

  std::string line =
      in.findings.empty()
          ? std::string("no findings")
          : counted(by_severity[static_cast<size_t>(Severity::Error)], "error") + ", " +
                counted(by_severity[static_cast<size_t>(Severity::Warning)], "warning") + ", " +
                counted(by_severity[static_cast<size_t>(Severity::Note)], "note");
  line += " in " + counted(t.files, "file") + " (" + counted(t.analysed, "unit");
  if (t.skipped > 0) line += ", " + std::to_string(t.skipped) + " skipped";
  line += ')';
  if (t.suppressed > 0) line += "; " + std::to_string(t.suppressed) + " suppressed";
  if (in.hidden_suppressed > 0)
    line += "; " + std::to_string(in.hidden_suppressed) + " suppressed (--show-suppressed)";
  if (in.hidden_in_baseline > 0)
    line += "; " + std::to_string(in.hidden_in_baseline) + " in the baseline";
  if (!in.discovery.problems.empty())
    line += "; " + counted(in.discovery.problems.size(), "input problem");
  return line;
}

}  // namespace

void write_text(std::ostream& out, const ReportInput& in, bool color) {
  const Palette& p = color ? kAnsi : kPlain;
  for (const Finding& f : in.findings) write_finding(out, f, p);
  for (const Unit& u : in.discovery.units) {
    if (!u.skipped) continue;
    write_tool_line(out, p, Severity::Note, skipped_unit_message(u));
  }
  for (const InputProblem& problem : in.discovery.problems) {
    write_tool_line(out, p, problem.fatal ? Severity::Error : Severity::Warning,
                    input_problem_message(problem));
  }
  out << summary_line(in) << '\n';
}

}  // namespace pagewise
