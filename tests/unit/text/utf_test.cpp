#include "text/utf.hpp"

#include <gtest/gtest.h>

namespace pagewise {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(FirstInvalidUtf8, FindsTheFirstBadByte) {
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(first_invalid_utf8("a\xC3"), 1u);          // cut short at the end
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);       // overlong '/'
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u);  // a surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);
}

// Each run of non-ASCII bytes is validated alone: a sequence cut short by an ASCII byte is bad
// where it starts, and a bad run after good ones is found at its own place.
TEST(FirstInvalidUtf8, JudgesEachRunBetweenAsciiBytes) {
  EXPECT_EQ(first_invalid_utf8(""), std::string::npos);
  EXPECT_EQ(first_invalid_utf8("only ascii\n"), std::string::npos);
  EXPECT_EQ(first_invalid_utf8("\xC3\xA9x\xE2\x82\xAC"), std::string::npos);
  EXPECT_EQ(first_invalid_utf8("\xC3x"), 0u);                     // a lead byte, then ASCII
  EXPECT_EQ(first_invalid_utf8("ab\xE2\x82z"), 2u);               // cut short by ASCII
  EXPECT_EQ(first_invalid_utf8("\xC3\xA9 ok \xC3\xA9\xFF"), 8u);  // after a good run
  EXPECT_EQ(first_invalid_utf8("\xC3\xA9\xC3"), 2u);              // good, then cut at the end
}

TEST(RepairUtf8, OneReplacementPerBadByte) {
  EXPECT_EQ(repair_utf8("plain"), "plain");
  EXPECT_EQ(repair_utf8("a\xC3"), "a" + kFffd);
  EXPECT_EQ(repair_utf8("\xC0\xAF"), kFffd + kFffd);
  EXPECT_EQ(repair_utf8("\xE2\x82x\xC3\xA9"), kFffd + kFffd + "x\xC3\xA9");
}

std::string le(std::u16string_view units) {
  std::string out = "\xFF\xFE";
  for (char16_t u : units) {
    out += static_cast<char>(u & 0xFF);
    out += static_cast<char>(u >> 8);
  }
  return out;
}

TEST(Utf16, ByteOrderMarks) {
  EXPECT_EQ(utf16_bom("\xFF\xFE"
                      "a"),
            Utf16Order::LittleEndian);
  EXPECT_EQ(utf16_bom("\xFE\xFF"), Utf16Order::BigEndian);
  EXPECT_EQ(utf16_bom(std::string("\xFF\xFE\0\0", 4)), Utf16Order::None);  // UTF-32
  EXPECT_EQ(utf16_bom("\xEF\xBB\xBF"), Utf16Order::None);
  EXPECT_EQ(utf16_bom("\xFF"), Utf16Order::None);
}

TEST(Utf16, DecodesBothOrdersAndKeepsLines) {
  std::string out, error;
  ASSERT_TRUE(utf16_to_utf8(le(u"a\r\n\u00E9\n\U0001F600"), out, error)) << error;
  EXPECT_EQ(out, "a\r\n\xC3\xA9\n\xF0\x9F\x98\x80");
  ASSERT_TRUE(utf16_to_utf8(std::string("\xFE\xFF\0x\0\n", 6), out, error)) << error;
  EXPECT_EQ(out, "x\n");
  ASSERT_TRUE(utf16_to_utf8("\xFF\xFE", out, error));
  EXPECT_EQ(out, "");
}

TEST(Utf16, SaysWhyItCannotDecode) {
  std::string out, error;
  EXPECT_FALSE(utf16_to_utf8(le(u"ab").substr(0, 5), out, error));
  EXPECT_EQ(error, "is UTF-16 text of an odd number of bytes (5), cut short or not UTF-16");
  EXPECT_FALSE(utf16_to_utf8(le(u"a\n\xDC00"), out, error));  // a lone low surrogate
  EXPECT_EQ(error, "is UTF-16 text with an unpaired surrogate at line 2; it cannot be decoded");
  EXPECT_FALSE(utf16_to_utf8(le(u"\xD800"), out, error));  // a high one at the end
  EXPECT_EQ(error, "is UTF-16 text with an unpaired surrogate at line 1; it cannot be decoded");
  EXPECT_FALSE(utf16_to_utf8("abc", out, error));
}

}  // namespace
}  // namespace pagewise
