// Figures for --stats: how much was read, how much failed, where the time went.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pagewise {

struct StageTime {
  std::string stage;  // "discover", "read", "prepass+parse+extract", "link", "rules", "report"
  double seconds = 0;
};

struct RunStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t functions = 0;
  uint64_t functions_tag_scan = 0;             // function bodies a plain tag scan sees, to compare
  uint64_t files_with_parse_errors = 0;        // any ERROR/MISSING node
  std::vector<std::string> parse_error_files;  // their paths, sorted
  uint64_t files_unreadable = 0;               // could not be read, binary, too large, ...
  uint64_t units = 0;
  uint64_t units_skipped = 0;
  unsigned threads = 1;
  std::vector<StageTime> stages;  // wall-clock seconds per stage, in order
  double wall_seconds = 0;
  uint64_t peak_rss_kb = 0;       // the process's peak resident memory
  uint64_t files_not_parsed = 0;  // too large to parse: only preprocessor lines were read
  uint64_t limits_hit = 0;        // inputs cut short by a bound on work (README, "Limits")
  uint64_t files_left_out = 0;    // not read: the run's sources were over --max-total-size
  uint64_t facts_from_cache = 0;  // file variants whose facts came from the on-disk cache
  uint64_t units_from_cache = 0;  // units whose findings came from it (not linked nor checked)
};

}  // namespace pagewise
