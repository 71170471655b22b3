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

}  // namespace pagewise
