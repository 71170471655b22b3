// UTF-8 repair and HTML escaping for the HTML report.
#include "report/html_text.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pagewise {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i], or 0 when the byte there does not start one.
// Follows the table of well-formed sequences in the Unicode standard (section 3.9), which rules
// out overlong forms, surrogates and code points above U+10FFFF.
size_t sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  unsigned b0 = at(i);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  return len;
}

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
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b == '\f' || b == '\r') {
      out += ' ';
      ++i;
      continue;
    }
    if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F) {
      out += kReplacement;
      ++i;
      continue;
    }
    size_t len = sequence_length(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
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
