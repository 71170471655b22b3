// Reading a source file honestly: what could not be read is said, never crashed on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pagewise {

struct SourceFile {
  std::string path;
  std::string text;
  uint64_t size = 0;
  bool readable = false;              // the bytes are in `text` and are text
  bool parse = false;                 // small enough to parse (else only its directives are read)
  std::vector<std::string> problems;  // what a user should know about this file
};

// Files larger than this are not parsed; their preprocessor directives are still read. Parsing
// and extracting a file peaks at about 64 bytes per byte of source (1 GB for 16 MiB), and workers
// parse at most 64 MiB of source at once (file_stage.cpp), so with this default the parse stage
// stays near 4 GB on any number of workers, well inside a 24 GB machine.
constexpr uint64_t kDefaultMaxParseBytes = 16ull << 20;

SourceFile read_source(const std::string& path, uint64_t max_parse_bytes = kDefaultMaxParseBytes);

// Judges the UTF-8 text in `f.text` as source: binary text is dropped, a UTF-8 byte-order mark
// skipped, bytes that are not UTF-8 and a size over the parse limit said; sets readable and parse.
void judge_text(SourceFile& f, uint64_t max_parse_bytes);

// The first line with bytes that are not UTF-8, or 0 when the text is valid UTF-8.
uint32_t first_invalid_utf8_line(const std::string& text);

}  // namespace pagewise
