// The real binary on hostile inputs: files it cannot or should not read, huge and deeply nested
// files, damaged syntax, odd encodings and line endings. Every case checks the exit status, the
// message a user reads, and that the other inputs of the run were still analysed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

using testing::describe;
using testing::has;
using testing::run_pagewise;
using testing::RunResult;
using testing::Scratch;
namespace fs = std::filesystem;

// A paged function without PAGED_CODE(): one paged-code/missing warning, so a run that analysed
// this file exits 1.
constexpr const char* kGoodDriver =
    "#pragma alloc_text(PAGE, GoodPaged)\n"
    "void GoodPaged(int x)\n"
    "{\n"
    "    if (x) x++;\n"
    "}\n";

// The finding on GoodPaged, proof that good.c was analysed.
void expect_good_analysed(const RunResult& r, const std::string& display) {
  EXPECT_TRUE(has(r.out, display + ":2:6: warning: 'GoodPaged' is in pageable section PAGE"))
      << describe(r);
}

// `sections --format json`: the items of every unit, keyed "file|name".
std::map<std::string, nlohmann::json> section_items(const RunResult& r) {
  std::map<std::string, nlohmann::json> items;
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << "not JSON:\n" << describe(r);
    return items;
  }
  for (const auto& u : doc["units"])
    for (const auto& it : u["items"])
      items[it["file"].get<std::string>() + "|" + it["name"].get<std::string>()] = it;
  return items;
}

nlohmann::json problems_of(const RunResult& r) {
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  return doc.is_discarded() ? nlohmann::json::array() : doc["problems"];
}

// ---- files that cannot or must not be read ------------------------------------------------------

TEST(Robustness, UnreadableFileIsReportedAndTheOthersAnalysed) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  std::string locked = s.write("drv/locked.c", "void Locked(void) {}\n");
  ASSERT_EQ(chmod(locked.c_str(), 0), 0);
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  ASSERT_FALSE(r.timed_out) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  if (testing::running_as_root()) GTEST_SKIP() << "root reads files whatever their mode";
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: warning: drv/locked.c: cannot be read: Permission denied"))
      << describe(r);

  // Named on the command line it is an input error: exit 2, and the other input still analysed.
  RunResult named = run_pagewise({"check", "drv/locked.c", "drv/good.c"}, s.path());
  EXPECT_EQ(named.status, 2) << describe(named);
  EXPECT_TRUE(has(named.out, "pagewise: error: drv/locked.c: cannot be read")) << describe(named);
  expect_good_analysed(named, "drv/good.c");
}

TEST(Robustness, FolderNamedLikeASourceFileIsWalked) {
  Scratch s;
  s.write("drv/odd.c/good.c", kGoodDriver);
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/odd.c/good.c");
  EXPECT_FALSE(has(r.out, "input problem")) << describe(r);

  // Named directly, it is a folder input, not a file that failed to read.
  RunResult direct = run_pagewise({"check", "drv/odd.c"}, s.path());
  EXPECT_EQ(direct.status, 1) << describe(direct);
  expect_good_analysed(direct, "drv/odd.c/good.c");
}

TEST(Robustness, FifoIsSkippedWithAMessageAndNeverBlocks) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  ASSERT_EQ(mkfifo(s.path("drv/pipe.c").c_str(), 0600), 0);
  ASSERT_EQ(mkfifo(s.path("drv/pipe.h").c_str(), 0600), 0);
  fs::create_symlink("pipe.c", s.path("drv/link-to-pipe.c"));
  RunResult r = run_pagewise({"check", "drv"}, s.path(), 20);
  ASSERT_FALSE(r.timed_out) << "reading a FIFO blocked\n" << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(
      r.out,
      "pagewise: warning: drv/pipe.c: is not a regular file (a FIFO, socket or device); skipped"))
      << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: warning: drv/pipe.h: is not a regular file")) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: warning: drv/link-to-pipe.c: is not a regular file"))
      << describe(r);

  // An excluded FIFO is not mentioned at all.
  RunResult excluded =
      run_pagewise({"check", "--exclude", "pipe.*", "--exclude", "link-*", "drv"}, s.path(), 20);
  ASSERT_FALSE(excluded.timed_out) << describe(excluded);
  EXPECT_EQ(excluded.status, 1) << describe(excluded);
  EXPECT_FALSE(has(excluded.out, "pipe")) << describe(excluded);

  // Named on the command line: an input error, the other input still analysed.
  RunResult named = run_pagewise({"check", "drv/pipe.c", "drv/good.c"}, s.path(), 20);
  ASSERT_FALSE(named.timed_out) << describe(named);
  EXPECT_EQ(named.status, 2) << describe(named);
  EXPECT_TRUE(has(named.out, "pagewise: error: drv/pipe.c: is neither a file nor a folder"))
      << describe(named);
  expect_good_analysed(named, "drv/good.c");

  // explain on a FIFO must not block either.
  RunResult explain = run_pagewise({"explain", "drv/pipe.c:F"}, s.path(), 20);
  ASSERT_FALSE(explain.timed_out) << describe(explain);
  EXPECT_EQ(explain.status, 2) << describe(explain);
  EXPECT_TRUE(has(explain.err, "drv/pipe.c: is not a source file")) << describe(explain);
}

