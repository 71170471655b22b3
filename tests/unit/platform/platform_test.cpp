// The operating-system layer on the system the tests run on; tests/windows/same-findings.sh runs
// the Windows side under wine.
#include "platform/platform.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../discover/temp_tree.hpp"

namespace pagewise {
namespace {

TEST(Platform, Utf8PathsGoToTheSystemAndComeBackUnchanged) {
  const std::string name = "Pilote \xC3\xA9t\xC3\xA9/foo.c";  // "Pilote été/foo.c"
  EXPECT_EQ(platform::utf8(platform::os_path(name)), name);
  EXPECT_EQ(platform::generic_utf8(platform::os_path(name)), name);
  testing::TempTree tree;
  tree.write("Pilote \xC3\xA9t\xC3\xA9/foo.c", "int a;\n");
  platform::WholeFile f = platform::read_whole_file(platform::utf8(tree.root()) + "/" + name);
  EXPECT_EQ(f.status, platform::WholeFile::Status::ok) << f.error;
  EXPECT_EQ(f.bytes, "int a;\n");
}

TEST(Platform, OneFileHasOneIdentityHoweverSpelled) {
  testing::TempTree tree;
  tree.write("a/b.c");
  tree.write("a/c.c");
  std::string root = platform::utf8(tree.root());
  auto plain = platform::file_identity(root + "/a/b.c");
  auto roundabout = platform::file_identity(root + "/a/../a/./b.c");
  auto other = platform::file_identity(root + "/a/c.c");
  ASSERT_TRUE(plain && roundabout && other);
  EXPECT_EQ(*plain, *roundabout);
  EXPECT_NE(*plain, *other);
  EXPECT_FALSE(platform::file_identity(root + "/a/none.c"));
}

TEST(Platform, PeakMemoryIsKnown) { EXPECT_GT(platform::peak_memory_kb(), 0u); }

TEST(Platform, WritesAFileWholeOrNotAtAll) {
  testing::TempTree tree;
  std::string path = platform::utf8(tree.root()) + "/r\xC3\xA9port.json";
  std::string error;
  ASSERT_TRUE(platform::write_file_atomically(
      path, [](std::ostream& out) { out << "line\n"; }, error))
      << error;
  EXPECT_EQ(platform::read_whole_file(path).bytes, "line\n");
  std::string folder = platform::utf8(tree.root());
  EXPECT_FALSE(platform::write_file_atomically(
      folder, [](std::ostream& out) { out << "x"; }, error));
  EXPECT_NE(error.find("is a folder"), std::string::npos) << error;
}

TEST(Platform, ReplacesAFileThroughATemporaryOneAndLeavesNoneBehind) {
  testing::TempTree t;
  std::string path = t.path("entry").string();
  std::string error;
  ASSERT_TRUE(platform::replace_file(path, "first", error)) << error;
  ASSERT_TRUE(platform::replace_file(path, std::string("sec\0ond", 7), error)) << error;
  EXPECT_EQ(platform::read_whole_file(path).bytes, std::string("sec\0ond", 7));
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(t.root())) {
    ++files;
    EXPECT_EQ(e.path().filename().string(), "entry");
  }
  EXPECT_EQ(files, 1u);
  // A folder that does not exist: false, with the reason, and nothing made.
  EXPECT_FALSE(platform::replace_file(t.path("missing/entry").string(), "x", error));
  EXPECT_NE(error.find("cannot write"), std::string::npos) << error;
  EXPECT_FALSE(std::filesystem::exists(t.path("missing")));
}

TEST(Platform, TheExecutableIsTheRunningProgram) {
  std::string exe = platform::executable_path();
  ASSERT_FALSE(exe.empty());
  EXPECT_EQ(platform::read_whole_file(exe).status, platform::WholeFile::Status::ok);
  EXPECT_NE(exe.find("test_platform"), std::string::npos) << exe;
}

}  // namespace
}  // namespace pagewise
