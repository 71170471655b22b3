// evidence: the path a finding prints, from its cause to the finding.
#include <gtest/gtest.h>

#include <string>

#include "analysed_driver.hpp"

namespace pagewise {
namespace {

// A DPC that reaches a pageable function through `depth` plain calls.
std::string dpc_chain(int depth) {
  std::string src =
      "#include <ntddk.h>\n"
      "VOID Step0(VOID);\n"
      "#pragma alloc_text(PAGE, Step0)\n"
      "VOID Step0(VOID) { PAGED_CODE(); }\n";
  for (int i = 1; i <= depth; ++i)
    src += "VOID Step" + std::to_string(i) + "(VOID) { Step" + std::to_string(i - 1) + "(); }\n";
  src +=
      "KDEFERRED_ROUTINE Dpc;\n"
      "VOID Dpc(PKDPC d, PVOID c, PVOID a, PVOID b) { Step" +
      std::to_string(depth) + "(); }\n";
  return src;
}

const Finding& only_irql_finding(const testing::Driver& d) {
  auto found = d.findings("resident/irql");
  EXPECT_EQ(found.size(), 1u);
  static const Finding kNone;
  return found.empty() ? kNone : *found.front();
}

TEST(EvidencePath, ShortChainIsShownWhole) {
  testing::Driver d(dpc_chain(3));
  const Finding& f = only_irql_finding(d);
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_NE(f.evidence.front().message.find("'Dpc'"), std::string::npos)
      << f.evidence.front().message;
  for (const EvidenceStep& s : f.evidence)
    EXPECT_EQ(s.message.find("not shown"), std::string::npos) << s.message;
}

// A chain longer than the bound was cut without a word: the path seemed to start in the middle.
TEST(EvidencePath, LongChainSaysWhereItWasCut) {
  testing::Driver d(dpc_chain(80));
  const Finding& f = only_irql_finding(d);
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_NE(f.evidence.front().message.find("and the callers before it are not shown"),
            std::string::npos)
      << f.evidence.front().message;
  EXPECT_LE(f.evidence.size(), 70u);
}

}  // namespace
}  // namespace pagewise