TEST(Robustness, DanglingSymlink) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  fs::create_symlink("gone.c", s.path("drv/dangling.c"));
  fs::create_symlink("loop.c", s.path("drv/loop.c"));  // a link to itself
  // In a folder: passed over, as git and ripgrep do; the run is not an input error.
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out, "in 1 file (1 unit)")) << describe(r);
  // Named on the command line: it does not exist, and the message says which one.
  RunResult named = run_pagewise({"check", "drv/dangling.c", "drv/good.c"}, s.path());
  EXPECT_EQ(named.status, 2) << describe(named);
  EXPECT_TRUE(has(named.out, "pagewise: error: drv/dangling.c: does not exist")) << describe(named);
  expect_good_analysed(named, "drv/good.c");
}

TEST(Robustness, BinaryFileIsSkippedWithAMessage) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  s.write("drv/blob.c", std::string("MZ\x90\0\x03\0\0\0void F(void) {}\n", 24));
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out, "pagewise: warning: drv/blob.c: is binary (contains NUL bytes); skipped"))
      << describe(r);
  // On its own: a warning, not an input error.
  RunResult alone = run_pagewise({"check", "drv/blob.c"}, s.path());
  EXPECT_EQ(alone.status, 0) << describe(alone);
  EXPECT_TRUE(has(alone.out, "is binary")) << describe(alone);
}

TEST(Robustness, InvalidUtf8IsAnalysedAsBytes) {
  Scratch s;
  s.write("drv/latin1.c",
          "// Copyright \xA9 1998 Fabrikam\n"
          "#pragma alloc_text(PAGE, Latin)\n"
          "void Latin(void) { char *s = \"\xE9t\xE9\"; PAGED_CODE(); }\n"
          "void After(void) { }\n");
  RunResult r = run_pagewise({"sections", "--format", "json", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  auto items = section_items(r);
  ASSERT_TRUE(items.count("drv/latin1.c|Latin")) << describe(r);
  EXPECT_EQ(items["drv/latin1.c|Latin"]["section"], "PAGE");
  EXPECT_EQ(items["drv/latin1.c|Latin"]["line"], 3);
  EXPECT_TRUE(items.count("drv/latin1.c|After")) << describe(r);
  nlohmann::json problems = problems_of(r);
  ASSERT_EQ(problems.size(), 1u) << describe(r);
  EXPECT_EQ(problems[0]["message"], "is not valid UTF-8 (first at line 1); analysed as bytes");
  EXPECT_EQ(problems[0]["fatal"], false);
}

TEST(Robustness, Utf16IsDecodedAndAnalysed) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  std::string u16 = "\xFF\xFE";
  for (char c :
       std::string("#pragma alloc_text(PAGE, Wide)\r\nvoid Wide(int x) { if (x) x++; }\r\n")) {
    u16.push_back(c);
    u16.push_back('\0');
  }
  s.write("drv/wide.c", u16);
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out, "drv/wide.c:2:6: warning: 'Wide' is in pageable section PAGE"))
      << describe(r);
  EXPECT_FALSE(has(r.out, "UTF-16")) << describe(r);
}

// ---- size and depth -----------------------------------------------------------------------------

TEST(Robustness, FileOverTheParseLimitIsNamedAndTheRunCompletes) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  {
    std::ofstream big(s.path("drv/huge.c"), std::ios::binary);
    big << "#pragma alloc_text(PAGE, HugeFn)\n";
    std::string chunk;
    for (int i = 0; i < 1000; ++i)
      chunk += "int g_" + std::to_string(i) + " = 1; void fn_" + std::to_string(i) +
               "(void) { if (g_0) { g_0++; } }\n";
    size_t written = 0;
    while (written < (50u << 20)) {
      big << chunk;
      written += chunk.size();
    }
    big << "void HugeFn(void) { }\n";
  }
  RunResult r = run_pagewise({"check", "drv"}, s.path(), 120);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);  // good.c's finding; the big file is no input error
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out, "pagewise: warning: drv/huge.c: is 50.")) << describe(r);
  EXPECT_TRUE(has(r.out,
                  "larger than the 16.0 MiB parse limit: only its preprocessor lines (pragmas, "
                  "#defines) were read; "
                  "raise the limit with --max-file-size"))
      << describe(r);
  EXPECT_FALSE(has(r.out, "HugeFn")) << "functions of an unparsed file cannot be placed\n"
                                     << describe(r);

  // The limit is the user's: with a smaller one, a small file is "too large" in the same words.
  RunResult small = run_pagewise({"check", "--max-file-size", "0.00001", "drv/good.c"}, s.path());
  EXPECT_EQ(small.status, 0) << describe(small);
  EXPECT_TRUE(has(small.out, "drv/good.c: is 0.0 MiB, larger than the 0.0 MiB parse limit"))
      << describe(small);
}

