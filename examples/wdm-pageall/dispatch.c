/*
 * chime: create, close and device control.
 *
 * Create and close implement the whole-driver paging protocol:
 *   first open:  MmResetDriverPaging, then IoConnectInterrupt
 *   last close:  IoDisconnectInterrupt, then MmPageEntireDriver
 * Both must run with the open count and the transition serialized against
 * each other (ChimePagingMutex): on a multiprocessor a close must not page
 * the driver while an open on another processor is connecting the interrupt.
 */
#include "chime.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ChimeDispatchCreate)
#pragma alloc_text(PAGE, ChimeDispatchClose)
#pragma alloc_text(PAGE, ChimeDispatchDeviceControl)
#endif

static NTSTATUS
ChimeComplete(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
ChimeDispatchCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    //
    // BUG: the open count is bumped with a plain ++, outside
    // ChimePagingMutex. Close decrements it and pages the driver under the
    // mutex, but nothing orders an open on another CPU against that: two
    // opens can both see 0 and connect the interrupt twice, or an open can
    // run between close's InterlockedDecrement and MmPageEntireDriver - it
    // reconnects, then close disconnects that interrupt and pages the driver
    // out from under the new handle. Harmless while the device was
    // exclusive (one handle at a time); it stopped being harmless when
    // exclusivity was dropped. Take ChimePagingMutex around this block, as
    // close does, and use InterlockedIncrement.
    //
    if (ChimeOpenCount++ == 0) {
        MmResetDriverPaging((PVOID)ChimeInterruptService);
        status = IoConnectInterrupt(&ext->Interrupt, ChimeInterruptService, ext, NULL,
                                    ext->Vector, ext->Irql, ext->Irql, Latched, FALSE,
                                    ext->Affinity, FALSE);
        if (NT_SUCCESS(status)) {
            WRITE_PORT_UCHAR(ext->PortBase + CHIME_REG_CONTROL, CHIME_CONTROL_IRQ_ON);
        }
    }
    if (!NT_SUCCESS(status)) {
        InterlockedDecrement(&ChimeOpenCount);
    }
    return ChimeComplete(Irp, status, 0);
}

NTSTATUS
ChimeDispatchClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)DeviceObject->DeviceExtension;

    PAGED_CODE();

    KeWaitForSingleObject(ChimePagingMutex, Executive, KernelMode, FALSE, NULL);
    if (InterlockedDecrement(&ChimeOpenCount) == 0) {
        WRITE_PORT_UCHAR(ext->PortBase + CHIME_REG_CONTROL, CHIME_CONTROL_IRQ_OFF);
        IoDisconnectInterrupt(ext->Interrupt);
        ext->Interrupt = NULL;
        KeFlushQueuedDpcs();
        MmPageEntireDriver((PVOID)ChimeInterruptService);
    }
    KeReleaseMutex(ChimePagingMutex, FALSE);

    return ChimeComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
ChimeDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

    PAGED_CODE();

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_CHIME_RING:
        if (inLength < sizeof(UCHAR) || ext->Interrupt == NULL) {
            return ChimeComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        ext->PendingTone = *(PUCHAR)buffer;
        KeSynchronizeExecution(ext->Interrupt, ChimeStartTone, ext);
        return ChimeComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_CHIME_GET_STATUS:
        if (outLength < sizeof(CHIME_STATUS_INFO)) {
            return ChimeComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        ChimeSnapshotStatus(ext, (PCHIME_STATUS_INFO)buffer);
        return ChimeComplete(Irp, STATUS_SUCCESS, sizeof(CHIME_STATUS_INFO));

    default:
        return ChimeComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
