// How tool-level events are worded, shared by every output format so they all say the same thing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace pagewise {

// One diagnostic per line: tools split the log on newlines, and a stray escape byte from a
// source file must not drive the user's terminal.
inline std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  return out;
}

inline std::string skipped_unit_message(const Unit& u) {
  std::string text = "skipped " + u.name;
  if (!u.skip_reason.empty()) text += ": " + u.skip_reason;
  return text;
}

inline std::string input_problem_message(const InputProblem& p) {
  return p.path.empty() ? p.message : p.path + ": " + p.message;
}

// "12,345": byte counts people compare by eye.
inline std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// The figures every summary starts from: findings by severity, files and units.
struct ReportTotals {
  size_t by_severity[3] = {0, 0, 0};  // indexed by Severity
  size_t files = 0;                   // distinct files of the analysed units
  size_t analysed = 0, skipped = 0;   // units
  size_t suppressed = 0;              // findings silenced in the source (not in by_severity)
};

inline ReportTotals report_totals(const ReportInput& in) {
  ReportTotals t;
  for (const Finding& f : in.findings)
    if (f.suppressed)
      ++t.suppressed;
    else
      ++t.by_severity[static_cast<size_t>(f.severity)];
  std::set<std::string_view> files;
  for (const Unit& u : in.discovery.units) {
    if (u.skipped) {
      ++t.skipped;
      continue;
    }
    ++t.analysed;
    files.insert(u.files.begin(), u.files.end());
  }
  t.files = files.size();
  return t;
}

}  // namespace pagewise
