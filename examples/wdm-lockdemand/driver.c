/*
 * pcmcap: driver entry and unload.
 */
#include "capture.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PcmUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT deviceObject;
    PPCMCAP_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&deviceName, PCMCAP_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, sizeof(PCMCAP_EXTENSION), &deviceName,
                            FILE_DEVICE_SOUND, FILE_DEVICE_SECURE_OPEN, TRUE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PPCMCAP_EXTENSION)deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(PCMCAP_EXTENSION));
    ext->DeviceObject = deviceObject;
    ext->PortBase = (PUSHORT)(ULONG_PTR)0x330;
    KeInitializeSpinLock(&ext->RingLock);
    KeInitializeTimer(&ext->PollTimer);
    KeInitializeEvent(&ext->StreamStopped, NotificationEvent, FALSE);

    RtlInitUnicodeString(&ext->LinkName, PCMCAP_LINK_NAME);
    status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    deviceObject->Flags |= DO_BUFFERED_IO;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PcmDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PcmDispatchClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = PcmDispatchRead;
    DriverObject->DriverUnload = PcmUnload;
    return STATUS_SUCCESS;
}

VOID
PcmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PPCMCAP_EXTENSION ext = (PPCMCAP_EXTENSION)deviceObject->DeviceExtension;

    PAGED_CODE();

    IoDeleteSymbolicLink(&ext->LinkName);
    IoDeleteDevice(deviceObject);
}
