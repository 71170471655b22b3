// infer: the facts rules need, computed once per unit: roles, lock and IRQL events in each
// function, lock-helper summaries, and the highest IRQL each function can be entered at and why,
// propagated over the call graph to a fixpoint.
#pragma once

#include "model/model.hpp"

namespace pagewise {

Model infer(Program program);

}  // namespace pagewise
