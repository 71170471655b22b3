#include "knowledge/roles.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pagewise {
namespace {

bool is_citation(std::string_view s) {
  return s.starts_with("https://learn.microsoft.com/") || s.find(": ") != std::string_view::npos;
}

std::set<std::string> roles_with_flag(uint16_t flag) {
  std::set<std::string> names;
  for (const CallbackRole& r : callback_roles())
    if (r.flags & flag) names.insert(r.name);
  return names;
}

// --- Roles ---------------------------------------------------------------------------------------

TEST(Roles, DriverEntryIsTheOnlyInitRole) {
  const CallbackRole* r = find_role("DRIVER_INITIALIZE");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->irql, Irql::Passive);
  EXPECT_TRUE(r->flags & kRoleInit);
  EXPECT_FALSE(r->flags & kRoleLater);
  EXPECT_EQ(roles_with_flag(kRoleInit), std::set<std::string>{"DRIVER_INITIALIZE"});
  for (const CallbackRole& role : callback_roles()) {
    if (std::string_view(role.name) != "DRIVER_INITIALIZE") {
      EXPECT_TRUE(role.flags & kRoleLater) << role.name;
    }
  }
}

TEST(Roles, WdmRoles) {
  struct Case {
    const char* name;
    Irql irql;
    bool certain;
  };
  for (Case c : {Case{"DRIVER_DISPATCH", Irql::Passive, true},
                 Case{"DRIVER_STARTIO", Irql::Dispatch, true},
                 Case{"DRIVER_CANCEL", Irql::Dispatch, true},
                 Case{"IO_COMPLETION_ROUTINE", Irql::Dispatch, false},
                 Case{"KDEFERRED_ROUTINE", Irql::Dispatch, true},
                 Case{"IO_DPC_ROUTINE", Irql::Dispatch, true},
                 Case{"KSERVICE_ROUTINE", Irql::Dirql, true},
                 Case{"KMESSAGE_SERVICE_ROUTINE", Irql::Dirql, true},
                 Case{"KSYNCHRONIZE_ROUTINE", Irql::Dirql, true},
                 Case{"IO_WORKITEM_ROUTINE", Irql::Passive, true},
                 Case{"KSTART_ROUTINE", Irql::Passive, true},
                 Case{"DRIVER_CONTROL", Irql::Dispatch, true},
                 Case{"DRIVER_LIST_CONTROL", Irql::Dispatch, true},
                 Case{"IO_TIMER_ROUTINE", Irql::Dispatch, true},
                 Case{"EXT_CALLBACK", Irql::Dispatch, true},
                 Case{"REQUEST_POWER_COMPLETE", Irql::Dispatch, false},
                 Case{"CALLBACK_FUNCTION", Irql::Dispatch, false},
                 Case{"KBUGCHECK_CALLBACK_ROUTINE", Irql::High, true},
                 Case{"KIPI_BROADCAST_WORKER", Irql::High, true},
                 Case{"IO_CSQ_INSERT_IRP", Irql::Dispatch, false},
                 Case{"PCREATE_PROCESS_NOTIFY_ROUTINE", Irql::Passive, true},
                 Case{"DRIVER_NOTIFICATION_CALLBACK_ROUTINE", Irql::Passive, true}}) {
    const CallbackRole* r = find_role(c.name);
    ASSERT_NE(r, nullptr) << c.name;
    EXPECT_EQ(r->irql, c.irql) << c.name;
    EXPECT_EQ(r->certain, c.certain) << c.name;
    EXPECT_EQ(r->governor, Governor::None) << c.name;
  }
}

