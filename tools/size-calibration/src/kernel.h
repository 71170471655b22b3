/* The small slice of the WDK that the calibration functions use, written from the documented
 * declarations so the sources compile with a plain x86-64 cross compiler (they are compiled, never
 * linked). Helpers that wdm.h / wdf.h define as FORCEINLINE functions or macros are defined the
 * same way here, so the compiler sees the same amount of inline code a real driver build sees. */
#ifndef CALIBRATION_KERNEL_H
#define CALIBRATION_KERNEL_H

#define VOID void
#define NTAPI
#define IN
#define OUT
#define OPTIONAL
#define FORCEINLINE static __inline__ __attribute__((always_inline))
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_reads_bytes_(n)
#define _Out_writes_bytes_(n)
#define _Use_decl_annotations_
#define _IRQL_requires_(x)
#define _IRQL_requires_max_(x)
#define _IRQL_raises_(x)
#define _IRQL_saves_
#define _IRQL_restores_
#define _Requires_lock_held_(x)
#define _Function_class_(x)
#define _Dispatch_type_(x)
#define PAGED_CODE() ((void)0)
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define ASSERT(e) ((void)0)
#define NT_ASSERT(e) ((void)0)
#define KdPrint(x)
#define NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)
#define FIELD_OFFSET(t, f) ((LONG)__builtin_offsetof(t, f))
#define CONTAINING_RECORD(a, t, f) ((t *)((char *)(a) - (ULONG_PTR)(&((t *)0)->f)))
#define ARGUMENT_PRESENT(p) ((p) != NULL)
#define min(a, b) (((a) < (b)) ? (a) : (b))
#define max(a, b) (((a) > (b)) ? (a) : (b))
#define NULL ((void *)0)
#define TRUE 1
#define FALSE 0

typedef void *PVOID;
typedef unsigned char UCHAR, *PUCHAR, BOOLEAN, *PBOOLEAN, KIRQL, *PKIRQL;
typedef char CHAR, *PCHAR, CCHAR;
typedef unsigned short USHORT, *PUSHORT, WCHAR, *PWCHAR, *PWSTR;
typedef const unsigned short *PCWSTR;
typedef short SHORT;
typedef unsigned int ULONG, *PULONG;
typedef int LONG, *PLONG, NTSTATUS;
typedef unsigned long long ULONG64, ULONGLONG, ULONG_PTR, SIZE_T, *PULONG_PTR, KAFFINITY;
typedef long long LONG64, LONGLONG, *PLONGLONG, LONG_PTR;
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;
typedef ULONG DEVICE_TYPE;
typedef ULONG ACCESS_MASK;


typedef union _LARGE_INTEGER {
  struct { ULONG LowPart; LONG HighPart; } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER, PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY *Flink;
  struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_PENDING ((NTSTATUS)0x00000103L)
#define STATUS_MORE_PROCESSING_REQUIRED ((NTSTATUS)0xC0000016L)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BBL)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010L)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023L)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3L)
#define STATUS_CANCELLED ((NTSTATUS)0xC0000120L)
#define STATUS_DELETE_PENDING ((NTSTATUS)0xC0000056L)
#define STATUS_DEVICE_BUSY ((NTSTATUS)0x80000011L)
#define STATUS_NO_MORE_ENTRIES ((NTSTATUS)0x8000001AL)
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034L)
#define STATUS_INVALID_DEVICE_STATE ((NTSTATUS)0xC0000184L)
#define STATUS_TIMEOUT ((NTSTATUS)0x00000102L)
#define STATUS_NO_SUCH_DEVICE_OR_FAIL ((NTSTATUS)0xC000000EL)

#define PASSIVE_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define IO_NO_INCREMENT 0
#define IO_DISK_INCREMENT 1
#define IO_NETWORK_INCREMENT 2

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_POWER 0x16
#define IRP_MJ_SYSTEM_CONTROL 0x17
#define IRP_MJ_PNP 0x1b
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

#define IRP_MN_START_DEVICE 0x00
#define IRP_MN_QUERY_REMOVE_DEVICE 0x01
#define IRP_MN_REMOVE_DEVICE 0x02
#define IRP_MN_CANCEL_REMOVE_DEVICE 0x03
#define IRP_MN_STOP_DEVICE 0x04
#define IRP_MN_QUERY_STOP_DEVICE 0x05
#define IRP_MN_CANCEL_STOP_DEVICE 0x06
#define IRP_MN_QUERY_CAPABILITIES 0x09
#define IRP_MN_SURPRISE_REMOVAL 0x17
#define IRP_MN_SET_POWER 0x02
#define IRP_MN_QUERY_POWER 0x03
#define IRP_MN_WAIT_WAKE 0x00

#define SL_INVOKE_ON_SUCCESS 0x40
#define SL_INVOKE_ON_ERROR 0x80
#define SL_INVOKE_ON_CANCEL 0x20
#define SL_PENDING_RETURNED 0x01

#define DO_BUFFERED_IO 0x00000004
#define DO_DIRECT_IO 0x00000010
#define DO_DEVICE_INITIALIZING 0x00000080
#define DO_POWER_PAGABLE 0x00002000
#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_SECURE_OPEN 0x00000100

