#pragma once
// Small text helpers every stage needs (trimming, reading an integer literal), written once.
// This is the lowest library of pagewise (pw_text, below model): it depends on nothing, so
// discover, frontend, knowledge and analysis can all use it without depending on each other, and
// model stays what it is, plain data.

#include <string_view>

namespace pagewise {

// The C locale's white space (std::isspace without a locale): space, tab, newline, vertical tab,
// form feed, carriage return.
inline constexpr std::string_view kWhiteSpace = " \t\n\v\f\r";

// `s` without the characters of `chars` at its front, its back, or both.
std::string_view trim_front(std::string_view s, std::string_view chars = kWhiteSpace);
std::string_view trim_back(std::string_view s, std::string_view chars = kWhiteSpace);
std::string_view trim(std::string_view s, std::string_view chars = kWhiteSpace);

}  // namespace pagewise