TEST(Roles, KmdfRolesAndGovernors) {
  struct Case {
    const char* name;
    Irql irql;
    bool certain;
    Governor governor;
  };
  for (Case c :
       {Case{"EVT_WDF_IO_QUEUE_IO_READ", Irql::Dispatch, false, Governor::Queue},
        Case{"EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE", Irql::Dispatch, false, Governor::Queue},
        Case{"EVT_WDF_TIMER", Irql::Dispatch, false, Governor::Timer},
        Case{"EVT_WDF_OBJECT_CONTEXT_CLEANUP", Irql::Dispatch, false, Governor::Object},
        Case{"EVT_WDF_DEVICE_CONTEXT_DESTROY", Irql::Dispatch, false, Governor::Object},
        Case{"EVT_WDF_DEVICE_FILE_CREATE", Irql::Passive, true, Governor::File},
        Case{"EVT_WDF_DPC", Irql::Dispatch, true, Governor::None},
        Case{"EVT_WDF_INTERRUPT_ISR", Irql::Dirql, true, Governor::Interrupt},
        Case{"EVT_WDF_INTERRUPT_DPC", Irql::Dispatch, true, Governor::None},
        Case{"EVT_WDF_INTERRUPT_WORKITEM", Irql::Passive, true, Governor::None},
        Case{"EVT_WDF_PROGRAM_DMA", Irql::Dispatch, true, Governor::None},
        Case{"EVT_WDF_REQUEST_COMPLETION_ROUTINE", Irql::Dispatch, false, Governor::None},
        Case{"EVT_WDF_REQUEST_CANCEL", Irql::Dispatch, false, Governor::None},
        Case{"EVT_WDF_IO_IN_CALLER_CONTEXT", Irql::Dispatch, false, Governor::None},
        Case{"EVT_WDF_CHILD_LIST_ADDRESS_DESCRIPTION_COPY", Irql::Dispatch, false, Governor::None},
        Case{"EVT_WDF_USB_READER_COMPLETION_ROUTINE", Irql::Dispatch, false, Governor::None},
        Case{"EVT_WDF_DRIVER_DEVICE_ADD", Irql::Passive, true, Governor::None},
        Case{"EVT_WDF_DEVICE_PREPARE_HARDWARE", Irql::Passive, true, Governor::None}}) {
    const CallbackRole* r = find_role(c.name);
    ASSERT_NE(r, nullptr) << c.name;
    EXPECT_EQ(r->irql, c.irql) << c.name;
    EXPECT_EQ(r->certain, c.certain) << c.name;
    EXPECT_EQ(r->governor, c.governor) << c.name;
  }
  // Pointer typedefs are not used to declare functions.
  EXPECT_EQ(find_role("PFN_WDF_IO_QUEUE_IO_READ"), nullptr);
}

TEST(Roles, ReturnToD0PathIsExactlyTheListOfSection45) {
  EXPECT_EQ(roles_with_flag(kRoleReturnToD0),
            (std::set<std::string>{
                "EVT_WDF_DEVICE_DISABLE_WAKE_AT_BUS", "EVT_WDF_DEVICE_D0_ENTRY",
                "EVT_WDF_INTERRUPT_ENABLE", "EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED",
                "EVT_WDF_DMA_ENABLER_FILL", "EVT_WDF_DMA_ENABLER_ENABLE",
                "EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START", "EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0",
                "EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX", "EVT_WDF_CHILD_LIST_SCAN_FOR_CHILDREN",
                "EVT_WDF_IO_QUEUE_IO_RESUME", "EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART"}));
}

TEST(Roles, PowerTransitionCallbacks) {
  EXPECT_EQ(roles_with_flag(kRolePowerTransition),
            (std::set<std::string>{"EVT_WDF_DEVICE_D0_ENTRY",
                                   "EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED",
                                   "EVT_WDF_DEVICE_D0_EXIT",
                                   "EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED",
                                   "EVT_WDF_INTERRUPT_ENABLE",
                                   "EVT_WDF_INTERRUPT_DISABLE",
                                   "EVT_WDF_DMA_ENABLER_FILL",
                                   "EVT_WDF_DMA_ENABLER_FLUSH",
                                   "EVT_WDF_DMA_ENABLER_ENABLE",
                                   "EVT_WDF_DMA_ENABLER_DISABLE",
                                   "EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START",
                                   "EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP",
                                   "EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND",
                                   "EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART",
                                   "EVT_WDF_DEVICE_ARM_WAKE_FROM_S0",
                                   "EVT_WDF_DEVICE_ARM_WAKE_FROM_SX",
                                   "EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON",
                                   "EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0",
                                   "EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX",
                                   "USB_IDLE_CALLBACK",
                                   "PO_FX_COMPONENT_ACTIVE_CONDITION_CALLBACK",
                                   "PO_FX_COMPONENT_IDLE_CONDITION_CALLBACK",
                                   "PO_FX_COMPONENT_IDLE_STATE_CALLBACK",
                                   "PO_FX_DEVICE_POWER_REQUIRED_CALLBACK",
                                   "PO_FX_DEVICE_POWER_NOT_REQUIRED_CALLBACK",
                                   "PO_FX_POWER_CONTROL_CALLBACK"}));
}

