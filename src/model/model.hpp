// Model: what the rules read. The Program after link, and what inference computed for each of its
// functions ([file][function], parallel to Program::files[f]->functions).
#pragma once

#include <vector>

#include "model/advice.hpp"
#include "model/inferred.hpp"
#include "model/program.hpp"

namespace pagewise {

// A pageable section the driver locks on demand (MmLockPagableCodeSection & co.).
struct SectionLock {
  std::string section;
  FunctionId locker;  // the function that calls the lock routine
  Pos pos;
  std::string api;
  std::string address;  // the address argument as written
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

struct Model {
  Program program;
  std::vector<SectionLock> section_locks;
  std::vector<SectionUnlock> section_unlocks;
  std::vector<std::vector<FunctionInference>> inferred;
  AdvicePlan advice;  // filled by plan_advice after inference
  const FunctionInference& at(FunctionId id) const { return inferred[id.file][id.index]; }
};

}  // namespace pagewise
