#include "knowledge/irql.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pagewise {
namespace {

// Parses `text`, or returns a sentinel the test can tell from any real answer.
std::string parsed(std::string_view text) {
  Irql level = Irql::Passive;
  if (!parse_irql(text, &level)) return "no";
  return irql_name(level);
}

TEST(IrqlName, EveryLevelHasAName) {
  EXPECT_STREQ(irql_name(Irql::Passive), "PASSIVE_LEVEL");
  EXPECT_STREQ(irql_name(Irql::Apc), "APC_LEVEL");
  EXPECT_STREQ(irql_name(Irql::Dispatch), "DISPATCH_LEVEL");
  EXPECT_STREQ(irql_name(Irql::Dirql), "DIRQL");
  EXPECT_STREQ(irql_name(Irql::High), "HIGH_LEVEL");
}

TEST(IrqlOrder, LevelsCompareByHeight) {
  EXPECT_LT(Irql::Passive, Irql::Apc);
  EXPECT_LT(Irql::Apc, Irql::Dispatch);
  EXPECT_LT(Irql::Dispatch, Irql::Dirql);
  EXPECT_LT(Irql::Dirql, Irql::High);
}

TEST(ParseIrql, SymbolicNames) {
  EXPECT_EQ(parsed("PASSIVE_LEVEL"), "PASSIVE_LEVEL");
  EXPECT_EQ(parsed("APC_LEVEL"), "APC_LEVEL");
  EXPECT_EQ(parsed("DISPATCH_LEVEL"), "DISPATCH_LEVEL");
  EXPECT_EQ(parsed("DPC_LEVEL"), "DISPATCH_LEVEL");
  EXPECT_EQ(parsed("SYNCH_LEVEL"), "DIRQL");
  EXPECT_EQ(parsed("PROFILE_LEVEL"), "HIGH_LEVEL");
  EXPECT_EQ(parsed("CLOCK_LEVEL"), "HIGH_LEVEL");
  EXPECT_EQ(parsed("IPI_LEVEL"), "HIGH_LEVEL");
  EXPECT_EQ(parsed("POWER_LEVEL"), "HIGH_LEVEL");
  EXPECT_EQ(parsed("HIGH_LEVEL"), "HIGH_LEVEL");
}

TEST(ParseIrql, Numbers) {
  EXPECT_EQ(parsed("0"), "PASSIVE_LEVEL");
  EXPECT_EQ(parsed("1"), "APC_LEVEL");
  EXPECT_EQ(parsed("2"), "DISPATCH_LEVEL");
  EXPECT_EQ(parsed("3"), "DIRQL");
  EXPECT_EQ(parsed("12"), "DIRQL");
  EXPECT_EQ(parsed("26"), "DIRQL");
  EXPECT_EQ(parsed("27"), "HIGH_LEVEL");
  EXPECT_EQ(parsed("31"), "HIGH_LEVEL");
  EXPECT_EQ(parsed("32"), "no");
  EXPECT_EQ(parsed("100"), "no");
  EXPECT_EQ(parsed("-1"), "no");
  EXPECT_EQ(parsed("0x2"), "no");
}

TEST(ParseIrql, TrimsSpacesAndParentheses) {
  EXPECT_EQ(parsed("  DISPATCH_LEVEL "), "DISPATCH_LEVEL");
  EXPECT_EQ(parsed("(DISPATCH_LEVEL)"), "DISPATCH_LEVEL");
  EXPECT_EQ(parsed(" ( ( APC_LEVEL ) ) "), "APC_LEVEL");
  EXPECT_EQ(parsed("\t(2)\n"), "DISPATCH_LEVEL");
}

TEST(ParseIrql, RejectsAnythingElse) {
  EXPECT_EQ(parsed(""), "no");
  EXPECT_EQ(parsed("  "), "no");
  EXPECT_EQ(parsed("()"), "no");
  EXPECT_EQ(parsed("NewIrql"), "no");
  EXPECT_EQ(parsed("Interrupt->SynchronizeIrql"), "no");
  EXPECT_EQ(parsed("DISPATCH_LEVEL + 1"), "no");
  EXPECT_EQ(parsed("(APC_LEVEL) + (APC_LEVEL)"), "no");
  EXPECT_EQ(parsed("dispatch_level"), "no");
  EXPECT_EQ(parsed("(DISPATCH_LEVEL"), "no");
}

TEST(ParseIrql, LeavesOutputAloneOnFailure) {
  Irql level = Irql::High;
  EXPECT_FALSE(parse_irql("Irql", &level));
  EXPECT_EQ(level, Irql::High);
  EXPECT_FALSE(parse_irql("99", &level));
  EXPECT_EQ(level, Irql::High);
}

}  // namespace
}  // namespace pagewise
