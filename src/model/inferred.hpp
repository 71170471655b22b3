// What inference computes for the rules: roles, the highest IRQL each function can be entered at
// and why, and the lock and IRQL events inside each function.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "knowledge/irql.hpp"
#include "model/facts.hpp"
#include "model/program.hpp"

namespace pagewise {

// A role a function plays, and the line that gives it the role.
struct RoleBinding {
  std::string role;           // role typedef name, e.g. "EVT_WDF_INTERRUPT_DPC"
  Irql irql = Irql::Passive;  // after the driver's configuration (ExecutionLevel) is applied
  bool certain = false;
  // How the function got the role. A registration knows the object and its configuration, so it
  // outranks a declaration of the same role (analysis/roles.cpp).
  enum class Source : uint8_t {
    Declaration,        // `DRIVER_DISPATCH Fn;`; `written` is the role typedef
    FunctionClass,      // `_Function_class_(DRIVER_DISPATCH)`; `written` is the annotation
    RegistrationCall,   // `KeInitializeDpc(&Dpc, Fn, Ctx)`; `written` is the routine called
    RegistrationField,  // `cfg.EvtIoRead = Fn`; `written` is the field assigned, `value` the name
    EntryPoint,         // DriverEntry
  } source = Source::Declaration;
  std::string written;
  std::string value;
  int32_t file = -1;  // where that is written
  Pos pos;
  std::string note;       // e.g. "the queue's ExecutionLevel is not Passive"
  std::string irp_major;  // the IRP major it is registered for, when the registration names one
};

// One reason for an entry-IRQL bound: a role, an annotation, or a caller.
struct IrqlReason {
  enum class Kind : uint8_t { None, Role, Annotation, Caller, Synchronized } kind = Kind::None;
  uint32_t role_index = 0;  // Role: index into FunctionInference::roles
  std::string annotation;   // Annotation: "_IRQL_requires_(DISPATCH_LEVEL)"
  int32_t file = -1;
  Pos pos;            // the annotation, the call site, or the synchronizing call
  FunctionId caller;  // Caller / Synchronized: the function that calls
  std::string lock;   // Caller: the lock or raise that makes the call site high, if any
  int32_t lock_file = -1;
  Pos lock_pos;
  std::string lock_api;  // "KeAcquireSpinLock"
  // Caller: the IRQL test or restoring release that bounds the call site, and where (CallEdge::
  // bound_by); "" when none does.
  std::string bound_by;
  Pos bound_pos;
  uint32_t unknown_receiver_of = 0;  // Caller: CallEdge::unknown_receiver_of
  std::string through;  // Caller: the function pointer the call goes through (CallEdge::through)
  // Caller: the call is on a branch of an object mode (CallEdge::mode_bound), so the caller runs
  // there at its bound in that mode (Model::mode_bounds), not at its whole bound; -1 otherwise.
  int32_t mode_bound = -1;
};

// The reason is kept apart (allocated when the bound is first set): every function has two
// bounds, most of them never set, and an IrqlReason costs about 230 bytes, which made dense
// generated code (hundreds of thousands of tiny functions) cost far more memory than its size.
class IrqlBound {
 public:
  Irql level = Irql::Passive;
  bool set = false;

  IrqlBound() = default;
  IrqlBound(const IrqlBound& o) : level(o.level), set(o.set), why_(copy(o.why_)) {}
  IrqlBound(IrqlBound&&) noexcept = default;
  IrqlBound& operator=(const IrqlBound& o) {
    if (this != &o) *this = IrqlBound(o);
    return *this;
  }
  IrqlBound& operator=(IrqlBound&&) noexcept = default;
  ~IrqlBound() = default;

  // Why it is set; a reason of kind None while it is not.
  const IrqlReason& why() const { return why_ ? *why_ : none(); }
  void set_why(const IrqlReason& why) {
    if (why_)
      *why_ = why;
    else
      why_ = std::make_unique<IrqlReason>(why);
  }

