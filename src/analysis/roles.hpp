// Roles: which callback each function of a unit is, from role-typedef declarations,
// _Function_class_, registrations (calls and structure fields) and the KMDF configuration
// (ExecutionLevel) that decides the IRQL of queue, timer and cleanup callbacks.
#pragma once

#include <string>
#include <vector>

#include "analysis/resolve.hpp"
#include "model/model.hpp"

namespace pagewise {

void bind_roles(const Program& p, const Resolver& r,
                std::vector<std::vector<FunctionInference>>& out);

// How a binding came about, in the words messages use: "declared as DRIVER_DISPATCH",
// "registered as KDEFERRED_ROUTINE by KeInitializeDpc(...)".
std::string how_bound(const RoleBinding& b);

// Whether any code of the unit sets an ExecutionLevel to WdfExecutionLevelPassive: then
// WdfObjectAcquireLock may take a mutex rather than a spin lock.
bool unit_uses_passive_execution_level(const Program& p);

// The names (last component) of KMDF interrupt objects created with PassiveHandling = TRUE: their
// WdfInterruptAcquireLock takes a wait lock at PASSIVE_LEVEL, not a spin lock.
std::vector<std::string> passive_interrupt_objects(const Program& p);

}  // namespace pagewise
