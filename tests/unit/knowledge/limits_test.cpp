#include "knowledge/limits.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <string_view>

namespace pagewise {
namespace {

// A source is a Microsoft Learn address or an `owner/repo: path` citation.
bool is_citation(std::string_view s) {
  return s.starts_with("https://learn.microsoft.com/") || s.find(": ") != std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// --- IrqlLimitApi
// ---------------------------------------------------------------------------------

TEST(IrqlLimitApis, PassiveRoutinesOfTheReference) {
  for (const char* name :
       {"IoGetDeviceProperty", "IoOpenDeviceRegistryKey", "IoRegisterDeviceInterface",
        "IoSetDeviceInterfaceState", "IoGetDeviceObjectPointer", "IoConnectInterrupt",
        "IoConnectInterruptEx", "IoDisconnectInterrupt", "IoDisconnectInterruptEx",
        "IoInitializeTimer", "PsCreateSystemThread", "RtlQueryRegistryValues",
        "RtlWriteRegistryValue", "RtlCompareUnicodeString", "RtlEqualUnicodeString",
        "MmGetSystemRoutineAddress", "ObReferenceObjectByHandle", "KeFlushQueuedDpcs"}) {
    const IrqlLimitApi* a = find_irql_limit_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->max, Irql::Passive) << name;
    EXPECT_STREQ(a->name, name);
  }
}

TEST(IrqlLimitApis, ApcRoutinesOfTheReference) {
  for (const char* name :
       {"IoCreateDevice", "IoDeleteDevice", "IoBuildDeviceIoControlRequest",
        "IoBuildSynchronousFsdRequest", "IoBuildAsynchronousFsdRequest", "RtlUpcaseUnicodeString",
        "IoGetDevicePropertyData", "KeDelayExecutionThread", "ExAcquireFastMutex",
        "MmLockPagableCodeSection", "MmLockPagableDataSection", "MmLockPagableSectionByHandle",
        "MmUnlockPagableImageSection", "MmPageEntireDriver", "MmResetDriverPaging"}) {
    const IrqlLimitApi* a = find_irql_limit_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->max, Irql::Apc) << name;
  }
}

TEST(IrqlLimitApis, Families) {
  for (const char* name :
       {"ZwCreateFile", "ZwClose", "ZwQueryValueKey", "RtlStringCbCopyW", "RtlStringCchPrintfA",
        "RtlUnicodeStringCopy", "RtlUnicodeStringToAnsiString", "WdfRegistryQueryULong"}) {
    const IrqlLimitApi* a = find_irql_limit_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->max, Irql::Passive) << name;
    EXPECT_TRUE(std::string_view(a->name).ends_with('*')) << name;
  }
  const IrqlLimitApi* zw = find_irql_limit_api("ZwOpenKey");
  ASSERT_NE(zw, nullptr);
  EXPECT_STREQ(zw->name, "Zw*");
  // A prefix alone is not a routine, and the match is case-sensitive.
  EXPECT_EQ(find_irql_limit_api("Zw"), nullptr);
  EXPECT_EQ(find_irql_limit_api("zwclose"), nullptr);
}

TEST(IrqlLimitApis, ExactNameWinsOverPrefix) {
  // RtlUnicodeString* is PASSIVE_LEVEL; the ntifs OEM conversions are < DISPATCH_LEVEL.
  const IrqlLimitApi* oem = find_irql_limit_api("RtlUnicodeStringToOemString");
  ASSERT_NE(oem, nullptr);
  EXPECT_STREQ(oem->name, "RtlUnicodeStringToOemString");
  EXPECT_EQ(oem->max, Irql::Apc);
  const IrqlLimitApi* family = find_irql_limit_api("RtlUnicodeStringPrintf");
  ASSERT_NE(family, nullptr);
  EXPECT_STREQ(family->name, "RtlUnicodeString*");
  // Every exact row is found as itself, whatever prefix rows also match it.
  for (const IrqlLimitApi& a : irql_limit_apis()) {
    if (std::string_view(a.name).ends_with('*')) continue;
    EXPECT_EQ(find_irql_limit_api(a.name), &a) << a.name;
  }
}

