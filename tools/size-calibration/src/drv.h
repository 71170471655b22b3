/* The calibration driver's own declarations: a device extension, its pool tag, its IOCTLs. */
#ifndef CALIBRATION_DRV_H
#define CALIBRATION_DRV_H

#include "kernel.h"

#define CAL_TAG 'laCP'
#define CAL_MAX_TRANSFER 0x10000
#define CAL_RING_SIZE 64

#define IOCTL_CAL_GET_VERSION CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_RESET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_SET_CONFIG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_GET_CONFIG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_READ_REG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x805, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_WRITE_REG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x806, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAL_WAIT_EVENT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x807, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef enum _CAL_PNP_STATE { NotStarted, Started, StopPending, Stopped, RemovePending, SurpriseRemoved,
  Deleted } CAL_PNP_STATE;

typedef struct _CAL_STATS {
  ULONG Reads;
  ULONG Writes;
  ULONG Ioctls;
  ULONG Errors;
  ULONGLONG BytesRead;
  ULONGLONG BytesWritten;
  ULONG Interrupts;
  ULONG Dpcs;
} CAL_STATS, *PCAL_STATS;

typedef struct _CAL_CONFIG {
  ULONG Mode;
  ULONG Timeout;
  ULONG Threshold;
  ULONG Flags;
  USHORT Channel;
  USHORT Reserved;
} CAL_CONFIG, *PCAL_CONFIG;

typedef struct _CAL_REQUEST {
  LIST_ENTRY Link;
  PIRP Irp;
  ULONG Length;
  ULONG Offset;
  ULONG Flags;
  NTSTATUS Status;
  UCHAR Data[32];
} CAL_REQUEST, *PCAL_REQUEST;

typedef struct _CAL_REGISTERS {
  volatile ULONG Control;
  volatile ULONG Status;
  volatile ULONG InterruptMask;
  volatile ULONG InterruptStatus;
  volatile ULONG DmaAddressLow;
  volatile ULONG DmaAddressHigh;
  volatile ULONG DmaLength;
  volatile ULONG Data[8];
} CAL_REGISTERS, *PCAL_REGISTERS;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Self;
  PDEVICE_OBJECT LowerDevice;
  PDEVICE_OBJECT Pdo;
  CAL_PNP_STATE PnpState;
  CAL_PNP_STATE PreviousPnpState;
  DEVICE_POWER_STATE DevicePowerState;
  SYSTEM_POWER_STATE SystemPowerState;
  IO_REMOVE_LOCK RemoveLock;
  KSPIN_LOCK QueueLock;
  LIST_ENTRY PendingQueue;
  LIST_ENTRY CompletedQueue;
  ULONG PendingCount;
  LONG OutstandingIo;
  KEVENT StopEvent;
  KEVENT RemoveEvent;
  KEVENT WorkerEvent;
  KTIMER WatchdogTimer;
  KDPC WatchdogDpc;
  KDPC CompletionDpc;
  PIO_WORKITEM WorkItem;
  FAST_MUTEX ConfigMutex;
  ERESOURCE TableResource;
  CAL_CONFIG Config;
  CAL_STATS Stats;
  UNICODE_STRING InterfaceName;
  UNICODE_STRING SymbolicLink;
  PCAL_REGISTERS Registers;
  PHYSICAL_ADDRESS RegistersPhysical;
  ULONG RegistersLength;
  PKINTERRUPT Interrupt;
  ULONG InterruptStatusLatch;
  PVOID WorkerThread;
  BOOLEAN StopWorker;
  BOOLEAN Started;
  BOOLEAN SurpriseRemoved;
  BOOLEAN WakeArmed;
  UCHAR Ring[CAL_RING_SIZE];
  ULONG RingHead;
  ULONG RingTail;
  DEVICE_CAPABILITIES Capabilities;
  PVOID Table[16];
  ULONG TableCount;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

extern ULONG CalDebugLevel;
extern ULONG CalInstances;
extern UNICODE_STRING CalRegistryPath;
extern PDRIVER_OBJECT CalDriverObject;
extern const UCHAR CalDefaultMac[6];

NTSTATUS CalCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information);
NTSTATUS CalSendIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS CalSyncCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
VOID CalSetPnpState(PDEVICE_EXTENSION Ext, CAL_PNP_STATE State);
VOID CalRestorePnpState(PDEVICE_EXTENSION Ext);
NTSTATUS CalStartHardware(PDEVICE_EXTENSION Ext);
VOID CalStopHardware(PDEVICE_EXTENSION Ext);
VOID CalCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp);
VOID CalWatchdogDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2);
VOID CalWorkItemRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context);
VOID CalWorkerThread(PVOID Context);
BOOLEAN CalSynchronizedRead(PVOID Context);
NTSTATUS CalQueueRequest(PDEVICE_EXTENSION Ext, PIRP Irp);
PIRP CalDequeueRequest(PDEVICE_EXTENSION Ext);
VOID CalFlushQueue(PDEVICE_EXTENSION Ext, NTSTATUS Status);
NTSTATUS CalReadRegistryParameters(PDEVICE_EXTENSION Ext);
ULONG CalChecksum(const UCHAR *Data, ULONG Length);

#endif
