#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "report/report.hpp"
#include "report/utf16_columns.hpp"
#include "sample.hpp"

namespace pagewise {
namespace {

using nlohmann::json;

std::string render_text(const test::SampleReport& r) {
  std::ostringstream out;
  write_sarif(out, r.input());
  return out.str();
}

json render(const test::SampleReport& r) { return json::parse(render_text(r)); }

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(SarifReport, LogHeaderAndToolDriver) {
  json log = render(test::sample_report());
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& driver = log["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "pagewise");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  EXPECT_TRUE(starts_with(driver["informationUri"].get<std::string>(), "https://"));
}

TEST(SarifReport, EveryRuleDescribedInCatalogueOrder) {
  test::SampleReport r = test::sample_report();
  json log = render(r);
  const json& rules = log["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), r.rules.size());
  for (size_t i = 0; i < r.rules.size(); ++i) {
    SCOPED_TRACE(r.rules[i].id);
    EXPECT_EQ(rules[i]["id"], r.rules[i].id);
    EXPECT_EQ(rules[i]["shortDescription"]["text"], r.rules[i].summary);
    EXPECT_EQ(rules[i]["fullDescription"]["text"], r.rules[i].help);
    EXPECT_EQ(rules[i]["help"]["text"], r.rules[i].help);
    EXPECT_TRUE(rules[i]["help"]["markdown"].is_string());
    std::string help_uri = rules[i]["helpUri"];
    // GitHub rejects relative help URIs.
    EXPECT_TRUE(starts_with(help_uri, "https://")) << help_uri;
    EXPECT_TRUE(ends_with(help_uri, "/blob/main/" + r.rules[i].docs_path)) << help_uri;
    EXPECT_EQ(rules[i]["defaultConfiguration"]["level"], severity_name(r.rules[i].severity));
    EXPECT_TRUE(rules[i]["properties"]["tags"].is_array());
  }
  EXPECT_EQ(rules[0]["name"], "PagedCodeMissing");
  EXPECT_EQ(rules[1]["name"], "ResidentIrql");
  EXPECT_EQ(rules[2]["name"], "AdviceCouldBePaged");
}

TEST(SarifReport, ResultsPointAtTheirRuleAndARootRelativeLocation) {
  test::SampleReport r = test::sample_report();
  json run = render(r)["runs"][0];
  const json& results = run["results"];
  ASSERT_EQ(results.size(), 2u);
  for (const json& result : results) {
    size_t index = result["ruleIndex"];
    EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
  }
  const json& missing = results[1];
  EXPECT_EQ(missing["ruleId"], "paged-code/missing");
  EXPECT_EQ(missing["ruleIndex"], 0);
  EXPECT_EQ(missing["level"], "warning");
  EXPECT_EQ(missing["message"]["text"], r.findings[1].message);
  const json& where = missing["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "examples/wdm/driver.c");
  EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "SRCROOT");
  EXPECT_EQ(where["region"]["startLine"], 42);
  EXPECT_EQ(where["region"]["startColumn"], 1);
  EXPECT_EQ(missing["locations"][0]["logicalLocations"][0]["name"], "DispatchCreate");
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[0]["ruleIndex"], 1);
}

TEST(SarifReport, RootIsAFileUriEndingWithSlash) {
  json run = render(test::sample_report())["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/proj/");
}

TEST(SarifReport, RootGivenWithTrailingSlashGetsOnlyOne) {
  test::SampleReport r = test::sample_report();
  r.discovery.root = "/work/proj/";
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/proj/");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/wdm/dpc.c");
}

TEST(SarifReport, SpacesAndNonAsciiArePercentEncoded) {
  test::SampleReport r = test::sample_report();
  r.discovery.root = "/home/me/my drivers/caf\xC3\xA9";
  r.working_dir = r.discovery.root;
  r.findings = {test::missing_paged_code()};
  r.findings[0].file = "src/a b#1.c";
  r.findings[0].evidence.clear();
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///home/me/my%20drivers/caf%C3%A9/");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/a%20b%231.c");
}

TEST(SarifReport, ScannedSubfolderKeepsRepositoryPaths) {
  // `pagewise check examples/wdm` run from the checkout: GitHub ignores uriBaseId and reads the
  // URI from the repository's top, so SRCROOT is the repository.
  test::SampleReport r = test::sample_report();
  r.discovery.root = "/work/proj/examples/wdm";
  r.discovery.repository = "/work/proj";
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/proj/");
  json where = run["results"][1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "examples/wdm/driver.c");
  EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "SRCROOT");
}

TEST(SarifReport, RunFromASubfolderOfTheRepositoryStillGivesRepositoryPaths) {
  // `cd examples && pagewise check wdm`: display paths start at examples/, URIs at the top.
  test::SampleReport r = test::sample_report();
  r.working_dir = "/work/proj/examples";
  r.discovery.root = "/work/proj/examples/wdm";
  r.discovery.repository = "/work/proj";
  r.findings = {test::missing_paged_code()};
  r.findings[0].file = "wdm/driver.c";
  r.findings[0].evidence.clear();
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/proj/");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/wdm/driver.c");
}

