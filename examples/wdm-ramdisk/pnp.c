/*++

Module Name:

    pnp.c

Abstract:

    AddDevice, Plug and Play and power handling for the RamDisk example,
    and the once-a-second statistics timer.

Environment:

    Kernel mode only.

--*/

#include "ramdisk.h"

_IRQL_requires_(PASSIVE_LEVEL)
static
NTSTATUS
RdForwardIrpSynchronous(
    _In_ PRD_DEVICE_EXTENSION DevExt,
    _Inout_ PIRP Irp
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
NTSTATUS
RdStartDevice(
    _Inout_ PRD_DEVICE_EXTENSION DevExt
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
VOID
RdStopDevice(
    _Inout_ PRD_DEVICE_EXTENSION DevExt
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
VOID
RdReleaseDisk(
    _Inout_ PRD_DEVICE_EXTENSION DevExt
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RdAddDevice)
#pragma alloc_text(PAGE, RdDispatchPnp)
#pragma alloc_text(PAGE, RdDispatchPower)
#pragma alloc_text(PAGE, RdForwardIrpSynchronous)
#pragma alloc_text(PAGE, RdStartDevice, RdStopDevice, RdReleaseDisk)
#pragma alloc_text(PAGE, RdStatsTimerDpc)
#endif

_Use_decl_annotations_
NTSTATUS
RdAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS             status;
    PDEVICE_OBJECT       deviceObject = NULL;
    PRD_DEVICE_EXTENSION devExt;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(RD_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    devExt = (PRD_DEVICE_EXTENSION)deviceObject->DeviceExtension;
    RtlZeroMemory(devExt, sizeof(RD_DEVICE_EXTENSION));
    devExt->Self = deviceObject;
    devExt->State = RdStateNotStarted;
    devExt->DiskSize = RD_DEFAULT_DISK_SIZE;

    KeInitializeSpinLock(&devExt->RequestLock);
    InitializeListHead(&devExt->RequestList);

    KeInitializeTimer(&devExt->LatencyTimer);
    KeInitializeDpc(&devExt->LatencyDpc, RdLatencyDpc, devExt);

    KeInitializeTimer(&devExt->StatsTimer);
    KeInitializeDpc(&devExt->StatsDpc, RdStatsTimerDpc, devExt);

    KeInitializeEvent(&devExt->StopRequestedEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&devExt->QueueIdleEvent, NotificationEvent, TRUE);

    devExt->LowerDevice = IoAttachDeviceToDeviceStack(deviceObject, PhysicalDeviceObject);
    if (devExt->LowerDevice == NULL) {
        IoDeleteDevice(deviceObject);
        return STATUS_NO_SUCH_DEVICE;
    }

    //
    // DO_POWER_PAGABLE: we want power IRPs at PASSIVE_LEVEL, which is what
    // lets RdDispatchPower live in PAGE.
    //
    deviceObject->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RdPnpSyncCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    PVOID          Context
    )
/*++

Routine Description:

    Completion routine for IRPs forwarded by RdForwardIrpSynchronous. It can
    run at DISPATCH_LEVEL in an arbitrary thread, so it stays resident.

--*/
{
    PKEVENT event = (PKEVENT)Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent(event, IO_NO_INCREMENT, FALSE);
    }

    return STATUS_MORE_PROCESSING_REQUIRED;
}

_Use_decl_annotations_
static
NTSTATUS
RdForwardIrpSynchronous(
    PRD_DEVICE_EXTENSION DevExt,
    PIRP                 Irp
    )
{
    KEVENT   event;
    NTSTATUS status;

    PAGED_CODE();

    KeInitializeEvent(&event, NotificationEvent, FALSE);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, RdPnpSyncCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(DevExt->LowerDevice, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }

    return status;
}

_Use_decl_annotations_
static
NTSTATUS
RdStartDevice(
    PRD_DEVICE_EXTENSION DevExt
    )
{
    LARGE_INTEGER dueTime;

    PAGED_CODE();

    if (DevExt->DiskImage == NULL) {
        //
        // Nonpaged: RdLatencyDpc copies to and from the image at
        // DISPATCH_LEVEL.
        //
        DevExt->DiskImage = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                    DevExt->DiskSize,
                                                    RD_POOL_TAG);
        if (DevExt->DiskImage == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }

    KeClearEvent(&DevExt->StopRequestedEvent);
    DevExt->State = RdStateStarted;

    dueTime.QuadPart = RD_STATS_FIRST_DUE;
    KeSetTimerEx(&DevExt->StatsTimer, dueTime, RD_STATS_PERIOD_MS, &DevExt->StatsDpc);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
static
VOID
RdStopDevice(
    PRD_DEVICE_EXTENSION DevExt
    )
{
    PAGED_CODE();

    KeCancelTimer(&DevExt->StatsTimer);

    //
    // Refuse new transfers, then wait until the latency DPC has finished
    // the ones already queued.
    //
    // BUG: with Wait = TRUE, KeSetEvent returns at DISPATCH_LEVEL and counts
    // on the very next instruction being a KeWaitXxx call. We are in PAGE: if
    // the code between the two calls has been paged out, that page fault
    // happens at DISPATCH_LEVEL and bugchecks. The set-and-wait shortcut buys
    // us nothing here; pass FALSE (or move this routine out of PAGE).
    //
    KeSetEvent(&DevExt->StopRequestedEvent, IO_NO_INCREMENT, TRUE);
    KeWaitForSingleObject(&DevExt->QueueIdleEvent, Executive, KernelMode, FALSE, NULL);

    DevExt->State = RdStateStopped;
}

_Use_decl_annotations_
static
VOID
RdReleaseDisk(
    PRD_DEVICE_EXTENSION DevExt
    )
{
    PAGED_CODE();

    KeCancelTimer(&DevExt->StatsTimer);
    KeCancelTimer(&DevExt->LatencyTimer);

    //
    // A DPC may be running on another processor right now: wait for it
    // before freeing the memory it copies from.
    //
    KeFlushQueuedDpcs();

    if (DevExt->DiskImage != NULL) {
        ExFreePoolWithTag(DevExt->DiskImage, RD_POOL_TAG);
        DevExt->DiskImage = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
RdDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT       lowerDevice;
    NTSTATUS             status;

    PAGED_CODE();

    switch (irpSp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        status = RdForwardIrpSynchronous(devExt, Irp);
        if (NT_SUCCESS(status)) {
            status = RdStartDevice(devExt);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        if (devExt->State == RdStateStarted) {
            RdStopDevice(devExt);
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (devExt->State == RdStateStarted) {
            RdStopDevice(devExt);
        }
        RdReleaseDisk(devExt);
        devExt->State = RdStateRemoved;

        lowerDevice = devExt->LowerDevice;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lowerDevice, Irp);

        IoDetachDevice(lowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(devExt->LowerDevice, Irp);
}

_Use_decl_annotations_
NTSTATUS
RdDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
/*++

Routine Description:

    A RAM disk has no power states of its own: pass everything down.
    Pageable because RdAddDevice set DO_POWER_PAGABLE.

--*/
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PAGED_CODE();

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);

    return PoCallDriver(devExt->LowerDevice, Irp);
}

//
// BUG: RdStatsTimerDpc is the DPC of the periodic StatsTimer (KeSetTimerEx in
// RdStartDevice), so it always runs at DISPATCH_LEVEL. It was added to the
// PAGE alloc_text list above because it "only prints statistics" -- but a DPC
// in a pageable section page-faults at DISPATCH_LEVEL the first time its page
// has been trimmed. DPCs must be resident: remove RdStatsTimerDpc from the
// alloc_text list (and the PAGED_CODE() that was copied in with it).
//
_Use_decl_annotations_
VOID
RdStatsTimerDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeferredContext;
    ULONG                reads;
    ULONG                writes;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    PAGED_CODE();

    //
    // Read without RequestLock: a stale count is fine for a once-a-second
    // trace line.
    //
    reads = devExt->Stats.ReadCount;
    writes = devExt->Stats.WriteCount;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL,
               "RamDisk: %lu reads/s, %lu writes/s, peak queue depth %lu\n",
               reads - devExt->LastReadCount,
               writes - devExt->LastWriteCount,
               devExt->Stats.PeakQueueDepth));

    devExt->LastReadCount = reads;
    devExt->LastWriteCount = writes;
}
