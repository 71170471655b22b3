#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "report/report.hpp"
#include "sample.hpp"

namespace pagewise {
namespace {

using nlohmann::json;

std::string render_text(const test::SampleReport& r) {
  std::ostringstream out;
  write_json(out, r.input());
  return out.str();
}

json render(const test::SampleReport& r) { return json::parse(render_text(r)); }

TEST(JsonReport, FindingsRoundTrip) {
  test::SampleReport r = test::sample_report();
  json doc = render(r);
  EXPECT_EQ(doc["version"], "0.1.0");
  EXPECT_EQ(doc["root"], "/work/proj");
  ASSERT_EQ(doc["findings"].size(), r.findings.size());
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    const json& j = doc["findings"][i];
    EXPECT_EQ(j["rule"], f.rule_id);
    EXPECT_EQ(j["severity"], severity_name(f.severity));
    EXPECT_EQ(j["file"], f.file);
    EXPECT_EQ(j["line"], f.pos.line);
    EXPECT_EQ(j["column"], f.pos.col);
    EXPECT_EQ(j["message"], f.message);
    EXPECT_EQ(j["function"], f.function);
    EXPECT_EQ(j["unit"], f.unit);
    ASSERT_EQ(j["evidence"].size(), f.evidence.size());
    for (size_t k = 0; k < f.evidence.size(); ++k) {
      const EvidenceStep& step = f.evidence[k];
      EXPECT_EQ(j["evidence"][k]["file"], step.file.empty() ? f.file : step.file);
      EXPECT_EQ(j["evidence"][k]["line"], step.pos.line);
      EXPECT_EQ(j["evidence"][k]["column"], step.pos.col);
      EXPECT_EQ(j["evidence"][k]["message"], step.message);
    }
  }
}

TEST(JsonReport, UnitsAndProblems) {
  test::SampleReport r = test::sample_report();
  r.discovery.problems.push_back({"/nowhere", "does not exist", true});
  json doc = render(r);
  ASSERT_EQ(doc["units"].size(), 2u);
  EXPECT_EQ(doc["units"][0]["name"], "examples/wdm");
  EXPECT_EQ(doc["units"][0]["kind"], "folder");
  EXPECT_EQ(doc["units"][0]["files"], json(r.discovery.units[0].files));
  EXPECT_EQ(doc["units"][0]["skipped"], false);
  EXPECT_EQ(doc["units"][1]["kind"], "vcxproj");
  EXPECT_EQ(doc["units"][1]["skipped"], true);
  EXPECT_EQ(doc["units"][1]["skip_reason"], "UMDF driver (user mode)");
  EXPECT_EQ(doc["units"][0]["configuration"], "");
  EXPECT_EQ(doc["units"][0]["defines"], json::array());
  ASSERT_EQ(doc["problems"].size(), 1u);
  EXPECT_EQ(doc["problems"][0], json({{"path", "/nowhere"},
                                      {"message", "does not exist"},
                                      {"fatal", true},
                                      {"unread", false}}));
}

TEST(JsonReport, UnitDefinitions) {
  test::SampleReport r = test::sample_report();
  r.discovery.units[1].configuration = "Release|x64";
  r.discovery.units[1].defines = {"NDEBUG", "LEVEL=2"};
  r.discovery.units[1].undefines = {"TRACE"};
  json doc = render(r);
  EXPECT_EQ(doc["units"][1]["configuration"], "Release|x64");
  EXPECT_EQ(doc["units"][1]["defines"], json({"NDEBUG", "LEVEL=2"}));
  EXPECT_EQ(doc["units"][1]["undefines"], json({"TRACE"}));
}

TEST(JsonReport, StatsOnlyWhenAsked) {
  test::SampleReport r = test::sample_report();
  EXPECT_FALSE(render(r).contains("stats"));

  r.with_stats = true;
  r.stats.files = 12;
  r.stats.bytes = 345678;
  r.stats.lines = 9000;
  r.stats.functions = 321;
  r.stats.files_with_parse_errors = 2;
  r.stats.files_unreadable = 1;
  r.stats.units = 3;
  r.stats.units_skipped = 1;
  r.stats.threads = 2;
  r.stats.wall_seconds = 0.5;
  r.stats.stages = {{"discover", 0.25}, {"rules", 0.125}};
  r.stats.peak_rss_kb = 40960;
  r.stats.files_not_parsed = 4;
  json stats = render(r)["stats"];
  EXPECT_EQ(stats["files"], 12);
  EXPECT_EQ(stats["bytes"], 345678);
  EXPECT_EQ(stats["lines"], 9000);
  EXPECT_EQ(stats["functions"], 321);
  EXPECT_EQ(stats["files_with_parse_errors"], 2);
  EXPECT_EQ(stats["files_unreadable"], 1);
  EXPECT_EQ(stats["units"], 3);
  EXPECT_EQ(stats["units_skipped"], 1);
  EXPECT_EQ(stats["threads"], 2);
  EXPECT_EQ(stats["wall_seconds"], 0.5);
  EXPECT_EQ(stats["peak_rss_kb"], 40960);
  EXPECT_EQ(stats["files_not_parsed"], 4);
  EXPECT_EQ(
      stats["stages"],
      json::parse(R"([{"stage":"discover","seconds":0.25},{"stage":"rules","seconds":0.125}])"));
}

TEST(JsonReport, EmptyReport) {
  test::SampleReport r;
  json doc = render(r);
  EXPECT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_TRUE(doc["units"].empty());
  EXPECT_TRUE(doc["problems"].empty());
  EXPECT_EQ(doc["root"], "");
}

TEST(JsonReport, AwkwardTextIsEscapedAndInvalidBytesReplaced) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.findings[0].message = test::kAwkwardMessage;
  r.findings[0].function = "caf\xC3\xA9\x80";
  r.discovery.problems.push_back({"bad\xFFname.c", "does not exist", false});
  std::string text = render_text(r);
  json doc = json::parse(text);
  EXPECT_EQ(doc["findings"][0]["message"],
            "say \"hi\" to C:\\drv\\a.c\nthen\tstop: caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(doc["findings"][0]["function"], "caf\xC3\xA9\xEF\xBF\xBD");
  EXPECT_EQ(doc["problems"][0]["path"], "bad\xEF\xBF\xBDname.c");
  EXPECT_NE(text.find(R"(\"hi\")"), std::string::npos);
  EXPECT_NE(text.find(R"(C:\\drv\\a.c\nthen\tstop)"), std::string::npos);
}

TEST(JsonReport, DeterministicKeyOrder) {
  test::SampleReport r = test::sample_report();
  std::string text = render_text(r);
  EXPECT_EQ(text, render_text(r));
  EXPECT_EQ(
      text.rfind("{\n  \"version\": \"0.1.0\",\n  \"root\": \"/work/proj\",\n  \"findings\": [", 0),
      0u)
      << text.substr(0, 80);
}

}  // namespace
}  // namespace pagewise
