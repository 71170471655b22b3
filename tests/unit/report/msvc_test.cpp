#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "report/report.hpp"
#include "sample.hpp"

namespace pagewise {
namespace {

std::string render(const test::SampleReport& r) {
  std::ostringstream out;
  write_msvc(out, r.input());
  return out.str();
}

TEST(MsvcReport, FindingsInMsbuildCanonicalFormWithCodesAndEvidenceNotes) {
  test::SampleReport r = test::sample_report();
  EXPECT_EQ(render(r),
            "examples/wdm/dpc.c(10,5): error PW2001: 'NicDpcWork' is pageable but runs at "
            "DISPATCH_LEVEL [resident/irql]\n"
            "examples/wdm/driver.c(30,3): note: registered as a DPC by KeInitializeDpc\n"
            "examples/wdm/dpc.c(8,1): note: NicDpc calls NicDpcWork\n"
            "examples/wdm/driver.c(42,1): warning PW1001: 'DispatchCreate' is in pageable "
            "section PAGE but has no PAGED_CODE(); add PAGED_CODE() as its first statement "
            "[paged-code/missing]\n"
            "examples/wdm/driver.c(12,1): note: placed in PAGE by #pragma alloc_text(PAGE, "
            "DispatchCreate)\n"
            "pagewise : note: skipped examples/umdf/x.vcxproj: UMDF driver (user mode)\n");
}

TEST(MsvcReport, NoteSeverityUnknownPositionsAndInputProblems) {
  test::SampleReport r = test::sample_report();
  Finding advice = test::missing_paged_code();
  advice.rule_id = "advice/could-be-paged";
  advice.severity = Severity::Note;
  advice.pos = {7, 0, 0};
  advice.message = "could be paged";
  advice.evidence = {{"", {0, 0, 0}, "somewhere in the file"}};
  Finding unknown = test::missing_paged_code();
  unknown.rule_id = "no/such-rule";
  unknown.evidence.clear();
  r.findings = {advice, unknown};
  r.discovery.units.clear();
  r.discovery.problems = {{"big.c", "larger than 16 MB, not read", false},
                          {"/nowhere", "does not exist", true}};
  EXPECT_EQ(render(r),
            "examples/wdm/driver.c(7): note PW8001: could be paged [advice/could-be-paged]\n"
            "examples/wdm/driver.c: note: somewhere in the file\n"
            "examples/wdm/driver.c(42,1): warning: " +
                unknown.message +
                " [no/such-rule]\n"
                "pagewise : warning: big.c: larger than 16 MB, not read\n"
                "pagewise : error: /nowhere: does not exist\n");
}

TEST(MsvcReport, ControlCharactersNeverSplitALine) {
  test::SampleReport r = test::sample_report();
  r.findings = {test::missing_paged_code()};
  r.findings[0].message = test::kAwkwardMessage;
  r.findings[0].evidence.clear();
  r.discovery.units.clear();
  std::string out = render(r);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

}  // namespace
}  // namespace pagewise
