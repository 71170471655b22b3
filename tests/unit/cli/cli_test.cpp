// The command line as a user meets it: subcommands, options, output files, exit statuses and the
// messages that go with them, through the real binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

using testing::describe;
using testing::has;
using testing::run_pagewise;
using testing::RunResult;
using testing::Scratch;

// One paged-code/missing warning (line 2) and nothing else.
constexpr const char* kWarningDriver =
    "#pragma alloc_text(PAGE, Paged)\n"
    "void Paged(int x)\n"
    "{\n"
    "    if (x) x++;\n"
    "}\n"
    "void Resident(void) { }\n";

// One resident/spin-lock error: raising to DISPATCH_LEVEL in pageable code.
constexpr const char* kErrorDriver =
    "#pragma alloc_text(PAGE, Sample)\n"
    "void Sample(int *p)\n"
    "{\n"
    "    KIRQL old;\n"
    "    PAGED_CODE();\n"
    "    KeRaiseIrql(DISPATCH_LEVEL, &old);\n"
    "    *p = 1;\n"
    "    KeLowerIrql(old);\n"
    "}\n";

constexpr const char* kCleanDriver =
    "#pragma alloc_text(PAGE, Clean)\n"
    "void Clean(int x)\n"
    "{\n"
    "    PAGED_CODE();\n"
    "    if (x) x++;\n"
    "}\n";

std::map<std::string, nlohmann::json> section_items(const RunResult& r) {
  std::map<std::string, nlohmann::json> items;
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << "not JSON:\n" << describe(r);
    return items;
  }
  for (const auto& u : doc["units"])
    for (const auto& it : u["items"]) items[it["name"].get<std::string>()] = it;
  return items;
}

// ---- help, version, usage errors ----------------------------------------------------------------

TEST(Cli, HelpExitsZero) {
  RunResult r = run_pagewise({"--help"});
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "Usage: pagewise")) << describe(r);
  for (const char* sub : {"check", "sections", "explain", "rules"})
    EXPECT_TRUE(has(r.out, sub)) << sub;

  RunResult check = run_pagewise({"check", "--help"});
  EXPECT_EQ(check.status, 0) << describe(check);
  for (const char* opt : {"--format", "--fail-on", "--output", "--define", "--undefine",
                          "--exclude", "--stats", "--max-file-size", "--jobs"})
    EXPECT_TRUE(has(check.out, opt)) << opt << "\n" << describe(check);
}

TEST(Cli, VersionExitsZero) {
  RunResult r = run_pagewise({"--version"});
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(std::regex_match(r.out, std::regex("pagewise [0-9]+\\.[0-9]+\\.[0-9]+\n")))
      << describe(r);
}

TEST(Cli, NoSubcommandPrintsHelpAndExitsTwo) {
  RunResult r = run_pagewise({});
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.out, "Usage: pagewise")) << describe(r);
}

TEST(Cli, UnknownOptionOrValueExitsTwoNamingIt) {
  Scratch s;
  s.write("drv/a.c", kCleanDriver);
  RunResult bogus = run_pagewise({"check", "--bogus", "drv"}, s.path());
  EXPECT_EQ(bogus.status, 2) << describe(bogus);
  EXPECT_TRUE(has(bogus.err, "--bogus")) << describe(bogus);

  RunResult format = run_pagewise({"check", "--format", "xml", "drv"}, s.path());
  EXPECT_EQ(format.status, 2) << describe(format);
  EXPECT_TRUE(has(format.err, "--format")) << describe(format);

  RunResult fail_on = run_pagewise({"check", "--fail-on", "fatal", "drv"}, s.path());
  EXPECT_EQ(fail_on.status, 2) << describe(fail_on);
  EXPECT_TRUE(has(fail_on.err, "--fail-on")) << describe(fail_on);

  RunResult jobs = run_pagewise({"check", "-j", "0", "drv"}, s.path());
  EXPECT_EQ(jobs.status, 2) << describe(jobs);
  EXPECT_TRUE(has(jobs.err, "--jobs")) << describe(jobs);
  // Every command that analyses bounds -j alike: explain too (it started 100000 threads).
  for (const char* command : {"check", "sections", "explain"}) {
    std::vector<std::string> args{command, "-j", "100000"};
    args.push_back(std::string(command) == "explain" ? "drv/a.c:Clean" : "drv");
    RunResult many = run_pagewise(args, s.path());
    EXPECT_EQ(many.status, 2) << command << ": " << describe(many);
    EXPECT_TRUE(has(many.err, "--jobs")) << command << ": " << describe(many);
  }

  RunResult sub = run_pagewise({"lint", "drv"}, s.path());
  EXPECT_EQ(sub.status, 2) << describe(sub);
  EXPECT_TRUE(has(sub.err, "lint")) << describe(sub);
}

