#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "report/report.hpp"

namespace pagewise {
namespace {

RunStats sample_stats() {
  RunStats s;
  s.files = 1234;
  s.bytes = 12'345'678;
  s.lines = 456789;
  s.functions = 9876;
  s.functions_tag_scan = 9900;
  s.files_with_parse_errors = 3;
  s.parse_error_files = {"drv/a.c", "drv/b.cpp", "drv/c.h"};
  s.files_unreadable = 0;
  s.units = 5;
  s.units_skipped = 1;
  s.threads = 2;
  s.stages = {{"discover", 0.0123}, {"prepass+parse+extract", 1.5}, {"rules", 0.25}};
  s.wall_seconds = 1.2345;
  s.peak_rss_kb = 51200;
  s.files_not_parsed = 1;
  return s;
}

TEST(StatsText, AlignedTable) {
  std::ostringstream out;
  write_stats_text(out, sample_stats());
  EXPECT_EQ(out.str(),
            "files                       1234\n"
            "MB                         12.35\n"
            "lines                     456789\n"
            "functions                   9876\n"
            "  a tag scan sees           9900\n"
            "files with parse errors        3\n"
            "files too large to parse       1\n"
            "limits hit                     0\n"
            "files left out                 0\n"
            "unreadable files               0\n"
            "facts from the cache           0\n"
            "units from the cache           0\n"
            "units                          5\n"
            "units skipped                  1\n"
            "threads                        2\n"
            "peak memory MB              50.0\n"
            "seconds (wall clock)\n"
            "  discover                 0.012\n"
            "  prepass+parse+extract    1.500\n"
            "  rules                    0.250\n"
            "  total (wall)             1.234\n"
            "files with parse errors\n"
            "  drv/a.c\n"
            "  drv/b.cpp\n"
            "  drv/c.h\n");
}

// Past twenty files the list says how many more there are; JSON names them all.
TEST(StatsText, LongParseErrorListIsCut) {
  RunStats s;
  for (int i = 0; i < 25; ++i) s.parse_error_files.push_back("f" + std::to_string(100 + i) + ".c");
  std::ostringstream out;
  write_stats_text(out, s);
  std::string text = out.str();
  EXPECT_NE(text.find("\n  f119.c\n  ... and 5 more\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("f120.c"), std::string::npos) << text;
}

TEST(StatsText, SingleThreadNoStages) {
  RunStats s;
  s.wall_seconds = 0.5;
  std::ostringstream out;
  write_stats_text(out, s);
  std::string text = out.str();
  EXPECT_NE(text.find("\nseconds (wall clock)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n  total (wall)            0.500\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace pagewise
