// Adopting pagewise on an existing driver: findings silenced in the source (kept, marked, shown on
// request), a baseline of the findings a team already has, and the project's .pagewise.toml.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
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

nlohmann::json sarif_results(const RunResult& r) {
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << "not JSON:\n" << describe(r);
    return nlohmann::json::array();
  }
  return doc["runs"][0]["results"];
}

// Two paged-code/missing warnings (lines 2 and 4); the first is silenced (a comment silences its
// own line and the next).
constexpr const char* kSilencedDriver =
    "#pragma alloc_text(PAGE, Quiet, Loud)\n"
    "void Quiet(int x) { if (x) x++; }  // pagewise: ignore[paged-code/missing] unload only\n"
    "\n"
    "void Loud(int x) { if (x) x++; }\n";

// ---- suppressions ------------------------------------------------------------------------------

TEST(Suppressions, HiddenByDefaultShownOnRequestWithTheReason) {
  Scratch s;
  s.write("drv/a.c", kSilencedDriver);
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_FALSE(has(r.out, "'Quiet'")) << describe(r);
  EXPECT_TRUE(has(r.out, "0 errors, 1 warning, 0 notes")) << describe(r);
  EXPECT_TRUE(has(r.out, "1 suppressed (--show-suppressed)")) << describe(r);

  RunResult shown = run_pagewise({"check", "--no-advice", "--show-suppressed", "drv"}, s.path());
  EXPECT_EQ(shown.status, 1) << describe(shown);
  EXPECT_TRUE(has(shown.out, "drv/a.c:2:6: warning: 'Quiet'")) << describe(shown);
  EXPECT_TRUE(has(shown.out, "[paged-code/missing] (suppressed: unload only)")) << describe(shown);
  EXPECT_TRUE(has(shown.out, "0 errors, 1 warning, 0 notes in 1 file (1 unit); 1 suppressed\n"))
      << describe(shown);

  RunResult html = run_pagewise(
      {"check", "--no-advice", "--show-suppressed", "--format", "html", "drv"}, s.path());
  EXPECT_TRUE(has(html.out, "<p class=\"suppressed\">Suppressed: unload only</p>"))
      << describe(html);

  RunResult json = run_pagewise(
      {"check", "--no-advice", "--show-suppressed", "--format", "json", "drv"}, s.path());
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << describe(json);
  ASSERT_EQ(doc["findings"].size(), 2u) << describe(json);
  EXPECT_EQ(doc["findings"][0]["suppressed"], true);
  EXPECT_EQ(doc["findings"][0]["suppression_reason"], "unload only");
  EXPECT_FALSE(doc["findings"][1].contains("suppressed"));
}

TEST(Suppressions, SarifAlwaysHasThemWithAnInSourceSuppression) {
  Scratch s;
  s.write("drv/a.c", kSilencedDriver);
  RunResult r = run_pagewise({"check", "--no-advice", "--format", "sarif", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  nlohmann::json results = sarif_results(r);
  ASSERT_EQ(results.size(), 2u) << describe(r);
  ASSERT_TRUE(results[0].contains("suppressions")) << results[0].dump(2);
  EXPECT_EQ(results[0]["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(results[0]["suppressions"][0]["justification"], "unload only");
  EXPECT_FALSE(results[1].contains("suppressions"));
}

TEST(Suppressions, OnlySilencedFindingsExitZero) {
  Scratch s;
  s.write("drv/a.c",
          "#pragma alloc_text(PAGE, Quiet)\n"
          "void Quiet(int x) { if (x) x++; }  // pagewise: ignore[paged-code/missing] why\n");
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "no findings")) << describe(r);
}

TEST(Suppressions, AnUnknownRuleIdIsReportedWithItsPlace) {
  Scratch s;
  s.write("drv/a.c",
          "#pragma alloc_text(PAGE, Quiet)\n"
          "void Quiet(int x) { if (x) x++; }  // pagewise: ignore[paged-code/mising] typo\n"
          "// pagewise: ignore[nofamily/*] no such family\n"
          "// pagewise: ignore\n");
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out,
                  "pagewise: warning: drv/a.c: line 2: ignore[paged-code/mising] names no "
                  "rule"))
      << describe(r);
  EXPECT_TRUE(has(r.out, "line 3: ignore[nofamily/*] names no rule")) << describe(r);
  EXPECT_TRUE(has(r.out, "line 4: 'pagewise: ignore' without a [rule-id] list")) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.c:2:6: warning: 'Quiet'")) << "a typo silences nothing\n"
                                                           << describe(r);
}

// ---- baseline ----------------------------------------------------------------------------------

constexpr const char* kTwoWarnings =
    "#pragma alloc_text(PAGE, First, Second)\n"
    "void First(int x) { if (x) x++; }\n"
    "void Second(int x) { if (x) x++; }\n";

