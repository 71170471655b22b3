// The calls a function-like macro of the unit makes, with its parameters replaced by the
// arguments: `#define LOCK(a) KeAcquireSpinLock(&(a)->Lock, &(a)->Irql)` used as `LOCK(ext)`.
#pragma once

#include <string>
#include <vector>

#include "model/facts.hpp"

namespace pagewise {

std::vector<Call> macro_calls(const MacroDef& def, const std::vector<std::string>& actuals, Pos at);

}  // namespace pagewise
