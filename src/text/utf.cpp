#include "text/utf.hpp"

#include <utf8.h>

#include <algorithm>
#include <iterator>

namespace pagewise {

// Source is nearly all ASCII, which is valid on its own: only the runs of other bytes are given
// to the validator, each run alone. No sequence spans an ASCII byte (it cannot be a continuation
// byte), so the first invalid byte is the same as over the whole text, found at memory speed.
size_t first_invalid_utf8(std::string_view s) {
  auto ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  for (auto run = s.begin(); run != s.end();) {
    run = std::find_if_not(run, s.end(), ascii);
    auto run_end = std::find_if(run, s.end(), ascii);
    auto bad = utf8::find_invalid(run, run_end);
    if (bad != run_end) return static_cast<size_t>(bad - s.begin());
    run = run_end;
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    size_t bad = first_invalid_utf8(s);
    out.append(s.substr(0, bad));
    if (bad == std::string_view::npos) break;
    // One replacement for the byte, then look again from the next: what follows a broken lead
    // byte may well be the start of a good sequence.
    out.append(kReplacement);
    s.remove_prefix(bad + 1);
  }
  return out;
}

Utf16Order utf16_bom(std::string_view bytes) {
  if (bytes.size() < 2) return Utf16Order::None;
  auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
  if (b0 == 0xFE && b1 == 0xFF) return Utf16Order::BigEndian;
  if (b0 == 0xFF && b1 == 0xFE)
    return bytes.size() >= 4 && bytes[2] == '\0' && bytes[3] == '\0' ? Utf16Order::None
                                                                     : Utf16Order::LittleEndian;
  return Utf16Order::None;
}

namespace {

std::u16string code_units(std::string_view bytes, Utf16Order order) {
  std::u16string units;
  units.reserve(bytes.size() / 2);
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    auto lo = static_cast<unsigned char>(bytes[i]), hi = static_cast<unsigned char>(bytes[i + 1]);
    if (order == Utf16Order::BigEndian) std::swap(lo, hi);
    units.push_back(static_cast<char16_t>(lo | (hi << 8)));
  }
  return units;
}

}  // namespace

bool utf16_to_utf8(std::string_view bytes, std::string& utf8, std::string& error) {
  Utf16Order order = utf16_bom(bytes);
  if (order == Utf16Order::None) {
    error = "has no UTF-16 byte-order mark";
    return false;
  }
  bytes.remove_prefix(2);
  if (bytes.size() % 2 != 0) {
    error = "is UTF-16 text of an odd number of bytes (" + std::to_string(bytes.size() + 2) +
            "), cut short or not UTF-16";
    return false;
  }
  std::u16string units = code_units(bytes, order);
  utf8.clear();
  utf8.reserve(units.size());
  // Line by line, so an error can say where: a line feed is never half of a surrogate pair.
  uint32_t line = 1;
  for (size_t start = 0; start <= units.size(); ++line) {
    size_t end = units.find(u'\n', start);
    if (end == std::u16string::npos) end = units.size();
    try {
      utf8::utf16to8(units.begin() + static_cast<ptrdiff_t>(start),
                     units.begin() + static_cast<ptrdiff_t>(end), std::back_inserter(utf8));
    } catch (const utf8::invalid_utf16&) {
      error = "is UTF-16 text with an unpaired surrogate at line " + std::to_string(line) +
              "; it cannot be decoded";
      return false;
    }
    if (end == units.size()) break;
    utf8 += '\n';
    start = end + 1;
  }
  return true;
}

}  // namespace pagewise
