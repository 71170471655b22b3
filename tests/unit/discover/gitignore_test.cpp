#include "discover/gitignore.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace pagewise {
namespace {

IgnorePattern pattern(const std::string& line) {
  IgnorePattern p;
  EXPECT_TRUE(parse_ignore_line(line, p)) << line;
  return p;
}

TEST(GlobMatch, StarStaysInsideOneComponent) {
  EXPECT_TRUE(glob_match("*.c", "driver.c"));
  EXPECT_TRUE(glob_match("*.c", ".c"));
  EXPECT_FALSE(glob_match("*.c", "src/driver.c"));
  EXPECT_TRUE(glob_match("src/*.c", "src/driver.c"));
  EXPECT_FALSE(glob_match("src/*.c", "src/sub/driver.c"));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYY"));
}

TEST(GlobMatch, QuestionMarkIsOneCharacterButNotSlash) {
  EXPECT_TRUE(glob_match("drv?.c", "drv1.c"));
  EXPECT_FALSE(glob_match("drv?.c", "drv.c"));
  EXPECT_FALSE(glob_match("a?b", "a/b"));
}

TEST(GlobMatch, Sets) {
  EXPECT_TRUE(glob_match("[abc].c", "b.c"));
  EXPECT_FALSE(glob_match("[abc].c", "d.c"));
  EXPECT_TRUE(glob_match("[a-c]x", "cx"));
  EXPECT_FALSE(glob_match("[a-c]x", "dx"));
  EXPECT_TRUE(glob_match("[!a-c]x", "dx"));
  EXPECT_TRUE(glob_match("[^a-c]x", "dx"));
  EXPECT_FALSE(glob_match("[!a-c]x", "ax"));
  EXPECT_TRUE(glob_match("[]]", "]"));
  EXPECT_TRUE(glob_match("f[[:digit:]].c", "f7.c"));
  EXPECT_FALSE(glob_match("f[[:digit:]].c", "fx.c"));
  EXPECT_FALSE(glob_match("a[/]b", "a/b"));
  EXPECT_TRUE(glob_match("[unclosed", "[unclosed"));
}

TEST(GlobMatch, DoubleStarSpansFolders) {
  EXPECT_TRUE(glob_match("**/gen", "gen"));
  EXPECT_TRUE(glob_match("**/gen", "a/b/gen"));
  EXPECT_FALSE(glob_match("**/gen", "a/b/gen2"));
  EXPECT_TRUE(glob_match("a/**/b", "a/b"));
  EXPECT_TRUE(glob_match("a/**/b", "a/x/b"));
  EXPECT_TRUE(glob_match("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(glob_match("a/**/b", "a/x/y/c"));
  EXPECT_TRUE(glob_match("out/**", "out/x"));
  EXPECT_TRUE(glob_match("out/**", "out/x/y.c"));
  EXPECT_FALSE(glob_match("out/**", "out"));
  EXPECT_TRUE(glob_match("src/**/*.c", "src/k/m/x.c"));
  // "**" glued to other text is an ordinary star.
  EXPECT_TRUE(glob_match("a**b", "aXb"));
  EXPECT_FALSE(glob_match("a**b", "a/b"));
}

TEST(GlobMatch, BackslashQuotes) {
  EXPECT_TRUE(glob_match("\\*.c", "*.c"));
  EXPECT_FALSE(glob_match("\\*.c", "x.c"));
  EXPECT_TRUE(glob_match("\\#x", "#x"));
}

// A glob with many stars against a long name that almost matches: a backtracking matcher tries
// every way to split the name among the stars (minutes); this one reads each character once per
// glob step.
TEST(GlobMatch, ManyStarsAgainstALongNameIsQuick) {
  auto start = std::chrono::steady_clock::now();
  std::string name(200, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*b", name));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*a*a*b", name + "b"));
  EXPECT_FALSE(glob_match("**/**/**/**/**/**/**/**/x", std::string(2000, '/') + "y"));
  EXPECT_TRUE(glob_match("**/**/**/**/**/**/**/**/x", std::string(2000, '/') + "x"));
  EXPECT_FALSE(glob_match("*?*?*?*?*?*?*?*?*?*?*?[b]", name));
  // A hang check with a generous bound, not a timing test: the old matcher took minutes.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(GlobMatch, EmptyFolderNamesAndStarsAtTheEdges) {
  EXPECT_TRUE(glob_match("**/x", "a//x"));
  EXPECT_TRUE(glob_match("**", "a/b/c"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("?", ""));
  EXPECT_FALSE(glob_match("**/x", "ax"));
  EXPECT_TRUE(glob_match("a/**", "a/"));
}

TEST(ParseIgnoreLine, BlankLinesAndCommentsHoldNoPattern) {
  IgnorePattern p;
  EXPECT_FALSE(parse_ignore_line("", p));
  EXPECT_FALSE(parse_ignore_line("   ", p));
  EXPECT_FALSE(parse_ignore_line("# a comment", p));
  EXPECT_FALSE(parse_ignore_line("/", p));
}

TEST(ParseIgnoreLine, Forms) {
  IgnorePattern hash = pattern("\\#notes.c");
  EXPECT_EQ(hash.glob, "#notes.c");
  EXPECT_FALSE(hash.negated);

  IgnorePattern bang = pattern("\\!important.c");
  EXPECT_EQ(bang.glob, "!important.c");
  EXPECT_FALSE(bang.negated);

  IgnorePattern neg = pattern("!keep.c");
  EXPECT_TRUE(neg.negated);
  EXPECT_EQ(neg.glob, "keep.c");
  EXPECT_FALSE(neg.anchored);

  IgnorePattern dir = pattern("build/");
  EXPECT_TRUE(dir.dir_only);
  EXPECT_FALSE(dir.anchored);
  EXPECT_EQ(dir.glob, "build");

  IgnorePattern top = pattern("/top.c");
  EXPECT_TRUE(top.anchored);
  EXPECT_EQ(top.glob, "top.c");

  IgnorePattern middle = pattern("doc/frotz/");
  EXPECT_TRUE(middle.anchored);
  EXPECT_TRUE(middle.dir_only);
  EXPECT_EQ(middle.glob, "doc/frotz");

  EXPECT_EQ(pattern("x.c   \r").glob, "x.c");
  EXPECT_EQ(pattern("x\\ ").glob, "x\\ ");  // a quoted trailing space stays
}

TEST(MatchIgnore, LastMatchWinsAndNegationReincludes) {
  std::vector<IgnorePattern> pats = parse_ignore_file("*.c\n!keep.c\n");
  EXPECT_EQ(match_ignore(pats, "x.c", false), IgnoreVerdict::Ignore);
  EXPECT_EQ(match_ignore(pats, "keep.c", false), IgnoreVerdict::Keep);
  EXPECT_EQ(match_ignore(pats, "sub/keep.c", false), IgnoreVerdict::Keep);
  EXPECT_EQ(match_ignore(pats, "x.h", false), IgnoreVerdict::None);

  std::vector<IgnorePattern> reversed = parse_ignore_file("!keep.c\n*.c\n");
  EXPECT_EQ(match_ignore(reversed, "keep.c", false), IgnoreVerdict::Ignore);
}

TEST(MatchIgnore, AnchoredAndUnanchored) {
  std::vector<IgnorePattern> pats = parse_ignore_file("/top.c\nany.c\nsub/deep.c\n");
  EXPECT_EQ(match_ignore(pats, "top.c", false), IgnoreVerdict::Ignore);
  EXPECT_EQ(match_ignore(pats, "x/top.c", false), IgnoreVerdict::None);
  EXPECT_EQ(match_ignore(pats, "x/y/any.c", false), IgnoreVerdict::Ignore);
  EXPECT_EQ(match_ignore(pats, "sub/deep.c", false), IgnoreVerdict::Ignore);
  EXPECT_EQ(match_ignore(pats, "x/sub/deep.c", false), IgnoreVerdict::None);
}

TEST(MatchIgnore, DirOnlyPatternsSkipFiles) {
  std::vector<IgnorePattern> pats = parse_ignore_file("gen.c/\n");
  EXPECT_EQ(match_ignore(pats, "gen.c", true), IgnoreVerdict::Ignore);
  EXPECT_EQ(match_ignore(pats, "gen.c", false), IgnoreVerdict::None);
}

TEST(GitignoreChain, DeeperFileOverridesShallower) {
  auto root = std::make_shared<const IgnoreLevel>(
      IgnoreLevel{"", parse_ignore_file("*.gen.c\n"), nullptr, ""});
  IgnoreLevel sub{"sub", parse_ignore_file("!wanted.gen.c\nlocal.c\n"), root};
  EXPECT_TRUE(gitignore_ignores(&sub, "sub/x.gen.c", false));
  EXPECT_FALSE(gitignore_ignores(&sub, "sub/wanted.gen.c", false));
  EXPECT_TRUE(gitignore_ignores(&sub, "sub/deeper/local.c", false));
  // The nested file's patterns are relative to its folder and do not reach its siblings.
  EXPECT_FALSE(gitignore_ignores(&sub, "other/local.c", false));
  EXPECT_FALSE(gitignore_ignores(&sub, "subway/local.c", false));
  EXPECT_TRUE(gitignore_ignores(&sub, "wanted.gen.c", false));
}

}  // namespace
}  // namespace pagewise
