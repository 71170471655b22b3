/*++

Module Name:

    device.c

Abstract:

    The NdisCount control device: \\.\NdisCount answers one IOCTL that
    returns the packet counters of every attached adapter.

Environment:

    Kernel mode only.

--*/

#include "filter.h"

static NDIS_HANDLE    FilterDeviceHandle = NULL;
static PDEVICE_OBJECT FilterControlDevice = NULL;

#pragma NDIS_INIT_FUNCTION(FilterRegisterDevice)
#pragma NDIS_PAGEABLE_FUNCTION(FilterDeregisterDevice)
#pragma NDIS_PAGEABLE_FUNCTION(FilterDispatchCreateClose)

_Use_decl_annotations_
NDIS_STATUS
FilterRegisterDevice(
    VOID
    )
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES deviceAttributes;
    PDRIVER_DISPATCH              dispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING                   deviceName;
    NDIS_STRING                   symbolicName;

    NdisZeroMemory(dispatchTable, sizeof(dispatchTable));
    dispatchTable[IRP_MJ_CREATE] = FilterDispatchCreateClose;
    dispatchTable[IRP_MJ_CLOSE] = FilterDispatchCreateClose;
    dispatchTable[IRP_MJ_DEVICE_CONTROL] = FilterDispatchDeviceControl;

    NdisInitUnicodeString(&deviceName, NDISCOUNT_DEVICE_NAME);
    NdisInitUnicodeString(&symbolicName, NDISCOUNT_SYMBOLIC_NAME);

    NdisZeroMemory(&deviceAttributes, sizeof(deviceAttributes));
    deviceAttributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    deviceAttributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    deviceAttributes.Header.Size = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    deviceAttributes.DeviceName = &deviceName;
    deviceAttributes.SymbolicName = &symbolicName;
    deviceAttributes.MajorFunctions = &dispatchTable[0];
    deviceAttributes.ExtensionSize = 0;

    return NdisRegisterDeviceEx(FilterDriverHandle,
                                &deviceAttributes,
                                &FilterControlDevice,
                                &FilterDeviceHandle);
}

_Use_decl_annotations_
VOID
FilterDeregisterDevice(
    VOID
    )
{
    PAGED_CODE();

    if (FilterDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(FilterDeviceHandle);
        FilterDeviceHandle = NULL;
        FilterControlDevice = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
FilterDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FilterDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
/*++

Routine Description:

    Copies the counters out under FilterListLock. Taking a spin lock is why
    this routine is deliberately left out of the NDIS_PAGEABLE_FUNCTION
    list: it must stay resident.

--*/
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PNDISCOUNT_ENTRY   entries = (PNDISCOUNT_ENTRY)Irp->AssociatedIrp.SystemBuffer;
    ULONG              capacity;
    ULONG              count = 0;
    PLIST_ENTRY        link;
    PFILTER_MODULE     module;
    NTSTATUS           status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    //
    // BUG: this PAGED_CODE() was copied from FilterDispatchCreateClose
    // together with the routine skeleton. The routine is resident on purpose
    // (see above), so the macro asserts something its placement contradicts,
    // and Code Analysis reports C28172. It is harmless at run time today, but
    // it invites the next person to "fix" the mismatch by adding the routine
    // to the NDIS_PAGEABLE_FUNCTION list -- and then the spin lock below runs
    // in pageable code. Delete the PAGED_CODE().
    //
    PAGED_CODE();

    if (irpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_NDISCOUNT_QUERY) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else {
        capacity = irpSp->Parameters.DeviceIoControl.OutputBufferLength /
                   sizeof(NDISCOUNT_ENTRY);

        NdisAcquireSpinLock(&FilterListLock);

        for (link = FilterModuleList.Flink;
             link != &FilterModuleList && count < capacity;
             link = link->Flink) {

            module = CONTAINING_RECORD(link, FILTER_MODULE, Link);
            entries[count].IfIndex = module->MiniportIfIndex;
            entries[count].ReceivedPackets =
                InterlockedCompareExchange64(&module->ReceivedPackets, 0, 0);
            count++;
        }

        NdisReleaseSpinLock(&FilterListLock);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = (ULONG_PTR)count * sizeof(NDISCOUNT_ENTRY);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}