#define METHOD_BUFFERED 0
#define FILE_ANY_ACCESS 0
#define CTL_CODE(t, f, m, a) (((t) << 16) | ((a) << 14) | ((f) << 2) | (m))

typedef enum _POOL_TYPE { NonPagedPool, PagedPool, NonPagedPoolNx = 512 } POOL_TYPE;
typedef enum _KWAIT_REASON { Executive = 0 } KWAIT_REASON;
typedef enum _MODE { KernelMode, UserMode } KPROCESSOR_MODE;
typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _SYSTEM_POWER_STATE { PowerSystemUnspecified, PowerSystemWorking, PowerSystemSleeping1,
  PowerSystemHibernate = 5, PowerSystemShutdown = 6 } SYSTEM_POWER_STATE;
typedef enum _DEVICE_POWER_STATE { PowerDeviceUnspecified, PowerDeviceD0, PowerDeviceD1, PowerDeviceD2,
  PowerDeviceD3 } DEVICE_POWER_STATE;
typedef enum _POWER_STATE_TYPE { SystemPowerState, DevicePowerState } POWER_STATE_TYPE;
typedef union _POWER_STATE { SYSTEM_POWER_STATE SystemState; DEVICE_POWER_STATE DeviceState; } POWER_STATE;
typedef enum _WORK_QUEUE_TYPE { CriticalWorkQueue, DelayedWorkQueue } WORK_QUEUE_TYPE;
typedef enum _LOCK_OPERATION { IoReadAccess, IoWriteAccess, IoModifyAccess } LOCK_OPERATION;
typedef enum _MEMORY_CACHING_TYPE { MmNonCached, MmCached } MEMORY_CACHING_TYPE;

