#pragma once
// Small text helpers every stage needs (trimming, reading an integer literal), written once.
// This is the lowest library of pagewise (pw_text, below model): it depends on nothing, so
// discover, frontend, knowledge and analysis can all use it without depending on each other, and
// model stays what it is, plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pagewise {

// The C locale's white space (std::isspace without a locale): space, tab, newline, vertical tab,
// form feed, carriage return.
inline constexpr std::string_view kWhiteSpace = " \t\n\v\f\r";

// `s` without the characters of `chars` at its front, its back, or both.
std::string_view trim_front(std::string_view s, std::string_view chars = kWhiteSpace);
std::string_view trim_back(std::string_view s, std::string_view chars = kWhiteSpace);
std::string_view trim(std::string_view s, std::string_view chars = kWhiteSpace);

// `s` without any white space (kWhiteSpace) anywhere: how conditions and arguments are compared.
std::string squeeze(std::string_view s);

// The value of `digits`, each character a digit of `base` (2 to 16, either case); nullopt when
// `digits` is empty or holds anything else. Wraps around past 2^64 - 1, as the preprocessor's
// unsigned arithmetic does.
std::optional<uint64_t> digits_value(std::string_view digits, unsigned base);

// A C or C++ integer literal as MSVC reads it: decimal, 0x hexadecimal, 0b binary or 0 octal
// digits, C++14 digit separators ('), then a suffix of u, l, ll or MSVC's i8/i16/i32/i64 in any
// case and order. nullopt for anything else, including a digit the base does not have (`09`).
std::optional<uint64_t> integer_literal(std::string_view s);

}  // namespace pagewise
