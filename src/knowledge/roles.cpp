// Callback roles (paging-rules.md §4.1, §4.3, §4.5) and how drivers register them (§5.1, §5.2).
#include "knowledge/roles.hpp"

#include <iterator>
#include <unordered_map>

#include "knowledge/project_rows.hpp"

namespace pagewise {

namespace {

using G = Governor;
using L = Irql;
using O = ObjectCreateApi::Object;

// --- Sources ------------------------------------------------------------------------------------
#define PW_DDI "https://learn.microsoft.com/windows-hardware/drivers/ddi/"
#define PW_KMDF "microsoft/Windows-Driver-Frameworks: src/publicinc/wdf/kmdf/1.33/"

constexpr const char* kWdfDriverH = PW_KMDF "wdfdriver.h";
constexpr const char* kWdfDeviceH = PW_KMDF "wdfdevice.h";
constexpr const char* kWdfPdoH = PW_KMDF "wdfpdo.h";
constexpr const char* kWdfFdoH = PW_KMDF "wdffdo.h";
constexpr const char* kWdfChildListH = PW_KMDF "wdfchildlist.h";
constexpr const char* kWdfDmaEnablerH = PW_KMDF "wdfdmaenabler.h";
constexpr const char* kWdfDmaTransactionH = PW_KMDF "wdfdmatransaction.h";
constexpr const char* kWdfInterruptH = PW_KMDF "wdfinterrupt.h";
constexpr const char* kWdfIoH = PW_KMDF "wdfio.h";
constexpr const char* kWdfIoTargetH = PW_KMDF "wdfiotarget.h";
constexpr const char* kWdfRequestH = PW_KMDF "wdfrequest.h";
constexpr const char* kWdfUsbH = PW_KMDF "wdfusb.h";
constexpr const char* kWdfObjectH = PW_KMDF "wdfobject.h";
constexpr const char* kWdfRoleTypesH = PW_KMDF "wdfroletypes.h";
constexpr const char* kWdfQueryInterfaceH = PW_KMDF "wdfqueryinterface.h";
constexpr const char* kWdfWmiH = PW_KMDF "wdfwmi.h";
constexpr const char* kWdfControlH = PW_KMDF "wdfcontrol.h";
constexpr const char* kWdfTimerH = PW_KMDF "wdftimer.h";
constexpr const char* kWdfDpcH = PW_KMDF "wdfdpc.h";
constexpr const char* kWdfWorkItemH = PW_KMDF "wdfworkitem.h";
constexpr const char* kWdfMemoryH = PW_KMDF "wdfmemory.h";
constexpr const char* kWdfSyncH = PW_KMDF "wdfsync.h";
constexpr const char* kWdfCollectionH = PW_KMDF "wdfcollection.h";
constexpr const char* kWdfStringH = PW_KMDF "wdfstring.h";
constexpr const char* kWdfCommonBufferH = PW_KMDF "wdfcommonbuffer.h";
constexpr const char* kWdfRegistryH = PW_KMDF "wdfregistry.h";
constexpr const char* kWdfResourceH = PW_KMDF "wdfresource.h";
constexpr const char* kWdfMiniportH = PW_KMDF "wdfminiport.h";
constexpr const char* kReturnsToD0 =
    "https://learn.microsoft.com/windows-hardware/drivers/wdf/"
    "a-device-returns-to-its-working-state";
constexpr const char* kLowPower =
    "https://learn.microsoft.com/windows-hardware/drivers/wdf/a-device-enters-a-low-power-state";
constexpr const char* kCsq = PW_DDI "wdm/nc-wdm-io_csq_acquire_lock";
constexpr const char* kCsqInitialize = PW_DDI "wdm/nf-wdm-iocsqinitialize";
// IoCsqInitializeEx: the IoCsqInitialize layout with an IO_CSQ_INSERT_IRP_EX insert routine.
constexpr const char* kCsqInitializeEx = PW_DDI "wdm/nf-wdm-iocsqinitializeex";
constexpr const char* kConnectInterruptEx = PW_DDI "wdm/ns-wdm-_io_connect_interrupt_parameters";
constexpr const char* kObRegister = PW_DDI "wdm/nf-wdm-obregistercallbacks";
constexpr const char* kWskClientDispatch = PW_DDI "wsk/ns-wsk-_wsk_client_dispatch";
constexpr const char* kWskListenDispatch = PW_DDI "wsk/ns-wsk-_wsk_client_listen_dispatch";
constexpr const char* kWskConnectionDispatch = PW_DDI "wsk/ns-wsk-_wsk_client_connection_dispatch";
constexpr const char* kWskDatagramDispatch = PW_DDI "wsk/ns-wsk-_wsk_client_datagram_dispatch";
constexpr const char* kDxgkInitData = PW_DDI "dispmprt/ns-dispmprt-_driver_initialization_data";
constexpr const char* kPoFxDevice = PW_DDI "wdm/ns-wdm-_po_fx_device_v1";
constexpr const char* kUsbIdleNotification =
    PW_DDI "usbioctl/ni-usbioctl-ioctl_internal_usb_submit_idle_notification";
constexpr const char* kObjectCleanup =
    PW_DDI "wdfobject/nc-wdfobject-evt_wdf_object_context_cleanup";

// Flag sets. Every role but DriverEntry runs after initialization.
constexpr uint16_t kLater = kRoleLater;
constexpr uint16_t kIrqPath = kRoleInterruptPath | kRoleLater;
constexpr uint16_t kPower = kRolePowerTransition | kRoleLater;
constexpr uint16_t kD0Power = kRoleReturnToD0 | kRolePowerTransition | kRoleLater;
// On the return-to-D0 list but not named among the power-transition callbacks of §4.5.
constexpr uint16_t kD0 = kRoleReturnToD0 | kRoleLater;

// Field order: name, irql, certain, governor, flags, source.
constexpr CallbackRole kRoles[] = {
    // === WDM and kernel roles (§4.1) ===========================================================
    {"DRIVER_INITIALIZE", L::Passive, true, G::None, kRoleInit,
     PW_DDI "wdm/nc-wdm-driver_initialize"},
    {"DRIVER_REINITIALIZE", L::Passive, true, G::None, kLater,
     PW_DDI "ntddk/nc-ntddk-driver_reinitialize"},
    {"DRIVER_UNLOAD", L::Passive, true, G::None, kLater, PW_DDI "wdm/nc-wdm-driver_unload"},
    {"DRIVER_ADD_DEVICE", L::Passive, true, G::None, kLater | kRolePnpDevice,
     PW_DDI "wdm/nc-wdm-driver_add_device"},
    // PASSIVE in general; the paging-path (APC) and power-IRP (DISPATCH) exceptions depend on the
    // major function and the device flags and are decided by the engine.
    {"DRIVER_DISPATCH", L::Passive, true, G::None, kLater, PW_DDI "wdm/nc-wdm-driver_dispatch"},
    {"DRIVER_STARTIO", L::Dispatch, true, G::None, kLater, PW_DDI "wdm/nc-wdm-driver_startio"},
    {"DRIVER_CANCEL", L::Dispatch, true, G::None, kLater, PW_DDI "wdm/nc-wdm-driver_cancel"},
    {"IO_COMPLETION_ROUTINE", L::Dispatch, false, G::None, kLater,
     PW_DDI "wdm/nc-wdm-io_completion_routine"},
    // Also the role of threaded DPCs: they run at DISPATCH when threaded DPCs are disabled.
    {"KDEFERRED_ROUTINE", L::Dispatch, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-kdeferred_routine"},
    {"IO_DPC_ROUTINE", L::Dispatch, true, G::None, kIrqPath, PW_DDI "wdm/nc-wdm-io_dpc_routine"},
    {"KSERVICE_ROUTINE", L::Dirql, true, G::None, kIrqPath, PW_DDI "wdm/nc-wdm-kservice_routine"},
    {"KMESSAGE_SERVICE_ROUTINE", L::Dirql, true, G::None, kIrqPath,
     PW_DDI "wdm/nc-wdm-kmessage_service_routine"},
    {"KSYNCHRONIZE_ROUTINE", L::Dirql, true, G::None, kIrqPath,
     PW_DDI "wdm/nc-wdm-ksynchronize_routine"},
    {"IO_WORKITEM_ROUTINE", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-io_workitem_routine"},
    {"IO_WORKITEM_ROUTINE_EX", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-io_workitem_routine_ex"},
    {"WORKER_THREAD_ROUTINE", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nf-wdm-exinitializeworkitem"},
    {"KSTART_ROUTINE", L::Passive, true, G::None, kLater, PW_DDI "wdm/nc-wdm-kstart_routine"},
    {"DRIVER_CONTROL", L::Dispatch, true, G::None, kLater, PW_DDI "wdm/nc-wdm-driver_control"},
    {"DRIVER_LIST_CONTROL", L::Dispatch, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-driver_list_control"},
    {"IO_TIMER_ROUTINE", L::Dispatch, true, G::None, kLater, PW_DDI "wdm/nc-wdm-io_timer_routine"},
    {"EXT_CALLBACK", L::Dispatch, true, G::None, kLater, PW_DDI "wdm/nc-wdm-ext_callback"},
    {"REQUEST_POWER_COMPLETE", L::Dispatch, false, G::None, kLater,
     PW_DDI "wdm/nc-wdm-request_power_complete"},
    // The process, thread and image notification types exist only as pointer typedefs (P...).
    {"PCREATE_PROCESS_NOTIFY_ROUTINE", L::Passive, true, G::None, kLater,
     PW_DDI "ntddk/nc-ntddk-pcreate_process_notify_routine"},
    {"PCREATE_PROCESS_NOTIFY_ROUTINE_EX", L::Passive, true, G::None, kLater,
     PW_DDI "ntddk/nc-ntddk-pcreate_process_notify_routine_ex"},
    // PASSIVE or APC.
    {"PCREATE_THREAD_NOTIFY_ROUTINE", L::Apc, false, G::None, kLater,
     PW_DDI "ntddk/nc-ntddk-pcreate_thread_notify_routine"},
    {"PLOAD_IMAGE_NOTIFY_ROUTINE", L::Passive, true, G::None, kLater,
     PW_DDI "ntddk/nc-ntddk-pload_image_notify_routine"},
    {"EX_CALLBACK_FUNCTION", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-ex_callback_function"},
    {"POB_PRE_OPERATION_CALLBACK", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-pob_pre_operation_callback"},
    {"POB_POST_OPERATION_CALLBACK", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-pob_pre_operation_callback"},
    // PCALLBACK_FUNCTION points to a CALLBACK_FUNCTION; it runs at the IRQL of whoever calls
    // ExNotifyCallback (<= DISPATCH).
    {"CALLBACK_FUNCTION", L::Dispatch, false, G::None, kLater,
     PW_DDI "wdm/nf-wdm-exregistercallback"},
    // UNCONFIRMED: the callback typedef's own page was missing from the reference's snapshot; the
    // registration routine is PASSIVE.
    {"DRIVER_NOTIFICATION_CALLBACK_ROUTINE", L::Passive, true, G::None, kLater,
     PW_DDI "wdm/nf-wdm-ioregisterplugplaynotification"},
    {"KBUGCHECK_CALLBACK_ROUTINE", L::High, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-kbugcheck_callback_routine"},
    {"KIPI_BROADCAST_WORKER", L::High, true, G::None, kLater,
     PW_DDI "wdm/nc-wdm-kipi_broadcast_worker"},
    // Cancel-safe queue callbacks run under the driver's own lock: DISPATCH when it is a spin lock.
    {"IO_CSQ_INSERT_IRP", L::Dispatch, false, G::None, kLater, kCsq},
    {"IO_CSQ_INSERT_IRP_EX", L::Dispatch, false, G::None, kLater, kCsq},
    {"IO_CSQ_REMOVE_IRP", L::Dispatch, false, G::None, kLater, kCsq},
    {"IO_CSQ_PEEK_NEXT_IRP", L::Dispatch, false, G::None, kLater, kCsq},
    {"IO_CSQ_ACQUIRE_LOCK", L::Dispatch, false, G::None, kLater, kCsq},
    {"IO_CSQ_RELEASE_LOCK", L::Dispatch, false, G::None, kLater, kCsq},
    {"IO_CSQ_COMPLETE_CANCELED_IRP", L::Dispatch, false, G::None, kLater, kCsq},

    // === KMDF roles (§4.3); flags from §4.5 ====================================================
    // --- Driver -------------------------------------------------------------------------------
    {"EVT_WDF_DRIVER_DEVICE_ADD", L::Passive, true, G::None, kLater,
     PW_DDI "wdfdriver/nc-wdfdriver-evt_wdf_driver_device_add"},
    {"EVT_WDF_DRIVER_UNLOAD", L::Passive, true, G::None, kLater, kWdfDriverH},
    {"EVT_WDF_TRACE_CALLBACK", L::Passive, true, G::None, kLater, kWdfDriverH},

    // --- Device PnP and power (WDF_PNPPOWER_EVENT_CALLBACKS) -----------------------------------
    {"EVT_WDF_DEVICE_PREPARE_HARDWARE", L::Passive, true, G::None, kLater,
     PW_DDI "wdfdevice/nc-wdfdevice-evt_wdf_device_prepare_hardware"},
    {"EVT_WDF_DEVICE_RELEASE_HARDWARE", L::Passive, true, G::None, kLater,
     PW_DDI "wdfdevice/nc-wdfdevice-evt_wdf_device_release_hardware"},
    {"EVT_WDF_DEVICE_D0_ENTRY", L::Passive, true, G::None, kD0Power,
     PW_DDI "wdfdevice/nc-wdfdevice-evt_wdf_device_d0_entry"},
    {"EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED", L::Passive, true, G::None, kD0Power,
     kReturnsToD0},
    {"EVT_WDF_DEVICE_D0_EXIT", L::Passive, true, G::None, kPower, kLowPower},
    {"EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED", L::Passive, true, G::None, kPower,
     kLowPower},
    {"EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND", L::Passive, true, G::None, kPower, kWdfDeviceH},
    {"EVT_WDF_DEVICE_SELF_MANAGED_IO_FLUSH", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART", L::Passive, true, G::None, kD0Power, kReturnsToD0},
    {"EVT_WDF_DEVICE_QUERY_STOP", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_QUERY_REMOVE", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_SURPRISE_REMOVAL", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_USAGE_NOTIFICATION", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_USAGE_NOTIFICATION_EX", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_RELATIONS_QUERY", L::Passive, true, G::None, kLater, kWdfDeviceH},

    // --- Power policy (WDF_POWER_POLICY_EVENT_CALLBACKS) ---------------------------------------
    {"EVT_WDF_DEVICE_ARM_WAKE_FROM_S0", L::Passive, true, G::None, kPower, kWdfDeviceH},
    {"EVT_WDF_DEVICE_ARM_WAKE_FROM_SX", L::Passive, true, G::None, kPower, kWdfDeviceH},
    {"EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON", L::Passive, true, G::None, kPower, kWdfDeviceH},
    {"EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0", L::Passive, true, G::None, kD0Power, kReturnsToD0},
    {"EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX", L::Passive, true, G::None, kD0Power, kReturnsToD0},
    {"EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED", L::Passive, true, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED", L::Passive, true, G::None, kLater, kWdfDeviceH},

    // --- PDO and FDO event callbacks -------------------------------------------------------------
    {"EVT_WDF_DEVICE_ENABLE_WAKE_AT_BUS", L::Passive, true, G::None, kLater, kWdfPdoH},
    {"EVT_WDF_DEVICE_DISABLE_WAKE_AT_BUS", L::Passive, true, G::None, kD0, kReturnsToD0},
    {"EVT_WDF_DEVICE_RESOURCES_QUERY", L::Passive, true, G::None, kLater, kWdfPdoH},
    {"EVT_WDF_DEVICE_RESOURCE_REQUIREMENTS_QUERY", L::Passive, true, G::None, kLater, kWdfPdoH},
    {"EVT_WDF_DEVICE_EJECT", L::Passive, true, G::None, kLater, kWdfPdoH},
    {"EVT_WDF_DEVICE_SET_LOCK", L::Passive, true, G::None, kLater, kWdfPdoH},
    {"EVT_WDF_DEVICE_REPORTED_MISSING", L::Passive, true, G::None, kLater, kWdfPdoH},
    {"EVT_WDF_DEVICE_FILTER_RESOURCE_REQUIREMENTS", L::Passive, true, G::None, kLater, kWdfFdoH},
    {"EVT_WDF_DEVICE_REMOVE_ADDED_RESOURCES", L::Passive, true, G::None, kLater, kWdfFdoH},

    // --- Child lists ----------------------------------------------------------------------------
    {"EVT_WDF_CHILD_LIST_SCAN_FOR_CHILDREN", L::Passive, true, G::None, kD0, kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_CREATE_DEVICE", L::Passive, true, G::None, kLater, kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_COPY", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_DUPLICATE", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_COMPARE", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_CLEANUP", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_COPY", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_DUPLICATE", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_CLEANUP", L::Dispatch, false, G::None, kLater,
     kWdfChildListH},
    {"EVT_WDF_CHILD_LIST_DEVICE_REENUMERATED", L::Dispatch, false, G::None, kLater, kWdfChildListH},

    // --- DMA -------------------------------------------------------------------------------------
    {"EVT_WDF_DMA_ENABLER_FILL", L::Passive, true, G::None, kD0Power, kWdfDmaEnablerH},
    {"EVT_WDF_DMA_ENABLER_FLUSH", L::Passive, true, G::None, kPower, kWdfDmaEnablerH},
    {"EVT_WDF_DMA_ENABLER_ENABLE", L::Passive, true, G::None, kD0Power, kWdfDmaEnablerH},
    {"EVT_WDF_DMA_ENABLER_DISABLE", L::Passive, true, G::None, kPower, kWdfDmaEnablerH},
    {"EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START", L::Passive, true, G::None, kD0Power,
     kWdfDmaEnablerH},
    {"EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP", L::Passive, true, G::None, kPower, kWdfDmaEnablerH},
    {"EVT_WDF_PROGRAM_DMA", L::Dispatch, true, G::None, kLater, kWdfDmaTransactionH},
    {"EVT_WDF_DMA_TRANSACTION_CONFIGURE_DMA_CHANNEL", L::Dispatch, true, G::None, kLater,
     kWdfDmaTransactionH},
    {"EVT_WDF_DMA_TRANSACTION_DMA_TRANSFER_COMPLETE", L::Dispatch, true, G::None, kLater,
     kWdfDmaTransactionH},
    {"EVT_WDF_RESERVE_DMA", L::Dispatch, true, G::None, kLater, kWdfDmaTransactionH},

    // --- Interrupts, DPCs, timers, work items ----------------------------------------------------
    // A passive-level interrupt (KMDF 1.11+) runs these at PASSIVE, hence G::Interrupt: the
    // engine lowers them when the interrupt's configuration says so.
    {"EVT_WDF_INTERRUPT_ISR", L::Dirql, true, G::Interrupt, kIrqPath,
     PW_DDI "wdfinterrupt/nc-wdfinterrupt-evt_wdf_interrupt_isr"},
    {"EVT_WDF_INTERRUPT_ENABLE", L::Dirql, true, G::Interrupt, kIrqPath | kD0Power,
     PW_DDI "wdfinterrupt/nc-wdfinterrupt-evt_wdf_interrupt_enable"},
    {"EVT_WDF_INTERRUPT_DISABLE", L::Dirql, true, G::Interrupt, kIrqPath | kPower,
     PW_DDI "wdfinterrupt/nc-wdfinterrupt-evt_wdf_interrupt_disable"},
    {"EVT_WDF_INTERRUPT_SYNCHRONIZE", L::Dirql, true, G::Interrupt, kIrqPath,
     PW_DDI "wdfinterrupt/nc-wdfinterrupt-evt_wdf_interrupt_synchronize"},
    {"EVT_WDF_INTERRUPT_DPC", L::Dispatch, true, G::None, kIrqPath,
     PW_DDI "wdfinterrupt/nc-wdfinterrupt-evt_wdf_interrupt_dpc"},
    {"EVT_WDF_INTERRUPT_WORKITEM", L::Passive, true, G::None, kLater,
     PW_DDI "wdfinterrupt/nc-wdfinterrupt-evt_wdf_interrupt_workitem"},
    {"EVT_WDF_DPC", L::Dispatch, true, G::None, kLater, PW_DDI "wdfdpc/nc-wdfdpc-evt_wdf_dpc"},
    {"EVT_WDF_TIMER", L::Dispatch, false, G::Timer, kLater,
     PW_DDI "wdftimer/nc-wdftimer-evt_wdf_timer"},
    {"EVT_WDF_WORKITEM", L::Passive, true, G::None, kLater,
     PW_DDI "wdfworkitem/nc-wdfworkitem-evt_wdf_workitem"},

    // --- Queues and requests --------------------------------------------------------------------
    {"EVT_WDF_IO_QUEUE_IO_DEFAULT", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_READ", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_WRITE", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_STOP", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_RESUME", L::Dispatch, false, G::Queue, kD0, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_QUEUE_STATE", L::Dispatch, false, G::Queue, kLater, kWdfIoH},
    {"EVT_WDF_IO_ALLOCATE_RESOURCES_FOR_RESERVED_REQUEST", L::Dispatch, false, G::None, kLater,
     kWdfIoH},
    {"EVT_WDF_IO_ALLOCATE_REQUEST_RESOURCES", L::Dispatch, false, G::None, kLater, kWdfIoH},
    {"EVT_WDF_IO_WDM_IRP_FOR_FORWARD_PROGRESS", L::Dispatch, false, G::None, kLater, kWdfIoH},
    // The caller's IRQL: PASSIVE only when the driver is known to sit at the top of its stack.
    {"EVT_WDF_IO_IN_CALLER_CONTEXT", L::Dispatch, false, G::None, kLater, kWdfDeviceH},
    {"EVT_WDFDEVICE_WDM_IRP_PREPROCESS", L::Dispatch, false, G::None, kLater, kWdfDeviceH},
    {"EVT_WDFDEVICE_WDM_IRP_DISPATCH", L::Dispatch, false, G::None, kLater, kWdfDeviceH},
    {"EVT_WDF_REQUEST_CANCEL", L::Dispatch, false, G::None, kLater, kWdfRequestH},
    // <= DISPATCH whatever the ExecutionLevel, hence no governor.
    {"EVT_WDF_REQUEST_COMPLETION_ROUTINE", L::Dispatch, false, G::None, kLater,
     PW_DDI "wdfrequest/nc-wdfrequest-evt_wdf_request_completion_routine"},
    {"EVT_WDF_USB_READER_COMPLETION_ROUTINE", L::Dispatch, false, G::None, kLater,
     PW_DDI "wdfusb/nc-wdfusb-evt_wdf_usb_reader_completion_routine"},
    {"EVT_WDF_USB_READERS_FAILED", L::Passive, true, G::None, kLater, kWdfUsbH},

    // --- File objects: PASSIVE per the KMDF source; the docs disagree for Dispatch/Device scope
    //     (paging-rules.md §4.4), so the file object's constraints stay visible to the engine.
    {"EVT_WDF_DEVICE_FILE_CREATE", L::Passive, true, G::File, kLater,
     PW_DDI "wdfdevice/nc-wdfdevice-evt_wdf_device_file_create"},
    {"EVT_WDF_FILE_CLOSE", L::Passive, true, G::File, kLater, kWdfDeviceH},
    {"EVT_WDF_FILE_CLEANUP", L::Passive, true, G::File, kLater, kWdfDeviceH},

    // --- Object cleanup and destroy, with the per-object aliases of wdfroletypes.h ---------------
    {"EVT_WDF_OBJECT_CONTEXT_CLEANUP", L::Dispatch, false, G::Object, kLater, kObjectCleanup},
    {"EVT_WDF_OBJECT_CONTEXT_DESTROY", L::Dispatch, false, G::Object, kLater, kObjectCleanup},
    {"EVT_WDF_DEVICE_CONTEXT_CLEANUP", L::Dispatch, false, G::Object, kLater, kWdfRoleTypesH},
    {"EVT_WDF_DEVICE_CONTEXT_DESTROY", L::Dispatch, false, G::Object, kLater, kWdfRoleTypesH},
    {"EVT_WDF_IO_QUEUE_CONTEXT_CLEANUP_CALLBACK", L::Dispatch, false, G::Object, kLater,
     kWdfRoleTypesH},
    {"EVT_WDF_IO_QUEUE_CONTEXT_DESTROY_CALLBACK", L::Dispatch, false, G::Object, kLater,
     kWdfRoleTypesH},
    {"EVT_WDF_FILE_CONTEXT_CLEANUP_CALLBACK", L::Dispatch, false, G::Object, kLater,
     kWdfRoleTypesH},
    {"EVT_WDF_FILE_CONTEXT_DESTROY_CALLBACK", L::Dispatch, false, G::Object, kLater,
     kWdfRoleTypesH},

    // --- I/O targets, query interface, WMI, control devices, state notifications ----------------
    {"EVT_WDF_IO_TARGET_QUERY_REMOVE", L::Passive, true, G::None, kLater, kWdfIoTargetH},
    {"EVT_WDF_IO_TARGET_REMOVE_CANCELED", L::Passive, true, G::None, kLater, kWdfIoTargetH},
    {"EVT_WDF_IO_TARGET_REMOVE_COMPLETE", L::Passive, true, G::None, kLater, kWdfIoTargetH},
    {"EVT_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST", L::Passive, true, G::None, kLater,
     kWdfQueryInterfaceH},
    {"EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE", L::Passive, true, G::None, kLater, kWdfWmiH},
    {"EVT_WDF_WMI_INSTANCE_SET_INSTANCE", L::Passive, true, G::None, kLater, kWdfWmiH},
    {"EVT_WDF_WMI_INSTANCE_SET_ITEM", L::Passive, true, G::None, kLater, kWdfWmiH},
    {"EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD", L::Passive, true, G::None, kLater, kWdfWmiH},
    {"EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL", L::Passive, true, G::None, kLater, kWdfWmiH},
    {"EVT_WDF_DEVICE_SHUTDOWN_NOTIFICATION", L::Passive, true, G::None, kLater, kWdfControlH},
    {"EVT_WDF_DEVICE_PNP_STATE_CHANGE_NOTIFICATION", L::Passive, true, G::None, kLater,
     kWdfDeviceH},
    {"EVT_WDF_DEVICE_POWER_STATE_CHANGE_NOTIFICATION", L::Passive, true, G::None, kLater,
     kWdfDeviceH},
    {"EVT_WDF_DEVICE_POWER_POLICY_STATE_CHANGE_NOTIFICATION", L::Passive, true, G::None, kLater,
     kWdfDeviceH},

    // === Winsock Kernel client event callbacks: "at any IRQL <= DISPATCH_LEVEL" (a contract;
    //     WSK_FLAG_AT_DISPATCH_LEVEL tells the callback when it is DISPATCH_LEVEL) ==============
    {"PFN_WSK_CLIENT_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_client_event"},
    {"PFN_WSK_ACCEPT_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_accept_event"},
    {"PFN_WSK_INSPECT_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_inspect_event"},
    {"PFN_WSK_ABORT_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_abort_event"},
    {"PFN_WSK_RECEIVE_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_receive_event"},
    {"PFN_WSK_DISCONNECT_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_disconnect_event"},
    {"PFN_WSK_SEND_BACKLOG_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_send_backlog_event"},
    {"PFN_WSK_RECEIVE_FROM_EVENT", L::Dispatch, false, G::None, kLater,
     PW_DDI "wsk/nc-wsk-pfn_wsk_receive_from_event"},

    // === Display miniport and display-only drivers (DXGK): DRIVER_INITIALIZATION_DATA and
    //     KMDDOD_INITIALIZATION_DATA fields given to DxgkInitialize(DisplayOnlyDriver) ===========
    // "can be called at any IRQL, so it must be in nonpageable memory": the bugcheck and reset
    // paths.
    {"DXGKDDI_RESET_DEVICE", L::High, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_reset_device"},
    {"DXGKDDI_SYSTEM_DISPLAY_ENABLE", L::High, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_system_display_enable"},
    {"DXGKDDI_SYSTEM_DISPLAY_WRITE", L::High, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_system_display_write"},
    // "generally runs at an undefined IRQL", yet must be pageable and PASSIVE_LEVEL for the TDR
    // reasons: the page contradicts itself, so a contract (the lower severity).
    {"DXGKDDI_COLLECTDBGINFO", L::High, false, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_collectdbginfo"},
    {"DXGKDDI_INTERRUPT_ROUTINE", L::Dirql, true, G::None, kIrqPath,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_interrupt_routine"},
    {"DXGKDDI_DPC_ROUTINE", L::Dispatch, true, G::None, kIrqPath,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_dpc_routine"},
    {"DXGKDDI_SUBMITCOMMAND", L::Dispatch, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_submitcommand"},
    {"DXGKDDI_PREEMPTCOMMAND", L::Dispatch, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_preemptcommand"},
    // PASSIVE_LEVEL, or DIRQL when the driver supports flips from the interrupt: a contract.
    {"DXGKDDI_SETVIDPNSOURCEADDRESS", L::Dirql, false, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_setvidpnsourceaddress"},
    {"DXGKDDI_ADD_DEVICE", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_add_device"},
    {"DXGKDDI_START_DEVICE", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_start_device"},
    {"DXGKDDI_STOP_DEVICE", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_stop_device"},
    {"DXGKDDI_REMOVE_DEVICE", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_remove_device"},
    {"DXGKDDI_DISPATCH_IO_REQUEST", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_dispatch_io_request"},
    {"DXGKDDI_QUERY_CHILD_RELATIONS", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_query_child_relations"},
    {"DXGKDDI_QUERY_CHILD_STATUS", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_query_child_status"},
    {"DXGKDDI_QUERY_DEVICE_DESCRIPTOR", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_query_device_descriptor"},
    {"DXGKDDI_SET_POWER_STATE", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_set_power_state"},
    {"DXGKDDI_NOTIFY_ACPI_EVENT", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_notify_acpi_event"},
    {"DXGKDDI_UNLOAD", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_unload"},
    {"DXGKDDI_QUERY_INTERFACE", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_query_interface"},
    {"DXGKDDI_STOP_DEVICE_AND_RELEASE_POST_DISPLAY_OWNERSHIP", L::Passive, true, G::None, kLater,
     PW_DDI "dispmprt/nc-dispmprt-dxgkddi_stop_device_and_release_post_display_ownership"},
    {"DXGKDDI_QUERYADAPTERINFO", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_queryadapterinfo"},
    {"DXGKDDI_SETPOINTERPOSITION", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_setpointerposition"},
    {"DXGKDDI_SETPOINTERSHAPE", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_setpointershape"},
    {"DXGKDDI_ISSUPPORTEDVIDPN", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_issupportedvidpn"},
    {"DXGKDDI_RECOMMENDFUNCTIONALVIDPN", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_recommendfunctionalvidpn"},
    {"DXGKDDI_ENUMVIDPNCOFUNCMODALITY", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_enumvidpncofuncmodality"},
    {"DXGKDDI_SETVIDPNSOURCEVISIBILITY", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_setvidpnsourcevisibility"},
    {"DXGKDDI_COMMITVIDPN", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_commitvidpn"},
    {"DXGKDDI_UPDATEACTIVEVIDPNPRESENTPATH", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_updateactivevidpnpresentpath"},
    // "< DISPATCH_LEVEL": PASSIVE or APC.
    {"DXGKDDI_RECOMMENDMONITORMODES", L::Apc, false, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_recommendmonitormodes"},
    {"DXGKDDI_RECOMMENDVIDPNTOPOLOGY", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_recommendvidpntopology"},
    {"DXGKDDI_QUERYVIDPNHWCAPABILITY", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_queryvidpnhwcapability"},
    {"DXGKDDI_PRESENTDISPLAYONLY", L::Passive, true, G::None, kLater,
     PW_DDI "d3dkmddi/nc-d3dkmddi-dxgkddi_presentdisplayonly"},

    // === Runtime power management (PoFx): PO_FX_DEVICE callbacks, "Called at IRQL <=
    //     DISPATCH_LEVEL" (contracts), on the device's power path. The directed power-up/down
    //     callbacks' pages give no IRQL and have no row.
    //     ===========================================
    {"PO_FX_COMPONENT_ACTIVE_CONDITION_CALLBACK", L::Dispatch, false, G::None, kPower,
     PW_DDI "wdm/nc-wdm-po_fx_component_active_condition_callback"},
    {"PO_FX_COMPONENT_IDLE_CONDITION_CALLBACK", L::Dispatch, false, G::None, kPower,
     PW_DDI "wdm/nc-wdm-po_fx_component_idle_condition_callback"},
    {"PO_FX_COMPONENT_IDLE_STATE_CALLBACK", L::Dispatch, false, G::None, kPower,
     PW_DDI "wdm/nc-wdm-po_fx_component_idle_state_callback"},
    {"PO_FX_DEVICE_POWER_REQUIRED_CALLBACK", L::Dispatch, false, G::None, kPower,
     PW_DDI "wdm/nc-wdm-po_fx_device_power_required_callback"},
    {"PO_FX_DEVICE_POWER_NOT_REQUIRED_CALLBACK", L::Dispatch, false, G::None, kPower,
     PW_DDI "wdm/nc-wdm-po_fx_device_power_not_required_callback"},
    {"PO_FX_POWER_CONTROL_CALLBACK", L::Dispatch, false, G::None, kPower,
     PW_DDI "wdm/nc-wdm-po_fx_power_control_callback"},

    // === USB selective suspend ===================================================================
    // USB_IDLE_CALLBACK_INFO.IdleCallback, sent down with
    // IOCTL_INTERNAL_USB_SUBMIT_IDLE_NOTIFICATION:
    // "The USB bus driver will call this routine at PASSIVE_LEVEL when it is safe for the device to
    // be powered down"; it powers the device down, so it is on the power path. USB_IDLE_CALLBACK
    // is a pointer typedef that declares no function: the role comes from the registration.
    {"USB_IDLE_CALLBACK", L::Passive, true, G::None, kPower, kUsbIdleNotification},

    // === GPIO framework extension (GpioClx) client callbacks ===================================
    // Called at PASSIVE_LEVEL "but should not be pageable": they sit on the timing-critical path
    // that brings the controller into and out of D0.
    {"GPIO_CLIENT_START_CONTROLLER", L::Passive, true, G::None, kLater | kRoleKeepResident,
     PW_DDI "gpioclx/nc-gpioclx-gpio_client_start_controller"},
    {"GPIO_CLIENT_STOP_CONTROLLER", L::Passive, true, G::None, kLater | kRoleKeepResident,
     PW_DDI "gpioclx/nc-gpioclx-gpio_client_stop_controller"},
};

// Field order: api, arg, role, source.
constexpr ArgRegistration kArgRegistrations[] = {
    // === WDM and kernel (§5.1) =================================================================
    {"IoRegisterDriverReinitialization", 1, "DRIVER_REINITIALIZE",
     PW_DDI "ntddk/nf-ntddk-ioregisterdriverreinitialization"},
    {"IoRegisterBootDriverReinitialization", 1, "DRIVER_REINITIALIZE",
     PW_DDI "ntddk/nf-ntddk-ioregisterbootdriverreinitialization"},
    {"KeInitializeDpc", 1, "KDEFERRED_ROUTINE", PW_DDI "wdm/nf-wdm-keinitializedpc"},
    // Threaded DPCs run at DISPATCH when threaded DPCs are disabled
    // (kernel/introduction-to-threaded-dpcs), so they take the ordinary DPC role.
    {"KeInitializeThreadedDpc", 1, "KDEFERRED_ROUTINE",
     PW_DDI "wdm/nf-wdm-keinitializethreadeddpc"},
    {"IoInitializeDpcRequest", 1, "IO_DPC_ROUTINE", PW_DDI "wdm/nf-wdm-ioinitializedpcrequest"},
    {"IoInitializeTimer", 1, "IO_TIMER_ROUTINE", PW_DDI "wdm/nf-wdm-ioinitializetimer"},
    {"ExAllocateTimer", 0, "EXT_CALLBACK", PW_DDI "wdm/nf-wdm-exallocatetimer"},
    {"IoSetCompletionRoutine", 1, "IO_COMPLETION_ROUTINE",
     PW_DDI "wdm/nf-wdm-iosetcompletionroutine"},
    {"IoSetCompletionRoutineEx", 2, "IO_COMPLETION_ROUTINE",
     PW_DDI "wdm/nf-wdm-iosetcompletionroutineex"},
    {"IoConnectInterrupt", 1, "KSERVICE_ROUTINE", PW_DDI "wdm/nf-wdm-ioconnectinterrupt"},
    {"KeSynchronizeExecution", 1, "KSYNCHRONIZE_ROUTINE",
     PW_DDI "wdm/nf-wdm-kesynchronizeexecution"},
    {"IoQueueWorkItem", 1, "IO_WORKITEM_ROUTINE", PW_DDI "wdm/nf-wdm-ioqueueworkitem"},
    {"IoQueueWorkItemEx", 1, "IO_WORKITEM_ROUTINE_EX", PW_DDI "wdm/nf-wdm-ioqueueworkitemex"},
    {"IoTryQueueWorkItem", 1, "IO_WORKITEM_ROUTINE_EX", PW_DDI "wdm/nf-wdm-ioqueueworkitemex"},
    {"ExInitializeWorkItem", 1, "WORKER_THREAD_ROUTINE", PW_DDI "wdm/nf-wdm-exinitializeworkitem"},
    {"PsCreateSystemThread", 5, "KSTART_ROUTINE", PW_DDI "wdm/nf-wdm-pscreatesystemthread"},
    {"IoCreateSystemThread", 6, "KSTART_ROUTINE", PW_DDI "wdm/nf-wdm-iocreatesystemthread"},
    {"IoSetCancelRoutine", 1, "DRIVER_CANCEL", PW_DDI "wdm/nf-wdm-iosetcancelroutine"},
    {"IoCsqInitialize", 1, "IO_CSQ_INSERT_IRP", kCsqInitialize},
    {"IoCsqInitialize", 2, "IO_CSQ_REMOVE_IRP", kCsqInitialize},
    {"IoCsqInitialize", 3, "IO_CSQ_PEEK_NEXT_IRP", kCsqInitialize},
    {"IoCsqInitialize", 4, "IO_CSQ_ACQUIRE_LOCK", kCsqInitialize},
    {"IoCsqInitialize", 5, "IO_CSQ_RELEASE_LOCK", kCsqInitialize},
    {"IoCsqInitialize", 6, "IO_CSQ_COMPLETE_CANCELED_IRP", kCsqInitialize},
    {"IoCsqInitializeEx", 1, "IO_CSQ_INSERT_IRP_EX", kCsqInitializeEx},
    {"IoCsqInitializeEx", 2, "IO_CSQ_REMOVE_IRP", kCsqInitializeEx},
    {"IoCsqInitializeEx", 3, "IO_CSQ_PEEK_NEXT_IRP", kCsqInitializeEx},
    {"IoCsqInitializeEx", 4, "IO_CSQ_ACQUIRE_LOCK", kCsqInitializeEx},
    {"IoCsqInitializeEx", 5, "IO_CSQ_RELEASE_LOCK", kCsqInitializeEx},
    {"IoCsqInitializeEx", 6, "IO_CSQ_COMPLETE_CANCELED_IRP", kCsqInitializeEx},
    {"IoAllocateAdapterChannel", 3, "DRIVER_CONTROL",
     PW_DDI "ntddk/nf-ntddk-ioallocateadapterchannel"},
    // Members of DMA_OPERATIONS, called through the adapter's function table.
    {"AllocateAdapterChannel", 3, "DRIVER_CONTROL",
     PW_DDI "ntddk/nf-ntddk-ioallocateadapterchannel"},
    {"GetScatterGatherList", 5, "DRIVER_LIST_CONTROL",
     PW_DDI "wdm/nc-wdm-pget_scatter_gather_list"},
    {"PoRequestPowerIrp", 3, "REQUEST_POWER_COMPLETE", PW_DDI "wdm/nf-wdm-porequestpowerirp"},
    {"PsSetCreateProcessNotifyRoutine", 0, "PCREATE_PROCESS_NOTIFY_ROUTINE",
     PW_DDI "ntddk/nf-ntddk-pssetcreateprocessnotifyroutine"},
    {"PsSetCreateProcessNotifyRoutineEx", 0, "PCREATE_PROCESS_NOTIFY_ROUTINE_EX",
     PW_DDI "ntddk/nf-ntddk-pssetcreateprocessnotifyroutineex"},
    {"PsSetCreateThreadNotifyRoutine", 0, "PCREATE_THREAD_NOTIFY_ROUTINE",
     PW_DDI "ntddk/nf-ntddk-pssetcreatethreadnotifyroutine"},
    {"PsSetLoadImageNotifyRoutine", 0, "PLOAD_IMAGE_NOTIFY_ROUTINE",
     PW_DDI "ntddk/nf-ntddk-pssetloadimagenotifyroutine"},
    {"PsSetLoadImageNotifyRoutineEx", 0, "PLOAD_IMAGE_NOTIFY_ROUTINE",
     PW_DDI "ntddk/nf-ntddk-pssetloadimagenotifyroutineex"},
    {"CmRegisterCallback", 0, "EX_CALLBACK_FUNCTION", PW_DDI "wdm/nf-wdm-cmregistercallback"},
    {"CmRegisterCallbackEx", 0, "EX_CALLBACK_FUNCTION", PW_DDI "wdm/nf-wdm-cmregistercallbackex"},
    {"ExRegisterCallback", 1, "CALLBACK_FUNCTION", PW_DDI "wdm/nf-wdm-exregistercallback"},
    {"IoRegisterPlugPlayNotification", 4, "DRIVER_NOTIFICATION_CALLBACK_ROUTINE",
     PW_DDI "wdm/nf-wdm-ioregisterplugplaynotification"},
    {"KeRegisterBugCheckCallback", 1, "KBUGCHECK_CALLBACK_ROUTINE",
     PW_DDI "wdm/nf-wdm-keregisterbugcheckcallback"},
    {"KeIpiGenericCall", 0, "KIPI_BROADCAST_WORKER", PW_DDI "wdm/nf-wdm-keipigenericcall"},

    // === KMDF (§5.2): indexes are those of the macro or inline wrapper the driver calls =========
    {"WDF_DRIVER_CONFIG_INIT", 1, "EVT_WDF_DRIVER_DEVICE_ADD", kWdfDriverH},
    {"WDF_FILEOBJECT_CONFIG_INIT", 1, "EVT_WDF_DEVICE_FILE_CREATE", kWdfDeviceH},
    {"WDF_FILEOBJECT_CONFIG_INIT", 2, "EVT_WDF_FILE_CLOSE", kWdfDeviceH},
    {"WDF_FILEOBJECT_CONFIG_INIT", 3, "EVT_WDF_FILE_CLEANUP", kWdfDeviceH},
    {"WDF_INTERRUPT_CONFIG_INIT", 1, "EVT_WDF_INTERRUPT_ISR", kWdfInterruptH},
    {"WDF_INTERRUPT_CONFIG_INIT", 2, "EVT_WDF_INTERRUPT_DPC", kWdfInterruptH},
    {"WdfInterruptSynchronize", 1, "EVT_WDF_INTERRUPT_SYNCHRONIZE", kWdfInterruptH},
    {"WDF_TIMER_CONFIG_INIT", 1, "EVT_WDF_TIMER", kWdfTimerH},
    {"WDF_TIMER_CONFIG_INIT_PERIODIC", 1, "EVT_WDF_TIMER", kWdfTimerH},
    {"WDF_DPC_CONFIG_INIT", 1, "EVT_WDF_DPC", kWdfDpcH},
    {"WDF_WORKITEM_CONFIG_INIT", 1, "EVT_WDF_WORKITEM", kWdfWorkItemH},
    {"WdfRequestSetCompletionRoutine", 1, "EVT_WDF_REQUEST_COMPLETION_ROUTINE", kWdfRequestH},
    {"WdfRequestMarkCancelable", 1, "EVT_WDF_REQUEST_CANCEL", kWdfRequestH},
    {"WdfRequestMarkCancelableEx", 1, "EVT_WDF_REQUEST_CANCEL", kWdfRequestH},
    {"WdfIoQueueReadyNotify", 1, "EVT_WDF_IO_QUEUE_STATE", kWdfIoH},
    {"WdfIoQueueStop", 1, "EVT_WDF_IO_QUEUE_STATE", kWdfIoH},
    {"WdfIoQueueDrain", 1, "EVT_WDF_IO_QUEUE_STATE", kWdfIoH},
    {"WdfIoQueuePurge", 1, "EVT_WDF_IO_QUEUE_STATE", kWdfIoH},
    {"WdfIoQueueStopAndPurge", 1, "EVT_WDF_IO_QUEUE_STATE", kWdfIoH},
    {"WdfDmaTransactionInitialize", 1, "EVT_WDF_PROGRAM_DMA", kWdfDmaTransactionH},
    {"WdfDmaTransactionInitializeUsingOffset", 1, "EVT_WDF_PROGRAM_DMA", kWdfDmaTransactionH},
    {"WdfDmaTransactionInitializeUsingRequest", 2, "EVT_WDF_PROGRAM_DMA", kWdfDmaTransactionH},
    {"WdfDmaTransactionSetChannelConfigurationCallback", 1,
     "EVT_WDF_DMA_TRANSACTION_CONFIGURE_DMA_CHANNEL", kWdfDmaTransactionH},
    {"WdfDmaTransactionSetTransferCompleteCallback", 1,
     "EVT_WDF_DMA_TRANSACTION_DMA_TRANSFER_COMPLETE", kWdfDmaTransactionH},
    {"WdfDmaTransactionAllocateResources", 3, "EVT_WDF_RESERVE_DMA", kWdfDmaTransactionH},
    {"WDF_USB_CONTINUOUS_READER_CONFIG_INIT", 1, "EVT_WDF_USB_READER_COMPLETION_ROUTINE", kWdfUsbH},
    {"WDF_CHILD_LIST_CONFIG_INIT", 2, "EVT_WDF_CHILD_LIST_CREATE_DEVICE", kWdfChildListH},
    {"WdfDeviceInitSetIoInCallerContextCallback", 1, "EVT_WDF_IO_IN_CALLER_CONTEXT", kWdfDeviceH},
    {"WdfDeviceInitAssignWdmIrpPreprocessCallback", 1, "EVT_WDFDEVICE_WDM_IRP_PREPROCESS",
     kWdfDeviceH},
    {"WdfDeviceConfigureWdmIrpDispatchCallback", 3, "EVT_WDFDEVICE_WDM_IRP_DISPATCH", kWdfDeviceH},
    {"WdfDeviceInitRegisterPnpStateChangeCallback", 2,
     "EVT_WDF_DEVICE_PNP_STATE_CHANGE_NOTIFICATION", kWdfDeviceH},
    {"WdfDeviceInitRegisterPowerStateChangeCallback", 2,
     "EVT_WDF_DEVICE_POWER_STATE_CHANGE_NOTIFICATION", kWdfDeviceH},
    {"WdfDeviceInitRegisterPowerPolicyStateChangeCallback", 2,
     "EVT_WDF_DEVICE_POWER_POLICY_STATE_CHANGE_NOTIFICATION", kWdfDeviceH},
    {"WdfControlDeviceInitSetShutdownNotification", 1, "EVT_WDF_DEVICE_SHUTDOWN_NOTIFICATION",
     kWdfControlH},
    {"WDF_QUERY_INTERFACE_CONFIG_INIT", 3, "EVT_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST",
     kWdfQueryInterfaceH},
    {"WdfDriverRegisterTraceInfo", 1, "EVT_WDF_TRACE_CALLBACK", kWdfDriverH},
};

// Field order: field, role, source.
constexpr FieldRegistration kFieldRegistrations[] = {
    // === WDM (§5.1) ============================================================================
    {"DriverUnload", "DRIVER_UNLOAD", PW_DDI "wdm/nc-wdm-driver_unload"},
    {"DriverStartIo", "DRIVER_STARTIO", PW_DDI "wdm/nc-wdm-driver_startio"},
    {"AddDevice", "DRIVER_ADD_DEVICE", PW_DDI "wdm/nc-wdm-driver_add_device"},
    {"MajorFunction", "DRIVER_DISPATCH", PW_DDI "wdm/nc-wdm-driver_dispatch"},
    // IO_CONNECT_INTERRUPT_PARAMETERS (IoConnectInterruptEx): FullySpecified / LineBased /
    // MessageBased union members.
    {"ServiceRoutine", "KSERVICE_ROUTINE", kConnectInterruptEx},
    {"MessageServiceRoutine", "KMESSAGE_SERVICE_ROUTINE", kConnectInterruptEx},
    {"FallBackServiceRoutine", "KSERVICE_ROUTINE", kConnectInterruptEx},
    // WSK_CLIENT_DISPATCH, WSK_CLIENT_LISTEN_DISPATCH, WSK_CLIENT_CONNECTION_DISPATCH,
    // WSK_CLIENT_DATAGRAM_DISPATCH (and WSK_CLIENT_STREAM_DISPATCH, made of the listen and
    // connection ones).
    {"WskClientEvent", "PFN_WSK_CLIENT_EVENT", kWskClientDispatch},
    {"WskAcceptEvent", "PFN_WSK_ACCEPT_EVENT", kWskListenDispatch},
    {"WskInspectEvent", "PFN_WSK_INSPECT_EVENT", kWskListenDispatch},
    {"WskAbortEvent", "PFN_WSK_ABORT_EVENT", kWskListenDispatch},
    {"WskReceiveEvent", "PFN_WSK_RECEIVE_EVENT", kWskConnectionDispatch},
    {"WskDisconnectEvent", "PFN_WSK_DISCONNECT_EVENT", kWskConnectionDispatch},
    {"WskSendBacklogEvent", "PFN_WSK_SEND_BACKLOG_EVENT", kWskConnectionDispatch},
    {"WskReceiveFromEvent", "PFN_WSK_RECEIVE_FROM_EVENT", kWskDatagramDispatch},
    // DRIVER_INITIALIZATION_DATA (DxgkInitialize) and KMDDOD_INITIALIZATION_DATA
    // (DxgkInitializeDisplayOnlyDriver): each DDI's field, named DxgkDdi + the DDI.
    {"DxgkDdiAddDevice", "DXGKDDI_ADD_DEVICE", kDxgkInitData},
    {"DxgkDdiStartDevice", "DXGKDDI_START_DEVICE", kDxgkInitData},
    {"DxgkDdiStopDevice", "DXGKDDI_STOP_DEVICE", kDxgkInitData},
    {"DxgkDdiRemoveDevice", "DXGKDDI_REMOVE_DEVICE", kDxgkInitData},
    {"DxgkDdiDispatchIoRequest", "DXGKDDI_DISPATCH_IO_REQUEST", kDxgkInitData},
    {"DxgkDdiInterruptRoutine", "DXGKDDI_INTERRUPT_ROUTINE", kDxgkInitData},
    {"DxgkDdiDpcRoutine", "DXGKDDI_DPC_ROUTINE", kDxgkInitData},
    {"DxgkDdiQueryChildRelations", "DXGKDDI_QUERY_CHILD_RELATIONS", kDxgkInitData},
    {"DxgkDdiQueryChildStatus", "DXGKDDI_QUERY_CHILD_STATUS", kDxgkInitData},
    {"DxgkDdiQueryDeviceDescriptor", "DXGKDDI_QUERY_DEVICE_DESCRIPTOR", kDxgkInitData},
    {"DxgkDdiSetPowerState", "DXGKDDI_SET_POWER_STATE", kDxgkInitData},
    {"DxgkDdiNotifyAcpiEvent", "DXGKDDI_NOTIFY_ACPI_EVENT", kDxgkInitData},
    {"DxgkDdiResetDevice", "DXGKDDI_RESET_DEVICE", kDxgkInitData},
    {"DxgkDdiUnload", "DXGKDDI_UNLOAD", kDxgkInitData},
    {"DxgkDdiQueryInterface", "DXGKDDI_QUERY_INTERFACE", kDxgkInitData},
    {"DxgkDdiSystemDisplayEnable", "DXGKDDI_SYSTEM_DISPLAY_ENABLE", kDxgkInitData},
    {"DxgkDdiSystemDisplayWrite", "DXGKDDI_SYSTEM_DISPLAY_WRITE", kDxgkInitData},
    {"DxgkDdiStopDeviceAndReleasePostDisplayOwnership",
     "DXGKDDI_STOP_DEVICE_AND_RELEASE_POST_DISPLAY_OWNERSHIP", kDxgkInitData},
    {"DxgkDdiCollectDbgInfo", "DXGKDDI_COLLECTDBGINFO", kDxgkInitData},
    {"DxgkDdiSubmitCommand", "DXGKDDI_SUBMITCOMMAND", kDxgkInitData},
    {"DxgkDdiPreemptCommand", "DXGKDDI_PREEMPTCOMMAND", kDxgkInitData},
    {"DxgkDdiSetVidPnSourceAddress", "DXGKDDI_SETVIDPNSOURCEADDRESS", kDxgkInitData},
    {"DxgkDdiQueryAdapterInfo", "DXGKDDI_QUERYADAPTERINFO", kDxgkInitData},
    {"DxgkDdiSetPointerPosition", "DXGKDDI_SETPOINTERPOSITION", kDxgkInitData},
    {"DxgkDdiSetPointerShape", "DXGKDDI_SETPOINTERSHAPE", kDxgkInitData},
    {"DxgkDdiIsSupportedVidPn", "DXGKDDI_ISSUPPORTEDVIDPN", kDxgkInitData},
    {"DxgkDdiRecommendFunctionalVidPn", "DXGKDDI_RECOMMENDFUNCTIONALVIDPN", kDxgkInitData},
    {"DxgkDdiEnumVidPnCofuncModality", "DXGKDDI_ENUMVIDPNCOFUNCMODALITY", kDxgkInitData},
    {"DxgkDdiSetVidPnSourceVisibility", "DXGKDDI_SETVIDPNSOURCEVISIBILITY", kDxgkInitData},
    {"DxgkDdiCommitVidPn", "DXGKDDI_COMMITVIDPN", kDxgkInitData},
    {"DxgkDdiUpdateActiveVidPnPresentPath", "DXGKDDI_UPDATEACTIVEVIDPNPRESENTPATH", kDxgkInitData},
    {"DxgkDdiRecommendMonitorModes", "DXGKDDI_RECOMMENDMONITORMODES", kDxgkInitData},
    {"DxgkDdiRecommendVidPnTopology", "DXGKDDI_RECOMMENDVIDPNTOPOLOGY", kDxgkInitData},
    {"DxgkDdiQueryVidPnHWCapability", "DXGKDDI_QUERYVIDPNHWCAPABILITY", kDxgkInitData},
    {"DxgkDdiPresentDisplayOnly", "DXGKDDI_PRESENTDISPLAYONLY", kDxgkInitData},
    // PO_FX_DEVICE (PoFxRegisterDevice).
    {"ComponentActiveConditionCallback", "PO_FX_COMPONENT_ACTIVE_CONDITION_CALLBACK", kPoFxDevice},
    {"ComponentIdleConditionCallback", "PO_FX_COMPONENT_IDLE_CONDITION_CALLBACK", kPoFxDevice},
    {"ComponentIdleStateCallback", "PO_FX_COMPONENT_IDLE_STATE_CALLBACK", kPoFxDevice},
    {"DevicePowerRequiredCallback", "PO_FX_DEVICE_POWER_REQUIRED_CALLBACK", kPoFxDevice},
    {"DevicePowerNotRequiredCallback", "PO_FX_DEVICE_POWER_NOT_REQUIRED_CALLBACK", kPoFxDevice},
    {"PowerControlCallback", "PO_FX_POWER_CONTROL_CALLBACK", kPoFxDevice},
    // USB_IDLE_CALLBACK_INFO (IOCTL_INTERNAL_USB_SUBMIT_IDLE_NOTIFICATION).
    {"IdleCallback", "USB_IDLE_CALLBACK", kUsbIdleNotification},
    // OB_OPERATION_REGISTRATION (ObRegisterCallbacks).
    {"PreOperation", "POB_PRE_OPERATION_CALLBACK", kObRegister},
    {"PostOperation", "POB_POST_OPERATION_CALLBACK", kObRegister},

    // === KMDF (§5.2) ===========================================================================
    // WDF_DRIVER_CONFIG
    {"EvtDriverDeviceAdd", "EVT_WDF_DRIVER_DEVICE_ADD", kWdfDriverH},
    {"EvtDriverUnload", "EVT_WDF_DRIVER_UNLOAD", kWdfDriverH},
    // WDF_PNPPOWER_EVENT_CALLBACKS
    {"EvtDeviceD0Entry", "EVT_WDF_DEVICE_D0_ENTRY", kWdfDeviceH},
    {"EvtDeviceD0EntryPostInterruptsEnabled", "EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED",
     kWdfDeviceH},
    {"EvtDeviceD0Exit", "EVT_WDF_DEVICE_D0_EXIT", kWdfDeviceH},
    {"EvtDeviceD0ExitPreInterruptsDisabled", "EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED",
     kWdfDeviceH},
    {"EvtDevicePrepareHardware", "EVT_WDF_DEVICE_PREPARE_HARDWARE", kWdfDeviceH},
    {"EvtDeviceReleaseHardware", "EVT_WDF_DEVICE_RELEASE_HARDWARE", kWdfDeviceH},
    {"EvtDeviceSelfManagedIoCleanup", "EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP", kWdfDeviceH},
    {"EvtDeviceSelfManagedIoFlush", "EVT_WDF_DEVICE_SELF_MANAGED_IO_FLUSH", kWdfDeviceH},
    {"EvtDeviceSelfManagedIoInit", "EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT", kWdfDeviceH},
    {"EvtDeviceSelfManagedIoSuspend", "EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND", kWdfDeviceH},
    {"EvtDeviceSelfManagedIoRestart", "EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART", kWdfDeviceH},
    {"EvtDeviceSurpriseRemoval", "EVT_WDF_DEVICE_SURPRISE_REMOVAL", kWdfDeviceH},
    {"EvtDeviceQueryRemove", "EVT_WDF_DEVICE_QUERY_REMOVE", kWdfDeviceH},
    {"EvtDeviceQueryStop", "EVT_WDF_DEVICE_QUERY_STOP", kWdfDeviceH},
    {"EvtDeviceUsageNotification", "EVT_WDF_DEVICE_USAGE_NOTIFICATION", kWdfDeviceH},
    {"EvtDeviceUsageNotificationEx", "EVT_WDF_DEVICE_USAGE_NOTIFICATION_EX", kWdfDeviceH},
    {"EvtDeviceRelationsQuery", "EVT_WDF_DEVICE_RELATIONS_QUERY", kWdfDeviceH},
    // WDF_POWER_POLICY_EVENT_CALLBACKS
    {"EvtDeviceArmWakeFromS0", "EVT_WDF_DEVICE_ARM_WAKE_FROM_S0", kWdfDeviceH},
    {"EvtDeviceDisarmWakeFromS0", "EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0", kWdfDeviceH},
    {"EvtDeviceWakeFromS0Triggered", "EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED", kWdfDeviceH},
    {"EvtDeviceArmWakeFromSx", "EVT_WDF_DEVICE_ARM_WAKE_FROM_SX", kWdfDeviceH},
    {"EvtDeviceArmWakeFromSxWithReason", "EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON",
     kWdfDeviceH},
    {"EvtDeviceDisarmWakeFromSx", "EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX", kWdfDeviceH},
    {"EvtDeviceWakeFromSxTriggered", "EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED", kWdfDeviceH},
    // WDF_FDO_EVENT_CALLBACKS
    {"EvtDeviceFilterAddResourceRequirements", "EVT_WDF_DEVICE_FILTER_RESOURCE_REQUIREMENTS",
     kWdfFdoH},
    {"EvtDeviceFilterRemoveResourceRequirements", "EVT_WDF_DEVICE_FILTER_RESOURCE_REQUIREMENTS",
     kWdfFdoH},
    {"EvtDeviceRemoveAddedResources", "EVT_WDF_DEVICE_REMOVE_ADDED_RESOURCES", kWdfFdoH},
    // WDF_PDO_EVENT_CALLBACKS
    {"EvtDeviceResourcesQuery", "EVT_WDF_DEVICE_RESOURCES_QUERY", kWdfPdoH},
    {"EvtDeviceResourceRequirementsQuery", "EVT_WDF_DEVICE_RESOURCE_REQUIREMENTS_QUERY", kWdfPdoH},
    {"EvtDeviceEject", "EVT_WDF_DEVICE_EJECT", kWdfPdoH},
    {"EvtDeviceSetLock", "EVT_WDF_DEVICE_SET_LOCK", kWdfPdoH},
    {"EvtDeviceEnableWakeAtBus", "EVT_WDF_DEVICE_ENABLE_WAKE_AT_BUS", kWdfPdoH},
    {"EvtDeviceDisableWakeAtBus", "EVT_WDF_DEVICE_DISABLE_WAKE_AT_BUS", kWdfPdoH},
    {"EvtDeviceReportedMissing", "EVT_WDF_DEVICE_REPORTED_MISSING", kWdfPdoH},
    // WDF_FILEOBJECT_CONFIG
    {"EvtDeviceFileCreate", "EVT_WDF_DEVICE_FILE_CREATE", kWdfDeviceH},
    {"EvtFileClose", "EVT_WDF_FILE_CLOSE", kWdfDeviceH},
    {"EvtFileCleanup", "EVT_WDF_FILE_CLEANUP", kWdfDeviceH},
    // WDF_IO_QUEUE_CONFIG
    {"EvtIoDefault", "EVT_WDF_IO_QUEUE_IO_DEFAULT", kWdfIoH},
    {"EvtIoRead", "EVT_WDF_IO_QUEUE_IO_READ", kWdfIoH},
    {"EvtIoWrite", "EVT_WDF_IO_QUEUE_IO_WRITE", kWdfIoH},
    {"EvtIoDeviceControl", "EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL", kWdfIoH},
    {"EvtIoInternalDeviceControl", "EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL", kWdfIoH},
    {"EvtIoStop", "EVT_WDF_IO_QUEUE_IO_STOP", kWdfIoH},
    {"EvtIoResume", "EVT_WDF_IO_QUEUE_IO_RESUME", kWdfIoH},
    {"EvtIoCanceledOnQueue", "EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE", kWdfIoH},
    // WDF_IO_QUEUE_FORWARD_PROGRESS_POLICY
    {"EvtIoAllocateResourcesForReservedRequest",
     "EVT_WDF_IO_ALLOCATE_RESOURCES_FOR_RESERVED_REQUEST", kWdfIoH},
    {"EvtIoAllocateRequestResources", "EVT_WDF_IO_ALLOCATE_REQUEST_RESOURCES", kWdfIoH},
    {"EvtIoWdmIrpForForwardProgress", "EVT_WDF_IO_WDM_IRP_FOR_FORWARD_PROGRESS", kWdfIoH},
    // WDF_INTERRUPT_CONFIG
    {"EvtInterruptIsr", "EVT_WDF_INTERRUPT_ISR", kWdfInterruptH},
    {"EvtInterruptDpc", "EVT_WDF_INTERRUPT_DPC", kWdfInterruptH},
    {"EvtInterruptEnable", "EVT_WDF_INTERRUPT_ENABLE", kWdfInterruptH},
    {"EvtInterruptDisable", "EVT_WDF_INTERRUPT_DISABLE", kWdfInterruptH},
    {"EvtInterruptWorkItem", "EVT_WDF_INTERRUPT_WORKITEM", kWdfInterruptH},
    // WDF_TIMER_CONFIG, WDF_DPC_CONFIG, WDF_WORKITEM_CONFIG (normally set by their INIT macros)
    {"EvtTimerFunc", "EVT_WDF_TIMER", kWdfTimerH},
    {"EvtDpcFunc", "EVT_WDF_DPC", kWdfDpcH},
    {"EvtWorkItemFunc", "EVT_WDF_WORKITEM", kWdfWorkItemH},
    // WDF_OBJECT_ATTRIBUTES
    {"EvtCleanupCallback", "EVT_WDF_OBJECT_CONTEXT_CLEANUP", kWdfObjectH},
    {"EvtDestroyCallback", "EVT_WDF_OBJECT_CONTEXT_DESTROY", kWdfObjectH},
    // WDF_DMA_ENABLER_CONFIG
    {"EvtDmaEnablerFill", "EVT_WDF_DMA_ENABLER_FILL", kWdfDmaEnablerH},
    {"EvtDmaEnablerFlush", "EVT_WDF_DMA_ENABLER_FLUSH", kWdfDmaEnablerH},
    {"EvtDmaEnablerEnable", "EVT_WDF_DMA_ENABLER_ENABLE", kWdfDmaEnablerH},
    {"EvtDmaEnablerDisable", "EVT_WDF_DMA_ENABLER_DISABLE", kWdfDmaEnablerH},
    {"EvtDmaEnablerSelfManagedIoStart", "EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START",
     kWdfDmaEnablerH},
    {"EvtDmaEnablerSelfManagedIoStop", "EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP", kWdfDmaEnablerH},
    // WDF_USB_CONTINUOUS_READER_CONFIG
    {"EvtUsbTargetPipeReadComplete", "EVT_WDF_USB_READER_COMPLETION_ROUTINE", kWdfUsbH},
    {"EvtUsbTargetPipeReadersFailed", "EVT_WDF_USB_READERS_FAILED", kWdfUsbH},
    // WDF_IO_TARGET_OPEN_PARAMS
    {"EvtIoTargetQueryRemove", "EVT_WDF_IO_TARGET_QUERY_REMOVE", kWdfIoTargetH},
    {"EvtIoTargetRemoveCanceled", "EVT_WDF_IO_TARGET_REMOVE_CANCELED", kWdfIoTargetH},
    {"EvtIoTargetRemoveComplete", "EVT_WDF_IO_TARGET_REMOVE_COMPLETE", kWdfIoTargetH},
    // WDF_CHILD_LIST_CONFIG
    {"EvtChildListCreateDevice", "EVT_WDF_CHILD_LIST_CREATE_DEVICE", kWdfChildListH},
    {"EvtChildListScanForChildren", "EVT_WDF_CHILD_LIST_SCAN_FOR_CHILDREN", kWdfChildListH},
    {"EvtChildListIdentificationDescriptionCopy",
     "EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_COPY", kWdfChildListH},
    {"EvtChildListIdentificationDescriptionDuplicate",
     "EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_DUPLICATE", kWdfChildListH},
    {"EvtChildListIdentificationDescriptionCompare",
     "EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_COMPARE", kWdfChildListH},
    {"EvtChildListIdentificationDescriptionCleanup",
     "EVT_WDF_CHILD_LIST_IDENTIFICATION_DESCRIPTION_CLEANUP", kWdfChildListH},
    {"EvtChildListAddressDescriptionCopy", "EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_COPY",
     kWdfChildListH},
    {"EvtChildListAddressDescriptionDuplicate", "EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_DUPLICATE",
     kWdfChildListH},
    {"EvtChildListAddressDescriptionCleanup", "EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_CLEANUP",
     kWdfChildListH},
    {"EvtChildListDeviceReenumerated", "EVT_WDF_CHILD_LIST_DEVICE_REENUMERATED", kWdfChildListH},
    // WDF_QUERY_INTERFACE_CONFIG
    {"EvtDeviceProcessQueryInterfaceRequest", "EVT_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST",
     kWdfQueryInterfaceH},
    // WDF_WMI_PROVIDER_CONFIG, WDF_WMI_INSTANCE_CONFIG
    {"EvtWmiProviderFunctionControl", "EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL", kWdfWmiH},
    {"EvtWmiInstanceQueryInstance", "EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE", kWdfWmiH},
    {"EvtWmiInstanceSetInstance", "EVT_WDF_WMI_INSTANCE_SET_INSTANCE", kWdfWmiH},
    {"EvtWmiInstanceSetItem", "EVT_WDF_WMI_INSTANCE_SET_ITEM", kWdfWmiH},
    {"EvtWmiInstanceExecuteMethod", "EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD", kWdfWmiH},
    // GPIO_CLIENT_REGISTRATION_PACKET, passed to GPIO_CLX_RegisterClient
    {"CLIENT_StartController", "GPIO_CLIENT_START_CONTROLLER",
     PW_DDI "gpioclx/nf-gpioclx-gpio_clx_registerclient"},
    {"CLIENT_StopController", "GPIO_CLIENT_STOP_CONTROLLER",
     PW_DDI "gpioclx/nf-gpioclx-gpio_clx_registerclient"},
};

// Field order: type, index, field, role, source. The index is the field's position in the
// structure as its page lists the members.
constexpr PositionalRegistration kPositionalRegistrations[] = {
    {"WSK_CLIENT_DISPATCH", 2, "WskClientEvent", "PFN_WSK_CLIENT_EVENT", kWskClientDispatch},
    {"WSK_CLIENT_LISTEN_DISPATCH", 0, "WskAcceptEvent", "PFN_WSK_ACCEPT_EVENT", kWskListenDispatch},
    {"WSK_CLIENT_LISTEN_DISPATCH", 1, "WskInspectEvent", "PFN_WSK_INSPECT_EVENT",
     kWskListenDispatch},
    {"WSK_CLIENT_LISTEN_DISPATCH", 2, "WskAbortEvent", "PFN_WSK_ABORT_EVENT", kWskListenDispatch},
    {"WSK_CLIENT_CONNECTION_DISPATCH", 0, "WskReceiveEvent", "PFN_WSK_RECEIVE_EVENT",
     kWskConnectionDispatch},
    {"WSK_CLIENT_CONNECTION_DISPATCH", 1, "WskDisconnectEvent", "PFN_WSK_DISCONNECT_EVENT",
     kWskConnectionDispatch},
    {"WSK_CLIENT_CONNECTION_DISPATCH", 2, "WskSendBacklogEvent", "PFN_WSK_SEND_BACKLOG_EVENT",
     kWskConnectionDispatch},
    {"WSK_CLIENT_DATAGRAM_DISPATCH", 0, "WskReceiveFromEvent", "PFN_WSK_RECEIVE_FROM_EVENT",
     kWskDatagramDispatch},
};

// Argument indexes are those of the inline wrappers in the KMDF 1.33 headers (DriverGlobals
// hidden); every wrapper with a PWDF_OBJECT_ATTRIBUTES parameter has a row. Field order: api,
// object, handle_type, config_arg, attributes_arg, pool_arg, source.
constexpr ObjectCreateApi kObjectCreateApis[] = {
    // --- Driver, device, file object ------------------------------------------------------------
    {"WdfDriverCreate", O::Driver, "WDFDRIVER", 3, 2, -1, kWdfDriverH},
    {"WdfDeviceCreate", O::Device, "WDFDEVICE", -1, 1, -1, kWdfDeviceH},
    {"WdfDeviceMiniportCreate", O::Device, "WDFDEVICE", -1, 1, -1, kWdfMiniportH},
    {"WdfDeviceInitSetPnpPowerEventCallbacks", O::Device, "WDFDEVICE", 1, -1, -1, kWdfDeviceH},
    {"WdfDeviceInitSetPowerPolicyEventCallbacks", O::Device, "WDFDEVICE", 1, -1, -1, kWdfDeviceH},
    {"WdfPdoInitSetEventCallbacks", O::Device, "WDFDEVICE", 1, -1, -1, kWdfPdoH},
    {"WdfFdoInitSetEventCallbacks", O::Device, "WDFDEVICE", 1, -1, -1, kWdfFdoH},
    {"WdfDeviceInitSetFileObjectConfig", O::File, "WDFFILEOBJECT", 1, 2, -1, kWdfDeviceH},
    // --- Queues, timers, DPCs, work items, interrupts
    // ---------------------------------------------
    {"WdfIoQueueCreate", O::Queue, "WDFQUEUE", 1, 2, -1, kWdfIoH},
    {"WdfIoQueueAssignForwardProgressPolicy", O::Queue, "WDFQUEUE", 1, -1, -1, kWdfIoH},
    {"WdfTimerCreate", O::Timer, "WDFTIMER", 0, 1, -1, kWdfTimerH},
    {"WdfDpcCreate", O::Dpc, "WDFDPC", 0, 1, -1, kWdfDpcH},
    {"WdfWorkItemCreate", O::WorkItem, "WDFWORKITEM", 0, 1, -1, kWdfWorkItemH},
    {"WdfInterruptCreate", O::Interrupt, "WDFINTERRUPT", 1, 2, -1, kWdfInterruptH},
    // --- DMA, child lists, WMI, resources
    // ---------------------------------------------------------
    {"WdfDmaEnablerCreate", O::Other, "WDFDMAENABLER", 1, 2, -1, kWdfDmaEnablerH},
    {"WdfDmaTransactionCreate", O::Other, "WDFDMATRANSACTION", -1, 1, -1, kWdfDmaTransactionH},
    {"WdfCommonBufferCreate", O::Other, "WDFCOMMONBUFFER", -1, 2, -1, kWdfCommonBufferH},
    {"WdfCommonBufferCreateWithConfig", O::Other, "WDFCOMMONBUFFER", -1, 3, -1, kWdfCommonBufferH},
    {"WdfChildListCreate", O::Other, "WDFCHILDLIST", 1, 2, -1, kWdfChildListH},
    {"WdfFdoInitSetDefaultChildListConfig", O::Other, "WDFCHILDLIST", 1, 2, -1, kWdfFdoH},
    {"WdfWmiProviderCreate", O::Other, "WDFWMIPROVIDER", 1, 2, -1, kWdfWmiH},
    {"WdfWmiInstanceCreate", O::Other, "WDFWMIINSTANCE", 1, 2, -1, kWdfWmiH},
    {"WdfDeviceAddQueryInterface", O::Other, "WDFDEVICE", 1, -1, -1, kWdfQueryInterfaceH},
    {"WdfIoResourceListCreate", O::Other, "WDFIORESLIST", -1, 1, -1, kWdfResourceH},
    // --- I/O targets; USB target devices and the pipes selecting a configuration or setting
    //     creates --------------------------------------------------------------------------------
    {"WdfIoTargetCreate", O::Other, "WDFIOTARGET", -1, 1, -1, kWdfIoTargetH},
    {"WdfIoTargetOpen", O::Other, "WDFIOTARGET", 1, -1, -1, kWdfIoTargetH},
    {"WdfUsbTargetDeviceCreate", O::Other, "WDFUSBDEVICE", -1, 1, -1, kWdfUsbH},
    {"WdfUsbTargetDeviceCreateWithParameters", O::Other, "WDFUSBDEVICE", 1, 2, -1, kWdfUsbH},
    {"WdfUsbTargetDeviceSelectConfig", O::Other, "WDFUSBPIPE", -1, 1, -1, kWdfUsbH},
    {"WdfUsbInterfaceSelectSetting", O::Other, "WDFUSBPIPE", -1, 1, -1, kWdfUsbH},
    {"WdfUsbTargetPipeConfigContinuousReader", O::Other, "WDFUSBPIPE", 1, -1, -1, kWdfUsbH},
    // --- Requests ------------------------------------------------------------------------------
    {"WdfRequestCreate", O::Other, "WDFREQUEST", -1, 0, -1, kWdfRequestH},
    {"WdfRequestCreateFromIrp", O::Other, "WDFREQUEST", -1, 0, -1, kWdfRequestH},
    {"WdfDeviceInitSetRequestAttributes", O::Other, "WDFREQUEST", -1, 1, -1, kWdfDeviceH},
    // --- Memory: from the pool the POOL_TYPE argument names, or a buffer the driver supplies,
    //     or (URBs, USB strings) from nonpaged pool the framework picks
    //     ----------------------------
    {"WdfMemoryCreate", O::Other, "WDFMEMORY", -1, 0, 1, kWdfMemoryH},
    {"WdfMemoryCreatePreallocated", O::Other, "WDFMEMORY", -1, 0, -1, kWdfMemoryH},
    {"WdfLookasideListCreate", O::Other, "WDFLOOKASIDE", -1, 0, 2, kWdfMemoryH},
    {"WdfLookasideListCreate", O::Other, "WDFMEMORY", -1, 3, 2, kWdfMemoryH},
    {"WdfDeviceAllocAndQueryProperty", O::Other, "WDFMEMORY", -1, 3, 2, kWdfDeviceH},
    {"WdfDeviceAllocAndQueryPropertyEx", O::Other, "WDFMEMORY", -1, 3, 2, kWdfDeviceH},
    {"WdfFdoInitAllocAndQueryProperty", O::Other, "WDFMEMORY", -1, 3, 2, kWdfFdoH},
    {"WdfFdoInitAllocAndQueryPropertyEx", O::Other, "WDFMEMORY", -1, 3, 2, kWdfFdoH},
    {"WdfIoTargetAllocAndQueryTargetProperty", O::Other, "WDFMEMORY", -1, 3, 2, kWdfIoTargetH},
    {"WdfRegistryQueryMemory", O::Other, "WDFMEMORY", -1, 3, 2, kWdfRegistryH},
    {"WdfUsbTargetDeviceCreateUrb", O::Other, "WDFMEMORY", -1, 1, -1, kWdfUsbH},
    {"WdfUsbTargetDeviceCreateIsochUrb", O::Other, "WDFMEMORY", -1, 1, -1, kWdfUsbH},
    {"WdfUsbTargetDeviceAllocAndQueryString", O::Other, "WDFMEMORY", -1, 1, -1, kWdfUsbH},
    // --- Registry keys and the strings read from them ------------------------------------------
    {"WdfRegistryOpenKey", O::Other, "WDFKEY", -1, 3, -1, kWdfRegistryH},
    {"WdfRegistryCreateKey", O::Other, "WDFKEY", -1, 5, -1, kWdfRegistryH},
    {"WdfDeviceOpenRegistryKey", O::Other, "WDFKEY", -1, 3, -1, kWdfDeviceH},
    {"WdfDeviceOpenDevicemapKey", O::Other, "WDFKEY", -1, 3, -1, kWdfDeviceH},
    {"WdfDriverOpenParametersRegistryKey", O::Other, "WDFKEY", -1, 2, -1, kWdfDriverH},
    {"WdfDriverOpenPersistentStateRegistryKey", O::Other, "WDFKEY", -1, 2, -1, kWdfDriverH},
    {"WdfFdoInitOpenRegistryKey", O::Other, "WDFKEY", -1, 3, -1, kWdfFdoH},
    {"WdfRegistryQueryMultiString", O::Other, "WDFSTRING", -1, 2, -1, kWdfRegistryH},
    // --- General objects, synchronization, collections, strings ----------------------------------
    {"WdfObjectCreate", O::Other, "WDFOBJECT", -1, 0, -1, kWdfObjectH},
    // The context's callbacks belong to the object given as arg 0, of any type.
    {"WdfObjectAllocateContext", O::Other, "", -1, 1, -1, kWdfObjectH},
    {"WdfSpinLockCreate", O::Other, "WDFSPINLOCK", -1, 0, -1, kWdfSyncH},
    {"WdfWaitLockCreate", O::Other, "WDFWAITLOCK", -1, 0, -1, kWdfSyncH},
    {"WdfCollectionCreate", O::Other, "WDFCOLLECTION", -1, 0, -1, kWdfCollectionH},
    {"WdfStringCreate", O::Other, "WDFSTRING", -1, 1, -1, kWdfStringH},
};

// The cleanup page lists WDFDEVICE, WDFDRIVER, WDFDPC, WDFINTERRUPT, WDFIOTARGET, WDFQUEUE,
// WDFSTRING, WDFTIMER and WDFWORKITEM, and WDFMEMORY/WDFLOOKASIDE from PagedPool; every other
// object "typically" at <= DISPATCH_LEVEL. The pages do not name the objects below, which the
// KMDF source marks passive as well; where the pages are silent pagewise takes the lower
// severity (paging-rules.md §4.3; docs/rules/resident-irql.md).
#define PW_FX "microsoft/Windows-Driver-Frameworks: src/framework/shared/"
// FxUsbDevice and FxUsbPipe derive from FxIoTarget, whose constructor calls MarkPassiveDispose
// (targets/general/fxiotarget.cpp): USB target devices and pipes are I/O targets.
constexpr const char* kFxUsbDevice = PW_FX "inc/private/common/fxusbdevice.hpp";
constexpr const char* kFxUsbPipe = PW_FX "inc/private/common/fxusbpipe.hpp";
// FxRegKey is an FxPagedObject, whose constructor calls MarkPassiveCallbacks.
constexpr const char* kFxRegKey = PW_FX "inc/private/common/fxregkey.hpp";
// A file object's ExecutionLevel defaults to Passive from KMDF 1.11 on, and a passive file
// object's cleanup and destroy callbacks run at PASSIVE_LEVEL (MarkPassiveCallbacks).
constexpr const char* kFxPkgGeneral = PW_FX "irphandlers/general/fxpkggeneral.cpp";
#undef PW_FX

// Field order: handle_type, paged_pool_only, source.
constexpr PassiveCleanupObject kPassiveCleanupObjects[] = {
    {"WDFDEVICE", false, kObjectCleanup},    {"WDFDRIVER", false, kObjectCleanup},
    {"WDFDPC", false, kObjectCleanup},       {"WDFINTERRUPT", false, kObjectCleanup},
    {"WDFIOTARGET", false, kObjectCleanup},  {"WDFQUEUE", false, kObjectCleanup},
    {"WDFSTRING", false, kObjectCleanup},    {"WDFTIMER", false, kObjectCleanup},
    {"WDFWORKITEM", false, kObjectCleanup},  {"WDFMEMORY", true, kObjectCleanup},
    {"WDFLOOKASIDE", true, kObjectCleanup},  {"WDFUSBDEVICE", false, kFxUsbDevice},
    {"WDFUSBPIPE", false, kFxUsbPipe},       {"WDFKEY", false, kFxRegKey},
    {"WDFFILEOBJECT", false, kFxPkgGeneral},
};

// Field order: name, code, at_passive, paging_path, up_to_dispatch, source. The codes are wdm.h's;
// IRP_MJ_MAXIMUM_FUNCTION is IRP_MJ_PNP.
#define PW_KERNEL "https://learn.microsoft.com/windows-hardware/drivers/kernel/"
constexpr const char* kDispatchIrqls = PW_KERNEL "dispatch-routines-and-irqls";
// The page says only other drivers send it (IoAllocateIrp, IoBuildDeviceIoControlRequest); the
// IoCallDriver page (ddi/wdm/nf-wdm-iocalldriver) gives their IRQL, <= DISPATCH_LEVEL.
constexpr const char* kInternalDeviceControl = PW_KERNEL "irp-mj-internal-device-control";
constexpr IrpMajor kIrpMajors[] = {
    {"IRP_MJ_CREATE", 0x00, true, false, false, kDispatchIrqls},
    {"IRP_MJ_CREATE_NAMED_PIPE", 0x01, true, false, false, kDispatchIrqls},
    {"IRP_MJ_CLOSE", 0x02, true, false, false, kDispatchIrqls},
    {"IRP_MJ_READ", 0x03, false, true, false, kDispatchIrqls},
    {"IRP_MJ_WRITE", 0x04, false, true, false, kDispatchIrqls},
    {"IRP_MJ_QUERY_INFORMATION", 0x05, true, false, false, kDispatchIrqls},
    {"IRP_MJ_SET_INFORMATION", 0x06, true, false, false, kDispatchIrqls},
    {"IRP_MJ_QUERY_EA", 0x07, true, false, false, kDispatchIrqls},
    {"IRP_MJ_SET_EA", 0x08, true, false, false, kDispatchIrqls},
    {"IRP_MJ_FLUSH_BUFFERS", 0x09, true, false, false, kDispatchIrqls},
    {"IRP_MJ_QUERY_VOLUME_INFORMATION", 0x0a, true, false, false, kDispatchIrqls},
    {"IRP_MJ_SET_VOLUME_INFORMATION", 0x0b, true, false, false, kDispatchIrqls},
    {"IRP_MJ_DIRECTORY_CONTROL", 0x0c, true, false, false, kDispatchIrqls},
    {"IRP_MJ_FILE_SYSTEM_CONTROL", 0x0d, true, false, false, kDispatchIrqls},
    {"IRP_MJ_DEVICE_CONTROL", 0x0e, false, false, false, kDispatchIrqls},
    {"IRP_MJ_INTERNAL_DEVICE_CONTROL", 0x0f, false, false, true, kInternalDeviceControl},
    {"IRP_MJ_SHUTDOWN", 0x10, true, false, false, kDispatchIrqls},
    {"IRP_MJ_LOCK_CONTROL", 0x11, true, false, false, kDispatchIrqls},
    {"IRP_MJ_CLEANUP", 0x12, true, false, false, kDispatchIrqls},
    {"IRP_MJ_CREATE_MAILSLOT", 0x13, true, false, false, kDispatchIrqls},
    {"IRP_MJ_QUERY_SECURITY", 0x14, true, false, false, kDispatchIrqls},
    {"IRP_MJ_SET_SECURITY", 0x15, true, false, false, kDispatchIrqls},
    {"IRP_MJ_POWER", 0x16, false, true, false, kDispatchIrqls},
    {"IRP_MJ_SYSTEM_CONTROL", 0x17, true, false, false, kDispatchIrqls},
    {"IRP_MJ_DEVICE_CHANGE", 0x18, true, false, false, kDispatchIrqls},
    {"IRP_MJ_QUERY_QUOTA", 0x19, true, false, false, kDispatchIrqls},
    {"IRP_MJ_SET_QUOTA", 0x1a, true, false, false, kDispatchIrqls},
    {"IRP_MJ_PNP", 0x1b, true, false, false, kDispatchIrqls},
    // Aliases. Storage port drivers receive paging I/O as IRP_MJ_SCSI.
    {"IRP_MJ_SCSI", 0x0f, false, true, true, kInternalDeviceControl},
    {"IRP_MJ_PNP_POWER", 0x1b, true, false, false, kDispatchIrqls},
};
#undef PW_KERNEL

// Field order: api, arg, source.
constexpr IrpMajorArgument kIrpMajorArguments[] = {
    {"WdfDeviceInitAssignWdmIrpPreprocessCallback", 2,
     PW_DDI "wdfdevice/nf-wdfdevice-wdfdeviceinitassignwdmirppreprocesscallback"},
    {"WdfDeviceConfigureWdmIrpDispatchCallback", 2,
     PW_DDI "wdfdevice/nf-wdfdevice-wdfdeviceconfigurewdmirpdispatchcallback"},
};

using PS = PassiveSetting::Kind;
constexpr const char* kFullySpecified =
    PW_DDI "wdm/ns-wdm-_io_connect_interrupt_fully_specified_parameters";

// Field order: kind, field, values, within, lowers, source.
constexpr PassiveSetting kPassiveSettings[] = {
    {PS::ExecutionLevel,
     "ExecutionLevel",
     {"WdfExecutionLevelPassive", nullptr, nullptr},
     true,
     nullptr,
     PW_DDI "wdfobject/ns-wdfobject-_wdf_object_attributes"},
    {PS::PassiveHandling,
     "PassiveHandling",
     {"TRUE", "true", "1"},
     false,
     nullptr,
     PW_DDI "wdfinterrupt/ns-wdfinterrupt-_wdf_interrupt_config"},
    {PS::ConnectIrql,
     "Irql",
     {"PASSIVE_LEVEL", "0", nullptr},
     false,
     "ServiceRoutine",
     kFullySpecified},
    {PS::ConnectSynchronizeIrql,
     "SynchronizeIrql",
     {"PASSIVE_LEVEL", "0", nullptr},
     false,
     "ServiceRoutine",
     kFullySpecified},
};

#undef PW_DDI
#undef PW_KMDF

}  // namespace

const CallbackRole* find_role(std::string_view name) {
  static const std::unordered_map<std::string_view, const CallbackRole*> index = [] {
    std::unordered_map<std::string_view, const CallbackRole*> m;
    for (const CallbackRole& r : kRoles) m.emplace(r.name, &r);
    return m;
  }();
  auto it = index.find(name);
  return it == index.end() ? find_project_role(name) : it->second;
}

const std::vector<const ArgRegistration*>& arg_registrations_for(std::string_view api) {
  // Every call of every function is looked up here: an index built once.
  static const std::unordered_map<std::string_view, std::vector<const ArgRegistration*>> index =
      [] {
        std::unordered_map<std::string_view, std::vector<const ArgRegistration*>> m;
        for (const ArgRegistration& r : kArgRegistrations) m[r.api].push_back(&r);
        return m;
      }();
  static const std::vector<const ArgRegistration*> none;
  auto it = index.find(api);
  return it == index.end() ? none : it->second;
}

std::span<const CallbackRole> callback_roles() { return kRoles; }

const ArgRegistration* arg_registrations_begin() { return std::begin(kArgRegistrations); }
const ArgRegistration* arg_registrations_end() { return std::end(kArgRegistrations); }

const FieldRegistration* find_field_registration(std::string_view field) {
  for (const FieldRegistration& f : kFieldRegistrations)
    if (field == f.field) return &f;
  return nullptr;
}

std::span<const FieldRegistration> field_registrations() { return kFieldRegistrations; }

std::span<const PositionalRegistration> positional_registrations() {
  return kPositionalRegistrations;
}

const ObjectCreateApi* find_object_create_api(std::string_view api) {
  for (const ObjectCreateApi& a : kObjectCreateApis)
    if (api == a.api) return &a;
  return nullptr;
}

std::span<const ObjectCreateApi> object_create_apis() { return kObjectCreateApis; }

const PassiveCleanupObject* find_passive_cleanup_object(std::string_view handle_type) {
  for (const PassiveCleanupObject& o : kPassiveCleanupObjects)
    if (handle_type == o.handle_type) return &o;
  return nullptr;
}

std::span<const PassiveCleanupObject> passive_cleanup_objects() { return kPassiveCleanupObjects; }

const IrpMajorArgument* find_irp_major_argument(std::string_view api) {
  for (const IrpMajorArgument& a : kIrpMajorArguments)
    if (api == a.api) return &a;
  return nullptr;
}

std::span<const IrpMajorArgument> irp_major_arguments() { return kIrpMajorArguments; }

const PassiveSetting& passive_setting(PassiveSetting::Kind kind) {
  for (const PassiveSetting& s : kPassiveSettings)
    if (s.kind == kind) return s;
  return kPassiveSettings[0];  // unreachable: every kind has its row (roles_test)
}

std::span<const PassiveSetting> passive_settings() { return kPassiveSettings; }

const IrpMajor* find_irp_major(std::string_view name) {
  for (const IrpMajor& m : kIrpMajors)
    if (name == m.name) return &m;
  return nullptr;
}

std::span<const IrpMajor> irp_majors() { return kIrpMajors; }

bool irp_major_arrives_at_passive(std::string_view major) {
  // A name wdm.h does not define (a driver's own macro) is not known to arrive at PASSIVE_LEVEL.
  const IrpMajor* m = find_irp_major(major);
  return m && m->at_passive;
}

bool irp_major_on_paging_path(std::string_view major) {
  const IrpMajor* m = find_irp_major(major);
  return m && m->paging_path;
}

}  // namespace pagewise
