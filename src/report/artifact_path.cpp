#include "report/artifact_path.hpp"

#include <system_error>

#include "platform/platform.hpp"

namespace pagewise {

namespace fs = std::filesystem;

namespace {

fs::path current_dir() {
  std::error_code ec;
  fs::path p = fs::current_path(ec);
  return ec ? fs::path("/") : p;
}

// "/a/b/" and "/a/b" name the same directory; keeping one spelling keeps relative paths short.
fs::path without_trailing_separator(fs::path p) {
  p = p.lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

fs::path absolute_from(const fs::path& base, const fs::path& p) {
  if (p.is_absolute()) return without_trailing_separator(p);
  return without_trailing_separator(base / p);
}

bool is_within(const fs::path& p, const fs::path& dir) {
  fs::path rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

ArtifactRoot make_artifact_root(const std::string& source_root, const std::string& working_dir) {
  ArtifactRoot base;
  base.working_dir = working_dir.empty()
                         ? current_dir()
                         : without_trailing_separator(platform::os_path(working_dir));
  if (!base.working_dir.is_absolute()) {
    base.working_dir = absolute_from(current_dir(), base.working_dir);
  }
  base.root = source_root.empty() ? base.working_dir
                                  : absolute_from(base.working_dir, platform::os_path(source_root));
  return base;
}

ArtifactPath locate_artifact(const ArtifactRoot& base, std::string_view display_path) {
  fs::path absolute = absolute_from(base.working_dir, platform::os_path(display_path));
  fs::path relative = absolute.lexically_relative(base.root);
  ArtifactPath out;
  out.under_root = is_within(absolute, base.root) && relative != ".";
  out.path = platform::generic_utf8(out.under_root ? relative : absolute);
  return out;
}

std::string percent_encode_path(std::string_view path, bool keep_colon) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || c == '/' || (keep_colon && c == ':')) {
      out += ch;
    } else if (c == '\\') {
      out += '/';  // a Windows separator is a path separator, never part of a name
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string file_uri(std::string_view absolute_path) {
  std::string encoded = percent_encode_path(absolute_path, true);
  // "C:/x" has no leading slash; a file URI's path always starts with one.
  if (encoded.empty() || encoded.front() != '/') encoded.insert(encoded.begin(), '/');
  return "file://" + encoded;
}

std::string directory_uri(const std::filesystem::path& dir) {
  std::string uri = file_uri(platform::generic_utf8(dir));
  if (uri.back() != '/') uri += '/';
  return uri;
}

}  // namespace pagewise
