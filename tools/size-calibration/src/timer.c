/* Timers, work items, a worker thread and synchronous waits. */
#include "drv.h"

VOID CalWatchdogDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(Arg1);
  UNREFERENCED_PARAMETER(Arg2);

  if (ext->PendingCount != 0 && ext->WorkItem != NULL) {
    IoQueueWorkItem(ext->WorkItem, CalWorkItemRoutine, DelayedWorkQueue, ext);
  }
}

VOID CalWorkItemRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  UNREFERENCED_PARAMETER(DeviceObject);

  PAGED_CODE();

  ExAcquireFastMutex(&ext->ConfigMutex);
  if (ext->Config.Mode == 2) {
    CalFlushQueue(ext, STATUS_TIMEOUT);
  }
  ExReleaseFastMutex(&ext->ConfigMutex);
}

VOID CalStartWatchdog(PDEVICE_EXTENSION Ext) {
  LARGE_INTEGER due;
  due.QuadPart = -10000LL * Ext->Config.Timeout;
  KeSetTimerEx(&Ext->WatchdogTimer, due, (LONG)Ext->Config.Timeout, &Ext->WatchdogDpc);
}

VOID CalStopWatchdog(PDEVICE_EXTENSION Ext) {
  KeCancelTimer(&Ext->WatchdogTimer);
  KeRemoveQueueDpc(&Ext->WatchdogDpc);
  KeFlushQueuedDpcs();
}

VOID CalWorkerThread(PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  LARGE_INTEGER timeout;
  NTSTATUS status;

  PAGED_CODE();

  timeout.QuadPart = -10000LL * 500;
  for (;;) {
    status = KeWaitForSingleObject(&ext->WorkerEvent, Executive, KernelMode, FALSE, &timeout);
    if (ext->StopWorker) {
      break;
    }
    if (status == STATUS_TIMEOUT) {
      ext->Stats.Errors += ext->PendingCount != 0;
      continue;
    }
    KeClearEvent(&ext->WorkerEvent);
    ExAcquireFastMutex(&ext->ConfigMutex);
    if (ext->Config.Mode != 0) {
      CalFlushQueue(ext, STATUS_SUCCESS);
    }
    ExReleaseFastMutex(&ext->ConfigMutex);
  }
  PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS CalStartWorker(PDEVICE_EXTENSION Ext) {
  PVOID handle;
  NTSTATUS status;

  PAGED_CODE();

  Ext->StopWorker = FALSE;
  KeInitializeEvent(&Ext->WorkerEvent, SynchronizationEvent, FALSE);
  status = PsCreateSystemThread(&handle, 0x1fffff, NULL, NULL, NULL, CalWorkerThread, Ext);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = ObReferenceObjectByHandle(handle, 0x1fffff, NULL, KernelMode, &Ext->WorkerThread, NULL);
  ZwClose(handle);
  return status;
}

VOID CalStopWorker(PDEVICE_EXTENSION Ext) {
  PAGED_CODE();
  if (Ext->WorkerThread == NULL) {
    return;
  }
  Ext->StopWorker = TRUE;
  KeSetEvent(&Ext->WorkerEvent, IO_NO_INCREMENT, FALSE);
  KeWaitForSingleObject(Ext->WorkerThread, Executive, KernelMode, FALSE, NULL);
  ObDereferenceObject(Ext->WorkerThread);
  Ext->WorkerThread = NULL;
}

NTSTATUS CalWaitForIdle(PDEVICE_EXTENSION Ext, ULONG Milliseconds) {
  LARGE_INTEGER timeout;
  NTSTATUS status;
  PAGED_CODE();
  timeout.QuadPart = -10000LL * Milliseconds;
  status = KeWaitForSingleObject(&Ext->StopEvent, Executive, KernelMode, FALSE, &timeout);
  return status == STATUS_TIMEOUT ? STATUS_DEVICE_BUSY : status;
}

VOID CalSleep(ULONG Milliseconds) {
  LARGE_INTEGER interval;
  PAGED_CODE();
  interval.QuadPart = -10000LL * Milliseconds;
  KeDelayExecutionThread(KernelMode, FALSE, &interval);
}

NTSTATUS CalAllocateWorkItem(PDEVICE_EXTENSION Ext) {
  Ext->WorkItem = IoAllocateWorkItem(Ext->Self);
  return Ext->WorkItem != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

VOID CalIoIncrement(PDEVICE_EXTENSION Ext) {
  if (InterlockedIncrement(&Ext->OutstandingIo) == 2) {
    KeClearEvent(&Ext->StopEvent);
  }
}

VOID CalIoDecrement(PDEVICE_EXTENSION Ext) {
  LONG result = InterlockedDecrement(&Ext->OutstandingIo);
  if (result == 1) {
    KeSetEvent(&Ext->StopEvent, IO_NO_INCREMENT, FALSE);
  }
  if (result == 0) {
    KeSetEvent(&Ext->RemoveEvent, IO_NO_INCREMENT, FALSE);
  }
}
