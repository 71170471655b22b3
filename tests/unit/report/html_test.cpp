#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../discover/temp_tree.hpp"
#include "report/html_text.hpp"
#include "report/report.hpp"
#include "report/source_lines.hpp"
#include "sample.hpp"

namespace pagewise {
namespace {

struct HtmlInputs {
  const std::vector<UnitSizes>* sizes = nullptr;
  const std::vector<std::pair<std::string, std::string>>* sources = nullptr;
};

std::string render(const test::SampleReport& r, HtmlInputs extra = {}) {
  ReportInput in = r.input();
  in.sizes = extra.sizes;
  in.sources = extra.sources;
  std::ostringstream out;
  write_html(out, in);
  return out.str();
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

UnitSizes wdm_sizes() {
  UnitSizes s;
  s.unit = "examples/wdm";
  s.functions = 21;
  s.resident_now = 1504;
  s.pageable_now = 2256;
  s.init_now = 112;
  s.resident_after = 1104;
  s.pageable_after = 2416;
  s.init_after = 352;
  s.sections = {{".text", SectionClass::Resident, 1504, 1104, 6, 5},
                {"INIT", SectionClass::Init, 112, 352, 1, 2},
                {"PAGE", SectionClass::Pageable, 2256, 2416, 14, 15}};
  return s;
}

TEST(HtmlReport, OnePageWithEveryFinding) {
  test::SampleReport r = test::sample_report();
  std::string page = render(r);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos);
  EXPECT_EQ(occurrences(page, "<li class=\"finding "), r.findings.size());
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    std::string row = "<li class=\"finding " + std::string(severity_name(f.severity)) +
                      "\" data-index=\"" + std::to_string(i) + "\" data-rule=\"" + f.rule_id +
                      "\" data-severity=\"" + severity_name(f.severity) + "\" data-file=\"" +
                      f.file + "\"";
    EXPECT_NE(page.find(row), std::string::npos) << row;
    EXPECT_NE(page.find(html_escape(f.message)), std::string::npos) << f.message;
    std::string loc = f.file + ":" + std::to_string(f.pos.line) + ":" + std::to_string(f.pos.col);
    EXPECT_NE(page.find(loc), std::string::npos) << loc;
  }
  // Totals in the header, the skipped unit among the notices.
  EXPECT_NE(page.find("id=\"total-error\"><b>1</b>error<"), std::string::npos);
  EXPECT_NE(page.find("id=\"total-warning\"><b>1</b>warning<"), std::string::npos);
  EXPECT_NE(page.find("id=\"total-note\"><b>0</b>notes<"), std::string::npos);
  EXPECT_NE(page.find("skipped examples/umdf/x.vcxproj: UMDF driver (user mode)"),
            std::string::npos);
}

TEST(HtmlReport, FiltersListEachRuleSeverityAndFileOnce) {
  test::SampleReport r = test::sample_report();
  r.findings.push_back(test::missing_paged_code(50));
  std::string page = render(r);
  EXPECT_NE(page.find("<select id=\"filter-rule\">"), std::string::npos);
  EXPECT_NE(page.find("<select id=\"filter-severity\">"), std::string::npos);
  EXPECT_NE(page.find("<select id=\"filter-file\">"), std::string::npos);
  EXPECT_NE(page.find("<option value=\"paged-code/missing\">paged-code/missing (2)</option>"),
            std::string::npos);
  EXPECT_NE(page.find("<option value=\"resident/irql\">resident/irql (1)</option>"),
            std::string::npos);
  EXPECT_NE(page.find("<option value=\"error\">error (1)</option>"), std::string::npos);
  EXPECT_NE(page.find("<option value=\"warning\">warning (2)</option>"), std::string::npos);
  EXPECT_EQ(page.find("<option value=\"note\">"), std::string::npos);
  EXPECT_NE(page.find("<option value=\"examples/wdm/driver.c\">examples/wdm/driver.c (2)</option>"),
            std::string::npos);
}

TEST(HtmlReport, MarkupInMessagesIsText) {
  test::SampleReport r = test::sample_report();
  r.findings[0].message = "bad </script><script>alert(1)</script> & \"quoted\" 'single'";
  r.findings[0].function = "<img src=x onerror=alert(2)>";
  r.findings[0].file = "a\"b<c>.c";
  r.findings[0].evidence[0].message = "<script>alert(3)</script>";
  r.discovery.root = "/tmp/<script>";
  std::string page = render(r);
  // The page's own script is the only one.
  EXPECT_EQ(occurrences(page, "<script"), 1u);
  EXPECT_EQ(occurrences(page, "</script"), 1u);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("bad &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                      "&quot;quoted&quot; &#39;single&#39;"),
            std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(3)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("data-file=\"a&quot;b&lt;c&gt;.c\""), std::string::npos);
}

TEST(HtmlReport, NothingFromOutside) {
  test::SampleReport r = test::sample_report();
  r.findings[0].message = "see https://learn.microsoft.com/windows-hardware/drivers/ for more";
  std::vector<UnitSizes> sizes{wdm_sizes()};
  std::string page = render(r, {&sizes});
  // No attribute or style sheet reference leaves the page.
  std::regex external(R"((src|href|action|data)\s*=\s*["']?\s*([a-z]+:)?//|url\(|@import)",
                      std::regex::icase);
  EXPECT_FALSE(std::regex_search(page, external));
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("href="), std::string::npos);
  // The message's address is shown as text only.
  EXPECT_NE(page.find("see https://learn.microsoft.com/windows-hardware/drivers/ for more"),
            std::string::npos);
  EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
}

