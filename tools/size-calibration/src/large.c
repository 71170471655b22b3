/* Larger routines: the long switch statements, set-up sequences and descriptor loops that make up
 * most of a real driver's bytes. */
#include "drv.h"

typedef struct _CAL_DESCRIPTOR {
  ULONG Control;
  ULONG Length;
  ULONG AddressLow;
  ULONG AddressHigh;
  ULONG Status;
  ULONG Next;
} CAL_DESCRIPTOR, *PCAL_DESCRIPTOR;

typedef struct _CAL_RESOURCE {
  UCHAR Type;
  UCHAR ShareDisposition;
  USHORT Flags;
  union {
    struct { PHYSICAL_ADDRESS Start; ULONG Length; } Memory;
    struct { PHYSICAL_ADDRESS Start; ULONG Length; } Port;
    struct { USHORT Level; USHORT Group; ULONG Vector; KAFFINITY Affinity; } Interrupt;
    struct { ULONG Channel; ULONG Port; } Dma;
  } u;
} CAL_RESOURCE, *PCAL_RESOURCE;

typedef struct _CAL_HW_STATE {
  PCAL_DESCRIPTOR Ring;
  ULONG RingCount;
  ULONG Head;
  ULONG Tail;
  ULONG Completed;
  ULONG Errors;
  ULONG Underruns;
  ULONG Overruns;
  ULONG Crc;
  ULONG LastStatus;
  PHYSICAL_ADDRESS MemoryBase;
  ULONG MemoryLength;
  USHORT PortBase;
  ULONG Vector;
  KAFFINITY Affinity;
  ULONG DmaChannel;
  BOOLEAN HaveMemory;
  BOOLEAN HavePort;
  BOOLEAN HaveInterrupt;
} CAL_HW_STATE, *PCAL_HW_STATE;

#define IOCTL_CAL_RING_INFO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_SELF_TEST CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_SET_MODE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_SET_TIMEOUT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x813, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_FLUSH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x814, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_DUMP_REGS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x815, METHOD_BUFFERED, FILE_ANY_ACCESS)

extern NTSTATUS CalQueryDwordValue(PVOID Key, PCWSTR Name, PULONG Value);
extern ULONG CalCrc32(const UCHAR *Data, ULONG Length);
extern VOID CalStartWatchdog(PDEVICE_EXTENSION Ext);
extern VOID CalStopWatchdog(PDEVICE_EXTENSION Ext);
extern NTSTATUS CalStartWorker(PDEVICE_EXTENSION Ext);
extern VOID CalStopWorker(PDEVICE_EXTENSION Ext);
extern NTSTATUS CalAllocateWorkItem(PDEVICE_EXTENSION Ext);
extern VOID CalResetController(PDEVICE_EXTENSION Ext);
extern ULONG CalRingDrain(PDEVICE_EXTENSION Ext, PUCHAR Buffer, ULONG Length);
extern NTSTATUS CalValidateConfig(const CAL_CONFIG *Config);
extern NTSTATUS CalSaveConfig(PDEVICE_EXTENSION Ext);
extern NTSTATUS CalWaitForIdle(PDEVICE_EXTENSION Ext, ULONG Milliseconds);