TEST(SarifReport, OutsideARepositoryTheInputsFolderIsTheRoot) {
  test::SampleReport r = test::sample_report();
  r.discovery.root = "/work/proj/examples/wdm";  // no repository: the common root of the inputs
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/proj/examples/wdm/");
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "driver.c");
}

TEST(SarifReport, ScannedFolderOutsideWorkingDirectoryIsTheRoot) {
  test::SampleReport r = test::sample_report();
  r.working_dir = "/home/me";  // the user ran `pagewise /work/proj` from elsewhere
  r.findings = {test::missing_paged_code()};
  r.findings[0].file = "/work/proj/examples/wdm/driver.c";
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/proj/");
  EXPECT_EQ(run["invocations"][0]["workingDirectory"]["uri"], "file:///home/me/");
  json where = run["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "examples/wdm/driver.c");
  EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "SRCROOT");
}

TEST(SarifReport, AbsolutePathInsideRootBecomesRelative) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.findings[0].file = "/work/proj/./examples/wdm/driver.c";
  json where = render(r)["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "examples/wdm/driver.c");
  EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "SRCROOT");
}

TEST(SarifReport, FileOutsideRootGetsAbsoluteUriWithoutBase) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.findings[0].file = "/opt/wdk/inc/wdm.h";
  r.findings[0].evidence[0].file = "../shared/common.h";
  json result = render(r)["runs"][0]["results"][0];
  json artifact = result["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(artifact["uri"], "file:///opt/wdk/inc/wdm.h");
  EXPECT_FALSE(artifact.contains("uriBaseId"));
  json step = result["codeFlows"][0]["threadFlows"][0]["locations"][0]["location"];
  EXPECT_EQ(step["physicalLocation"]["artifactLocation"]["uri"], "file:///work/shared/common.h");
  EXPECT_FALSE(step["physicalLocation"]["artifactLocation"].contains("uriBaseId"));
}