TEST(Cli, MaxFileSizeMustBeAPositiveNumberOfMiB) {
  Scratch s;
  s.write("drv/a.c", kCleanDriver);
  for (const char* bad : {"0", "-1", "abc", "1e9", "nan"}) {
    RunResult r = run_pagewise({"check", "--max-file-size", bad, "drv"}, s.path());
    EXPECT_EQ(r.status, 2) << bad << "\n" << describe(r);
    EXPECT_TRUE(has(r.err, "--max-file-size")) << describe(r);
    EXPECT_FALSE(has(r.err, "179769313")) << "an unreadable range\n" << describe(r);
  }
  RunResult ok = run_pagewise({"check", "--max-file-size", "0.5", "drv"}, s.path());
  EXPECT_EQ(ok.status, 0) << describe(ok);
}

// ---- rules --------------------------------------------------------------------------------------

TEST(Cli, RulesText) {
  RunResult r = run_pagewise({"rules"});
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(std::regex_search(r.out, std::regex("(^|\n)paged-code/missing +warning +\\S")))
      << describe(r);
  EXPECT_TRUE(std::regex_search(r.out, std::regex("(^|\n)resident/irql +error +\\S")))
      << describe(r);
  EXPECT_TRUE(std::regex_search(r.out, std::regex("(^|\n)paged-code/missing +warning +PW1001 ")))
      << describe(r);
  EXPECT_TRUE(has(r.out, "docs/rules/paged-code-missing.md")) << describe(r);
}

TEST(Cli, RulesJsonListsEveryRuleOnceWithItsDocsPage) {
  RunResult r = run_pagewise({"rules", "--format", "json"});
  ASSERT_EQ(r.status, 0) << describe(r);
  nlohmann::json rules = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(rules.is_array()) << describe(r);
  std::set<std::string> ids;
  for (const auto& rule : rules) {
    std::string id = rule["id"];
    EXPECT_TRUE(ids.insert(id).second) << "twice: " << id;
    std::string sev = rule["severity"];
    EXPECT_TRUE(sev == "error" || sev == "warning" || sev == "note") << id << ": " << sev;
    EXPECT_FALSE(rule["summary"].get<std::string>().empty()) << id;
    EXPECT_FALSE(rule["help"].get<std::string>().empty()) << id;
    EXPECT_EQ(rule["docs"], "docs/rules/" + std::regex_replace(id, std::regex("/"), "-") + ".md")
        << id;
  }
  EXPECT_TRUE(ids.count("paged-code/missing"));
  EXPECT_TRUE(ids.count("resident/spin-lock"));
  EXPECT_EQ(rules[0]["code"], "PW1001");
  EXPECT_EQ(rules[0]["related"][0]["id"], "C28170");
  EXPECT_EQ(rules[0]["related"][0]["relation"], "superset");
  // The text listing names the same rules.
  RunResult text = run_pagewise({"rules"});
  for (const std::string& id : ids) EXPECT_TRUE(has(text.out, id + " ")) << id;
}

// The docs page each rule names (text listing, SARIF helpUri) is there: one page per rule id.
TEST(Cli, EveryRuleHasItsDocsPage) {
  RunResult r = run_pagewise({"rules", "--format", "json"});
  ASSERT_EQ(r.status, 0) << describe(r);
  nlohmann::json rules = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(rules.is_array()) << describe(r);
  for (const auto& rule : rules) {
    std::string docs = rule["docs"];
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(PW_SOURCE_DIR) / docs))
        << rule["id"].get<std::string>() << ": " << docs << " is missing";
  }
}

// ---- exit statuses and --fail-on ----------------------------------------------------------------