NTSTATUS CalDispatchControlFull(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
  ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
  ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
  PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
  ULONG_PTR info = 0;
  NTSTATUS status;
  KIRQL oldIrql;
  ULONG i;

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    return CalCompleteIrp(Irp, status, 0);
  }
  if (ext->PnpState != Started) {
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return CalCompleteIrp(Irp, STATUS_DEVICE_NOT_READY, 0);
  }

  switch (code) {
    case IOCTL_CAL_GET_VERSION:
      if (outLength < 2 * sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      ((PULONG)buffer)[0] = 0x00010002;
      ((PULONG)buffer)[1] = READ_REGISTER_ULONG(&ext->Registers->Status) >> 24;
      info = 2 * sizeof(ULONG);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_GET_STATS:
      if (outLength < sizeof(CAL_STATS)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
      RtlCopyMemory(buffer, &ext->Stats, sizeof(CAL_STATS));
      KeReleaseSpinLock(&ext->QueueLock, oldIrql);
      info = sizeof(CAL_STATS);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_RESET_STATS:
      KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
      RtlZeroMemory(&ext->Stats, sizeof(CAL_STATS));
      KeReleaseSpinLock(&ext->QueueLock, oldIrql);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_SET_CONFIG:
      if (inLength < sizeof(CAL_CONFIG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      status = CalValidateConfig((PCAL_CONFIG)buffer);
      if (!NT_SUCCESS(status)) {
        break;
      }
      ExAcquireFastMutex(&ext->ConfigMutex);
      RtlCopyMemory(&ext->Config, buffer, sizeof(CAL_CONFIG));
      ExReleaseFastMutex(&ext->ConfigMutex);
      status = CalSaveConfig(ext);
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
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_READ_REG:
      if (inLength < sizeof(ULONG) || outLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      i = *(PULONG)buffer;
      if (i >= 8) {
        status = STATUS_INVALID_PARAMETER;
        break;
      }
      *(PULONG)buffer = READ_REGISTER_ULONG(&ext->Registers->Data[i]);
      info = sizeof(ULONG);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_WRITE_REG:
      if (inLength < 2 * sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      i = ((PULONG)buffer)[0];
      if (i >= 8) {
        status = STATUS_INVALID_PARAMETER;
        break;
      }
      WRITE_REGISTER_ULONG(&ext->Registers->Data[i], ((PULONG)buffer)[1]);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_RING_INFO:
      if (outLength < 3 * sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
      ((PULONG)buffer)[0] = ext->RingHead;
      ((PULONG)buffer)[1] = ext->RingTail;
      ((PULONG)buffer)[2] = (ext->RingHead + CAL_RING_SIZE - ext->RingTail) % CAL_RING_SIZE;
      KeReleaseSpinLock(&ext->QueueLock, oldIrql);
      info = 3 * sizeof(ULONG);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_SELF_TEST:
      CalResetController(ext);
      for (i = 0; i < 8; i++) {
        WRITE_REGISTER_ULONG(&ext->Registers->Data[i], 0xa5a5a5a5 ^ i);
      }
      status = STATUS_SUCCESS;
      for (i = 0; i < 8; i++) {
        if (READ_REGISTER_ULONG(&ext->Registers->Data[i]) != (0xa5a5a5a5 ^ i)) {
          status = STATUS_UNSUCCESSFUL;
          break;
        }
      }
      if (outLength >= sizeof(ULONG)) {
        *(PULONG)buffer = i;
        info = sizeof(ULONG);
      }
      break;

    case IOCTL_CAL_SET_MODE:
      if (inLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      if (*(PULONG)buffer > 3) {
        status = STATUS_INVALID_PARAMETER;
        break;
      }
      ExAcquireFastMutex(&ext->ConfigMutex);
      ext->Config.Mode = *(PULONG)buffer;
      ExReleaseFastMutex(&ext->ConfigMutex);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_SET_TIMEOUT:
      if (inLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      ExAcquireFastMutex(&ext->ConfigMutex);
      ext->Config.Timeout = max(10, min(*(PULONG)buffer, 60000));
      ExReleaseFastMutex(&ext->ConfigMutex);
      CalStopWatchdog(ext);
      CalStartWatchdog(ext);
      status = STATUS_SUCCESS;
      break;

    case IOCTL_CAL_FLUSH:
      CalFlushQueue(ext, STATUS_CANCELLED);
      status = CalWaitForIdle(ext, 1000);
      break;

    case IOCTL_CAL_DUMP_REGS:
      if (outLength < sizeof(CAL_REGISTERS)) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      for (i = 0; i < sizeof(CAL_REGISTERS) / sizeof(ULONG); i++) {
        ((PULONG)buffer)[i] = READ_REGISTER_ULONG((volatile ULONG *)ext->Registers + i);
      }
      info = sizeof(CAL_REGISTERS);
      status = STATUS_SUCCESS;
      break;

    default:
      status = STATUS_INVALID_DEVICE_REQUEST;
      break;
  }

  if (!NT_SUCCESS(status)) {
    InterlockedIncrement((PLONG)&ext->Stats.Errors);
  }
  ext->Stats.Ioctls++;
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return CalCompleteIrp(Irp, status, info);
}

NTSTATUS CalParseResources(PCAL_HW_STATE Hw, PCAL_RESOURCE Resources, ULONG Count) {
  ULONG i;

  RtlZeroMemory(Hw, sizeof(*Hw));
  for (i = 0; i < Count; i++) {
    PCAL_RESOURCE r = &Resources[i];
    switch (r->Type) {
      case 1: /* port */
        if (Hw->HavePort) {
          break;
        }
        if (r->u.Port.Length < 8) {
          return STATUS_DEVICE_NOT_READY;
        }
        Hw->PortBase = (USHORT)r->u.Port.Start.QuadPart;
        Hw->HavePort = TRUE;
        break;
      case 2: /* interrupt */
        if (Hw->HaveInterrupt) {
          break;
        }
        Hw->Vector = r->u.Interrupt.Vector;
        Hw->Affinity = r->u.Interrupt.Affinity;
        Hw->HaveInterrupt = TRUE;
        break;
      case 3: /* memory */
        if (Hw->HaveMemory || r->u.Memory.Length < sizeof(CAL_REGISTERS)) {
          break;
        }
        Hw->MemoryBase = r->u.Memory.Start;
        Hw->MemoryLength = r->u.Memory.Length;
        Hw->HaveMemory = TRUE;
        break;
      case 4: /* dma */
        Hw->DmaChannel = r->u.Dma.Channel;
        break;
      case 0x81: /* device private: firmware revision */
        if ((r->Flags & 0x1) && r->u.Dma.Port < 3) {
          return STATUS_NOT_SUPPORTED;
        }
        break;
      default:
        break;
    }
  }
  if (!Hw->HaveMemory && !Hw->HavePort) {
    return STATUS_DEVICE_NOT_READY;
  }
  if (!Hw->HaveInterrupt) {
    return STATUS_DEVICE_NOT_READY;
  }
  return STATUS_SUCCESS;
}

ULONG CalProcessDescriptors(PDEVICE_EXTENSION Ext, PCAL_HW_STATE Hw) {
  ULONG processed = 0;
  ULONG budget = 64;

  KeAcquireSpinLockAtDpcLevel(&Ext->QueueLock);
  while (budget-- != 0 && Hw->Tail != Hw->Head) {
    PCAL_DESCRIPTOR d = &Hw->Ring[Hw->Tail];
    ULONG status = d->Status;
    ULONG length;

    if ((status & 0x80000000) == 0) {
      break;
    }
    length = d->Length & 0xffff;
    if (status & 0x1) {
      Hw->Errors++;
      if (status & 0x2) {
        Hw->Underruns++;
      } else if (status & 0x4) {
        Hw->Overruns++;
      } else if (status & 0x8) {
        Hw->Crc++;
      }
      Ext->Stats.Errors++;
    } else if (d->Control & 0x10) {
      ULONG k;
      PUCHAR data = (PUCHAR)(ULONG_PTR)(((ULONGLONG)d->AddressHigh << 32) | d->AddressLow);
      for (k = 0; k < length; k++) {
        ULONG next = (Ext->RingHead + 1) % CAL_RING_SIZE;
        if (next == Ext->RingTail) {
          Hw->Overruns++;
          break;
        }
        Ext->Ring[Ext->RingHead] = data[k];
        Ext->RingHead = next;
      }
      Ext->Stats.BytesRead += length;
    } else {
      Ext->Stats.BytesWritten += length;
    }
    d->Status = 0;
    d->Control &= ~0x10u;
    Hw->LastStatus = status;
    Hw->Tail = d->Next < Hw->RingCount ? d->Next : 0;
    Hw->Completed++;
    processed++;
  }
  KeReleaseSpinLockFromDpcLevel(&Ext->QueueLock);
  if (processed != 0) {
    WRITE_REGISTER_ULONG(&Ext->Registers->Data[3], Hw->Tail);
    KeSetEvent(&Ext->WorkerEvent, IO_NO_INCREMENT, FALSE);
  }
  return processed;
}

NTSTATUS CalInitializeDevice(PDEVICE_EXTENSION Ext, PCAL_HW_STATE Hw) {
  NTSTATUS status;
  PVOID key = NULL;
  ULONG value;
  ULONG i;
  static const USHORT ringName[] = {'R', 'i', 'n', 'g', 'S', 'i', 'z', 'e', 0};
  static const USHORT modeName[] = {'M', 'o', 'd', 'e', 0};
  static const USHORT debugName[] = {'D', 'e', 'b', 'u', 'g', 0};

  PAGED_CODE();

  status = IoOpenDeviceRegistryKey(Ext->Pdo, 2, 0x20019, &key);
  if (NT_SUCCESS(status)) {
    if (NT_SUCCESS(CalQueryDwordValue(key, ringName, &value)) && value >= 8 && value <= 256) {
      Hw->RingCount = value;
    } else {
      Hw->RingCount = 32;
    }
    if (NT_SUCCESS(CalQueryDwordValue(key, modeName, &value))) {
      Ext->Config.Mode = value;
    }
    if (NT_SUCCESS(CalQueryDwordValue(key, debugName, &value))) {
      CalDebugLevel = value;
    }
    ZwClose(key);
  } else {
    Hw->RingCount = 32;
  }

  Hw->Ring = (PCAL_DESCRIPTOR)ExAllocatePoolWithTag(NonPagedPoolNx, Hw->RingCount * sizeof(CAL_DESCRIPTOR), CAL_TAG);
  if (Hw->Ring == NULL) {
    status = STATUS_INSUFFICIENT_RESOURCES;
    goto fail;
  }
  for (i = 0; i < Hw->RingCount; i++) {
    Hw->Ring[i].Control = 0;
    Hw->Ring[i].Length = 0;
    Hw->Ring[i].Status = 0;
    Hw->Ring[i].Next = (i + 1) % Hw->RingCount;
  }
  Hw->Head = Hw->Tail = 0;

  if (Hw->HaveMemory) {
    Ext->Registers = (PCAL_REGISTERS)MmMapIoSpace(Hw->MemoryBase, Hw->MemoryLength, MmNonCached);
    if (Ext->Registers == NULL) {
      status = STATUS_INSUFFICIENT_RESOURCES;
      goto fail;
    }
    Ext->RegistersLength = Hw->MemoryLength;
  }

  status = CalAllocateWorkItem(Ext);
  if (!NT_SUCCESS(status)) {
    goto fail;
  }
  status = CalStartWorker(Ext);
  if (!NT_SUCCESS(status)) {
    goto fail;
  }
  KeInitializeDpc(&Ext->WatchdogDpc, CalWatchdogDpc, Ext);
  KeInitializeTimerEx(&Ext->WatchdogTimer, SynchronizationEvent);
  CalStartWatchdog(Ext);
  CalResetController(Ext);
  WRITE_REGISTER_ULONG(&Ext->Registers->InterruptMask, 0x83);
  WRITE_REGISTER_ULONG(&Ext->Registers->Control, 0x1 | (Ext->Config.Mode << 4));
  return STATUS_SUCCESS;

fail:
  if (Ext->WorkerThread != NULL) {
    CalStopWorker(Ext);
  }
  if (Ext->WorkItem != NULL) {
    IoFreeWorkItem(Ext->WorkItem);
    Ext->WorkItem = NULL;
  }
  if (Ext->Registers != NULL) {
    MmUnmapIoSpace(Ext->Registers, Ext->RegistersLength);
    Ext->Registers = NULL;
  }
  if (Hw->Ring != NULL) {
    ExFreePoolWithTag(Hw->Ring, CAL_TAG);
    Hw->Ring = NULL;
  }
  return status;
}

VOID CalShutdownDevice(PDEVICE_EXTENSION Ext, PCAL_HW_STATE Hw) {
  PAGED_CODE();
  CalStopWatchdog(Ext);
  if (Ext->Registers != NULL) {
    WRITE_REGISTER_ULONG(&Ext->Registers->InterruptMask, 0);
    WRITE_REGISTER_ULONG(&Ext->Registers->Control, 0);
  }
  CalStopWorker(Ext);
  CalFlushQueue(Ext, STATUS_DELETE_PENDING);
  if (Ext->WorkItem != NULL) {
    IoFreeWorkItem(Ext->WorkItem);
    Ext->WorkItem = NULL;
  }
  if (Ext->Registers != NULL) {
    MmUnmapIoSpace(Ext->Registers, Ext->RegistersLength);
    Ext->Registers = NULL;
  }
  if (Hw->Ring != NULL) {
    ExFreePoolWithTag(Hw->Ring, CAL_TAG);
    Hw->Ring = NULL;
    Hw->RingCount = 0;
  }
}

NTSTATUS CalDispatchReadDirect(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  ULONG length = stack->Parameters.Read.Length;
  PUCHAR buffer;
  ULONG got;
  NTSTATUS status;

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    return CalCompleteIrp(Irp, status, 0);
  }
  if (Irp->MdlAddress == NULL || length == 0) {
    status = length == 0 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return CalCompleteIrp(Irp, status, 0);
  }
  buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, 0x10 | 0x40000000);
  if (buffer == NULL) {
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return CalCompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
  }
  got = CalRingDrain(ext, buffer, length);
  if (got == 0) {
    if (ext->Config.Flags & 0x1) {
      IoReleaseRemoveLock(&ext->RemoveLock, Irp);
      return CalCompleteIrp(Irp, STATUS_SUCCESS, 0);
    }
    status = CalQueueRequest(ext, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
  }
  if (ext->Config.Flags & 0x4) {
    ULONG crc = CalCrc32(buffer, got);
    if (got + sizeof(ULONG) <= length) {
      RtlCopyMemory(buffer + got, &crc, sizeof(ULONG));
      got += sizeof(ULONG);
    }
  }
  ext->Stats.Reads++;
  ext->Stats.BytesRead += got;
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return CalCompleteIrp(Irp, STATUS_SUCCESS, got);
}