TEST(SarifReport, EvidenceAsCodeFlowAndRelatedLocations) {
  test::SampleReport r = test::sample_report();
  json result = render(r)["runs"][0]["results"][0];
  ASSERT_EQ(result["codeFlows"].size(), 1u);
  ASSERT_EQ(result["codeFlows"][0]["threadFlows"].size(), 1u);
  const json& steps = result["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0]["location"]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/wdm/driver.c");
  EXPECT_EQ(steps[0]["location"]["physicalLocation"]["region"]["startLine"], 30);
  EXPECT_EQ(steps[0]["location"]["message"]["text"], "registered as a DPC by KeInitializeDpc");
  // A step without a file is in the finding's file.
  EXPECT_EQ(steps[1]["location"]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/wdm/dpc.c");

  const json& related = result["relatedLocations"];
  ASSERT_EQ(related.size(), 2u);
  std::set<int> ids;
  for (const json& loc : related) {
    ASSERT_TRUE(loc["id"].is_number_integer());
    ids.insert(loc["id"].get<int>());
    EXPECT_TRUE(loc["message"]["text"].is_string());
  }
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_EQ(related[1]["physicalLocation"], steps[1]["location"]["physicalLocation"]);
}

// One finding per function and rule: the other sites are related locations, not path steps.
TEST(SarifReport, OtherSitesAreRelatedLocationsOutsideTheCodeFlow) {
  test::SampleReport r = test::sample_report();
  r.findings[0].evidence.push_back(
      {"examples/wdm/dpc.c", {14, 5, 0}, "also here: NicDpcWork touches paged data", true});
  json result = render(r)["runs"][0]["results"][0];
  EXPECT_EQ(result["codeFlows"][0]["threadFlows"][0]["locations"].size(), 2u);
  const json& related = result["relatedLocations"];
  ASSERT_EQ(related.size(), 3u);
  EXPECT_EQ(related[2]["physicalLocation"]["region"]["startLine"], 14);
  EXPECT_EQ(related[2]["message"]["text"], "also here: NicDpcWork touches paged data");
}

TEST(SarifReport, OnlyOtherSitesGiveNoCodeFlow) {
  test::SampleReport r = test::sample_report();
  r.findings[0].evidence = {{"examples/wdm/dpc.c", {14, 5, 0}, "also here: a second call", true}};
  json result = render(r)["runs"][0]["results"][0];
  EXPECT_FALSE(result.contains("codeFlows"));
  EXPECT_EQ(result["relatedLocations"].size(), 1u);
}

TEST(SarifReport, NoCodeFlowWithoutEvidence) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.findings[0].evidence.clear();
  json result = render(r)["runs"][0]["results"][0];
  EXPECT_FALSE(result.contains("codeFlows"));
  EXPECT_FALSE(result.contains("relatedLocations"));
}

std::string fingerprint_of(const Finding& f) {
  test::SampleReport r = test::sample_report();
  r.findings = {f};
  return render(r)["runs"][0]["results"][0]["partialFingerprints"]["pagewise/v1"];
}

TEST(SarifReport, FingerprintSurvivesMovedCode) {
  Finding before = test::missing_paged_code(42);
  before.message += " (see line 42)";
  Finding after = test::missing_paged_code(57);
  after.message += " (see line 57)";
  after.pos.col = 9;
  after.evidence[0].pos.line = 20;
  EXPECT_FALSE(fingerprint_of(before).empty());
  EXPECT_EQ(fingerprint_of(before), fingerprint_of(after));
}

TEST(SarifReport, FingerprintSurvivesMovedCheckout) {
  Finding f = test::missing_paged_code();
  test::SampleReport here = test::sample_report();
  here.findings = {f};
  test::SampleReport there = here;
  there.discovery.root = "/home/runner/work/proj";
  there.working_dir = there.discovery.root;
  EXPECT_EQ(render(here)["runs"][0]["results"][0]["partialFingerprints"],
            render(there)["runs"][0]["results"][0]["partialFingerprints"]);
}

TEST(SarifReport, FingerprintChangesWithWhatTheFindingIsAbout) {
  Finding f = test::missing_paged_code();
  Finding other_function = f;
  other_function.function = "DispatchClose";
  Finding other_file = f;
  other_file.file = "examples/wdm/other.c";
  Finding other_rule = f;
  other_rule.rule_id = "paged-code/duplicate";
  std::string base = fingerprint_of(f);
  EXPECT_NE(base, fingerprint_of(other_function));
  EXPECT_NE(base, fingerprint_of(other_file));
  EXPECT_NE(base, fingerprint_of(other_rule));
}

TEST(SarifReport, CollidingFingerprintsGetOrdinals) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code(10), test::missing_paged_code(20)};
  json results = render(r)["runs"][0]["results"];
  std::string first = results[0]["partialFingerprints"]["pagewise/v1"];
  std::string second = results[1]["partialFingerprints"]["pagewise/v1"];
  EXPECT_NE(first, second);
  EXPECT_EQ(first.substr(0, first.find(':')), second.substr(0, second.find(':')));
  EXPECT_TRUE(ends_with(first, ":1"));
  EXPECT_TRUE(ends_with(second, ":2"));
}

