/* Power IRPs: system and device power, wait/wake, idle. */
#include "drv.h"

NTSTATUS CalPowerCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  UNREFERENCED_PARAMETER(DeviceObject);

  if (Irp->PendingReturned) {
    IoMarkIrpPending(Irp);
  }
  if (NT_SUCCESS(Irp->IoStatus.Status) && stack->Parameters.Power.Type == DevicePowerState) {
    ext->DevicePowerState = stack->Parameters.Power.State.DeviceState;
    PoSetPowerState(ext->Self, DevicePowerState, stack->Parameters.Power.State);
  }
  PoStartNextPowerIrp(Irp);
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return STATUS_SUCCESS;
}

NTSTATUS CalDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;

  status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    PoStartNextPowerIrp(Irp);
    return CalCompleteIrp(Irp, status, 0);
  }
  if (ext->PnpState == NotStarted || ext->PnpState == Deleted) {
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
  }
  if (stack->MinorFunction == IRP_MN_SET_POWER) {
    if (stack->Parameters.Power.Type == SystemPowerState) {
      ext->SystemPowerState = stack->Parameters.Power.State.SystemState;
    } else if (stack->Parameters.Power.State.DeviceState > ext->DevicePowerState) {
      /* powering down: save state before the bus takes power away */
      CalStopHardware(ext);
    }
    IoMarkIrpPending(Irp);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, CalPowerCompletion, ext, TRUE, TRUE, TRUE);
    PoCallDriver(ext->LowerDevice, Irp);
    return STATUS_PENDING;
  }
  PoStartNextPowerIrp(Irp);
  IoSkipCurrentIrpStackLocation(Irp);
  status = PoCallDriver(ext->LowerDevice, Irp);
  IoReleaseRemoveLock(&ext->RemoveLock, Irp);
  return status;
}

VOID CalWaitWakeCallback(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState, PVOID Context,
                         PIO_STATUS_BLOCK IoStatus) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  POWER_STATE d0;
  UNREFERENCED_PARAMETER(DeviceObject);
  UNREFERENCED_PARAMETER(MinorFunction);
  UNREFERENCED_PARAMETER(PowerState);

  ext->WakeArmed = FALSE;
  if (NT_SUCCESS(IoStatus->Status)) {
    d0.DeviceState = PowerDeviceD0;
    PoRequestPowerIrp(ext->Pdo, IRP_MN_SET_POWER, d0, NULL, NULL, NULL);
  }
}

NTSTATUS CalArmForWake(PDEVICE_EXTENSION Ext) {
  POWER_STATE state;
  NTSTATUS status;

  if (Ext->WakeArmed || Ext->Capabilities.SystemWake == PowerSystemUnspecified) {
    return STATUS_SUCCESS;
  }
  state.SystemState = Ext->Capabilities.SystemWake;
  status = PoRequestPowerIrp(Ext->Pdo, IRP_MN_WAIT_WAKE, state, CalWaitWakeCallback, Ext, NULL);
  if (status == STATUS_PENDING) {
    Ext->WakeArmed = TRUE;
    status = STATUS_SUCCESS;
  }
  return status;
}

DEVICE_POWER_STATE CalDeviceStateForSystemState(PDEVICE_EXTENSION Ext, SYSTEM_POWER_STATE System) {
  DEVICE_POWER_STATE state;
  if (System == PowerSystemWorking) {
    return PowerDeviceD0;
  }
  if (System >= PowerSystemShutdown) {
    return PowerDeviceD3;
  }
  state = Ext->Capabilities.DeviceState[System];
  if (state == PowerDeviceUnspecified) {
    state = PowerDeviceD3;
  }
  if (Ext->WakeArmed && state > Ext->Capabilities.DeviceWake) {
    state = Ext->Capabilities.DeviceWake;
  }
  return state;
}

VOID CalPowerUpHardware(PDEVICE_EXTENSION Ext) {
  PCAL_REGISTERS regs = Ext->Registers;
  ULONG tries;

  WRITE_REGISTER_ULONG(&regs->Control, 0x1);
  for (tries = 0; tries < 100; tries++) {
    if (READ_REGISTER_ULONG(&regs->Status) & 0x1) {
      break;
    }
    KeStallExecutionProcessor(10);
  }
  WRITE_REGISTER_ULONG(&regs->InterruptMask, 0xffffffff);
  WRITE_REGISTER_ULONG(&regs->Control, 0x3);
}

VOID CalPowerDownHardware(PDEVICE_EXTENSION Ext) {
  PCAL_REGISTERS regs = Ext->Registers;
  WRITE_REGISTER_ULONG(&regs->InterruptMask, 0);
  WRITE_REGISTER_ULONG(&regs->Control, 0);
}