typedef struct _DISPATCHER_HEADER { LONG Lock; LONG SignalState; LIST_ENTRY WaitListHead; } DISPATCHER_HEADER;
typedef struct _KEVENT { DISPATCHER_HEADER Header; } KEVENT, *PKEVENT;
typedef struct _KSEMAPHORE { DISPATCHER_HEADER Header; LONG Limit; } KSEMAPHORE, *PKSEMAPHORE;
typedef struct _KTIMER { DISPATCHER_HEADER Header; ULONGLONG DueTime; LIST_ENTRY TimerListEntry; PVOID Dpc; ULONG Period; } KTIMER, *PKTIMER;
typedef struct _KDPC { UCHAR Type; UCHAR Importance; USHORT Number; LIST_ENTRY DpcListEntry; PVOID DeferredRoutine; PVOID DeferredContext; PVOID SystemArgument1; PVOID SystemArgument2; PVOID DpcData; } KDPC, *PKDPC;
typedef struct _FAST_MUTEX { LONG Count; PVOID Owner; ULONG Contention; KEVENT Event; ULONG OldIrql; } FAST_MUTEX, *PFAST_MUTEX;
typedef struct _ERESOURCE { LIST_ENTRY SystemResourcesList; PVOID OwnerTable; SHORT ActiveCount; USHORT Flag; PVOID SharedWaiters; PVOID ExclusiveWaiters; } ERESOURCE, *PERESOURCE;
typedef struct _KLOCK_QUEUE_HANDLE { PVOID LockQueue[2]; KIRQL OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
typedef struct _IO_REMOVE_LOCK { BOOLEAN Removed; LONG IoCount; KEVENT RemoveEvent; } IO_REMOVE_LOCK, *PIO_REMOVE_LOCK;
typedef struct _MDL { struct _MDL *Next; SHORT Size; SHORT MdlFlags; PVOID Process; PVOID MappedSystemVa; PVOID StartVa; ULONG ByteCount; ULONG ByteOffset; } MDL, *PMDL;
typedef struct _IO_STATUS_BLOCK { union { NTSTATUS Status; PVOID Pointer; }; ULONG_PTR Information; } IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;
typedef struct _KINTERRUPT *PKINTERRUPT;
typedef struct _IO_WORKITEM *PIO_WORKITEM;
typedef struct _FILE_OBJECT { SHORT Type; SHORT Size; struct _DEVICE_OBJECT *DeviceObject; PVOID FsContext; PVOID FsContext2; ULONG Flags; } FILE_OBJECT, *PFILE_OBJECT;
typedef struct _ETHREAD *PETHREAD;
typedef struct _EPROCESS *PEPROCESS;

struct _IRP;
struct _DEVICE_OBJECT;
typedef NTSTATUS (*PIO_COMPLETION_ROUTINE)(struct _DEVICE_OBJECT *, struct _IRP *, PVOID);
typedef VOID (*PDRIVER_CANCEL)(struct _DEVICE_OBJECT *, struct _IRP *);
typedef NTSTATUS (*PDRIVER_DISPATCH)(struct _DEVICE_OBJECT *, struct _IRP *);
typedef VOID (*PKDEFERRED_ROUTINE)(PKDPC, PVOID, PVOID, PVOID);
typedef VOID (*PIO_WORKITEM_ROUTINE)(struct _DEVICE_OBJECT *, PVOID);
typedef VOID (*PKSTART_ROUTINE)(PVOID);

typedef struct _DEVICE_CAPABILITIES {
  USHORT Size; USHORT Version;
  ULONG DeviceD1 : 1; ULONG DeviceD2 : 1; ULONG LockSupported : 1; ULONG EjectSupported : 1;
  ULONG Removable : 1; ULONG DockDevice : 1; ULONG UniqueID : 1; ULONG SilentInstall : 1;
  ULONG RawDeviceOK : 1; ULONG SurpriseRemovalOK : 1; ULONG WakeFromD0 : 1; ULONG Reserved : 21;
  ULONG Address; ULONG UINumber;
  DEVICE_POWER_STATE DeviceState[7];
  SYSTEM_POWER_STATE SystemWake; DEVICE_POWER_STATE DeviceWake;
  ULONG D1Latency; ULONG D2Latency; ULONG D3Latency;
} DEVICE_CAPABILITIES, *PDEVICE_CAPABILITIES;

typedef struct _IO_STACK_LOCATION {
  UCHAR MajorFunction;
  UCHAR MinorFunction;
  UCHAR Flags;
  UCHAR Control;
  union {
    struct { PVOID SecurityContext; ULONG Options; USHORT FileAttributes; USHORT ShareAccess; ULONG EaLength; } Create;
    struct { ULONG Length; ULONG Key; LARGE_INTEGER ByteOffset; } Read;
    struct { ULONG Length; ULONG Key; LARGE_INTEGER ByteOffset; } Write;
    struct { ULONG OutputBufferLength; ULONG InputBufferLength; ULONG IoControlCode; PVOID Type3InputBuffer; } DeviceIoControl;
    struct { PDEVICE_CAPABILITIES Capabilities; } DeviceCapabilities;
    struct { ULONG SystemContext; POWER_STATE_TYPE Type; POWER_STATE State; ULONG ShutdownType; } Power;
    struct { PVOID AllocatedResources; PVOID AllocatedResourcesTranslated; } StartDevice;
    struct { PVOID Argument1; PVOID Argument2; PVOID Argument3; PVOID Argument4; } Others;
  } Parameters;
  struct _DEVICE_OBJECT *DeviceObject;
  PFILE_OBJECT FileObject;
  PIO_COMPLETION_ROUTINE CompletionRoutine;
  PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

typedef struct _IRP {
  SHORT Type;
  USHORT Size;
  PMDL MdlAddress;
  ULONG Flags;
  union { struct _IRP *MasterIrp; LONG IrpCount; PVOID SystemBuffer; } AssociatedIrp;
  LIST_ENTRY ThreadListEntry;
  IO_STATUS_BLOCK IoStatus;
  KPROCESSOR_MODE RequestorMode;
  BOOLEAN PendingReturned;
  CHAR StackCount;
  CHAR CurrentLocation;
  BOOLEAN Cancel;
  KIRQL CancelIrql;
  PDRIVER_CANCEL CancelRoutine;
  PVOID UserBuffer;
  union {
    struct {
      PVOID DriverContext[4];
      PETHREAD Thread;
      LIST_ENTRY ListEntry;
      PIO_STACK_LOCATION CurrentStackLocation;
      PFILE_OBJECT OriginalFileObject;
    } Overlay;
  } Tail;
} IRP, *PIRP;

typedef struct _DRIVER_OBJECT {
  SHORT Type;
  SHORT Size;
  struct _DEVICE_OBJECT *DeviceObject;
  ULONG Flags;
  PVOID DriverStart;
  ULONG DriverSize;
  PVOID DriverSection;
  struct { PVOID AddDevice; } *DriverExtension;
  UNICODE_STRING DriverName;
  PVOID DriverInit;
  PVOID DriverStartIo;
  VOID (*DriverUnload)(struct _DRIVER_OBJECT *);
  PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

typedef struct _DEVICE_OBJECT {
  SHORT Type;
  USHORT Size;
  LONG ReferenceCount;
  PDRIVER_OBJECT DriverObject;
  struct _DEVICE_OBJECT *NextDevice;
  struct _DEVICE_OBJECT *AttachedDevice;
  PIRP CurrentIrp;
  ULONG Flags;
  ULONG Characteristics;
  PVOID DeviceExtension;
  DEVICE_TYPE DeviceType;
  CCHAR StackSize;
  ULONG AlignmentRequirement;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

/* ---- routines that are real calls into the kernel ------------------------------------------- */
extern VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost);
#define IoCompleteRequest(a, b) IofCompleteRequest(a, b)
extern NTSTATUS IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
#define IoCallDriver(a, b) IofCallDriver(a, b)
extern NTSTATUS PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
extern VOID PoStartNextPowerIrp(PIRP Irp);
extern POWER_STATE PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type, POWER_STATE State);
extern NTSTATUS PoRequestPowerIrp(PDEVICE_OBJECT, UCHAR, POWER_STATE, PVOID, PVOID, PIRP *);
extern NTSTATUS IoCreateDevice(PDRIVER_OBJECT, ULONG, PUNICODE_STRING, DEVICE_TYPE, ULONG, BOOLEAN, PDEVICE_OBJECT *);
extern VOID IoDeleteDevice(PDEVICE_OBJECT);
extern PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT, PDEVICE_OBJECT);
extern VOID IoDetachDevice(PDEVICE_OBJECT);
extern NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING, PUNICODE_STRING);
extern NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING);
extern NTSTATUS IoRegisterDeviceInterface(PDEVICE_OBJECT, const void *, PUNICODE_STRING, PUNICODE_STRING);
extern NTSTATUS IoSetDeviceInterfaceState(PUNICODE_STRING, BOOLEAN);
extern PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT);
extern VOID IoFreeWorkItem(PIO_WORKITEM);
extern VOID IoQueueWorkItem(PIO_WORKITEM, PIO_WORKITEM_ROUTINE, WORK_QUEUE_TYPE, PVOID);
extern NTSTATUS IoAcquireRemoveLockEx(PIO_REMOVE_LOCK, PVOID, PCHAR, ULONG, ULONG);
extern VOID IoReleaseRemoveLockEx(PIO_REMOVE_LOCK, PVOID, ULONG);
extern VOID IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK, PVOID, ULONG);
extern VOID IoInitializeRemoveLockEx(PIO_REMOVE_LOCK, ULONG, ULONG, ULONG, ULONG);
#define IoAcquireRemoveLock(l, t) IoAcquireRemoveLockEx(l, t, "", 1, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLock(l, t) IoReleaseRemoveLockEx(l, t, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLockAndWait(l, t) IoReleaseRemoveLockAndWaitEx(l, t, sizeof(IO_REMOVE_LOCK))
#define IoInitializeRemoveLock(l, t, m, h) IoInitializeRemoveLockEx(l, t, m, h, sizeof(IO_REMOVE_LOCK))
extern VOID IoAcquireCancelSpinLock(PKIRQL);
extern VOID IoReleaseCancelSpinLock(KIRQL);
extern PMDL IoAllocateMdl(PVOID, ULONG, BOOLEAN, BOOLEAN, PIRP);
extern VOID IoFreeMdl(PMDL);
extern PIRP IoBuildDeviceIoControlRequest(ULONG, PDEVICE_OBJECT, PVOID, ULONG, PVOID, ULONG, BOOLEAN, PKEVENT, PIO_STATUS_BLOCK);
extern PIRP IoAllocateIrp(CCHAR, BOOLEAN);
extern VOID IoFreeIrp(PIRP);
extern VOID IoReuseIrp(PIRP, NTSTATUS);
extern BOOLEAN IoCancelIrp(PIRP);
extern NTSTATUS IoWMIRegistrationControl(PDEVICE_OBJECT, ULONG);
extern VOID IoStartNextPacket(PDEVICE_OBJECT, BOOLEAN);
extern VOID IoStartPacket(PDEVICE_OBJECT, PIRP, PULONG, PDRIVER_CANCEL);
extern NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT, ULONG, ULONG, PVOID, PULONG);
extern NTSTATUS IoOpenDeviceRegistryKey(PDEVICE_OBJECT, ULONG, ACCESS_MASK, PVOID *);