TEST(HtmlReport, SizesNotAvailable) {
  test::SampleReport r = test::sample_report();
  std::string without = render(r);
  EXPECT_NE(without.find("id=\"sizes-unavailable\""), std::string::npos);
  EXPECT_EQ(without.find("class=\"bar\""), std::string::npos);
  // The rest of the page is all there.
  EXPECT_EQ(occurrences(without, "<li class=\"finding "), r.findings.size());

  std::vector<UnitSizes> none;
  EXPECT_NE(render(r, {&none}).find("id=\"sizes-unavailable\""), std::string::npos);
}

TEST(HtmlReport, SizesAsBarsNowAndAfterAdvice) {
  test::SampleReport r = test::sample_report();
  std::vector<UnitSizes> sizes{wdm_sizes()};
  std::string page = render(r, {&sizes});
  EXPECT_EQ(page.find("sizes-unavailable"), std::string::npos);
  EXPECT_NE(page.find("data-unit=\"examples/wdm\""), std::string::npos);
  EXPECT_NE(page.find("21 functions &middot; sizes estimated &middot; 2 findings"),
            std::string::npos);
  EXPECT_EQ(occurrences(page, "<div class=\"bar\">"), 2u);
  // Both bars share a scale: the larger total (3,872 B now and after) fills it.
  EXPECT_NE(page.find("width:38.843%\" title=\"resident: 1,504 B\""), std::string::npos);
  EXPECT_NE(page.find("width:28.512%\" title=\"resident: 1,104 B\""), std::string::npos);
  EXPECT_NE(page.find("title=\"INIT: 352 B\""), std::string::npos);
  EXPECT_NE(page.find("<td>now</td><td>1,504 B</td><td>2,256 B</td><td>112 B</td><td>3,872 B</td>"),
            std::string::npos);
  EXPECT_NE(page.find("<code>PAGE</code></td><td>pageable</td><td>2,256 B</td><td>2,416 B</td>"
                      "<td>14 &rarr; 15</td>"),
            std::string::npos);
}

TEST(HtmlReport, SizesOfAnEmptyUnit) {
  test::SampleReport r = test::sample_report();
  UnitSizes empty;
  empty.unit = "empty";
  std::vector<UnitSizes> sizes{empty};
  std::string page = render(r, {&sizes});
  EXPECT_NE(page.find("data-unit=\"empty\""), std::string::npos);
  EXPECT_EQ(page.find("class=\"seg"), std::string::npos);
  EXPECT_EQ(page.find("nan"), std::string::npos);
}

TEST(HtmlReport, EvidenceAsAPathOfNodesEndingInTheFinding) {
  test::SampleReport r = test::sample_report();
  std::string page = render(r);
  const Finding& dpc = r.findings[0];  // two steps
  size_t row = page.find("data-index=\"0\"");
  size_t next = page.find("data-index=\"1\"");
  ASSERT_NE(row, std::string::npos);
  std::string html = page.substr(row, next - row);
  EXPECT_EQ(occurrences(html, "<button type=\"button\" class=\"node"), dpc.evidence.size() + 1);
  EXPECT_EQ(occurrences(html, "class=\"node finding-node\""), 1u);
  EXPECT_EQ(occurrences(html, "<div class=\"step-excerpt\""), dpc.evidence.size() + 1);
  EXPECT_NE(html.find("examples/wdm/driver.c:30:3</span><span class=\"node-msg\">registered as a "
                      "DPC by KeInitializeDpc"),
            std::string::npos);
  // A step without a file is in the finding's file.
  EXPECT_NE(html.find("examples/wdm/dpc.c:8:1</span><span class=\"node-msg\">NicDpc calls"),
            std::string::npos);
  EXPECT_NE(html.find("role=\"button\" tabindex=\"0\" aria-expanded=\"false\""), std::string::npos);
  EXPECT_NE(html.find("path &middot; 2 steps"), std::string::npos);
}

TEST(HtmlReport, FindingWithoutEvidenceHasNoPath) {
  test::SampleReport r = test::sample_report();
  r.findings[1].evidence.clear();
  std::string page = render(r);
  std::string html = page.substr(page.find("data-index=\"1\""));
  EXPECT_EQ(html.find("class=\"path\""), std::string::npos);
  EXPECT_EQ(html.substr(0, html.find("</div>")).find("role=\"button\""), std::string::npos);
}

