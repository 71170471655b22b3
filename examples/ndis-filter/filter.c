/*++

Module Name:

    filter.c

Abstract:

    DriverEntry, unload and the filter callbacks of NdisCount.

    Placement: DriverEntry is discardable (INIT); attach, detach, restart
    and pause are called by NDIS at PASSIVE_LEVEL and are pageable; the
    receive path runs at up to DISPATCH_LEVEL and stays resident, as do the
    two helpers that take FilterListLock.

Environment:

    Kernel mode only.

--*/

#include "filter.h"

NDIS_HANDLE     FilterDriverHandle = NULL;
NDIS_HANDLE     FilterDriverObject = NULL;
NDIS_SPIN_LOCK  FilterListLock;
LIST_ENTRY      FilterModuleList;

_IRQL_requires_max_(DISPATCH_LEVEL)
static
VOID
FilterInsertModule(
    _In_ PFILTER_MODULE Module
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
static
VOID
FilterRemoveModule(
    _In_ PFILTER_MODULE Module
    );

#pragma NDIS_INIT_FUNCTION(DriverEntry)

//
// BUG: FilterUnload is not initialization code. DriverEntry stores its
// address in DriverObject->DriverUnload, and the I/O manager calls it when
// the driver is unloaded -- long after DriverEntry returned and the INIT
// section was discarded. The unload then jumps into freed memory. It must be
// NDIS_PAGEABLE_FUNCTION (unload runs at PASSIVE_LEVEL), not
// NDIS_INIT_FUNCTION.
//
#pragma NDIS_INIT_FUNCTION(FilterUnload)

#pragma NDIS_PAGEABLE_FUNCTION(FilterAttach)
#pragma NDIS_PAGABLE_FUNCTION(FilterDetach)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING                        serviceName = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);
    NDIS_STRING                        uniqueName = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
    NDIS_STRING                        friendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);
    NDIS_STATUS                        status;

    UNREFERENCED_PARAMETER(RegistryPath);

    FilterDriverObject = (NDIS_HANDLE)DriverObject;
    NdisAllocateSpinLock(&FilterListLock);
    InitializeListHead(&FilterModuleList);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    fChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 0;
    fChars.Flags = 0;
    fChars.FriendlyName = friendlyName;
    fChars.UniqueName = uniqueName;
    fChars.ServiceName = serviceName;

    //
    // Send path, OID requests and status indications are left NULL: NDIS
    // passes them straight through this filter.
    //
    fChars.AttachHandler = FilterAttach;
    fChars.DetachHandler = FilterDetach;
    fChars.RestartHandler = FilterRestart;
    fChars.PauseHandler = FilterPause;
    fChars.ReceiveNetBufferListsHandler = FilterReceiveNetBufferLists;
    fChars.ReturnNetBufferListsHandler = FilterReturnNetBufferLists;

    DriverObject->DriverUnload = FilterUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       FilterDriverObject,
                                       &fChars,
                                       &FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&FilterListLock);
        return status;
    }

    status = FilterRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(FilterDriverHandle);
        NdisFreeSpinLock(&FilterListLock);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FilterUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    FilterDeregisterDevice();
    NdisFDeregisterFilterDriver(FilterDriverHandle);
    NdisFreeSpinLock(&FilterListLock);
}

_Use_decl_annotations_
NDIS_STATUS
FilterAttach(
    NDIS_HANDLE                    NdisFilterHandle,
    NDIS_HANDLE                    FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PFILTER_MODULE         module;
    NDIS_FILTER_ATTRIBUTES attributes;
    NDIS_STATUS            status;

    PAGED_CODE();

    if (FilterDriverContext != FilterDriverObject) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PFILTER_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                               sizeof(FILTER_MODULE),
                                                               FILTER_POOL_TAG,
                                                               NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(module, sizeof(FILTER_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = FilterPaused;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    //
    // The list insert takes FilterListLock, so it lives in a resident
    // helper; this routine stays pageable.
    //
    FilterInsertModule(module);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FilterDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    PAGED_CODE();

    InterlockedExchange(&module->State, FilterDetaching);
    FilterRemoveModule(module);
    NdisFreeMemory(module, 0, 0);
}

#pragma code_seg("PAGE")

//
// BUG: FilterRestart sits inside the #pragma code_seg("PAGE") block, so it is
// pageable just like FilterPause below -- but unlike FilterPause it has no
// PAGED_CODE(). Code Analysis reports C28170, and a checked build never
// verifies that NDIS calls it at PASSIVE_LEVEL. Add PAGED_CODE() as the first
// statement.
//
_Use_decl_annotations_
NDIS_STATUS
FilterRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    InterlockedExchange(&module->State, FilterRunning);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
FilterPause(
    NDIS_HANDLE                   FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    PAGED_CODE();

    //
    // Received lists are indicated up synchronously and never held here,
    // so there is nothing outstanding to wait for.
    //
    InterlockedExchange(&module->State, FilterPaused);

    return NDIS_STATUS_SUCCESS;
}

#pragma code_seg()

_Use_decl_annotations_
static
VOID
FilterInsertModule(
    PFILTER_MODULE Module
    )
{
    NdisAcquireSpinLock(&FilterListLock);
    InsertTailList(&FilterModuleList, &Module->Link);
    NdisReleaseSpinLock(&FilterListLock);
}

_Use_decl_annotations_
static
VOID
FilterRemoveModule(
    PFILTER_MODULE Module
    )
{
    NdisAcquireSpinLock(&FilterListLock);
    RemoveEntryList(&Module->Link);
    NdisReleaseSpinLock(&FilterListLock);
}

_Use_decl_annotations_
VOID
FilterReceiveNetBufferLists(
    NDIS_HANDLE      FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG            NumberOfNetBufferLists,
    ULONG            ReceiveFlags
    )
{
    PFILTER_MODULE   module = (PFILTER_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER      nb;
    LONG64           packets = 0;

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            packets++;
        }
    }

    InterlockedAdd64(&module->ReceivedPackets, packets);
    InterlockedAdd64(&module->ReceivedLists, NumberOfNetBufferLists);

    NdisFIndicateReceiveNetBufferLists(module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

_Use_decl_annotations_
VOID
FilterReturnNetBufferLists(
    NDIS_HANDLE      FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG            ReturnFlags
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