extern PVOID ExAllocatePoolWithTag(POOL_TYPE, SIZE_T, ULONG);
extern PVOID ExAllocatePool2(ULONGLONG, SIZE_T, ULONG);
extern VOID ExFreePoolWithTag(PVOID, ULONG);
extern VOID ExFreePool(PVOID);
extern VOID ExInitializeFastMutex(PFAST_MUTEX);
extern VOID ExAcquireFastMutex(PFAST_MUTEX);
extern VOID ExReleaseFastMutex(PFAST_MUTEX);
extern NTSTATUS ExInitializeResourceLite(PERESOURCE);
extern BOOLEAN ExAcquireResourceExclusiveLite(PERESOURCE, BOOLEAN);
extern BOOLEAN ExAcquireResourceSharedLite(PERESOURCE, BOOLEAN);
extern VOID ExReleaseResourceLite(PERESOURCE);
extern NTSTATUS ExDeleteResourceLite(PERESOURCE);
extern PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY, PLIST_ENTRY, PKSPIN_LOCK);
extern PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY, PKSPIN_LOCK);
extern VOID KeEnterCriticalRegion(VOID);
extern VOID KeLeaveCriticalRegion(VOID);

extern KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK);
extern VOID KeReleaseSpinLock(PKSPIN_LOCK, KIRQL);
#define KeAcquireSpinLock(l, o) (*(o) = KeAcquireSpinLockRaiseToDpc(l))
extern VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK);
extern VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK);
extern VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
extern VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE);
extern VOID KeInitializeEvent(PKEVENT, EVENT_TYPE, BOOLEAN);
extern LONG KeSetEvent(PKEVENT, LONG, BOOLEAN);
extern VOID KeClearEvent(PKEVENT);
extern LONG KeResetEvent(PKEVENT);
extern NTSTATUS KeWaitForSingleObject(PVOID, KWAIT_REASON, KPROCESSOR_MODE, BOOLEAN, PLARGE_INTEGER);
extern VOID KeInitializeTimer(PKTIMER);
extern VOID KeInitializeTimerEx(PKTIMER, ULONG);
extern BOOLEAN KeSetTimer(PKTIMER, LARGE_INTEGER, PKDPC);
extern BOOLEAN KeSetTimerEx(PKTIMER, LARGE_INTEGER, LONG, PKDPC);
extern BOOLEAN KeCancelTimer(PKTIMER);
extern VOID KeInitializeDpc(PKDPC, PKDEFERRED_ROUTINE, PVOID);
extern BOOLEAN KeInsertQueueDpc(PKDPC, PVOID, PVOID);
extern BOOLEAN KeRemoveQueueDpc(PKDPC);
extern VOID KeInitializeSemaphore(PKSEMAPHORE, LONG, LONG);
extern LONG KeReleaseSemaphore(PKSEMAPHORE, LONG, LONG, BOOLEAN);
extern NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE, BOOLEAN, PLARGE_INTEGER);
extern VOID KeQuerySystemTimePrecise(PLARGE_INTEGER);
extern ULONGLONG KeQueryInterruptTime(VOID);
extern BOOLEAN KeSynchronizeExecution(PKINTERRUPT, BOOLEAN (*)(PVOID), PVOID);
extern KIRQL KeRaiseIrqlToDpcLevel(VOID);
extern VOID KeLowerIrql(KIRQL);
extern VOID KeStallExecutionProcessor(ULONG);
extern VOID KeFlushQueuedDpcs(VOID);

