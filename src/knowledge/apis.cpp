// Lock, IRQL and Wait routines (paging-rules.md §2.2 and §3). Routines that leave the IRQL
// unchanged and still allow paging (critical and guarded regions, ERESOURCE, KMDF wait locks) are
// deliberately absent: holding them does not pin code.
#include "knowledge/apis.hpp"

#include <unordered_map>

#include "knowledge/project_rows.hpp"

namespace pagewise {

namespace {

using E = LockApi::Effect;
using L = Irql;

// --- Sources ------------------------------------------------------------------------------------
#define PW_WDM_DDI "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/"
#define PW_NTDDK_DDI "https://learn.microsoft.com/windows-hardware/drivers/ddi/ntddk/"
#define PW_NTIFS_DDI "https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/"
#define PW_NDIS_DDI "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/"
#define PW_NDIS5 "https://learn.microsoft.com/previous-versions/windows/hardware/network/"

constexpr const char* kKeAcquireSpinLock = PW_WDM_DDI "nf-wdm-keacquirespinlock";
constexpr const char* kKeReleaseSpinLock = PW_WDM_DDI "nf-wdm-kereleasespinlock";
constexpr const char* kRaiseToDpc = PW_WDM_DDI "nf-wdm-keacquirespinlockraisetodpc";
constexpr const char* kAtDpcLevel = PW_WDM_DDI "nf-wdm-keacquirespinlockatdpclevel";
constexpr const char* kTryAtDpcLevel = PW_WDM_DDI "nf-wdm-ketrytoacquirespinlockatdpclevel";
constexpr const char* kForDpc = PW_WDM_DDI "nf-wdm-keacquirespinlockfordpc";
constexpr const char* kInStack = PW_WDM_DDI "nf-wdm-keacquireinstackqueuedspinlock";
constexpr const char* kInStackAtDpc = PW_WDM_DDI "nf-wdm-keacquireinstackqueuedspinlockatdpclevel";
constexpr const char* kInStackForDpc = PW_WDM_DDI "nf-wdm-keacquireinstackqueuedspinlockfordpc";
constexpr const char* kInterruptSpinLock = PW_WDM_DDI "nf-wdm-keacquireinterruptspinlock";
// The numbered system queued spin locks: the pages say only "reserved for system use" and give no
// IRQL; a queued spin lock is a spin lock (kernel/queued-spin-locks), held at DISPATCH_LEVEL.
constexpr const char* kQueuedAcquire = PW_NTIFS_DDI "nf-ntifs-keacquirequeuedspinlock";
constexpr const char* kQueuedRelease = PW_NTIFS_DDI "nf-ntifs-kereleasequeuedspinlock";
constexpr const char* kQueuedTry = PW_NTIFS_DDI "nf-ntifs-ketrytoacquirequeuedspinlock";
constexpr const char* kSynchronizeExecution = PW_WDM_DDI "nf-wdm-kesynchronizeexecution";
constexpr const char* kExExclusive = PW_WDM_DDI "nf-wdm-exacquirespinlockexclusive";
constexpr const char* kExShared = PW_WDM_DDI "nf-wdm-exacquirespinlockshared";
constexpr const char* kExExclusiveAtDpc = PW_WDM_DDI "nf-wdm-exacquirespinlockexclusiveatdpclevel";
constexpr const char* kExSharedAtDpc = PW_WDM_DDI "nf-wdm-exacquirespinlocksharedatdpclevel";
constexpr const char* kExInterlocked = PW_WDM_DDI "nf-wdm-exinterlockedinsertheadlist";
constexpr const char* kCancelAcquire = PW_WDM_DDI "nf-wdm-ioacquirecancelspinlock";
constexpr const char* kCancelRelease = PW_WDM_DDI "nf-wdm-ioreleasecancelspinlock";
// "After calling IoAcquireVpbSpinLock, the caller executes at IRQL DISPATCH_LEVEL."
constexpr const char* kVpbAcquire =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-ioacquirevpbspinlock";
constexpr const char* kVpbRelease =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-ioreleasevpbspinlock";
constexpr const char* kKeRaiseIrql = PW_WDM_DDI "nf-wdm-keraiseirql";
constexpr const char* kKeLowerIrql = PW_WDM_DDI "nf-wdm-kelowerirql";
constexpr const char* kKzRaiseIrql = PW_WDM_DDI "nf-wdm-kzraiseirql";
constexpr const char* kKzLowerIrql = PW_WDM_DDI "nf-wdm-kzlowerirql";
constexpr const char* kRaiseToDpcLevel = PW_NTDDK_DDI "nf-ntddk-keraiseirqltodpclevel";
constexpr const char* kFastMutex = PW_WDM_DDI "nf-wdm-exacquirefastmutex";
constexpr const char* kMutexesConcept =
    "https://learn.microsoft.com/windows-hardware/drivers/kernel/fast-mutexes-and-guarded-mutexes";
constexpr const char* kNdisSpinLock =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisacquirespinlock";
// "The MiniportSynchronizeInterrupt function also runs at DIRQL" (NDIS 6 interrupts).
constexpr const char* kNdisSynchronize =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/"
    "nf-ndis-ndismsynchronizewithinterruptex";
constexpr const char* kNdisRwLock =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisacquirerwlockread";
// The NDIS 5 and 6.0/6.1 read/write locks (NDIS_RW_LOCK): "NdisReleaseReadWriteLock restores the
// original IRQL"; the Dpr forms are called at DISPATCH_LEVEL.
constexpr const char* kNdis5RwAcquire = PW_NDIS5 "ff550723(v=vs.85)";
constexpr const char* kNdis5RwRelease = PW_NDIS5 "ff554668(v=vs.85)";
constexpr const char* kNdisDprRwAcquire = PW_NDIS_DDI "nf-ndis-ndisdpracquirereadwritelock";
constexpr const char* kNdisDprRwRelease = PW_NDIS_DDI "nf-ndis-ndisdprreleasereadwritelock";
// NDIS 5: "The MiniportSynchronizeISR function also runs at DIRQL".
constexpr const char* kNdis5Synchronize = PW_NDIS5 "ff553649(v=vs.85)";
constexpr const char* kNdisInterlocked = PW_NDIS_DDI "nf-ndis-ndisinterlockedinsertheadlist";
// Storport spin locks: DpcLock and StartIoLock hold at DISPATCH_LEVEL, InterruptLock at the
// interrupt's DIRQL; DISPATCH_LEVEL is the bound every kind reaches.
constexpr const char* kStorPortAcquire =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/storport/"
    "nf-storport-storportacquirespinlock";
constexpr const char* kStorPortAcquireEx =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/storport/"
    "nf-storport-storportacquirespinlockex";
constexpr const char* kStorPortRelease =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/storport/"
    "nf-storport-storportreleasespinlock";
constexpr const char* kWdfSpinLock =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdfsync/"
    "nf-wdfsync-wdfspinlockacquire";
constexpr const char* kWdfInterruptLock =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdfinterrupt/"
    "nf-wdfinterrupt-wdfinterruptacquirelock";
constexpr const char* kWdfInterruptSynchronize =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdfinterrupt/"
    "nf-wdfinterrupt-wdfinterruptsynchronize";
constexpr const char* kWdfObjectLock =
    "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdfsync/"
    "nf-wdfsync-wdfobjectacquirelock";
// Macro expansions of the Ke routines, as public re-implementations of the WDK headers show them.
constexpr const char* kX86Ke = "reactos/reactos: sdk/include/xdk/x86/ke.h";
constexpr const char* kExFuncs = "reactos/reactos: sdk/include/xdk/exfuncs.h";

#undef PW_WDM_DDI
#undef PW_NTDDK_DDI
#undef PW_NTIFS_DDI
#undef PW_NDIS_DDI
#undef PW_NDIS5

// Field order: name, effect, level, lock_arg, level_arg, routine_arg, source, global_lock.
constexpr LockApi kLockApis[] = {
    // --- Ke spin locks (§3). KeAcquireSpinLock/KeReleaseSpinLock are macros: x86 expands them to
    //     KfAcquireSpinLock/KfReleaseSpinLock, other architectures to KeAcquireSpinLockRaiseToDpc.
    {"KeAcquireSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kKeAcquireSpinLock},
    {"KeReleaseSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kKeReleaseSpinLock},
    {"KfAcquireSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kX86Ke},
    {"KfReleaseSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kX86Ke},
    {"KeAcquireSpinLockRaiseToDpc", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kRaiseToDpc},
    // The AtDpcLevel forms leave the IRQL where it is (already >= DISPATCH) but still hold a spin
    // lock, so the region they open is as non-pageable as any other.
    {"KeAcquireSpinLockAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kAtDpcLevel},
    {"KeReleaseSpinLockFromDpcLevel", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kAtDpcLevel},
    {"KefAcquireSpinLockAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kX86Ke},
    {"KefReleaseSpinLockFromDpcLevel", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kX86Ke},
    // Acquires only when it returns TRUE; an acquire as far as residency is concerned.
    {"KeTryToAcquireSpinLockAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1,
     kTryAtDpcLevel},
    {"KeAcquireSpinLockForDpc", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kForDpc},
    {"KeReleaseSpinLockForDpc", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kForDpc},
    // In-stack queued spin locks: the acquire names the lock (arg 0) and fills a handle; the
    // release takes only the handle (arg 0).
    {"KeAcquireInStackQueuedSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kInStack},
    {"KeReleaseInStackQueuedSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kInStack},
    {"KeAcquireInStackQueuedSpinLockAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1,
     kInStackAtDpc},
    {"KeReleaseInStackQueuedSpinLockFromDpcLevel", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1,
     kInStackAtDpc},
    {"KeAcquireInStackQueuedSpinLockForDpc", E::AcquireSpinLock, L::Dispatch, 0, -1, -1,
     kInStackForDpc},
    {"KeReleaseInStackQueuedSpinLockForDpc", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1,
     kInStackForDpc},

    // The numbered system queued spin locks (KSPIN_LOCK_QUEUE_NUMBER, arg 0).
    {"KeAcquireQueuedSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kQueuedAcquire},
    {"KeTryToAcquireQueuedSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kQueuedTry},
    {"KeReleaseQueuedSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kQueuedRelease},

    // --- Interrupt spin lock and synchronized calls (DIRQL) ------------------------------------
    {"KeAcquireInterruptSpinLock", E::AcquireSpinLock, L::Dirql, 0, -1, -1, kInterruptSpinLock},
    {"KeReleaseInterruptSpinLock", E::ReleaseSpinLock, L::Dirql, 0, -1, -1, kInterruptSpinLock},
    {"KeSynchronizeExecution", E::SynchronizedCall, L::Dirql, 0, -1, 1, kSynchronizeExecution},

    // --- Executive spin locks (EX_SPIN_LOCK). ExTryConvertSharedSpinLockExclusive converts a lock
    //     already held and acquires nothing, so it has no row.
    {"ExAcquireSpinLockExclusive", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kExExclusive},
    {"ExReleaseSpinLockExclusive", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kExExclusive},
    {"ExAcquireSpinLockShared", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kExShared},
    {"ExReleaseSpinLockShared", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kExShared},
    {"ExAcquireSpinLockExclusiveAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1,
     kExExclusiveAtDpc},
    {"ExReleaseSpinLockExclusiveFromDpcLevel", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1,
     kExExclusiveAtDpc},
    {"ExAcquireSpinLockSharedAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1,
     kExSharedAtDpc},
    {"ExReleaseSpinLockSharedFromDpcLevel", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1,
     kExSharedAtDpc},
    // Old wdm.h aliases of the Ke spin-lock routines (a KSPIN_LOCK, not an EX_SPIN_LOCK).
    {"ExAcquireSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kExFuncs},
    {"ExReleaseSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kExFuncs},
    {"ExAcquireSpinLockAtDpcLevel", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kExFuncs},
    {"ExReleaseSpinLockFromDpcLevel", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kExFuncs},

    // --- ExInterlocked* take their KSPIN_LOCK (the last argument) inside. There is no
    //     ExInterlockedRemoveTailList in wdm.h.
    {"ExInterlockedInsertHeadList", E::InternalSpinLock, L::Dispatch, 2, -1, -1, kExInterlocked},
    {"ExInterlockedInsertTailList", E::InternalSpinLock, L::Dispatch, 2, -1, -1, kExInterlocked},
    {"ExInterlockedRemoveHeadList", E::InternalSpinLock, L::Dispatch, 1, -1, -1, kExInterlocked},
    {"ExInterlockedPushEntryList", E::InternalSpinLock, L::Dispatch, 2, -1, -1, kExInterlocked},
    {"ExInterlockedPopEntryList", E::InternalSpinLock, L::Dispatch, 1, -1, -1, kExInterlocked},
    {"ExInterlockedAddUlong", E::InternalSpinLock, L::Dispatch, 2, -1, -1, kExInterlocked},
    {"ExInterlockedAddLargeInteger", E::InternalSpinLock, L::Dispatch, 2, -1, -1, kExInterlocked},

    // --- The system-wide cancel spin lock: no lock argument --------------------------------------
    {"IoAcquireCancelSpinLock", E::AcquireSpinLock, L::Dispatch, -1, -1, -1, kCancelAcquire,
     "the cancel spin lock"},
    {"IoReleaseCancelSpinLock", E::ReleaseSpinLock, L::Dispatch, -1, -1, -1, kCancelRelease,
     "the cancel spin lock"},
    // The global volume parameter block lock of file systems, likewise without a lock argument.
    {"IoAcquireVpbSpinLock", E::AcquireSpinLock, L::Dispatch, -1, -1, -1, kVpbAcquire,
     "the VPB spin lock"},
    {"IoReleaseVpbSpinLock", E::ReleaseSpinLock, L::Dispatch, -1, -1, -1, kVpbRelease,
     "the VPB spin lock"},

    // --- Raising and lowering the IRQL. For the rows with a level_arg, `level` is the fallback
    //     when the argument is not a constant parse_irql understands. KeRaiseIrql/KeLowerIrql
    //     are macros over KfRaiseIrql/KfLowerIrql (x86; the x64 expansion is UNCONFIRMED).
    {"KeRaiseIrql", E::Raise, L::Dispatch, -1, 0, -1, kKeRaiseIrql},
    {"KfRaiseIrql", E::Raise, L::Dispatch, -1, 0, -1, kX86Ke},
    {"KzRaiseIrql", E::Raise, L::Dispatch, -1, 0, -1, kKzRaiseIrql},
    {"KeRaiseIrqlToDpcLevel", E::Raise, L::Dispatch, -1, -1, -1, kRaiseToDpcLevel},
    // UNCONFIRMED: no DDI page (paging-rules.md §7). SYNCH_LEVEL is above DISPATCH_LEVEL (x64:
    // IPI_LEVEL - 2 in the amd64 header), so Dirql.
    {"KeRaiseIrqlToSynchLevel", E::Raise, L::Dirql, -1, -1, -1, kX86Ke},
    {"KeLowerIrql", E::Lower, L::Passive, -1, -1, -1, kKeLowerIrql},
    {"KfLowerIrql", E::Lower, L::Passive, -1, -1, -1, kX86Ke},
    {"KzLowerIrql", E::Lower, L::Passive, -1, -1, -1, kKzLowerIrql},

    // --- Fast and guarded mutexes: APC_LEVEL, paging still allowed (§3) --------------------------
    {"ExAcquireFastMutex", E::AcquireApcLock, L::Apc, 0, -1, -1, kFastMutex},
    {"ExTryToAcquireFastMutex", E::AcquireApcLock, L::Apc, 0, -1, -1, kFastMutex},
    {"ExReleaseFastMutex", E::ReleaseApcLock, L::Apc, 0, -1, -1, kFastMutex},
    {"ExAcquireFastMutexUnsafe", E::AcquireApcLock, L::Apc, 0, -1, -1, kMutexesConcept},
    {"ExReleaseFastMutexUnsafe", E::ReleaseApcLock, L::Apc, 0, -1, -1, kMutexesConcept},
    {"KeAcquireGuardedMutex", E::AcquireApcLock, L::Apc, 0, -1, -1, kMutexesConcept},
    {"KeTryToAcquireGuardedMutex", E::AcquireApcLock, L::Apc, 0, -1, -1, kMutexesConcept},
    {"KeReleaseGuardedMutex", E::ReleaseApcLock, L::Apc, 0, -1, -1, kMutexesConcept},
    {"KeAcquireGuardedMutexUnsafe", E::AcquireApcLock, L::Apc, 0, -1, -1, kMutexesConcept},
    {"KeReleaseGuardedMutexUnsafe", E::ReleaseApcLock, L::Apc, 0, -1, -1, kMutexesConcept},

    // --- NDIS ---------------------------------------------------------------------------------
    {"NdisAcquireSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kNdisSpinLock},
    {"NdisReleaseSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kNdisSpinLock},
    {"NdisDprAcquireSpinLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kNdisSpinLock},
    {"NdisDprReleaseSpinLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kNdisSpinLock},
    {"NdisAcquireRWLockRead", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kNdisRwLock},
    {"NdisAcquireRWLockWrite", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kNdisRwLock},
    {"NdisReleaseRWLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kNdisRwLock},
    {"NdisAcquireReadWriteLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kNdis5RwAcquire},
    {"NdisReleaseReadWriteLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kNdis5RwRelease},
    {"NdisDprAcquireReadWriteLock", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kNdisDprRwAcquire},
    {"NdisDprReleaseReadWriteLock", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kNdisDprRwRelease},
    // NdisInterlocked* take their NDIS_SPIN_LOCK (the last argument) inside the call.
    {"NdisInterlockedInsertHeadList", E::InternalSpinLock, L::Dispatch, 2, -1, -1,
     kNdisInterlocked},
    {"NdisInterlockedInsertTailList", E::InternalSpinLock, L::Dispatch, 2, -1, -1,
     kNdisInterlocked},
    {"NdisInterlockedRemoveHeadList", E::InternalSpinLock, L::Dispatch, 1, -1, -1,
     kNdisInterlocked},
    {"NdisInterlockedPushEntryList", E::InternalSpinLock, L::Dispatch, 2, -1, -1, kNdisInterlocked},
    {"NdisInterlockedPopEntryList", E::InternalSpinLock, L::Dispatch, 1, -1, -1, kNdisInterlocked},
    // NdisMSynchronizeWithInterrupt(Interrupt, SynchronizeFunction, SynchronizeContext): NDIS 5.
    {"NdisMSynchronizeWithInterrupt", E::SynchronizedCall, L::Dirql, 0, -1, 1, kNdis5Synchronize},
    // NdisMSynchronizeWithInterruptEx(NdisInterruptHandle, MessageId, SynchronizeFunction, Ctx).
    {"NdisMSynchronizeWithInterruptEx", E::SynchronizedCall, L::Dirql, 0, -1, 2, kNdisSynchronize},

    // --- Storport: (DeviceExtension, STOR_SPINLOCK kind, LockContext, LockHandle); the release
    //     names the handle only.
    {"StorPortAcquireSpinLock", E::AcquireSpinLock, L::Dispatch, 1, -1, -1, kStorPortAcquire},
    {"StorPortAcquireSpinLockEx", E::AcquireSpinLock, L::Dispatch, 1, -1, -1, kStorPortAcquireEx},
    {"StorPortReleaseSpinLock", E::ReleaseSpinLock, L::Dispatch, 1, -1, -1, kStorPortRelease},

    // --- KMDF ---------------------------------------------------------------------------------
    {"WdfSpinLockAcquire", E::AcquireSpinLock, L::Dispatch, 0, -1, -1, kWdfSpinLock},
    {"WdfSpinLockRelease", E::ReleaseSpinLock, L::Dispatch, 0, -1, -1, kWdfSpinLock},
    // A passive-level interrupt object takes a wait lock instead; the engine decides that from the
    // interrupt's configuration.
    {"WdfInterruptAcquireLock", E::AcquireSpinLock, L::Dirql, 0, -1, -1, kWdfInterruptLock},
    {"WdfInterruptReleaseLock", E::ReleaseSpinLock, L::Dirql, 0, -1, -1, kWdfInterruptLock},
    {"WdfInterruptSynchronize", E::SynchronizedCall, L::Dirql, 0, -1, 1, kWdfInterruptSynchronize},
    {"WdfObjectAcquireLock", E::AcquireObjectLock, L::Dispatch, 0, -1, -1, kWdfObjectLock},
    {"WdfObjectReleaseLock", E::ReleaseObjectLock, L::Dispatch, 0, -1, -1, kWdfObjectLock},
};

constexpr WaitApi kWaitApis[] = {
    {"KeSetEvent", 2,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kesetevent"},
    {"KeReleaseSemaphore", 3,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kereleasesemaphore"},
    {"KeReleaseMutex", 1,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kereleasemutex"},
    {"KePulseEvent", 2,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/ntddk/nf-ntddk-kepulseevent"},
    {"KeReleaseMutant", 3,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-kereleasemutant"},
};

// KeReleaseMutex's page names the three routines its Wait = TRUE call must be followed by, and
// says that they restore the IRQL; KeWaitForMutexObject is a wdm.h macro with no page of its own.
constexpr DispatcherWaitApi kDispatcherWaitApis[] = {
    {"KeWaitForSingleObject",
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kewaitforsingleobject"},
    {"KeWaitForMultipleObjects",
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/"
     "nf-wdm-kewaitformultipleobjects"},
    {"KeWaitForMutexObject",
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kereleasemutex"},
};

}  // namespace

const LockApi* find_lock_api(std::string_view name) {
  // Called for every call in every function: an index built once instead of a scan with strlen.
  static const std::unordered_map<std::string_view, const LockApi*> index = [] {
    std::unordered_map<std::string_view, const LockApi*> m;
    for (const LockApi& a : kLockApis) m.emplace(a.name, &a);
    return m;
  }();
  auto it = index.find(name);
  return it == index.end() ? find_project_lock_api(name) : it->second;
}

std::span<const LockApi> lock_apis() { return kLockApis; }

const WaitApi* find_wait_api(std::string_view name) {
  for (const WaitApi& a : kWaitApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const WaitApi> wait_apis() { return kWaitApis; }

const DispatcherWaitApi* find_dispatcher_wait_api(std::string_view name) {
  for (const DispatcherWaitApi& a : kDispatcherWaitApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const DispatcherWaitApi> dispatcher_wait_apis() { return kDispatcherWaitApis; }

}  // namespace pagewise
