/*++

Module Name:

    Device.cpp

Abstract:

    Device creation, PnP/power callbacks and calibration loading for the
    Sensor example.

    The device keeps KMDF's default power policy (power-pageable), so its
    PASSIVE_LEVEL PnP callbacks may be pageable -- except the ones on the
    way back to D0, which run while the paging device may still be off.

Environment:

    Kernel mode only.

--*/

#include "Private.h"

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorCreateDevice(
    PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                     status;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES        deviceAttributes;
    WDFDEVICE                    device;
    PDEVICE_CONTEXT              deviceContext;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = SensorEvtDevicePrepareHardware;
    pnpPowerCallbacks.EvtDeviceReleaseHardware = SensorEvtDeviceReleaseHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry = SensorEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = SensorEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    deviceContext = DeviceGetContext(device);
    deviceContext->Device = device;
    deviceContext->RateHz = SENSOR_DEFAULT_RATE_HZ;

    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &deviceContext->HistoryLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = SensorQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = SensorInterruptCreate(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_PAGEWISE_SENSOR, NULL);
}

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorEvtDevicePrepareHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourcesRaw,
    WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT                 deviceContext = DeviceGetContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR descriptor;
    ULONG                           count;
    ULONG                           i;

    UNREFERENCED_PARAMETER(ResourcesRaw);

    PAGED_CODE();

    count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (i = 0; i < count; i++) {
        descriptor = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (descriptor == NULL) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }

        if (descriptor->Type == CmResourceTypeMemory &&
            deviceContext->Registers == NULL &&
            descriptor->u.Memory.Length >= sizeof(SENSOR_REGISTERS)) {

            deviceContext->Registers = (PSENSOR_REGISTERS)MmMapIoSpaceEx(
                descriptor->u.Memory.Start,
                descriptor->u.Memory.Length,
                PAGE_READWRITE | PAGE_NOCACHE);
            if (deviceContext->Registers == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            deviceContext->RegistersLength = descriptor->u.Memory.Length;
        }
    }

    if (deviceContext->Registers == NULL) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    return deviceContext->Calibration.Load(Device);
}

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorEvtDeviceReleaseHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);

    PAGED_CODE();

    if (deviceContext->Registers != NULL) {
        MmUnmapIoSpace(deviceContext->Registers, deviceContext->RegistersLength);
        deviceContext->Registers = NULL;
        deviceContext->RegistersLength = 0;
    }

    return STATUS_SUCCESS;
}

//
// BUG: EvtDeviceD0Entry is the first callback KMDF runs when the device comes
// back to D0, and on resume from sleep that can happen before the disk
// holding the paging file is powered up again. Marking it PAGED_CODE_SEG
// means resume may stall here until the paging disk is back (and on a device
// that is ever made not power-pageable it would page-fault in the
// non-pageable power states). Microsoft's guidance is to keep the whole
// return-to-D0 path resident: drop PAGED_CODE_SEG and the PAGED_CODE() below.
// D0Exit is not on that path and can stay pageable.
//
PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorEvtDeviceD0Entry(
    WDFDEVICE              Device,
    WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    PAGED_CODE();

    WRITE_REGISTER_ULONG(&deviceContext->Registers->RateHz, deviceContext->RateHz);
    WRITE_REGISTER_ULONG(&deviceContext->Registers->Status, SENSOR_STATUS_DATA_READY);
    WRITE_REGISTER_ULONG(&deviceContext->Registers->Control, SENSOR_CONTROL_RUN);

    return STATUS_SUCCESS;
}

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorEvtDeviceD0Exit(
    WDFDEVICE              Device,
    WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    PAGED_CODE();

    WRITE_REGISTER_ULONG(&deviceContext->Registers->Control, 0);

    return STATUS_SUCCESS;
}

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorCalibration::Load(
    WDFDEVICE Device
    )
{
    NTSTATUS status;
    WDFKEY   key;
    ULONG    value;

    DECLARE_CONST_UNICODE_STRING(offsetName, L"CalibrationOffset");
    DECLARE_CONST_UNICODE_STRING(scaleName, L"CalibrationScaleMilli");

    PAGED_CODE();

    m_Offset = 0;
    m_ScaleMilli = 1000;

    //
    // BUG: this block used to be a separate helper,
    // SensorReadCalibrationKey(), and its PAGED_CODE() came along when the
    // helper was folded in here. One IRQL assertion at the top of the
    // function is enough; Code Analysis flags the second one (C28171). Delete
    // it.
    //
    PAGED_CODE();

    status = WdfDeviceOpenRegistryKey(Device,
                                      PLUGPLAY_REGKEY_DEVICE,
                                      KEY_READ,
                                      WDF_NO_OBJECT_ATTRIBUTES,
                                      &key);
    if (!NT_SUCCESS(status)) {
        //
        // No hardware key yet: run uncalibrated.
        //
        return STATUS_SUCCESS;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &offsetName, &value))) {
        m_Offset = (LONG)value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &scaleName, &value)) && value != 0) {
        m_ScaleMilli = (LONG)value;
    }

    WdfRegistryClose(key);

    return STATUS_SUCCESS;
}