extern VOID RtlInitUnicodeString(PUNICODE_STRING, PCWSTR);
extern NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING, PCUNICODE_STRING);
extern LONG RtlCompareUnicodeString(PCUNICODE_STRING, PCUNICODE_STRING, BOOLEAN);
extern BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING, PCUNICODE_STRING, BOOLEAN);
extern NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING, PCUNICODE_STRING);
extern NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING, PCWSTR);
extern NTSTATUS RtlQueryRegistryValues(ULONG, PCWSTR, PVOID, PVOID, PVOID);
extern NTSTATUS RtlWriteRegistryValue(ULONG, PCWSTR, PCWSTR, ULONG, PVOID, ULONG);
extern NTSTATUS RtlStringCchPrintfW(PWCHAR, SIZE_T, PCWSTR, ...);
extern VOID RtlFreeUnicodeString(PUNICODE_STRING);
extern SIZE_T RtlCompareMemory(const void *, const void *, SIZE_T);

extern NTSTATUS ZwClose(PVOID);
extern NTSTATUS ZwQueryValueKey(PVOID, PUNICODE_STRING, ULONG, PVOID, ULONG, PULONG);
extern NTSTATUS ZwSetValueKey(PVOID, PUNICODE_STRING, ULONG, ULONG, PVOID, ULONG);
extern NTSTATUS ZwOpenKey(PVOID *, ACCESS_MASK, PVOID);
extern NTSTATUS PsCreateSystemThread(PVOID *, ULONG, PVOID, PVOID, PVOID, PKSTART_ROUTINE, PVOID);
extern NTSTATUS PsTerminateSystemThread(NTSTATUS);
extern NTSTATUS ObReferenceObjectByHandle(PVOID, ACCESS_MASK, PVOID, KPROCESSOR_MODE, PVOID *, PVOID);
extern LONG_PTR ObfReferenceObject(PVOID);
extern LONG_PTR ObfDereferenceObject(PVOID);
#define ObReferenceObject(o) ObfReferenceObject(o)
#define ObDereferenceObject(o) ObfDereferenceObject(o)

extern PVOID MmGetSystemAddressForMdlSafe_(PMDL, ULONG);
extern PVOID MmMapLockedPagesSpecifyCache(PMDL, KPROCESSOR_MODE, MEMORY_CACHING_TYPE, PVOID, ULONG, ULONG);
extern VOID MmProbeAndLockPages(PMDL, KPROCESSOR_MODE, LOCK_OPERATION);
extern VOID MmUnlockPages(PMDL);
extern VOID MmBuildMdlForNonPagedPool(PMDL);
extern PVOID MmMapIoSpace(PHYSICAL_ADDRESS, SIZE_T, MEMORY_CACHING_TYPE);
extern VOID MmUnmapIoSpace(PVOID, SIZE_T);
extern PVOID MmLockPagableDataSection(PVOID);
extern VOID MmUnlockPagableImageSection(PVOID);
extern VOID MmPageEntireDriver(PVOID);
extern VOID MmResetDriverPaging(PVOID);

extern ULONG DbgPrintEx(ULONG, ULONG, const char *, ...);
extern ULONG DbgPrint(const char *, ...);

/* ---- FORCEINLINE helpers and intrinsics of wdm.h: no call in the generated code -------------- */
#define RtlZeroMemory(d, n) __builtin_memset((d), 0, (n))
#define RtlCopyMemory(d, s, n) __builtin_memcpy((d), (s), (n))
#define RtlMoveMemory(d, s, n) __builtin_memmove((d), (s), (n))
#define RtlFillMemory(d, n, f) __builtin_memset((d), (f), (n))
#define RtlEqualMemory(a, b, n) (!__builtin_memcmp((a), (b), (n)))
#define InterlockedIncrement(p) __sync_add_and_fetch((p), 1)
#define InterlockedDecrement(p) __sync_sub_and_fetch((p), 1)
#define InterlockedExchangeAdd(p, v) __sync_fetch_and_add((p), (v))
#define InterlockedOr(p, v) __sync_fetch_and_or((p), (v))
#define InterlockedAnd(p, v) __sync_fetch_and_and((p), (v))
#define InterlockedExchange(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchangePointer(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedCompareExchange(p, x, c) __sync_val_compare_and_swap((p), (c), (x))
#define IoSetCancelRoutine(irp, r) ((PDRIVER_CANCEL)InterlockedExchangePointer(&(irp)->CancelRoutine, (r)))
#define KeInitializeSpinLock(l) (*(l) = 0)
#define MmGetSystemAddressForMdlSafe(m, p) MmGetSystemAddressForMdlSafe_((m), (p))
#define MmGetMdlByteCount(m) ((m)->ByteCount)