TEST(IrqlLimitApis, KmdfRoutines) {
  for (const char* name :
       {"WdfDeviceCreate", "WdfDriverCreate", "WdfRegistryOpenKey", "WdfDeviceOpenRegistryKey",
        "WdfDeviceCreateDeviceInterface", "WdfIoTargetSendIoctlSynchronously"}) {
    const IrqlLimitApi* a = find_irql_limit_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->max, Irql::Passive) << name;
  }
  // <= DISPATCH_LEVEL on their DDI pages, or IRQL depends on an argument.
  for (const char* name : {"WdfIoQueueCreate", "WdfDeviceInitSetPowerPageable",
                           "WdfInterruptCreate", "WdfWaitLockAcquire", "WdfMemoryCreate"})
    EXPECT_EQ(find_irql_limit_api(name), nullptr) << name;
}

TEST(IrqlLimitApis, RoutinesCallableAtDispatchAreAbsent) {
  for (const char* name :
       {"KeSetEvent", "IoCallDriver", "IoCompleteRequest", "ExAllocatePoolWithTag",
        "ExAllocatePool2", "MmProbeAndLockPages", "KeWaitForSingleObject", "ObDereferenceObject"})
    EXPECT_EQ(find_irql_limit_api(name), nullptr) << name;
}

TEST(IrqlLimitApis, EveryRowHasItsSourceAndAUniqueName) {
  std::set<std::string> names;
  for (const IrqlLimitApi& a : irql_limit_apis()) {
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name;
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    EXPECT_LE(a.max, Irql::Apc) << a.name;
    // An exact row cites its own DDI page.
    if (!std::string_view(a.name).ends_with('*')) {
      EXPECT_TRUE(std::string_view(a.source).ends_with("-" + lower(a.name))) << a.name;
    }
  }
  EXPECT_GT(names.size(), 100u);
}

// --- PoolApi ------------------------------------------------------------------------------------

TEST(PoolApis, Rows) {
  const PoolApi* p2 = find_pool_api("ExAllocatePool2");
  ASSERT_NE(p2, nullptr);
  EXPECT_EQ(p2->kind, PoolApi::Kind::PoolFlagsArg);
  EXPECT_EQ(p2->arg, 0);
  EXPECT_EQ(p2->result_arg, -1);
  ASSERT_NE(find_pool_api("ExAllocatePool3"), nullptr);
  EXPECT_EQ(find_pool_api("ExAllocatePool3")->kind, PoolApi::Kind::PoolFlagsArg);

  for (const char* name :
       {"ExAllocatePoolWithTag", "ExAllocatePoolZero", "ExAllocatePoolWithTagPriority",
        "ExAllocatePool", "ExAllocatePoolWithQuotaTag", "ExAllocatePoolUninitialized"}) {
    const PoolApi* a = find_pool_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->kind, PoolApi::Kind::PoolTypeArg) << name;
    EXPECT_EQ(a->arg, 0) << name;
    EXPECT_EQ(a->result_arg, -1) << name;
  }

  const PoolApi* la = find_pool_api("ExAllocateFromPagedLookasideList");
  ASSERT_NE(la, nullptr);
  EXPECT_EQ(la->kind, PoolApi::Kind::AlwaysPaged);
  EXPECT_EQ(la->arg, -1);

  const PoolApi* wm = find_pool_api("WdfMemoryCreate");
  ASSERT_NE(wm, nullptr);
  EXPECT_EQ(wm->kind, PoolApi::Kind::PoolTypeArg);
  EXPECT_EQ(wm->arg, 1);
  EXPECT_EQ(wm->result_arg, 5);

  const PoolApi* wl = find_pool_api("WdfLookasideListCreate");
  ASSERT_NE(wl, nullptr);
  EXPECT_EQ(wl->arg, 2);
  const PoolApi* ex = find_pool_api("ExInitializeLookasideListEx");
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->arg, 3);

  EXPECT_EQ(find_pool_api("ExFreePoolWithTag"), nullptr);
}

// The size argument names the structure allocated; list set-up returns a status, not memory.
TEST(PoolApis, SizesAndListSetUp) {
  EXPECT_EQ(find_pool_api("ExAllocatePool2")->size_arg, 1);
  EXPECT_EQ(find_pool_api("ExAllocatePoolWithTag")->size_arg, 1);
  EXPECT_EQ(find_pool_api("WdfMemoryCreate")->size_arg, 3);
  const PoolApi* paged_list = find_pool_api("ExInitializePagedLookasideList");
  ASSERT_NE(paged_list, nullptr);
  EXPECT_EQ(paged_list->kind, PoolApi::Kind::AlwaysPaged);
  EXPECT_EQ(paged_list->size_arg, 4);
  EXPECT_TRUE(paged_list->list_setup);
  EXPECT_TRUE(find_pool_api("ExInitializeLookasideListEx")->list_setup);
  EXPECT_TRUE(find_pool_api("WdfLookasideListCreate")->list_setup);
  EXPECT_FALSE(find_pool_api("ExAllocateFromPagedLookasideList")->list_setup);
  EXPECT_FALSE(find_pool_api("WdfMemoryCreate")->list_setup);
}

