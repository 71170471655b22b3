// `.pagewise.toml`: where it is found, what each key does, how flags combine with it, and the
// errors a bad file gets (with its line, exit status 2).
#include <gtest/gtest.h>

#include <string>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

using testing::describe;
using testing::has;
using testing::run_pagewise;
using testing::RunResult;
using testing::Scratch;

// A paged-code/missing warning on line 2, and another in legacy/ on line 2.
void write_driver(const Scratch& s) {
  s.write("repo/.git/HEAD", "ref: refs/heads/main\n");
  s.write("repo/drv/a.c",
          "#pragma alloc_text(PAGE, Fresh)\n"
          "void Fresh(int x) { if (x) x++; }\n");
  s.write("repo/drv/legacy/old.c",
          "#pragma alloc_text(PAGE, Old)\n"
          "void Old(int x) { if (x) x++; }\n");
}

TEST(ConfigFile, FoundInAParentFolderUpToTheRepositoryRoot) {
  Scratch s;
  write_driver(s);
  s.write("repo/.pagewise.toml", "exclude = [\"legacy/\"]\n");
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path("repo"));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "'Fresh'")) << describe(r);
  EXPECT_FALSE(has(r.out, "'Old'")) << describe(r);
  // A file above the repository's root is not the project's.
  Scratch above;
  write_driver(above);
  above.write(".pagewise.toml", "exclude = [\"legacy/\"]\n");
  RunResult r2 = run_pagewise({"check", "--no-advice", "drv"}, above.path("repo"));
  EXPECT_TRUE(has(r2.out, "'Old'")) << describe(r2);
}

TEST(ConfigFile, FoundInTheCheckedFolderAndUsedBySections) {
  Scratch s;
  write_driver(s);
  s.write("repo/drv/.pagewise.toml", "exclude = [\"legacy/\"]\n");
  RunResult r = run_pagewise({"check", "--no-advice", "."}, s.path("repo/drv"));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "'Fresh'")) << describe(r);
  EXPECT_FALSE(has(r.out, "'Old'")) << describe(r);
  RunResult sections = run_pagewise({"sections", "."}, s.path("repo/drv"));
  EXPECT_EQ(sections.status, 0) << describe(sections);
  EXPECT_TRUE(has(sections.out, "Fresh")) << describe(sections);
  EXPECT_FALSE(has(sections.out, "Old")) << describe(sections);
}

TEST(ConfigFile, ConfigFileFlagNamesItAndFlagsAddToIt) {
  Scratch s;
  write_driver(s);
  s.write("settings.toml", "exclude = [\"legacy/\"]\n");
  RunResult r = run_pagewise(
      {"check", "--no-advice", "--config-file", s.path("settings.toml"), "--exclude", "a.c", "drv"},
      s.path("repo"));
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "no findings")) << describe(r);
}

TEST(ConfigFile, SeveritiesPerRuleAndPath) {
  Scratch s;
  write_driver(s);
  s.write("repo/.pagewise.toml",
          "[[rules]]\n"
          "ids = [\"paged-code/*\"]\n"
          "severity = \"error\"\n"
          "\n"
          "[[rules]]\n"
          "ids = [\"paged-code/missing\"]\n"
          "paths = [\"drv/legacy/**\"]\n"
          "severity = \"off\"\n");
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path("repo"));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.c:2:6: error: 'Fresh'")) << describe(r);
  EXPECT_FALSE(has(r.out, "'Old'")) << describe(r);
  s.write("repo/.pagewise.toml",
          "[[rules]]\nids = [\"*\"]\nseverity = \"note\"\n"
          "[[rules]]\nids = [\"paged-code/missing\"]\npaths = [\"drv/a.c\"]\nseverity = \"on\"\n");
  RunResult r2 = run_pagewise({"check", "--no-advice", "drv"}, s.path("repo"));
  EXPECT_TRUE(has(r2.out, "drv/a.c:2:6: warning: 'Fresh'")) << describe(r2);
  EXPECT_TRUE(has(r2.out, "drv/legacy/old.c:2:6: note: 'Old'")) << describe(r2);
}

TEST(ConfigFile, DefinesUndefinesBlankAndConfiguration) {
  Scratch s;
  s.write("repo/.git/HEAD", "");
  s.write("repo/drv/a.c",
          "#ifdef PAGE_IT\n"
          "#pragma alloc_text(PAGE, Fn)\n"
          "#endif\n"
          "#ifndef NO_MORE\n"
          "#pragma alloc_text(PAGE, Fn2)\n"
          "#endif\n"
          "void MYDECO Fn(int x) { if (x) x++; }\n"
          "void Fn2(int x) { if (x) x++; }\n");
  s.write("repo/.pagewise.toml",
          "define = [\"PAGE_IT\"]\n"
          "undefine = [\"NO_MORE\"]\n"
          "blank = [\"MYDECO\"]\n"
          "configuration = \"Debug|x64\"\n");
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path("repo"));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.c:7:13: warning: 'Fn'")) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.c:8:6: warning: 'Fn2'")) << describe(r);
  // -U on the command line beats the file's define.
  RunResult r2 = run_pagewise({"check", "--no-advice", "-U", "PAGE_IT", "drv"}, s.path("repo"));
  EXPECT_FALSE(has(r2.out, "'Fn'")) << describe(r2);
}

