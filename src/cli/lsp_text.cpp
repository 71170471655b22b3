#include "cli/lsp_text.hpp"

#include <cctype>

#include "report/artifact_path.hpp"
#include "report/utf16_columns.hpp"

namespace pagewise {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string path_to_uri(const std::string& absolute_path) { return file_uri(absolute_path); }

std::string uri_to_path(std::string_view uri) {
  static constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) != kScheme) return "";
  uri.remove_prefix(kScheme.size());
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    int hi = 0, lo = 0;
    if (uri[i] == '%' && i + 2 < uri.size() && (hi = hex_value(uri[i + 1])) >= 0 &&
        (lo = hex_value(uri[i + 2])) >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += uri[i];
    }
  }
  // `/C:/x` (a Windows drive in a URI) is `C:/x`.
  if (out.size() > 2 && out[0] == '/' && std::isalpha(static_cast<unsigned char>(out[1])) &&
      out[2] == ':')
    out.erase(0, 1);
  return out;
}

std::string_view line_of(std::string_view text, uint32_t line) {
  size_t start = 0;
  for (uint32_t l = 1; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return "";
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view s = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

uint32_t lsp_character(std::string_view line_text, uint32_t byte_col) {
  return byte_col == 0 ? 0 : utf16_column(line_text, byte_col) - 1;
}

}  // namespace pagewise
