#include "discover/discover.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "discover/walk.hpp"
#include "temp_tree.hpp"

namespace pagewise {
namespace {

namespace fs = std::filesystem;
using testing::InFolder;
using testing::TempTree;
using Files = std::vector<std::string>;

const Unit* find_unit(const Discovery& d, const std::string& name) {
  for (const Unit& u : d.units)
    if (u.name == name) return &u;
  return nullptr;
}

std::vector<std::string> unit_names(const Discovery& d) {
  std::vector<std::string> names;
  for (const Unit& u : d.units) names.push_back(u.name);
  return names;
}

const InputProblem* find_problem(const Discovery& d, const std::string& path) {
  for (const InputProblem& p : d.problems)
    if (p.path == path) return &p;
  return nullptr;
}

std::string kind_name(UnitKind k) {
  switch (k) {
    case UnitKind::VcxProj:
      return "vcxproj";
    case UnitKind::Sources:
      return "sources";
    case UnitKind::Folder:
      return "folder";
  }
  return "?";
}

// Everything a Discovery says, as text: equal texts mean equal results.
std::string describe(const Discovery& d) {
  std::ostringstream out;
  out << "root " << d.root << "\n";
  for (const Unit& u : d.units) {
    out << "unit " << u.name << " " << kind_name(u.kind) << " " << u.origin
        << " skipped=" << u.skipped << " " << u.skip_reason << "\n";
    for (const std::string& f : u.files) out << "  " << f << "\n";
  }
  for (const InputProblem& p : d.problems)
    out << "problem " << p.path << ": " << p.message << (p.fatal ? " (fatal)" : "") << "\n";
  return out.str();
}

Discovery discover_here(const std::vector<std::string>& inputs, DiscoverOptions opts = {}) {
  if (opts.threads == 0) opts.threads = 4;
  return discover(inputs, opts);
}

std::string here() { return fs::current_path().lexically_normal().generic_string(); }

// --- the walk -------------------------------------------------------------------------------

TEST(Discover, ParallelWalkEqualsSerialWalk) {
  TempTree t;
  t.write(".gitignore", "*.gen.c\nskipped/\n");
  size_t expected = 0;
  for (char a = '0'; a < '6'; ++a) {
    for (char b = '0'; b < '6'; ++b) {
      const std::string dir = std::string("d") + a + "/e" + b + "/";
      for (char f = '0'; f < '8'; ++f) {
        std::string name = dir;
        name += 'f';
        name += f;
        name += (f % 2) ? ".c" : ".h";
        t.write(name, "int x;\n");
        ++expected;
      }
      t.write(dir + "x.gen.c");
      t.write(dir + "skipped/y.c");
      t.write(dir + "notes.txt");
    }
  }
  t.write("d1/drv.vcxproj",
          R"(<Project><ItemGroup><ClCompile Include="e0\f1.c"/></ItemGroup></Project>)");
  t.write("d2/e3/sources", "SOURCES=f1.c f3.c\n");
  InFolder in(t.root());

  WalkOptions serial_walk;
  serial_walk.threads = 1;
  WalkOptions parallel_walk = serial_walk;
  parallel_walk.threads = 8;
  FolderListing serial = walk_folder(".", serial_walk);
  FolderListing parallel = walk_folder(".", parallel_walk);
  EXPECT_EQ(serial.source_files, parallel.source_files);
  EXPECT_EQ(serial.vcxproj_files, parallel.vcxproj_files);
  EXPECT_EQ(serial.sources_files, parallel.sources_files);
  EXPECT_EQ(serial.source_files.size(), expected);
  EXPECT_TRUE(std::is_sorted(serial.source_files.begin(), serial.source_files.end()));

  DiscoverOptions one;
  one.threads = 1;
  DiscoverOptions many;
  many.threads = 8;
  std::string reference = describe(discover({"."}, one));
  for (int run = 0; run < 5; ++run) EXPECT_EQ(describe(discover({"."}, many)), reference);
  EXPECT_EQ(describe(discover({"."}, DiscoverOptions{})), reference);  // hardware concurrency
}

TEST(Discover, GitignoreNegationAnchorsDirOnlyAndNesting) {
  TempTree t;
  t.write(".gitignore",
          "# generated\n"
          "*.gen.c\n"
          "!keep.gen.c\n"
          "/top.c\n"
          "gen.c/\n"
          "\\#hash.c\n");
  t.write("main.c");
  t.write("top.c");      // anchored: ignored here only
  t.write("sub/top.c");  // ...kept here
  t.write("a.gen.c");
  t.write("keep.gen.c");     // negation
  t.write("gen.c/inner.c");  // a folder named gen.c: dir-only pattern
  t.write("sub/gen.c");      // a file named gen.c: kept
  t.write("#hash.c");
  t.write("local.c");
  t.write("sub/.gitignore", "local.c\n!wanted.gen.c\n");
  t.write("sub/local.c");
  t.write("sub/deeper/local.c");
  t.write("sub/wanted.gen.c");  // the nested file re-includes what the root one ignores
  t.write("sub/x.gen.c");
  t.write(".git/objects/x.c");
  t.write(".git/HEAD");
  InFolder in(t.root());

  Discovery d = discover_here({"."});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  EXPECT_EQ(d.units[0].files, (Files{"keep.gen.c", "local.c", "main.c", "sub/gen.c", "sub/top.c",
                                     "sub/wanted.gen.c"}));
  EXPECT_TRUE(d.problems.empty()) << describe(d);

  DiscoverOptions no_gitignore;
  no_gitignore.use_gitignore = false;
  Discovery all = discover_here({"."}, no_gitignore);
  ASSERT_EQ(all.units.size(), 1u);
  EXPECT_EQ(all.units[0].files,
            (Files{"#hash.c", "a.gen.c", "gen.c/inner.c", "keep.gen.c", "local.c", "main.c",
                   "sub/deeper/local.c", "sub/gen.c", "sub/local.c", "sub/top.c",
                   "sub/wanted.gen.c", "sub/x.gen.c", "top.c"}));
}

// Checking a subfolder of a repository: the .gitignore files above it, up to the repository's
// root, and .git/info/exclude apply as git applies them; nearer files still win.
TEST(Discover, GitignoreFromTheRepositoryRootAppliesToASubfolder) {
  TempTree t;
  t.write(".git/HEAD", "ref: refs/heads/main\n");
  t.write(".git/info/exclude", "# local\n*.local.c\n");
  t.write(".gitignore", "*.gen.c\n/drivers/nic/top.c\nout/\n");
  t.write("drivers/.gitignore", "scratch.c\n!keep.gen.c\n");
  t.write("drivers/nic/main.c");
  t.write("drivers/nic/a.gen.c");     // root .gitignore
  t.write("drivers/nic/keep.gen.c");  // re-included by drivers/.gitignore
  t.write("drivers/nic/top.c");       // anchored pattern of the root, below the checked folder
  t.write("drivers/nic/sub/top.c");   // ...which does not match here
  t.write("drivers/nic/scratch.c");   // drivers/.gitignore
  t.write("drivers/nic/me.local.c");  // .git/info/exclude
  t.write("drivers/nic/out/x.c");     // a folder pattern of the root
  t.write("outside.c");
  InFolder in(t.root());
  Discovery d = discover_here({"drivers/nic"});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  EXPECT_EQ(d.units[0].files,
            (Files{"drivers/nic/keep.gen.c", "drivers/nic/main.c", "drivers/nic/sub/top.c"}));

  InFolder in_sub(t.path("drivers/nic"));
  Discovery here_too = discover_here({"."});
  ASSERT_EQ(here_too.units.size(), 1u) << describe(here_too);
  EXPECT_EQ(here_too.units[0].files, (Files{"keep.gen.c", "main.c", "sub/top.c"}));

  DiscoverOptions no_gitignore;
  no_gitignore.use_gitignore = false;
  Discovery all = discover_here({"."}, no_gitignore);
  ASSERT_EQ(all.units.size(), 1u);
  EXPECT_EQ(all.units[0].files.size(), 8u) << describe(all);
}

TEST(Discover, ExcludesBeatGitignore) {
  TempTree t;
  t.write(".gitignore", "*.gen.c\n");
  t.write("main.c");
  t.write("other.c");
  t.write("a.gen.c");
  t.write("sub/x.c");
  InFolder in(t.root());
  DiscoverOptions opts;
  opts.excludes = {"sub/", "main.c", "!a.gen.c"};
  Discovery d = discover_here({"."}, opts);
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  EXPECT_EQ(d.units[0].files, (Files{"a.gen.c", "other.c"}));
}

TEST(Discover, SymlinkedFoldersAreNotFollowedButLinkedFilesAre) {
  TempTree t;
  t.write("real/a.c");
  t.write("elsewhere/b.c");
  fs::create_directory_symlink("..", t.path("real/loop"));  // a loop back up
  fs::create_directory_symlink("../elsewhere", t.path("real/far"));
  fs::create_symlink("../elsewhere/b.c", t.path("real/linked.c"));
  fs::create_symlink("self.c", t.path("real/self.c"));  // dangling: a link to itself
  InFolder in(t.root());
  Discovery d = discover_here({"real"});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  EXPECT_EQ(d.units[0].files, (Files{"real/a.c", "real/linked.c"}));
  EXPECT_TRUE(d.problems.empty()) << describe(d);
}

TEST(Discover, UnreadableSubfolderIsReportedAndTheWalkGoesOn) {
  TempTree t;
  t.write("a.c");
  t.write("locked/b.c");
  t.write("z/c.c");
  ASSERT_EQ(chmod(t.path("locked").c_str(), 0), 0);
  InFolder in(t.root());
  Discovery d = discover_here({"."});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  if (geteuid() == 0) GTEST_SKIP() << "root reads folders whatever their mode";
  EXPECT_EQ(d.units[0].files, (Files{"a.c", "z/c.c"}));
  const InputProblem* p = find_problem(d, "locked");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_FALSE(p->fatal);
  EXPECT_NE(p->message.find("cannot read folder"), std::string::npos);
}

// --- inputs, paths and the root ------------------------------------------------------------

TEST(Discover, PathsKeepTheFormTheUserWroteNormalized) {
  TempTree t;
  t.write("examples/wdm/x.c");
  t.write("examples/wdm/sub/y.h");
  InFolder in(t.root());
  Discovery d = discover_here({"./examples//wdm/./"});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  EXPECT_EQ(d.units[0].name, "examples/wdm");
  EXPECT_EQ(d.units[0].kind, UnitKind::Folder);
  EXPECT_EQ(d.units[0].files, (Files{"examples/wdm/sub/y.h", "examples/wdm/x.c"}));
  EXPECT_EQ(d.root, here() + "/examples/wdm");

  std::string abs = here() + "/examples";
  Discovery a = discover_here({abs});
  ASSERT_EQ(a.units.size(), 1u) << describe(a);
  EXPECT_EQ(a.units[0].files, (Files{abs + "/wdm/sub/y.h", abs + "/wdm/x.c"}));
  EXPECT_EQ(a.root, abs);

  InFolder deeper(t.path("examples/wdm/sub"));
  Discovery up = discover_here({".."});
  ASSERT_EQ(up.units.size(), 1u) << describe(up);
  EXPECT_EQ(up.units[0].files, (Files{"../sub/y.h", "../x.c"}));
}

TEST(Discover, FileInputIsItsOwnUnitWithItsQuotedIncludes) {
  TempTree t;
  t.write("drv/main.c", "#include \"main.h\"\n#include <ntddk.h>\n");
  t.write("drv/main.h", "#include \"inc/types.h\"\n");
  t.write("drv/inc/types.h");
  t.write("drv/unrelated.c");
  InFolder in(t.root());
  Discovery d = discover_here({"drv/main.c"});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  const Unit& u = d.units[0];
  EXPECT_EQ(u.name, "drv/main.c");
  EXPECT_EQ(u.kind, UnitKind::Folder);
  EXPECT_EQ(u.origin, "drv/main.c");
  EXPECT_EQ(u.files, (Files{"drv/inc/types.h", "drv/main.c", "drv/main.h"}));
  EXPECT_EQ(d.root, here() + "/drv");
}

TEST(Discover, RootIsTheDeepestCommonFolderOfSeveralInputs) {
  TempTree t;
  t.write("drivers/one/a.c");
  t.write("drivers/two/deep/b.c");
  InFolder in(t.root());
  Discovery d = discover_here({"drivers/one", "drivers/two/deep/b.c"});
  EXPECT_EQ(d.root, here() + "/drivers");
  EXPECT_EQ(unit_names(d), (Files{"drivers/one", "drivers/two/deep/b.c"}));
}

TEST(Discover, MissingInputIsFatalButTheOthersAreAnalysed) {
  TempTree t;
  t.write("ok/a.c");
  InFolder in(t.root());
  Discovery d = discover_here({"missing", "ok"});
  const InputProblem* p = find_problem(d, "missing");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_TRUE(p->fatal);
  EXPECT_EQ(p->message, "does not exist");
  EXPECT_EQ(unit_names(d), Files{"ok"});
  EXPECT_EQ(d.root, here() + "/ok");
}

TEST(Discover, EmptyFolderHasNoUnitAndANonFatalProblem) {
  TempTree t;
  t.mkdir("empty");
  t.write("docs/readme.txt");
  InFolder in(t.root());
  Discovery d = discover_here({"empty", "docs"});
  EXPECT_TRUE(d.units.empty()) << describe(d);
  for (const char* path : {"empty", "docs"}) {
    const InputProblem* p = find_problem(d, path);
    ASSERT_NE(p, nullptr) << path << "\n" << describe(d);
    EXPECT_FALSE(p->fatal);
    EXPECT_EQ(p->message, "no C/C++ source files found");
  }
}

TEST(Discover, NonSourceFileInputIsFatal) {
  TempTree t;
  t.write("notes.txt");
  t.write("a.C");  // extensions match in any case
  InFolder in(t.root());
  Discovery d = discover_here({"notes.txt", "a.C"});
  const InputProblem* p = find_problem(d, "notes.txt");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_TRUE(p->fatal);
  EXPECT_EQ(p->message, "not a C/C++ source file, .vcxproj or WDK sources file");
  EXPECT_EQ(unit_names(d), Files{"a.C"});
}

TEST(Discover, UnreadableFileInputIsFatal) {
  TempTree t;
  t.write("secret.c");
  ASSERT_EQ(chmod(t.path("secret.c").c_str(), 0), 0);
  InFolder in(t.root());
  Discovery d = discover_here({"secret.c"});
  if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const InputProblem* p = find_problem(d, "secret.c");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_TRUE(p->fatal);
  EXPECT_TRUE(d.units.empty());
}

TEST(Discover, SpecialFileInputIsFatal) {
  TempTree t;
  ASSERT_EQ(mkfifo(t.path("pipe.c").c_str(), 0600), 0);
  InFolder in(t.root());
  Discovery d = discover_here({"pipe.c"});
  const InputProblem* p = find_problem(d, "pipe.c");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_TRUE(p->fatal);
  EXPECT_EQ(p->message, "is neither a file nor a folder");
  EXPECT_TRUE(d.units.empty());
}

TEST(Discover, UnreadableInputFolderIsFatal) {
  TempTree t;
  t.write("locked/a.c");
  ASSERT_EQ(chmod(t.path("locked").c_str(), 0), 0);
  InFolder in(t.root());
  Discovery d = discover_here({"locked"});
  if (geteuid() == 0) GTEST_SKIP() << "root reads folders whatever their mode";
  const InputProblem* p = find_problem(d, "locked");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_TRUE(p->fatal);
  EXPECT_TRUE(d.units.empty());
}

TEST(Discover, SameInputTwiceGivesOneUnit) {
  TempTree t;
  t.write("a/x.c");
  InFolder in(t.root());
  Discovery d = discover_here({"a", "./a/"});
  EXPECT_EQ(unit_names(d), Files{"a"});
}

// --- project units ----------------------------------------------------------------------------

TEST(Discover, VcxprojItemsHeadersIncludesAndFilesOutsideTheProject) {
  TempTree t;
  t.write("drv/drv.vcxproj", R"(<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup><DriverType>KMDF</DriverType></PropertyGroup>
  <ItemGroup>
    <ClCompile Include="Driver.C" />
    <ClCompile Include='SRC\queue.c' />
    <ClCompile Include="..\common\util.c" />
    <ClCompile Include="src\**\*.cpp" />
    <ClCompile Include="$(IntDir)trace.c" />
    <ClCompile Include="gone.c" />
    <ClInclude Include="public\ioctl.h" />
  </ItemGroup>
</Project>)");
  t.write("drv/driver.c", "#include <ntddk.h>\n#include <wdf.h>\n");
  t.write("drv/driver.h");  // beside the project: part of it
  t.write("drv/public/ioctl.h");
  t.write("drv/src/Queue.c", "#include \"Private.h\"\n");
  t.write("drv/src/private.h", "#include \"..\\..\\common\\shared.h\"\n");
  t.write("drv/src/a.cpp");
  t.write("drv/src/deep/b.cpp");
  t.write("drv/src/notincluded.h");
  t.write("drv/unused.c");
  t.write("common/util.c");
  t.write("common/shared.h");
  t.write("common/other.c");
  InFolder in(t.root());

  Discovery d = discover_here({"."});
  EXPECT_EQ(unit_names(d), (Files{".", "drv/drv.vcxproj"})) << describe(d);
  const Unit* u = find_unit(d, "drv/drv.vcxproj");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->kind, UnitKind::VcxProj);
  EXPECT_EQ(u->origin, "drv/drv.vcxproj");
  EXPECT_FALSE(u->skipped) << u->skip_reason;
  EXPECT_EQ(u->files, (Files{"common/shared.h", "common/util.c", "drv/driver.c", "drv/driver.h",
                             "drv/public/ioctl.h", "drv/src/Queue.c", "drv/src/a.cpp",
                             "drv/src/deep/b.cpp", "drv/src/private.h"}));