TEST(Roles, InterruptPath) {
  EXPECT_EQ(roles_with_flag(kRoleInterruptPath),
            (std::set<std::string>{"KSERVICE_ROUTINE", "KMESSAGE_SERVICE_ROUTINE", "IO_DPC_ROUTINE",
                                   "KSYNCHRONIZE_ROUTINE", "EVT_WDF_INTERRUPT_ISR",
                                   "EVT_WDF_INTERRUPT_DPC", "EVT_WDF_INTERRUPT_ENABLE",
                                   "EVT_WDF_INTERRUPT_DISABLE", "EVT_WDF_INTERRUPT_SYNCHRONIZE",
                                   "DXGKDDI_INTERRUPT_ROUTINE", "DXGKDDI_DPC_ROUTINE"}));
}

// The display DDIs that run on the bugcheck and reset paths at any IRQL, and the interrupt and
// DPC DDIs, are never pageable; the WSK client events are contracts up to DISPATCH_LEVEL.
TEST(Roles, DisplayAndWskCallbacks) {
  for (const char* name :
       {"DXGKDDI_RESET_DEVICE", "DXGKDDI_SYSTEM_DISPLAY_ENABLE", "DXGKDDI_SYSTEM_DISPLAY_WRITE"}) {
    const CallbackRole* r = find_role(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->irql, Irql::High) << name;
    EXPECT_TRUE(r->certain) << name;
  }
  EXPECT_EQ(find_role("DXGKDDI_INTERRUPT_ROUTINE")->irql, Irql::Dirql);
  EXPECT_EQ(find_role("DXGKDDI_DPC_ROUTINE")->irql, Irql::Dispatch);
  EXPECT_FALSE(find_role("DXGKDDI_COLLECTDBGINFO")->certain);
  for (const FieldRegistration& f : field_registrations())
    if (std::string_view(f.field).starts_with("Wsk")) {
      const CallbackRole* r = find_role(f.role);
      EXPECT_EQ(r->irql, Irql::Dispatch) << f.field;
      EXPECT_FALSE(r->certain) << f.field;
    }
  for (const PositionalRegistration& p : positional_registrations()) {
    const FieldRegistration* f = find_field_registration(p.field);
    ASSERT_NE(f, nullptr) << p.type << "." << p.field;
    EXPECT_STREQ(f->role, p.role) << p.field;
    EXPECT_GE(p.index, 0);
    EXPECT_TRUE(is_citation(p.source)) << p.field;
  }
}

TEST(Roles, EveryRowIsWellFormed) {
  std::set<std::string> names;
  EXPECT_GT(callback_roles().size(), 140u);
  for (const CallbackRole& r : callback_roles()) {
    EXPECT_TRUE(names.insert(r.name).second) << "duplicate " << r.name;
    ASSERT_NE(r.source, nullptr) << r.name;
    EXPECT_TRUE(is_citation(r.source)) << r.name << ": " << r.source;
    EXPECT_EQ(find_role(r.name), &r) << r.name;
    // A governor only ever lowers a role's IRQL, so governed roles are contracts (file roles aside,
    // which are PASSIVE already, and interrupt roles: an interrupt runs them at DIRQL unless its
    // own configuration, written with the registration, asks for PassiveHandling).
    if (r.governor != Governor::None && r.governor != Governor::File &&
        r.governor != Governor::Interrupt) {
      EXPECT_FALSE(r.certain) << r.name;
    }
    // Interrupt-path roles always run at DISPATCH_LEVEL or above.
    if (r.flags & kRoleInterruptPath) {
      EXPECT_GE(r.irql, Irql::Dispatch) << r.name;
    }
  }
}

