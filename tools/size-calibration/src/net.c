/* A network-style packet path: packet lists, filtering, statistics. */
#include "drv.h"

typedef struct _CAL_PACKET {
  struct _CAL_PACKET *Next;
  PMDL Mdl;
  ULONG Length;
  ULONG Flags;
  NTSTATUS Status;
  USHORT EtherType;
  UCHAR Destination[6];
  UCHAR Source[6];
  UCHAR Priority;
} CAL_PACKET, *PCAL_PACKET;

typedef struct _CAL_ADAPTER {
  KSPIN_LOCK SendLock;
  KSPIN_LOCK ReceiveLock;
  PCAL_PACKET SendHead;
  PCAL_PACKET SendTail;
  ULONG SendCount;
  ULONG MaxSends;
  ULONGLONG FramesSent;
  ULONGLONG FramesReceived;
  ULONGLONG FramesDropped;
  ULONGLONG BytesSent;
  UCHAR CurrentAddress[6];
  UCHAR Multicast[8][6];
  ULONG MulticastCount;
  ULONG PacketFilter;
  BOOLEAN Paused;
  PCAL_REGISTERS Registers;
} CAL_ADAPTER, *PCAL_ADAPTER;

extern VOID CalIndicateReceive(PCAL_ADAPTER Adapter, PCAL_PACKET Packets, ULONG Count);
extern VOID CalCompleteSends(PCAL_ADAPTER Adapter, PCAL_PACKET Packets, NTSTATUS Status);

VOID CalSendPackets(PCAL_ADAPTER Adapter, PCAL_PACKET Packets) {
  PCAL_PACKET rejected = NULL;
  PCAL_PACKET next;
  KIRQL oldIrql;

  KeAcquireSpinLock(&Adapter->SendLock, &oldIrql);
  for (; Packets != NULL; Packets = next) {
    next = Packets->Next;
    Packets->Next = NULL;
    if (Adapter->Paused || Adapter->SendCount >= Adapter->MaxSends) {
      Packets->Status = STATUS_DEVICE_BUSY;
      Packets->Next = rejected;
      rejected = Packets;
      continue;
    }
    if (Adapter->SendTail == NULL) {
      Adapter->SendHead = Packets;
    } else {
      Adapter->SendTail->Next = Packets;
    }
    Adapter->SendTail = Packets;
    Adapter->SendCount++;
  }
  KeReleaseSpinLock(&Adapter->SendLock, oldIrql);
  if (rejected != NULL) {
    CalCompleteSends(Adapter, rejected, STATUS_DEVICE_BUSY);
  }
}

BOOLEAN CalAddressMatches(PCAL_ADAPTER Adapter, const UCHAR *Destination) {
  ULONG i;
  if ((Destination[0] & 1) == 0) {
    return RtlEqualMemory(Destination, Adapter->CurrentAddress, 6);
  }
  if (Destination[0] == 0xff && Destination[1] == 0xff && Destination[2] == 0xff) {
    return (Adapter->PacketFilter & 0x8) != 0;
  }
  if (Adapter->PacketFilter & 0x4) {
    return TRUE;
  }
  for (i = 0; i < Adapter->MulticastCount; i++) {
    if (RtlEqualMemory(Destination, Adapter->Multicast[i], 6)) {
      return TRUE;
    }
  }
  return FALSE;
}

VOID CalReceivePackets(PCAL_ADAPTER Adapter, PCAL_PACKET Packets) {
  PCAL_PACKET accepted = NULL;
  PCAL_PACKET *tail = &accepted;
  ULONG count = 0;
  PCAL_PACKET next;

  KeAcquireSpinLockAtDpcLevel(&Adapter->ReceiveLock);
  for (; Packets != NULL; Packets = next) {
    next = Packets->Next;
    if (Adapter->Paused || !CalAddressMatches(Adapter, Packets->Destination)) {
      Adapter->FramesDropped++;
      continue;
    }
    Packets->Next = NULL;
    *tail = Packets;
    tail = &Packets->Next;
    count++;
    Adapter->FramesReceived++;
  }
  KeReleaseSpinLockFromDpcLevel(&Adapter->ReceiveLock);
  if (count != 0) {
    CalIndicateReceive(Adapter, accepted, count);
  }
}

