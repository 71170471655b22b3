// pnp_query: which PnP query's answer a read of an I/O status block's Information takes, so that
// analysis/memory knows the buffers the documentation says come from paged memory (the device IDs
// of IRP_MN_QUERY_ID, the DEVICE_RELATIONS of IRP_MN_QUERY_DEVICE_RELATIONS, ...; knowledge table
// paged_pnp_queries). Sources: the IRP pages cited in that table.
#pragma once

#include <cstdint>
#include <string_view>

#include "knowledge/limits.hpp"
#include "model/facts.hpp"

namespace pagewise {

// Whether `access` (as written; casts and parentheses around it do not matter) reads the
// Information of an I/O status block: an IRP's (`Irp->IoStatus.Information`) or one the function
// declares (`ioStatus.Information`, `IoStatusBlock->Information`).
bool reads_status_information(const Function& fn, std::string_view access);

// The paged query whose answer a read at `offset` in `fn` takes, or nullptr. The IRP_MN_ codes
// that decide are those of the innermost case label, or the then-branch of an if, around the
// read that names any; else those the function names anywhere (conditions, assignments, call
// arguments), else the Parameters member of a query the function reads
// (`stack->Parameters.QueryDeviceRelations.Type`). They must all be paged queries: a read under
// IRP_MN_QUERY_ID or IRP_MN_QUERY_CAPABILITIES is not known to be an ID list.
const PagedPnpQuery* pnp_query_at(const FileFacts& ff, const Function& fn, uint32_t offset);

}  // namespace pagewise
