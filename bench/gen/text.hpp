// Text building blocks of the corpus generator: string helpers, the seeded random source and the
// line-counting code writer.
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace pwgen {

inline void append_one(std::string& s, std::string_view v) { s += v; }
template <std::integral I>
inline void append_one(std::string& s, I v) {
  s += std::to_string(v);
}
template <typename... A>
inline std::string cat(const A&... a) {
  std::string s;
  (append_one(s, a), ...);
  return s;
}

inline std::string hex(unsigned v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%X", v);
  return buf;
}

inline std::string upper(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    // CamelCase → CAMEL_CASE, the way driver headers spell their macros.
    if (i > 0 && c >= 'A' && c <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z') out += '_';
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// splitmix64: tiny and the same on every platform and standard library, unlike the std
// distributions, so a seed names one corpus everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for a corpus; n > 0.
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1)));
  }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  template <typename C>
  const auto& pick(const C& c) {
    return c[below(std::size(c))];
  }

 private:
  uint64_t state_;
};

// Draws `n` distinct entries of a word list, in a random order.
template <typename C>
std::vector<std::string> pick_distinct(Rng& rng, const C& words, size_t n) {
  std::vector<std::string> all(std::begin(words), std::end(words));
  n = std::min(n, all.size());
  for (size_t i = 0; i < n; ++i) std::swap(all[i], all[i + rng.below(all.size() - i)]);
  all.resize(n);
  return all;
}

// Text with an indentation level and a line count (the corpus size is measured in lines).
class Code {
 public:
  explicit Code(int indent = 0) : indent_(indent) {}
  void line(std::string_view s) {
    if (!s.empty()) text_.append(static_cast<size_t>(indent_) * 4, ' ');
    text_ += s;
    text_ += '\n';
    ++lines_;
  }
  void blank() { line(""); }
  void in() { ++indent_; }
  void out() { --indent_; }
  // Lines that keep their own indentation: preprocessor directives, labels.
  void flush_left(std::string_view s) {
    text_ += s;
    text_ += '\n';
    ++lines_;
  }
  void append(const Code& other) {
    text_ += other.text_;
    lines_ += other.lines_;
  }
  int indent() const { return indent_; }
  size_t lines() const { return lines_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int indent_ = 0;
  size_t lines_ = 0;
};

}  // namespace pwgen