TEST(PoolApis, PagedAllocationsNeedApcLevel) {
  EXPECT_EQ(paged_pool_call_limit(*find_pool_api("ExAllocatePool2"), "POOL_FLAG_PAGED"), Irql::Apc);
  EXPECT_EQ(paged_pool_call_limit(*find_pool_api("ExAllocatePool2"), "POOL_FLAG_NON_PAGED"),
            std::nullopt);
  EXPECT_EQ(paged_pool_call_limit(*find_pool_api("ExAllocatePoolWithTag"), "PagedPool"), Irql::Apc);
  EXPECT_EQ(paged_pool_call_limit(*find_pool_api("ExAllocatePoolWithTag"), "PoolType"),
            std::nullopt);
  EXPECT_EQ(paged_pool_call_limit(*find_pool_api("ExAllocateFromPagedLookasideList"), ""),
            Irql::Apc);
  EXPECT_EQ(paged_pool_call_limit(*find_pool_api("WdfLookasideListCreate"), "PagedPool"),
            std::nullopt);
}

TEST(IrqlLimitApis, PrintfFormatArgumentAndAnsiForms) {
  EXPECT_EQ(printf_format_argument("RtlStringCbVPrintfA"), 2u);
  EXPECT_EQ(printf_format_argument("RtlStringCchPrintfW"), 2u);
  EXPECT_EQ(printf_format_argument("RtlStringCchVPrintfExA"), 5u);
  EXPECT_EQ(printf_format_argument("RtlStringCbPrintfExW"), 5u);
  EXPECT_TRUE(is_ansi_string_routine("RtlStringCbVPrintfA"));
  EXPECT_TRUE(is_ansi_string_routine("RtlStringCchVPrintfExA"));
  EXPECT_FALSE(is_ansi_string_routine("RtlStringCbVPrintfW"));
  EXPECT_FALSE(is_ansi_string_routine("DbgPrintA"));
}

TEST(MemoryRoutines, ArgumentsTheyTouch) {
  EXPECT_TRUE(touches_argument_memory("RtlCopyMemory", 0));
  EXPECT_TRUE(touches_argument_memory("RtlCopyMemory", 1));
  EXPECT_FALSE(touches_argument_memory("RtlCopyMemory", 2));
  EXPECT_TRUE(touches_argument_memory("RtlZeroMemory", 0));
  EXPECT_FALSE(touches_argument_memory("RtlZeroMemory", 1));
  EXPECT_TRUE(touches_argument_memory("memset", 0));
  EXPECT_FALSE(touches_argument_memory("ExFreePoolWithTag", 0));
  EXPECT_FALSE(touches_argument_memory("MyHelper", 0));
}

TEST(SyncObjects, WorkItemsMustBeResident) {
  EXPECT_TRUE(is_sync_object_type("WORK_QUEUE_ITEM"));
  EXPECT_TRUE(is_sync_object_type("IO_WORKITEM"));
  EXPECT_FALSE(is_sync_object_type("PIO_WORKITEM"));
}

TEST(PoolApis, EveryRowHasItsSourceAndAUniqueName) {
  std::set<std::string> names;
  for (const PoolApi& a : pool_apis()) {
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name;
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    EXPECT_EQ(a.kind == PoolApi::Kind::AlwaysPaged, a.arg == -1) << a.name;
    EXPECT_EQ(find_pool_api(a.name), &a) << a.name;
  }
}

TEST(PagedResultApis, EveryRowHasItsSourceAndIsNoAllocator) {
  std::set<std::string> names;
  for (const PagedResultApi& a : paged_result_apis()) {
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name;
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    EXPECT_GE(a.result_arg, 0) << a.name;
    EXPECT_EQ(find_pool_api(a.name), nullptr) << a.name;  // one table decides
    EXPECT_EQ(find_paged_result_api(a.name), &a) << a.name;
  }
  EXPECT_NE(find_paged_result_api("IoGetDeviceInterfaces"), nullptr);
  EXPECT_EQ(find_paged_result_api("IoGetDeviceInterfaceAlias"), nullptr);  // pool not documented
}