TEST(ConfigFile, ProjectLockHelperAndCallbackRole) {
  Scratch s;
  s.write("repo/.git/HEAD", "");
  s.write("repo/drv/a.c",
          "typedef void NIC_TICK(void *Context);\n"
          "NIC_TICK NicTick;\n"
          "void NicLock(void *Adapter);\n"
          "void NicUnlock(void *Adapter);\n"
          "#pragma alloc_text(PAGE, NicTick, Locked)\n"
          "void NicTick(void *Context) { PAGED_CODE(); }\n"
          "void Locked(void *a) {\n"
          "    PAGED_CODE();\n"
          "    NicLock(a);\n"
          "    NicUnlock(a);\n"
          "}\n");
  RunResult before = run_pagewise({"check", "--no-advice", "drv"}, s.path("repo"));
  EXPECT_EQ(before.status, 0) << describe(before);
  s.write("repo/.pagewise.toml",
          "[[lock_helper]]\n"
          "name = \"NicLock\"\n"
          "effect = \"acquire-spin-lock\"\n"
          "lock_arg = 0\n"
          "source = \"nic.h: takes Adapter->Lock with KeAcquireSpinLock\"\n"
          "[[lock_helper]]\n"
          "name = \"NicUnlock\"\n"
          "effect = \"release-spin-lock\"\n"
          "lock_arg = 0\n"
          "[[callback_role]]\n"
          "name = \"NIC_TICK\"\n"
          "irql = \"DISPATCH_LEVEL\"\n"
          "source = \"nic.h: called from the adapter's DPC\"\n");
  RunResult after = run_pagewise({"check", "--no-advice", "drv"}, s.path("repo"));
  EXPECT_EQ(after.status, 1) << describe(after);
  EXPECT_TRUE(has(after.out, "[resident/spin-lock]")) << describe(after);
  EXPECT_TRUE(has(after.out, "[resident/irql]")) << describe(after);
}

TEST(ConfigFile, ErrorsNameTheFileAndLineAndExitTwo) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"exclude = [\"a\"]\nexcludes = [\"b\"]\n", ".pagewise.toml:2: unknown key 'excludes'"},
      {"define = 3\n", ".pagewise.toml:1: 'define' must be a list of strings"},
      {"configuration = [\"x\"]\n", ".pagewise.toml:1: 'configuration' must be a string"},
      {"\n[[rules]]\nids = [\"*\"]\nseverity = \"loud\"\n",
       ".pagewise.toml:4: severity 'loud' is not one of on, off, error, warning, note"},
      {"[[rules]]\nseverity = \"off\"\n", ".pagewise.toml:1: [[rules]] needs 'ids'"},
      {"[[rules]]\nids = [\"*\"]\nseverity = \"off\"\ncolour = 1\n",
       ".pagewise.toml:4: unknown key 'colour' in [[rules]]"},
      {"[[lock_helper]]\nname = \"L\"\neffect = \"grab\"\n",
       ".pagewise.toml:3: unknown effect 'grab'"},
      {"[[callback_role]]\nname = \"R\"\nirql = \"SOMETIMES\"\n",
       ".pagewise.toml:3: 'SOMETIMES' is not an IRQL"},
      {"rules = \"x\"\n", ".pagewise.toml:1: 'rules' must be written as [[rules]] tables"},
      {"exclude = [\"a\"\n", ".pagewise.toml:"},  // not TOML
  };
  for (const Case& c : cases) {
    Scratch s;
    write_driver(s);
    s.write("repo/.pagewise.toml", c.text);
    RunResult r = run_pagewise({"check", "drv"}, s.path("repo"));
    EXPECT_EQ(r.status, 2) << c.text << "\n" << describe(r);
    EXPECT_TRUE(has(r.err, c.message)) << c.text << "\n" << describe(r);
    EXPECT_TRUE(r.out.empty()) << describe(r);
  }
  Scratch s;
  write_driver(s);
  RunResult r = run_pagewise({"check", "--config-file", "nowhere.toml", "drv"}, s.path("repo"));
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.err, "nowhere.toml: cannot read")) << describe(r);
}

TEST(ConfigFile, ConfigStillMeansTheProjectConfiguration) {
  Scratch s;
  write_driver(s);
  RunResult r =
      run_pagewise({"check", "--no-advice", "--config", "Debug|x64", "drv"}, s.path("repo"));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "'Fresh'")) << describe(r);
}

}  // namespace
}  // namespace pagewise