NTSTATUS CalSetMulticastList(PCAL_ADAPTER Adapter, const UCHAR *List, ULONG Bytes) {
  ULONG count = Bytes / 6;
  KIRQL oldIrql;
  if (Bytes % 6 != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  if (count > 8) {
    return STATUS_BUFFER_TOO_SMALL;
  }
  KeAcquireSpinLock(&Adapter->ReceiveLock, &oldIrql);
  RtlCopyMemory(Adapter->Multicast, List, Bytes);
  Adapter->MulticastCount = count;
  KeReleaseSpinLock(&Adapter->ReceiveLock, oldIrql);
  return STATUS_SUCCESS;
}

UCHAR CalClassifyPriority(const CAL_PACKET *Packet) {
  if (Packet->EtherType == 0x8100) {
    return Packet->Priority >> 5;
  }
  if (Packet->EtherType == 0x0800 || Packet->EtherType == 0x86dd) {
    return (Packet->Flags & 0x10) ? 5 : 0;
  }
  return Packet->EtherType == 0x88f7 ? 7 : 0;
}

VOID CalTransmitComplete(PCAL_ADAPTER Adapter) {
  PCAL_PACKET done = NULL;
  KIRQL oldIrql;
  ULONG completed = READ_REGISTER_ULONG(&Adapter->Registers->Data[2]);

  KeAcquireSpinLock(&Adapter->SendLock, &oldIrql);
  while (completed-- != 0 && Adapter->SendHead != NULL) {
    PCAL_PACKET p = Adapter->SendHead;
    Adapter->SendHead = p->Next;
    if (Adapter->SendHead == NULL) {
      Adapter->SendTail = NULL;
    }
    Adapter->SendCount--;
    Adapter->FramesSent++;
    Adapter->BytesSent += p->Length;
    p->Status = STATUS_SUCCESS;
    p->Next = done;
    done = p;
  }
  KeReleaseSpinLock(&Adapter->SendLock, oldIrql);
  if (done != NULL) {
    CalCompleteSends(Adapter, done, STATUS_SUCCESS);
  }
}

VOID CalPause(PCAL_ADAPTER Adapter) {
  KIRQL oldIrql;
  PCAL_PACKET pending;
  KeAcquireSpinLock(&Adapter->SendLock, &oldIrql);
  Adapter->Paused = TRUE;
  pending = Adapter->SendHead;
  Adapter->SendHead = NULL;
  Adapter->SendTail = NULL;
  Adapter->SendCount = 0;
  KeReleaseSpinLock(&Adapter->SendLock, oldIrql);
  if (pending != NULL) {
    CalCompleteSends(Adapter, pending, STATUS_CANCELLED);
  }
}

VOID CalRestart(PCAL_ADAPTER Adapter) {
  Adapter->Paused = FALSE;
}

ULONG CalQueryStatistic(PCAL_ADAPTER Adapter, ULONG Oid, PVOID Buffer, ULONG Length) {
  ULONGLONG value;
  switch (Oid) {
    case 0x00020101: value = Adapter->FramesSent; break;
    case 0x00020102: value = Adapter->FramesReceived; break;
    case 0x00020104: value = Adapter->FramesDropped; break;
    case 0x00020219: value = Adapter->BytesSent; break;
    default: return 0;
  }
  if (Length >= sizeof(ULONGLONG)) {
    *(ULONGLONG *)Buffer = value;
    return sizeof(ULONGLONG);
  }
  if (Length >= sizeof(ULONG)) {
    *(PULONG)Buffer = (ULONG)value;
    return sizeof(ULONG);
  }
  return 0;
}

NTSTATUS CalInitializeAdapter(PCAL_ADAPTER *Out) {
  PCAL_ADAPTER adapter;
  PAGED_CODE();
  adapter = (PCAL_ADAPTER)ExAllocatePool2(0x40, sizeof(CAL_ADAPTER), CAL_TAG);
  if (adapter == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  KeInitializeSpinLock(&adapter->SendLock);
  KeInitializeSpinLock(&adapter->ReceiveLock);
  adapter->MaxSends = 256;
  adapter->PacketFilter = 0x1 | 0x8;
  RtlCopyMemory(adapter->CurrentAddress, CalDefaultMac, 6);
  adapter->Paused = TRUE;
  *Out = adapter;
  return STATUS_SUCCESS;
}
