/* Registry parameters and string handling, all at PASSIVE_LEVEL. */
#include "drv.h"

typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
  ULONG TitleIndex;
  ULONG Type;
  ULONG DataLength;
  UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION, *PKEY_VALUE_PARTIAL_INFORMATION;

typedef struct _RTL_QUERY_REGISTRY_TABLE {
  PVOID QueryRoutine;
  ULONG Flags;
  PWSTR Name;
  PVOID EntryContext;
  ULONG DefaultType;
  PVOID DefaultData;
  ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;

#define RTL_QUERY_REGISTRY_DIRECT 0x00000020
#define RTL_REGISTRY_ABSOLUTE 0
#define REG_DWORD 4
#define KEY_READ 0x20019
#define PLUGPLAY_REGKEY_DRIVER 2

static WCHAR CalModeName[] = {'M', 'o', 'd', 'e', 0};
static WCHAR CalTimeoutName[] = {'T', 'i', 'm', 'e', 'o', 'u', 't', 0};
static WCHAR CalThresholdName[] = {'T', 'h', 'r', 'e', 's', 'h', 'o', 'l', 'd', 0};

#pragma alloc_text(PAGE, CalReadRegistryParameters)
#pragma alloc_text(PAGE, CalQueryDwordValue)

NTSTATUS CalReadRegistryParameters(PDEVICE_EXTENSION Ext) {
  RTL_QUERY_REGISTRY_TABLE table[4];
  ULONG defaultMode = 1;
  ULONG defaultTimeout = 1000;
  ULONG defaultThreshold = 16;
  NTSTATUS status;

  PAGED_CODE();

  RtlZeroMemory(table, sizeof(table));
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].Name = CalModeName;
  table[0].EntryContext = &Ext->Config.Mode;
  table[0].DefaultType = REG_DWORD;
  table[0].DefaultData = &defaultMode;
  table[0].DefaultLength = sizeof(ULONG);
  table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[1].Name = CalTimeoutName;
  table[1].EntryContext = &Ext->Config.Timeout;
  table[1].DefaultType = REG_DWORD;
  table[1].DefaultData = &defaultTimeout;
  table[1].DefaultLength = sizeof(ULONG);
  table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[2].Name = CalThresholdName;
  table[2].EntryContext = &Ext->Config.Threshold;
  table[2].DefaultType = REG_DWORD;
  table[2].DefaultData = &defaultThreshold;
  table[2].DefaultLength = sizeof(ULONG);
  status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, CalRegistryPath.Buffer, table, NULL, NULL);
  if (!NT_SUCCESS(status)) {
    Ext->Config.Mode = defaultMode;
    Ext->Config.Timeout = defaultTimeout;
    Ext->Config.Threshold = defaultThreshold;
  }
  if (Ext->Config.Timeout < 10) {
    Ext->Config.Timeout = 10;
  }
  return status;
}

NTSTATUS CalQueryDwordValue(PVOID Key, PCWSTR Name, PULONG Value) {
  UNICODE_STRING valueName;
  UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
  PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
  ULONG resultLength;
  NTSTATUS status;

  PAGED_CODE();

  RtlInitUnicodeString(&valueName, Name);
  status = ZwQueryValueKey(Key, &valueName, 2, info, sizeof(buffer), &resultLength);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
    return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  *Value = *(PULONG)info->Data;
  return STATUS_SUCCESS;
}

NTSTATUS CalReadDeviceKey(PDEVICE_EXTENSION Ext) {
  PVOID key = NULL;
  NTSTATUS status;
  ULONG value;
  static const USHORT channelName[] = {'C', 'h', 'a', 'n', 'n', 'e', 'l', 0};
  static const USHORT flagsName[] = {'F', 'l', 'a', 'g', 's', 0};

  PAGED_CODE();

  status = IoOpenDeviceRegistryKey(Ext->Pdo, PLUGPLAY_REGKEY_DRIVER, KEY_READ, &key);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  if (NT_SUCCESS(CalQueryDwordValue(key, channelName, &value))) {
    Ext->Config.Channel = (USHORT)value;
  }
  if (NT_SUCCESS(CalQueryDwordValue(key, flagsName, &value))) {
    Ext->Config.Flags = value;
  }
  ZwClose(key);
  return STATUS_SUCCESS;
}

NTSTATUS CalSaveConfig(PDEVICE_EXTENSION Ext) {
  NTSTATUS status;
  PAGED_CODE();
  status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, CalRegistryPath.Buffer, CalModeName, REG_DWORD,
                                 &Ext->Config.Mode, sizeof(ULONG));
  if (!NT_SUCCESS(status)) {
    return status;
  }
  return RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, CalRegistryPath.Buffer, CalTimeoutName, REG_DWORD,
                               &Ext->Config.Timeout, sizeof(ULONG));
}

NTSTATUS CalCopyRegistryPath(PUNICODE_STRING Source) {
  PAGED_CODE();
  CalRegistryPath.MaximumLength = Source->Length + sizeof(WCHAR);
  CalRegistryPath.Length = 0;
  CalRegistryPath.Buffer = (PWSTR)ExAllocatePoolWithTag(PagedPool, CalRegistryPath.MaximumLength, CAL_TAG);
  if (CalRegistryPath.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlUnicodeStringCopy(&CalRegistryPath, Source);
  CalRegistryPath.Buffer[CalRegistryPath.Length / sizeof(WCHAR)] = 0;
  return STATUS_SUCCESS;
}

BOOLEAN CalNameMatches(PCUNICODE_STRING Name, PCWSTR Expected) {
  UNICODE_STRING expected;
  RtlInitUnicodeString(&expected, Expected);
  return RtlEqualUnicodeString(Name, &expected, TRUE);
}

ULONG CalCountSeparators(PCUNICODE_STRING Path) {
  ULONG count = 0;
  USHORT i;
  for (i = 0; i < Path->Length / sizeof(WCHAR); i++) {
    if (Path->Buffer[i] == '\\') {
      count++;
    }
  }
  return count;
}

NTSTATUS CalBuildDeviceName(PUNICODE_STRING Name, PWCHAR Buffer, USHORT BufferBytes, ULONG Instance) {
  static const USHORT format[] = {'\\', 'D', 'e', 'v', 'i', 'c', 'e', '\\', 'C', 'a', 'l', '%', 'u', 0};
  NTSTATUS status;
  PAGED_CODE();
  status = RtlStringCchPrintfW(Buffer, BufferBytes / sizeof(WCHAR), format, Instance);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  RtlInitUnicodeString(Name, Buffer);
  return STATUS_SUCCESS;
}

VOID CalTrimTrailingSlashes(PUNICODE_STRING Path) {
  while (Path->Length >= sizeof(WCHAR) && Path->Buffer[Path->Length / sizeof(WCHAR) - 1] == '\\') {
    Path->Length -= sizeof(WCHAR);
  }
}
