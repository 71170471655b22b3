/*
 * chime: driver entry and unload.
 */
#include "chime.h"

LONG    ChimeOpenCount;
PKMUTEX ChimePagingMutex;

static NTSTATUS
ChimeReadParameters(
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PCHIME_EXTENSION Ext
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, ChimeReadParameters)
#pragma alloc_text(PAGE, ChimeUnload)
#endif

static NTSTATUS
ChimeReadParameters(
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PCHIME_EXTENSION Ext
    )
{
    RTL_QUERY_REGISTRY_TABLE table[5];
    UNICODE_STRING parametersPath;
    ULONG portBase = 0x2A0;
    ULONG vector = 5;
    ULONG irql = 5;
    NTSTATUS status;

    parametersPath.Length = 0;
    parametersPath.MaximumLength = RegistryPath->Length + sizeof(L"\\Parameters");
    parametersPath.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, parametersPath.MaximumLength, CHIME_POOL_TAG);
    if (parametersPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&parametersPath, RegistryPath);
    RtlAppendUnicodeToString(&parametersPath, L"\\Parameters");

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"PortBase";
    table[0].EntryContext = &portBase;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"Vector";
    table[1].EntryContext = &vector;
    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[2].Name = L"Irql";
    table[2].EntryContext = &irql;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    parametersPath.Buffer, table, NULL, NULL);
    ExFreePoolWithTag(parametersPath.Buffer, CHIME_POOL_TAG);

    Ext->PortBase = (PUCHAR)(ULONG_PTR)portBase;
    Ext->Vector = vector;
    Ext->Irql = (KIRQL)irql;
    Ext->Affinity = (KAFFINITY)-1;
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT deviceObject;
    PCHIME_EXTENSION ext;
    NTSTATUS status;

    ChimePagingMutex = (PKMUTEX)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(KMUTEX), CHIME_POOL_TAG);
    if (ChimePagingMutex == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeMutex(ChimePagingMutex, 0);
    ChimeOpenCount = 0;

    RtlInitUnicodeString(&deviceName, CHIME_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, sizeof(CHIME_EXTENSION), &deviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ChimePagingMutex, CHIME_POOL_TAG);
        return status;
    }

    ext = (PCHIME_EXTENSION)deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(CHIME_EXTENSION));
    ext->DeviceObject = deviceObject;
    KeInitializeSpinLock(&ext->StatusLock);
    IoInitializeDpcRequest(deviceObject, ChimeDpcForIsr);

    status = ChimeReadParameters(RegistryPath, ext);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        ExFreePoolWithTag(ChimePagingMutex, CHIME_POOL_TAG);
        return status;
    }

    RtlInitUnicodeString(&ext->LinkName, CHIME_LINK_NAME);
    status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        ExFreePoolWithTag(ChimePagingMutex, CHIME_POOL_TAG);
        return status;
    }

    deviceObject->Flags |= DO_BUFFERED_IO;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ChimeDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ChimeDispatchClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ChimeDispatchDeviceControl;
    DriverObject->DriverUnload = ChimeUnload;

    //
    // No interrupt is connected until the first open, so the driver stays
    // resident only until its first client goes away (ChimeDispatchClose).
    //
    return STATUS_SUCCESS;
}

VOID
ChimeUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)deviceObject->DeviceExtension;

    PAGED_CODE();

    IoDeleteSymbolicLink(&ext->LinkName);
    IoDeleteDevice(deviceObject);
    ExFreePoolWithTag(ChimePagingMutex, CHIME_POOL_TAG);
}