TEST(ObjectBufferApis, EveryRowHasItsSourceAndACreatorKeepsTheHandle) {
  for (const ObjectBufferApi& a : object_buffer_apis()) {
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name;
    EXPECT_EQ(find_object_buffer_api(a.name), &a) << a.name;
    EXPECT_GE(a.handle_arg, 0) << a.name;
  }
  ASSERT_NE(find_pool_api("WdfMemoryCreate"), nullptr);
  EXPECT_EQ(find_pool_api("WdfMemoryCreate")->handle_arg, 4);
  EXPECT_EQ(find_pool_api("ExAllocatePool2")->handle_arg, -1);
}

TEST(AliasingApis, RtlInitUnicodeStringPointsBufferAtItsSource) {
  const AliasingApi* a = find_aliasing_api("RtlInitUnicodeString");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(is_citation(a->source));
  EXPECT_EQ(a->dest_arg, 0);
  EXPECT_EQ(a->source_arg, 1);
  EXPECT_STREQ(a->member, "Buffer");
  EXPECT_EQ(find_aliasing_api("RtlCopyUnicodeString"), nullptr);  // copies into its own buffer
}

TEST(PagedPnpQueries, EveryRowHasItsIrpPage) {
  std::set<std::string> minors;
  for (const PagedPnpQuery& q : paged_pnp_queries()) {
    ASSERT_NE(q.source, nullptr) << q.minor;
    EXPECT_TRUE(is_citation(q.source)) << q.minor;
    EXPECT_TRUE(minors.insert(q.minor).second) << "duplicate " << q.minor;
    EXPECT_EQ(find_paged_pnp_query(q.minor), &q) << q.minor;
    if (q.parameters) {
      EXPECT_EQ(paged_pnp_query_of_parameters(q.parameters), &q) << q.minor;
    }
  }
  EXPECT_NE(find_paged_pnp_query("IRP_MN_QUERY_DEVICE_RELATIONS"), nullptr);
  // The list a function driver is handed to filter: its page does not say which pool.
  EXPECT_EQ(find_paged_pnp_query("IRP_MN_FILTER_RESOURCE_REQUIREMENTS"), nullptr);
  // Answered in a value (a bit mask), not a buffer.
  EXPECT_EQ(find_paged_pnp_query("IRP_MN_QUERY_PNP_DEVICE_STATE"), nullptr);
  EXPECT_EQ(paged_pnp_query_of_parameters("DeviceCapabilities"), nullptr);
}

TEST(NamesPagedPool, PagedNames) {
  for (const char* arg :
       {"PagedPool", "PagedPoolCacheAligned", "PagedPoolSession", "PagedPoolCacheAlignedSession",
        "PagedPoolMustSucceed", "POOL_FLAG_PAGED", "(POOL_TYPE)PagedPool", " ( PagedPool ) ",
        "POOL_FLAG_PAGED | POOL_FLAG_UNINITIALIZED", "POOL_FLAG_UNINITIALIZED|POOL_FLAG_PAGED",
        "(POOL_TYPE)(PagedPool | POOL_COLD_ALLOCATION)", "POOL_TYPE::PagedPool",
        "usePaged ? PagedPool : NonPagedPoolNx"})
    EXPECT_TRUE(names_paged_pool(arg)) << arg;
}

TEST(NamesPagedPool, ResidentNames) {
  for (const char* arg :
       {"NonPagedPool", "NonPagedPoolNx", "NonPagedPoolNxCacheAligned", "NonPagedPoolExecute",
        "POOL_FLAG_NON_PAGED", "POOL_FLAG_NON_PAGED_EXECUTE",
        "POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED", "(POOL_TYPE)NonPagedPoolNx", "",
        "poolType", "MyPagedPoolType", "PagedPoolX", "POOL_FLAG_PAGED_X", "1", "0x100",
        "Flags & ~POOL_FLAG_PAGED", "POOL_FLAG_NON_PAGED | ~(POOL_FLAG_PAGED)"})
    EXPECT_FALSE(names_paged_pool(arg)) << arg;
}