TEST(Cli, FailOnDecidesTheExitStatus) {
  Scratch s;
  s.write("warn/a.c", kWarningDriver);
  s.write("err/a.c", kErrorDriver);
  s.write("clean/a.c", kCleanDriver);
  struct Case {
    const char* dir;
    std::vector<std::string> fail_on;  // empty: the default
    int status;
  };
  const Case cases[] = {
      {"warn", {}, 1},
      {"warn", {"--fail-on", "note"}, 1},
      {"warn", {"--fail-on", "warning"}, 1},
      {"warn", {"--fail-on", "error"}, 0},
      {"warn", {"--fail-on", "never"}, 0},
      {"err", {}, 1},
      {"err", {"--fail-on", "error"}, 1},
      {"err", {"--fail-on", "never"}, 0},
      {"clean", {}, 0},
      {"clean", {"--fail-on", "note"}, 0},
  };
  for (const Case& c : cases) {
    // The small PAGE sections here would each add an advice note: these cases are about warnings
    // and errors (AdviceCli covers notes and --fail-on note).
    std::vector<std::string> args{"check", "--no-advice"};
    args.insert(args.end(), c.fail_on.begin(), c.fail_on.end());
    args.push_back(c.dir);
    RunResult r = run_pagewise(args, s.path());
    EXPECT_EQ(r.status, c.status) << c.dir << " "
                                  << (c.fail_on.empty() ? "(default)" : c.fail_on[1]) << "\n"
                                  << describe(r);
  }
  RunResult warn = run_pagewise({"check", "--no-advice", "--fail-on", "never", "warn"}, s.path());
  EXPECT_TRUE(has(warn.out, "warn/a.c:2:6: warning: 'Paged' is in pageable section PAGE"))
      << describe(warn);
  EXPECT_TRUE(has(warn.out, "0 errors, 1 warning, 0 notes in 1 file (1 unit)\n")) << describe(warn);
  RunResult err = run_pagewise({"check", "err"}, s.path());
  EXPECT_TRUE(has(err.out, "err/a.c:6:5: error: ")) << describe(err);
  EXPECT_TRUE(has(err.out, "[resident/spin-lock]")) << describe(err);
  RunResult clean = run_pagewise({"check", "--no-advice", "clean"}, s.path());
  EXPECT_EQ(clean.out, "no findings in 1 file (1 unit)\n") << describe(clean);
}

TEST(Cli, InputErrorBeatsFindings) {
  Scratch s;
  s.write("warn/a.c", kWarningDriver);
  RunResult r = run_pagewise({"check", "--fail-on", "never", "warn", "missing"}, s.path());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.out, "pagewise: error: missing: does not exist")) << describe(r);
}

// ---- output formats and files -------------------------------------------------------------------

TEST(Cli, OutputFileUnwritableIsAnInputError) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  s.mkdir("out");
  for (const std::string& target : {s.path("no/such/folder/report.sarif"), s.path("out")}) {
    RunResult r = run_pagewise({"check", "--format", "sarif", "-o", target, "drv"}, s.path());
    EXPECT_EQ(r.status, 2) << target << "\n" << describe(r);
    EXPECT_TRUE(has(r.err, "pagewise: error: cannot write " + target)) << describe(r);
    EXPECT_EQ(r.out, "") << describe(r);
  }
  RunResult sections =
      run_pagewise({"sections", "-o", s.path("no/such/list.txt"), "drv"}, s.path());
  EXPECT_EQ(sections.status, 2) << describe(sections);
  EXPECT_TRUE(has(sections.err, "cannot write")) << describe(sections);
}

TEST(Cli, OutputFileGetsTheReportAndStdoutStaysEmpty) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  std::string sarif_path = s.path("report.sarif");
  RunResult r = run_pagewise({"check", "--no-advice", "--format", "sarif", "-o", sarif_path, "drv"},
                             s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_EQ(r.out, "") << describe(r);
  std::ifstream in(sarif_path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json sarif = nlohmann::json::parse(text.str(), nullptr, false);
  ASSERT_FALSE(sarif.is_discarded()) << text.str();
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u) << text.str();
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "paged-code/missing");

  // "-o -" is stdout.
  RunResult dash =
      run_pagewise({"check", "--no-advice", "--format", "json", "-o", "-", "drv"}, s.path());
  EXPECT_EQ(dash.status, 1) << describe(dash);
  nlohmann::json doc = nlohmann::json::parse(dash.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << describe(dash);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["rule"], "paged-code/missing");
  EXPECT_EQ(doc["findings"][0]["line"], 2);
}