  // What no project claims is still analysed, as the folder's own unit.
  const Unit* rest = find_unit(d, ".");
  ASSERT_NE(rest, nullptr);
  EXPECT_EQ(rest->kind, UnitKind::Folder);
  EXPECT_EQ(rest->files, (Files{"common/other.c", "drv/src/notincluded.h", "drv/unused.c"}));

  const InputProblem* p = find_problem(d, "drv/drv.vcxproj");
  ASSERT_NE(p, nullptr) << describe(d);
  EXPECT_FALSE(p->fatal);
  EXPECT_NE(p->message.find("gone.c"), std::string::npos);
}

// One spelling per file: a project naming `..\Common\Foo.C` for common/foo.c gets the disk's
// spelling, so the file is analysed once, in the project, and not again in the folder's unit.
TEST(Discover, ProjectSpellingOfAFileIsTheDisksSpelling) {
  TempTree t;
  t.write("drv/drv.vcxproj", R"(<Project>
  <PropertyGroup><DriverType>WDM</DriverType></PropertyGroup>
  <ItemGroup><ClCompile Include="..\Common\Foo.C" /><ClCompile Include="Main.c" /></ItemGroup>
</Project>)");
  t.write("drv/main.c");
  t.write("common/foo.c");
  InFolder in(t.root());
  Discovery d = discover_here({"."});
  EXPECT_EQ(unit_names(d), (Files{"drv/drv.vcxproj"})) << describe(d);
  const Unit* u = find_unit(d, "drv/drv.vcxproj");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->files, (Files{"common/foo.c", "drv/main.c"}));
}

