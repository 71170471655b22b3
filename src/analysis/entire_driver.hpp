// entire_driver: whole-driver paging (MmPageEntireDriver) and what it depends on: no interrupt
// connected while the driver is paged, MmResetDriverPaging before an interrupt is connected again,
// and an open-handle count changed only under a lock. Sources:
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmpageentiredriver
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmresetdriverpaging
// https://learn.microsoft.com/windows-hardware/drivers/kernel/paging-an-entire-driver
// paging-rules.md §2.5.
#pragma once

#include "model/model.hpp"

namespace pagewise {

// Fills m.entire_driver (after the API calls, call edges and raised uses are known).
void find_entire_driver_paging(Model& m);

}  // namespace pagewise
