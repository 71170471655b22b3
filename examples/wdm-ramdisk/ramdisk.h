/*++

Module Name:

    ramdisk.h

Abstract:

    Shared definitions for the RamDisk example: a WDM function driver that
    exposes a block of nonpaged memory as a disk. Every transfer is queued
    and finished about a millisecond later by a timer DPC, so the driver
    behaves like real hardware with latency (and has the same paging
    constraints as a real disk driver).

    This is a pagewise example. It contains deliberate paging bugs, each
    marked with a "BUG" comment; see examples/README.md.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ntddk.h>
#include <ntdddisk.h>

#define RD_POOL_TAG                 'kdmR'
#define RD_DEFAULT_DISK_SIZE        (8 * 1024 * 1024)
#define RD_SECTOR_SIZE              512
#define RD_TRACKS_PER_CYLINDER      2
#define RD_SECTORS_PER_TRACK        32

//
// Relative due times are negative, in 100 ns units.
//
#define RD_TRANSFER_LATENCY         (-10 * 1000)            // 1 ms
#define RD_STATS_FIRST_DUE          (-10 * 1000 * 1000)     // 1 s
#define RD_STATS_PERIOD_MS          1000

typedef enum _RD_DEVICE_STATE {
    RdStateNotStarted = 0,
    RdStateStarted,
    RdStateStopped,
    RdStateRemoved
} RD_DEVICE_STATE;

typedef struct _RD_STATISTICS {
    ULONGLONG BytesRead;
    ULONGLONG BytesWritten;
    ULONG     ReadCount;
    ULONG     WriteCount;
    ULONG     PeakQueueDepth;
} RD_STATISTICS, *PRD_STATISTICS;

typedef struct _RD_DEVICE_EXTENSION {

    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;
    RD_DEVICE_STATE State;

    //
    // The disk itself. Nonpaged: RdLatencyDpc copies to and from it at
    // DISPATCH_LEVEL.
    //
    PUCHAR          DiskImage;
    ULONG           DiskSize;

    //
    // RequestLock protects RequestList, QueueDepth, Stats and the contents
    // of DiskImage.
    //
    KSPIN_LOCK      RequestLock;
    LIST_ENTRY      RequestList;
    ULONG           QueueDepth;
    RD_STATISTICS   Stats;

    KTIMER          LatencyTimer;
    KDPC            LatencyDpc;

    KTIMER          StatsTimer;
    KDPC            StatsDpc;
    ULONG           LastReadCount;
    ULONG           LastWriteCount;

    //
    // StopRequestedEvent: set while the device is stopping; the read/write
    // path refuses new transfers once it is signaled.
    // QueueIdleEvent: signaled whenever RequestList is empty.
    //
    KEVENT          StopRequestedEvent;
    KEVENT          QueueIdleEvent;

} RD_DEVICE_EXTENSION, *PRD_DEVICE_EXTENSION;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RdUnload;

//
// pnp.c
//
DRIVER_ADD_DEVICE RdAddDevice;

__drv_dispatchType(IRP_MJ_PNP)
DRIVER_DISPATCH RdDispatchPnp;

__drv_dispatchType(IRP_MJ_POWER)
DRIVER_DISPATCH RdDispatchPower;

IO_COMPLETION_ROUTINE RdPnpSyncCompletion;

KDEFERRED_ROUTINE RdStatsTimerDpc;

//
// dispatch.c
//
__drv_dispatchType(IRP_MJ_CREATE)
__drv_dispatchType(IRP_MJ_CLOSE)
DRIVER_DISPATCH RdDispatchCreateClose;

__drv_dispatchType(IRP_MJ_READ)
__drv_dispatchType(IRP_MJ_WRITE)
DRIVER_DISPATCH RdDispatchReadWrite;

__drv_dispatchType(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH RdDispatchDeviceControl;

__drv_dispatchType(IRP_MJ_CLEANUP)
DRIVER_DISPATCH RdDispatchCleanup;

__drv_dispatchType(IRP_MJ_FLUSH_BUFFERS)
DRIVER_DISPATCH RdDispatchFlushBuffers;

KDEFERRED_ROUTINE RdLatencyDpc;

// driver.c
DRIVER_DISPATCH RdDispatchShutdown;
VOID RdpLogConfiguration(_In_ PUNICODE_STRING RegistryPath);