 private:
  static std::unique_ptr<IrqlReason> copy(const std::unique_ptr<IrqlReason>& p) {
    return p ? std::make_unique<IrqlReason>(*p) : nullptr;
  }
  static const IrqlReason& none() {
    static const IrqlReason kNone;
    return kNone;
  }
  std::unique_ptr<IrqlReason> why_;
};

// A spin lock or IRQL raise in a function's own code (directly, or through a helper, a guard
// object, an inlined function or a lambda).
struct AcquireSite {
  // What makes the code that follows run at `level`. Set where the site is recorded
  // (analysis/flow.cpp) and carried through lock helpers, guards and inline functions.
  enum class Kind : uint8_t {
    SpinLock,   // a spin lock (Ke, Ex, NDIS, WDF, interrupt, cancel, ...)
    IrqlRaise,  // KeRaiseIrql & co.
    WaitTrue,   // the window a Wait = TRUE call leaves open until the next KeWaitXxx
  } kind = Kind::SpinLock;
  Pos pos;
  std::string api;   // "KeAcquireSpinLock", or the helper / guard type
  std::string lock;  // "Adapter->Lock"
  Irql level = Irql::Dispatch;
  std::string
      via;  // "" direct; "lock helper F", "guard object of type T", "inline function F", "lambda"
  int32_t via_file = -1;  // where the real acquire is, for via != ""
  Pos via_pos;
};

// A stretch of a function's own code that runs with a spin lock held or the IRQL raised to
// DISPATCH_LEVEL or above: from the acquire (or the Wait = TRUE call) to the last release (or the
// KeWaitXxx that ends the window). Only regions opened and closed by direct calls in the function
// are recorded: a guard object's or a helper's region has no release line of its own.
struct LockRegion {
  Pos start;
  Pos end;             // the last call that ends it; line 0 while it is still open
  std::string api;     // "KeAcquireSpinLock", "KeSetEvent"
  std::string lock;    // "Adapter->Lock"
  bool wait = false;   // a Wait = TRUE window
  bool closed = true;  // ended on every path that reached the end of the function
};

// A call to KeSetEvent & co. whose Wait argument may be TRUE.
struct WaitSite {
  Pos pos;
  std::string api;
  std::string wait_arg;
  bool certain = false;  // literal TRUE or a non-zero number
};

// A call to a function of the unit, with the IRQL the caller's own code holds there.
struct CallEdge {
  FunctionId callee;
  Pos pos;
  Irql local = Irql::Passive;  // raised by locks/raises held in the caller at this point
  std::string lock;            // the hold responsible, if local >= DISPATCH
  int32_t lock_file = -1;
  Pos lock_pos;
  std::string lock_api;
  bool synchronized = false;  // the callee runs as a KeSynchronizeExecution-style routine
  // A test of the current IRQL (`if (KeGetCurrentIrql() == PASSIVE_LEVEL)`) guards the call: it
  // runs no higher than this, whatever the caller's entry IRQL.
  Irql cap = Irql::High;
  // The bound on the IRQL it certainly runs at: lower than `cap` where a release restores an IRQL
  // someone else saved (a cancel routine after IoReleaseCancelSpinLock: <= DISPATCH_LEVEL, but
  // not certainly DISPATCH_LEVEL).
  Irql certain_cap = Irql::High;
  // What sets the caps, for the evidence ("the IRQL test 'irql == PASSIVE_LEVEL'"), and where;
  // "" when both are High.
  std::string bound_by;
  Pos bound_pos;
  // A member call whose receiver's type is not known, which reaches this callee as one of the
  // methods of that name (how many classes define it); 0 when the callee is known.
  uint32_t unknown_receiver_of = 0;
  // The function pointer the call goes through, as written ("g_Handler", "ctx->Callback",
  // "Handlers[code]"); "" for a call by name.
  std::string through;
  // Object modes (analysis/object_modes): the call is on the branch of a test of a flag only
  // constructors set (ObjectModes::branch, -1 when none), and what every object its receiver
  // can designate is known to have set (ObjectModes::receiver set, -1 when nothing is known).
  int32_t branch_mode = -1;
  int32_t receiver_modes = -1;
  // Set by infer: the caller's bound in the branch's mode (Model::mode_bounds), -1 for none.
  int32_t mode_bound = -1;
};

// A call to a routine outside the unit (a system routine), with the IRQL the caller's own code
// holds there.
struct ApiCall {
  std::string callee;
  std::vector<std::string> args;
  Pos pos;
  std::string result_to;  // where its value is stored (Call::result_to)
  Irql local = Irql::Passive;
  std::string lock;  // the hold responsible, if local >= DISPATCH
  Pos lock_pos;
  std::string lock_api;
  Irql cap = Irql::High;  // as CallEdge::cap
  Irql certain_cap = Irql::High;
  std::string bound_by;
  Pos bound_pos;
  int32_t branch_mode = -1;  // as CallEdge::branch_mode
};

// How a function can run after initialization: it is a callback itself (role_index), or a
// function that can called it (caller, at pos).
struct LaterReach {
  bool set = false;
  int32_t role_index = -1;  // into FunctionInference::roles when it is a callback itself
  FunctionId caller;
  Pos pos;
  std::string through;  // the function pointer the call goes through (CallEdge::through)
};

// A failure status a function sets or hands on: `status = STATUS_INSUFFICIENT_RESOURCES`, or
// `Complete(Irp, STATUS_INVALID_PARAMETER)` (the call's first failure argument).
struct FailureStatus {
  Pos pos;
  std::string status;   // "STATUS_INSUFFICIENT_RESOURCES"
  std::string target;   // the variable assigned ("status"), or the routine called ("Complete")
  bool passed = false;  // handed to a call rather than assigned
};

// A global or field used where the function's own code holds a lock or raised IRQL.
struct RaisedUse {
  uint32_t use = 0;  // index into Function::uses
  Irql local = Irql::Passive;
  std::string lock;
  Pos lock_pos;
  std::string lock_api;
};

// What a function does with the IRQL that its callers' tests can use (analysis/irql_helpers).
struct IrqlHelper {
  bool returns_current = false;  // `return KeGetCurrentIrql();`: its value is the current IRQL
  int32_t saves_to = -1;  // stores the IRQL current at the call through this pointer parameter
  // saves_to holds for the methods of that name that save the IRQL, not for all of them: the
  // call's receiver was not resolved (analysis/irql_helpers).
  bool saves_by_name = false;
  // Its result is a test of an IRQL: of parameter `tests` (-1: of the current IRQL it reads
  // itself). That IRQL is no higher than true_cap when it returns non-zero, false_cap when zero.
  bool predicate = false;
  int32_t tests = -1;
  Irql true_cap = Irql::High;
  Irql false_cap = Irql::High;
};

struct FunctionInference {
  PackedVector<RoleBinding> roles;
  IrqlHelper irql_helper;
  IrqlBound certain;   // the IRQL it is certainly entered at on some path
  IrqlBound possible;  // the highest IRQL its contracts allow
  PackedVector<AcquireSite> acquires;
  PackedVector<LockRegion> regions;
  PackedVector<WaitSite> waits;
  PackedVector<CallEdge> calls;
  PackedVector<ApiCall> api_calls;
  PackedVector<RaisedUse> raised_uses;
  LaterReach later;  // can run after DriverEntry (and a reinitialize routine) returned
  // Lock helper summary: returns holding these (lock texts), or releases what it did not take.
  PackedVector<AcquireSite> returns_holding;
  uint32_t releases_foreign = 0;
  // The lock on demand (index into Model::section_locks) that keeps this pageable function
  // resident whenever it can run, or -1: its section is locked while the device is open, or it
  // declares PAGED_CODE_LOCKED() and the unit holds a lock on its section between a lock and an
  // unlock elsewhere.
  int32_t kept_locked = -1;
  // Where it fails: the assigned failure statuses, then those handed to calls, each in source
  // order.
  PackedVector<FailureStatus> failures;
};

// Object modes (analysis/object_modes): a flag of a class that only its constructors set
// ("CLock::m_UseMutex"). A mode is a flag and a value, numbered flag * 2 + value (0 or 1).
struct ObjectModeTable {
  std::vector<std::string> flags;  // "Class::flag", or "F's parameter P"
  // Sets of modes every object a receiver can designate is in (CallEdge::receiver_modes), with
  // the values a call passes as constants for the callee's parameter flags.
  std::vector<std::vector<int32_t>> receiver_sets;
  // The flags that are parameters of a function (tested by it, never written in it): a call that
  // passes a constant fixes its mode for that call.
  std::vector<int32_t> parameter_flags;

  std::string describe(int32_t mode) const {
    return flags[static_cast<size_t>(mode / 2)] + (mode % 2 ? " is set" : " is clear");
  }
  bool is_parameter(int32_t mode) const {
    return std::find(parameter_flags.begin(), parameter_flags.end(), mode / 2) !=
           parameter_flags.end();
  }
  // What kind of flag the mode's is, for the evidence.
  std::string origin(int32_t mode) const {
    return is_parameter(mode) ? "a parameter its callers may pass as a constant"
                              : "a flag only constructors set";
  }
  // Whether a call whose receiver is in receiver set `set` can reach code that runs only in
  // `mode`: not when every object it designates is in the opposite mode.
  bool can_reach(int32_t set, int32_t mode) const {
    if (set < 0) return true;
    for (int32_t m : receiver_sets[static_cast<size_t>(set)])
      if (m == (mode ^ 1)) return false;
    return true;
  }
};

// A function's entry bounds counted only over the calls whose receiver can be in `mode`: how high
// its code on a branch that runs only in that mode can run.
struct ModeBound {
  FunctionId fn;
  int32_t mode = -1;
  IrqlBound certain;
  IrqlBound possible;
};

}  // namespace pagewise