TEST(Discover, SourcesFileWithContinuations) {
  TempTree t;
  t.write("legacy/sources",
          "TARGETNAME=legacy\n"
          "TARGETTYPE=DRIVER\n"
          "SOURCES= a.c \\\n"
          "   B.c \\\n"
          "   ..\\shared\\s.c \\\n"
          "   legacy.rc\n");
  t.write("legacy/a.c");
  t.write("legacy/b.c");
  t.write("legacy/legacy.h");
  t.write("shared/s.c");
  InFolder in(t.root());
  Discovery d = discover_here({"legacy"});
  ASSERT_EQ(d.units.size(), 1u) << describe(d);
  const Unit& u = d.units[0];
  EXPECT_EQ(u.name, "sources");  // relative to the root, which is the folder given
  EXPECT_EQ(u.kind, UnitKind::Sources);
  EXPECT_EQ(u.origin, "legacy/sources");
  EXPECT_EQ(u.files, (Files{"legacy/a.c", "legacy/b.c", "legacy/legacy.h", "shared/s.c"}));
  EXPECT_TRUE(d.problems.empty()) << describe(d);
}

TEST(Discover, QuotedIncludesAreLookedForInTheProjectsIncludeDirectories) {
  TempTree t;
  t.write("drv/drv.vcxproj", R"(<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup><DriverType>KMDF</DriverType></PropertyGroup>
  <ItemDefinitionGroup><ClCompile>
    <AdditionalIncludeDirectories>..\inc;$(DDK_INC_PATH);%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>
  </ClCompile></ItemDefinitionGroup>
  <ItemGroup><ClCompile Include="src\driver.c" /></ItemGroup>
</Project>)");
  t.write("drv/src/driver.c",
          "#include \"shared.h\"\n#include \"local.h\"\n#include \"nowhere.h\"\n");
  t.write("drv/local.h");   // the project's own folder is searched too
  t.write("inc/Shared.h");  // found case-insensitively in ..\inc
  t.write("inc/unused.h");
  InFolder in(t.root());

  Discovery d = discover_here({"drv"});
  const Unit* u = find_unit(d, "drv.vcxproj");
  ASSERT_NE(u, nullptr) << describe(d);
  EXPECT_EQ(u->files, (Files{"drv/local.h", "drv/src/driver.c", "inc/Shared.h"})) << describe(d);
}

