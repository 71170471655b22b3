#include "frontend/lex.hpp"

#include <algorithm>
#include <cstring>

namespace pagewise {

namespace lex {

namespace {

// True when the newline at t[nl] is spliced away by a backslash before it (with an optional
// '\r' of a CRLF line end in between).
bool is_continued(std::string_view t, size_t nl, size_t floor) {
  size_t k = nl;
  if (k > floor && t[k - 1] == '\r') --k;
  return k > floor && t[k - 1] == '\\';
}

}  // namespace

size_t skip_block_comment(std::string_view t, size_t i) {
  size_t close = t.find("*/", i + 2);
  return close == std::string_view::npos ? t.size() : close + 2;
}

size_t skip_line_comment(std::string_view t, size_t i) {
  size_t j = i + 2;
  while (true) {
    size_t nl = t.find('\n', j);
    if (nl == std::string_view::npos) return t.size();
    if (!is_continued(t, nl, i)) return nl;
    j = nl + 1;
  }
}

size_t skip_quoted(std::string_view t, size_t i) {
  const char quote = t[i];
  size_t j = i + 1;
  while (j < t.size()) {
    char c = t[j];
    if (c == quote) return j + 1;
    if (c == '\n') return j;
    if (c == '\\') {
      j += (j + 2 < t.size() && t[j + 1] == '\r' && t[j + 2] == '\n') ? 3 : 2;
      continue;
    }
    ++j;
  }
  return t.size();
}

bool is_raw_string_prefix(std::string_view t, size_t b, size_t i) {
  if (i >= t.size() || t[i] != '"') return false;
  std::string_view id = t.substr(b, i - b);
  return id == "R" || id == "LR" || id == "uR" || id == "UR" || id == "u8R";
}

size_t skip_raw_string(std::string_view t, size_t i) {
  // R"delim( ... )delim": the delimiter has at most 16 characters and no space, parenthesis,
  // backslash or control character.
  size_t j = i + 1;
  while (j < t.size() && j - i - 1 <= 16) {
    char c = t[j];
    if (c == '(') break;
    if (c == ')' || c == '\\' || c == '"' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
        c == '\v' || c == '\f')
      return std::string_view::npos;
    ++j;
  }
  if (j >= t.size() || t[j] != '(') return std::string_view::npos;
  std::string closing = ")";
  closing.append(t.substr(i + 1, j - i - 1));
  closing.push_back('"');
  size_t end = t.find(closing, j + 1);
  return end == std::string_view::npos ? t.size() : end + closing.size();
}

size_t skip_number(std::string_view t, size_t i) {
  size_t j = i + 1;
  while (j < t.size()) {
    unsigned char c = static_cast<unsigned char>(t[j]);
    if (is_ident_char(c) || c == '.') {
      ++j;
    } else if ((c == '+' || c == '-') &&
               (t[j - 1] == 'e' || t[j - 1] == 'E' || t[j - 1] == 'p' || t[j - 1] == 'P')) {
      ++j;
    } else if (c == '\'' && j + 1 < t.size() && is_ident_char(t[j + 1])) {
      j += 2;  // C++14 digit separator
    } else {
      break;
    }
  }
  return j;
}

size_t skip_directive(std::string_view t, size_t i) {
  size_t j = i + 1;
  while (j < t.size()) {
    char c = t[j];
    if (c == '\n') {
      if (!is_continued(t, j, i)) return j;
      ++j;
    } else if (c == '/' && j + 1 < t.size() && t[j + 1] == '*') {
      j = skip_block_comment(t, j);
    } else if (c == '/' && j + 1 < t.size() && t[j + 1] == '/') {
      return skip_line_comment(t, j);
    } else if (c == '"' || c == '\'') {
      j = skip_quoted(t, j);
    } else {
      ++j;
    }
  }
  return t.size();
}

size_t skip_space_and_comments(std::string_view t, size_t i) {
  while (i < t.size()) {
    char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      i = skip_block_comment(t, i);
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
      i = skip_line_comment(t, i);
    } else {
      break;
    }
  }
  return i;
}

Pos LineCounter::at(size_t offset) {
  offset = std::min(offset, text_.size());
  if (offset < offset_) {
    offset_ = 0;
    line_ = 1;
    line_start_ = 0;
  }
  const char* base = text_.data();
  while (offset_ < offset) {
    const void* nl = std::memchr(base + offset_, '\n', offset - offset_);
    if (!nl) break;
    size_t at = static_cast<const char*>(nl) - base;
    ++line_;
    line_start_ = at + 1;
    offset_ = at + 1;
  }
  offset_ = offset;
  return Pos{line_, static_cast<uint32_t>(offset - line_start_ + 1), static_cast<uint32_t>(offset)};
}

}  // namespace lex

}  // namespace pagewise
