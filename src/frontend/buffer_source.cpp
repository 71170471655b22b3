#include "frontend/buffer_source.hpp"

#include <cstring>
#include <filesystem>
#include <system_error>

#include "platform/platform.hpp"

namespace pagewise {

std::string buffer_key(const std::string& path) {
  std::error_code ec;
  std::filesystem::path given = platform::os_path(path);
  std::filesystem::path abs = std::filesystem::absolute(given, ec);
  return platform::utf8((ec ? given : abs).lexically_normal());
}

SourceFile source_from_buffer(const std::string& path, const std::string& text,
                              uint64_t max_parse_bytes) {
  SourceFile f;
  f.path = path;
  f.text = text;
  f.size = text.size();
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    f.problems.push_back("is binary (contains NUL bytes); skipped");
    f.text.clear();
    return f;
  }
  if (f.text.compare(0, 3, "\xEF\xBB\xBF") == 0) f.text.erase(0, 3);
  f.readable = true;
  f.parse = f.size <= max_parse_bytes;
  if (!f.parse)
    f.problems.push_back("is larger than the parse limit: only its preprocessor lines were read");
  return f;
}

}  // namespace pagewise
