/* Small helpers: checksums, bit twiddling, table lookups, validation. */
#include "drv.h"

static const ULONG CalCrcTable[16] = {0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
                                      0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
                                      0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c};

ULONG CalChecksum(const UCHAR *Data, ULONG Length) {
  ULONG sum = 0;
  ULONG i;
  for (i = 0; i < Length; i++) {
    sum = (sum << 1 | sum >> 31) ^ Data[i];
  }
  return sum;
}

ULONG CalCrc32(const UCHAR *Data, ULONG Length) {
  ULONG crc = 0xffffffff;
  ULONG i;
  for (i = 0; i < Length; i++) {
    crc ^= Data[i];
    crc = CalCrcTable[crc & 0x0f] ^ (crc >> 4);
    crc = CalCrcTable[crc & 0x0f] ^ (crc >> 4);
  }
  return ~crc;
}

ULONG CalCountBits(ULONG Value) {
  ULONG count = 0;
  while (Value != 0) {
    Value &= Value - 1;
    count++;
  }
  return count;
}

ULONG CalAlignUp(ULONG Value, ULONG Alignment) {
  return (Value + Alignment - 1) & ~(Alignment - 1);
}

BOOLEAN CalIsPowerOfTwo(ULONG Value) {
  return Value != 0 && (Value & (Value - 1)) == 0;
}

ULONG CalClamp(ULONG Value, ULONG Low, ULONG High) {
  if (Value < Low) {
    return Low;
  }
  if (Value > High) {
    return High;
  }
  return Value;
}

NTSTATUS CalValidateConfig(const CAL_CONFIG *Config) {
  if (Config->Mode > 3) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Config->Timeout < 10 || Config->Timeout > 60000) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Config->Threshold == 0 || Config->Threshold > CAL_RING_SIZE) {
    return STATUS_INVALID_PARAMETER;
  }
  if ((Config->Flags & ~0x7u) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Config->Channel >= 16) {
    return STATUS_INVALID_PARAMETER;
  }
  return STATUS_SUCCESS;
}

const char *CalPnpMinorName(UCHAR Minor) {
  switch (Minor) {
    case IRP_MN_START_DEVICE: return "START_DEVICE";
    case IRP_MN_QUERY_REMOVE_DEVICE: return "QUERY_REMOVE_DEVICE";
    case IRP_MN_REMOVE_DEVICE: return "REMOVE_DEVICE";
    case IRP_MN_CANCEL_REMOVE_DEVICE: return "CANCEL_REMOVE_DEVICE";
    case IRP_MN_STOP_DEVICE: return "STOP_DEVICE";
    case IRP_MN_QUERY_STOP_DEVICE: return "QUERY_STOP_DEVICE";
    case IRP_MN_CANCEL_STOP_DEVICE: return "CANCEL_STOP_DEVICE";
    case IRP_MN_QUERY_CAPABILITIES: return "QUERY_CAPABILITIES";
    case IRP_MN_SURPRISE_REMOVAL: return "SURPRISE_REMOVAL";
    default: return "UNKNOWN";
  }
}

ULONG CalFindTableSlot(PDEVICE_EXTENSION Ext, PVOID Object) {
  ULONG i;
  for (i = 0; i < Ext->TableCount; i++) {
    if (Ext->Table[i] == Object) {
      return i;
    }
  }
  return (ULONG)-1;
}

NTSTATUS CalTableInsert(PDEVICE_EXTENSION Ext, PVOID Object) {
  NTSTATUS status = STATUS_SUCCESS;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&Ext->TableResource, TRUE);
  if (CalFindTableSlot(Ext, Object) != (ULONG)-1) {
    status = STATUS_INVALID_PARAMETER;
  } else if (Ext->TableCount >= 16) {
    status = STATUS_INSUFFICIENT_RESOURCES;
  } else {
    Ext->Table[Ext->TableCount++] = Object;
  }
  ExReleaseResourceLite(&Ext->TableResource);
  KeLeaveCriticalRegion();
  return status;
}

BOOLEAN CalTableRemove(PDEVICE_EXTENSION Ext, PVOID Object) {
  ULONG slot;
  BOOLEAN removed = FALSE;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&Ext->TableResource, TRUE);
  slot = CalFindTableSlot(Ext, Object);
  if (slot != (ULONG)-1) {
    Ext->TableCount--;
    Ext->Table[slot] = Ext->Table[Ext->TableCount];
    Ext->Table[Ext->TableCount] = NULL;
    removed = TRUE;
  }
  ExReleaseResourceLite(&Ext->TableResource);
  KeLeaveCriticalRegion();
  return removed;
}

ULONG CalTableSnapshot(PDEVICE_EXTENSION Ext, PVOID *Out, ULONG Capacity) {
  ULONG n;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&Ext->TableResource, TRUE);
  n = min(Capacity, Ext->TableCount);
  RtlCopyMemory(Out, Ext->Table, n * sizeof(PVOID));
  ExReleaseResourceLite(&Ext->TableResource);
  KeLeaveCriticalRegion();
  return n;
}

VOID CalSwapBytes(PUCHAR Buffer, ULONG Length) {
  ULONG i;
  for (i = 0; i + 1 < Length; i += 2) {
    UCHAR t = Buffer[i];
    Buffer[i] = Buffer[i + 1];
    Buffer[i + 1] = t;
  }
}

LONGLONG CalElapsedMs(LONGLONG Start) {
  LARGE_INTEGER now;
  KeQuerySystemTimePrecise(&now);
  return (now.QuadPart - Start) / 10000;
}

BOOLEAN CalMacIsDefault(const UCHAR *Mac) {
  return RtlEqualMemory(Mac, CalDefaultMac, 6);
}

ULONG CalHashName(PCUNICODE_STRING Name) {
  ULONG hash = 2166136261u;
  USHORT i;
  for (i = 0; i < Name->Length / sizeof(WCHAR); i++) {
    WCHAR c = Name->Buffer[i];
    if (c >= 'a' && c <= 'z') {
      c = (WCHAR)(c - 'a' + 'A');
    }
    hash = (hash ^ c) * 16777619u;
  }
  return hash;
}