FORCEINLINE KIRQL KeGetCurrentIrql(VOID) {
  ULONG64 irql;
  __asm__ __volatile__("mov %%cr8, %0" : "=r"(irql));
  return (KIRQL)irql;
}
FORCEINLINE ULONG READ_REGISTER_ULONG(volatile ULONG *r) { return *r; }
FORCEINLINE VOID WRITE_REGISTER_ULONG(volatile ULONG *r, ULONG v) { *r = v; }
FORCEINLINE UCHAR READ_REGISTER_UCHAR(volatile UCHAR *r) { return *r; }
FORCEINLINE VOID WRITE_REGISTER_UCHAR(volatile UCHAR *r, UCHAR v) { *r = v; }
FORCEINLINE USHORT READ_REGISTER_USHORT(volatile USHORT *r) { return *r; }
FORCEINLINE UCHAR READ_PORT_UCHAR(PUCHAR port) {
  UCHAR v;
  __asm__ __volatile__("inb %w1, %b0" : "=a"(v) : "Nd"((USHORT)(ULONG_PTR)port));
  return v;
}
FORCEINLINE VOID WRITE_PORT_UCHAR(PUCHAR port, UCHAR v) {
  __asm__ __volatile__("outb %b0, %w1" : : "a"(v), "Nd"((USHORT)(ULONG_PTR)port));
}
FORCEINLINE PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP Irp) {
  return Irp->Tail.Overlay.CurrentStackLocation;
}
FORCEINLINE PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP Irp) {
  return Irp->Tail.Overlay.CurrentStackLocation - 1;
}
FORCEINLINE VOID IoSkipCurrentIrpStackLocation(PIRP Irp) {
  Irp->CurrentLocation++;
  Irp->Tail.Overlay.CurrentStackLocation++;
}
FORCEINLINE VOID IoCopyCurrentIrpStackLocationToNext(PIRP Irp) {
  PIO_STACK_LOCATION cur = IoGetCurrentIrpStackLocation(Irp);
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
  __builtin_memcpy(next, cur, FIELD_OFFSET(IO_STACK_LOCATION, CompletionRoutine));
  next->Control = 0;
}
FORCEINLINE VOID IoMarkIrpPending(PIRP Irp) { IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED; }
FORCEINLINE VOID IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE r, PVOID ctx, BOOLEAN ok, BOOLEAN err,
                                        BOOLEAN cancel) {
  PIO_STACK_LOCATION s = IoGetNextIrpStackLocation(Irp);
  s->CompletionRoutine = r;
  s->Context = ctx;
  s->Control = 0;
  if (ok) s->Control = SL_INVOKE_ON_SUCCESS;
  if (err) s->Control |= SL_INVOKE_ON_ERROR;
  if (cancel) s->Control |= SL_INVOKE_ON_CANCEL;
}
FORCEINLINE VOID InitializeListHead(PLIST_ENTRY h) { h->Flink = h->Blink = h; }
FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *h) { return (BOOLEAN)(h->Flink == h); }
FORCEINLINE VOID InsertTailList(PLIST_ENTRY h, PLIST_ENTRY e) {
  PLIST_ENTRY b = h->Blink;
  if (b->Flink != h) __builtin_trap(); /* FatalListEntryError: fail fast as the WDK does */
  e->Flink = h;
  e->Blink = b;
  b->Flink = e;
  h->Blink = e;
}
FORCEINLINE VOID InsertHeadList(PLIST_ENTRY h, PLIST_ENTRY e) {
  PLIST_ENTRY f = h->Flink;
  if (f->Blink != h) __builtin_trap();
  e->Flink = f;
  e->Blink = h;
  f->Blink = e;
  h->Flink = e;
}
FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY e) {
  PLIST_ENTRY f = e->Flink, b = e->Blink;
  if (f->Blink != e || b->Flink != e) __builtin_trap();
  b->Flink = f;
  f->Blink = b;
  return (BOOLEAN)(f == b);
}
FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY h) {
  PLIST_ENTRY e = h->Flink, f = e->Flink;
  if (e->Blink != h || f->Blink != e) __builtin_trap();
  h->Flink = f;
  f->Blink = h;
  return e;
}
FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY h) {
  PLIST_ENTRY e = h->Blink, b = e->Blink;
  if (e->Flink != h || b->Flink != e) __builtin_trap();
  h->Blink = b;
  b->Flink = h;
  return e;
}

