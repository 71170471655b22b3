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

// The filesystem reads a name only up to its first NUL: a folder named "src/\0b" was listed as
// "src/", its subfolder "src/\0b/sub" as "src/" again, and the walk never ended.
TEST(ExpandWildcard, NameWithNulIsRefusedNotWalked) {
  TempTree t;
  t.write("proj/src/a.c");
  t.write("proj/src/sub/b.c");
  std::string dir = t.path("proj").string();
  WildcardMatches m = expand_wildcard(dir, std::string("src/\0\0b//**x/*.c", 16));
  EXPECT_TRUE(m.files.empty());
  EXPECT_EQ(m.problem, "its wildcard holds a NUL character; skipped");
  EXPECT_FALSE(find_file_caseless(dir, std::string("src/a.c\0junk", 12)).has_value());
  EXPECT_FALSE(find_dir_caseless(dir, std::string("src\0/sub", 8)).has_value());
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
