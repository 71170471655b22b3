#include "text/text.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pagewise