// Run from a subfolder of a repository: SARIF URIs are still repository paths (SRCROOT is the
// repository), columns are UTF-16 code units of the line, and the category is the run's id.
TEST(Cli, SarifFromASubfolderOfARepository) {
  Scratch s;
  s.write("repo/.git/HEAD", "ref: refs/heads/main\n");
  s.write("repo/drivers/drv/a.c",
          "#pragma alloc_text(PAGE, Paged)\n"
          "/* caf\xC3\xA9 */ void Paged(int x)\n"
          "{\n"
          "    if (x) x++;\n"
          "}\n");
  RunResult r = run_pagewise(
      {"check", "--no-advice", "--format", "sarif", "--sarif-category", "ci/x64", "drv"},
      s.path("repo/drivers"));
  EXPECT_EQ(r.status, 1) << describe(r);
  nlohmann::json run = nlohmann::json::parse(r.out, nullptr, false)["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"],
            "file://" + std::filesystem::path(s.path("repo")).generic_string() + "/");
  EXPECT_EQ(run["automationDetails"]["id"], "ci/x64/");
  EXPECT_EQ(run["columnKind"], "utf16CodeUnits");
  const nlohmann::json& where = run["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "drivers/drv/a.c");
  EXPECT_EQ(where["region"]["startLine"], 2);
  EXPECT_EQ(where["region"]["startColumn"], 17);  // byte column 18: "é" is two bytes, one unit

  RunResult empty = run_pagewise({"check", "--format", "sarif", "--sarif-category", "", "drv"},
                                 s.path("repo/drivers"));
  EXPECT_EQ(empty.status, 2) << describe(empty);
  EXPECT_TRUE(has(empty.err, "category")) << describe(empty);
}

TEST(Cli, StdoutThatCannotBeWrittenIsAnError) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"check", "drv"},
                                               {"check", "--format", "sarif", "drv"},
                                               {"sections", "drv"},
                                               {"rules"},
                                               {"rules", "--format", "json"},
                                               {"explain", "drv/a.c:Paged"},
                                               {"--version"}}) {
    RunResult r = run_pagewise(args, s.path(), 60, "/dev/full");
    EXPECT_EQ(r.status, 2) << args[0] << "\n" << describe(r);
    EXPECT_TRUE(has(r.err, "pagewise: error: cannot write to standard output")) << args[0] << "\n"
                                                                                << describe(r);
  }
}

TEST(Cli, StatsGoToStderrWithTextAndIntoTheDocumentWithJson) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  RunResult text = run_pagewise({"check", "--no-advice", "--stats", "drv"}, s.path());
  EXPECT_EQ(text.status, 1) << describe(text);
  EXPECT_TRUE(std::regex_search(text.err, std::regex("(^|\n)files +1\n"))) << describe(text);
  EXPECT_TRUE(std::regex_search(text.err, std::regex("(^|\n)functions +2\n"))) << describe(text);
  EXPECT_FALSE(has(text.out, "functions ")) << "stats belong on stderr\n" << describe(text);
  EXPECT_TRUE(has(text.out, "0 errors, 1 warning, 0 notes in 1 file (1 unit)")) << describe(text);

  RunResult json = run_pagewise({"check", "--stats", "--format", "json", "drv"}, s.path());
  EXPECT_EQ(json.status, 1) << describe(json);
  EXPECT_EQ(json.err, "") << describe(json);
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << describe(json);
  ASSERT_TRUE(doc.contains("stats")) << describe(json);
  EXPECT_EQ(doc["stats"]["files"], 1);
  EXPECT_EQ(doc["stats"]["functions"], 2);
  EXPECT_TRUE(doc["stats"]["stages"].is_array());

  RunResult none = run_pagewise({"check", "--format", "json", "drv"}, s.path());
  nlohmann::json plain = nlohmann::json::parse(none.out, nullptr, false);
  EXPECT_FALSE(plain.contains("stats")) << describe(none);
  EXPECT_EQ(none.err, "");
}