TEST(Robustness, DeepNestingIsAnalysedAndFactsAfterItFound) {
  Scratch s;
  const int n = 10000;
  std::string braces = "#pragma alloc_text(PAGE, DeepBraces)\nvoid DeepBraces(void) {\n" +
                       std::string(n, '{') + "Touch();" + std::string(n, '}') +
                       "\n}\nvoid AfterBraces(void) { }\n";
  std::string parens = "#pragma alloc_text(PAGE, DeepParens)\nvoid DeepParens(void) {\n  int x = " +
                       std::string(n, '(') + "1" + std::string(n, ')') + ";\n  Touch(" +
                       std::string(n, '(') + "x" + std::string(n, ')') +
                       ");\n}\nvoid AfterParens(void) { }\n";
  std::string ifs;
  for (int i = 0; i < n; ++i) ifs += "#if defined(LEVEL" + std::to_string(i) + ")\n";
  ifs += "#pragma alloc_text(PAGE, DeepIf)\nvoid DeepIf(void) { }\n";
  for (int i = 0; i < n; ++i) ifs += "#endif\n";
  ifs += "void AfterIf(void) { }\n";
  auto paren_if = [](int depth, const std::string& fn) {
    return "#if " + std::string(depth, '(') + "DBG" + std::string(depth, ')') +
           "\n#pragma alloc_text(PAGE, " + fn + ")\n#endif\nvoid " + fn + "(void) { }\n";
  };
  std::string ifs_stmt = "#pragma alloc_text(PAGE, DeepStmts)\nvoid DeepStmts(int a) {\n";
  for (int i = 0; i < n; ++i) ifs_stmt += "if (a) {\n";
  ifs_stmt += "Touch(a);\n" + std::string(n, '}') + "\n}\nvoid AfterStmts(void) { }\n";
  s.write("drv/braces.c", braces);
  s.write("drv/parens.c", parens);
  s.write("drv/ifs.c", ifs);
  s.write("drv/ifparens.c", paren_if(n, "ParenIf"));
  s.write("drv/ifparens100.c", paren_if(100, "ParenIf100"));
  s.write("drv/stmts.c", ifs_stmt);

  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, std::vector<std::string>{"-D", "LEVEL0", "-D", "DBG"},
        std::vector<std::string>{"-U", "LEVEL0", "-U", "DBG"}}) {
    std::vector<std::string> args{"sections", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("drv");
    RunResult r = run_pagewise(args, s.path(), 120);
    ASSERT_FALSE(r.timed_out) << describe(r);
    ASSERT_EQ(r.status, 0) << describe(r);
    auto items = section_items(r);
    for (const char* key :
         {"drv/braces.c|DeepBraces", "drv/parens.c|DeepParens", "drv/stmts.c|DeepStmts"}) {
      ASSERT_TRUE(items.count(key)) << key << "\n" << describe(r);
      EXPECT_EQ(items[key]["section"], "PAGE") << key;
    }
    for (const char* key : {"drv/braces.c|AfterBraces", "drv/parens.c|AfterParens",
                            "drv/ifs.c|AfterIf", "drv/stmts.c|AfterStmts"}) {
      ASSERT_TRUE(items.count(key)) << key << "\n" << describe(r);
      EXPECT_EQ(items[key]["section"], ".text") << key;
    }
    bool undefined = !extra.empty() && extra[0] == "-U";
    // DeepIf is in PAGE unless -U LEVEL0 made its outermost #if false (then it is not compiled).
    if (undefined) {
      EXPECT_FALSE(items.count("drv/ifs.c|DeepIf")) << describe(r);
    } else {
      ASSERT_TRUE(items.count("drv/ifs.c|DeepIf")) << describe(r);
      EXPECT_EQ(items["drv/ifs.c|DeepIf"]["section"], "PAGE");
    }
    // ((((DBG)))) is decided by -D/-U like DBG itself; a condition nested deeper than the
    // evaluator goes is left undecided, so both its branches are analysed, as without -D/-U.
    ASSERT_TRUE(items.count("drv/ifparens100.c|ParenIf100")) << describe(r);
    EXPECT_EQ(items["drv/ifparens100.c|ParenIf100"]["section"], undefined ? ".text" : "PAGE")
        << describe(r);
    ASSERT_TRUE(items.count("drv/ifparens.c|ParenIf")) << describe(r);
    EXPECT_EQ(items["drv/ifparens.c|ParenIf"]["section"], "PAGE") << describe(r);
  }

  // The rules run over the same depth.
  RunResult check = run_pagewise({"check", "drv"}, s.path(), 120);
  ASSERT_FALSE(check.timed_out) << describe(check);
  EXPECT_EQ(check.status, 1) << describe(check);
  EXPECT_TRUE(has(check.out, "drv/braces.c:2:6: warning: 'DeepBraces' is in pageable section PAGE"))
      << describe(check);
  EXPECT_TRUE(has(check.out, "drv/stmts.c:2:6: warning: 'DeepStmts' is in pageable section PAGE"))
      << describe(check);
}

