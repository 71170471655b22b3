// memory: which globals and fields can be paged out, and where functions touch them. Sources:
// https://learn.microsoft.com/windows-hardware/drivers/kernel/when-should-code-and-data-be-pageable-
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/ne-wdm-_pool_type
// https://learn.microsoft.com/windows-hardware/drivers/kernel/using-neither-buffered-nor-direct-i-o
// paging-rules.md §2.1, §6.1, §6.2.
#pragma once

#include "model/model.hpp"

namespace pagewise {

// Fills m.memory. Needs the section locks, whole-driver paging and each function's raised uses
// (run after them).
void find_paged_memory(Model& m);

}  // namespace pagewise
