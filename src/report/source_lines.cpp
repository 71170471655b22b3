// Reading excerpt lines without loading whole files.
#include "report/source_lines.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <streambuf>

#include "platform/platform.hpp"
#include "text/utf.hpp"

namespace pagewise {

namespace {

// Cuts `line` to at most `max_bytes`, backing off to the start of a UTF-8 sequence so the cut
// leaves no half character, and marks the cut.
void cut_long_line(std::string& line, size_t max_bytes) {
  if (line.size() <= max_bytes) return;
  size_t end = max_bytes;
  for (int k = 0; k < 3 && end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80; ++k)
    --end;
  line.resize(end);
  line += "\xE2\x80\xA6";  // …
}

// The lines of `wanted` that `buf` holds.
void pick_lines(std::streambuf* buf, const std::set<uint32_t>& wanted, size_t max_line_bytes,
                SourceLines& result) {
  const uint32_t last = *wanted.rbegin();
  uint32_t line_no = 1;
  std::string line;
  bool keep = wanted.count(line_no) != 0;
  // One byte at a time through the stream's buffer: a line is kept only up to the cut, so a file
  // that is one enormous line costs no more memory than a short one.
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    if (c != '\n') {
      if (keep && line.size() <= max_line_bytes) line.push_back(static_cast<char>(c));
      continue;
    }
    if (keep) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      cut_long_line(line, max_line_bytes);
      result.lines.emplace(line_no, std::move(line));
      line.clear();
    }
    if (line_no == last) return;
    ++line_no;
    keep = wanted.count(line_no) != 0;
  }
  // The last line of a file need not end with a newline; an empty remainder is no line at all.
  if (keep && !line.empty()) {
    if (line.back() == '\r') line.pop_back();
    cut_long_line(line, max_line_bytes);
    result.lines.emplace(line_no, std::move(line));
  }
}

}  // namespace

SourceLines read_source_lines(const std::string& path, const std::set<uint32_t>& wanted,
                              size_t max_line_bytes) {
  SourceLines result;
  std::ifstream in(platform::os_path(path), std::ios::binary);
  if (!in) return result;
  result.readable = true;
  if (wanted.empty()) return result;
  // A UTF-16 file is shown as the analysis read it: decoded whole to UTF-8, same lines.
  char bom[2] = {};
  in.read(bom, 2);
  if (utf16_bom(std::string_view(bom, static_cast<size_t>(in.gcount()))) != Utf16Order::None) {
    std::string bytes(bom, 2), text, error;
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!utf16_to_utf8(bytes, text, error)) return result;
    std::stringbuf decoded(text, std::ios::in);
    pick_lines(&decoded, wanted, max_line_bytes, result);
    return result;
  }
  in.clear();
  in.seekg(0);
  pick_lines(in.rdbuf(), wanted, max_line_bytes, result);
  return result;
}

std::string readable_path(const std::unordered_map<std::string, std::string>& by_display,
                          const std::string& working_dir, const std::string& display) {
  auto it = by_display.find(display);
  if (it != by_display.end()) return it->second;
  if (working_dir.empty() || display.empty() || display.front() == '/') return display;
  return working_dir + "/" + display;
}

}  // namespace pagewise
