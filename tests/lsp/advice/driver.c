// A driver the language-server test pages with a code action: LogSettings runs only during
// initialization, so advice/could-be-paged proposes INIT for it.
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
VOID LogSettings(PUNICODE_STRING RegistryPath);

#pragma alloc_text(INIT, DriverEntry)

VOID LogSettings(PUNICODE_STRING RegistryPath) {
  ULONG i;
  DbgPrint("pagewise test: %wZ\n", RegistryPath);
  for (i = 0; i < RegistryPath->Length / sizeof(WCHAR); i++) {
    if (RegistryPath->Buffer[i] == L'\\') {
      DbgPrint("pagewise test: key separator at %lu\n", i);
    } else if (RegistryPath->Buffer[i] == L'.') {
      DbgPrint("pagewise test: dot at %lu\n", i);
    }
  }
  DbgPrint("pagewise test: %lu characters\n", RegistryPath->Length / sizeof(WCHAR));
  DbgPrint("pagewise test: %lu bytes of %lu\n", RegistryPath->Length, RegistryPath->MaximumLength);
  if (RegistryPath->Length == 0) {
    DbgPrint("pagewise test: empty registry path\n");
  }
  if (RegistryPath->Length > RegistryPath->MaximumLength) {
    DbgPrint("pagewise test: registry path longer than its buffer\n");
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(DriverObject);
  LogSettings(RegistryPath);
  return STATUS_SUCCESS;
}