/* ---- a KMDF slice: WDF calls are calls through the function table in real KMDF; externs here -- */
typedef struct WDFDEVICE__ *WDFDEVICE;
typedef struct WDFQUEUE__ *WDFQUEUE;
typedef struct WDFREQUEST__ *WDFREQUEST;
typedef struct WDFMEMORY__ *WDFMEMORY;
typedef struct WDFTIMER__ *WDFTIMER;
typedef struct WDFSPINLOCK__ *WDFSPINLOCK;
typedef struct WDFWAITLOCK__ *WDFWAITLOCK;
typedef struct WDFINTERRUPT__ *WDFINTERRUPT;
typedef struct WDFDRIVER__ *WDFDRIVER;
typedef struct WDFCMRESLIST__ *WDFCMRESLIST;
typedef struct WDFDEVICE_INIT *PWDFDEVICE_INIT;
typedef PVOID WDFOBJECT;
typedef enum _WDF_POWER_DEVICE_STATE { WdfPowerDeviceInvalid, WdfPowerDeviceD0, WdfPowerDeviceD1, WdfPowerDeviceD2,
  WdfPowerDeviceD3, WdfPowerDeviceD3Final } WDF_POWER_DEVICE_STATE;
typedef enum _WDF_IO_QUEUE_DISPATCH_TYPE { WdfIoQueueDispatchInvalid, WdfIoQueueDispatchSequential,
  WdfIoQueueDispatchParallel, WdfIoQueueDispatchManual } WDF_IO_QUEUE_DISPATCH_TYPE;
typedef enum _WDF_EXECUTION_LEVEL { WdfExecutionLevelInvalid, WdfExecutionLevelInheritFromParent,
  WdfExecutionLevelPassive, WdfExecutionLevelDispatch } WDF_EXECUTION_LEVEL;
typedef enum _WDF_SYNCHRONIZATION_SCOPE { WdfSynchronizationScopeInvalid, WdfSynchronizationScopeInheritFromParent,
  WdfSynchronizationScopeDevice, WdfSynchronizationScopeQueue, WdfSynchronizationScopeNone } WDF_SYNCHRONIZATION_SCOPE;

