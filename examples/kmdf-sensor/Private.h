/*++

Module Name:

    Private.h

Abstract:

    Shared definitions for the Sensor example: a KMDF driver for a simple
    memory-mapped sensor that raises an interrupt when a new sample is
    ready. The ISR latches the raw value, the DPC calibrates it, stores it
    in a small history ring and completes waiting reads.

    This is a pagewise example. It contains deliberate paging bugs, each
    marked with a "BUG" comment; see examples/README.md.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>

//
// Section placement. PAGED_CODE_SEG / INIT_CODE_SEG go in front of a single
// function; PAGED_CODE_SEG_BEGIN / PAGED_CODE_SEG_END bracket a run of
// functions that are all pageable.
//
#define PAGED_CODE_SEG          __declspec(code_seg("PAGE"))
#define INIT_CODE_SEG           __declspec(code_seg("INIT"))

#define PAGED_CODE_SEG_BEGIN    __pragma(code_seg(push)) __pragma(code_seg("PAGE"))
#define PAGED_CODE_SEG_END      __pragma(code_seg(pop))

#define SENSOR_POOL_TAG         'rsnS'
#define SENSOR_HISTORY_SIZE     64
#define SENSOR_DEFAULT_RATE_HZ  50

//
// {0E3E7775-FBE5-4E6E-8BCA-D5A0DDF96D06}
//
DEFINE_GUID(GUID_DEVINTERFACE_PAGEWISE_SENSOR,
    0x0e3e7775, 0xfbe5, 0x4e6e, 0x8b, 0xca, 0xd5, 0xa0, 0xdd, 0xf9, 0x6d, 0x06);

#define IOCTL_SENSOR_GET_LATEST \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SENSOR_CLEAR_HISTORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

//
// Register block, mapped from the device's memory resource.
//
typedef struct _SENSOR_REGISTERS {
    ULONG Control;          // SENSOR_CONTROL_*
    ULONG Status;           // SENSOR_STATUS_*, write 1 to clear
    ULONG Sample;           // raw reading, valid when DATA_READY is set
    ULONG InterruptMask;    // 1 = data-ready interrupt enabled
    ULONG RateHz;
} SENSOR_REGISTERS, *PSENSOR_REGISTERS;

#define SENSOR_CONTROL_RUN          0x00000001
#define SENSOR_STATUS_DATA_READY    0x00000001

typedef struct _SENSOR_SAMPLE {
    LONG      Value;        // calibrated, in milli-units
    ULONGLONG Timestamp;    // interrupt time, 100 ns units
} SENSOR_SAMPLE, *PSENSOR_SAMPLE;

//
// Per-device calibration, read from the device's hardware key when the
// hardware is prepared.
//
class SensorCalibration
{
public:

    _IRQL_requires_(PASSIVE_LEVEL)
    PAGED_CODE_SEG
    NTSTATUS
    Load(
        _In_ WDFDEVICE Device
        );

    //
    // Called from the interrupt DPC: must stay resident.
    //
    _IRQL_requires_max_(DISPATCH_LEVEL)
    LONG
    Apply(
        _In_ LONG Raw
        ) const;

private:

    LONG m_Offset;
    LONG m_ScaleMilli;      // gain, in thousandths
};

typedef struct _DEVICE_CONTEXT {

    WDFDEVICE           Device;

    PSENSOR_REGISTERS   Registers;
    SIZE_T              RegistersLength;

    WDFINTERRUPT        Interrupt;
    LONG                PendingRaw;         // written by the ISR, under the interrupt lock

    WDFQUEUE            DefaultQueue;
    WDFQUEUE            PendingReadQueue;   // manual: reads waiting for the next sample

    //
    // HistoryLock protects History, HistoryHead and HistoryCount.
    //
    WDFSPINLOCK         HistoryLock;
    SENSOR_SAMPLE       History[SENSOR_HISTORY_SIZE];
    ULONG               HistoryHead;
    ULONG               HistoryCount;

    SensorCalibration   Calibration;
    ULONG               RateHz;

} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

//
// Driver.cpp
//
extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SensorEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP SensorEvtDriverContextCleanup;

//
// Device.cpp
//
_IRQL_requires_(PASSIVE_LEVEL)
PAGED_CODE_SEG
NTSTATUS
SensorCreateDevice(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    );

EVT_WDF_DEVICE_PREPARE_HARDWARE SensorEvtDevicePrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE SensorEvtDeviceReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY SensorEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT SensorEvtDeviceD0Exit;

//
// Queue.cpp
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
SensorQueueInitialize(
    _In_ WDFDEVICE Device
    );

EVT_WDF_IO_QUEUE_IO_READ SensorEvtIoRead;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SensorEvtIoDeviceControl;

//
// Interrupt.cpp
//
_IRQL_requires_(PASSIVE_LEVEL)
PAGED_CODE_SEG
NTSTATUS
SensorInterruptCreate(
    _In_ WDFDEVICE Device
    );

EVT_WDF_INTERRUPT_ISR SensorEvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC SensorEvtInterruptDpc;
EVT_WDF_INTERRUPT_ENABLE SensorEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE SensorEvtInterruptDisable;

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
SensorCompleteRead(
    _In_ WDFREQUEST Request,
    _In_ const SENSOR_SAMPLE* Sample
    );