// --- Registrations -------------------------------------------------------------------------------

std::vector<std::pair<int, std::string>> registrations_of(std::string_view api) {
  std::vector<std::pair<int, std::string>> rows;
  for_each_arg_registration(api,
                            [&](const ArgRegistration& r) { rows.emplace_back(r.arg, r.role); });
  return rows;
}

TEST(ArgRegistrations, WdmRows) {
  using Rows = std::vector<std::pair<int, std::string>>;
  EXPECT_EQ(registrations_of("KeInitializeDpc"), (Rows{{1, "KDEFERRED_ROUTINE"}}));
  EXPECT_EQ(registrations_of("KeInitializeThreadedDpc"), (Rows{{1, "KDEFERRED_ROUTINE"}}));
  EXPECT_EQ(registrations_of("IoSetCompletionRoutineEx"), (Rows{{2, "IO_COMPLETION_ROUTINE"}}));
  EXPECT_EQ(registrations_of("PsCreateSystemThread"), (Rows{{5, "KSTART_ROUTINE"}}));
  EXPECT_EQ(registrations_of("IoCreateSystemThread"), (Rows{{6, "KSTART_ROUTINE"}}));
  EXPECT_EQ(registrations_of("IoRegisterPlugPlayNotification"),
            (Rows{{4, "DRIVER_NOTIFICATION_CALLBACK_ROUTINE"}}));
  EXPECT_EQ(registrations_of("ExRegisterCallback"), (Rows{{1, "CALLBACK_FUNCTION"}}));
  EXPECT_EQ(registrations_of("KeIpiGenericCall"), (Rows{{0, "KIPI_BROADCAST_WORKER"}}));
  EXPECT_EQ(registrations_of("IoCsqInitialize"), (Rows{{1, "IO_CSQ_INSERT_IRP"},
                                                       {2, "IO_CSQ_REMOVE_IRP"},
                                                       {3, "IO_CSQ_PEEK_NEXT_IRP"},
                                                       {4, "IO_CSQ_ACQUIRE_LOCK"},
                                                       {5, "IO_CSQ_RELEASE_LOCK"},
                                                       {6, "IO_CSQ_COMPLETE_CANCELED_IRP"}}));
  EXPECT_EQ(registrations_of("IoCsqInitializeEx").front(),
            (std::pair<int, std::string>{1, "IO_CSQ_INSERT_IRP_EX"}));
  EXPECT_TRUE(registrations_of("KeSetTimer").empty());
  EXPECT_TRUE(registrations_of("keinitializedpc").empty());
}

TEST(ArgRegistrations, KmdfRows) {
  using Rows = std::vector<std::pair<int, std::string>>;
  EXPECT_EQ(registrations_of("WDF_DRIVER_CONFIG_INIT"), (Rows{{1, "EVT_WDF_DRIVER_DEVICE_ADD"}}));
  EXPECT_EQ(registrations_of("WDF_INTERRUPT_CONFIG_INIT"),
            (Rows{{1, "EVT_WDF_INTERRUPT_ISR"}, {2, "EVT_WDF_INTERRUPT_DPC"}}));
  EXPECT_EQ(registrations_of("WDF_FILEOBJECT_CONFIG_INIT"), (Rows{{1, "EVT_WDF_DEVICE_FILE_CREATE"},
                                                                  {2, "EVT_WDF_FILE_CLOSE"},
                                                                  {3, "EVT_WDF_FILE_CLEANUP"}}));
  EXPECT_EQ(registrations_of("WDF_TIMER_CONFIG_INIT_PERIODIC"), (Rows{{1, "EVT_WDF_TIMER"}}));
  EXPECT_EQ(registrations_of("WdfIoQueueStopAndPurge"), (Rows{{1, "EVT_WDF_IO_QUEUE_STATE"}}));
  EXPECT_EQ(registrations_of("WdfDmaTransactionInitializeUsingRequest"),
            (Rows{{2, "EVT_WDF_PROGRAM_DMA"}}));
  EXPECT_EQ(registrations_of("WdfDmaTransactionAllocateResources"),
            (Rows{{3, "EVT_WDF_RESERVE_DMA"}}));
  EXPECT_EQ(registrations_of("WDF_CHILD_LIST_CONFIG_INIT"),
            (Rows{{2, "EVT_WDF_CHILD_LIST_CREATE_DEVICE"}}));
  EXPECT_EQ(registrations_of("WdfDeviceConfigureWdmIrpDispatchCallback"),
            (Rows{{3, "EVT_WDFDEVICE_WDM_IRP_DISPATCH"}}));
  EXPECT_EQ(registrations_of("WDF_QUERY_INTERFACE_CONFIG_INIT"),
            (Rows{{3, "EVT_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST"}}));
}

