// Knowledge for the paged-data, pageable-API, locked-section, whole-driver and power rules, as
// data: one row per routine, each with the documentation that states the fact
// (paging-rules.md §2.4, §2.5, §4.5, §6).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "knowledge/irql.hpp"

namespace pagewise {

// A system routine that must be called at or below `max` (it is pageable, or it blocks, or it
// reaches the registry, files or paged pool). paging-rules.md §6.3.
struct IrqlLimitApi {
  const char* name;  // exact name; a name ending in '*' is a prefix ("Zw*")
  Irql max;
  const char* source;
  // Where the documentation itself qualifies the limit, so a call above it is not certainly a
  // bug (resident/pageable-api reports it as a warning with the reason):
  enum class Caveat : uint8_t {
    None,
    // "Any level if the strings being manipulated are always resident in memory, otherwise
    // PASSIVE_LEVEL" (some ntstrsafe copy and cat pages; others of the same family still say
    // PASSIVE_LEVEL alone).
    ResidentStrings,
    // Documented PASSIVE_LEVEL; what pages in is the character-set conversion of string
    // arguments (%s, %ls, %ws, %wZ, ...) and the buffers: a literal format without string
    // conversions only needs resident buffers.
    StringConversions,
  } caveat = Caveat::None;
};
// Whether a printf-style format argument, as written, may convert a string argument: anything
// but a string literal whose conversions are all non-string ones (%d, %x, %p, %c, ...).
bool format_may_convert_strings(std::string_view format_argument);
// Where the format is among an ntstrsafe printf routine's arguments: after the destination and its
// size (RtlStringCbPrintfA(pszDest, cbDest, pszFormat, ...)), and in the Ex forms after the end
// pointer, the remaining size and the flags as well (RtlStringCbPrintfExA(pszDest, cbDest,
// ppszDestEnd, pcbRemaining, dwFlags, pszFormat, ...)).
size_t printf_format_argument(std::string_view routine);
// The ANSI form of an ntstrsafe routine (RtlStringCbVPrintfA): its format and %s strings are
// single-byte, so it converts only the wide-string arguments (%ls, %ws, %wZ, %S) a format asks
// for
// (https://learn.microsoft.com/cpp/c-runtime-library/format-specification-syntax-printf-and-wprintf-functions).
bool is_ansi_string_routine(std::string_view routine);
// The row for a routine, or nullptr. Exact names win over prefixes.
const IrqlLimitApi* find_irql_limit_api(std::string_view name);
std::span<const IrqlLimitApi> irql_limit_apis();

// Allocation routines and whether what they return can be paged (paging-rules.md §6.1).
struct PoolApi {
  const char* name;
  enum class Kind : uint8_t {
    PoolTypeArg,   // POOL_TYPE argument: paged when it names a paged type (PagedPool...)
    PoolFlagsArg,  // POOL_FLAGS argument: paged when it includes POOL_FLAG_PAGED
    AlwaysPaged,   // paged lookaside lists
  } kind;
  int arg;         // the POOL_TYPE / POOL_FLAGS argument, -1 for AlwaysPaged
  int result_arg;  // the out-parameter that receives the memory (-1: the return value)
  const char* source;
  int size_arg = -1;  // the size of the memory (or of each list entry), -1 when not an argument
  // It sets up a lookaside list and returns a status: the list's entries come from later calls.
  bool list_setup = false;
  // The out-parameter that receives a handle to an object owning the memory (WdfMemoryCreate's
  // Memory), whose buffer an object_buffer_api returns later; -1 when none.
  int handle_arg = -1;
};
const PoolApi* find_pool_api(std::string_view name);
std::span<const PoolApi> pool_apis();
// Whether a POOL_TYPE / POOL_FLAGS argument text names paged memory: PagedPool,
// PagedPoolCacheAligned, PagedPoolSession..., POOL_FLAG_PAGED (also inside `A | B`).
bool names_paged_pool(std::string_view argument);
// Whether a call to `api` whose POOL_TYPE / POOL_FLAGS argument reads `argument` can return paged
// memory: an AlwaysPaged routine, an argument that names_paged_pool, or a plain number with the
// paged bit set (POOL_TYPE: bit 0, the odd values; POOL_FLAGS: POOL_FLAG_PAGED, 0x100).
bool allocates_paged_pool(const PoolApi& api, std::string_view argument);

// The ceiling of a call to `api` that allocates paged pool (POOL_FLAG_PAGED, a paged POOL_TYPE, a
// paged lookaside list): APC_LEVEL, since a caller at DISPATCH_LEVEL must ask for nonpaged memory
// (the routines' pages; SDV rule IrqlExAllocatePool). `pool_argument` is the POOL_TYPE /
// POOL_FLAGS argument as written ("" when the routine has none). nullopt when the call allocates
// no paged memory (or only sets up a list): the routine's own ceiling is then the only one.
std::optional<Irql> paged_pool_call_limit(const PoolApi& api, std::string_view pool_argument);
// The source stating it for routines whose own page only gives DISPATCH_LEVEL.
inline constexpr const char* kPagedPoolLimitSource =
    "https://learn.microsoft.com/windows-hardware/drivers/devtest/wdm-irqlexallocatepool";

// A system routine that returns memory it allocates from paged pool itself (a query result the
// caller frees): its documentation says the buffer comes from paged memory. The memory is then
// as pageable as the driver's own paged-pool allocations.
struct PagedResultApi {
  const char* name;
  int result_arg;  // the out-parameter that receives the buffer's address
  const char* source;
};
const PagedResultApi* find_paged_result_api(std::string_view name);
std::span<const PagedResultApi> paged_result_apis();

// A routine that returns the buffer of the memory object its argument `handle_arg` names
// (WdfMemoryGetBuffer): the buffer comes from the pool the object was created with.
struct ObjectBufferApi {
  const char* name;
  int handle_arg;
  const char* source;
};
const ObjectBufferApi* find_object_buffer_api(std::string_view name);
std::span<const ObjectBufferApi> object_buffer_apis();

// A routine that points a member of the structure it initializes at the buffer it is given
// (RtlInitUnicodeString(&ext->Name, buffer) sets ext->Name.Buffer to buffer): that member then
// designates whatever memory the buffer is.
struct AliasingApi {
  const char* name;
  int dest_arg;        // the structure initialized (passed by address)
  int source_arg;      // the buffer
  const char* member;  // the member that points at it
  const char* source;
};
const AliasingApi* find_aliasing_api(std::string_view name);

// A PnP query whose answer, in Irp->IoStatus.Information, the answering driver allocates from
// paged memory by the IRP's page (IRP_MN_QUERY_ID, IRP_MN_QUERY_DEVICE_RELATIONS, ...): a driver
// that reads the answer (after sending the IRP, or on its way back up) holds paged memory.
struct PagedPnpQuery {
  const char* minor;       // "IRP_MN_QUERY_ID"
  const char* parameters;  // its IO_STACK_LOCATION Parameters member ("QueryId"), or nullptr
  const char* source;
};
const PagedPnpQuery* find_paged_pnp_query(std::string_view minor);
const PagedPnpQuery* paged_pnp_query_of_parameters(std::string_view member);
std::span<const PagedPnpQuery> paged_pnp_queries();

// Whether `routine` reads or writes the memory its argument `index` points to (RtlCopyMemory's
// destination and source, RtlZeroMemory's destination, ...): passing paged memory there touches
// it, while passing a pointer to any other routine is not known to.
bool touches_argument_memory(std::string_view routine, size_t index);

// Kernel synchronization object types that must not live in pageable memory (§2.1).
bool is_sync_object_type(std::string_view type);

// Routines about locking sections on demand and paging the whole driver (§2.4, §2.5).
struct SectionApi {
  const char* name;
  enum class Kind : uint8_t {
    LockByAddress,      // MmLockPagableCodeSection / MmLockPagableDataSection(Address) → handle
    LockByHandle,       // MmLockPagableSectionByHandle(Handle)
    Unlock,             // MmUnlockPagableImageSection(Handle)
    PageEntireDriver,   // MmPageEntireDriver(AddressWithinSection)
    ResetDriverPaging,  // MmResetDriverPaging(AddressWithinSection)
    ConnectInterrupt,   // IoConnectInterrupt(Ex)
    DisconnectInterrupt,
  } kind;
  Irql max;  // the highest IRQL it may be called at
  const char* source;
};
const SectionApi* find_section_api(std::string_view name);
std::span<const SectionApi> section_apis();

// KMDF and WDM calls that make a device not power-pageable, or declare it pageable (§4.2, §4.5).
struct PowerPageabilityApi {
  const char* name;
  enum class Effect : uint8_t { NotPageable, Inrush, Pageable, SpecialFile, StateIsNp } effect;
  const char* source;
};
const PowerPageabilityApi* find_power_pageability_api(std::string_view name);
std::span<const PowerPageabilityApi> power_pageability_apis();

// A device-object flag that decides whether power IRPs may arrive at DISPATCH_LEVEL, set with
// `Flags |= F` (or copied from the lower device) and cleared with `Flags &= ~F`.
struct PowerFlag {
  const char* name;
  enum class Effect : uint8_t { Pageable, Inrush } effect;
  const char* source;
};
std::span<const PowerFlag> power_flags();

// A framework that sets DO_POWER_PAGABLE on its devices itself unless the driver says otherwise
// (through the power_pageability_apis): a unit that calls its DDIs (named with `ddi_prefix`) is
// judged by those calls alone.
struct PowerManagingFramework {
  const char* ddi_prefix;
  const char* source;
};
const PowerManagingFramework* power_managing_framework_of(std::string_view callee);

// A flag macro or helper that clears the flags it is given (`ClearFlag(F, X)`, `CLEAR_FLAG`),
// known by its name: the WDK's and drivers' flag helpers say what they do.
bool clears_flags(std::string_view callee);

}  // namespace pagewise
