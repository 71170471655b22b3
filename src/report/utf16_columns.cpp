#include "report/utf16_columns.hpp"

#include <set>
#include <unordered_map>

#include "report/source_lines.hpp"

namespace pagewise {

namespace {

// A column further right than this is kept as bytes: no real source line is that long, and a
// generated one must not be read whole into memory.
constexpr size_t kMaxLineBytes = size_t{1} << 20;

// The length of the well-formed UTF-8 sequence at `s[i]`, or 0 when it is malformed.
size_t sequence_length(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

const std::string& step_file(const EvidenceStep& step, const Finding& f) {
  return step.file.empty() ? f.file : step.file;
}

}  // namespace

uint32_t utf16_column(std::string_view line, uint32_t byte_col) {
  if (byte_col == 0) return 0;
  size_t end = byte_col - 1;  // bytes before the column
  uint32_t units = 0;
  size_t i = 0;
  while (i < end && i < line.size()) {
    size_t n = sequence_length(line, i);
    units += n == 4 ? 2 : 1;  // a code point past U+FFFF is a surrogate pair
    i += n == 0 ? 1 : n;
  }
  if (i < end) units += static_cast<uint32_t>(end - i);
  return units + 1;
}

Utf16Columns::Utf16Columns(const ReportInput& in) {
  std::map<std::string, std::set<uint32_t>> wanted;
  auto want = [&](const std::string& file, Pos pos) {
    if (pos.line > 0 && pos.col > 1) wanted[file].insert(pos.line);
  };
  for (const Finding& f : in.findings) {
    want(f.file, f.pos);
    for (const EvidenceStep& step : f.evidence) want(step_file(step, f), step.pos);
  }
  std::unordered_map<std::string, std::string> by_display;
  if (in.sources != nullptr)
    for (const auto& [display, path] : *in.sources) by_display.emplace(display, path);
  for (const auto& [display, lines] : wanted) {
    SourceLines read =
        read_source_lines(readable_path(by_display, in.working_dir, display), lines, kMaxLineBytes);
    for (auto& [line_no, text] : read.lines) lines_.emplace(std::pair(display, line_no), text);
  }
}

uint32_t Utf16Columns::column(const std::string& display, Pos pos) const {
  if (pos.line == 0 || pos.col == 0) return 0;
  if (pos.col == 1) return 1;  // nothing before it to count
  auto it = lines_.find({display, pos.line});
  if (it == lines_.end()) return 0;
  return utf16_column(it->second, pos.col);
}

}  // namespace pagewise
