// UTF-8 repair and HTML escaping for the HTML report.
#include "report/html_text.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "text/utf.hpp"

namespace pagewise {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
  }
}

}  // namespace

std::string valid_utf8(std::string_view s) {
  std::string text = repair_utf8(s);
  // Control characters are ASCII, so they are never part of a longer sequence: replaced after.
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto b = static_cast<unsigned char>(c);
    if (b == '\f' || b == '\r')
      out += ' ';
    else if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F)
      out += kReplacement;
    else
      out += c;
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string text = valid_utf8(s);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) append_escaped(out, c);
  return out;
}

std::string html_message(std::string_view s) {
  if (std::count(s.begin(), s.end(), '`') % 2 != 0) return html_escape(s);
  std::string out;
  bool in_code = false;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != '`') continue;
    out += html_escape(s.substr(start, i - start));
    if (i < s.size()) out += in_code ? "</code>" : "<code>";
    in_code = !in_code;
    start = i + 1;
  }
  return out;
}

}  // namespace pagewise