TEST(Cli, ThreadCountDoesNotChangeTheOutput) {
  const std::string examples = std::string(PW_SOURCE_DIR) + "/examples";
  // --no-cache: with the cache the second run would only replay the first one's results.
  for (const char* format : {"text", "json", "sarif"}) {
    RunResult one =
        run_pagewise({"check", "--no-cache", "--format", format, "-j", "1", examples}, "", 120);
    RunResult four =
        run_pagewise({"check", "--no-cache", "--format", format, "-j", "4", examples}, "", 120);
    EXPECT_EQ(one.status, 1) << describe(one);
    EXPECT_EQ(four.status, one.status) << describe(four);
    EXPECT_FALSE(one.out.empty());
    EXPECT_EQ(one.out, four.out) << format;
  }
  RunResult one =
      run_pagewise({"sections", "--no-cache", "--format", "json", "-j", "1", examples}, "", 120);
  RunResult four =
      run_pagewise({"sections", "--no-cache", "--format", "json", "-j", "4", examples}, "", 120);
  EXPECT_EQ(one.status, 0) << describe(one);
  EXPECT_EQ(one.out, four.out);
}

// ---- -D / -U ------------------------------------------------------------------------------------

constexpr const char* kConditionalDriver =
    "#ifdef DBG\n"
    "#pragma alloc_text(PAGE, Checked)\n"
    "#else\n"
    "#pragma alloc_text(PAGE, Free)\n"
    "#endif\n"
    "void Checked(void) { PAGED_CODE(); }\n"
    "void Free(void) { PAGED_CODE(); }\n";

