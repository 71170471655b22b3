// Inputs as Windows repositories hold them: UTF-16 source and project files, items a project
// excludes, files a project lists that are missing or cannot be read, and how --stats and
// --fail-on-input-problems report them. Each case runs the real binary.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utf8.h>

#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

using testing::describe;
using testing::has;
using testing::run_pagewise;
using testing::RunResult;
using testing::Scratch;

// UTF-8 `text` as UTF-16 with its byte-order mark, in either byte order.
std::string as_utf16(const std::string& text, bool big_endian) {
  std::u16string units;
  utf8::utf8to16(text.begin(), text.end(), std::back_inserter(units));
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t u : units) {
    char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}

// Line 4 is the paged function without PAGED_CODE(); a non-ASCII comment before its name moves
// the column by the bytes of its UTF-8 form.
constexpr const char* kWideDriver =
    "// Gerätetreiber: \xC3\xA9t\xC3\xA9\r\n"
    "#pragma alloc_text(PAGE, WidePaged)\r\n"
    "\r\n"
    "/* \xC3\xA9 */ void WidePaged(int x)\r\n"
    "{\r\n"
    "    if (x) x++;\r\n"
    "}\r\n";

TEST(Inputs, Utf16SourceIsDecodedAndFindingsKeepTheirLines) {
  for (bool big_endian : {false, true}) {
    Scratch s;
    s.write("utf8/wide.c", kWideDriver);
    s.write("utf16/wide.c", as_utf16(kWideDriver, big_endian));
    RunResult utf8 = run_pagewise({"check", "utf8"}, s.path());
    RunResult utf16 = run_pagewise({"check", "utf16"}, s.path());
    EXPECT_EQ(utf16.status, 1) << describe(utf16);
    // Line 4, column 15: "/* é */ " is 9 bytes in UTF-8 (8 characters), so the column of a
    // UTF-16 file counts what the UTF-8 file would.
    EXPECT_TRUE(has(utf16.out, "utf16/wide.c:4:15: warning: 'WidePaged' is in pageable section"))
        << describe(utf16);
    std::string same = utf8.out;
    for (size_t at = same.find("utf8/"); at != std::string::npos; at = same.find("utf8/", at))
      same.replace(at, 5, "utf16/");
    EXPECT_EQ(utf16.out, same);
    EXPECT_FALSE(has(utf16.out, "UTF-16")) << describe(utf16);
  }
}

TEST(Inputs, Utf16ThatCannotBeDecodedIsAnInputProblem) {
  Scratch s;
  s.write("drv/good.c", "#pragma alloc_text(PAGE, Good)\nvoid Good(int x) { if (x) x++; }\n");
  std::string odd = as_utf16("void F(void) {}\n", false);
  odd.pop_back();
  s.write("drv/odd.c", odd);
  // Line 2 holds a high surrogate followed by 'x', not by its low half.
  std::string unpaired = as_utf16("int a;\nint b; /* ", false) + std::string("\x3D\xD8x\0", 4);
  s.write("drv/unpaired.c", unpaired);
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/good.c:2:6: warning:")) << describe(r);
  EXPECT_TRUE(has(r.out,
                  "pagewise: warning: drv/odd.c: is UTF-16 text of an odd number of bytes (33), "
                  "cut short or not UTF-16"))
      << describe(r);
  EXPECT_TRUE(has(r.out,
                  "pagewise: warning: drv/unpaired.c: is UTF-16 text with an unpaired surrogate "
                  "at line 2; it cannot be decoded"))
      << describe(r);

  RunResult strict = run_pagewise({"check", "--fail-on-input-problems", "drv"}, s.path());
  EXPECT_EQ(strict.status, 2) << describe(strict);
  EXPECT_TRUE(has(strict.out, "drv/good.c:2:6: warning:")) << describe(strict);
}

// A Visual Studio project saved as UTF-16 (its XML declaration says so), with an item that
// `Exclude=` takes out of a wildcard.
std::string wide_project(bool big_endian) {
  return as_utf16(
      "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n"
      "<Project DefaultTargets=\"Build\" "
      "xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\r\n"
      "  <ItemGroup>\r\n"
      "    <ClCompile Include=\"src\\*.c\" Exclude=\"src\\test_*.c;src\\Old.c\" />\r\n"
      "  </ItemGroup>\r\n"
      "</Project>\r\n",
      big_endian);
}