TEST(Robustness, VeryLongLine) {
  Scratch s;
  std::string sum;
  for (size_t i = 0; sum.size() < (1u << 20); ++i) sum += " + " + std::to_string(i % 10);
  s.write("drv/long.c", "#pragma alloc_text(PAGE, Long)\nvoid Long(void) { int a = 0" + sum +
                            "; PAGED_CODE(); }\nvoid AfterLong(void) { }\n");
  RunResult r = run_pagewise({"sections", "--format", "json", "drv"}, s.path(), 120);
  ASSERT_FALSE(r.timed_out) << describe(r);
  ASSERT_EQ(r.status, 0) << describe(r);
  auto items = section_items(r);
  ASSERT_TRUE(items.count("drv/long.c|Long")) << describe(r);
  EXPECT_EQ(items["drv/long.c|Long"]["section"], "PAGE");
  ASSERT_TRUE(items.count("drv/long.c|AfterLong")) << describe(r);
  EXPECT_EQ(items["drv/long.c|AfterLong"]["line"], 3);
  EXPECT_EQ(items["drv/long.c|AfterLong"]["column"], 6);
}

// ---- the system's limits ------------------------------------------------------------------------

// Under a process limit the system refuses the threads -j asks for (std::thread throws): the run
// goes on with the threads it has, the calling one at least, and analyses everything. A limit of
// one process (this one) refuses every thread; a limit of four lets a few start first.
TEST(Robustness, ThreadsTheSystemRefusesMeanFewerWorkersNotACrash) {
  Scratch s;
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h"})
    s.write(std::string("drv/") + name + ".c", "void " + std::string(name) + "(void) {}\n");
  s.write("drv/good.c", kGoodDriver);
  // Root is exempt from RLIMIT_NPROC: the child becomes nobody, who must read the scratch tree.
  ASSERT_EQ(chmod(s.path().c_str(), 0755), 0);
  for (const char* nproc : {"--nproc=1", "--nproc=4"}) {
    std::vector<std::string> launcher;
    if (testing::running_as_root())
      launcher = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    launcher.insert(launcher.end(), {"prlimit", nproc, "--"});
    for (const char* command : {"check", "sections"}) {
      RunResult r = run_pagewise({command, "-j", "64", "drv"}, s.path(), 60, nullptr, launcher);
      if (has(r.err, "posix_spawn failed")) GTEST_SKIP() << "setpriv or prlimit missing: " << r.err;
      bool check = std::string(command) == "check";
      std::string what = std::string(command) + " under " + nproc + ": " + describe(r);
      EXPECT_EQ(r.signal, 0) << what;
      EXPECT_EQ(r.status, check ? 1 : 0) << what;
      if (check) {
        expect_good_analysed(r, "drv/good.c");
      } else {
        EXPECT_TRUE(has(r.out, "GoodPaged")) << what;
      }
    }
  }
}

// ---- damaged and unusual text -------------------------------------------------------------------

std::string damaged_driver(const std::string& damage) {
  return "#pragma alloc_text(PAGE, Before)\n"
         "#pragma alloc_text(PAGE, After)\n"
         "void Before(int x)\n"
         "{\n"
         "    PAGED_CODE();\n"
         "    if (x) x++;\n"
         "}\n"
         "\n" +
         damage +
         "\n"
         "void Broken(int x) { if (x { x++; } }\n"
         "\n"
         "void After(int x)\n"
         "{\n"
         "    if (x) x++;\n"
         "}\n";
}

