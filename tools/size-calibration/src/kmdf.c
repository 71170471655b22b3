/* A KMDF-style function driver: device add, queues, I/O callbacks, power callbacks. */
#include "drv.h"

typedef struct _CAL_WDF_CONTEXT {
  WDFQUEUE DefaultQueue;
  WDFQUEUE PendingQueue;
  WDFSPINLOCK Lock;
  WDFWAITLOCK ConfigLock;
  WDFTIMER PollTimer;
  PCAL_REGISTERS Registers;
  CAL_CONFIG Config;
  CAL_STATS Stats;
  ULONG PollCount;
  BOOLEAN Armed;
} CAL_WDF_CONTEXT, *PCAL_WDF_CONTEXT;

static const int CalWdfContextType = 0;
#define CalGetContext(o) ((PCAL_WDF_CONTEXT)WdfObjectGetTypedContextWorker((WDFOBJECT)(o), &CalWdfContextType))

extern NTSTATUS CalEvtD0Entry(WDFDEVICE, WDF_POWER_DEVICE_STATE);
extern NTSTATUS CalEvtD0Exit(WDFDEVICE, WDF_POWER_DEVICE_STATE);
extern NTSTATUS CalEvtPrepareHardware(WDFDEVICE, WDFCMRESLIST, WDFCMRESLIST);
extern VOID CalEvtIoRead(WDFQUEUE, WDFREQUEST, SIZE_T);
extern VOID CalEvtIoWrite(WDFQUEUE, WDFREQUEST, SIZE_T);
extern VOID CalEvtIoDeviceControl(WDFQUEUE, WDFREQUEST, SIZE_T, SIZE_T, ULONG);
extern VOID CalEvtPollTimer(WDFTIMER);

NTSTATUS CalEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit) {
  WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks;
  WDF_OBJECT_ATTRIBUTES attributes;
  WDF_IO_QUEUE_CONFIG queueConfig;
  WDF_TIMER_CONFIG timerConfig;
  WDFDEVICE device;
  PCAL_WDF_CONTEXT context;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(Driver);

  PAGED_CODE();

  WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
  pnpCallbacks.EvtDevicePrepareHardware = CalEvtPrepareHardware;
  pnpCallbacks.EvtDeviceD0Entry = CalEvtD0Entry;
  pnpCallbacks.EvtDeviceD0Exit = CalEvtD0Exit;
  WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);
  WdfDeviceInitSetIoType(DeviceInit, 2);

  WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
  attributes.ContextTypeInfo = &CalWdfContextType;
  status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  context = CalGetContext(device);

  WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
  queueConfig.EvtIoRead = CalEvtIoRead;
  queueConfig.EvtIoWrite = CalEvtIoWrite;
  queueConfig.EvtIoDeviceControl = CalEvtIoDeviceControl;
  status = WdfIoQueueCreate(device, &queueConfig, NULL, &context->DefaultQueue);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
  status = WdfIoQueueCreate(device, &queueConfig, NULL, &context->PendingQueue);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
  attributes.ParentObject = device;
  status = WdfSpinLockCreate(&attributes, &context->Lock);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = WdfWaitLockCreate(&attributes, &context->ConfigLock);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, CalEvtPollTimer, 100);
  WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
  attributes.ParentObject = device;
  attributes.ExecutionLevel = WdfExecutionLevelPassive;
  status = WdfTimerCreate(&timerConfig, &attributes, &context->PollTimer);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  return WdfDeviceCreateDeviceInterface(device, &CalWdfContextType, NULL);
}

NTSTATUS CalEvtD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState) {
  PCAL_WDF_CONTEXT context = CalGetContext(Device);
  UNREFERENCED_PARAMETER(PreviousState);
  WRITE_REGISTER_ULONG(&context->Registers->Control, 0x1);
  WdfTimerStart(context->PollTimer, -10000 * 100);
  return STATUS_SUCCESS;
}

NTSTATUS CalEvtD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState) {
  PCAL_WDF_CONTEXT context = CalGetContext(Device);
  PAGED_CODE();
  WdfTimerStop(context->PollTimer, TRUE);
  if (TargetState == WdfPowerDeviceD3Final) {
    WRITE_REGISTER_ULONG(&context->Registers->InterruptMask, 0);
  }
  WRITE_REGISTER_ULONG(&context->Registers->Control, 0);
  return STATUS_SUCCESS;
}

NTSTATUS CalEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST Raw, WDFCMRESLIST Translated) {
  PCAL_WDF_CONTEXT context = CalGetContext(Device);
  ULONG count;
  ULONG i;
  UNREFERENCED_PARAMETER(Raw);

  PAGED_CODE();

  count = WdfCmResourceListGetCount(Translated);
  for (i = 0; i < count; i++) {
    PUCHAR descriptor = (PUCHAR)WdfCmResourceListGetDescriptor(Translated, i);
    if (descriptor == NULL) {
      return STATUS_DEVICE_NOT_READY;
    }
    if (descriptor[0] == 3 && context->Registers == NULL) {
      PHYSICAL_ADDRESS start = *(PPHYSICAL_ADDRESS)(descriptor + 4);
      ULONG length = *(PULONG)(descriptor + 12);
      context->Registers = (PCAL_REGISTERS)MmMapIoSpace(start, length, MmNonCached);
      if (context->Registers == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
      }
    }
  }
  return context->Registers != NULL ? STATUS_SUCCESS : STATUS_DEVICE_NOT_READY;
}

