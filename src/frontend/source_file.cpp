#include "frontend/source_file.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "platform/platform.hpp"
#include "text/utf.hpp"

namespace pagewise {

namespace {

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

// Windows editors save UTF-16: decoded to UTF-8, line for line, and analysed like any file. False
// (the problem said, the text dropped) when the bytes cannot be decoded.
bool decode_utf16(SourceFile& f) {
  if (utf16_bom(f.text) == Utf16Order::None) return true;
  std::string utf8, error;
  if (!utf16_to_utf8(f.text, utf8, error)) {
    f.problems.push_back(error);
    f.text.clear();
    return false;
  }
  f.text = std::move(utf8);
  f.size = f.text.size();
  return true;
}

}  // namespace

void judge_text(SourceFile& f, uint64_t max_parse_bytes) {
  const std::string& t = f.text;
  if (std::memchr(t.data(), '\0', t.size()) != nullptr) {
    f.problems.push_back("is binary (contains NUL bytes); skipped");
    f.text.clear();
    return;
  }
  // A UTF-8 byte-order mark is not source: compilers skip it, so columns on line 1 count from
  // after it, as theirs do. (Offsets then count from there too; nothing reads the file by them.)
  if (f.text.compare(0, 3, "\xEF\xBB\xBF") == 0) f.text.erase(0, 3);
  f.readable = true;
  if (uint32_t bad = first_invalid_utf8_line(t))
    f.problems.push_back("is not valid UTF-8 (first at line " + std::to_string(bad) +
                         "); analysed as bytes");
  f.parse = f.size <= max_parse_bytes;
  if (!f.parse)
    f.problems.push_back("is " + mib(f.size) + ", larger than the " + mib(max_parse_bytes) +
                         " parse limit: only its preprocessor lines (pragmas, #defines) were read; "
                         "raise the limit with --max-file-size");
}

uint32_t first_invalid_utf8_line(const std::string& text) {
  size_t bad = first_invalid_utf8(text);
  if (bad == std::string::npos) return 0;
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + bad, '\n'));
}

// Reads the file whole, then turns away what is not UTF-8 source, saying why for each case.
SourceFile read_source(const std::string& path, uint64_t max_parse_bytes) {
  SourceFile f;
  f.path = path;
  platform::WholeFile whole = platform::read_whole_file(path);
  switch (whole.status) {
    case platform::WholeFile::Status::ok:
      break;
    case platform::WholeFile::Status::cannot_open:
      f.problems.push_back("cannot be read: " + whole.error);
      return f;
    case platform::WholeFile::Status::not_regular:
      f.problems.push_back("is not a regular file");
      return f;
    case platform::WholeFile::Status::read_failed:
      f.problems.push_back("read failed: " + whole.error);
      return f;
  }
  f.text = std::move(whole.bytes);
  f.size = f.text.size();

  if (!decode_utf16(f)) return f;
  judge_text(f, max_parse_bytes);
  return f;
}

}  // namespace pagewise
