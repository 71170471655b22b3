#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "report/report.hpp"
#include "sample.hpp"

namespace pagewise {
namespace {

std::string render(const test::SampleReport& r, bool color) {
  std::ostringstream out;
  write_text(out, r.input(), color);
  return out.str();
}

TEST(TextReport, FindingsAsCompilerDiagnosticsWithEvidenceNotes) {
  test::SampleReport r = test::sample_report();
  EXPECT_EQ(
      render(r, false),
      "examples/wdm/dpc.c:10:5: error: 'NicDpcWork' is pageable but runs at DISPATCH_LEVEL "
      "[resident/irql]\n"
      "    examples/wdm/driver.c:30:3: note: registered as a DPC by KeInitializeDpc\n"
      "    examples/wdm/dpc.c:8:1: note: NicDpc calls NicDpcWork\n"
      "examples/wdm/driver.c:42:1: warning: 'DispatchCreate' is in pageable section PAGE but has "
      "no PAGED_CODE(); add PAGED_CODE() as its first statement [paged-code/missing]\n"
      "    examples/wdm/driver.c:12:1: note: placed in PAGE by #pragma alloc_text(PAGE, "
      "DispatchCreate)\n"
      "pagewise: note: skipped examples/umdf/x.vcxproj: UMDF driver (user mode)\n"
      "1 error, 1 warning, 0 notes in 2 files (1 unit, 1 skipped)\n");
}

TEST(TextReport, NoAnsiCodesWithoutColour) {
  test::SampleReport r = test::sample_report();
  r.discovery.problems.push_back({"missing.c", "does not exist", true});
  EXPECT_EQ(render(r, false).find('\x1b'), std::string::npos);
}

TEST(TextReport, ColourLikeClang) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.discovery.units.pop_back();
  r.discovery.problems.push_back({"missing.c", "does not exist", true});
  const std::string bold = "\x1b[1m";
  const std::string reset = "\x1b[0m";
  EXPECT_EQ(render(r, true),
            bold + "examples/wdm/driver.c:42:1:" + reset + " \x1b[1;35mwarning:" + reset + " " +
                bold + r.findings[0].message + " [paged-code/missing]" + reset + "\n" + "    " +
                bold + "examples/wdm/driver.c:12:1:" + reset + " \x1b[1;36mnote:" + reset +
                " placed in PAGE by #pragma alloc_text(PAGE, DispatchCreate)\n" + bold +
                "pagewise:" + reset + " \x1b[1;31merror:" + reset + " missing.c: does not exist\n" +
                "0 errors, 1 warning, 0 notes in 2 files (1 unit); 1 input problem\n");
}

TEST(TextReport, InputProblemsFatalAsErrorOthersAsWarning) {
  test::SampleReport r = test::sample_report();
  r.findings.clear();
  r.discovery.problems.push_back({"/work/proj/nope", "does not exist", true});
  r.discovery.problems.push_back({"/work/proj/big.c", "larger than 16 MB, not read", false});
  EXPECT_EQ(render(r, false),
            "pagewise: note: skipped examples/umdf/x.vcxproj: UMDF driver (user mode)\n"
            "pagewise: error: /work/proj/nope: does not exist\n"
            "pagewise: warning: /work/proj/big.c: larger than 16 MB, not read\n"
            "no findings in 2 files (1 unit, 1 skipped); 2 input problems\n");
}

TEST(TextReport, EmptyReportStillSaysWhatWasScanned) {
  test::SampleReport r;
  EXPECT_EQ(render(r, false), "no findings in 0 files (0 units)\n");
}

TEST(TextReport, SummaryCountsFilesOnceAcrossUnits) {
  test::SampleReport r = test::sample_report();
  r.discovery.units.pop_back();
  Unit shared = r.discovery.units[0];
  shared.name = "examples/wdm2";
  shared.files.push_back("/work/proj/examples/common/util.c");
  r.discovery.units.push_back(shared);
  std::string text = render(r, false);
  EXPECT_NE(text.find("\n1 error, 1 warning, 0 notes in 3 files (2 units)\n"), std::string::npos)
      << text;
}

TEST(TextReport, UnknownPositionDropsLineAndColumn) {
  test::SampleReport r;
  Finding f = test::missing_paged_code();
  f.pos = {};
  f.evidence[0].pos = {7, 0, 0};
  r.findings = {f};
  std::string text = render(r, false);
  EXPECT_EQ(text.rfind("examples/wdm/driver.c: warning: ", 0), 0u) << text;
  EXPECT_NE(text.find("    examples/wdm/driver.c:7: note: placed"), std::string::npos) << text;
}

TEST(TextReport, MessageStaysOnOneLineAndCannotDriveTheTerminal) {
  test::SampleReport r;
  Finding f = test::missing_paged_code();
  f.message = test::kAwkwardMessage + " \x1b[2J";
  f.evidence.clear();
  r.findings = {f};
  std::string text = render(r, false);
  EXPECT_EQ(text,
            "examples/wdm/driver.c:42:1: warning: say \"hi\" to C:\\drv\\a.c then stop: "
            "caf\xC3\xA9 \xFF\xFE end "
            " [2J [paged-code/missing]\n"
            "0 errors, 1 warning, 0 notes in 0 files (0 units)\n");
}

TEST(TextReport, PluralsAreRight) {
  test::SampleReport r = test::sample_report();
  r.findings.push_back(test::missing_paged_code(50));
  r.findings.push_back(test::missing_paged_code(60));
  Finding note = test::missing_paged_code(70);
  note.severity = Severity::Note;
  r.findings.push_back(note);
  std::string text = render(r, false);
  EXPECT_NE(text.find("\n1 error, 3 warnings, 1 note in 2 files"), std::string::npos) << text;
}

}  // namespace
}  // namespace pagewise
