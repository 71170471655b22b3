#include "cli/lsp_transport.hpp"

#include <cctype>

#include "text/text.hpp"

namespace pagewise {

namespace {

// Header lines end with CRLF; a bare LF is accepted too, as lenient servers do.
bool read_header_line(std::istream& in, std::string& line) {
  line.clear();
  char c = 0;
  while (in.get(c)) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    if (line.size() > 4096) return false;  // no header is that long
    line += c;
  }
  return false;
}

std::optional<size_t> content_length(const std::string& line) {
  size_t colon = line.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string name = line.substr(0, colon);
  for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (name != "content-length") return std::nullopt;
  std::string_view value = trim_back(trim_front(std::string_view(line).substr(colon + 1)));
  if (value.empty() || value.size() > 12) return std::nullopt;
  size_t n = 0;
  for (char ch : value) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    n = n * 10 + static_cast<size_t>(ch - '0');
  }
  return n;
}

}  // namespace

LspRead read_lsp_message(std::istream& in) {
  LspRead r;
  std::optional<size_t> length;
  std::string line;
  bool any = false;
  while (true) {
    if (!read_header_line(in, line)) {
      if (!any && line.empty() && in.eof())
        r.end = true;
      else
        r.error = "the input ended or broke inside a message header";
      return r;
    }
    if (line.empty()) break;
    any = true;
    if (auto n = content_length(line)) length = n;
  }
  if (!length) {
    r.error = "a message header without a valid Content-Length";
    return r;
  }
  if (*length > kMaxLspMessageBytes) {
    r.error = "a message of " + std::to_string(*length) + " bytes, over the limit";
    return r;
  }
  std::string body(*length, '\0');
  if (!in.read(body.data(), static_cast<std::streamsize>(body.size()))) {
    r.error = "the input ended inside a message";
    return r;
  }
  r.body = std::move(body);
  return r;
}

void write_lsp_message(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace pagewise
