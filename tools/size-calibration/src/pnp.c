/* Plug and Play: AddDevice, start, stop, remove, capabilities. */
#include "drv.h"

static const UCHAR CalInterfaceGuid[16] = {0x5a, 0x1c, 0x22, 0x91, 0x04, 0x3b, 0x4e, 0x71,
                                           0x8a, 0x90, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc};

VOID CalSetPnpState(PDEVICE_EXTENSION Ext, CAL_PNP_STATE State) {
  Ext->PreviousPnpState = Ext->PnpState;
  Ext->PnpState = State;
}

VOID CalRestorePnpState(PDEVICE_EXTENSION Ext) {
  Ext->PnpState = Ext->PreviousPnpState;
}

NTSTATUS CalSyncCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  PKEVENT event = (PKEVENT)Context;
  UNREFERENCED_PARAMETER(DeviceObject);
  if (Irp->PendingReturned) {
    KeSetEvent(event, IO_NO_INCREMENT, FALSE);
  }
  return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS CalSendIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  KEVENT event;
  NTSTATUS status;

  PAGED_CODE();

  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IoCopyCurrentIrpStackLocationToNext(Irp);
  IoSetCompletionRoutine(Irp, CalSyncCompletion, &event, TRUE, TRUE, TRUE);
  status = IoCallDriver(DeviceObject, Irp);
  if (status == STATUS_PENDING) {
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    status = Irp->IoStatus.Status;
  }
  return status;
}

NTSTATUS CalAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT device = NULL;
  PDEVICE_EXTENSION ext;
  NTSTATUS status;

  PAGED_CODE();

  status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                          FILE_DEVICE_SECURE_OPEN, FALSE, &device);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PDEVICE_EXTENSION)device->DeviceExtension;
  RtlZeroMemory(ext, sizeof(DEVICE_EXTENSION));
  ext->Self = device;
  ext->Pdo = PhysicalDeviceObject;
  ext->PnpState = NotStarted;
  ext->PreviousPnpState = NotStarted;
  ext->DevicePowerState = PowerDeviceD3;
  ext->SystemPowerState = PowerSystemWorking;
  IoInitializeRemoveLock(&ext->RemoveLock, CAL_TAG, 0, 0);
  KeInitializeSpinLock(&ext->QueueLock);
  InitializeListHead(&ext->PendingQueue);
  InitializeListHead(&ext->CompletedQueue);
  KeInitializeEvent(&ext->StopEvent, NotificationEvent, TRUE);
  KeInitializeEvent(&ext->RemoveEvent, NotificationEvent, FALSE);
  ExInitializeFastMutex(&ext->ConfigMutex);
  KeInitializeDpc(&ext->WatchdogDpc, CalWatchdogDpc, ext);
  KeInitializeTimer(&ext->WatchdogTimer);

  ext->LowerDevice = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE_OR_FAIL;
  }
  status = IoRegisterDeviceInterface(PhysicalDeviceObject, CalInterfaceGuid, NULL, &ext->InterfaceName);
  if (!NT_SUCCESS(status)) {
    IoDetachDevice(ext->LowerDevice);
    IoDeleteDevice(device);
    return status;
  }
  device->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  InterlockedIncrement((PLONG)&CalInstances);
  return STATUS_SUCCESS;
}

NTSTATUS CalStartDevice(PDEVICE_EXTENSION Ext, PIRP Irp) {
  NTSTATUS status;

  PAGED_CODE();

  status = CalSendIrpSynchronously(Ext->LowerDevice, Irp);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = CalReadRegistryParameters(Ext);
  if (!NT_SUCCESS(status)) {
    KdPrint(("pagewise-cal: registry parameters missing, using defaults\n"));
    Ext->Config.Mode = 1;
    Ext->Config.Timeout = 1000;
  }
  status = CalStartHardware(Ext);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = IoSetDeviceInterfaceState(&Ext->InterfaceName, TRUE);
  if (NT_SUCCESS(status)) {
    CalSetPnpState(Ext, Started);
    Ext->Started = TRUE;
  }
  return status;
}

