/* IRP dispatch routines of a small WDM function driver. */
#include "drv.h"

#pragma alloc_text(PAGE, CalDispatchCreate)
#pragma alloc_text(PAGE, CalDispatchClose)
#pragma alloc_text(PAGE, CalDispatchCleanup)

NTSTATUS CalCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information) {
  Irp->IoStatus.Status = Status;
  Irp->IoStatus.Information = Information;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

_Use_decl_annotations_
NTSTATUS CalDispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status;

  PAGED_CODE();

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    return CalCompleteIrp(Irp, status, 0);
  }
  if (ext->PnpState != Started) {
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return CalCompleteIrp(Irp, STATUS_DEVICE_NOT_READY, 0);
  }
  InterlockedIncrement(&ext->OutstandingIo);
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return CalCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS CalDispatchClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;

  PAGED_CODE();

  InterlockedDecrement(&ext->OutstandingIo);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS CalDispatchCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  LIST_ENTRY cancelled;
  KIRQL oldIrql;
  PLIST_ENTRY entry;
  PLIST_ENTRY next;

  PAGED_CODE();

  InitializeListHead(&cancelled);
  KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
  for (entry = ext->PendingQueue.Flink; entry != &ext->PendingQueue; entry = next) {
    PIRP pending = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
    PIO_STACK_LOCATION ps = IoGetCurrentIrpStackLocation(pending);
    next = entry->Flink;
    if (ps->FileObject == stack->FileObject) {
      if (IoSetCancelRoutine(pending, NULL) != NULL) {
        RemoveEntryList(entry);
        ext->PendingCount--;
        InsertTailList(&cancelled, entry);
      }
    }
  }
  KeReleaseSpinLock(&ext->QueueLock, oldIrql);

  while (!IsListEmpty(&cancelled)) {
    PIRP irp;
    entry = RemoveHeadList(&cancelled);
    irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
    CalCompleteIrp(irp, STATUS_CANCELLED, 0);
  }
  return CalCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS CalDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  ULONG length = stack->Parameters.Read.Length;
  NTSTATUS status;

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    return CalCompleteIrp(Irp, status, 0);
  }
  if (length == 0) {
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return CalCompleteIrp(Irp, STATUS_SUCCESS, 0);
  }
  if (length > CAL_MAX_TRANSFER) {
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return CalCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
  }
  ext->Stats.Reads++;
  status = CalQueueRequest(ext, Irp);
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return status;
}

_Use_decl_annotations_
NTSTATUS CalDispatchWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  ULONG length = stack->Parameters.Write.Length;
  PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
  ULONG i;
  ULONG written = 0;
  KIRQL oldIrql;

  if (buffer == NULL || length == 0) {
    return CalCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
  }
  KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
  for (i = 0; i < length; i++) {
    ULONG next = (ext->RingHead + 1) % CAL_RING_SIZE;
    if (next == ext->RingTail) {
      break;
    }
    ext->Ring[ext->RingHead] = buffer[i];
    ext->RingHead = next;
    written++;
  }
  ext->Stats.Writes++;
  ext->Stats.BytesWritten += written;
  KeReleaseSpinLock(&ext->QueueLock, oldIrql);
  return CalCompleteIrp(Irp, written ? STATUS_SUCCESS : STATUS_DEVICE_BUSY, written);
}

_Use_decl_annotations_
NTSTATUS CalDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
  ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
  ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
  PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
  ULONG_PTR info = 0;
  NTSTATUS status = STATUS_SUCCESS;

  ext->Stats.Ioctls++;
  switch (code) {
    case IOCTL_CAL_GET_VERSION:
      if (outLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      *(PULONG)buffer = 0x00010002;
      info = sizeof(ULONG);
      break;
    case IOCTL_CAL_GET_STATS: {
      KIRQL oldIrql;
      if (outLength < sizeof(CAL_STATS)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
      RtlCopyMemory(buffer, &ext->Stats, sizeof(CAL_STATS));
      KeReleaseSpinLock(&ext->QueueLock, oldIrql);
      info = sizeof(CAL_STATS);
      break;
    }
    case IOCTL_CAL_RESET_STATS: {
      KIRQL oldIrql;
      KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
      RtlZeroMemory(&ext->Stats, sizeof(CAL_STATS));
      KeReleaseSpinLock(&ext->QueueLock, oldIrql);
      break;
    }
    case IOCTL_CAL_SET_CONFIG:
      if (inLength < sizeof(CAL_CONFIG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      ExAcquireFastMutex(&ext->ConfigMutex);
      RtlCopyMemory(&ext->Config, buffer, sizeof(CAL_CONFIG));
      ExReleaseFastMutex(&ext->ConfigMutex);
      break;
    case IOCTL_CAL_GET_CONFIG:
      if (outLength < sizeof(CAL_CONFIG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      ExAcquireFastMutex(&ext->ConfigMutex);
      RtlCopyMemory(buffer, &ext->Config, sizeof(CAL_CONFIG));
      ExReleaseFastMutex(&ext->ConfigMutex);
      info = sizeof(CAL_CONFIG);
      break;
    default:
      status = STATUS_INVALID_DEVICE_REQUEST;
      break;
  }
  if (!NT_SUCCESS(status)) {
    ext->Stats.Errors++;
  }
  return CalCompleteIrp(Irp, status, info);
}

_Use_decl_annotations_
NTSTATUS CalDispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status;

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    return CalCompleteIrp(Irp, status, 0);
  }
  IoSkipCurrentIrpStackLocation(Irp);
  status = IoCallDriver(ext->LowerDevice, Irp);
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return status;
}

_Use_decl_annotations_
NTSTATUS CalDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

_Use_decl_annotations_
NTSTATUS CalDispatchInternalIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  PCAL_REGISTERS regs = ext->Registers;
  PULONG buffer = (PULONG)Irp->AssociatedIrp.SystemBuffer;
  ULONG index;

  if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_CAL_READ_REG) {
    if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG) ||
        stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
      return CalCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    index = buffer[0];
    if (index >= 8) {
      return CalCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
    }
    buffer[0] = READ_REGISTER_ULONG(&regs->Data[index]);
    return CalCompleteIrp(Irp, STATUS_SUCCESS, sizeof(ULONG));
  }
  if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_CAL_WRITE_REG) {
    if (stack->Parameters.DeviceIoControl.InputBufferLength < 2 * sizeof(ULONG)) {
      return CalCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    index = buffer[0];
    if (index >= 8) {
      return CalCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
    }
    WRITE_REGISTER_ULONG(&regs->Data[index], buffer[1]);
    return CalCompleteIrp(Irp, STATUS_SUCCESS, 0);
  }
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

_Use_decl_annotations_
NTSTATUS CalDispatchUnsupported(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_INVALID_DEVICE_REQUEST;
}