// `#include <x>` is looked for in the include directories and the project's folder first, then
// beside the includer; a system header is found nowhere and stays out.
TEST(Discover, AngledIncludesAreLookedForInTheIncludeDirectoriesThenBesideTheIncluder) {
  TempTree t;
  t.write("drv/drv.vcxproj", R"(<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup><DriverType>KMDF</DriverType></PropertyGroup>
  <ItemDefinitionGroup><ClCompile>
    <AdditionalIncludeDirectories>..\inc</AdditionalIncludeDirectories>
  </ClCompile></ItemDefinitionGroup>
  <ItemGroup><ClCompile Include="src\driver.c" /></ItemGroup>
</Project>)");
  t.write("drv/src/driver.c",
          "#include <ntddk.h>\n#include <lib/Paging.h>\n#include <beside.h>\n#include <trace.h>\n");
  t.write("inc/lib/paging.h", "#include <lib/locks.h>\n");  // found case-insensitively
  t.write("inc/lib/locks.h");                               // through another angled include
  t.write("drv/src/beside.h");                              // beside the includer, last
  t.write("drv/src/trace.h");  // also in the include directory, which comes first
  t.write("inc/trace.h");
  InFolder in(t.root());

  Discovery d = discover_here({"drv"});
  const Unit* u = find_unit(d, "drv.vcxproj");
  ASSERT_NE(u, nullptr) << describe(d);
  EXPECT_EQ(u->files, (Files{"drv/src/beside.h", "drv/src/driver.c", "inc/lib/locks.h",
                             "inc/lib/paging.h", "inc/trace.h"}))
      << describe(d);
}

