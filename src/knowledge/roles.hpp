// Callback roles and the IRQL they run at (paging-rules.md §4), and how drivers register them
// (§5), as data.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "knowledge/irql.hpp"

namespace pagewise {

// What configures a role's IRQL: KMDF ExecutionLevel on the object the callback belongs to.
enum class Governor : uint8_t {
  None,    // the IRQL is fixed by the role
  Queue,   // queue callbacks: PASSIVE if the queue's (or device's, or driver's) ExecutionLevel is
           // Passive
  Timer,   // EVT_WDF_TIMER: PASSIVE if the timer's ExecutionLevel is Passive
  File,    // file-object callbacks
  Object,  // object cleanup/destroy: depends on the object type and its ExecutionLevel
  Interrupt,  // KMDF interrupt callbacks: PASSIVE if the interrupt's PassiveHandling is TRUE
};

// Role flags used by later rules.
enum RoleFlag : uint16_t {
  kRoleInterruptPath =
      1 << 0,  // ISR, DpcForIsr, synchronize routines: resident whenever interrupts are connected
  kRoleReturnToD0 = 1 << 1,       // KMDF return-to-D0 path (§4.5)
  kRolePowerTransition = 1 << 2,  // KMDF power-transition callbacks (§4.5 consequence)
  kRoleInit = 1 << 3,             // DriverEntry: may live in INIT
  kRoleLater = 1 << 4,            // runs after initialization (any registered callback)
  // Runs at PASSIVE_LEVEL, but its documentation says not to make it pageable (a timing-critical
  // power path): the advisor never suggests paging it.
  kRoleKeepResident = 1 << 5,
  // The driver attaches to PnP device stacks (AddDevice), so it receives power IRPs.
  kRolePnpDevice = 1 << 6,
};

struct CallbackRole {
  const char* name;  // the role typedef: "DRIVER_DISPATCH", "EVT_WDF_IO_QUEUE_IO_READ"
  Irql irql;         // the highest IRQL the role runs at
  // Certain: the role always runs that high (DPC, ISR). Contract: the role's contract allows it
  // (EvtIoRead on a dispatch-level queue) but the driver's configuration may rule it out.
  bool certain;
  Governor governor;
  uint16_t flags;
  const char* source;
};
const CallbackRole* find_role(std::string_view name);
std::span<const CallbackRole> callback_roles();  // every row, for whole-table checks

// A routine whose argument registers a callback: KeInitializeDpc(&Dpc, Fn, Ctx) → arg 1.
struct ArgRegistration {
  const char* api;
  int arg;
  const char* role;
  const char* source;
};
// All rows for one API (several arguments may register roles: WDF_INTERRUPT_CONFIG_INIT).
template <typename Fn>
void for_each_arg_registration(std::string_view api, Fn&& fn);
const ArgRegistration* arg_registrations_begin();
const ArgRegistration* arg_registrations_end();

// A structure field that registers a callback when a function is assigned to it:
// `cfg.EvtIoRead = Fn`, `DriverObject->DriverUnload = Fn`, `DriverObject->MajorFunction[i] = Fn`.
struct FieldRegistration {
  const char* field;
  const char* role;
  const char* source;
};
const FieldRegistration* find_field_registration(std::string_view field);
std::span<const FieldRegistration> field_registrations();

// A structure of callbacks that drivers often fill with a positional initializer; each row binds
// the element at `index` to the role of the field there:
// `const WSK_CLIENT_CONNECTION_DISPATCH d = { RecvFn, DiscFn, BacklogFn };`.
struct PositionalRegistration {
  const char* type;   // the structure's typedef name
  int index;          // 0-based position of the field among the structure's members
  const char* field;  // the field's name, for messages
  const char* role;
  const char* source;
};
std::span<const PositionalRegistration> positional_registrations();

// KMDF routines that take WDF_OBJECT_ATTRIBUTES or a callback config: which argument is the
// config structure and which the object attributes, so a config's callbacks and an attributes'
// ExecutionLevel and cleanup callbacks meet (§4.4, §5.2). A routine with two attributes
// arguments (WdfLookasideListCreate: the list's and its memory objects') has a row for each.
struct ObjectCreateApi {
  const char* api;
  enum class Object : uint8_t {
    Driver,
    Device,
    Queue,
    Timer,
    Dpc,
    WorkItem,
    Interrupt,
    File,
    Other
  } object;
  // The handle type of the object the attributes are given to ("WDFUSBPIPE" for the pipes
  // WdfUsbTargetDeviceSelectConfig creates); "" when the attributes go to an existing object
  // whose type the call does not tell (WdfObjectAllocateContext).
  const char* handle_type;
  int config_arg;      // -1 if none
  int attributes_arg;  // -1 if none
  int pool_arg;        // the POOL_TYPE of a memory object, -1 if none
  const char* source;
};
// The first row for the routine.
const ObjectCreateApi* find_object_create_api(std::string_view api);
std::span<const ObjectCreateApi> object_create_apis();

// Framework objects whose EvtCleanupCallback and EvtDestroyCallback run at PASSIVE_LEVEL (§4.3);
// the cleanup of any other object may run at up to DISPATCH_LEVEL unless its attributes set
// ExecutionLevel = WdfExecutionLevelPassive.
struct PassiveCleanupObject {
  const char* handle_type;  // "WDFDEVICE"
  bool paged_pool_only;     // only when created from paged pool (WDFMEMORY, WDFLOOKASIDE)
  const char* source;
};
const PassiveCleanupObject* find_passive_cleanup_object(std::string_view handle_type);
std::span<const PassiveCleanupObject> passive_cleanup_objects();

// Registration routines whose argument names the IRP major the callback is registered for (§5.2):
// WdfDeviceInitAssignWdmIrpPreprocessCallback(DeviceInit, Fn, IRP_MJ_READ, NULL, 0) → arg 2.
struct IrpMajorArgument {
  const char* api;
  int arg;
  const char* source;
};
const IrpMajorArgument* find_irp_major_argument(std::string_view api);
std::span<const IrpMajorArgument> irp_major_arguments();

// Configuration fields that, set to a passive value, make callbacks run at PASSIVE_LEVEL (§4.3,
// §5.1). `field` is the last member of the assignment's left-hand side.
struct PassiveSetting {
  enum class Kind : uint8_t {
    ExecutionLevel,   // WDF_OBJECT_ATTRIBUTES: the object's callbacks (Governor Queue/Timer/File)
    PassiveHandling,  // WDF_INTERRUPT_CONFIG: the interrupt's callbacks (Governor::Interrupt)
    ConnectIrql,      // IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS: with SynchronizeIrql,
    ConnectSynchronizeIrql,  // a passive-level ISR (Windows 8 and later)
  } kind;
  const char* field;
  const char* values[3];  // the spellings that mean passive; unused slots are nullptr
  bool within;            // a value counts anywhere in the right-hand side (behind a cast)
  // The registration field of the same structure whose callback it lowers, when every setting
  // that names it is passive; nullptr when a Governor decides instead.
  const char* lowers;
  const char* source;
};
const PassiveSetting& passive_setting(PassiveSetting::Kind kind);
std::span<const PassiveSetting> passive_settings();

// The IRP major functions of wdm.h and what they mean for a dispatch routine (paging-rules.md
// §2.1, §4.1).
struct IrpMajor {
  const char* name;  // "IRP_MJ_READ"
  uint8_t code;      // aliases share a code: IRP_MJ_SCSI is IRP_MJ_INTERNAL_DEVICE_CONTROL
  // Its requests reach the driver at PASSIVE_LEVEL. Dispatch routines run at PASSIVE_LEVEL except
  // reads, writes and device controls (APC_LEVEL in the paging path), internal device controls
  // (below) and power IRPs (DISPATCH_LEVEL for devices that are not power-pageable).
  bool at_passive;
  // A driver on the paging (or hibernation) path must keep its dispatch routine resident: reads
  // and writes can arrive at APC_LEVEL in an arbitrary thread, power IRPs at DISPATCH_LEVEL.
  // Source can rarely tell whether a driver is on that path, so the advisor never pages them.
  bool paging_path;
  // Only other kernel-mode drivers send it, with IoAllocateIrp or IoBuildDeviceIoControlRequest
  // and IoCallDriver, which they may call at up to DISPATCH_LEVEL: a dispatch routine for it has
  // a DISPATCH_LEVEL contract (a class driver above may call at PASSIVE_LEVEL only, which source
  // cannot show).
  bool up_to_dispatch;
  const char* source;
};
const IrpMajor* find_irp_major(std::string_view name);
std::span<const IrpMajor> irp_majors();  // every row, primary names before their aliases

// Whether IRPs of this major function reach a driver at PASSIVE_LEVEL (IrpMajor::at_passive).
bool irp_major_arrives_at_passive(std::string_view major);

// Whether a paging-path driver must keep this major's dispatch routine resident
// (IrpMajor::paging_path).
bool irp_major_on_paging_path(std::string_view major);

const std::vector<const ArgRegistration*>& arg_registrations_for(std::string_view api);

template <typename Fn>
void for_each_arg_registration(std::string_view api, Fn&& fn) {
  for (const ArgRegistration* r : arg_registrations_for(api)) fn(*r);
}

}  // namespace pagewise
