/*
 * chime: WDM driver for a legacy door-chime / tone-generator card.
 *
 * The card is used a few times a day, so the driver pages itself out
 * entirely while nobody has it open (MmPageEntireDriver) and brings itself
 * back (MmResetDriverPaging) before it connects the card's interrupt on the
 * first open. See "Paging an Entire Driver" in the WDK documentation.
 */
#pragma once

#include <ntddk.h>

#define CHIME_POOL_TAG  'mihC'
#define CHIME_DEVICE_NAME L"\\Device\\Chime"
#define CHIME_LINK_NAME   L"\\DosDevices\\Chime"

//
// Register layout of the card (I/O ports from PortBase).
//
#define CHIME_REG_TONE      0   // write: tone index, starts playing
#define CHIME_REG_STATUS    1   // read: CHIME_STATUS_*, read clears the interrupt
#define CHIME_REG_CONTROL   2   // write: CHIME_CONTROL_*

#define CHIME_STATUS_DONE       0x01
#define CHIME_STATUS_FAULT      0x80
#define CHIME_CONTROL_IRQ_ON    0x01
#define CHIME_CONTROL_IRQ_OFF   0x00

#define IOCTL_CHIME_RING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CHIME_GET_STATUS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _CHIME_STATUS_INFO {
    ULONG RingsDone;
    ULONG LastStatus;
} CHIME_STATUS_INFO, *PCHIME_STATUS_INFO;

typedef struct _CHIME_EXTENSION {
    PDEVICE_OBJECT  DeviceObject;
    PUCHAR          PortBase;

    //
    // Interrupt resources, read from the Parameters key by DriverEntry.
    //
    ULONG           Vector;
    KIRQL           Irql;
    KAFFINITY       Affinity;
    PKINTERRUPT     Interrupt;      // NULL while the driver is paged out

    //
    // Shared between the DPC and the IOCTL path.
    //
    KSPIN_LOCK      StatusLock;
    ULONG           LastStatus;
    ULONG           RingsDone;

    UCHAR           PendingTone;    // handed to ChimeStartTone at DIRQL
    UNICODE_STRING  LinkName;
} CHIME_EXTENSION, *PCHIME_EXTENSION;

//
// Driver-wide: handles open on the device, and the mutex that serializes a
// change of that count with the paging transition it triggers. The mutex
// itself lives in nonpaged pool: once MmPageEntireDriver has run, the
// driver's own .data and .bss are pageable too, and a dispatcher object must
// never be.
//
extern LONG    ChimeOpenCount;
extern PKMUTEX ChimePagingMutex;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ChimeUnload;

_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH ChimeDispatchCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ChimeDispatchClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ChimeDispatchDeviceControl;

KSERVICE_ROUTINE ChimeInterruptService;
IO_DPC_ROUTINE ChimeDpcForIsr;
KSYNCHRONIZE_ROUTINE ChimeStartTone;

VOID
ChimeSnapshotStatus(
    _In_ PCHIME_EXTENSION Ext,
    _Out_ PCHIME_STATUS_INFO Info
    );