TEST(SarifReport, InvocationReportsProblemsAndSkippedUnits) {
  test::SampleReport r = test::sample_report();
  r.discovery.problems.push_back({"/work/proj/big.c", "larger than 16 MB, not read", false});
  json inv = render(r)["runs"][0]["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], true);
  const json& notes = inv["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["level"], "warning");
  EXPECT_EQ(notes[0]["message"]["text"], "/work/proj/big.c: larger than 16 MB, not read");
  EXPECT_EQ(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "big.c");
  EXPECT_EQ(notes[1]["level"], "note");
  EXPECT_EQ(notes[1]["message"]["text"],
            "skipped examples/umdf/x.vcxproj: UMDF driver (user mode)");
  EXPECT_EQ(notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/umdf/x.vcxproj");
}

TEST(SarifReport, FatalInputProblemMeansExecutionDidNotSucceed) {
  test::SampleReport r = test::sample_report();
  r.discovery.problems.push_back({"/nowhere", "does not exist", true});
  json inv = render(r)["runs"][0]["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], false);
  EXPECT_EQ(inv["toolExecutionNotifications"][0]["level"], "error");
}

TEST(SarifReport, EmptyRunIsStillComplete) {
  test::SampleReport r;
  r.rules = test::sample_rules();
  r.discovery.root = "/work/proj";
  json run = render(r)["runs"][0];
  ASSERT_TRUE(run["results"].is_array());
  EXPECT_TRUE(run["results"].empty());
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 3u);
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
  EXPECT_FALSE(run["invocations"][0].contains("toolExecutionNotifications"));
}

TEST(SarifReport, DeterministicAndIndentedByTwo) {
  test::SampleReport r = test::sample_report();
  std::string first = render_text(r);
  EXPECT_EQ(first, render_text(r));
  EXPECT_TRUE(starts_with(first, "{\n  \"$schema\": ")) << first.substr(0, 40);
  EXPECT_NE(first.find("\n    {\n      \"tool\": {"), std::string::npos);
  EXPECT_EQ(first.back(), '\n');
}

TEST(SarifReport, AwkwardMessageStaysValidJson) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.findings[0].message = test::kAwkwardMessage;
  r.findings[0].evidence[0].message = test::kAwkwardMessage;
  std::string text = render_text(r);
  json log = json::parse(text);  // throws on invalid JSON or invalid UTF-8
  std::string expected =
      "say \"hi\" to C:\\drv\\a.c\nthen\tstop: caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD end";
  const json& result = log["runs"][0]["results"][0];
  EXPECT_EQ(result["message"]["text"], expected);
  EXPECT_EQ(result["codeFlows"][0]["threadFlows"][0]["locations"][0]["location"]["message"]["text"],
            expected);
  EXPECT_NE(text.find(R"(say \"hi\" to C:\\drv\\a.c\nthen\tstop)"), std::string::npos);
}

}  // namespace
}  // namespace pagewise