TEST(ArgRegistrations, EveryRowIsWellFormed) {
  std::set<std::pair<std::string, int>> keys;
  for (const ArgRegistration* r = arg_registrations_begin(); r != arg_registrations_end(); ++r) {
    EXPECT_TRUE(keys.insert({r->api, r->arg}).second)
        << "duplicate " << r->api << " arg " << r->arg;
    EXPECT_GE(r->arg, 0) << r->api;
    EXPECT_NE(find_role(r->role), nullptr) << r->api << " names unknown role " << r->role;
    EXPECT_TRUE(is_citation(r->source)) << r->api;
  }
  EXPECT_GT(keys.size(), 80u);
}

TEST(FieldRegistrations, Lookups) {
  struct Case {
    const char* field;
    const char* role;
  };
  for (Case c :
       {Case{"MajorFunction", "DRIVER_DISPATCH"}, Case{"DriverUnload", "DRIVER_UNLOAD"},
        Case{"AddDevice", "DRIVER_ADD_DEVICE"}, Case{"DriverStartIo", "DRIVER_STARTIO"},
        Case{"MessageServiceRoutine", "KMESSAGE_SERVICE_ROUTINE"},
        Case{"FallBackServiceRoutine", "KSERVICE_ROUTINE"},
        Case{"PreOperation", "POB_PRE_OPERATION_CALLBACK"},
        Case{"EvtDeviceD0Entry", "EVT_WDF_DEVICE_D0_ENTRY"},
        Case{"EvtIoRead", "EVT_WDF_IO_QUEUE_IO_READ"},
        Case{"EvtInterruptEnable", "EVT_WDF_INTERRUPT_ENABLE"},
        Case{"EvtCleanupCallback", "EVT_WDF_OBJECT_CONTEXT_CLEANUP"},
        Case{"EvtDestroyCallback", "EVT_WDF_OBJECT_CONTEXT_DESTROY"},
        Case{"EvtDmaEnablerSelfManagedIoStart", "EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START"},
        Case{"EvtUsbTargetPipeReadersFailed", "EVT_WDF_USB_READERS_FAILED"},
        Case{"EvtDeviceDisableWakeAtBus", "EVT_WDF_DEVICE_DISABLE_WAKE_AT_BUS"},
        Case{"EvtChildListScanForChildren", "EVT_WDF_CHILD_LIST_SCAN_FOR_CHILDREN"},
        Case{"EvtWmiInstanceExecuteMethod", "EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD"}}) {
    const FieldRegistration* f = find_field_registration(c.field);
    ASSERT_NE(f, nullptr) << c.field;
    EXPECT_STREQ(f->role, c.role) << c.field;
  }
  EXPECT_EQ(find_field_registration("ExecutionLevel"), nullptr);
  EXPECT_EQ(find_field_registration("evtioread"), nullptr);
}