TEST(Cli, DefineAndUndefineChooseTheBranchWhosePragmaApplies) {
  Scratch s;
  s.write("drv/cond.c", kConditionalDriver);
  s.write("decoy/other.c", "void Decoy(void) { }\n");
  struct Case {
    std::vector<std::string> flags;
    const char* checked;
    const char* free;
  };
  const Case cases[] = {
      {{}, "PAGE", "PAGE"},  // undecided: every branch is analysed
      {{"-D", "DBG"}, "PAGE", ".text"},
      {{"-DDBG"}, "PAGE", ".text"},
      {{"--define", "DBG=1"}, "PAGE", ".text"},
      {{"-U", "DBG"}, ".text", "PAGE"},
      {{"-UDBG"}, ".text", "PAGE"},
      {{"-D", "OTHER", "-U", "DBG"}, ".text", "PAGE"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args{"sections", "--format", "json"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    args.push_back("drv");  // after the flags: -D/-U must not swallow it
    RunResult r = run_pagewise(args, s.path());
    std::string label = c.flags.empty() ? "(none)" : c.flags[0];
    ASSERT_EQ(r.status, 0) << label << "\n" << describe(r);
    auto items = section_items(r);
    EXPECT_FALSE(items.count("Decoy")) << label << ": the path was taken as a -D/-U value\n"
                                       << describe(r);
    ASSERT_TRUE(items.count("Checked")) << label << "\n" << describe(r);
    ASSERT_TRUE(items.count("Free")) << label << "\n" << describe(r);
    EXPECT_EQ(items["Checked"]["section"], c.checked) << label;
    EXPECT_EQ(items["Free"]["section"], c.free) << label;
  }
  // The rules follow: with -D DBG, Free's PAGED_CODE() is outside a paged section.
  RunResult check = run_pagewise({"check", "--no-advice", "-D", "DBG", "drv"}, s.path());
  EXPECT_EQ(check.status, 1) << describe(check);
  EXPECT_TRUE(has(check.out, "drv/cond.c:7:")) << describe(check);
  EXPECT_TRUE(has(check.out, "[paged-code/outside-paged-section]")) << describe(check);
  EXPECT_FALSE(has(check.out, "drv/cond.c:6:")) << describe(check);
  RunResult plain = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_EQ(plain.status, 0) << describe(plain);
}

TEST(Cli, RepeatableOptionsTakeOneValuePerUse) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  s.write("drv/gen/b.c", "#pragma alloc_text(PAGE, Gen)\nvoid Gen(int x) { if (x) x++; }\n");
  s.write("decoy/c.c", kWarningDriver);
  RunResult r = run_pagewise({"check", "--exclude", "gen", "--blank", "MYAPI", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/a.c:2:6:")) << describe(r);
  EXPECT_FALSE(has(r.out, "Gen")) << describe(r);
  EXPECT_FALSE(has(r.out, "decoy")) << describe(r);
  EXPECT_TRUE(has(r.out, "in 1 file (1 unit)")) << describe(r);
}

// ---- suppressions -------------------------------------------------------------------------------

TEST(Cli, SuppressionSilencesThatFindingOnly) {
  Scratch s;
  s.write("drv/s.c",
          "#pragma alloc_text(PAGE, SameLine, LineAbove, OtherRule, TooFar, Plain, Family)\n"  // 1
          "void SameLine(int x) { if (x) x++; }  // pagewise: ignore[paged-code/missing] by "
          "hand\n"                                                                // 2
          "\n"                                                                    // 3
          "// pagewise: ignore[paged-code/missing] runs at PASSIVE_LEVEL only\n"  // 4
          "void LineAbove(int x) { if (x) x++; }\n"                               // 5
          "void OtherRule(int x) { if (x) x++; }  // pagewise: ignore[resident/irql] not this "
          "one\n"                                                              // 6
          "// pagewise: ignore[paged-code/missing] two lines up is too far\n"  // 7
          "\n"                                                                 // 8
          "void TooFar(int x) { if (x) x++; }\n"                               // 9
          "void Plain(int x) { if (x) x++; }\n"                                // 10
          "/* pagewise: ignore[paged-code/*] the family */\n"                  // 11
          "void Family(int x) { if (x) x++; }\n");                             // 12
  RunResult r = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_EQ(r.status, 1) << describe(r);
  for (const char* silenced : {"'SameLine'", "'LineAbove'", "'Family'"})
    EXPECT_FALSE(has(r.out, silenced)) << silenced << "\n" << describe(r);
  EXPECT_TRUE(has(r.out, "drv/s.c:6:6: warning: 'OtherRule'")) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/s.c:9:6: warning: 'TooFar'")) << describe(r);
  EXPECT_TRUE(has(r.out, "drv/s.c:10:6: warning: 'Plain'")) << describe(r);
  EXPECT_TRUE(has(r.out, "0 errors, 3 warnings, 0 notes")) << describe(r);
}

// ---- explain ------------------------------------------------------------------------------------

TEST(Cli, ExplainFoundAndNotFound) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  s.write("drv/m.cpp",
          "class CDev {\n"
          "public:\n"
          "  void Start();\n"
          "};\n"
          "#pragma code_seg(\"PAGE\")\n"
          "void CDev::Start() { PAGED_CODE(); }\n"
          "#pragma code_seg()\n");
  RunResult found = run_pagewise({"explain", "drv/a.c:Paged"}, s.path());
  EXPECT_EQ(found.status, 0) << describe(found);
  EXPECT_TRUE(has(found.out, "Paged (drv/a.c:2, unit drv)\n")) << describe(found);
  EXPECT_TRUE(has(found.out, "  section: PAGE by #pragma alloc_text(PAGE, Paged) at drv/a.c:1\n"))
      << describe(found);
  EXPECT_TRUE(has(found.out, "entry IRQL (certain):")) << describe(found);

  RunResult method = run_pagewise({"explain", "drv/m.cpp:CDev::Start"}, s.path());
  EXPECT_EQ(method.status, 0) << describe(method);
  EXPECT_TRUE(has(method.out, "CDev::Start (drv/m.cpp:6, unit drv)")) << describe(method);
  EXPECT_TRUE(has(method.out, "section: PAGE by #pragma code_seg(\"PAGE\") at drv/m.cpp:5"))
      << describe(method);

  RunResult in = run_pagewise({"explain", "--in", "drv", "drv/a.c:Resident"}, s.path());
  EXPECT_EQ(in.status, 0) << describe(in);
  EXPECT_TRUE(has(in.out, "section: .text by default")) << describe(in);

  RunResult missing_fn = run_pagewise({"explain", "drv/a.c:Nope"}, s.path());
  EXPECT_EQ(missing_fn.status, 2) << describe(missing_fn);
  EXPECT_EQ(missing_fn.err, "pagewise: error: no function 'Nope' is defined in drv/a.c\n")
      << describe(missing_fn);
  EXPECT_EQ(missing_fn.out, "");

  RunResult missing_file = run_pagewise({"explain", "drv/gone.c:Paged"}, s.path());
  EXPECT_EQ(missing_file.status, 2) << describe(missing_file);
  EXPECT_EQ(missing_file.err, "pagewise: error: drv/gone.c: does not exist\n")
      << describe(missing_file);

  RunResult no_colon = run_pagewise({"explain", "drv/a.c"}, s.path());
  EXPECT_EQ(no_colon.status, 2) << describe(no_colon);
  EXPECT_TRUE(has(no_colon.err, "explain takes FILE:FUNCTION")) << describe(no_colon);

  RunResult no_target = run_pagewise({"explain"}, s.path());
  EXPECT_EQ(no_target.status, 2) << describe(no_target);
  EXPECT_TRUE(has(no_target.err, "target")) << describe(no_target);
}

TEST(Cli, ExplainSaysWhyAFileYieldedNothing) {
  Scratch s;
  s.write("drv/blob.c", std::string("void F(void) {}\0\0", 18));
  RunResult r = run_pagewise({"explain", "drv/blob.c:F"}, s.path());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(has(r.err, "pagewise: error: no function 'F' is defined in drv/blob.c\n"))
      << describe(r);
  EXPECT_TRUE(has(r.err, "pagewise: note: drv/blob.c: is binary (contains NUL bytes); skipped\n"))
      << describe(r);
}

// ---- sections -----------------------------------------------------------------------------------

TEST(Cli, SectionsText) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  s.write("drv/data.c",
          "#pragma data_seg(\"PAGEDATA\")\n"
          "int Table[4] = {1, 2, 3, 4};\n"
          "#pragma data_seg()\n"
          "int Counter = 1;\n");
  RunResult r = run_pagewise({"sections", "drv"}, s.path());
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(r.out,
            "unit drv\n"
            "  drv/a.c:2:6: function Paged: PAGE (pageable) by #pragma alloc_text(PAGE, Paged) at "
            "drv/a.c:1\n"
            "  drv/a.c:6:6: function Resident: .text (resident) by default (.text)\n"
            "  drv/data.c:2:5: data Table: PAGEDATA (pageable) by #pragma data_seg(\"PAGEDATA\") "
            "at drv/data.c:1\n"
            "  functions: 1 pageable, 0 INIT, 1 resident\n")
      << describe(r);
}

TEST(Cli, SectionsJson) {
  Scratch s;
  s.write("drv/a.c", kWarningDriver);
  RunResult r = run_pagewise({"sections", "--format", "json", "drv"}, s.path());
  ASSERT_EQ(r.status, 0) << describe(r);
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << describe(r);
  ASSERT_EQ(doc["units"].size(), 1u);
  EXPECT_EQ(doc["units"][0]["unit"], "drv");
  const nlohmann::json& items = doc["units"][0]["items"];
  ASSERT_EQ(items.size(), 2u) << describe(r);
  EXPECT_EQ(items[0]["kind"], "function");
  EXPECT_EQ(items[0]["name"], "Paged");
  EXPECT_EQ(items[0]["file"], "drv/a.c");
  EXPECT_EQ(items[0]["line"], 2);
  EXPECT_EQ(items[0]["column"], 6);
  EXPECT_EQ(items[0]["section"], "PAGE");
  EXPECT_EQ(items[0]["class"], "pageable");
  EXPECT_EQ(items[0]["how"], "alloc_text");
  EXPECT_EQ(items[0]["placed_at"]["file"], "drv/a.c");
  EXPECT_EQ(items[0]["placed_at"]["line"], 1);
  EXPECT_EQ(items[0]["placed_at"]["text"], "#pragma alloc_text(PAGE, Paged)");
  EXPECT_EQ(items[1]["name"], "Resident");
  EXPECT_EQ(items[1]["how"], "default");
  EXPECT_FALSE(items[1].contains("placed_at"));
  EXPECT_TRUE(doc["problems"].empty());
  EXPECT_TRUE(doc["skipped"].empty());
}

TEST(Cli, UmdfUnitIsSkippedAndSaysWhy) {
  RunResult r = run_pagewise({"check", std::string(PW_SOURCE_DIR) + "/examples/umdf-toaster"});
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out,
                  "pagewise: note: skipped toaster.vcxproj: user-mode (UMDF) driver, paging rules "
                  "do not apply"))
      << describe(r);
  EXPECT_TRUE(has(r.out, "no findings in 0 files (0 units, 1 skipped)")) << describe(r);
}

