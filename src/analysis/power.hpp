// power: the return-to-D0 and power-transition paths (callbacks and the functions only they call),
// and whether the device is not power-pageable, from the driver's own calls and flag changes.
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-flags-for-power-management
// https://learn.microsoft.com/windows-hardware/drivers/wdf/creating-pageable-code-in-a-kmdf-driver
// paging-rules.md §4.5.
#pragma once

#include "model/model.hpp"

namespace pagewise {

// Fills m.return_to_d0 and m.power_transition (after m.callers and the roles).
void find_power_paths(Model& m);

// Fills m.not_power_pageable (after the API calls are known).
void find_not_power_pageable(Model& m);

}  // namespace pagewise