TEST(Discover, PropsOfTheRepositoryImportedOthersNot) {
  TempTree t;
  t.write("outside.props",
          R"(<Project><ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>OUTSIDE)"
          R"(</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup></Project>)");
  t.write("repo/.git/HEAD");
  t.write("repo/all.sln");
  t.write("repo/build/Common.props",
          R"(<Project><PropertyGroup><DrvDefs>FROM_PROPS=1</DrvDefs></PropertyGroup>)"
          R"(<ItemDefinitionGroup><ClCompile><AdditionalIncludeDirectories>)"
          R"($(MSBuildThisFileDirectory)..\inc</AdditionalIncludeDirectories>)"
          R"(</ClCompile></ItemDefinitionGroup></Project>)");
  t.write("repo/drv/drv.vcxproj", R"(<Project>
  <Import Project="$(SolutionDir)build\common.props" />
  <Import Project="..\..\outside.props" />
  <ItemDefinitionGroup><ClCompile>
    <PreprocessorDefinitions>$(DrvDefs);%(PreprocessorDefinitions)</PreprocessorDefinitions>
  </ClCompile></ItemDefinitionGroup>
  <ItemGroup><ClCompile Include="driver.c" /></ItemGroup>
</Project>)");
  t.write("repo/drv/driver.c", "#include \"shared.h\"\n");
  t.write("repo/inc/shared.h");
  InFolder in(t.root());

  Discovery d = discover_here({"repo/drv"});
  const Unit* u = find_unit(d, "drv.vcxproj");
  ASSERT_NE(u, nullptr) << describe(d);
  EXPECT_EQ(u->defines, (Files{"FROM_PROPS=1"})) << describe(d);
  EXPECT_EQ(u->files, (Files{"repo/drv/driver.c", "repo/inc/shared.h"})) << describe(d);
}

