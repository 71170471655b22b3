// Evidence steps shared by rules: how a function got its section.
#pragma once

#include <vector>

#include "model/finding.hpp"
#include "model/model.hpp"

namespace pagewise {

// "placed in PAGE by #pragma alloc_text(PAGE, Foo)" and, for a macro, where the macro is defined.
std::vector<EvidenceStep> placement_evidence(const Program& p, const Placement& pl);

// One line describing a placement, for `pagewise sections` and messages:
// "#pragma alloc_text(PAGE, Foo) at driver.c:12", "default (.text)".
std::string describe_placement(const Program& p, const Placement& pl);

// The path that proves an IRQL bound, root first: the registration or annotation, then each
// call (and the lock held there) down to `id`. `certain` picks which bound to explain.
std::vector<EvidenceStep> irql_path(const Model& m, FunctionId id, bool certain);

// The IRQL test or restoring release in function `in` that a path passes ("in 'F': the IRQL test
// 'irql <= DISPATCH_LEVEL'").
EvidenceStep bound_step(const Program& p, FunctionId in, const std::string& bound_by, Pos at);

// One line saying why `id` can run at its bound: "it is registered as KDEFERRED_ROUTINE by
// KeInitializeDpc(...)", "it is called from NicDpc while Adapter->Lock is held".
std::string irql_reason_summary(const Model& m, FunctionId id, bool certain);

// The path by which a function runs after initialization, root first: the callback's
// registration, then each call down to `id`.
std::vector<EvidenceStep> later_path(const Model& m, FunctionId id);

// A role binding as one evidence step: "'F' registered as ROLE by ...".
EvidenceStep role_step(const Model& m, FunctionId id, const RoleBinding& b);

}  // namespace pagewise
