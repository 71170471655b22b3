/* A cancel-safe IRP queue kept by hand, and a request ring. */
#include "drv.h"

VOID CalCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KIRQL oldIrql;

  IoReleaseCancelSpinLock(Irp->CancelIrql);
  KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
  RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
  ext->PendingCount--;
  KeReleaseSpinLock(&ext->QueueLock, oldIrql);
  CalCompleteIrp(Irp, STATUS_CANCELLED, 0);
}

NTSTATUS CalQueueRequest(PDEVICE_EXTENSION Ext, PIRP Irp) {
  KIRQL oldIrql;

  KeAcquireSpinLock(&Ext->QueueLock, &oldIrql);
  IoSetCancelRoutine(Irp, CalCancelRoutine);
  if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL) {
    KeReleaseSpinLock(&Ext->QueueLock, oldIrql);
    return CalCompleteIrp(Irp, STATUS_CANCELLED, 0);
  }
  IoMarkIrpPending(Irp);
  InsertTailList(&Ext->PendingQueue, &Irp->Tail.Overlay.ListEntry);
  Ext->PendingCount++;
  KeReleaseSpinLock(&Ext->QueueLock, oldIrql);
  return STATUS_PENDING;
}

PIRP CalDequeueRequest(PDEVICE_EXTENSION Ext) {
  KIRQL oldIrql;
  PIRP irp = NULL;

  KeAcquireSpinLock(&Ext->QueueLock, &oldIrql);
  while (!IsListEmpty(&Ext->PendingQueue)) {
    PLIST_ENTRY entry = RemoveHeadList(&Ext->PendingQueue);
    PIRP candidate = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
    Ext->PendingCount--;
    if (IoSetCancelRoutine(candidate, NULL) != NULL) {
      irp = candidate;
      break;
    }
    /* the cancel routine owns it; let it find an empty link */
    InitializeListHead(entry);
  }
  KeReleaseSpinLock(&Ext->QueueLock, oldIrql);
  return irp;
}

VOID CalFlushQueue(PDEVICE_EXTENSION Ext, NTSTATUS Status) {
  PIRP irp;
  while ((irp = CalDequeueRequest(Ext)) != NULL) {
    CalCompleteIrp(irp, Status, 0);
  }
}

ULONG CalQueueDepth(PDEVICE_EXTENSION Ext) {
  KLOCK_QUEUE_HANDLE handle;
  ULONG depth;
  KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, &handle);
  depth = Ext->PendingCount;
  KeReleaseInStackQueuedSpinLock(&handle);
  return depth;
}

BOOLEAN CalRingPut(PDEVICE_EXTENSION Ext, UCHAR Value) {
  ULONG next = (Ext->RingHead + 1) % CAL_RING_SIZE;
  if (next == Ext->RingTail) {
    return FALSE;
  }
  Ext->Ring[Ext->RingHead] = Value;
  Ext->RingHead = next;
  return TRUE;
}

BOOLEAN CalRingGet(PDEVICE_EXTENSION Ext, PUCHAR Value) {
  if (Ext->RingHead == Ext->RingTail) {
    return FALSE;
  }
  *Value = Ext->Ring[Ext->RingTail];
  Ext->RingTail = (Ext->RingTail + 1) % CAL_RING_SIZE;
  return TRUE;
}

ULONG CalRingDrain(PDEVICE_EXTENSION Ext, PUCHAR Buffer, ULONG Length) {
  KLOCK_QUEUE_HANDLE handle;
  ULONG count = 0;

  KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, &handle);
  while (count < Length && Ext->RingHead != Ext->RingTail) {
    Buffer[count++] = Ext->Ring[Ext->RingTail];
    Ext->RingTail = (Ext->RingTail + 1) % CAL_RING_SIZE;
  }
  Ext->Stats.BytesRead += count;
  KeReleaseInStackQueuedSpinLock(&handle);
  return count;
}

VOID CalCompletePendingReads(PDEVICE_EXTENSION Ext) {
  PIRP irp;
  while ((irp = CalDequeueRequest(Ext)) != NULL) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    ULONG got = CalRingDrain(Ext, (PUCHAR)irp->AssociatedIrp.SystemBuffer, stack->Parameters.Read.Length);
    if (got == 0) {
      CalQueueRequest(Ext, irp);
      break;
    }
    CalCompleteIrp(irp, STATUS_SUCCESS, got);
  }
}

PCAL_REQUEST CalAllocateRequest(PIRP Irp, ULONG Length) {
  PCAL_REQUEST request = (PCAL_REQUEST)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(CAL_REQUEST), CAL_TAG);
  if (request == NULL) {
    return NULL;
  }
  RtlZeroMemory(request, sizeof(CAL_REQUEST));
  InitializeListHead(&request->Link);
  request->Irp = Irp;
  request->Length = Length;
  request->Status = STATUS_PENDING;
  return request;
}

VOID CalFreeRequest(PCAL_REQUEST Request) {
  ExFreePoolWithTag(Request, CAL_TAG);
}

VOID CalCompleteRequestList(PLIST_ENTRY Head) {
  while (!IsListEmpty(Head)) {
    PLIST_ENTRY entry = RemoveHeadList(Head);
    PCAL_REQUEST request = CONTAINING_RECORD(entry, CAL_REQUEST, Link);
    if (request->Irp != NULL) {
      CalCompleteIrp(request->Irp, request->Status, request->Length);
    }
    CalFreeRequest(request);
  }
}
