// The per-file stage on inputs built to make it work hard: many nested #if chains, macros that
// multiply when expanded. Each must finish in bounded work and keep the answers small inputs get.
#include "frontend/file_stage.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "frontend/macro_expand.hpp"

namespace pagewise {
namespace {

std::string balanced(std::string text) {
  balance_conditionals(text, scan_directives(text));
  return text;
}

TEST(BalanceConditionals, ChainWhoseBranchesShareABraceKeepsTheFirstBranch) {
  std::string in =
      "#if A\n"
      "if (a) {\n"
      "#else\n"
      "if (b) {\n"
      "#endif\n"
      "}\n";
  std::string out = balanced(in);
  EXPECT_EQ(out.size(), in.size());
  EXPECT_EQ(out,
            "     \n"
            "if (a) {\n"
            "     \n"
            "        \n"
            "      \n"
            "}\n");
}

TEST(BalanceConditionals, BalancedChainsAreLeftAlone) {
  std::string in = "#if A\nvoid f(void) { }\n#else\nvoid g(void) { }\n#endif\n";
  EXPECT_EQ(balanced(in), in);
}

// The inner chain is blanked first; the outer chain is then judged on what is left of its
// branches, in which the inner chain leaves one '{' that the '}' after it closes.
TEST(BalanceConditionals, OuterChainIsJudgedAfterTheInnerOneIsBlanked) {
  std::string in =
      "#ifdef X\n"
      "#if A\n"
      "if (a) {\n"
      "#else\n"
      "if (b) {\n"
      "#endif\n"
      "}\n"
      "#else\n"
      "int y;\n"
      "#endif\n";
  std::string out = balanced(in);
  EXPECT_NE(out.find("#ifdef X\n"), std::string::npos) << out;
  EXPECT_NE(out.find("#else\nint y;\n#endif\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("if (b)"), std::string::npos) << out;
}

// 50 000 nested #if blocks, with a brace opened in each first branch and closed after: each
// enclosing chain used to recount its whole body (minutes). A hang check with a generous bound.
TEST(BalanceConditionals, DeepNestingIsLinear) {
  const int depth = 50000;
  std::string text;
  for (int i = 0; i < depth; ++i) text += "#if A" + std::to_string(i) + "\n{\n#else\n{\n";
  for (int i = 0; i < depth; ++i) text += "#endif\n}\n";
  auto start = std::chrono::steady_clock::now();
  std::string out = balanced(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(out.size(), text.size());
  EXPECT_EQ(out.find("#else"), std::string::npos);  // every chain was unbalanced
}

// Nine macros, each using the one before ten times: a billion bytes if expanded in full.
std::vector<FileScan> fan_out_scan() {
  std::string text = "#define M0 x\n";
  for (int i = 1; i <= 9; ++i) {
    text += "#define M" + std::to_string(i);
    for (int k = 0; k < 10; ++k) text += " M" + std::to_string(i - 1);
    text += "\n";
  }
  text += "#define PAGED_SEG __declspec(code_seg(\"PAGE\"))\n#define MY_PAGED PAGED_SEG\n";
  SourceFile src;
  src.path = "fan.h";
  src.text = text;
  src.readable = true;
  std::vector<FileScan> scans;
  scans.push_back(scan_file(src));
  return scans;
}

MacroLookup lookup_in(const std::vector<FileScan>& scans) {
  return [&scans](std::string_view name) -> const MacroDef* {
    for (const FileScan& s : scans)
      for (const MacroDef& m : s.macros)
        if (m.name == name) return &m;
    return nullptr;
  };
}

TEST(ExpandMacros, OneExpansionStopsAtItsOutputBound) {
  std::vector<FileScan> scans = fan_out_scan();
  ExpansionBudget budget;
  ExpansionCut cut = ExpansionCut::None;
  std::string out = expand_macros("M9", lookup_in(scans), 12, &budget, &cut);
  EXPECT_EQ(cut, ExpansionCut::OutputSize);
  EXPECT_LE(out.size(), ExpansionBudget::kDefaultMaxOutput);
}

TEST(ExpandMacros, ExpansionsSharingABudgetStopOnceItIsSpent) {
  std::vector<FileScan> scans = fan_out_scan();
  ExpansionBudget budget;
  budget.work_left = 1000;
  ExpansionCut cut = ExpansionCut::None;
  expand_macros("M3", lookup_in(scans), 12, &budget, &cut);
  EXPECT_EQ(cut, ExpansionCut::Work);
  EXPECT_EQ(budget.work_left, 0u);
  expand_macros("M0", lookup_in(scans), 12, &budget, &cut);
  EXPECT_EQ(cut, ExpansionCut::Work) << "a spent budget stays spent";
}

TEST(ExpandMacros, WithinTheBoundsNothingChanges) {
  std::vector<FileScan> scans = fan_out_scan();
  ExpansionCut cut = ExpansionCut::Work;
  EXPECT_EQ(expand_macros("M1", lookup_in(scans), 12, nullptr, &cut), "x x x x x x x x x x");
  EXPECT_EQ(cut, ExpansionCut::None);
}

// The unit's macros are read with bounded work: the run says which bound was hit, and the macros
// it could read keep their meaning.
TEST(AddUnitMacros, FanOutIsCutAndSaidAndTheRestStillRead) {
  std::vector<FileScan> scans = fan_out_scan();
  Dialect dialect = Dialect::builtin();
  auto start = std::chrono::steady_clock::now();
  add_unit_macros(scans, dialect);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));  // a hang check
  ASSERT_EQ(scans[0].problems.size(), 1u);
  EXPECT_NE(scans[0].problems[0].find("macro expansion limit: macro M"), std::string::npos)
      << scans[0].problems[0];
  EXPECT_NE(dialect.find("MY_PAGED"), nullptr);
  EXPECT_NE(dialect.find("PAGED_SEG"), nullptr);
}

}  // namespace
}  // namespace pagewise
