// What SARIF says about a finding silenced in the source and about a finding's place against a
// baseline, and that the fingerprints a baseline is matched by are the ones SARIF writes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/fingerprint.hpp"
#include "report/report.hpp"
#include "sample.hpp"

namespace pagewise {
namespace {

using nlohmann::json;

json results_of(const test::SampleReport& r) {
  std::ostringstream out;
  write_sarif(out, r.input());
  return json::parse(out.str())["runs"][0]["results"];
}

TEST(SarifSuppression, SilencedFindingKeepsItsResultWithAnInSourceSuppression) {
  test::SampleReport r = test::sample_report();
  r.findings[1].suppressed = true;
  r.findings[1].suppression_reason = "only called from DriverUnload";
  json results = results_of(r);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].contains("suppressions"));
  ASSERT_EQ(results[1]["suppressions"].size(), 1u);
  EXPECT_EQ(results[1]["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(results[1]["suppressions"][0]["justification"], "only called from DriverUnload");
  EXPECT_EQ(results[1]["level"], "warning") << "the rule's level is kept";
}

TEST(SarifSuppression, BaselineStateOnlyWithABaseline) {
  test::SampleReport r = test::sample_report();
  json plain = results_of(r);
  EXPECT_FALSE(plain[0].contains("baselineState"));
  r.findings[0].baseline = BaselineState::New;
  r.findings[1].baseline = BaselineState::Unchanged;
  Finding gone = test::missing_paged_code(7);
  gone.baseline = BaselineState::Absent;
  gone.fingerprint = "0123456789abcdef:1";
  r.findings.push_back(gone);
  json results = results_of(r);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["baselineState"], "new");
  EXPECT_EQ(results[1]["baselineState"], "unchanged");
  EXPECT_EQ(results[2]["baselineState"], "absent");
  EXPECT_EQ(results[2]["partialFingerprints"]["pagewise/v1"], "0123456789abcdef:1")
      << "an absent result keeps the baseline's fingerprint";
}

TEST(SarifSuppression, FindingFingerprintsAreTheOnesSarifWrites) {
  test::SampleReport r = test::sample_report();
  r.findings.push_back(r.findings[1]);  // the same identity twice: ordinals tell them apart
  json results = results_of(r);
  std::vector<std::string> fps = finding_fingerprints(r.findings, sarif_source_root(r.input()));
  ASSERT_EQ(results.size(), fps.size());
  for (size_t i = 0; i < fps.size(); ++i)
    EXPECT_EQ(results[i]["partialFingerprints"]["pagewise/v1"], fps[i]);
  EXPECT_NE(fps[1], fps[2]);
}

}  // namespace
}  // namespace pagewise