void expect_before_and_after_found(const std::string& damage) {
  Scratch s;
  s.write("drv/broken.c", damaged_driver(damage));
  RunResult r = run_pagewise({"sections", "--format", "json", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  auto items = section_items(r);
  ASSERT_TRUE(items.count("drv/broken.c|Before")) << describe(r);
  EXPECT_EQ(items["drv/broken.c|Before"]["section"], "PAGE");
  EXPECT_EQ(items["drv/broken.c|Before"]["line"], 3);
  ASSERT_TRUE(items.count("drv/broken.c|After")) << describe(r);
  EXPECT_EQ(items["drv/broken.c|After"]["section"], "PAGE");
  EXPECT_EQ(items["drv/broken.c|After"]["line"], 12);

  // And the rules still see After (no PAGED_CODE) but not Before (has one).
  RunResult check = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_EQ(check.status, 1) << describe(check);
  EXPECT_TRUE(has(check.out, "drv/broken.c:12:6: warning: 'After' is in pageable section PAGE"))
      << describe(check);
  EXPECT_FALSE(has(check.out, "'Before'")) << describe(check);
}

TEST(Robustness, BrokenSyntaxInTheMiddleKeepsFactsBeforeAndAfter) {
  expect_before_and_after_found("int garbage ))) ]] = ;");
  expect_before_and_after_found("@@@ $$$ ` ;");
}

// A bracket opened at file scope and never closed makes tree-sitter fold the rest of the file into
// one ERROR node; the frontend skips the line that starts it and parses again.
TEST(Robustness, UnclosedBracketAtFileScopeKeepsFactsAfterIt) {
  expect_before_and_after_found("int garbage ((( = ;");
  expect_before_and_after_found("int garbage { = ;");
}

TEST(Robustness, EmptyAndBomOnlyFiles) {
  Scratch s;
  s.write("drv/empty.c", "");
  s.write("drv/bom.c", "\xEF\xBB\xBF");
  s.write("drv/newline.h", "\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(r.out, "no findings in 3 files (1 unit)\n") << describe(r);
  EXPECT_EQ(r.err, "") << describe(r);
}

TEST(Robustness, BomDoesNotShiftTheFirstLine) {
  Scratch s;
  s.write("drv/bom.c",
          "\xEF\xBB\xBF#pragma alloc_text(PAGE, Bom)\n"
          "void Bom(int x) { if (x) x++; }\n"
          "\xEF\xBB\xBFvoid NotABom(void) { }\n");  // only the first three bytes are a BOM
  s.write("drv/first.c", "\xEF\xBB\xBFvoid First(void) { }\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/bom.c:2:6: warning: 'Bom' is in pageable section PAGE"))
      << describe(r);
  EXPECT_TRUE(has(r.out, "drv/bom.c:1:1: note: placed in PAGE by #pragma alloc_text(PAGE, Bom)"))
      << describe(r);
  RunResult sec = run_pagewise({"sections", "--format", "json", "drv/first.c"}, s.path());
  auto items = section_items(sec);
  ASSERT_TRUE(items.count("drv/first.c|First")) << describe(sec);
  EXPECT_EQ(items["drv/first.c|First"]["line"], 1);
  EXPECT_EQ(items["drv/first.c|First"]["column"], 6);
}

TEST(Robustness, CrlfLineEndingsKeepLinesAndColumns) {
  Scratch s;
  s.write("drv/crlf.c",
          "#pragma alloc_text(PAGE, Crlf)\r\n"
          "\r\n"
          "void\r\n"
          "  Crlf(int x)\r\n"
          "{\r\n"
          "    if (x) x++;\r\n"
          "}\r\n"
          "void Other(void) { }\r\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/crlf.c:4:3: warning: 'Crlf' is in pageable section PAGE"))
      << describe(r);
  EXPECT_TRUE(
      has(r.out, "drv/crlf.c:1:1: note: placed in PAGE by #pragma alloc_text(PAGE, Crlf)\n"))
      << describe(r);
  RunResult sec = run_pagewise({"sections", "--format", "json", "drv"}, s.path());
  auto items = section_items(sec);
  ASSERT_TRUE(items.count("drv/crlf.c|Other")) << describe(sec);
  EXPECT_EQ(items["drv/crlf.c|Other"]["line"], 8);
  EXPECT_EQ(items["drv/crlf.c|Other"]["column"], 6);
  EXPECT_EQ(items["drv/crlf.c|Crlf"]["placed_at"]["text"], "#pragma alloc_text(PAGE, Crlf)")
      << "no \\r in texts";
}

// ---- inputs that are not there ------------------------------------------------------------------

TEST(Robustness, EmptyFolderSaysSoAndIsNoError) {
  Scratch s;
  s.mkdir("empty");
  s.write("notes/readme.txt", "not source\n");
  RunResult r = run_pagewise({"check", "empty", "notes"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: warning: empty: no C/C++ source files found")) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: warning: notes: no C/C++ source files found")) << describe(r);
  EXPECT_TRUE(has(r.out, "no findings in 0 files (0 units); 2 input problems")) << describe(r);
  // The default input, the current folder, behaves the same.
  RunResult here = run_pagewise({"check"}, s.path("empty"));
  EXPECT_EQ(here.status, 0) << describe(here);
  EXPECT_TRUE(has(here.out, "pagewise: warning: .: no C/C++ source files found")) << describe(here);
}

TEST(Robustness, MissingPathIsAnInputErrorButTheOthersAreAnalysed) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  RunResult r = run_pagewise({"check", "nowhere/driver.c", "drv", "alsonot"}, s.path());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: error: nowhere/driver.c: does not exist")) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: error: alsonot: does not exist")) << describe(r);
  expect_good_analysed(r, "drv/good.c");

  // Same for sections, in its JSON form: the problem is fatal and the unit still listed.
  RunResult sec = run_pagewise({"sections", "--format", "json", "drv", "nowhere"}, s.path());
  EXPECT_EQ(sec.status, 2) << describe(sec);
  auto items = section_items(sec);
  EXPECT_TRUE(items.count("drv/good.c|GoodPaged")) << describe(sec);
  nlohmann::json problems = problems_of(sec);
  ASSERT_EQ(problems.size(), 1u) << describe(sec);
  EXPECT_EQ(problems[0]["path"], "nowhere");
  EXPECT_EQ(problems[0]["message"], "does not exist");
  EXPECT_EQ(problems[0]["fatal"], true);
}

