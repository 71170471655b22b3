// One finding per function and rule: the sites of a rule in one function become one finding.
#include <gtest/gtest.h>

#include "model/finding.hpp"
#include "report/fingerprint.hpp"

namespace pagewise {
namespace {

Finding site(const std::string& rule, const std::string& function, uint32_t line,
             Severity severity = Severity::Error, std::string message = "") {
  Finding f;
  f.rule_id = rule;
  f.file = "drv/a.c";
  f.function = function;
  f.function_line = function.empty() ? 0 : 10;
  f.function_name_line = function.empty() ? 0 : 11;
  f.pos = {line, 5, line * 40};
  f.severity = severity;
  f.message = message.empty() ? "site at " + std::to_string(line) : message;
  f.evidence.push_back({"drv/a.c", {12, 5, 480}, "spin lock acquired"});
  return f;
}

TEST(MergeSites, OneFindingPerFunctionAndRuleListingTheOtherSites) {
  std::vector<Finding> all = {
      site("resident/pageable-api", "Dpc", 20), site("resident/pageable-api", "Dpc", 22),
      site("resident/paged-data", "Dpc", 21), site("resident/pageable-api", "Dpc", 24)};
  merge_sites_per_function(all);
  ASSERT_EQ(all.size(), 2u);
  const Finding& api = all[0];
  EXPECT_EQ(api.rule_id, "resident/pageable-api");
  EXPECT_EQ(api.pos.line, 20u);
  EXPECT_EQ(api.message, "site at 20");  // the first site's message, unchanged
  ASSERT_EQ(api.evidence.size(), 3u);    // its own path, then the two other sites
  EXPECT_FALSE(api.evidence[0].other_site);
  EXPECT_TRUE(api.evidence[1].other_site);
  EXPECT_EQ(api.evidence[1].pos.line, 22u);
  EXPECT_EQ(api.evidence[1].message, "also here: site at 22");
  EXPECT_EQ(api.evidence[2].pos.line, 24u);
  EXPECT_EQ(all[1].rule_id, "resident/paged-data");
  EXPECT_EQ(all[1].evidence.size(), 1u);
}

TEST(MergeSites, TheFirstSiteOfTheHighestSeverityStands) {
  std::vector<Finding> all = {site("resident/pageable-api", "Q", 20, Severity::Warning),
                              site("resident/pageable-api", "Q", 30, Severity::Error)};
  merge_sites_per_function(all);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].pos.line, 30u);
  EXPECT_EQ(all[0].severity, Severity::Error);
  EXPECT_EQ(all[0].evidence.back().pos.line, 20u);
}

TEST(MergeSites, OtherFunctionsSuppressedSitesAndFindingsOutsideFunctionsStayApart) {
  std::vector<Finding> all = {
      site("resident/paged-data", "A", 20), site("resident/paged-data", "B", 40),
      site("resident/paged-data", "", 5), site("resident/paged-data", "", 6),
      site("resident/paged-data", "A", 25)};
  all[4].suppressed = true;
  merge_sites_per_function(all);
  ASSERT_EQ(all.size(), 5u);
  for (const Finding& f : all) EXPECT_EQ(f.evidence.size(), 1u) << f.pos.line;
}

TEST(MergeSites, ANamesakeFunctionElsewhereInTheFileIsAnotherFunction) {
  std::vector<Finding> all = {site("resident/paged-data", "Helper", 20),
                              site("resident/paged-data", "Helper", 80)};
  all[1].function_line = 70;
  merge_sites_per_function(all);
  EXPECT_EQ(all.size(), 2u);
}

TEST(MergeSites, ManySitesAreListedUpToALimitAndCounted) {
  std::vector<Finding> all;
  for (uint32_t line = 20; line < 50; ++line) all.push_back(site("resident/spin-lock", "F", line));
  merge_sites_per_function(all);
  ASSERT_EQ(all.size(), 1u);
  ASSERT_EQ(all[0].evidence.size(), 21u);
  EXPECT_NE(all[0].evidence.back().message.find("(and 9 more sites in this function)"),
            std::string::npos);
}

// A baseline written with one finding per function matches after lines move: the fingerprint
// reads the rule, file, function and the first site's message, not the line.
TEST(MergeSites, FingerprintSurvivesMovedLines) {
  std::vector<Finding> before = {
      site("resident/pageable-api", "Dpc", 20, Severity::Error, "calls X"),
      site("resident/pageable-api", "Dpc", 22, Severity::Error, "calls Y")};
  std::vector<Finding> after = {
      site("resident/pageable-api", "Dpc", 31, Severity::Error, "calls X"),
      site("resident/pageable-api", "Dpc", 33, Severity::Error, "calls Y")};
  merge_sites_per_function(before);
  merge_sites_per_function(after);
  ArtifactRoot root{"/src", "/src"};
  EXPECT_EQ(finding_fingerprints(before, root), finding_fingerprints(after, root));
}

}  // namespace
}  // namespace pagewise
