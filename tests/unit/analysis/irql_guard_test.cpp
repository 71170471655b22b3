// irql_guard: what a test of the current IRQL proves on each branch of an `if`.
#include "analysis/irql_guard.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

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

// A saved IRQL is found by its name as written, also a field's (`ctx.OldIrql`) and with white
// space inside; without a call and without such a name, a condition says nothing.
TEST(IrqlGuard, SavedInFieldsAndConditionsWithoutCalls) {
  IrqlVariables vars{{"ctx.OldIrql", "KeGetCurrentIrql()"}};
  EXPECT_EQ(guard("ctx.OldIrql > PASSIVE_LEVEL", vars).else_cap, Irql::Passive);
  EXPECT_EQ(guard("ctx . OldIrql == PASSIVE_LEVEL", vars).then_cap, Irql::Passive);
  EXPECT_EQ(guard("Ready && ctx.OldIrql == PASSIVE_LEVEL", vars).then_cap, Irql::Passive);
  EXPECT_TRUE(is_current_irql_value("ctx.OldIrql", vars, {}));
  EXPECT_FALSE(is_current_irql_value("OldIrql", vars, {}));
  GuardCaps none = guard("x > PASSIVE_LEVEL && !y || z == 0", vars);
  EXPECT_EQ(none.then_cap, Irql::High);
  EXPECT_EQ(none.else_cap, Irql::High);
}

TEST(IrqlGuard, TestsComparedWithBooleanConstants) {
  EXPECT_EQ(guard("FALSE == (KeGetCurrentIrql() == PASSIVE_LEVEL)").else_cap, Irql::Passive);
  EXPECT_EQ(guard("(KeGetCurrentIrql() == PASSIVE_LEVEL) == TRUE").then_cap, Irql::Passive);
  EXPECT_EQ(guard("(KeGetCurrentIrql() > PASSIVE_LEVEL) != FALSE").else_cap, Irql::Passive);
  // Comparing the IRQL itself with 0 is a level comparison, not a truth test.
  EXPECT_EQ(guard("KeGetCurrentIrql() == 0").then_cap, Irql::Passive);
}

// The driver's own helpers, as analysis/irql_helpers describes them.
std::optional<IrqlHelper> helpers(std::string_view callee) {
  IrqlHelper h;
  if (callee == "Mx::MxGetCurrentIrql") {
    h.returns_current = true;
  } else if (callee == "ShouldDefer") {  // TRUE above PASSIVE_LEVEL, of its first parameter
    h.predicate = true;
    h.tests = 0;
    h.false_cap = Irql::Passive;
  } else if (callee == "CanPageNow") {  // reads the IRQL itself
    h.predicate = true;
    h.tests = -1;
    h.true_cap = Irql::Passive;
  } else if (callee != "Other") {
    return std::nullopt;
  }
  return h;
}

TEST(IrqlGuard, ThroughTheDriversHelpers) {
  IrqlCalls calls = helpers;
  IrqlVariables vars{{"oldIrql", "KeGetCurrentIrql()"}};
  EXPECT_EQ(irql_guard("Mx::MxGetCurrentIrql() == PASSIVE_LEVEL", {}, calls).then_cap,
            Irql::Passive);
  EXPECT_EQ(irql_guard("FALSE == ShouldDefer(oldIrql, FALSE)", vars, calls).then_cap,
            Irql::Passive);
  EXPECT_EQ(irql_guard("!ShouldDefer(Mx::MxGetCurrentIrql())", {}, calls).then_cap, Irql::Passive);
  EXPECT_EQ(irql_guard("ShouldDefer(KeGetCurrentIrql())", {}, calls).else_cap, Irql::Passive);
  EXPECT_EQ(irql_guard("CanPageNow()", {}, calls).then_cap, Irql::Passive);
  // Given something that is not the current IRQL, or a function that tests nothing: no bound.
  EXPECT_EQ(irql_guard("!ShouldDefer(FALSE, oldIrql)", vars, calls).then_cap, Irql::High);
  EXPECT_EQ(irql_guard("!ShouldDefer(savedIrql)", vars, calls).then_cap, Irql::High);
  EXPECT_EQ(irql_guard("!Other(oldIrql)", vars, calls).then_cap, Irql::High);
  EXPECT_EQ(irql_guard("Other() == PASSIVE_LEVEL", vars, calls).then_cap, Irql::High);
  // A value that calls them reads the IRQL (`KIRQL irql = Mx::MxGetCurrentIrql();`).
  EXPECT_TRUE(reads_current_irql("Mx::MxGetCurrentIrql()", {}, calls));
  EXPECT_TRUE(reads_current_irql("ShouldDefer(oldIrql, FALSE)", {}, calls));
  EXPECT_FALSE(reads_current_irql("Other(x)", {}, calls));
  EXPECT_TRUE(is_current_irql_value("(Mx::MxGetCurrentIrql())", {}, calls));
}

