// The few lines of a source file that a report shows around its findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace pagewise {

struct SourceLines {
  bool readable = false;                  // the file could be opened
  std::map<uint32_t, std::string> lines;  // 1-based line number → its bytes, without the newline
};

// Lines past this many bytes are cut (with "…"): a minified or generated line must not swell the
// page.
constexpr size_t kMaxExcerptLineBytes = 400;

// Reads the `wanted` lines (1-based) of the file at `path` and stops after the last of them, so a
// large file costs only the bytes up to its last excerpt. A line ends at '\n'; a '\r' before it is
// dropped. Lines past the end of the file are absent from the result.
SourceLines read_source_lines(const std::string& path, const std::set<uint32_t>& wanted,
                              size_t max_line_bytes = kMaxExcerptLineBytes);

// The path to open for a display path: the one discovery read it by (`by_display`), else the
// display path itself, taken against the working directory when relative.
std::string readable_path(const std::unordered_map<std::string, std::string>& by_display,
                          const std::string& working_dir, const std::string& display);

}  // namespace pagewise
