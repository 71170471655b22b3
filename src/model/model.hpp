// Model: what the rules read. The Program after link, and what inference computed for each of its
// functions ([file][function], parallel to Program::files[f]->functions).
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "model/advice.hpp"
#include "model/entire_driver.hpp"
#include "model/inferred.hpp"
#include "model/init_data.hpp"
#include "model/memory.hpp"
#include "model/program.hpp"
#include "model/stored_pointers.hpp"

namespace pagewise {

// A pageable section the driver locks on demand (MmLockPagableCodeSection & co.).
struct SectionLock {
  std::string section;
  FunctionId locker;  // the function that calls the lock routine
  Pos pos;
  std::string api;
  std::string address;  // the address argument as written
  // What the address names: a function of the unit, or else a global; and the class of its
  // section (locking an address in a resident section locks nothing that could be paged).
  bool names_function = false;
  FunctionId function;
  DataId data;
  SectionClass cls = SectionClass::Resident;
  // Locked where the device is opened or started (create, add-device, prepare-hardware...): the
  // callbacks that run while it is open run while the section is locked.
  bool while_open = false;
  std::string open_role;  // the role that makes it so
  // Still locked when the locking function returns (it does not unlock it again itself): the
  // section stays locked until an unlock elsewhere (at unbind, unregistration, unload).
  bool held = false;
};

// A call that unlocks a section locked on demand (MmUnlockPagableImageSection). The handle it
// names is not followed, so an unlock is not tied to one lock.
struct SectionUnlock {
  FunctionId unlocker;
  Pos pos;
  std::string api;
};

using FunctionKey = std::pair<uint32_t, uint32_t>;  // (file, function)

// A call of a function: who calls it, and where.
struct CallerSite {
  FunctionId caller;
  Pos pos;
};
using CallerIndex = std::map<FunctionKey, std::vector<CallerSite>>;

// Why a function belongs to a set of callbacks: it has the role itself (role_index into its
// roles), or every one of its callers belongs (caller, pos: the first of them).
struct Membership {
  int32_t role_index = -1;
  FunctionId caller;
  Pos pos;
};
using CallbackSet = std::map<FunctionKey, Membership>;

// Why the device is not power-pageable (WdfDeviceInitSetPowerNotPageable, DO_POWER_PAGABLE
// cleared, ...): the first such call or flag change.
struct NotPowerPageable {
  bool set = false;
  bool pageable_declared = false;  // WdfDeviceInitSetPowerPageable: the driver says it is pageable
  FunctionId where;
  Pos pos;
  std::string what;
  // A WDM driver that registers an IRP_MJ_POWER dispatch routine and never sets (or copies from
  // the device below) DO_POWER_PAGABLE: its power IRPs may come at DISPATCH_LEVEL. Inferred from
  // an absence, so the rule words it as a warning.
  bool flag_never_set = false;
};

struct Model {
  Program program;
  std::vector<SectionLock> section_locks;
  std::vector<SectionUnlock> section_unlocks;
  std::vector<std::vector<FunctionInference>> inferred;
  PagedMemory memory;              // paged globals and fields, and where they are touched
  StoredPointers stored_pointers;  // what calls through the unit's own function pointers reach
  CallerIndex callers;             // by callee; recursion left out
  CallbackSet return_to_d0;        // return-to-D0 callbacks and the functions only they call
  NotPowerPageable not_power_pageable;
  CallbackSet power_transition;  // power-transition callbacks, IRP_MJ_POWER dispatch, their own
  AdvicePlan advice;             // filled by plan_advice after inference
  std::vector<InitDataKept> init_data_kept;  // INIT data stored or read past initialization
  EntireDriverPaging entire_driver;          // MmPageEntireDriver and what it depends on
  ObjectModeTable object_modes;              // flags only constructors set (analysis/object_modes)
  std::vector<ModeBound> mode_bounds;        // bounds of code that runs only in one object mode
  const FunctionInference& at(FunctionId id) const { return inferred[id.file][id.index]; }
  // The bound of the caller a reason names, in the object mode its call runs in, if any.
  const IrqlBound& caller_bound(const IrqlReason& why, bool certain) const {
    if (why.mode_bound >= 0) {
      const ModeBound& b = mode_bounds[static_cast<size_t>(why.mode_bound)];
      return certain ? b.certain : b.possible;
    }
    return certain ? at(why.caller).certain : at(why.caller).possible;
  }
};

}  // namespace pagewise