TEST(AllocatesPagedPool, PlainNumbers) {
  const PoolApi* type = find_pool_api("ExAllocatePoolWithTag");
  const PoolApi* flags = find_pool_api("ExAllocatePool2");
  const PoolApi* always = find_pool_api("ExAllocateFromPagedLookasideList");
  ASSERT_NE(type, nullptr);
  ASSERT_NE(flags, nullptr);
  ASSERT_NE(always, nullptr);

  // POOL_TYPE: PagedPool 1, PagedPoolCacheAligned 5, PagedPoolSession 33,
  // PagedPoolCacheAlignedSession 37; NonPagedPool 0, NonPagedPoolNx 512.
  for (const char* arg :
       {"1", "5", "33", "37", "0x1", "(POOL_TYPE)1", "(POOL_TYPE) 5", "(33)", "1u", "PagedPool"})
    EXPECT_TRUE(allocates_paged_pool(*type, arg)) << arg;
  for (const char* arg : {"0", "4", "512", "516", "0x200", "(POOL_TYPE)0", "NonPagedPoolNx",
                          "poolType", "1 + x", "-1", "08"})
    EXPECT_FALSE(allocates_paged_pool(*type, arg)) << arg;

  // POOL_FLAGS: POOL_FLAG_PAGED is 0x100; 0x40 and 0x80 are the nonpaged flags.
  for (const char* arg : {"0x100", "256", "0x0000000000000100UI64", "0x102", "POOL_FLAG_PAGED"})
    EXPECT_TRUE(allocates_paged_pool(*flags, arg)) << arg;
  // Every integer literal MSVC reads: C++14 digit separators, binary, the i8...i64 suffixes.
  for (const char* arg : {"0x0000'0100", "0b1'0000'0000", "256i32", "0x100ui16"})
    EXPECT_TRUE(allocates_paged_pool(*flags, arg)) << arg;
  for (const char* arg : {"1", "0x40", "0x80", "0x42", "POOL_FLAG_NON_PAGED", "flags"})
    EXPECT_FALSE(allocates_paged_pool(*flags, arg)) << arg;

  EXPECT_TRUE(allocates_paged_pool(*always, ""));
  EXPECT_TRUE(allocates_paged_pool(*always, "&Lookaside"));
}

// --- Synchronization objects
// ----------------------------------------------------------------------

TEST(SyncObjectTypes, ObjectsThatMustBeResident) {
  for (const char* type :
       {"KSPIN_LOCK",     "KEVENT",         "KTIMER",         "KDPC",
        "KMUTEX",         "KMUTANT",        "KSEMAPHORE",     "FAST_MUTEX",
        "ERESOURCE",      "EX_SPIN_LOCK",   "KGUARDED_MUTEX", "KQUEUE",
        "NDIS_SPIN_LOCK", "struct _KEVENT", "_KTIMER",        "volatile KSPIN_LOCK",
        "const KEVENT",   "KEVENT[4]",      " KDPC ",         "DECLSPEC_CACHEALIGN KSPIN_LOCK"})
    EXPECT_TRUE(is_sync_object_type(type)) << type;
}

TEST(SyncObjectTypes, PointersAndOtherTypesAreNot) {
  for (const char* type :
       {"PKEVENT", "PRKEVENT", "PKSPIN_LOCK", "PFAST_MUTEX", "PERESOURCE", "PKDPC",
        "PNDIS_SPIN_LOCK", "KEVENT*", "KEVENT *", "struct _KEVENT *", "KSPIN_LOCK&", "ULONG",
        "EX_PUSH_LOCK", "WDFSPINLOCK", "KLOCK_QUEUE_HANDLE", "", "KEVENTS", "MY_KEVENT"})
    EXPECT_FALSE(is_sync_object_type(type)) << type;
}

// --- SectionApi ---------------------------------------------------------------------------------

TEST(SectionApis, Rows) {
  using S = SectionApi::Kind;
  struct Expect {
    const char* name;
    S kind;
    Irql max;
  };
  for (const Expect& e :
       {Expect{"MmLockPagableCodeSection", S::LockByAddress, Irql::Apc},
        Expect{"MmLockPagableDataSection", S::LockByAddress, Irql::Apc},
        Expect{"MmLockPagableSectionByHandle", S::LockByHandle, Irql::Apc},
        Expect{"MmUnlockPagableImageSection", S::Unlock, Irql::Apc},
        Expect{"MmPageEntireDriver", S::PageEntireDriver, Irql::Apc},
        Expect{"MmResetDriverPaging", S::ResetDriverPaging, Irql::Apc},
        Expect{"IoConnectInterrupt", S::ConnectInterrupt, Irql::Passive},
        Expect{"IoConnectInterruptEx", S::ConnectInterrupt, Irql::Passive},
        Expect{"IoDisconnectInterrupt", S::DisconnectInterrupt, Irql::Passive},
        Expect{"IoDisconnectInterruptEx", S::DisconnectInterrupt, Irql::Passive}}) {
    const SectionApi* a = find_section_api(e.name);
    ASSERT_NE(a, nullptr) << e.name;
    EXPECT_EQ(a->kind, e.kind) << e.name;
    EXPECT_EQ(a->max, e.max) << e.name;
  }
  // "Pageable" is not Microsoft's spelling of these routines.
  EXPECT_EQ(find_section_api("MmLockPageableCodeSection"), nullptr);
}

