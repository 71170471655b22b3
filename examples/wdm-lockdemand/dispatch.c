/*
 * pcmcap: create, close and read. These run at PASSIVE_LEVEL and are
 * ordinary pageable code (PAGE); create locks the streaming section before
 * it starts the timer whose DPC runs there.
 */
#include "capture.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PcmDispatchCreate)
#pragma alloc_text(PAGE, PcmDispatchClose)
#pragma alloc_text(PAGE, PcmDispatchRead)
#endif

static NTSTATUS
PcmComplete(
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
PcmDispatchCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPCMCAP_EXTENSION ext = (PPCMCAP_EXTENSION)DeviceObject->DeviceExtension;
    LARGE_INTEGER due;

    PAGED_CODE();

    ext->Ring = (PSHORT)ExAllocatePool2(POOL_FLAG_NON_PAGED, PCMCAP_RING_SAMPLES * sizeof(SHORT),
                                        PCMCAP_POOL_TAG);
    if (ext->Ring == NULL) {
        return PcmComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }
    ext->RingHead = 0;
    ext->RingTail = 0;
    ext->Overruns = 0;
    ext->StopRequested = 0;
    KeClearEvent(&ext->StreamStopped);

    //
    // Bring the streaming code in and keep it in until streaming stops.
    // Any function in PAGELK names the section.
    //
    ext->StreamSection = MmLockPagableCodeSection((PVOID)PcmPollDpc);

    KeInitializeDpc(&ext->PollDpc, PcmPollDpc, ext);
    WRITE_PORT_USHORT(ext->PortBase + PCMCAP_REG_CONTROL / 2, PCMCAP_CONTROL_RUN);
    due.QuadPart = -10000LL * PCMCAP_POLL_MS;
    KeSetTimerEx(&ext->PollTimer, due, PCMCAP_POLL_MS, &ext->PollDpc);

    return PcmComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PcmDispatchClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPCMCAP_EXTENSION ext = (PPCMCAP_EXTENSION)DeviceObject->DeviceExtension;

    PAGED_CODE();

    //
    // Ask the DPC to stop the stream, and wait until it has.
    //
    InterlockedExchange(&ext->StopRequested, 1);
    KeWaitForSingleObject(&ext->StreamStopped, Executive, KernelMode, FALSE, NULL);
    KeFlushQueuedDpcs();

    ExFreePoolWithTag(ext->Ring, PCMCAP_POOL_TAG);
    ext->Ring = NULL;
    return PcmComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PcmDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPCMCAP_EXTENSION ext = (PPCMCAP_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG maxSamples = stack->Parameters.Read.Length / sizeof(SHORT);
    ULONG copied;

    PAGED_CODE();

    copied = PcmCopyFromRing(ext, (PSHORT)Irp->AssociatedIrp.SystemBuffer, maxSamples);
    return PcmComplete(Irp, STATUS_SUCCESS, copied * sizeof(SHORT));
}