VOID CalEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, SIZE_T Length) {
  PCAL_WDF_CONTEXT context = CalGetContext(WdfIoQueueGetDevice(Queue));
  PVOID buffer;
  NTSTATUS status;

  status = WdfRequestRetrieveOutputBuffer(Request, Length, &buffer, NULL);
  if (!NT_SUCCESS(status)) {
    WdfRequestComplete(Request, status);
    return;
  }
  status = WdfRequestForwardToIoQueue(Request, context->PendingQueue);
  if (!NT_SUCCESS(status)) {
    WdfRequestComplete(Request, status);
    return;
  }
  context->Stats.Reads++;
}

VOID CalEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, SIZE_T Length) {
  PCAL_WDF_CONTEXT context = CalGetContext(WdfIoQueueGetDevice(Queue));
  PUCHAR buffer;
  SIZE_T i;
  NTSTATUS status;

  status = WdfRequestRetrieveInputBuffer(Request, Length, (PVOID *)&buffer, NULL);
  if (!NT_SUCCESS(status)) {
    WdfRequestComplete(Request, status);
    return;
  }
  WdfSpinLockAcquire(context->Lock);
  for (i = 0; i < Length && i < 8; i++) {
    WRITE_REGISTER_ULONG(&context->Registers->Data[i], buffer[i]);
  }
  context->Stats.Writes++;
  context->Stats.BytesWritten += i;
  WdfSpinLockRelease(context->Lock);
  WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, i);
}

VOID CalEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, SIZE_T OutputLength, SIZE_T InputLength,
                           ULONG IoControlCode) {
  PCAL_WDF_CONTEXT context = CalGetContext(WdfIoQueueGetDevice(Queue));
  PVOID buffer;
  NTSTATUS status;
  ULONG_PTR info = 0;
  UNREFERENCED_PARAMETER(OutputLength);
  UNREFERENCED_PARAMETER(InputLength);

  switch (IoControlCode) {
    case IOCTL_CAL_GET_STATS:
      status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CAL_STATS), &buffer, NULL);
      if (NT_SUCCESS(status)) {
        WdfSpinLockAcquire(context->Lock);
        RtlCopyMemory(buffer, &context->Stats, sizeof(CAL_STATS));
        WdfSpinLockRelease(context->Lock);
        info = sizeof(CAL_STATS);
      }
      break;
    case IOCTL_CAL_SET_CONFIG:
      status = WdfRequestRetrieveInputBuffer(Request, sizeof(CAL_CONFIG), &buffer, NULL);
      if (NT_SUCCESS(status)) {
        WdfWaitLockAcquire(context->ConfigLock, NULL);
        RtlCopyMemory(&context->Config, buffer, sizeof(CAL_CONFIG));
        WdfWaitLockRelease(context->ConfigLock);
      }
      break;
    case IOCTL_CAL_GET_CONFIG:
      status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CAL_CONFIG), &buffer, NULL);
      if (NT_SUCCESS(status)) {
        WdfWaitLockAcquire(context->ConfigLock, NULL);
        RtlCopyMemory(buffer, &context->Config, sizeof(CAL_CONFIG));
        WdfWaitLockRelease(context->ConfigLock);
        info = sizeof(CAL_CONFIG);
      }
      break;
    case IOCTL_CAL_WAIT_EVENT:
      status = WdfRequestForwardToIoQueue(Request, context->PendingQueue);
      if (NT_SUCCESS(status)) {
        return;
      }
      break;
    default:
      status = STATUS_INVALID_DEVICE_REQUEST;
      break;
  }
  WdfRequestCompleteWithInformation(Request, status, info);
}

VOID CalEvtPollTimer(WDFTIMER Timer) {
  PCAL_WDF_CONTEXT context = CalGetContext(WdfTimerGetParentObject(Timer));
  WDFREQUEST request;
  ULONG status = READ_REGISTER_ULONG(&context->Registers->Status);

  context->PollCount++;
  if ((status & 0x2) == 0) {
    return;
  }
  while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(context->PendingQueue, &request))) {
    WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, 0);
  }
}

VOID CalEvtIoStop(WDFQUEUE Queue, WDFREQUEST Request, ULONG ActionFlags) {
  UNREFERENCED_PARAMETER(Queue);
  if (ActionFlags & 0x1) {
    WdfRequestComplete(Request, STATUS_CANCELLED);
  } else {
    WdfRequestUnmarkCancelable(Request);
  }
}

VOID CalEvtRequestCancel(WDFREQUEST Request) {
  WdfRequestCompleteWithInformation(Request, STATUS_CANCELLED, 0);
}

BOOLEAN CalEvtInterruptIsr(WDFINTERRUPT Interrupt, ULONG MessageId) {
  PCAL_WDF_CONTEXT context = CalGetContext(WdfInterruptGetDevice(Interrupt));
  ULONG status;
  UNREFERENCED_PARAMETER(MessageId);
  status = READ_REGISTER_ULONG(&context->Registers->InterruptStatus);
  if (status == 0) {
    return FALSE;
  }
  WRITE_REGISTER_ULONG(&context->Registers->InterruptStatus, status);
  context->Stats.Interrupts++;
  WdfInterruptQueueDpcForIsr(Interrupt);
  return TRUE;
}

VOID CalEvtCleanupContext(WDFOBJECT Object) {
  PCAL_WDF_CONTEXT context = CalGetContext(Object);
  if (context->Registers != NULL) {
    MmUnmapIoSpace(context->Registers, sizeof(CAL_REGISTERS));
    context->Registers = NULL;
  }
}