TEST(HtmlReport, SourceLinesAroundFindingsAndSteps) {
  testing::TempTree tree;
  std::string dpc;
  for (int i = 1; i <= 20; ++i)
    dpc += "line " + std::to_string(i) + (i == 10 ? " <tag> & \xFF" : "") + "\r\n";
  tree.write("dpc.c", dpc);
  tree.write("driver.c", "");  // too short: its lines are not available
  std::vector<std::pair<std::string, std::string>> sources{
      {"examples/wdm/dpc.c", tree.path("dpc.c").string()},
      {"examples/wdm/driver.c", tree.path("driver.c").string()}};
  test::SampleReport r = test::sample_report();
  std::string page = render(r, {nullptr, &sources});
  // The finding at dpc.c:10, two lines either side, the line itself marked.
  EXPECT_NE(page.find("<div class=\"line\" data-line=\"8\"><span class=\"ln\">8</span><span "
                      "class=\"src\">line 8</span></div>"),
            std::string::npos);
  EXPECT_NE(page.find("<div class=\"line hit\" data-line=\"10\"><span class=\"ln\">10</span><span "
                      "class=\"src\">line 10 &lt;tag&gt; &amp; \xEF\xBF\xBD</span></div>"),
            std::string::npos);
  EXPECT_NE(page.find("data-line=\"12\""), std::string::npos);
  EXPECT_EQ(page.find("data-line=\"13\""), std::string::npos);
  EXPECT_EQ(page.find("data-line=\"5\""), std::string::npos);
  EXPECT_NE(page.find("The source of examples/wdm/driver.c:42 is not available."),
            std::string::npos);
}

TEST(HtmlReport, PageIsValidUtf8WhateverTheInput) {
  test::SampleReport r = test::sample_report();
  r.findings[0].message = test::kAwkwardMessage;
  r.findings[0].evidence[0].file = "bad\xC0\xAF.c";
  std::string page = render(r);
  EXPECT_EQ(valid_utf8(page), page);
  EXPECT_NE(page.find("caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD end"), std::string::npos);
}

TEST(HtmlReport, NoFindings) {
  test::SampleReport r = test::sample_report();
  r.findings.clear();
  std::string page = render(r);
  EXPECT_NE(page.find("id=\"no-findings\""), std::string::npos);
  EXPECT_EQ(page.find("<li class=\"finding "), std::string::npos);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

TEST(HtmlText, RepairsUtf8) {
  EXPECT_EQ(valid_utf8("plain\tascii\n"), "plain\tascii\n");
  EXPECT_EQ(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(valid_utf8("\xFF"), fffd);
  EXPECT_EQ(valid_utf8("a\xC3"), "a" + fffd);                            // cut short at the end
  EXPECT_EQ(valid_utf8("\xC0\xAF"), fffd + fffd);                        // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd);             // a surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
  EXPECT_EQ(valid_utf8(std::string("a\0b\x1b", 4)), "a" + fffd + "b" + fffd);
  EXPECT_EQ(valid_utf8("a\fb\rc"), "a b c");
}

TEST(HtmlText, BacktickSpansAsCode) {
  EXPECT_EQ(html_message("add `#pragma alloc_text(PAGE, F)` after <it>"),
            "add <code>#pragma alloc_text(PAGE, F)</code> after &lt;it&gt;");
  EXPECT_EQ(html_message("one ` only"), "one ` only");
  EXPECT_EQ(html_message("`<b>`"), "<code>&lt;b&gt;</code>");
}

TEST(SourceLines, ReadsOnlyTheWantedLines) {
  testing::TempTree tree;
  tree.write("a.c", "one\r\ntwo\nthree\nfour\nfive");
  SourceLines s = read_source_lines(tree.path("a.c").string(), {2, 5, 9});
  EXPECT_TRUE(s.readable);
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[2], "two");
  EXPECT_EQ(s.lines[5], "five");

  SourceLines missing = read_source_lines(tree.path("none.c").string(), {1});
  EXPECT_FALSE(missing.readable);
  EXPECT_TRUE(missing.lines.empty());
}

// A UTF-16 file is shown as the analysis read it: decoded, the same line numbers.
TEST(SourceLines, DecodesUtf16) {
  testing::TempTree tree;
  tree.write("le.c", std::string("\xFF\xFE"
                                 "a\0\r\0\n\0\xE9\0x\0\n\0",
                                 14));
  tree.write("be.c", std::string("\xFE\xFF\0a\0\n\0b", 8));
  SourceLines le = read_source_lines(tree.path("le.c").string(), {1, 2});
  EXPECT_EQ(le.lines[1], "a");
  EXPECT_EQ(le.lines[2], "\xC3\xA9x");
  SourceLines be = read_source_lines(tree.path("be.c").string(), {2});
  EXPECT_EQ(be.lines[2], "b");
}

TEST(SourceLines, CutsLongLinesAtACharacter) {
  testing::TempTree tree;
  tree.write("long.c", "ab\xC3\xA9" + std::string(1000, 'x') + "\nnxt\n");
  SourceLines s = read_source_lines(tree.path("long.c").string(), {1, 2}, 3);
  EXPECT_EQ(s.lines[1], "ab\xE2\x80\xA6");  // not half of the é
  EXPECT_EQ(s.lines[2], "nxt");
}

}  // namespace
}  // namespace pagewise
