/*++

Module Name:

    filter.h

Abstract:

    Shared definitions for NdisCount, an NDIS 6 lightweight filter that
    counts the packets each adapter receives. A control device lets a
    user-mode tool read the counters.

    This is a pagewise example. It contains deliberate paging bugs, each
    marked with a "BUG" comment; see examples/README.md.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ndis.h>

#define FILTER_MAJOR_NDIS_VERSION   6
#define FILTER_MINOR_NDIS_VERSION   20

#define FILTER_POOL_TAG             'tnCN'

#define FILTER_FRIENDLY_NAME        L"NdisCount Packet Counter"
#define FILTER_UNIQUE_NAME          L"{B8E0856E-CFE6-44AB-870C-F2B387F12485}"
#define FILTER_SERVICE_NAME         L"NdisCount"

#define NDISCOUNT_DEVICE_NAME       L"\\Device\\NdisCount"
#define NDISCOUNT_SYMBOLIC_NAME     L"\\DosDevices\\NdisCount"

#define IOCTL_NDISCOUNT_QUERY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _FILTER_STATE {
    FilterPaused = 0,
    FilterRunning,
    FilterPausing,
    FilterDetaching
} FILTER_STATE;

typedef struct _FILTER_MODULE {
    LIST_ENTRY      Link;               // in FilterModuleList, under FilterListLock
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     MiniportIfIndex;
    volatile LONG   State;              // FILTER_STATE
    volatile LONG64 ReceivedPackets;
    volatile LONG64 ReceivedLists;
} FILTER_MODULE, *PFILTER_MODULE;

//
// What IOCTL_NDISCOUNT_QUERY returns, one entry per attached adapter.
//
typedef struct _NDISCOUNT_ENTRY {
    NET_IFINDEX IfIndex;
    LONG64      ReceivedPackets;
} NDISCOUNT_ENTRY, *PNDISCOUNT_ENTRY;

extern NDIS_HANDLE     FilterDriverHandle;
extern NDIS_HANDLE     FilterDriverObject;
extern NDIS_SPIN_LOCK  FilterListLock;
extern LIST_ENTRY      FilterModuleList;

//
// filter.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FilterUnload;

FILTER_ATTACH FilterAttach;
FILTER_DETACH FilterDetach;
FILTER_RESTART FilterRestart;
FILTER_PAUSE FilterPause;
FILTER_RECEIVE_NET_BUFFER_LISTS FilterReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS FilterReturnNetBufferLists;

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
FilterRegisterDevice(
    VOID
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
FilterDeregisterDevice(
    VOID
    );

__drv_dispatchType(IRP_MJ_CREATE)
__drv_dispatchType(IRP_MJ_CLOSE)
DRIVER_DISPATCH FilterDispatchCreateClose;

__drv_dispatchType(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH FilterDispatchDeviceControl;