// The callee of a call is looked up once per use by the reader; a closure that remembers its
// answers (irql_calls_from) must give each name its own.
TEST(IrqlGuard, EachHelperNamedAgainGivesItsOwnAnswer) {
  int asked = 0;
  IrqlCalls calls = [&](std::string_view callee) {
    ++asked;
    return helpers(callee);
  };
  EXPECT_EQ(irql_guard("CanPageNow() && !ShouldDefer(Mx::MxGetCurrentIrql())", {}, calls).then_cap,
            Irql::Passive);
  EXPECT_EQ(irql_guard("Other() == PASSIVE_LEVEL || CanPageNow()", {}, calls).then_cap, Irql::High);
  EXPECT_GT(asked, 0);
}

TEST(IrqlGuard, WhatAReturnedValueSays) {
  IrqlVariables irql{{"CurrentIrql", "KeGetCurrentIrql()"}};
  GuardCaps ternary = irql_truth("(CurrentIrql == PASSIVE_LEVEL) ? FALSE : TRUE", irql, {});
  EXPECT_EQ(ternary.then_cap, Irql::High);
  EXPECT_EQ(ternary.else_cap, Irql::Passive);
  GuardCaps plain = irql_truth("CurrentIrql > PASSIVE_LEVEL", irql, {});
  EXPECT_EQ(plain.else_cap, Irql::Passive);
  // Constants: Passive stands for "never returned".
  EXPECT_EQ(irql_truth("TRUE", {}, {}).else_cap, Irql::Passive);
  EXPECT_EQ(irql_truth("FALSE", {}, {}).then_cap, Irql::Passive);
  EXPECT_EQ(irql_truth("Status", irql, {}).then_cap, Irql::High);
  EXPECT_EQ(irql_truth("Status", irql, {}).else_cap, Irql::High);
  // A qualified name in an arm is no ?: of its own.
  EXPECT_EQ(irql_truth("CurrentIrql == PASSIVE_LEVEL ? Ns::Yes() : Ns::No()", irql, {}).then_cap,
            Irql::High);
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

// A condition on an object's field or on state that is not the function's own is a test of a mode;
// one on the function's own parameters and locals, on constants or on calls' results is not.
TEST(IrqlGuard, ObjectStateConditions) {
  std::vector<std::string> own = {"passive", "ctx", "count"};
  for (std::string_view c :
       {"interrupt->m_PassiveHandling", "FALSE == m_UseMutex", "ctx->Flags & 1", "cfg.Passive",
        "!this->Ready", "Ns::g_Mode != 0", "IsOn(x->y)"})
    EXPECT_TRUE(reads_object_state(c, own)) << c;
  for (std::string_view c : {"passive", "FALSE == passive", "count > 0x1F", "Check(ctx)", "TRUE",
                             "true", "sizeof(count) == 4", "", "((("})
    EXPECT_FALSE(reads_object_state(c, own)) << c;
}

}  // namespace
}  // namespace pagewise