TEST(FieldRegistrations, EveryRowIsWellFormed) {
  std::set<std::string> fields;
  for (const FieldRegistration& f : field_registrations()) {
    EXPECT_TRUE(fields.insert(f.field).second) << "duplicate " << f.field;
    EXPECT_NE(find_role(f.role), nullptr) << f.field << " names unknown role " << f.role;
    EXPECT_TRUE(is_citation(f.source)) << f.field;
  }
  EXPECT_GT(fields.size(), 90u);
}

// --- Object creation -----------------------------------------------------------------------------

TEST(ObjectCreateApis, Lookups) {
  using O = ObjectCreateApi::Object;
  struct Case {
    const char* api;
    O object;
    int config_arg;
    int attributes_arg;
  };
  for (Case c :
       {Case{"WdfDriverCreate", O::Driver, 3, 2}, Case{"WdfDeviceCreate", O::Device, -1, 1},
        Case{"WdfIoQueueCreate", O::Queue, 1, 2}, Case{"WdfTimerCreate", O::Timer, 0, 1},
        Case{"WdfDpcCreate", O::Dpc, 0, 1}, Case{"WdfWorkItemCreate", O::WorkItem, 0, 1},
        Case{"WdfInterruptCreate", O::Interrupt, 1, 2},
        Case{"WdfDeviceInitSetFileObjectConfig", O::File, 1, 2},
        Case{"WdfDeviceInitSetPnpPowerEventCallbacks", O::Device, 1, -1},
        Case{"WdfPdoInitSetEventCallbacks", O::Device, 1, -1},
        Case{"WdfDmaEnablerCreate", O::Other, 1, 2}, Case{"WdfChildListCreate", O::Other, 1, 2},
        Case{"WdfFdoInitSetDefaultChildListConfig", O::Other, 1, 2},
        Case{"WdfUsbTargetPipeConfigContinuousReader", O::Other, 1, -1},
        Case{"WdfIoTargetOpen", O::Other, 1, -1}, Case{"WdfMemoryCreate", O::Other, -1, 0},
        Case{"WdfRequestCreate", O::Other, -1, 0}, Case{"WdfSpinLockCreate", O::Other, -1, 0}}) {
    const ObjectCreateApi* a = find_object_create_api(c.api);
    ASSERT_NE(a, nullptr) << c.api;
    EXPECT_EQ(a->object, c.object) << c.api;
    EXPECT_EQ(a->config_arg, c.config_arg) << c.api;
    EXPECT_EQ(a->attributes_arg, c.attributes_arg) << c.api;
  }
  EXPECT_EQ(find_object_create_api("WdfObjectDelete"), nullptr);
}

TEST(ObjectCreateApis, EveryRowIsWellFormed) {
  std::set<std::pair<std::string, int>> rows;
  for (const ObjectCreateApi& a : object_create_apis()) {
    EXPECT_TRUE(rows.insert({a.api, a.attributes_arg}).second) << "duplicate " << a.api;
    EXPECT_TRUE(a.config_arg >= 0 || a.attributes_arg >= 0) << a.api;
    if (a.config_arg >= 0) {
      EXPECT_NE(a.config_arg, a.attributes_arg) << a.api;
    }
    if (a.pool_arg >= 0) {
      EXPECT_GE(a.attributes_arg, 0) << a.api;
      EXPECT_NE(a.pool_arg, a.attributes_arg) << a.api;
    }
    std::string_view type = a.handle_type;
    EXPECT_TRUE(type.empty() || type.starts_with("WDF")) << a.api;
    EXPECT_TRUE(is_citation(a.source)) << a.api;
  }
}

