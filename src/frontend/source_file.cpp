#include "frontend/source_file.hpp"

#include <cstdio>
#include <cstring>

#include "platform/platform.hpp"

namespace pagewise {

namespace {

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

}  // namespace

uint32_t first_invalid_utf8_line(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  uint32_t line = 1;
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '\n') ++line;
      ++i;
      continue;
    }
    size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (len == 0 || i + len > n) return line;
    for (size_t k = 1; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return line;
    i += len;
  }
  return 0;
}

// Long: reads the file whole, then turns away what is not UTF-8 source, saying why for each case.
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

  const std::string& t = f.text;
  if (t.size() >= 2 &&
      ((static_cast<unsigned char>(t[0]) == 0xFF && static_cast<unsigned char>(t[1]) == 0xFE) ||
       (static_cast<unsigned char>(t[0]) == 0xFE && static_cast<unsigned char>(t[1]) == 0xFF))) {
    f.problems.push_back(
        "is UTF-16 text; pagewise reads UTF-8 (convert it, e.g. with iconv); skipped");
    f.text.clear();
    return f;
  }
  if (std::memchr(t.data(), '\0', t.size()) != nullptr) {
    f.problems.push_back("is binary (contains NUL bytes); skipped");
    f.text.clear();
    return f;
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
  return f;
}

}  // namespace pagewise