TEST(Cli, ConfigPicksTheProjectConfigurationAndDefineOverrides) {
  const std::string fixture =
      std::string(PW_SOURCE_DIR) + "/tests/fixtures/real-shapes/vcxproj-release-defines";
  const std::string finding = "'PagerFlush' has PAGED_CODE() but is not placed in a pageable";
  RunResult release = run_pagewise({"check", "--no-advice", fixture});
  EXPECT_EQ(release.status, 1) << describe(release);
  EXPECT_TRUE(has(release.out, finding)) << describe(release);
  RunResult debug = run_pagewise({"check", "--no-advice", "--config", "Debug|x64", fixture});
  EXPECT_EQ(debug.status, 0) << describe(debug);
  RunResult overridden =
      run_pagewise({"check", "--no-advice", "-D", "PAGER_RESIDENT_ONLY=0", fixture});
  EXPECT_EQ(overridden.status, 0) << describe(overridden);
  RunResult undefined =
      run_pagewise({"check", "--no-advice", "-U", "PAGER_RESIDENT_ONLY", fixture});
  EXPECT_EQ(undefined.status, 0) << describe(undefined);  // undefined is 0 in #if
}

TEST(Cli, SourcesProgramIsSkippedAndSaysWhy) {
  RunResult r = run_pagewise({"check", std::string(PW_SOURCE_DIR) +
                                           "/tests/fixtures/real-shapes/sources-program-skipped"});
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_TRUE(has(r.out, "user-mode program, not a driver: TARGETTYPE=PROGRAM")) << describe(r);
}

