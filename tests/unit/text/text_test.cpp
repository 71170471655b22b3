#include "text/text.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace pagewise {
namespace {

TEST(Trim, RemovesTheCLocalesWhiteSpaceAtBothEnds) {
  EXPECT_EQ(trim("  a b\t"), "a b");
  EXPECT_EQ(trim("\n\v\f\rx\r\f\v\n"), "x");
  EXPECT_EQ(trim("x"), "x");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t\n "), "");
}

TEST(Trim, KeepsWhatIsNotWhiteSpace) {
  // Bytes above 0x7F are text (UTF-8), not white space, whatever the locale.
  EXPECT_EQ(trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");
  EXPECT_EQ(trim(std::string_view("\0x\0", 3)), std::string_view("\0x\0", 3));
}

TEST(Trim, TakesTheCharactersToRemove) {
  EXPECT_EQ(trim("  a \t", " "), "a \t");
  EXPECT_EQ(trim_front(" \t a \t", " \t"), "a \t");
  EXPECT_EQ(trim_back(" \t a \t\r", " \t\r"), " \t a");
}

TEST(Trim, AnEmptyResultPointsIntoTheInput) {
  // Callers measure offsets with data(): the empty result stays inside the text it came from.
  std::string_view s = "   ";
  EXPECT_EQ(trim(s).data(), s.data() + s.size());
  EXPECT_EQ(trim_back(s).data(), s.data());
}

TEST(DigitsValue, EveryCharacterADigitOfTheBase) {
  EXPECT_EQ(digits_value("65", 10), 65u);
  EXPECT_EQ(digits_value("41", 16), 0x41u);
  EXPECT_EQ(digits_value("fF", 16), 0xFFu);
  EXPECT_EQ(digits_value("ffffffffffffffff", 16), UINT64_MAX);
  EXPECT_EQ(digits_value("101", 2), 5u);
  EXPECT_EQ(digits_value("", 10), std::nullopt);
  EXPECT_EQ(digits_value("6a", 10), std::nullopt);
  EXPECT_EQ(digits_value(" 65", 10), std::nullopt);
  EXPECT_EQ(digits_value("+65", 10), std::nullopt);
  EXPECT_EQ(digits_value("12", 2), std::nullopt);
}

TEST(IntegerLiteral, BasesAndSeparators) {
  EXPECT_EQ(integer_literal("0"), 0u);
  EXPECT_EQ(integer_literal("42"), 42u);
  EXPECT_EQ(integer_literal("0x0A00"), 0xA00u);
  EXPECT_EQ(integer_literal("0XfF"), 0xFFu);
  EXPECT_EQ(integer_literal("017"), 15u);
  EXPECT_EQ(integer_literal("0b101"), 5u);
  EXPECT_EQ(integer_literal("0B1"), 1u);
  EXPECT_EQ(integer_literal("1'000'000"), 1000000u);
  EXPECT_EQ(integer_literal("0x0000'0100"), 0x100u);
}

TEST(IntegerLiteral, SuffixesOfCAndMsvc) {
  for (const char* s : {"1u", "1U", "1l", "1L", "1ul", "1LU", "1ll", "1ULL", "1i8", "1i16", "1i32",
                        "1i64", "1ui64", "1I64", "1UI64"})
    EXPECT_EQ(integer_literal(s), 1u) << s;
  EXPECT_EQ(integer_literal("0x0000000000000100UI64"), 0x100u);
}

TEST(IntegerLiteral, AnythingElseIsNotALiteral) {
  for (const char* s : {"", "x", "-1", "+1", " 1", "1 ", "0x", "0b", "0x'", "0xg", "08", "09",
                        "0b2", "1e5", "1.5", "1f", "1_000", "12ab", "1u+"})
    EXPECT_EQ(integer_literal(s), std::nullopt) << s;
}

TEST(IntegerLiteral, WrapsAroundLikeUnsignedArithmetic) {
  EXPECT_EQ(integer_literal("0xFFFFFFFFFFFFFFFF"), UINT64_MAX);
  EXPECT_EQ(integer_literal("0x10000000000000000"), 0u);
}

TEST(Text, SqueezeDropsEveryWhiteSpace) {
  EXPECT_EQ(squeeze(" KeGetCurrentIrql ( )\t==\nPASSIVE_LEVEL\r"),
            "KeGetCurrentIrql()==PASSIVE_LEVEL");
  EXPECT_EQ(squeeze("\v\f"), "");
  EXPECT_EQ(squeeze(""), "");
}

}  // namespace
}  // namespace pagewise
