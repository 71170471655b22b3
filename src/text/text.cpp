#include "text/text.hpp"

namespace pagewise {

std::string_view trim_front(std::string_view s, std::string_view chars) {
  size_t first = s.find_first_not_of(chars);
  return s.substr(first == std::string_view::npos ? s.size() : first);
}

std::string_view trim_back(std::string_view s, std::string_view chars) {
  size_t last = s.find_last_not_of(chars);
  return s.substr(0, last == std::string_view::npos ? 0 : last + 1);
}

std::string_view trim(std::string_view s, std::string_view chars) {
  return trim_back(trim_front(s, chars), chars);
}

namespace {

// The value of a digit in bases up to 16; 16 (no base has it) for anything else.
unsigned digit_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return 16;
}

bool is_suffix_char(char c) {
  return c == 'u' || c == 'U' || c == 'l' || c == 'L' || c == 'i' || c == 'I' ||
         (c >= '0' && c <= '9');
}

}  // namespace

std::string squeeze(std::string_view s) {
  // Called on every condition and argument the analysis reads: one pass, one allocation, and no
  // search of kWhiteSpace per character (the same six characters, written out).
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') out.push_back(c);
  return out;
}

std::optional<uint64_t> digits_value(std::string_view digits, unsigned base) {
  if (digits.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    unsigned d = digit_value(c);
    if (d >= base) return std::nullopt;
    value = value * base + d;
  }
  return value;
}

std::optional<uint64_t> integer_literal(std::string_view s) {
  unsigned base = 10;
  size_t i = 0;
  if (s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  } else if (s.size() > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    i = 2;
  } else if (!s.empty() && s[0] == '0') {
    base = 8;  // the leading 0 is a digit too: "0" alone is an octal zero
  }
  uint64_t value = 0;
  size_t digits = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '\'') continue;
    unsigned d = digit_value(s[i]);
    if (d >= base) break;
    value = value * base + d;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  // A suffix starts with a letter: a digit here is one the base does not have.
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') return std::nullopt;
  for (; i < s.size(); ++i)
    if (!is_suffix_char(s[i])) return std::nullopt;
  return value;
}

}  // namespace pagewise
