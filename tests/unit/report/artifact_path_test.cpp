#include "report/artifact_path.hpp"

#include <gtest/gtest.h>

namespace pagewise {
namespace {

TEST(ArtifactPath, RelativeDisplayPathUnderRoot) {
  ArtifactRoot base = make_artifact_root("/work/proj", "/work/proj");
  ArtifactPath a = locate_artifact(base, "examples/../src/a.c");
  EXPECT_TRUE(a.under_root);
  EXPECT_EQ(a.path, "src/a.c");
}

TEST(ArtifactPath, SourceRootIsTheOneGivenWhereverTheWorkingDirectoryIs) {
  // The repository's top, with the user in a subfolder of it: URIs stay repository paths.
  ArtifactRoot base = make_artifact_root("/work/repo", "/work/repo/drivers");
  EXPECT_EQ(base.root.generic_string(), "/work/repo");
  EXPECT_EQ(locate_artifact(base, "foo/a.c").path, "drivers/foo/a.c");
  // A relative source root is taken against the working directory.
  EXPECT_EQ(make_artifact_root("drivers/foo", "/work/repo").root.generic_string(),
            "/work/repo/drivers/foo");
}

TEST(ArtifactPath, ScannedFolderElsewhereIsTheRoot) {
  ArtifactRoot base = make_artifact_root("/src/drv", "/home/me");
  EXPECT_EQ(base.root.generic_string(), "/src/drv");
  ArtifactPath a = locate_artifact(base, "/src/drv/sub/a.c");
  EXPECT_TRUE(a.under_root);
  EXPECT_EQ(a.path, "sub/a.c");
  EXPECT_EQ(locate_artifact(base, "../../src/drv/b.c").path, "b.c");
}

TEST(ArtifactPath, EmptyRootIsTheWorkingDirectory) {
  ArtifactRoot base = make_artifact_root("", "/work/proj/");
  EXPECT_EQ(directory_uri(base.root), "file:///work/proj/");
  EXPECT_EQ(locate_artifact(base, "a.c").path, "a.c");
}

TEST(ArtifactPath, OutsideRootStaysAbsolute) {
  ArtifactRoot base = make_artifact_root("/work/proj", "/work/proj");
  ArtifactPath sibling = locate_artifact(base, "../proj2/a.c");
  EXPECT_FALSE(sibling.under_root);
  EXPECT_EQ(sibling.path, "/work/proj2/a.c");
  // A prefix of the name is not a parent directory.
  EXPECT_FALSE(locate_artifact(base, "/work/projects/a.c").under_root);
  // The root itself is not a file in it.
  EXPECT_FALSE(locate_artifact(base, "/work/proj").under_root);
}

TEST(ArtifactPath, PercentEncoding) {
  EXPECT_EQ(percent_encode_path("a b/c%d#e?f", false), "a%20b/c%25d%23e%3Ff");
  EXPECT_EQ(percent_encode_path("caf\xC3\xA9/\xFF", false), "caf%C3%A9/%FF");
  EXPECT_EQ(percent_encode_path("Az09-._~", false), "Az09-._~");
  EXPECT_EQ(percent_encode_path("dir\\a:b.c", false), "dir/a%3Ab.c");
  EXPECT_EQ(percent_encode_path("dir\\a:b.c", true), "dir/a:b.c");
}

TEST(ArtifactPath, FileUris) {
  EXPECT_EQ(file_uri("/usr/include/x y.h"), "file:///usr/include/x%20y.h");
  EXPECT_EQ(file_uri("C:/src/drv/a.c"), "file:///C:/src/drv/a.c");
  EXPECT_EQ(file_uri("C:\\src\\drv\\a.c"), "file:///C:/src/drv/a.c");
  EXPECT_EQ(directory_uri("/"), "file:///");
}

}  // namespace
}  // namespace pagewise
