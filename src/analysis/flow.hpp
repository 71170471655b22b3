// flow: walks one function's statement steps in order, tracking the spin locks and raised IRQL
// held at each point (if/else and loops join to "may hold", goto joins at its label, return and
// break leave the path). It records where the function takes a spin lock or raises the IRQL,
// calls with Wait = TRUE, each call to a function of the unit with the IRQL held there, and a
// lock-helper summary (returns holding a lock, or releases one it did not take).
#pragma once

#include <vector>

#include "analysis/indirect_calls.hpp"
#include "analysis/object_modes.hpp"
#include "analysis/resolve.hpp"
#include "model/model.hpp"

namespace pagewise {

struct FlowContext {
  const Program* program = nullptr;
  const Resolver* resolver = nullptr;
  const IndirectCalls* indirect = nullptr;  // calls through the unit's own function pointers
  std::vector<std::vector<FunctionInference>>* inferred = nullptr;
  bool object_locks_are_spin_locks = true;      // WdfObjectAcquireLock on dispatch-level objects
  std::vector<std::string> passive_interrupts;  // interrupt objects whose lock is a wait lock
  const ObjectModes* object_modes = nullptr;    // flags only constructors set, if any
};

void analyse_flow(const FlowContext& ctx, FunctionId id);

// Every function of the unit, repeated until lock-helper summaries settle.
void analyse_all_flows(const FlowContext& ctx);

}  // namespace pagewise