TEST(Discover, VcxprojWinsOverSourcesInTheSameFolder) {
  TempTree t;
  t.write("both/both.vcxproj",
          R"(<Project><ItemGroup><ClCompile Include="new.c"/></ItemGroup></Project>)");
  t.write("both/SOURCES", "SOURCES=old.c\n");
  t.write("both/new.c");
  t.write("both/old.c");
  InFolder in(t.root());
  Discovery d = discover_here({"both"});
  EXPECT_EQ(unit_names(d), (Files{"both", "both.vcxproj"})) << describe(d);
  EXPECT_EQ(find_unit(d, "both.vcxproj")->files, Files{"both/new.c"});
  EXPECT_EQ(find_unit(d, "both")->files, Files{"both/old.c"});
}

TEST(Discover, TwoDriversInSiblingFoldersAreTwoUnits) {
  TempTree t;
  const std::string entry =
      "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { return 0; }\n";
  t.write("drivers/one/one.vcxproj",
          R"(<Project><ItemGroup><ClCompile Include="one.c"/></ItemGroup></Project>)");
  t.write("drivers/one/one.c", entry);
  t.write("drivers/two/sources", "SOURCES=two.c\n");
  t.write("drivers/two/two.c", entry);
  InFolder in(t.root());
  Discovery d = discover_here({"drivers"});
  EXPECT_EQ(unit_names(d), (Files{"one/one.vcxproj", "two/sources"})) << describe(d);
  EXPECT_EQ(find_unit(d, "one/one.vcxproj")->files, Files{"drivers/one/one.c"});
  EXPECT_EQ(find_unit(d, "two/sources")->files, Files{"drivers/two/two.c"});
  EXPECT_TRUE(d.problems.empty()) << describe(d);

  // Without project files, each folder given is one driver.
  TempTree bare;
  bare.write("one/one.c", entry);
  bare.write("two/two.c", entry);
  InFolder in_bare(bare.root());
  Discovery b = discover_here({"two", "one"});
  EXPECT_EQ(unit_names(b), (Files{"one", "two"}));
  EXPECT_EQ(find_unit(b, "one")->files, Files{"one/one.c"});
}

