#include "frontend/buffer_source.hpp"

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
  judge_text(f, max_parse_bytes);
  return f;
}

}  // namespace pagewise
