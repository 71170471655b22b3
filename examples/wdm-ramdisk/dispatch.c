/*++

Module Name:

    dispatch.c

Abstract:

    I/O dispatch routines of the RamDisk example, and the timer DPC that
    finishes queued transfers.

    What runs where:

    - create/close, cleanup, flush and device control arrive at
      PASSIVE_LEVEL and are pageable;
    - read/write queue the IRP under RequestLock and stay resident (a disk
      driver's read/write path can be called at APC_LEVEL by the memory
      manager, and it takes a spin lock anyway);
    - RdLatencyDpc runs at DISPATCH_LEVEL and must be resident, together
      with everything it calls.

Environment:

    Kernel mode only.

--*/

#include "ramdisk.h"

_Requires_lock_held_(DevExt->RequestLock)
static
VOID
RdpTransfer(
    _Inout_ PRD_DEVICE_EXTENSION DevExt,
    _Inout_ PIRP Irp
    );

static
VOID
RdpAccountTransfer(
    _Inout_ PRD_DEVICE_EXTENSION DevExt,
    _In_ BOOLEAN IsWrite,
    _In_ ULONG Length
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RdDispatchCreateClose)
#pragma alloc_text(PAGE, RdDispatchDeviceControl)
#pragma alloc_text(PAGE, RdDispatchCleanup)
#pragma alloc_text(PAGE, RdDispatchFlushBuffers)
#pragma alloc_text(PAGE, RdpAccountTransfer)
#endif

_Use_decl_annotations_
NTSTATUS
RdDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RdDispatchReadWrite(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   irpSp = IoGetCurrentIrpStackLocation(Irp);
    LARGE_INTEGER        dueTime;
    KIRQL                oldIrql;
    ULONGLONG            offset;
    ULONG                length;
    NTSTATUS             status = STATUS_SUCCESS;

    //
    // Read and Write share the layout of Parameters.Read.
    //
    offset = (ULONGLONG)irpSp->Parameters.Read.ByteOffset.QuadPart;
    length = irpSp->Parameters.Read.Length;

    if (devExt->State != RdStateStarted) {
        status = STATUS_DEVICE_NOT_READY;
    } else if ((offset % RD_SECTOR_SIZE) != 0 || (length % RD_SECTOR_SIZE) != 0) {
        status = STATUS_INVALID_PARAMETER;
    } else if (offset > devExt->DiskSize || length > devExt->DiskSize - offset) {
        status = STATUS_INVALID_PARAMETER;
    } else if (length == 0) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoMarkIrpPending(Irp);

    KeAcquireSpinLock(&devExt->RequestLock, &oldIrql);

    if (KeReadStateEvent(&devExt->StopRequestedEvent) != 0) {
        KeReleaseSpinLock(&devExt->RequestLock, oldIrql);
        Irp->IoStatus.Status = STATUS_DEVICE_NOT_READY;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_PENDING;
    }

    InsertTailList(&devExt->RequestList, &Irp->Tail.Overlay.ListEntry);
    devExt->QueueDepth++;
    KeClearEvent(&devExt->QueueIdleEvent);

    dueTime.QuadPart = RD_TRANSFER_LATENCY;
    KeSetTimer(&devExt->LatencyTimer, dueTime, &devExt->LatencyDpc);

    KeReleaseSpinLock(&devExt->RequestLock, oldIrql);

    return STATUS_PENDING;
}

_Use_decl_annotations_
VOID
RdLatencyDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
/*++

Routine Description:

    Timer DPC: performs every queued transfer and completes the IRPs.
    Runs at DISPATCH_LEVEL, so this routine and everything it calls must
    be resident.

--*/
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeferredContext;
    LIST_ENTRY           done;
    PLIST_ENTRY          entry;
    PIRP                 irp;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    InitializeListHead(&done);

    KeAcquireSpinLockAtDpcLevel(&devExt->RequestLock);

    while (!IsListEmpty(&devExt->RequestList)) {
        entry = RemoveHeadList(&devExt->RequestList);
        irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);

        RdpTransfer(devExt, irp);
        devExt->QueueDepth--;

        InsertTailList(&done, entry);
    }

    KeSetEvent(&devExt->QueueIdleEvent, IO_NO_INCREMENT, FALSE);

    KeReleaseSpinLockFromDpcLevel(&devExt->RequestLock);

    //
    // Complete outside the lock: completion routines above us may run
    // synchronously inside IoCompleteRequest.
    //
    while (!IsListEmpty(&done)) {
        entry = RemoveHeadList(&done);
        irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
        IoCompleteRequest(irp, IO_DISK_INCREMENT);
    }
}

_Use_decl_annotations_
static
VOID
RdpTransfer(
    PRD_DEVICE_EXTENSION DevExt,
    PIRP                 Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    SIZE_T             offset = (SIZE_T)irpSp->Parameters.Read.ByteOffset.QuadPart;
    ULONG              length = irpSp->Parameters.Read.Length;
    BOOLEAN            isWrite = (BOOLEAN)(irpSp->MajorFunction == IRP_MJ_WRITE);
    PUCHAR             buffer;

    buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                                  NormalPagePriority | MdlMappingNoExecute);
    if (buffer == NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Irp->IoStatus.Information = 0;
        return;
    }

    if (isWrite) {
        RtlCopyMemory(DevExt->DiskImage + offset, buffer, length);
    } else {
        RtlCopyMemory(buffer, DevExt->DiskImage + offset, length);
    }

    RdpAccountTransfer(DevExt, isWrite, length);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = length;
}

