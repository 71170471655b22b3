#pragma once
// Text encodings, through utfcpp (Debian's libutfcpp-dev) rather than by hand: checking and
// repairing UTF-8, and turning UTF-16 (as Windows editors save source and project files) into the
// UTF-8 every stage reads.

#include <cstddef>
#include <string>
#include <string_view>

namespace pagewise {

// The offset of the first byte of `s` that does not start a well-formed UTF-8 sequence (Unicode
// 3.9: no overlong forms, no surrogates, nothing above U+10FFFF), or npos when `s` is valid.
size_t first_invalid_utf8(std::string_view s);

// `s` with every byte that does not start or continue a well-formed sequence replaced by U+FFFD
// (one per byte, so "\xC0\xAF" gives two).
std::string repair_utf8(std::string_view s);

enum class Utf16Order { None, LittleEndian, BigEndian };

// The byte order a UTF-16 byte-order mark at the start of `bytes` declares; None without one.
// (FF FE 00 00 is UTF-32's mark, which pagewise does not read: None too.)
Utf16Order utf16_bom(std::string_view bytes);

// Decodes UTF-16 `bytes` that start with a byte-order mark into `utf8` (without the mark). Every
// UTF-16 line ends in the same line feed, so line numbers are kept. False, with `error` saying
// why, when the bytes are not UTF-16: an odd length or a surrogate without its pair.
bool utf16_to_utf8(std::string_view bytes, std::string& utf8, std::string& error);

}  // namespace pagewise
