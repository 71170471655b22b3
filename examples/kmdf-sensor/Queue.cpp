/*++

Module Name:

    Queue.cpp

Abstract:

    I/O queues of the Sensor example.

    A read waits for the next sample: EvtIoRead parks the request in a
    manual queue and the interrupt DPC completes it. Device control reads
    or clears the sample history under HistoryLock.

Environment:

    Kernel mode only.

--*/

#include "Private.h"

PAGED_CODE_SEG_BEGIN

_Use_decl_annotations_
NTSTATUS
SensorQueueInitialize(
    WDFDEVICE Device
    )
{
    PDEVICE_CONTEXT     deviceContext = DeviceGetContext(Device);
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS            status;

    PAGED_CODE();

    //
    // Default queue. No WDF_OBJECT_ATTRIBUTES: it inherits the execution
    // level of the device, which inherits the driver's default (Dispatch).
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoRead = SensorEvtIoRead;
    queueConfig.EvtIoDeviceControl = SensorEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device,
                              &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &deviceContext->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);

    return WdfIoQueueCreate(Device,
                            &queueConfig,
                            WDF_NO_OBJECT_ATTRIBUTES,
                            &deviceContext->PendingReadQueue);
}

//
// BUG: EvtIoRead is called at up to DISPATCH_LEVEL. The default queue above
// is created without ExecutionLevel = WdfExecutionLevelPassive, so KMDF calls
// us in whatever context the read arrives in -- for instance from a filter
// driver above us that re-sends reads from its completion routine. This
// callback sits between PAGED_CODE_SEG_BEGIN and PAGED_CODE_SEG_END, so such
// a call page-faults at DISPATCH_LEVEL. It "works on my machine" only because
// reads from user mode arrive at PASSIVE_LEVEL. Fix: move it below
// PAGED_CODE_SEG_END, or create the queue with attributes whose
// ExecutionLevel is WdfExecutionLevelPassive.
//
_Use_decl_annotations_
VOID
SensorEvtIoRead(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     Length
    )
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS        status;

    PAGED_CODE();

    if (Length < sizeof(SENSOR_SAMPLE)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    status = WdfRequestForwardToIoQueue(Request, deviceContext->PendingReadQueue);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
    }
}

PAGED_CODE_SEG_END

_Use_decl_annotations_
VOID
SensorEvtIoDeviceControl(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     OutputBufferLength,
    size_t     InputBufferLength,
    ULONG      IoControlCode
    )
/*++

Routine Description:

    Resident: it takes HistoryLock (a spin lock), and like EvtIoRead it can
    be called at DISPATCH_LEVEL.

--*/
{
    PDEVICE_CONTEXT deviceContext = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    PSENSOR_SAMPLE  latest;
    ULONG           newest;
    NTSTATUS        status;
    size_t          information = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_SENSOR_GET_LATEST:
        status = WdfRequestRetrieveOutputBuffer(Request,
                                                sizeof(SENSOR_SAMPLE),
                                                (PVOID*)&latest,
                                                NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }

        WdfSpinLockAcquire(deviceContext->HistoryLock);
        if (deviceContext->HistoryCount == 0) {
            status = STATUS_NO_MORE_ENTRIES;
        } else {
            newest = (deviceContext->HistoryHead + SENSOR_HISTORY_SIZE - 1) % SENSOR_HISTORY_SIZE;
            *latest = deviceContext->History[newest];
            information = sizeof(SENSOR_SAMPLE);
        }
        WdfSpinLockRelease(deviceContext->HistoryLock);
        break;

    case IOCTL_SENSOR_CLEAR_HISTORY:
        WdfSpinLockAcquire(deviceContext->HistoryLock);
        deviceContext->HistoryHead = 0;
        deviceContext->HistoryCount = 0;
        WdfSpinLockRelease(deviceContext->HistoryLock);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}
