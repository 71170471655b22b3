// Project wildcards (`<ClCompile Include="src\**\*.c" />`): what they find, and that they stay in
// the project's folder.
#include <gtest/gtest.h>

#include "discover/paths.hpp"
#include "temp_tree.hpp"

namespace pagewise {
namespace {

using testing::TempTree;

TEST(ExpandWildcard, FindsSourcesBelowTheProjectCaselessly) {
  TempTree t;
  t.write("proj/a.c");
  t.write("proj/Src/b.C");
  t.write("proj/src/deep/c.c");
  t.write("proj/src/notes.txt");
  std::string dir = t.path("proj").string();
  WildcardMatches all = expand_wildcard(dir, "**\\*.c");
  EXPECT_EQ(all.problem, "");
  EXPECT_EQ(all.files,
            (std::vector<std::string>{dir + "/Src/b.C", dir + "/a.c", dir + "/src/deep/c.c"}));
  WildcardMatches top = expand_wildcard(dir, "*.c");
  EXPECT_EQ(top.files, std::vector<std::string>{dir + "/a.c"});
}

// `/**/*.c` walked the whole disk, stopped silently at its first unreadable folder and found a
// different number of files on each run.
TEST(ExpandWildcard, PatternsLeavingTheProjectAreRefused) {
  TempTree t;
  t.write("proj/a.c");
  t.write("outside.c");
  std::string dir = t.path("proj").string();
  for (const char* pattern : {"/**/*.c", "..\\*.c", "..\\..\\**\\*.c", "sub/../../*.c"}) {
    WildcardMatches m = expand_wildcard(dir, pattern);
    EXPECT_TRUE(m.files.empty()) << pattern;
    EXPECT_EQ(m.problem, "its wildcard reaches outside the project's folder; skipped") << pattern;
  }
  EXPECT_EQ(expand_wildcard(dir, "sub/../*.c").files, std::vector<std::string>{dir + "/a.c"});
}

TEST(ExpandWildcard, FolderThatCannotBeListedIsNamedAndTheRestFound) {
  if (geteuid() == 0) GTEST_SKIP() << "root lists folders whatever their mode";
  TempTree t;
  t.write("proj/a.c");
  t.write("proj/locked/b.c");
  std::filesystem::permissions(t.path("proj/locked"), std::filesystem::perms::none);
  std::string dir = t.path("proj").string();
  WildcardMatches m = expand_wildcard(dir, "**/*.c");
  EXPECT_EQ(m.files, std::vector<std::string>{dir + "/a.c"});
  EXPECT_EQ(m.problem, "cannot list " + dir + "/locked: Permission denied");
}

}  // namespace
}  // namespace pagewise
