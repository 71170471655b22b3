/*
 * pcmcap: the streaming code, in section PAGELK. It runs at DISPATCH_LEVEL
 * (the timer DPC) or holds the ring spin lock, which is allowed only because
 * the section is locked for as long as the device is open: every routine
 * here says so with PAGED_CODE_LOCKED().
 */
#include "capture.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGELK, PcmPollDpc)
#pragma alloc_text(PAGELK, PcmDrainFifo)
#pragma alloc_text(PAGELK, PcmCopyFromRing)
#endif

ULONG
PcmDrainFifo(
    _Inout_ PPCMCAP_EXTENSION Ext
    )
{
    ULONG waiting;
    ULONG drained = 0;
    ULONG next;

    PAGED_CODE_LOCKED();

    waiting = READ_PORT_USHORT(Ext->PortBase + PCMCAP_REG_FIFO_COUNT / 2);
    KeAcquireSpinLockAtDpcLevel(&Ext->RingLock);
    while (drained < waiting) {
        next = (Ext->RingHead + 1) % PCMCAP_RING_SAMPLES;
        if (next == Ext->RingTail) {
            Ext->Overruns++;
            break;
        }
        Ext->Ring[Ext->RingHead] = (SHORT)READ_PORT_USHORT(Ext->PortBase + PCMCAP_REG_FIFO_DATA / 2);
        Ext->RingHead = next;
        drained++;
    }
    KeReleaseSpinLockFromDpcLevel(&Ext->RingLock);
    return drained;
}

ULONG
PcmCopyFromRing(
    _Inout_ PPCMCAP_EXTENSION Ext,
    _Out_writes_(MaxSamples) PSHORT Destination,
    _In_ ULONG MaxSamples
    )
{
    KIRQL oldIrql;
    ULONG copied = 0;

    PAGED_CODE_LOCKED();

    KeAcquireSpinLock(&Ext->RingLock, &oldIrql);
    while (copied < MaxSamples && Ext->RingTail != Ext->RingHead) {
        Destination[copied++] = Ext->Ring[Ext->RingTail];
        Ext->RingTail = (Ext->RingTail + 1) % PCMCAP_RING_SAMPLES;
    }
    KeReleaseSpinLock(&Ext->RingLock, oldIrql);
    return copied;
}

VOID
PcmPollDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PPCMCAP_EXTENSION ext = (PPCMCAP_EXTENSION)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    PAGED_CODE_LOCKED();

    if (InterlockedCompareExchange(&ext->StopRequested, 0, 0) == 0) {
        PcmDrainFifo(ext);
        return;
    }

    //
    // Close asked us to stop: quiesce the card, stop the timer, and let the
    // section go so it can be paged out again as soon as possible.
    //
    // BUG: MmUnlockPagableImageSection must be called at IRQL <= APC_LEVEL,
    // and this is a DPC (DISPATCH_LEVEL) - running from inside the very
    // section it unlocks, too. The unlock belongs in PcmDispatchClose, after
    // the wait for StreamStopped and KeFlushQueuedDpcs, where nothing in
    // PAGELK can be running any more.
    //
    WRITE_PORT_USHORT(ext->PortBase + PCMCAP_REG_CONTROL / 2, PCMCAP_CONTROL_STOP);
    KeCancelTimer(&ext->PollTimer);
    MmUnlockPagableImageSection(ext->StreamSection);
    KeSetEvent(&ext->StreamStopped, IO_NO_INCREMENT, FALSE);
}
