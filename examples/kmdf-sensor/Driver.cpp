/*++

Module Name:

    Driver.cpp

Abstract:

    DriverEntry, EvtDeviceAdd and driver cleanup for the Sensor example.

Environment:

    Kernel mode only.

--*/

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>     // instantiates GUID_DEVINTERFACE_PAGEWISE_SENSOR here
#include "Private.h"

extern "C"
INIT_CODE_SEG
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS              status;
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = SensorEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, SensorEvtDeviceAdd);
    config.DriverPoolTag = SENSOR_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "Sensor: WdfDriverCreate failed 0x%08X\n", status));
    }

    return status;
}

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorEvtDeviceAdd(
    WDFDRIVER       Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    return SensorCreateDevice(DeviceInit);
}

PAGED_CODE_SEG
_Use_decl_annotations_
VOID
SensorEvtDriverContextCleanup(
    WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "Sensor: driver unloading\n"));
}
