// The per-file stage on inputs built to make it work hard: many nested #if chains. Each must
// finish in bounded work and keep the answers small inputs get.
#include "frontend/file_stage.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

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

}  // namespace
}  // namespace pagewise