TEST(Inputs, Utf16ProjectIsReadAndItsExcludesHonoured) {
  for (bool big_endian : {false, true}) {
    Scratch s;
    s.write("drv/drv.vcxproj", wide_project(big_endian));
    const char* paged = "#pragma alloc_text(PAGE, F)\nvoid F(int x) { if (x) x++; }\n";
    s.write("drv/src/main.c", paged);
    s.write("drv/src/test_main.c", paged);
    s.write("drv/src/old.c", paged);  // Exclude= matches without regard to case, as on Windows
    RunResult r = run_pagewise({"check", "--format", "json", "drv"}, s.path());
    EXPECT_EQ(r.status, 1) << describe(r);
    EXPECT_TRUE(has(r.out, "\"drv/src/main.c\"")) << describe(r);
    EXPECT_FALSE(has(r.out, "test_main.c")) << describe(r);
    EXPECT_FALSE(has(r.out, "old.c")) << describe(r);
    EXPECT_TRUE(has(r.out, "\"drv/drv.vcxproj\"")) << describe(r);
  }
}

TEST(Inputs, ExcludeOnAListedItem) {
  Scratch s;
  s.write("drv/drv.vcxproj",
          "<Project><ItemGroup><ClCompile Include=\"a.c;b.c\" Exclude=\"b.c\" /></ItemGroup>"
          "</Project>\n");
  s.write("drv/a.c", "void A(void) {}\n");
  RunResult r = run_pagewise({"check", "--fail-on-input-problems", "drv"}, s.path());
  // b.c is excluded, so its absence is no problem.
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_FALSE(has(r.out, "b.c")) << describe(r);
}

TEST(Inputs, MissingListedFileFailsOnlyWhenAsked) {
  Scratch s;
  s.write("drv/drv.vcxproj",
          "<Project><ItemGroup><ClCompile Include=\"a.c;gone.c\" /></ItemGroup></Project>\n");
  s.write("drv/a.c", "void A(void) {}\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(
      has(r.out, "pagewise: warning: drv/drv.vcxproj: lists 'gone.c', which does not exist"))
      << describe(r);
  RunResult strict = run_pagewise({"check", "--fail-on-input-problems", "drv"}, s.path());
  EXPECT_EQ(strict.status, 2) << describe(strict);
  RunResult json = run_pagewise({"check", "--format", "json", "drv"}, s.path());
  nlohmann::json problems = nlohmann::json::parse(json.out, nullptr, false)["problems"];
  ASSERT_EQ(problems.size(), 1u) << describe(json);
  EXPECT_EQ(problems[0]["message"], "lists 'gone.c', which does not exist");
  EXPECT_EQ(problems[0]["unread"], true);
}

TEST(Inputs, UnreadableFileFailsOnlyWhenAsked) {
  if (testing::running_as_root()) GTEST_SKIP() << "root reads files whatever their mode";
  Scratch s;
  s.write("drv/a.c", "void A(void) {}\n");
  std::string locked = s.write("drv/locked.c", "void Locked(void) {}\n");
  ASSERT_EQ(chmod(locked.c_str(), 0), 0);
  EXPECT_EQ(run_pagewise({"check", "drv"}, s.path()).status, 0);
  EXPECT_EQ(run_pagewise({"check", "--fail-on-input-problems", "drv"}, s.path()).status, 2);
}

TEST(Inputs, ProblemsThatLoseNothingDoNotFail) {
  Scratch s;
  s.write("drv/latin1.c", "/* caf\xE9 */\nvoid A(void) {}\n");  // analysed as bytes
  RunResult r = run_pagewise({"check", "--fail-on-input-problems", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "is not valid UTF-8")) << describe(r);
}

TEST(Inputs, StatsNameTheFilesWithParseErrors) {
  Scratch s;
  s.write("drv/fine.c", "void A(void) {}\n");
  s.write("drv/broken.c", "void B(void) { if ( }\n");
  RunResult r = run_pagewise({"check", "--stats", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.err, "drv/broken.c")) << describe(r);
  EXPECT_FALSE(has(r.err, "drv/fine.c")) << describe(r);
}

}  // namespace
}  // namespace pagewise
