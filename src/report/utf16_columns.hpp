// pagewise's columns count bytes, as compilers print them; SARIF has no byte column kind, so SARIF
// results declare "utf16CodeUnits" (what GitHub and Visual Studio count) and their columns are
// converted here, from the source line the column is on.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "report/report.hpp"

namespace pagewise {

// The 1-based UTF-16 column of the 1-based byte column `byte_col` of `line`. A malformed UTF-8
// byte counts as one unit (the U+FFFD a decoder puts in its place); a column past the line's end
// keeps counting one unit per byte.
uint32_t utf16_column(std::string_view line, uint32_t byte_col);

// The lines of every finding and evidence step of a report, read once, to convert their columns.
class Utf16Columns {
 public:
  explicit Utf16Columns(const ReportInput& in);
  // The UTF-16 column of byte column `pos.col` in `display`'s line `pos.line`; 0 (no column)
  // when that line could not be read, since the byte column may then be wrong in UTF-16 units.
  uint32_t column(const std::string& display, Pos pos) const;

 private:
  std::map<std::pair<std::string, uint32_t>, std::string> lines_;
};

}  // namespace pagewise