NTSTATUS CalRemoveDevice(PDEVICE_EXTENSION Ext, PIRP Irp) {
  NTSTATUS status;

  PAGED_CODE();

  if (Ext->PnpState != SurpriseRemoved) {
    CalStopHardware(Ext);
    IoSetDeviceInterfaceState(&Ext->InterfaceName, FALSE);
  }
  CalSetPnpState(Ext, Deleted);
  CalFlushQueue(Ext, STATUS_DELETE_PENDING);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  status = IoCallDriver(Ext->LowerDevice, Irp);
  IoReleaseRemoveLockAndWait(&Ext->RemoveLock, Irp);
  RtlFreeUnicodeString(&Ext->InterfaceName);
  IoDetachDevice(Ext->LowerDevice);
  IoDeleteDevice(Ext->Self);
  InterlockedDecrement((PLONG)&CalInstances);
  return status;
}

NTSTATUS CalQueryCapabilities(PDEVICE_EXTENSION Ext, PIRP Irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  PDEVICE_CAPABILITIES caps = stack->Parameters.DeviceCapabilities.Capabilities;
  NTSTATUS status;
  ULONG i;

  PAGED_CODE();

  if (caps->Version < 1 || caps->Size < sizeof(DEVICE_CAPABILITIES)) {
    return CalCompleteIrp(Irp, STATUS_UNSUCCESSFUL, 0);
  }
  status = CalSendIrpSynchronously(Ext->LowerDevice, Irp);
  if (NT_SUCCESS(status)) {
    caps->SurpriseRemovalOK = TRUE;
    caps->Removable = FALSE;
    caps->D1Latency = 0;
    caps->D2Latency = 0;
    caps->D3Latency = 100;
    for (i = 0; i < 7; i++) {
      if (caps->DeviceState[i] == PowerDeviceUnspecified) {
        caps->DeviceState[i] = PowerDeviceD3;
      }
    }
    RtlCopyMemory(&Ext->Capabilities, caps, sizeof(DEVICE_CAPABILITIES));
  }
  Irp->IoStatus.Status = status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

NTSTATUS CalDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;

  PAGED_CODE();

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    return CalCompleteIrp(Irp, status, 0);
  }
  switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
      status = CalStartDevice(ext, Irp);
      Irp->IoStatus.Status = status;
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      IoReleaseRemoveLock(&ext->RemoveLock, Irp);
      return status;
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
      if (ext->PendingCount != 0) {
        status = CalCompleteIrp(Irp, STATUS_DEVICE_BUSY, 0);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
      }
      CalSetPnpState(ext, stack->MinorFunction == IRP_MN_QUERY_STOP_DEVICE ? StopPending : RemovePending);
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
      CalRestorePnpState(ext);
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_STOP_DEVICE:
      CalStopHardware(ext);
      CalSetPnpState(ext, Stopped);
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_SURPRISE_REMOVAL:
      CalSetPnpState(ext, SurpriseRemoved);
      ext->SurpriseRemoved = TRUE;
      CalStopHardware(ext);
      IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_REMOVE_DEVICE:
      return CalRemoveDevice(ext, Irp);
    case IRP_MN_QUERY_CAPABILITIES:
      status = CalQueryCapabilities(ext, Irp);
      IoReleaseRemoveLock(&ext->RemoveLock, Irp);
      return status;
    default:
      break;
  }
  IoSkipCurrentIrpStackLocation(Irp);
  status = IoCallDriver(ext->LowerDevice, Irp);
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return status;
}

NTSTATUS CalForwardAndForget(PDEVICE_EXTENSION Ext, PIRP Irp) {
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(Ext->LowerDevice, Irp);
}

BOOLEAN CalIsStarted(PDEVICE_EXTENSION Ext) {
  return Ext->PnpState == Started && !Ext->SurpriseRemoved;
}

NTSTATUS CalQueryBusNumber(PDEVICE_EXTENSION Ext, PULONG Bus) {
  ULONG length = 0;
  NTSTATUS status;

  PAGED_CODE();

  status = IoGetDeviceProperty(Ext->Pdo, 14, sizeof(ULONG), Bus, &length);
  if (!NT_SUCCESS(status) || length != sizeof(ULONG)) {
    *Bus = 0;
    return STATUS_UNSUCCESSFUL;
  }
  return STATUS_SUCCESS;
}