TEST(Baseline, RoundTripReportsNothingNew) {
  Scratch s;
  s.write("drv/a.c", kTwoWarnings);
  RunResult w =
      run_pagewise({"check", "--no-advice", "--write-baseline", "base.sarif", "drv"}, s.path());
  EXPECT_EQ(w.status, 1) << describe(w);
  EXPECT_TRUE(has(w.out, "'First'")) << "writing a baseline still reports\n" << describe(w);

  RunResult r = run_pagewise({"check", "--no-advice", "--baseline", "base.sarif", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_FALSE(has(r.out, "'First'")) << describe(r);
  EXPECT_TRUE(has(r.out, "no findings")) << describe(r);
  EXPECT_TRUE(has(r.out, "2 in the baseline")) << describe(r);

  RunResult sarif = run_pagewise(
      {"check", "--no-advice", "--format", "sarif", "--baseline", "base.sarif", "drv"}, s.path());
  EXPECT_EQ(sarif.status, 0) << describe(sarif);
  nlohmann::json results = sarif_results(sarif);
  ASSERT_EQ(results.size(), 2u) << describe(sarif);
  for (const auto& res : results) EXPECT_EQ(res["baselineState"], "unchanged") << res.dump(2);
}

TEST(Baseline, AnEditGivesOneNewAndOneAbsent) {
  Scratch s;
  s.write("drv/a.c", kTwoWarnings);
  RunResult w =
      run_pagewise({"check", "--no-advice", "--write-baseline", "base.sarif", "drv"}, s.path());
  ASSERT_EQ(w.status, 1) << describe(w);
  // Lines added above move First: a moved finding is still the same finding. Second is fixed,
  // Third is new.
  s.write("drv/a.c",
          "#pragma alloc_text(PAGE, First, Second, Third)\n"
          "\n"
          "\n"
          "void First(int x) { if (x) x++; }\n"
          "void Second(int x) { PAGED_CODE(); if (x) x++; }\n"
          "void Third(int x) { if (x) x++; }\n");
  RunResult r = run_pagewise({"check", "--no-advice", "--baseline", "base.sarif", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.c:6:6: warning: 'Third'")) << describe(r);
  EXPECT_FALSE(has(r.out, "'First'")) << describe(r);
  EXPECT_TRUE(has(r.out, "0 errors, 1 warning, 0 notes")) << describe(r);

  RunResult sarif = run_pagewise(
      {"check", "--no-advice", "--format", "sarif", "--baseline", "base.sarif", "drv"}, s.path());
  nlohmann::json results = sarif_results(sarif);
  std::map<std::string, int> states;
  for (const auto& res : results) ++states[res["baselineState"].get<std::string>()];
  EXPECT_EQ(states["new"], 1) << results.dump(2);
  EXPECT_EQ(states["unchanged"], 1) << results.dump(2);
  EXPECT_EQ(states["absent"], 1) << results.dump(2);
  // Outside a git repository SRCROOT is the folder of the inputs (drv): every result, absent
  // ones included, names the file relative to it.
  for (const auto& res : results) {
    EXPECT_EQ(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a.c")
        << res.dump(2);
    if (res["baselineState"] == "absent") {
      EXPECT_TRUE(has(res["message"]["text"].get<std::string>(), "'Second'")) << res.dump(2);
    }
  }
}

// The example drivers (several units, evidence paths, notes): a baseline of them leaves nothing
// new; one paged function added to a copy is the one new finding.
TEST(Baseline, ExampleDriversRoundTrip) {
  Scratch s;
  std::filesystem::copy(std::string(PW_SOURCE_DIR) + "/examples", s.path("ex"),
                        std::filesystem::copy_options::recursive);
  RunResult w = run_pagewise({"check", "--write-baseline", "base.sarif", "ex"}, s.path());
  ASSERT_EQ(w.status, 1) << describe(w);
  RunResult r = run_pagewise({"check", "--baseline", "base.sarif", "ex"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "no findings")) << describe(r);

  std::ofstream(s.path("ex/wdm-ramdisk/driver.c"), std::ios::app)
      << "\n#pragma alloc_text(PAGE, RdAddedLater)\nvoid RdAddedLater(int x) { if (x) x++; }\n";
  RunResult edited =
      run_pagewise({"check", "--baseline", "base.sarif", "--format", "sarif", "ex"}, s.path());
  EXPECT_EQ(edited.status, 1) << describe(edited);
  std::map<std::string, int> states;
  for (const auto& res : sarif_results(edited)) {
    ++states[res["baselineState"].get<std::string>()];
    if (res["baselineState"] == "new") {
      EXPECT_TRUE(has(res["message"]["text"].get<std::string>(), "'RdAddedLater'")) << res.dump(2);
    }
  }
  EXPECT_EQ(states["new"], 1);
  EXPECT_EQ(states["absent"], 0);
  EXPECT_GT(states["unchanged"], 10);
}

TEST(Baseline, MissingOrBadFileIsAnError) {
  Scratch s;
  s.write("drv/a.c", kTwoWarnings);
  s.write("bad.sarif", "{ not json");
  s.write("other.sarif", R"({"version": "2.1.0", "runs": [{"results": [{"ruleId": "x"}]}]})");
  for (const char* file : {"none.sarif", "bad.sarif", "other.sarif"}) {
    RunResult r = run_pagewise({"check", "--baseline", file, "drv"}, s.path());
    EXPECT_EQ(r.status, 2) << file << "\n" << describe(r);
    EXPECT_TRUE(has(r.err, std::string("pagewise: error: ") + file)) << describe(r);
    EXPECT_TRUE(r.out.empty()) << describe(r);
  }
}

}  // namespace
}  // namespace pagewise