namespace pagewise {
namespace {

TEST(SarifReport, FullNameAndCategory) {
  test::SampleReport r = test::sample_report();
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["fullName"], "pagewise 0.1.0");
  EXPECT_FALSE(run.contains("automationDetails"));  // only when a category is asked for
  ReportInput in = r.input();
  in.sarif_category = "drivers/wdm";
  std::ostringstream out;
  write_sarif(out, in);
  // GitHub takes what comes before the last '/' as the category.
  EXPECT_EQ(json::parse(out.str())["runs"][0]["automationDetails"]["id"], "drivers/wdm/");
}

TEST(SarifReport, ColumnsAreUtf16CodeUnitsOfTheSourceLine) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "pagewise-sarif-columns";
  fs::create_directories(dir);
  {
    // "é" is 2 bytes and 1 unit; U+1F600 is 4 bytes and 2 units (a surrogate pair).
    std::ofstream(dir / "a.c", std::ios::binary)
        << "int x;\n/* \xC3\xA9 */ f();\n/* \xF0\x9F\x98\x80 */ g();\n";
  }
  test::SampleReport r = test::sample_report();
  r.working_dir = dir.string();
  r.discovery.root = dir.string();
  r.findings = {test::missing_paged_code(2)};
  r.findings[0].file = "a.c";
  r.findings[0].pos = {2, 10, 0};  // the 'f' of line 2, byte column 10
  r.findings[0].evidence = {{"a.c", {3, 12, 0}, "g"}, {"gone.c", {3, 12, 0}, "unreadable"}};
  json run = render(r)["runs"][0];
  EXPECT_EQ(run["columnKind"], "utf16CodeUnits");
  const json& result = run["results"][0];
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startColumn"], 9);
  const json& steps = result["codeFlows"][0]["threadFlows"][0]["locations"];
  EXPECT_EQ(steps[0]["location"]["physicalLocation"]["region"]["startColumn"], 10);
  // A line that cannot be read keeps its line but claims no column it cannot count.
  EXPECT_EQ(steps[1]["location"]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_FALSE(steps[1]["location"]["physicalLocation"]["region"].contains("startColumn"));
  fs::remove_all(dir);
}

TEST(SarifReport, RelatedChecksAsTaxonomyRelationships) {
  test::SampleReport r = test::sample_report();
  r.rules[0].related = {
      {"Code Analysis", "C28170", "no PAGED_CODE", "https://x/28170", "superset"}};
  r.rules[1].related = {{"CodeQL", "cpp/q", "query", "https://x/q", "equal"},
                        {"Code Analysis", "C28999", "other", "https://x/28999", "equal"}};
  json run = render(r)["runs"][0];
  const json& taxonomies = run["taxonomies"];
  ASSERT_EQ(taxonomies.size(), 2u);
  EXPECT_EQ(taxonomies[0]["name"], "Code Analysis");
  ASSERT_EQ(taxonomies[0]["taxa"].size(), 2u);
  EXPECT_EQ(taxonomies[0]["taxa"][1]["id"], "C28999");
  EXPECT_EQ(taxonomies[0]["taxa"][1]["helpUri"], "https://x/28999");
  EXPECT_EQ(taxonomies[1]["name"], "CodeQL");
  const json& rules = run["tool"]["driver"]["rules"];
  const json& first = rules[0]["relationships"][0];
  EXPECT_EQ(first["target"]["id"], "C28170");
  EXPECT_EQ(first["target"]["index"], 0);
  EXPECT_EQ(first["target"]["toolComponent"]["name"], "Code Analysis");
  EXPECT_EQ(first["target"]["toolComponent"]["index"], 0);
  EXPECT_EQ(first["kinds"], json::array({"superset"}));
  const json& other = rules[1]["relationships"][1];
  EXPECT_EQ(other["target"]["index"], 1);
  EXPECT_EQ(other["target"]["toolComponent"]["index"], 0);
  EXPECT_EQ(rules[1]["relationships"][0]["target"]["toolComponent"]["index"], 1);
  EXPECT_FALSE(rules[2].contains("relationships"));
}

TEST(Utf16Column, CountsUnitsBeforeTheByteColumn) {
  EXPECT_EQ(utf16_column("abc", 1), 1u);
  EXPECT_EQ(utf16_column("abc", 3), 3u);
  EXPECT_EQ(utf16_column("\xC3\xA9x", 3), 2u);
  EXPECT_EQ(utf16_column("\xE2\x82\xAC"
                         "x",
                         4),
            2u);
  EXPECT_EQ(utf16_column("\xF0\x9F\x98\x80x", 5), 3u);
  EXPECT_EQ(utf16_column("\xFF\xFEx", 3), 3u);  // malformed bytes: one unit each
  EXPECT_EQ(utf16_column("\xC3", 2), 2u);       // a sequence cut by the line's end
  EXPECT_EQ(utf16_column("ab", 6), 6u);         // past the end: one per byte
  EXPECT_EQ(utf16_column("ab", 0), 0u);
}

}  // namespace
}  // namespace pagewise