TEST(Robustness, NonSourceFileNamedOnTheCommandLine) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  s.write("drv/driver.inf", "[Version]\n");
  RunResult r = run_pagewise({"check", "drv/driver.inf", "drv/good.c"}, s.path());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: error: drv/driver.inf: not a C/C++ source file"))
      << describe(r);
  expect_good_analysed(r, "drv/good.c");
}

// ---- bounded work: no input may stall a run ----------------------------------------------------
// Each case would take minutes (or never end) without its bound. The 10 s limit is a hang check
// with a wide margin, not a timing test.
constexpr int kHangSeconds = 10;

// A glob with many stars against a long name that almost matches it.
constexpr const char* kStarryGlob = "*a*a*a*a*a*a*a*a*a*a*b";
const std::string kLongName = std::string(60, 'a') + ".c";

// good.c and a file whose long name almost matches kStarryGlob.
void write_long_name_tree(const Scratch& s) {
  s.write("drv/good.c", kGoodDriver);
  s.write("drv/" + kLongName, "void Long(void) { }\n");
}

TEST(Robustness, PathologicalGitignoreLineIsMatchedQuickly) {
  Scratch s;
  write_long_name_tree(s);
  s.write("drv/.gitignore", std::string(kStarryGlob) + "\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out, "in 2 files (1 unit)")) << describe(r);
}

TEST(Robustness, PathologicalExcludeIsMatchedQuickly) {
  Scratch s;
  write_long_name_tree(s);
  RunResult r = run_pagewise({"check", "--exclude", kStarryGlob, "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_TRUE(has(r.out, "in 2 files (1 unit)")) << describe(r);
}

TEST(Robustness, PathologicalProjectWildcardIsMatchedQuickly) {
  Scratch s;
  write_long_name_tree(s);
  s.write("drv/drv.vcxproj",
          "<Project><ItemGroup><ClCompile Include=\"good.c\" /><ClCompile Include=\"" +
              std::string(kStarryGlob) + ".c\" /></ItemGroup></Project>\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  expect_good_analysed(r, "drv/good.c");
}

// 50 000 nested #if blocks with a brace in each branch: 68 s and more before (every enclosing
// chain recounted its whole body).
TEST(Robustness, ManyNestedIfBlocksAreBalancedQuickly) {
  Scratch s;
  std::string text = kGoodDriver;
  for (int i = 0; i < 50000; ++i) text += "#if A" + std::to_string(i) + "\n{\n#else\n{\n";
  for (int i = 0; i < 50000; ++i) text += "#endif\n}\n";
  s.write("drv/good.c", text);
  RunResult r = run_pagewise({"check", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
}

// 150 000 `#if 0` blocks holding a pragma each: every pragma was tested against every dead range.
TEST(Robustness, ManyDeadBlocksWithPragmasAreQuick) {
  Scratch s;
  std::string text = kGoodDriver;
  for (int i = 0; i < 150000; ++i)
    text += "#if 0\n#pragma alloc_text(PAGE, Dead" + std::to_string(i) + ")\n#endif\n";
  s.write("drv/good.c", text);
  RunResult r = run_pagewise({"check", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
}

// Nine macros, each using the one before ten times: a billion bytes if expanded in full (the
// first version took 38 s and 348 MB). The expansion is cut, the run says where and counts it.
TEST(Robustness, MacroFanOutIsCutAndSaid) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  std::string text = "#define M0 x\n";
  for (int i = 1; i <= 9; ++i) {
    text += "#define M" + std::to_string(i);
    for (int k = 0; k < 10; ++k) text += " M" + std::to_string(i - 1);
    text += "\n";
  }
  s.write("drv/fan.h", text);
  RunResult r = run_pagewise({"check", "--stats", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out,
                  "pagewise: warning: drv/fan.h: macro expansion limit: macro M5 (line 6) "
                  "expands to more than 64 KiB"))
      << describe(r);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)limits hit +1\n"))) << describe(r);
}

// A file over 1 MiB is parsed in pieces of a few hundred KiB, one tree at a time (a 16 MiB file
// of small functions parsed whole peaked at 1.2 GB). Every function is still found, and a path
// from a function at the start of the file to one at its end still holds.
TEST(Robustness, LargeFileParsedInPiecesLosesNothing) {
  Scratch s;
  std::string text =
      "KDPC g_dpc;\n"
      "VOID Dpc(PKDPC d, PVOID c, PVOID a1, PVOID a2) { Last(); }\n";
  const int n = 30000;
  for (int i = 0; i < n; ++i)
    text += "static int Filler" + std::to_string(i) + "(int a) { return a + " + std::to_string(i) +
            "; } /* ; { */\n";
  text += "#pragma alloc_text(PAGE, Last)\nvoid Last(void) { PAGED_CODE(); }\n";
  text +=
      "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
      "{ KeInitializeDpc(&g_dpc, Dpc, NULL); return 0; }\n";
  ASSERT_GT(text.size(), 4 * (1u << 20) / 3);
  s.write("drv/big.c", text);
  RunResult r = run_pagewise({"check", "--no-advice", "--stats", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "'Last' is in pageable section PAGE but can run at DISPATCH_LEVEL"))
      << describe(r);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)functions +30003\n"))) << describe(r);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)files with parse errors +0\n")))
      << describe(r);
}

// A run's facts stay in memory until the report is written, and nothing bounded how much source
// one run read. Past --max-total-size the rest of the unit is left out, said and counted.
TEST(Robustness, SourcePastTheRunLimitIsLeftOutAndSaid) {
  Scratch s;
  s.write("drv/a_good.c", kGoodDriver);
  s.write("drv/b_big.c", "int Big;\n" + std::string(4096, '\n'));
  s.write("drv/c_small.c", "int Small;\n");
  RunResult r = run_pagewise({"check", "--stats", "--max-total-size", "0.002", "drv"}, s.path(),
                             kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/a_good.c");
  EXPECT_TRUE(has(r.out,
                  "pagewise: warning: drv: the sources of this run add up to more than "
                  "--max-total-size; 2 file(s) of this unit were left out, from drv/b_big.c on"))
      << describe(r);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("(^|\n)files left out +2\n"))) << describe(r);

  RunResult bad = run_pagewise({"check", "--max-total-size", "0", "drv"}, s.path());
  EXPECT_EQ(bad.status, 2) << describe(bad);
  EXPECT_TRUE(has(bad.err, "must be more than 0 and at most 65536 (MiB), not 0")) << describe(bad);
}

// `loop -> .` and a header that includes "loop/a.h": the same header under ever longer names,
// each analysed with its own copy of every finding, until the system's path limit.
TEST(Robustness, IncludeCycleThroughAFolderLinkReadsTheFileOnce) {
  Scratch s;
  s.write("drv/driver.c", "#include \"a.h\"\n");
  s.write("drv/a.h", std::string("#include \"loop/a.h\"\n") + kGoodDriver);
  fs::create_directory_symlink(".", s.path("drv/loop"));
  RunResult r = run_pagewise({"check", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.h:3:6: warning: 'GoodPaged' is in pageable section PAGE"))
      << describe(r);
  EXPECT_EQ(r.out.find("GoodPaged' is in pageable"), r.out.rfind("GoodPaged' is in pageable"))
      << "one finding, not one per spelling\n"
      << describe(r);
  EXPECT_FALSE(has(r.out, "loop/")) << describe(r);
  EXPECT_TRUE(has(r.out, "in 2 files (1 unit)")) << describe(r);
}

// `Include="/**/*.c"` walked the whole disk: minutes, and a different number of files each run.
TEST(Robustness, ProjectWildcardOutsideTheProjectIsRefusedAndSaid) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  s.write("drv/drv.vcxproj",
          "<Project>\n"
          "  <ItemGroup>\n"
          "    <ClCompile Include=\"good.c\" />\n"
          "    <ClCompile Include=\"/**/*.c\" />\n"
          "    <ClCompile Include=\"..\\..\\**\\*.c\" />\n"
          "  </ItemGroup>\n"
          "</Project>\n");
  RunResult r = run_pagewise({"check", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  expect_good_analysed(r, "drv/good.c");
  EXPECT_TRUE(has(r.out,
                  "pagewise: warning: drv/drv.vcxproj: lists '/**/*.c': its wildcard "
                  "reaches outside the project's folder; skipped"))
      << describe(r);
  EXPECT_TRUE(has(r.out, "lists '../../**/*.c': its wildcard reaches outside")) << describe(r);
  EXPECT_TRUE(has(r.out, "in 1 file (1 unit)")) << describe(r);
}

// A call chain of 80 functions from a DPC to a paged one: the finding's evidence is bounded.
TEST(Robustness, EvidencePathIsBounded) {
  Scratch s;
  std::string text =
      "KDPC g_dpc;\n"
      "VOID Dpc(PKDPC d, PVOID c, PVOID a1, PVOID a2) { F1(); }\n";
  const int n = 80;
  for (int i = 1; i < n; ++i)
    text += "void F" + std::to_string(i) + "(void) { F" + std::to_string(i + 1) + "(); }\n";
  text += "#pragma alloc_text(PAGE, F80)\nvoid F80(void) { PAGED_CODE(); }\n";
  text +=
      "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
      "{ KeInitializeDpc(&g_dpc, Dpc, NULL); return 0; }\n";
  s.write("drv/chain.c", text);
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path(), kHangSeconds);
  ASSERT_FALSE(r.timed_out) << describe(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "'F80' is in pageable section PAGE but can run at DISPATCH_LEVEL"))
      << describe(r);
  size_t notes = 0;
  for (size_t at = r.out.find(" note: "); at != std::string::npos;
       at = r.out.find(" note: ", at + 1))
    ++notes;
  // The cut, 64 steps, and where F80 was placed in PAGE.
  EXPECT_LE(notes, 66u) << describe(r);
  EXPECT_TRUE(has(r.out,
                  "note: 'F16' and the callers before it are not shown: evidence paths "
                  "show at most 64 functions back from the finding"))
      << describe(r);
}

// ---- explain on inputs that are not there -------------------------------------------------------

TEST(Robustness, ExplainInAMissingFolderSaysItDoesNotExist) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  RunResult r = run_pagewise({"explain", "drv/good.c:GoodPaged", "--in", "nowhere"}, s.path());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.err, "pagewise: error: nowhere: does not exist")) << describe(r);
  EXPECT_FALSE(has(r.err, "no function")) << describe(r);
}