// A project file named on the command line is the unit, whatever else its folder holds; explain
// takes one as --in.
TEST(Cli, AProjectFileGivenIsTheUnitAlone) {
  Scratch s;
  s.write("drv/a.vcxproj",
          "<Project><ItemGroup><ClCompile Include=\"a.c\" /></ItemGroup></Project>\n");
  s.write("drv/b.vcxproj",
          "<Project><ItemGroup><ClCompile Include=\"b.c\" /></ItemGroup></Project>\n");
  s.write("drv/a.c", "#pragma alloc_text(PAGE, First)\nvoid First(int x) { if (x) x++; }\n");
  s.write("drv/b.c", "#pragma alloc_text(PAGE, Second)\nvoid Second(int x) { if (x) x++; }\n");
  RunResult one = run_pagewise({"check", "--no-advice", "drv/a.vcxproj"}, s.path());
  EXPECT_EQ(one.status, 1) << describe(one);
  EXPECT_TRUE(has(one.out, "'First'")) << describe(one);
  EXPECT_FALSE(has(one.out, "'Second'")) << describe(one);
  EXPECT_TRUE(has(one.out, "in 1 file (1 unit)")) << describe(one);
  RunResult both = run_pagewise({"check", "--no-advice", "drv"}, s.path());
  EXPECT_TRUE(has(both.out, "in 2 files (2 units)")) << describe(both);
  RunResult explain = run_pagewise({"explain", "drv/a.c:First", "--in", "drv/a.vcxproj"}, s.path());
  EXPECT_EQ(explain.status, 0) << describe(explain);
  EXPECT_TRUE(has(explain.out, "unit a.vcxproj")) << describe(explain);
  s.write("drv/a.txt", "x");
  RunResult other = run_pagewise({"check", "drv/a.txt"}, s.path());
  EXPECT_EQ(other.status, 2) << describe(other);
  EXPECT_TRUE(has(other.out, "not a C/C++ source file, .vcxproj or WDK sources file"))
      << describe(other);
}

}  // namespace
}  // namespace pagewise