//
// BUG: RdpAccountTransfer is only a few additions, so it went into PAGE with
// the other bookkeeping routines. But its one caller is RdpTransfer, which
// RdLatencyDpc calls at DISPATCH_LEVEL with RequestLock held: RdLatencyDpc ->
// RdpTransfer -> RdpAccountTransfer. If this page has been trimmed when the
// DPC fires, the page fault at DISPATCH_LEVEL is a bugcheck
// (IRQL_NOT_LESS_OR_EQUAL). The PAGED_CODE() below only catches it on a
// checked build, and only on a run where the page happens to be resident.
// Fix: drop RdpAccountTransfer from the alloc_text list above.
//
_Use_decl_annotations_
static
VOID
RdpAccountTransfer(
    PRD_DEVICE_EXTENSION DevExt,
    BOOLEAN              IsWrite,
    ULONG                Length
    )
{
    PAGED_CODE();

    if (IsWrite) {
        DevExt->Stats.WriteCount++;
        DevExt->Stats.BytesWritten += Length;
    } else {
        DevExt->Stats.ReadCount++;
        DevExt->Stats.BytesRead += Length;
    }

    if (DevExt->QueueDepth > DevExt->Stats.PeakQueueDepth) {
        DevExt->Stats.PeakQueueDepth = DevExt->QueueDepth;
    }
}

_Use_decl_annotations_
NTSTATUS
RdDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG                outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR            information = 0;
    NTSTATUS             status;

    if (devExt->State != RdStateStarted) {
        Irp->IoStatus.Status = STATUS_DEVICE_NOT_READY;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_DEVICE_NOT_READY;
    }

    //
    // BUG: the "not started" early-out above was added later, on top of the
    // PAGED_CODE() that used to open this routine. Now any call on a stopped
    // device returns before the IRQL assertion runs, so a caller at raised
    // IRQL goes unnoticed on exactly the path nobody tests. PAGED_CODE() must
    // come before the first conditional statement (Code Analysis C28170):
    // move it back above the if.
    //
    PAGED_CODE();

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_DISK_GET_DRIVE_GEOMETRY: {
        PDISK_GEOMETRY geometry = (PDISK_GEOMETRY)Irp->AssociatedIrp.SystemBuffer;

        if (outLength < sizeof(DISK_GEOMETRY)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        geometry->MediaType = FixedMedia;
        geometry->BytesPerSector = RD_SECTOR_SIZE;
        geometry->SectorsPerTrack = RD_SECTORS_PER_TRACK;
        geometry->TracksPerCylinder = RD_TRACKS_PER_CYLINDER;
        geometry->Cylinders.QuadPart = devExt->DiskSize /
            (RD_SECTOR_SIZE * RD_SECTORS_PER_TRACK * RD_TRACKS_PER_CYLINDER);

        information = sizeof(DISK_GEOMETRY);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_DISK_GET_LENGTH_INFO: {
        PGET_LENGTH_INFORMATION lengthInfo =
            (PGET_LENGTH_INFORMATION)Irp->AssociatedIrp.SystemBuffer;

        if (outLength < sizeof(GET_LENGTH_INFORMATION)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        lengthInfo->Length.QuadPart = devExt->DiskSize;
        information = sizeof(GET_LENGTH_INFORMATION);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}

_Use_decl_annotations_
NTSTATUS
RdDispatchCleanup(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
/*++

Routine Description:

    The last handle to a file object is being closed: cancel the transfers
    that this file object still has queued.

--*/
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PFILE_OBJECT         fileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    LIST_ENTRY           cancelled;
    PLIST_ENTRY          entry;
    PLIST_ENTRY          next;
    PIRP                 queuedIrp;
    KIRQL                oldIrql;

    PAGED_CODE();

    InitializeListHead(&cancelled);

    //
    // BUG: KeAcquireSpinLock raises to DISPATCH_LEVEL, and the whole loop
    // below then runs at DISPATCH_LEVEL out of a PAGE section. If the page
    // holding the loop is not resident we page-fault at DISPATCH_LEVEL and
    // bugcheck. PAGED_CODE() at the top cannot see this: the IRQL was fine
    // when it ran. Fix: move the locked part into a small resident helper (no
    // alloc_text entry) and call it from here.
    //
    KeAcquireSpinLock(&devExt->RequestLock, &oldIrql);

    for (entry = devExt->RequestList.Flink; entry != &devExt->RequestList; entry = next) {
        next = entry->Flink;
        queuedIrp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);

        if (IoGetCurrentIrpStackLocation(queuedIrp)->FileObject == fileObject) {
            RemoveEntryList(entry);
            devExt->QueueDepth--;
            InsertTailList(&cancelled, entry);
        }
    }

    if (IsListEmpty(&devExt->RequestList)) {
        KeSetEvent(&devExt->QueueIdleEvent, IO_NO_INCREMENT, FALSE);
    }

    KeReleaseSpinLock(&devExt->RequestLock, oldIrql);

    while (!IsListEmpty(&cancelled)) {
        entry = RemoveHeadList(&cancelled);
        queuedIrp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
        queuedIrp->IoStatus.Status = STATUS_CANCELLED;
        queuedIrp->IoStatus.Information = 0;
        IoCompleteRequest(queuedIrp, IO_NO_INCREMENT);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}

//
// BUG: RdDispatchFlushBuffers was added to the alloc_text list with the other
// PASSIVE_LEVEL dispatch routines, but nobody gave it a PAGED_CODE(). Without
// it a checked build never verifies that we are called at an IRQL where
// paging is allowed, and Code Analysis reports C28170. Fix: add PAGED_CODE()
// as its first statement.
//
_Use_decl_annotations_
NTSTATUS
RdDispatchFlushBuffers(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    //
    // The data lives in RAM; there is nothing to write back.
    //
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}
