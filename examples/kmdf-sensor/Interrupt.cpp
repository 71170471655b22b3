/*++

Module Name:

    Interrupt.cpp

Abstract:

    Interrupt handling for the Sensor example.

    The ISR runs at DIRQL and the DPC at DISPATCH_LEVEL; both, and every
    routine they call, stay resident. Only SensorInterruptCreate, which runs
    once from EvtDeviceAdd, is pageable.

Environment:

    Kernel mode only.

--*/

#include "Private.h"

PAGED_CODE_SEG
_Use_decl_annotations_
NTSTATUS
SensorInterruptCreate(
    WDFDEVICE Device
    )
{
    PDEVICE_CONTEXT      deviceContext = DeviceGetContext(Device);
    WDF_INTERRUPT_CONFIG interruptConfig;

    PAGED_CODE();

    WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, SensorEvtInterruptIsr, SensorEvtInterruptDpc);
    interruptConfig.EvtInterruptEnable = SensorEvtInterruptEnable;
    interruptConfig.EvtInterruptDisable = SensorEvtInterruptDisable;

    return WdfInterruptCreate(Device,
                              &interruptConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &deviceContext->Interrupt);
}

_Use_decl_annotations_
BOOLEAN
SensorEvtInterruptIsr(
    WDFINTERRUPT Interrupt,
    ULONG        MessageID
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(WdfInterruptGetDevice(Interrupt));
    ULONG           status;

    UNREFERENCED_PARAMETER(MessageID);

    status = READ_REGISTER_ULONG(&deviceContext->Registers->Status);
    if ((status & SENSOR_STATUS_DATA_READY) == 0) {
        //
        // Shared line: not ours.
        //
        return FALSE;
    }

    deviceContext->PendingRaw = (LONG)READ_REGISTER_ULONG(&deviceContext->Registers->Sample);
    WRITE_REGISTER_ULONG(&deviceContext->Registers->Status, SENSOR_STATUS_DATA_READY);

    WdfInterruptQueueDpcForIsr(Interrupt);

    return TRUE;
}

_Use_decl_annotations_
VOID
SensorEvtInterruptDpc(
    WDFINTERRUPT Interrupt,
    WDFOBJECT    AssociatedObject
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(WdfInterruptGetDevice(Interrupt));
    SENSOR_SAMPLE   sample;
    LONG            raw;
    WDFREQUEST      request;

    UNREFERENCED_PARAMETER(AssociatedObject);

    WdfInterruptAcquireLock(Interrupt);
    raw = deviceContext->PendingRaw;
    WdfInterruptReleaseLock(Interrupt);

    sample.Value = deviceContext->Calibration.Apply(raw);
    sample.Timestamp = KeQueryInterruptTime();

    WdfSpinLockAcquire(deviceContext->HistoryLock);
    deviceContext->History[deviceContext->HistoryHead] = sample;
    deviceContext->HistoryHead = (deviceContext->HistoryHead + 1) % SENSOR_HISTORY_SIZE;
    if (deviceContext->HistoryCount < SENSOR_HISTORY_SIZE) {
        deviceContext->HistoryCount++;
    }
    WdfSpinLockRelease(deviceContext->HistoryLock);

    //
    // Every read parked by EvtIoRead gets this sample.
    //
    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(deviceContext->PendingReadQueue, &request))) {
        SensorCompleteRead(request, &sample);
    }
}

_Use_decl_annotations_
NTSTATUS
SensorEvtInterruptEnable(
    WDFINTERRUPT Interrupt,
    WDFDEVICE    AssociatedDevice
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WRITE_REGISTER_ULONG(&deviceContext->Registers->InterruptMask, 1);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SensorEvtInterruptDisable(
    WDFINTERRUPT Interrupt,
    WDFDEVICE    AssociatedDevice
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WRITE_REGISTER_ULONG(&deviceContext->Registers->InterruptMask, 0);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SensorCompleteRead(
    WDFREQUEST           Request,
    const SENSOR_SAMPLE* Sample
    )
{
    PSENSOR_SAMPLE buffer;
    NTSTATUS       status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SENSOR_SAMPLE), (PVOID*)&buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    *buffer = *Sample;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(SENSOR_SAMPLE));
}

_Use_decl_annotations_
LONG
SensorCalibration::Apply(
    LONG Raw
    ) const
{
    return (LONG)(((LONGLONG)Raw - m_Offset) * m_ScaleMilli / 1000);
}
