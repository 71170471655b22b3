// init_data: INIT data that outlives initialization: its address stored in a field or a global
// (directly, or through RtlInit*String, which keeps the source pointer), or the data read by code
// that runs after initialization. Sources:
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmlockpagabledatasection
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-rtlinitunicodestring
// paging-rules.md §1.4.
#pragma once

#include "model/model.hpp"

namespace pagewise {

// Fills m.init_data_kept (after each function's reach after initialization is known).
void find_init_data_kept(Model& m);

}  // namespace pagewise