TEST(SectionApis, EveryRowHasItsSourceAndAgreesWithTheIrqlLimits) {
  std::set<std::string> names;
  for (const SectionApi& a : section_apis()) {
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name;
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    const IrqlLimitApi* limit = find_irql_limit_api(a.name);
    ASSERT_NE(limit, nullptr) << a.name;
    EXPECT_EQ(limit->max, a.max) << a.name;
  }
  EXPECT_EQ(names.size(), 10u);
}

// --- PowerPageabilityApi
// --------------------------------------------------------------------------

TEST(PowerPageabilityApis, Rows) {
  using P = PowerPageabilityApi::Effect;
  struct Expect {
    const char* name;
    P effect;
  };
  for (const Expect& e : {Expect{"WdfDeviceInitSetPowerNotPageable", P::NotPageable},
                          Expect{"WdfDeviceInitSetPowerInrush", P::Inrush},
                          Expect{"WdfDeviceInitSetPowerPageable", P::Pageable},
                          Expect{"WdfDeviceSetSpecialFileSupport", P::SpecialFile},
                          Expect{"WdfDevStateIsNP", P::StateIsNp}}) {
    const PowerPageabilityApi* a = find_power_pageability_api(e.name);
    ASSERT_NE(a, nullptr) << e.name;
    EXPECT_EQ(a->effect, e.effect) << e.name;
  }
  EXPECT_EQ(find_power_pageability_api("WdfDeviceCreate"), nullptr);
}

TEST(PowerPageabilityApis, EveryRowHasItsSourceAndAUniqueName) {
  std::set<std::string> names;
  for (const PowerPageabilityApi& a : power_pageability_apis()) {
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name;
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    // None of them is PASSIVE-only: they may be called up to DISPATCH_LEVEL (or at any level).
    EXPECT_EQ(find_irql_limit_api(a.name), nullptr) << a.name;
  }
  EXPECT_EQ(names.size(), 5u);
}

}  // namespace
}  // namespace pagewise

namespace pagewise {
namespace {

TEST(IrqlLimitApis, StringRoutineCaveatsFollowTheirPages) {
  using C = IrqlLimitApi::Caveat;
  EXPECT_EQ(find_irql_limit_api("RtlStringCchCopyW")->caveat, C::ResidentStrings);
  EXPECT_EQ(find_irql_limit_api("RtlStringCbCatNA")->caveat, C::ResidentStrings);
  EXPECT_EQ(find_irql_limit_api("RtlStringCbPrintfA")->caveat, C::StringConversions);
  EXPECT_EQ(find_irql_limit_api("RtlStringCchVPrintfW")->caveat, C::StringConversions);
  // The rest of the family keeps the unqualified PASSIVE_LEVEL of its pages.
  EXPECT_EQ(find_irql_limit_api("RtlStringCchLengthW")->caveat, C::None);
  EXPECT_EQ(find_irql_limit_api("RtlUnicodeStringPrintf")->caveat, C::None);
  EXPECT_EQ(find_irql_limit_api("ZwCreateFile")->caveat, C::None);
}

TEST(IrqlLimitApis, FormatThatConvertsStrings) {
  EXPECT_FALSE(format_may_convert_strings("\"count %lu at %p\""));
  EXPECT_FALSE(format_may_convert_strings(" L\"%d%% done, %08x\" "));
  EXPECT_FALSE(format_may_convert_strings("\"no conversions\""));
  EXPECT_TRUE(format_may_convert_strings("\"name %s\""));
  EXPECT_TRUE(format_may_convert_strings("L\"%wZ\""));
  EXPECT_TRUE(format_may_convert_strings("\"%-10ls|\""));
  EXPECT_TRUE(format_may_convert_strings("\"%S\""));
  EXPECT_TRUE(format_may_convert_strings("\"%C\""));
  EXPECT_TRUE(format_may_convert_strings("Format"));  // not a literal: unknown
  EXPECT_TRUE(format_may_convert_strings("\"a\" \"%s\""));
}

}  // namespace
}  // namespace pagewise
