// check's on-disk facts cache as a user meets it: the second run takes the facts from the cache and
// reports byte for byte what the first did; an edit re-reads only the edited file; a damaged cache
// is rebuilt; --no-cache and --cache-dir decide where (and whether) it lives.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

using testing::describe;
using testing::run_pagewise;
using testing::RunResult;
using testing::Scratch;

// Two files of one driver: a DPC calling a pageable helper (an error with its path), and the
// helper's file.
void write_driver(const Scratch& s) {
  s.write("drv/dpc.c",
          "#include \"helper.h\"\n"
          "KDEFERRED_ROUTINE NicDpc;\n"
          "VOID NicDpc(PKDPC Dpc, PVOID C, PVOID A1, PVOID A2) { Helper(); }\n");
  s.write("drv/helper.h", "VOID Helper(VOID);\n");
  s.write("drv/helper.c",
          "#include \"helper.h\"\n"
          "#pragma alloc_text(PAGE, Helper)\n"
          "VOID Helper(VOID) { PAGED_CODE(); }\n");
}

uint64_t stat(const RunResult& r, const char* name) {
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) return 9999;
  return doc["stats"][name].get<uint64_t>();
}
uint64_t from_cache(const RunResult& r) { return stat(r, "facts_from_cache"); }
uint64_t units_from_cache(const RunResult& r) { return stat(r, "units_from_cache"); }

// The report without its --stats (times and memory differ from run to run).
std::string report(const RunResult& r) {
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) return r.out;
  doc.erase("stats");
  return doc.dump();
}

const std::vector<std::string> kJson = {"check",   "--format",  "json",
                                        "--stats", "--fail-on", "never"};