// ---- reports written whole or not at all -------------------------------------------------------

// The files of a folder, so a test can see that no temporary file was left behind.
std::vector<std::string> folder_entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(Robustness, ReportToAFullDeviceIsAnError) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  RunResult r = run_pagewise({"check", "--format", "sarif", "-o", "/dev/full", "drv"}, s.path());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.err, "pagewise: error: writing /dev/full failed: No space left on device"))
      << describe(r);
}

// A disk that fills up while the report is written (here: a file size limit, which fails the
// write the same way). The report that was there before stays whole, and nothing else is left.
TEST(Robustness, ReportThatFailsHalfWayLeavesThePreviousOneInPlace) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  std::string previous = s.write("out/report.sarif", "{\"a complete earlier report\": true}\n");
  struct rlimit old {};
  getrlimit(RLIMIT_FSIZE, &old);
  struct rlimit small = old;
  small.rlim_cur = 4096;  // a SARIF report is several times larger
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  sighandler_t was = signal(SIGXFSZ, SIG_IGN);  // the write fails (EFBIG) instead of the process
  RunResult r =
      run_pagewise({"check", "--format", "sarif", "-o", "out/report.sarif", "drv"}, s.path());
  signal(SIGXFSZ, was);
  setrlimit(RLIMIT_FSIZE, &old);
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.err, "pagewise: error: writing out/report.sarif failed")) << describe(r);
  EXPECT_EQ(read_all(previous), "{\"a complete earlier report\": true}\n");
  EXPECT_EQ(folder_entries(s.path("out")), std::vector<std::string>{"report.sarif"});
}