TEST(Discover, SharedHeaderBelongsToEveryUnitThatIncludesIt) {
  TempTree t;
  t.write("a/a.vcxproj", R"(<Project><ItemGroup><ClCompile Include="a.c"/></ItemGroup></Project>)");
  t.write("a/a.c", "#include \"../inc/shared.h\"\n");
  t.write("b/b.vcxproj", R"(<Project><ItemGroup><ClCompile Include="b.c"/></ItemGroup></Project>)");
  t.write("b/b.c", "#include \"../inc/shared.h\"\n");
  t.write("inc/shared.h");
  InFolder in(t.root());
  Discovery d = discover_here({"."});
  EXPECT_EQ(unit_names(d), (Files{"a/a.vcxproj", "b/b.vcxproj"})) << describe(d);
  EXPECT_EQ(find_unit(d, "a/a.vcxproj")->files, (Files{"a/a.c", "inc/shared.h"}));
  EXPECT_EQ(find_unit(d, "b/b.vcxproj")->files, (Files{"b/b.c", "inc/shared.h"}));
}

// --- UMDF -------------------------------------------------------------------------------------

TEST(Discover, UmdfIsRecognisedEachWay) {
  TempTree t;
  t.write("by_type/u.vcxproj",
          "<Project><PropertyGroup><DriverType>UMDF</DriverType></PropertyGroup>"
          "<ItemGroup><ClCompile Include=\"u.cpp\"/></ItemGroup></Project>");
  t.write("by_type/u.cpp", "#include <wdf.h>\n");
  t.write("by_version/v.vcxproj",
          "<Project><PropertyGroup><UMDF_VERSION_MAJOR>2</UMDF_VERSION_MAJOR></PropertyGroup>"
          "<ItemGroup><ClCompile Include=\"v.cpp\"/></ItemGroup></Project>");
  t.write("by_version/v.cpp");
  t.write("by_sources/sources", "UMDF_VERSION_MAJOR=1\nSOURCES=s.cpp\n");
  t.write("by_sources/s.cpp");
  t.write("by_header/h.vcxproj",
          "<Project><ItemGroup><ClCompile Include=\"h.cpp\"/></ItemGroup></Project>");
  t.write("by_header/h.cpp", "#include \"internal.h\"\n");
  t.write("by_header/internal.h", "#include <WUDFDdi.h>\n");
  t.write("kmdf/k.vcxproj",
          "<Project><PropertyGroup><DriverType>KMDF</DriverType></PropertyGroup>"
          "<ItemGroup><ClCompile Include=\"k.c\"/></ItemGroup></Project>");
  t.write("kmdf/k.c", "#include <ntddk.h>\n#include <wdf.h>\n");
  InFolder in(t.root());

  Discovery d = discover_here({"."});
  ASSERT_EQ(d.units.size(), 5u) << describe(d);
  const Unit* by_type = find_unit(d, "by_type/u.vcxproj");
  ASSERT_NE(by_type, nullptr);
  EXPECT_TRUE(by_type->skipped);
  EXPECT_NE(by_type->skip_reason.find("<DriverType>UMDF</DriverType>"), std::string::npos);
  EXPECT_NE(by_type->skip_reason.find("UMDF"), std::string::npos);

  const Unit* by_version = find_unit(d, "by_version/v.vcxproj");
  ASSERT_NE(by_version, nullptr);
  EXPECT_TRUE(by_version->skipped);
  EXPECT_NE(by_version->skip_reason.find("UMDF_VERSION_MAJOR"), std::string::npos);

  const Unit* by_sources = find_unit(d, "by_sources/sources");
  ASSERT_NE(by_sources, nullptr);
  EXPECT_TRUE(by_sources->skipped);
  EXPECT_NE(by_sources->skip_reason.find("UMDF_VERSION_MAJOR=1"), std::string::npos);

  const Unit* by_header = find_unit(d, "by_header/h.vcxproj");
  ASSERT_NE(by_header, nullptr);
  EXPECT_TRUE(by_header->skipped);
  EXPECT_NE(by_header->skip_reason.find("by_header/internal.h includes wudfddi.h"),
            std::string::npos)
      << by_header->skip_reason;

  const Unit* kmdf = find_unit(d, "kmdf/k.vcxproj");
  ASSERT_NE(kmdf, nullptr);
  EXPECT_FALSE(kmdf->skipped);
  EXPECT_EQ(kmdf->skip_reason, "");
}

