// irql_helpers: the driver's own functions around the IRQL, computed once per function before
// flow reads any condition. A wrapper that returns the current IRQL (`Mx::MxGetCurrentIrql`), a
// lock helper that saves it through its OldIrql parameter (`Lock(&oldIrql)`), and a predicate
// whose result is decided by comparing an IRQL with a level (`return (CurrentIrql ==
// PASSIVE_LEVEL) ? FALSE : TRUE;`). A caller's test of them tests the IRQL (analysis/irql_guard).
#pragma once

#include <string>
#include <vector>

#include "analysis/indirect_calls.hpp"
#include "analysis/irql_guard.hpp"
#include "analysis/resolve.hpp"
#include "model/model.hpp"

namespace pagewise {

// Fills FunctionInference::irql_helper of every function of the unit.
void find_irql_helpers(const Program& p, const Resolver& r, const IndirectCalls* indirect,
                       std::vector<std::vector<FunctionInference>>& inferred);

// How `caller` sees the functions it calls by name: what they do with the IRQL, merged over every
// function the name can reach (a fact only when all of them agree).
// `indirect` (may be null): calls through the unit's own function pointers.
IrqlCalls irql_calls_from(const Resolver& r, const IndirectCalls* indirect,
                          const std::vector<std::vector<FunctionInference>>& inferred,
                          FunctionId caller);

// The variable a call in `fn` fills with the IRQL current at it: `oldIrql` for
// `KeAcquireSpinLock(&Lock, &oldIrql)` or a helper's `Lock(&oldIrql)`; "" for any other call.
std::string irql_saved_by(const Call& c, const IrqlCalls& calls, const Function& fn);

}  // namespace pagewise
