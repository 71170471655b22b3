// IRQL that the code itself tests: `if (KeGetCurrentIrql() == PASSIVE_LEVEL) { work(); } else
// { defer(); }`, `if (irql > PASSIVE_LEVEL) return defer();`, a saved `irql`, or
// `BOOLEAN defer = (KeGetCurrentIrql() != PASSIVE_LEVEL); if (!defer) ...`, also through the
// driver's own helpers: `if (FALSE == ShouldDefer(oldIrql))`, `if (MyGetIrql() > PASSIVE_LEVEL)`.
// On the branch the test guards, the code runs no higher than the test allows, whatever its
// callers' IRQL.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/irql.hpp"
#include "model/inferred.hpp"

namespace pagewise {

// The highest IRQL at which each branch of a condition can run: High where the condition does
// not bound it.
struct GuardCaps {
  Irql then_cap = Irql::High;
  Irql else_cap = Irql::High;
};

// Names of the function that hold the current IRQL, or a test of it, by what was assigned to
// them (`irql` → `KeGetCurrentIrql()`, `defer` → `(KeGetCurrentIrql() != PASSIVE_LEVEL)`).
using IrqlVariables = std::map<std::string, std::string, std::less<>>;

// What a function of the unit called by name (as written, `Mx::MxGetCurrentIrql`) does with the
// IRQL; nullopt for a name that is no function of the unit.
using IrqlCalls = std::function<std::optional<IrqlHelper>(std::string_view callee)>;

// What `condition` (as written) proves about the IRQL on each branch.
GuardCaps irql_guard(std::string_view condition, const IrqlVariables& vars,
                     const IrqlCalls& calls = {});

// What a returned value proves: the IRQL when it is non-zero (then_cap) and zero (else_cap).
// Besides conditions, constants (`TRUE`, `FALSE`, `0`, `1`) and `c ? a : b`.
GuardCaps irql_truth(std::string_view value, const IrqlVariables& vars, const IrqlCalls& calls);

// Whether `value` is the current IRQL itself (`KeGetCurrentIrql()`, a variable holding it, a
// helper returning it).
bool is_current_irql_value(std::string_view value, const IrqlVariables& vars,
                           const IrqlCalls& calls);

// The IRQL bound on a `case` of a switch on an IRP's major function (`switch
// (irpSp->MajorFunction)`): a dispatch routine registered for several majors runs each case's code
// only for that major's IRPs, so a case whose major arrives at PASSIVE_LEVEL (IRP_MJ_CREATE,
// IRP_MJ_CLOSE, ...) runs at PASSIVE_LEVEL. High for any other switch or label.
Irql irp_major_case_cap(std::string_view switch_condition, std::string_view case_value);

// Whether an assigned value reads the current IRQL (directly or through such a variable), so the
// variable it is assigned to joins `vars`.
bool reads_current_irql(std::string_view value, const IrqlVariables& vars,
                        const IrqlCalls& calls = {});

// `irql = KeGetCurrentIrql();`, `BOOLEAN defer = (KeGetCurrentIrql() != PASSIVE_LEVEL);`: the
// variable joins `vars`; any other value makes it an ordinary variable again.
void note_irql_assignment(const Assignment& a, IrqlVariables& vars, const IrqlCalls& calls);

// Whether `condition` reads the state of an object or of the driver rather than only the
// function's own values: a field (`x->m_Passive`, `cfg.Flag`) or a name that is none of `own`
// (the function's parameters and locals), not a call and not a constant (`TRUE`, `NULL`,
// `SOME_FLAG`: all capitals). A mode chosen when the object was made (a passive-level interrupt,
// a mutex-based lock) is read this way.
bool reads_object_state(std::string_view condition, const std::vector<std::string>& own);

// `TRUE`, `FALSE`, `1`, `0` (white space ignored).
bool is_boolean_constant(std::string_view value);

}  // namespace pagewise