std::vector<std::string> with(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(CheckCache, SecondRunTakesEveryFileFromTheCacheAndReportsTheSame) {
  Scratch s;
  write_driver(s);
  RunResult cold = run_pagewise(with(kJson, {"drv"}), s.path());
  ASSERT_EQ(cold.status, 0) << describe(cold);
  EXPECT_EQ(from_cache(cold), 0u);
  EXPECT_TRUE(std::filesystem::is_directory(s.path("drv/.pagewise-cache")));
  RunResult warm = run_pagewise(with(kJson, {"drv"}), s.path());
  EXPECT_EQ(from_cache(warm), 0u) << describe(warm);  // the driver's findings are: no file is read
  EXPECT_EQ(units_from_cache(cold), 0u);
  EXPECT_EQ(units_from_cache(warm), 1u) << describe(warm);
  EXPECT_EQ(report(warm), report(cold));
  EXPECT_NE(report(cold).find("resident/irql"), std::string::npos) << describe(cold);

  RunResult text_cold = run_pagewise({"check", "--no-cache", "drv"}, s.path());
  RunResult text_warm = run_pagewise({"check", "drv"}, s.path());
  EXPECT_EQ(text_warm.out, text_cold.out);
  EXPECT_EQ(text_warm.status, text_cold.status);
}

TEST(CheckCache, AnEditReadsOnlyTheEditedFileAgain) {
  Scratch s;
  write_driver(s);
  run_pagewise(with(kJson, {"drv"}), s.path());
  s.write("drv/helper.c",
          "#include \"helper.h\"\n"
          "VOID Helper(VOID) { }\n");
  RunResult warm = run_pagewise(with(kJson, {"drv"}), s.path());
  EXPECT_EQ(from_cache(warm), 2u) << describe(warm);
  EXPECT_EQ(units_from_cache(warm), 0u) << describe(warm);
  RunResult cold = run_pagewise(with(kJson, {"--no-cache", "drv"}), s.path());
  EXPECT_EQ(report(warm), report(cold));
}

// Two drivers, each with its project: an edit in one checks that one again, and the other's
// findings come from the cache.
TEST(CheckCache, AnEditChecksOnlyTheDriverThatHoldsTheFile) {
  Scratch s;
  write_driver(s);
  for (const char* drv : {"drv", "drv2"}) {
    std::string project =
        "<Project><ItemGroup><ClCompile Include=\"dpc.c\" /><ClCompile Include=\"helper.c\" />"
        "</ItemGroup></Project>\n";
    s.write(std::string(drv) + "/drv.vcxproj", project);
  }
  for (const char* f : {"dpc.c", "helper.h", "helper.c"}) {
    std::ifstream in(s.path(std::string("drv/") + f));
    s.write(std::string("drv2/") + f, std::string(std::istreambuf_iterator<char>(in), {}));
  }
  RunResult cold = run_pagewise(with(kJson, {"--cache-dir", "c", "."}), s.path());
  EXPECT_EQ(units_from_cache(cold), 0u) << describe(cold);
  s.write("drv2/helper.c", "#include \"helper.h\"\nVOID Helper(VOID) { }\n");
  RunResult warm = run_pagewise(with(kJson, {"--cache-dir", "c", "."}), s.path());
  EXPECT_EQ(units_from_cache(warm), 1u) << describe(warm);
  RunResult fresh = run_pagewise(with(kJson, {"--no-cache", "."}), s.path());
  EXPECT_EQ(report(warm), report(fresh));
  EXPECT_NE(report(warm), report(cold));
}

TEST(CheckCache, DamagedEntriesAreReadAgainAndRewritten) {
  Scratch s;
  write_driver(s);
  RunResult cold = run_pagewise(with(kJson, {"--cache-dir", "cache", "drv"}), s.path());
  size_t damaged = 0;
  for (const auto& e : std::filesystem::directory_iterator(s.path("cache"))) {
    if (e.path().extension() != ".facts") continue;
    std::filesystem::resize_file(e.path(), std::filesystem::file_size(e.path()) / 2);
    ++damaged;
  }
  EXPECT_EQ(damaged, 4u);  // three files' facts and the driver's findings
  RunResult rebuilt = run_pagewise(with(kJson, {"--cache-dir", "cache", "drv"}), s.path());
  EXPECT_EQ(from_cache(rebuilt), 0u) << describe(rebuilt);
  EXPECT_EQ(report(rebuilt), report(cold));
  RunResult warm = run_pagewise(with(kJson, {"--cache-dir", "cache", "drv"}), s.path());
  EXPECT_EQ(from_cache(warm), 0u) << describe(warm);
  EXPECT_EQ(units_from_cache(warm), 1u) << describe(warm);
  EXPECT_FALSE(std::filesystem::exists(s.path("drv/.pagewise-cache")));
}

TEST(CheckCache, NoCacheNeitherReadsNorWrites) {
  Scratch s;
  write_driver(s);
  RunResult r = run_pagewise(with(kJson, {"--no-cache", "drv"}), s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_FALSE(std::filesystem::exists(s.path("drv/.pagewise-cache")));
}

TEST(CheckCache, AnUnwritableCacheDoesNotFailTheRun) {
  Scratch s;
  write_driver(s);
  s.write("blocker", "a file where the cache folder would be\n");
  RunResult r = run_pagewise(with(kJson, {"--cache-dir", "blocker/cache", "drv"}), s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_NE(r.err.find("facts cache"), std::string::npos) << describe(r);
  RunResult plain = run_pagewise(with(kJson, {"--no-cache", "drv"}), s.path());
  EXPECT_EQ(report(r), report(plain));
}

// A file two drivers compile keeps its advice only where both agree, also when one driver's result
// comes from the cache and the other is checked again (fixture advice/shared-file-two-drivers:
// FmtChecksum runs at DISPATCH_LEVEL in the poll driver, so the ioctl driver's note is dropped).
TEST(CheckCache, AdviceOnASharedFileHoldsForBothDriversWhenOneComesFromTheCache) {
  Scratch s;
  std::filesystem::copy(
      std::string(PW_SOURCE_DIR) + "/tests/fixtures/advice/shared-file-two-drivers", s.path("t"),
      std::filesystem::copy_options::recursive);
  RunResult cold = run_pagewise(with(kJson, {"t"}), s.path());
  ASSERT_EQ(cold.status, 0) << describe(cold);
  EXPECT_EQ(report(cold).find("'FmtChecksum'"), std::string::npos) << describe(cold);
  EXPECT_NE(report(cold).find("'FmtParseHeader'"), std::string::npos) << describe(cold);
  RunResult warm = run_pagewise(with(kJson, {"t"}), s.path());
  EXPECT_EQ(units_from_cache(warm), 2u) << describe(warm);
  EXPECT_EQ(report(warm), report(cold));
  {
    std::ofstream poll(s.path("t/poll/poll.c"), std::ios::app);
    poll << "\n// edited\n";
  }
  RunResult edited = run_pagewise(with(kJson, {"t"}), s.path());
  EXPECT_EQ(units_from_cache(edited), 1u) << describe(edited);
  EXPECT_EQ(report(edited), report(cold));
}

}  // namespace
}  // namespace pagewise