TEST(Discover, UmdfFolderWithoutProjectIsRecognisedByItsHeaders) {
  TempTree t;
  t.write("umdf/device.cpp", "#include <wudfwdm.h>\n");
  t.write("wdm/driver.c", "#include <wdm.h>\n");
  InFolder in(t.root());
  Discovery d = discover_here({"umdf", "wdm"});
  ASSERT_EQ(d.units.size(), 2u) << describe(d);
  EXPECT_TRUE(find_unit(d, "umdf")->skipped);
  EXPECT_FALSE(find_unit(d, "wdm")->skipped);
}

// Code built both ways keeps its user-mode half in um/ beside km/: a kernel call must never
// resolve to the user-mode definition, so the um/ files are left out of a folder unit. A um/
// folder without a km/ sibling is an ordinary folder.
TEST(Discover, UserModeHalfOfAUmKmPairIsLeftOut) {
  TempTree t;
  t.write("fw/shared/km/device.cpp", "void Detach(void) {}\n");
  t.write("fw/shared/um/device.cpp", "void Detach(void) {}\n");
  t.write("fw/shared/core.cpp", "void Detach(void);\nvoid Run(void) { Detach(); }\n");
  t.write("other/um/tool.c", "int main(void) { return 0; }\n");
  InFolder in(t.root());
  Discovery d = discover_here({"fw", "other"});
  const Unit* fw = find_unit(d, "fw");
  ASSERT_NE(fw, nullptr) << describe(d);
  EXPECT_EQ(fw->files, (Files{"fw/shared/core.cpp", "fw/shared/km/device.cpp"})) << describe(d);
  bool said = false;
  for (const InputProblem& p : d.problems)
    said |= p.message.find("um/ folder") != std::string::npos;
  EXPECT_TRUE(said) << describe(d);
  const Unit* other = find_unit(d, "other");
  ASSERT_NE(other, nullptr) << describe(d);
  EXPECT_EQ(other->files, (Files{"other/um/tool.c"}));
}

}  // namespace
}  // namespace pagewise

namespace pagewise {
namespace {

// SARIF's SRCROOT: the git repository the inputs are in, found from their common folder up (a
// `.git` file, as in a worktree, counts); none outside a repository.
TEST(Discover, RepositoryOfTheInputsIsFoundUpwards) {
  testing::TempTree t;
  t.write("repo/.git", "gitdir: /elsewhere\n");
  t.write("repo/drivers/a/x.c");
  t.write("repo/drivers/b/y.c");
  t.write("loose/z.c");
  Discovery in_repo =
      discover({t.path("repo/drivers/a").string(), t.path("repo/drivers/b/y.c").string()},
               DiscoverOptions{});
  EXPECT_EQ(in_repo.repository, t.path("repo").string());
  EXPECT_EQ(std::filesystem::path(in_repo.root), t.path("repo/drivers"));
  Discovery loose = discover({t.path("loose").string()}, DiscoverOptions{});
  EXPECT_EQ(loose.repository, "");
}

}  // namespace
}  // namespace pagewise
