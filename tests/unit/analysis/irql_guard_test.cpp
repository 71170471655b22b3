// irql_guard: what a test of the current IRQL proves on each branch of an `if`.
#include "analysis/irql_guard.hpp"

#include <gtest/gtest.h>

namespace pagewise {
namespace {

GuardCaps guard(std::string_view condition, const IrqlVariables& vars = {}) {
  return irql_guard(condition, vars);
}

TEST(IrqlGuard, ComparisonsWithTheCurrentIrql) {
  EXPECT_EQ(guard("KeGetCurrentIrql() == PASSIVE_LEVEL").then_cap, Irql::Passive);
  EXPECT_EQ(guard("KeGetCurrentIrql() == PASSIVE_LEVEL").else_cap, Irql::High);
  EXPECT_EQ(guard("KeGetCurrentIrql() < DISPATCH_LEVEL").then_cap, Irql::Apc);
  EXPECT_EQ(guard("KeGetCurrentIrql() <= APC_LEVEL").then_cap, Irql::Apc);
  EXPECT_EQ(guard("KeGetCurrentIrql() > PASSIVE_LEVEL").else_cap, Irql::Passive);
  EXPECT_EQ(guard("KeGetCurrentIrql() >= DISPATCH_LEVEL").else_cap, Irql::Apc);
  EXPECT_EQ(guard("KeGetCurrentIrql() != PASSIVE_LEVEL").else_cap, Irql::Passive);
  EXPECT_EQ(guard("KeGetCurrentIrql() != PASSIVE_LEVEL").then_cap, Irql::High);
  // The level on the left reads the other way round.
  EXPECT_EQ(guard("PASSIVE_LEVEL == KeGetCurrentIrql()").then_cap, Irql::Passive);
  EXPECT_EQ(guard("DISPATCH_LEVEL > KeGetCurrentIrql ( )").then_cap, Irql::Apc);
  EXPECT_EQ(guard("NDIS_CURRENT_IRQL() == PASSIVE_LEVEL").then_cap, Irql::Passive);
}

TEST(IrqlGuard, NegationAndConnectives) {
  EXPECT_EQ(guard("!(KeGetCurrentIrql() >= DISPATCH_LEVEL)").then_cap, Irql::Apc);
  EXPECT_EQ(guard("(KeGetCurrentIrql() == PASSIVE_LEVEL) && Ready").then_cap, Irql::Passive);
  EXPECT_EQ(guard("(KeGetCurrentIrql() == PASSIVE_LEVEL) && Ready").else_cap, Irql::High);
  EXPECT_EQ(guard("KeGetCurrentIrql() == PASSIVE_LEVEL || Force").then_cap, Irql::High);
  EXPECT_EQ(guard("KeGetCurrentIrql() > PASSIVE_LEVEL || Busy").else_cap, Irql::Passive);
}

TEST(IrqlGuard, SavedValues) {
  IrqlVariables vars{{"irql", "KeGetCurrentIrql()"},
                     {"defer", "(KeGetCurrentIrql() != PASSIVE_LEVEL)"}};
  EXPECT_EQ(guard("irql == PASSIVE_LEVEL", vars).then_cap, Irql::Passive);
  EXPECT_EQ(guard("!defer", vars).then_cap, Irql::Passive);
  EXPECT_EQ(guard("defer", vars).else_cap, Irql::Passive);
  EXPECT_EQ(guard("irql", vars).else_cap, Irql::Passive);
  EXPECT_TRUE(reads_current_irql("KeGetCurrentIrql ()", {}));
  EXPECT_TRUE(reads_current_irql("irql != PASSIVE_LEVEL", vars));
  EXPECT_FALSE(reads_current_irql("KeRaiseIrqlToDpcLevel()", vars));
  EXPECT_FALSE(reads_current_irql("irqlSaved", vars));
}

TEST(IrqlGuard, CasesOfASwitchOnTheIrpMajor) {
  EXPECT_EQ(irp_major_case_cap("(irpSp->MajorFunction)", "IRP_MJ_CREATE"), Irql::Passive);
  EXPECT_EQ(irp_major_case_cap("IoGetCurrentIrpStackLocation(Irp)->MajorFunction", "IRP_MJ_CLOSE"),
            Irql::Passive);
  EXPECT_EQ(irp_major_case_cap("stack.MajorFunction", "IRP_MJ_CLEANUP"), Irql::Passive);
  // Majors that can arrive higher, labels that are no major, other switches: no bound.
  EXPECT_EQ(irp_major_case_cap("(irpSp->MajorFunction)", "IRP_MJ_POWER"), Irql::High);
  EXPECT_EQ(irp_major_case_cap("(irpSp->MajorFunction)", "IRP_MJ_INTERNAL_DEVICE_CONTROL"),
            Irql::High);
  EXPECT_EQ(irp_major_case_cap("(irpSp->MajorFunction)", ""), Irql::High);
  EXPECT_EQ(irp_major_case_cap("(irpSp->MinorFunction)", "IRP_MJ_CREATE"), Irql::High);
  EXPECT_EQ(irp_major_case_cap("code", "IRP_MJ_CREATE"), Irql::High);
}

TEST(IrqlGuard, AnythingElseBoundsNothing) {
  for (std::string_view c : {"Ready", "KeGetCurrentIrql() <= DISPATCH_LEVEL", "x == PASSIVE_LEVEL",
                             "KeGetCurrentIrql() == Level", "", "((((", "a ? b : c"}) {
    EXPECT_TRUE(guard(c).then_cap >= Irql::Dispatch) << c;
    EXPECT_TRUE(guard(c).else_cap >= Irql::Dispatch) << c;
  }
  // Nesting and length are bounded (no deep recursion, no quadratic work): past the bounds a
  // condition proves nothing.
  std::string nested =
      std::string(20, '(') + "KeGetCurrentIrql()==PASSIVE_LEVEL" + std::string(20, ')');
  EXPECT_EQ(guard(nested).then_cap, Irql::Passive);
  std::string deep =
      std::string(100000, '(') + "KeGetCurrentIrql()==PASSIVE_LEVEL" + std::string(100000, ')');
  EXPECT_EQ(guard(deep).then_cap, Irql::High);
  std::string nots(100000, '!');
  EXPECT_EQ(guard(nots + "Ready").then_cap, Irql::High);
}

}  // namespace
}  // namespace pagewise
