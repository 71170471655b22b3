/*++

Module Name:

    driver.c

Abstract:

    DriverEntry and Unload for the RamDisk example.

Environment:

    Kernel mode only.

--*/

#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RdUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Fills in the dispatch table. The device itself is created in
    RdAddDevice when the PnP manager finds our root-enumerated device node.

    DriverEntry lives in INIT: it runs once and its pages are discarded as
    soon as it returns, so nothing it registers may live in INIT.

--*/
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] =
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RdDispatchCreateClose;

    DriverObject->MajorFunction[IRP_MJ_READ] =
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RdDispatchReadWrite;

    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = RdDispatchCleanup;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = RdDispatchFlushBuffers;
    DriverObject->MajorFunction[IRP_MJ_PNP] = RdDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = RdDispatchPower;

    DriverObject->DriverExtension->AddDevice = RdAddDevice;
    DriverObject->DriverUnload = RdUnload;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RdUnload(
    PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    Every device object was deleted by IRP_MN_REMOVE_DEVICE before the I/O
    manager calls us, so there is nothing left to free.

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: unloaded\n"));
}
