/*
 * pcmcap: WDM driver for a legacy PCM capture card that has no interrupt:
 * while a client has the device open, a periodic timer DPC drains the card's
 * sample FIFO into a nonpaged ring buffer, and reads copy from the ring.
 *
 * The streaming code (timer DPC, FIFO and ring helpers) is only needed while
 * the device is open, so it lives in its own pageable section, PAGELK, which
 * the driver locks on demand: MmLockPagableCodeSection in DispatchCreate,
 * MmUnlockPagableImageSection once streaming has stopped. See "Locking
 * Pageable Code or Data" in the WDK documentation.
 */
#pragma once

#include <ntddk.h>

#define PCMCAP_POOL_TAG     'pacP'
#define PCMCAP_DEVICE_NAME  L"\\Device\\PcmCapture"
#define PCMCAP_LINK_NAME    L"\\DosDevices\\PcmCapture"

#define PCMCAP_RING_SAMPLES 8192            // 16-bit samples
#define PCMCAP_POLL_MS      2

//
// Registers (I/O ports from PortBase).
//
#define PCMCAP_REG_FIFO_COUNT   0   // read: samples waiting in the FIFO
#define PCMCAP_REG_FIFO_DATA    2   // read: next sample
#define PCMCAP_REG_CONTROL      4   // write: PCMCAP_CONTROL_*

#define PCMCAP_CONTROL_RUN      0x01
#define PCMCAP_CONTROL_STOP     0x00

typedef struct _PCMCAP_EXTENSION {
    PDEVICE_OBJECT  DeviceObject;
    PUSHORT         PortBase;
    UNICODE_STRING  LinkName;

    //
    // Streaming state, valid between create and close.
    //
    PVOID           StreamSection;  // handle from MmLockPagableCodeSection
    KTIMER          PollTimer;
    KDPC            PollDpc;
    KEVENT          StreamStopped;
    volatile LONG   StopRequested;

    KSPIN_LOCK      RingLock;
    PSHORT          Ring;           // nonpaged: the DPC writes it
    ULONG           RingHead;
    ULONG           RingTail;
    ULONG           Overruns;
} PCMCAP_EXTENSION, *PPCMCAP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PcmUnload;

_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH PcmDispatchCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PcmDispatchClose;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH PcmDispatchRead;

//
// PAGELK: only ever runs while the section is locked.
//
KDEFERRED_ROUTINE PcmPollDpc;

ULONG
PcmDrainFifo(
    _Inout_ PPCMCAP_EXTENSION Ext
    );

ULONG
PcmCopyFromRing(
    _Inout_ PPCMCAP_EXTENSION Ext,
    _Out_writes_(MaxSamples) PSHORT Destination,
    _In_ ULONG MaxSamples
    );
