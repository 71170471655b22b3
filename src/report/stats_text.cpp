// --stats for people: what was read, what failed, where the time went, in one aligned table.
#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "report/report.hpp"

namespace pagewise {

namespace {

struct StatsRow {
  std::string label;
  std::string value;  // empty for a heading
};

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::vector<StatsRow> stats_rows(const RunStats& s) {
  std::vector<StatsRow> rows = {
      {"files", std::to_string(s.files)},
      {"MB", fixed(static_cast<double>(s.bytes) / 1e6, 2)},
      {"lines", std::to_string(s.lines)},
      {"functions", std::to_string(s.functions)},
      {"  a tag scan sees", std::to_string(s.functions_tag_scan)},
      {"files with parse errors", std::to_string(s.files_with_parse_errors)},
      {"files too large to parse", std::to_string(s.files_not_parsed)},
      {"limits hit", std::to_string(s.limits_hit)},
      {"files left out", std::to_string(s.files_left_out)},
      {"unreadable files", std::to_string(s.files_unreadable)},
      {"facts from the cache", std::to_string(s.facts_from_cache)},
      {"units from the cache", std::to_string(s.units_from_cache)},
      {"units", std::to_string(s.units)},
      {"units skipped", std::to_string(s.units_skipped)},
      {"threads", std::to_string(s.threads)},
      {"peak memory MB", fixed(static_cast<double>(s.peak_rss_kb) / 1024.0, 1)},
  };
  // Each stage is timed on the wall clock, parallel stages included, so the stages add up to the
  // total.
  rows.push_back({"seconds (wall clock)", ""});
  for (const StageTime& t : s.stages) rows.push_back({"  " + t.stage, fixed(t.seconds, 3)});
  rows.push_back({"  total (wall)", fixed(s.wall_seconds, 3)});
  if (!s.parse_error_files.empty()) {
    // The files to look at first when functions are missing; a long list is cut, JSON has it all.
    rows.push_back({"files with parse errors", ""});
    constexpr size_t kListed = 20;
    for (size_t i = 0; i < s.parse_error_files.size() && i < kListed; ++i)
      rows.push_back({"  " + s.parse_error_files[i], ""});
    if (s.parse_error_files.size() > kListed)
      rows.push_back(
          {"  ... and " + std::to_string(s.parse_error_files.size() - kListed) + " more", ""});
  }
  return rows;
}

}  // namespace

void write_stats_text(std::ostream& out, const RunStats& stats) {
  std::vector<StatsRow> rows = stats_rows(stats);
  size_t label_width = 0;
  size_t value_width = 0;
  for (const StatsRow& r : rows) {
    if (!r.value.empty()) label_width = std::max(label_width, r.label.size());
    value_width = std::max(value_width, r.value.size());
  }
  for (const StatsRow& r : rows) {
    if (r.value.empty()) {
      out << r.label << '\n';
      continue;
    }
    out << r.label << std::string(label_width - r.label.size(), ' ') << "  "
        << std::string(value_width - r.value.size(), ' ') << r.value << '\n';
  }
}

}  // namespace pagewise