// Every KMDF routine with a PWDF_OBJECT_ATTRIBUTES parameter in the 1.33 headers, with the
// object its attributes go to.
TEST(ObjectCreateApis, AttributesReachTheirObject) {
  struct Case {
    const char* api;
    int attributes_arg;
    const char* handle_type;
  };
  for (Case c :
       {Case{"WdfUsbTargetDeviceSelectConfig", 1, "WDFUSBPIPE"},
        Case{"WdfUsbInterfaceSelectSetting", 1, "WDFUSBPIPE"},
        Case{"WdfIoTargetCreate", 1, "WDFIOTARGET"}, Case{"WdfRegistryOpenKey", 3, "WDFKEY"},
        Case{"WdfRegistryCreateKey", 5, "WDFKEY"}, Case{"WdfDeviceOpenRegistryKey", 3, "WDFKEY"},
        Case{"WdfRegistryQueryMultiString", 2, "WDFSTRING"},
        Case{"WdfUsbTargetDeviceCreateUrb", 1, "WDFMEMORY"},
        Case{"WdfMemoryCreatePreallocated", 0, "WDFMEMORY"},
        Case{"WdfCommonBufferCreateWithConfig", 3, "WDFCOMMONBUFFER"},
        Case{"WdfObjectAllocateContext", 1, ""}}) {
    const ObjectCreateApi* a = find_object_create_api(c.api);
    ASSERT_NE(a, nullptr) << c.api;
    EXPECT_EQ(a->attributes_arg, c.attributes_arg) << c.api;
    EXPECT_STREQ(a->handle_type, c.handle_type) << c.api;
  }
  // The lookaside list's own attributes (arg 0) and its memory objects' (arg 3), both from the
  // pool of arg 2.
  int lookaside_rows = 0;
  for (const ObjectCreateApi& a : object_create_apis())
    if (std::string_view(a.api) == "WdfLookasideListCreate") {
      ++lookaside_rows;
      EXPECT_EQ(a.pool_arg, 2);
    }
  EXPECT_EQ(lookaside_rows, 2);
}

TEST(PassiveCleanupObjects, DocumentedAndSourcedTypes) {
  for (const char* type : {"WDFDEVICE", "WDFDRIVER", "WDFDPC", "WDFINTERRUPT", "WDFIOTARGET",
                           "WDFQUEUE", "WDFSTRING", "WDFTIMER", "WDFWORKITEM"}) {
    const PassiveCleanupObject* o = find_passive_cleanup_object(type);
    ASSERT_NE(o, nullptr) << type;
    EXPECT_FALSE(o->paged_pool_only) << type;
  }
  for (const char* type : {"WDFMEMORY", "WDFLOOKASIDE"}) {
    const PassiveCleanupObject* o = find_passive_cleanup_object(type);
    ASSERT_NE(o, nullptr) << type;
    EXPECT_TRUE(o->paged_pool_only) << type;
  }
  for (const char* type : {"WDFREQUEST", "WDFSPINLOCK", "WDFCOLLECTION", "WDFOBJECT", ""})
    EXPECT_EQ(find_passive_cleanup_object(type), nullptr) << type;
  std::set<std::string> created;
  for (const ObjectCreateApi& a : object_create_apis()) created.insert(a.handle_type);
  for (const PassiveCleanupObject& o : passive_cleanup_objects()) {
    EXPECT_TRUE(created.count(o.handle_type)) << o.handle_type << " is created by no row";
    EXPECT_TRUE(is_citation(o.source)) << o.handle_type;
  }
}

// The registration routines that name an IRP major also register a role through another
// argument: the major argument is a different one, within the call.
TEST(IrpMajorArguments, NameTheMajorOfARegistration) {
  EXPECT_EQ(irp_major_arguments().size(), 2u);
  for (const IrpMajorArgument& a : irp_major_arguments()) {
    EXPECT_EQ(find_irp_major_argument(a.api), &a) << a.api;
    EXPECT_TRUE(is_citation(a.source)) << a.api;
    const auto& regs = arg_registrations_for(a.api);
    ASSERT_FALSE(regs.empty()) << a.api << " registers no role";
    for (const ArgRegistration* r : regs) EXPECT_NE(r->arg, a.arg) << a.api;
  }
  const IrpMajorArgument* pre =
      find_irp_major_argument("WdfDeviceInitAssignWdmIrpPreprocessCallback");
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->arg, 2);
  EXPECT_EQ(find_irp_major_argument("WdfIoQueueCreate"), nullptr);
}