TEST(Robustness, ReportReplacesTheFileALinkNamesAndKeepsTheLink) {
  Scratch s;
  s.write("drv/good.c", kGoodDriver);
  s.write("out/real.json", "old\n");
  fs::create_symlink("real.json", s.path("out/link.json"));
  RunResult r = run_pagewise({"check", "--format", "json", "-o", "out/link.json", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(fs::is_symlink(s.path("out/link.json")));
  EXPECT_TRUE(has(read_all(s.path("out/real.json")), "\"findings\"")) << describe(r);
  EXPECT_EQ(folder_entries(s.path("out")), (std::vector<std::string>{"link.json", "real.json"}));
}

// Interrupted at any moment, a run leaves the earlier report or a complete new one, never a
// truncated one nor a temporary file, and ends by the signal at once.
TEST(Robustness, InterruptedRunLeavesNoPartialReport) {
  Scratch s;
  for (int i = 0; i < 200; ++i)
    s.write("drv/f" + std::to_string(i) + ".c",
            std::string(kGoodDriver) + "void Other" + std::to_string(i) + "(void) { }\n");
  const std::string earlier = "{\"earlier\": true}\n";
  for (int delay_ms : {20, 150, 400, 1000}) {
    std::string report = s.write("out/report.json", earlier);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      if (chdir(s.path().c_str()) != 0) _exit(99);
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, STDOUT_FILENO);
      dup2(devnull, STDERR_FILENO);
      execl(PW_EXE, PW_EXE, "check", "--format", "json", "-o", "out/report.json", "drv",
            static_cast<char*>(nullptr));
      _exit(98);
    }
    usleep(static_cast<useconds_t>(delay_ms) * 1000);
    kill(pid, SIGTERM);
    auto start = std::chrono::steady_clock::now();
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(kHangSeconds));
    // Either the signal ended it, or the run had already finished (exit 1: GoodPaged's findings).
    if (WIFSIGNALED(ws)) {
      EXPECT_EQ(WTERMSIG(ws), SIGTERM);
    } else {
      EXPECT_EQ(WEXITSTATUS(ws), 1) << "after " << delay_ms << " ms";
    }
    std::string now = read_all(report);
    if (now != earlier) {
      nlohmann::json doc = nlohmann::json::parse(now, nullptr, false);
      EXPECT_FALSE(doc.is_discarded()) << "a truncated report after " << delay_ms << " ms";
    }
    EXPECT_EQ(folder_entries(s.path("out")), std::vector<std::string>{"report.json"})
        << "after " << delay_ms << " ms";
  }
}

TEST(Robustness, HelpThatCannotBeWrittenIsAnError) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"check", "--help"}, {"explain", "--help"}}) {
    RunResult r = run_pagewise(args, "", 60, "/dev/full");
    EXPECT_EQ(r.status, 2) << args.back() << "\n" << describe(r);
    EXPECT_TRUE(has(r.err, "pagewise: error: cannot write to standard output")) << describe(r);
  }
  RunResult ok = run_pagewise({"--help"});
  EXPECT_EQ(ok.status, 0) << describe(ok);
}

}  // namespace
}  // namespace pagewise
