/* Requests to the lower driver: built IRPs, MDLs, synchronous IOCTLs. */
#include "drv.h"

extern VOID CalSleepShort(ULONG Milliseconds);

NTSTATUS CalSendIoctlToLower(PDEVICE_EXTENSION Ext, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                             ULONG OutLength, PULONG_PTR Returned) {
  KEVENT event;
  IO_STATUS_BLOCK iosb;
  PIRP irp;
  NTSTATUS status;

  PAGED_CODE();

  KeInitializeEvent(&event, NotificationEvent, FALSE);
  irp = IoBuildDeviceIoControlRequest(Code, Ext->LowerDevice, In, InLength, Out, OutLength, TRUE, &event, &iosb);
  if (irp == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  status = IoCallDriver(Ext->LowerDevice, irp);
  if (status == STATUS_PENDING) {
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    status = iosb.Status;
  }
  if (Returned != NULL) {
    *Returned = iosb.Information;
  }
  return status;
}

NTSTATUS CalLockUserBuffer(PVOID Buffer, ULONG Length, PMDL *MdlOut) {
  PMDL mdl;
  PAGED_CODE();
  mdl = IoAllocateMdl(Buffer, Length, FALSE, FALSE, NULL);
  if (mdl == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  MmProbeAndLockPages(mdl, UserMode, IoWriteAccess);
  *MdlOut = mdl;
  return STATUS_SUCCESS;
}

VOID CalUnlockUserBuffer(PMDL Mdl) {
  MmUnlockPages(Mdl);
  IoFreeMdl(Mdl);
}

NTSTATUS CalCopyFromMdl(PMDL Mdl, PVOID Destination, ULONG Length) {
  PVOID source = MmGetSystemAddressForMdlSafe(Mdl, 0x10 | 0x40000000);
  if (source == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  if (Length > MmGetMdlByteCount(Mdl)) {
    Length = MmGetMdlByteCount(Mdl);
  }
  RtlCopyMemory(Destination, source, Length);
  return STATUS_SUCCESS;
}

NTSTATUS CalAllocateAndSend(PDEVICE_EXTENSION Ext, PVOID Buffer, ULONG Length) {
  PIRP irp;
  PIO_STACK_LOCATION next;
  KEVENT event;
  NTSTATUS status;

  PAGED_CODE();

  irp = IoAllocateIrp(Ext->LowerDevice->StackSize, FALSE);
  if (irp == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  irp->AssociatedIrp.SystemBuffer = Buffer;
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
  next->Parameters.DeviceIoControl.IoControlCode = IOCTL_CAL_WRITE_REG;
  next->Parameters.DeviceIoControl.InputBufferLength = Length;
  next->Parameters.DeviceIoControl.OutputBufferLength = 0;
  IoSetCompletionRoutine(irp, CalSyncCompletion, &event, TRUE, TRUE, TRUE);
  status = IoCallDriver(Ext->LowerDevice, irp);
  if (status == STATUS_PENDING) {
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
  }
  status = irp->IoStatus.Status;
  IoFreeIrp(irp);
  return status;
}

NTSTATUS CalRetryingRead(PDEVICE_EXTENSION Ext, PVOID Buffer, ULONG Length) {
  NTSTATUS status = STATUS_UNSUCCESSFUL;
  ULONG attempt = 0;
  ULONG_PTR got = 0;
  PAGED_CODE();
  do {
    status = CalSendIoctlToLower(Ext, IOCTL_CAL_READ_REG, NULL, 0, Buffer, Length, &got);
    if (NT_SUCCESS(status) && got == Length) {
      break;
    }
    CalSleepShort(10 << attempt);
  } while (++attempt < 4);
  return status;
}

NTSTATUS CalQueryLowerVersion(PDEVICE_EXTENSION Ext, PULONG Version) {
  PAGED_CODE();
  return CalSendIoctlToLower(Ext, IOCTL_CAL_GET_VERSION, NULL, 0, Version, sizeof(ULONG), NULL);
}

NTSTATUS CalTransferChunks(PDEVICE_EXTENSION Ext, PUCHAR Buffer, ULONG Length, ULONG Chunk) {
  ULONG offset;
  NTSTATUS status = STATUS_SUCCESS;
  PVOID bounce;

  PAGED_CODE();

  bounce = ExAllocatePoolWithTag(NonPagedPoolNx, Chunk, CAL_TAG);
  if (bounce == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  for (offset = 0; offset < Length; offset += Chunk) {
    ULONG n = min(Chunk, Length - offset);
    RtlCopyMemory(bounce, Buffer + offset, n);
    status = CalAllocateAndSend(Ext, bounce, n);
    if (!NT_SUCCESS(status)) {
      goto done;
    }
    Ext->Stats.BytesWritten += n;
  }
done:
  ExFreePoolWithTag(bounce, CAL_TAG);
  return status;
}

NTSTATUS CalCancelAndWait(PIRP Irp, PKEVENT Event) {
  LARGE_INTEGER timeout;
  NTSTATUS status;
  PAGED_CODE();
  timeout.QuadPart = -10000LL * 1000;
  status = KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &timeout);
  if (status == STATUS_TIMEOUT) {
    IoCancelIrp(Irp);
    KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
  }
  return Irp->IoStatus.Status;
}