TEST(PassiveSettings, OneRowPerKind) {
  using K = PassiveSetting::Kind;
  for (K k : {K::ExecutionLevel, K::PassiveHandling, K::ConnectIrql, K::ConnectSynchronizeIrql}) {
    const PassiveSetting& s = passive_setting(k);
    EXPECT_EQ(s.kind, k) << s.field;
    EXPECT_TRUE(is_citation(s.source)) << s.field;
    EXPECT_NE(s.values[0], nullptr) << s.field;
  }
  EXPECT_EQ(passive_settings().size(), 4u);
  EXPECT_STREQ(passive_setting(K::ExecutionLevel).field, "ExecutionLevel");
  EXPECT_STREQ(passive_setting(K::PassiveHandling).field, "PassiveHandling");
  // The settings that lower a callback directly name a registration field of the tables.
  for (const PassiveSetting& s : passive_settings())
    if (s.lowers) {
      EXPECT_NE(find_field_registration(s.lowers), nullptr) << s.field;
    }
}

// The KMDF interrupt callbacks that a passive-level interrupt lowers, and only those.
TEST(Roles, InterruptGovernedRoles) {
  std::set<std::string> governed;
  for (const CallbackRole& r : callback_roles())
    if (r.governor == Governor::Interrupt) governed.insert(r.name);
  EXPECT_EQ(governed,
            (std::set<std::string>{"EVT_WDF_INTERRUPT_ISR", "EVT_WDF_INTERRUPT_ENABLE",
                                   "EVT_WDF_INTERRUPT_DISABLE", "EVT_WDF_INTERRUPT_SYNCHRONIZE"}));
}

// wdm.h's major functions: IRP_MJ_CREATE (0) to IRP_MJ_MAXIMUM_FUNCTION (IRP_MJ_PNP, 0x1b), each
// code once by its primary name, the aliases after.
TEST(IrpMajors, EveryCodeOnceThenAliases) {
  std::set<int> codes;
  std::set<std::string> names;
  bool aliases = false;
  for (const IrpMajor& m : irp_majors()) {
    EXPECT_TRUE(names.insert(m.name).second) << "duplicate " << m.name;
    EXPECT_TRUE(is_citation(m.source)) << m.name;
    EXPECT_EQ(find_irp_major(m.name), &m) << m.name;
    EXPECT_LE(m.code, 0x1b) << m.name;
    bool first = codes.insert(m.code).second;
    if (!first) aliases = true;
    EXPECT_TRUE(first || aliases) << m.name << " repeats a code before the primary names end";
    EXPECT_FALSE(first && aliases) << m.name << ": a primary name after the aliases";
  }
  EXPECT_EQ(codes.size(), 0x1cu);
  EXPECT_EQ(find_irp_major("IRP_MJ_SCSI")->code,
            find_irp_major("IRP_MJ_INTERNAL_DEVICE_CONTROL")->code);
}

TEST(IrpMajors, WhatEachMeansForItsDispatchRoutine) {
  EXPECT_TRUE(irp_major_arrives_at_passive("IRP_MJ_CREATE"));
  EXPECT_TRUE(irp_major_arrives_at_passive("IRP_MJ_PNP"));
  for (const char* m : {"IRP_MJ_READ", "IRP_MJ_WRITE", "IRP_MJ_DEVICE_CONTROL",
                        "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_POWER", "IRP_MJ_SCSI"})
    EXPECT_FALSE(irp_major_arrives_at_passive(m)) << m;
  EXPECT_FALSE(irp_major_arrives_at_passive("IRP_MJ_MY_OWN"));
  std::set<std::string> paging, dispatch;
  for (const IrpMajor& m : irp_majors()) {
    if (m.paging_path) paging.insert(m.name);
    if (m.up_to_dispatch) dispatch.insert(m.name);
  }
  EXPECT_EQ(paging,
            (std::set<std::string>{"IRP_MJ_READ", "IRP_MJ_WRITE", "IRP_MJ_POWER", "IRP_MJ_SCSI"}));
  EXPECT_EQ(dispatch, (std::set<std::string>{"IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SCSI"}));
}

}  // namespace
}  // namespace pagewise
