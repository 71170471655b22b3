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
    RdpLogConfiguration(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] =
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RdDispatchCreateClose;

    DriverObject->MajorFunction[IRP_MJ_READ] =
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RdDispatchReadWrite;

    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = RdDispatchCleanup;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = RdDispatchFlushBuffers;
    DriverObject->MajorFunction[IRP_MJ_PNP] = RdDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = RdDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = RdDispatchShutdown;

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

VOID
RdpLogConfiguration(
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Logs the disk size the registry asks for, so a misconfigured install
    shows up in the debugger. Only DriverEntry calls it.

--*/
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG diskSize = RD_DEFAULT_DISK_SIZE;
    ULONG defaultSize = RD_DEFAULT_DISK_SIZE;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"DiskSize";
    table[0].EntryContext = &diskSize;
    table[0].DefaultType = REG_DWORD;
    table[0].DefaultData = &defaultSize;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                   "RamDisk: cannot read %wZ (%08x)\n", RegistryPath, status);
        return;
    }
    if (diskSize % RD_SECTOR_SIZE != 0) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                   "RamDisk: DiskSize %u is not a multiple of %u\n", diskSize, RD_SECTOR_SIZE);
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: DiskSize %u under %wZ\n",
               diskSize, RegistryPath);
}

_Use_decl_annotations_
NTSTATUS
RdDispatchShutdown(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
/*++

Routine Description:

    The system is shutting down: log what the disk did. Takes RequestLock
    only to copy the statistics, then prints them at PASSIVE_LEVEL.

--*/
{
    PRD_DEVICE_EXTENSION devExt = (PRD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    RD_STATISTICS stats;
    ULONG depth;
    KIRQL oldIrql;

    KeAcquireSpinLock(&devExt->RequestLock, &oldIrql);
    stats = devExt->Stats;
    depth = devExt->QueueDepth;
    KeReleaseSpinLock(&devExt->RequestLock, oldIrql);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: shutting down, %u requests queued\n", depth);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: %u reads, %I64u bytes\n",
               stats.ReadCount, stats.BytesRead);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: %u writes, %I64u bytes\n",
               stats.WriteCount, stats.BytesWritten);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: peak queue depth %u\n", stats.PeakQueueDepth);
    if (stats.ReadCount + stats.WriteCount == 0) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "RamDisk: the disk was never used\n");
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