typedef struct _WDF_OBJECT_ATTRIBUTES {
  ULONG Size;
  PVOID EvtCleanupCallback;
  PVOID EvtDestroyCallback;
  WDF_EXECUTION_LEVEL ExecutionLevel;
  WDF_SYNCHRONIZATION_SCOPE SynchronizationScope;
  WDFOBJECT ParentObject;
  SIZE_T ContextSizeOverride;
  const void *ContextTypeInfo;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;

typedef struct _WDF_PNPPOWER_EVENT_CALLBACKS {
  ULONG Size;
  PVOID EvtDeviceD0Entry;
  PVOID EvtDeviceD0EntryPostInterruptsEnabled;
  PVOID EvtDeviceD0Exit;
  PVOID EvtDeviceD0ExitPreInterruptsDisabled;
  PVOID EvtDevicePrepareHardware;
  PVOID EvtDeviceReleaseHardware;
  PVOID EvtDeviceSelfManagedIoCleanup;
  PVOID EvtDeviceSelfManagedIoFlush;
  PVOID EvtDeviceSelfManagedIoInit;
  PVOID EvtDeviceSelfManagedIoSuspend;
  PVOID EvtDeviceSelfManagedIoRestart;
  PVOID EvtDeviceSurpriseRemoval;
  PVOID EvtDeviceQueryRemove;
  PVOID EvtDeviceQueryStop;
  PVOID EvtDeviceUsageNotification;
  PVOID EvtDeviceRelationsQuery;
  PVOID EvtDeviceUsageNotificationEx;
} WDF_PNPPOWER_EVENT_CALLBACKS, *PWDF_PNPPOWER_EVENT_CALLBACKS;

typedef struct _WDF_IO_QUEUE_CONFIG {
  ULONG Size;
  WDF_IO_QUEUE_DISPATCH_TYPE DispatchType;
  int PowerManaged;
  BOOLEAN AllowZeroLengthRequests;
  BOOLEAN DefaultQueue;
  PVOID EvtIoDefault;
  PVOID EvtIoRead;
  PVOID EvtIoWrite;
  PVOID EvtIoDeviceControl;
  PVOID EvtIoInternalDeviceControl;
  PVOID EvtIoStop;
  PVOID EvtIoResume;
  PVOID EvtIoCanceledOnQueue;
  ULONG NumberOfPresentedRequests;
  WDFDRIVER Driver;
} WDF_IO_QUEUE_CONFIG, *PWDF_IO_QUEUE_CONFIG;

typedef struct _WDF_TIMER_CONFIG {
  ULONG Size;
  PVOID EvtTimerFunc;
  ULONG Period;
  BOOLEAN AutomaticSerialization;
  ULONG TolerableDelay;
  BOOLEAN UseHighResolutionTimer;
} WDF_TIMER_CONFIG, *PWDF_TIMER_CONFIG;

FORCEINLINE VOID WDF_OBJECT_ATTRIBUTES_INIT(PWDF_OBJECT_ATTRIBUTES a) {
  __builtin_memset(a, 0, sizeof(*a));
  a->Size = sizeof(*a);
  a->ExecutionLevel = WdfExecutionLevelInheritFromParent;
  a->SynchronizationScope = WdfSynchronizationScopeInheritFromParent;
}
FORCEINLINE VOID WDF_PNPPOWER_EVENT_CALLBACKS_INIT(PWDF_PNPPOWER_EVENT_CALLBACKS c) {
  __builtin_memset(c, 0, sizeof(*c));
  c->Size = sizeof(*c);
}
FORCEINLINE VOID WDF_IO_QUEUE_CONFIG_INIT(PWDF_IO_QUEUE_CONFIG c, WDF_IO_QUEUE_DISPATCH_TYPE t) {
  __builtin_memset(c, 0, sizeof(*c));
  c->Size = sizeof(*c);
  c->PowerManaged = 2;
  c->DispatchType = t;
  if (t == WdfIoQueueDispatchParallel) c->NumberOfPresentedRequests = (ULONG)-1;
}
FORCEINLINE VOID WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(PWDF_IO_QUEUE_CONFIG c, WDF_IO_QUEUE_DISPATCH_TYPE t) {
  WDF_IO_QUEUE_CONFIG_INIT(c, t);
  c->DefaultQueue = TRUE;
}
FORCEINLINE VOID WDF_TIMER_CONFIG_INIT_PERIODIC(PWDF_TIMER_CONFIG c, PVOID f, LONG period) {
  __builtin_memset(c, 0, sizeof(*c));
  c->Size = sizeof(*c);
  c->EvtTimerFunc = f;
  c->Period = (ULONG)period;
  c->AutomaticSerialization = TRUE;
}

extern NTSTATUS WdfDeviceCreate(PWDFDEVICE_INIT *, PWDF_OBJECT_ATTRIBUTES, WDFDEVICE *);
extern VOID WdfDeviceInitSetPnpPowerEventCallbacks(PWDFDEVICE_INIT, PWDF_PNPPOWER_EVENT_CALLBACKS);
extern VOID WdfDeviceInitSetIoType(PWDFDEVICE_INIT, ULONG);
extern VOID WdfDeviceInitSetPowerPageable(PWDFDEVICE_INIT);
extern VOID WdfDeviceInitSetPowerNotPageable(PWDFDEVICE_INIT);
extern NTSTATUS WdfDeviceCreateDeviceInterface(WDFDEVICE, const void *, PCUNICODE_STRING);
extern NTSTATUS WdfIoQueueCreate(WDFDEVICE, PWDF_IO_QUEUE_CONFIG, PWDF_OBJECT_ATTRIBUTES, WDFQUEUE *);
extern WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE);
extern VOID WdfIoQueueStart(WDFQUEUE);
extern VOID WdfIoQueueStopSynchronously(WDFQUEUE);
extern NTSTATUS WdfIoQueueRetrieveNextRequest(WDFQUEUE, WDFREQUEST *);
extern VOID WdfRequestComplete(WDFREQUEST, NTSTATUS);
extern VOID WdfRequestCompleteWithInformation(WDFREQUEST, NTSTATUS, ULONG_PTR);
extern VOID WdfRequestSetInformation(WDFREQUEST, ULONG_PTR);
extern NTSTATUS WdfRequestRetrieveInputBuffer(WDFREQUEST, SIZE_T, PVOID *, SIZE_T *);
extern NTSTATUS WdfRequestRetrieveOutputBuffer(WDFREQUEST, SIZE_T, PVOID *, SIZE_T *);
extern NTSTATUS WdfRequestForwardToIoQueue(WDFREQUEST, WDFQUEUE);
extern NTSTATUS WdfRequestMarkCancelableEx(WDFREQUEST, PVOID);
extern NTSTATUS WdfRequestUnmarkCancelable(WDFREQUEST);
extern NTSTATUS WdfSpinLockCreate(PWDF_OBJECT_ATTRIBUTES, WDFSPINLOCK *);
extern VOID WdfSpinLockAcquire(WDFSPINLOCK);
extern VOID WdfSpinLockRelease(WDFSPINLOCK);
extern NTSTATUS WdfWaitLockCreate(PWDF_OBJECT_ATTRIBUTES, WDFWAITLOCK *);
extern NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK, PLONGLONG);
extern VOID WdfWaitLockRelease(WDFWAITLOCK);
extern NTSTATUS WdfTimerCreate(PWDF_TIMER_CONFIG, PWDF_OBJECT_ATTRIBUTES, WDFTIMER *);
extern BOOLEAN WdfTimerStart(WDFTIMER, LONGLONG);
extern BOOLEAN WdfTimerStop(WDFTIMER, BOOLEAN);
extern WDFOBJECT WdfTimerGetParentObject(WDFTIMER);
extern NTSTATUS WdfMemoryCreate(PWDF_OBJECT_ATTRIBUTES, POOL_TYPE, ULONG, SIZE_T, WDFMEMORY *, PVOID *);
extern VOID WdfObjectDelete(WDFOBJECT);
extern PVOID WdfObjectGetTypedContextWorker(WDFOBJECT, const void *);
extern WDFINTERRUPT WdfDeviceGetInterrupt_(WDFDEVICE);
extern VOID WdfInterruptAcquireLock(WDFINTERRUPT);
extern VOID WdfInterruptReleaseLock(WDFINTERRUPT);
extern BOOLEAN WdfInterruptQueueDpcForIsr(WDFINTERRUPT);
extern WDFDEVICE WdfInterruptGetDevice(WDFINTERRUPT);
extern ULONG WdfCmResourceListGetCount(WDFCMRESLIST);
extern PVOID WdfCmResourceListGetDescriptor(WDFCMRESLIST, ULONG);
extern VOID WdfDeviceSetFailed(WDFDEVICE, ULONG);

#endif
