// callers: who calls each function, and the sets of functions that only a given set reaches (the
// least fixpoint "every caller is in the set"), used by the advisor (INIT-only code, functions
// every way into which is known) and by the power paths.
#pragma once

#include <functional>
#include <set>

#include "model/model.hpp"

namespace pagewise {

// Direct calls of the unit by callee, in caller order; a function's calls of itself are left out.
CallerIndex caller_index(const Model& m);

// Grows `in` by every function that `admit` accepts, that has callers, and whose callers are all
// in `in`, until nothing more can join: the functions only `in` reaches.
void close_over_callers(const CallerIndex& callers, std::set<FunctionKey>& in,
                        const std::function<bool(FunctionKey)>& admit);

// Functions with a role carrying `flag` (knowledge/roles.hpp), plus the functions only they call,
// each with the reason it belongs.
CallbackSet callbacks_and_their_own_callees(const Model& m, uint16_t flag);

}  // namespace pagewise
