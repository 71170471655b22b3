// failure_status: where each function fails a request, by the NTSTATUS it sets or hands on, so a
// rule can tell whether a path after a given call can fail (a create that fails is never closed).
#pragma once

#include "model/model.hpp"

namespace pagewise {

// Fills each function's FunctionInference::failures.
void find_failure_statuses(Model& m);

}  // namespace pagewise
