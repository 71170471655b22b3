// Sections locked on demand: which section each MmLockPagableCodeSection/MmLockPagableDataSection
// call locks (the section of the function or global it names), where, and whether that happens
// where the device is opened or started.
#pragma once

#include "analysis/resolve.hpp"
#include "model/model.hpp"

namespace pagewise {

void find_section_locks(Model& m, const Resolver& r);

}  // namespace pagewise
