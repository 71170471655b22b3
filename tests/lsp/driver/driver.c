// A small driver the language-server test opens: a DPC reaches a pageable helper (an error with
// an evidence path) and a pageable unload routine lacks PAGED_CODE() (a warning with a fix).
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
KDEFERRED_ROUTINE TickDpc;
VOID TickHelper(VOID);

#pragma alloc_text(PAGE, TickHelper)
#pragma alloc_text(PAGE, DriverUnload)

KDPC g_Tick;

VOID TickHelper(VOID) {
  PAGED_CODE();
}

VOID TickDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(Context);
  UNREFERENCED_PARAMETER(Arg1);
  UNREFERENCED_PARAMETER(Arg2);
  TickHelper();
}

VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  KeRemoveQueueDpc(&g_Tick);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(RegistryPath);
  KeInitializeDpc(&g_Tick, TickDpc, NULL);
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
