/* Driver entry, unload, symbolic links and the control device. */
#include "drv.h"

ULONG CalDebugLevel;
ULONG CalInstances;
UNICODE_STRING CalRegistryPath;
PDRIVER_OBJECT CalDriverObject;
const UCHAR CalDefaultMac[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};

extern NTSTATUS CalDispatchCreate(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchClose(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchCleanup(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchRead(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchWrite(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchDeviceControl(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchInternalIoctl(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchPnp(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchPower(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchSystemControl(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalDispatchUnsupported(PDEVICE_OBJECT, PIRP);
extern NTSTATUS CalAddDevice(PDRIVER_OBJECT, PDEVICE_OBJECT);
extern NTSTATUS CalCopyRegistryPath(PUNICODE_STRING);
VOID CalUnload(PDRIVER_OBJECT DriverObject);

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CalUnload)

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status;
  ULONG i;

  CalDriverObject = DriverObject;
  status = CalCopyRegistryPath(RegistryPath);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
    DriverObject->MajorFunction[i] = CalDispatchUnsupported;
  }
  DriverObject->MajorFunction[IRP_MJ_CREATE] = CalDispatchCreate;
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = CalDispatchClose;
  DriverObject->MajorFunction[IRP_MJ_CLEANUP] = CalDispatchCleanup;
  DriverObject->MajorFunction[IRP_MJ_READ] = CalDispatchRead;
  DriverObject->MajorFunction[IRP_MJ_WRITE] = CalDispatchWrite;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CalDispatchDeviceControl;
  DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = CalDispatchInternalIoctl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = CalDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = CalDispatchPower;
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = CalDispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = CalAddDevice;
  DriverObject->DriverUnload = CalUnload;
  MmPageEntireDriver((PVOID)DriverEntry);
  return STATUS_SUCCESS;
}

VOID CalUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  PAGED_CODE();
  if (CalRegistryPath.Buffer != NULL) {
    ExFreePoolWithTag(CalRegistryPath.Buffer, CAL_TAG);
    CalRegistryPath.Buffer = NULL;
  }
}

NTSTATUS CalCreateControlDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Control) {
  static const USHORT deviceName[] = {'\\', 'D', 'e', 'v', 'i', 'c', 'e', '\\', 'C', 'a', 'l', 0};
  static const USHORT linkName[] = {'\\', 'D', 'o', 's', 'D', 'e', 'v', 'i', 'c', 'e', 's', '\\', 'C', 'a', 'l', 0};
  UNICODE_STRING name;
  UNICODE_STRING link;
  NTSTATUS status;

  PAGED_CODE();

  RtlInitUnicodeString(&name, deviceName);
  RtlInitUnicodeString(&link, linkName);
  status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, Control);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = IoCreateSymbolicLink(&link, &name);
  if (!NT_SUCCESS(status)) {
    IoDeleteDevice(*Control);
    *Control = NULL;
    return status;
  }
  (*Control)->Flags |= DO_BUFFERED_IO;
  (*Control)->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

VOID CalDeleteControlDevice(PDEVICE_OBJECT Control) {
  static const USHORT linkName[] = {'\\', 'D', 'o', 's', 'D', 'e', 'v', 'i', 'c', 'e', 's', '\\', 'C', 'a', 'l', 0};
  UNICODE_STRING link;
  PAGED_CODE();
  RtlInitUnicodeString(&link, linkName);
  IoDeleteSymbolicLink(&link);
  IoDeleteDevice(Control);
}

VOID CalLog(ULONG Level, const char *Message, ULONG Value) {
  if (Level > CalDebugLevel) {
    return;
  }
  DbgPrintEx(77, Level, "pagewise-cal: %s %lu\n", Message, Value);
}

NTSTATUS CalInitializeGlobals(VOID) {
  CalDebugLevel = 1;
  CalInstances = 0;
  CalRegistryPath.Buffer = NULL;
  CalRegistryPath.Length = 0;
  CalRegistryPath.MaximumLength = 0;
  return STATUS_SUCCESS;
}

VOID CalReferenceDriver(VOID) {
  ObReferenceObject(CalDriverObject);
}

VOID CalDereferenceDriver(VOID) {
  ObDereferenceObject(CalDriverObject);
}
