/*
 * chime: interrupt path. Everything here runs at DIRQL or DISPATCH_LEVEL and
 * stays in .text; MmResetDriverPaging makes .text resident again before the
 * interrupt is connected.
 */
#include "chime.h"

BOOLEAN
ChimeStartTone(
    _In_opt_ PVOID SynchronizeContext
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)SynchronizeContext;

    WRITE_PORT_UCHAR(ext->PortBase + CHIME_REG_TONE, ext->PendingTone);
    return TRUE;
}

BOOLEAN
ChimeInterruptService(
    _In_ PKINTERRUPT Interrupt,
    _In_opt_ PVOID ServiceContext
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)ServiceContext;
    UCHAR status;

    UNREFERENCED_PARAMETER(Interrupt);

    status = READ_PORT_UCHAR(ext->PortBase + CHIME_REG_STATUS);
    if ((status & (CHIME_STATUS_DONE | CHIME_STATUS_FAULT)) == 0) {
        return FALSE;
    }
    IoRequestDpc(ext->DeviceObject, NULL, (PVOID)(ULONG_PTR)status);
    return TRUE;
}

VOID
ChimeDpcForIsr(
    _In_ PKDPC Dpc,
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_opt_ PIRP Irp,
    _In_opt_ PVOID Context
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)DeviceObject->DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Irp);

    KeAcquireSpinLockAtDpcLevel(&ext->StatusLock);
    ext->LastStatus = (ULONG)(ULONG_PTR)Context;
    if ((ext->LastStatus & CHIME_STATUS_DONE) != 0) {
        ext->RingsDone++;
    }
    KeReleaseSpinLockFromDpcLevel(&ext->StatusLock);
}

VOID
ChimeSnapshotStatus(
    _In_ PCHIME_EXTENSION Ext,
    _Out_ PCHIME_STATUS_INFO Info
    )
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&Ext->StatusLock, &oldIrql);
    Info->RingsDone = Ext->RingsDone;
    Info->LastStatus = Ext->LastStatus;
    KeReleaseSpinLock(&Ext->StatusLock, oldIrql);
}
