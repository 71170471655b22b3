/* Hardware access: interrupt service, DPC, register programming, DMA set-up. */
#include "drv.h"

BOOLEAN CalInterruptService(PKINTERRUPT Interrupt, PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  ULONG status;
  UNREFERENCED_PARAMETER(Interrupt);

  status = READ_REGISTER_ULONG(&ext->Registers->InterruptStatus);
  if ((status & 0xff) == 0) {
    return FALSE;
  }
  WRITE_REGISTER_ULONG(&ext->Registers->InterruptStatus, status);
  ext->InterruptStatusLatch |= status;
  ext->Stats.Interrupts++;
  KeInsertQueueDpc(&ext->CompletionDpc, NULL, NULL);
  return TRUE;
}

VOID CalCompletionDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  ULONG latched;
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(Arg1);
  UNREFERENCED_PARAMETER(Arg2);

  latched = InterlockedExchange((PLONG)&ext->InterruptStatusLatch, 0);
  ext->Stats.Dpcs++;
  if (latched & 0x1) {
    KeAcquireSpinLockAtDpcLevel(&ext->QueueLock);
    while (READ_REGISTER_ULONG(&ext->Registers->Status) & 0x10) {
      ULONG value = READ_REGISTER_ULONG(&ext->Registers->Data[0]);
      ULONG next = (ext->RingHead + 1) % CAL_RING_SIZE;
      if (next == ext->RingTail) {
        ext->Stats.Errors++;
        break;
      }
      ext->Ring[ext->RingHead] = (UCHAR)value;
      ext->RingHead = next;
    }
    KeReleaseSpinLockFromDpcLevel(&ext->QueueLock);
  }
  if (latched & 0x2) {
    KeSetEvent(&ext->WorkerEvent, IO_NO_INCREMENT, FALSE);
  }
  if (latched & 0x80) {
    ext->Stats.Errors++;
    WRITE_REGISTER_ULONG(&ext->Registers->Control, 0x3);
  }
}

BOOLEAN CalSynchronizedRead(PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  ext->InterruptStatusLatch = READ_REGISTER_ULONG(&ext->Registers->Status);
  return TRUE;
}

NTSTATUS CalStartHardware(PDEVICE_EXTENSION Ext) {
  PHYSICAL_ADDRESS base;
  ULONG version;

  base.QuadPart = 0xfed40000;
  Ext->RegistersLength = sizeof(CAL_REGISTERS);
  Ext->RegistersPhysical = base;
  Ext->Registers = (PCAL_REGISTERS)MmMapIoSpace(base, sizeof(CAL_REGISTERS), MmNonCached);
  if (Ext->Registers == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  version = READ_REGISTER_ULONG(&Ext->Registers->Status) >> 24;
  if (version < 2) {
    MmUnmapIoSpace(Ext->Registers, sizeof(CAL_REGISTERS));
    Ext->Registers = NULL;
    return STATUS_NOT_SUPPORTED;
  }
  WRITE_REGISTER_ULONG(&Ext->Registers->Control, 0x1);
  WRITE_REGISTER_ULONG(&Ext->Registers->InterruptMask, 0x83);
  return STATUS_SUCCESS;
}

VOID CalStopHardware(PDEVICE_EXTENSION Ext) {
  if (Ext->Registers == NULL) {
    return;
  }
  WRITE_REGISTER_ULONG(&Ext->Registers->InterruptMask, 0);
  WRITE_REGISTER_ULONG(&Ext->Registers->Control, 0);
  MmUnmapIoSpace(Ext->Registers, Ext->RegistersLength);
  Ext->Registers = NULL;
}

VOID CalProgramDma(PDEVICE_EXTENSION Ext, PHYSICAL_ADDRESS Address, ULONG Length, BOOLEAN Write) {
  PCAL_REGISTERS regs = Ext->Registers;
  ULONG control = 0x1 | 0x4;
  if (Write) {
    control |= 0x8;
  }
  WRITE_REGISTER_ULONG(&regs->DmaAddressLow, Address.u.LowPart);
  WRITE_REGISTER_ULONG(&regs->DmaAddressHigh, (ULONG)Address.u.HighPart);
  WRITE_REGISTER_ULONG(&regs->DmaLength, Length);
  WRITE_REGISTER_ULONG(&regs->Control, control);
}

ULONG CalReadEeprom(PDEVICE_EXTENSION Ext, ULONG Offset, PUCHAR Buffer, ULONG Length) {
  PCAL_REGISTERS regs = Ext->Registers;
  ULONG i;
  ULONG spins;

  for (i = 0; i < Length; i++) {
    WRITE_REGISTER_ULONG(&regs->Data[6], 0x80000000 | ((Offset + i) << 8));
    for (spins = 0; spins < 1000; spins++) {
      if ((READ_REGISTER_ULONG(&regs->Data[6]) & 0x80000000) == 0) {
        break;
      }
      KeStallExecutionProcessor(5);
    }
    if (spins == 1000) {
      return i;
    }
    Buffer[i] = (UCHAR)READ_REGISTER_ULONG(&regs->Data[7]);
  }
  return Length;
}

UCHAR CalReadLegacyStatus(PUCHAR Port) {
  UCHAR value = READ_PORT_UCHAR(Port + 1);
  if (value & 0x80) {
    WRITE_PORT_UCHAR(Port + 1, value & 0x7f);
  }
  return value;
}

VOID CalResetController(PDEVICE_EXTENSION Ext) {
  PCAL_REGISTERS regs = Ext->Registers;
  ULONG i;
  WRITE_REGISTER_ULONG(&regs->Control, 0x80000000);
  KeStallExecutionProcessor(100);
  WRITE_REGISTER_ULONG(&regs->Control, 0);
  for (i = 0; i < 8; i++) {
    WRITE_REGISTER_ULONG(&regs->Data[i], 0);
  }
  Ext->InterruptStatusLatch = 0;
}

BOOLEAN CalIsrSharedCheck(PKINTERRUPT Interrupt, PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  UNREFERENCED_PARAMETER(Interrupt);
  return (READ_REGISTER_ULONG(&ext->Registers->InterruptStatus) & ext->Registers->InterruptMask) != 0;
}
