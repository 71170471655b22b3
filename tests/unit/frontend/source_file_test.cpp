// Reading source files: every byte, whatever it is, in binary mode.
#include "frontend/source_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../discover/temp_tree.hpp"

namespace pagewise {
namespace {

// A Ctrl-Z (0x1A) ends a file read in text mode on Windows; in a source file it is just a byte,
// and what follows it is still code.
TEST(ReadSource, ACtrlZByteDoesNotEndTheFile) {
  testing::TempTree tree;
  const std::string text = "int a;\n\x1A\nint b;\r\nint c;\n";
  tree.write("ctrlz.c", text);
  SourceFile f = read_source(tree.path("ctrlz.c").string());
  EXPECT_TRUE(f.readable);
  EXPECT_TRUE(f.problems.empty());
  EXPECT_EQ(f.text, text);  // the \r\n too: binary mode changes no byte
  EXPECT_EQ(f.size, text.size());
}

TEST(ReadSource, AMissingFileSaysWhy) {
  testing::TempTree tree;
  SourceFile f = read_source(tree.path("none.c").string());
  EXPECT_FALSE(f.readable);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].rfind("cannot be read: ", 0), 0u) << f.problems[0];
}

TEST(ReadSource, AFolderIsNotARegularFile) {
  testing::TempTree tree;
  tree.mkdir("dir.c");
  SourceFile f = read_source(tree.path("dir.c").string());
  EXPECT_FALSE(f.readable);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0], "is not a regular file");
}

}  // namespace
}  // namespace pagewise
