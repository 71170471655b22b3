// Knowledge about system routines, as data: one row per routine, each with the documentation that
// states the fact. Tables live in apis.cpp; look-ups are by exact name.
#pragma once

#include <span>
#include <string_view>

#include "knowledge/irql.hpp"

namespace pagewise {

// Lock and IRQL routines (paging-rules.md §3).
struct LockApi {
  const char* name;
  enum class Effect : uint8_t {
    AcquireSpinLock,  // holds a spin lock (>= DISPATCH) until the matching release
    ReleaseSpinLock,
    Raise,           // raises the IRQL to `level` (or to the level in `level_arg`)
    Lower,           // returns to the IRQL saved by the matching raise
    AcquireApcLock,  // fast/guarded mutex: APC_LEVEL, paging still allowed
    ReleaseApcLock,
    InternalSpinLock,   // takes and drops a spin lock inside (ExInterlocked*): needs resident data
                        // only
    SynchronizedCall,   // calls the routine in `routine_arg` at `level` with a lock held
                        // (KeSynchronizeExecution)
    AcquireObjectLock,  // WdfObjectAcquireLock: a spin lock unless the object is passive-level
    ReleaseObjectLock,
  } effect;
  Irql level;       // IRQL while held / raised to
  int lock_arg;     // the argument naming the lock (for messages), -1 if none
  int level_arg;    // Raise with an explicit new level (KeRaiseIrql), -1 if none
  int routine_arg;  // SynchronizedCall: the routine's argument, -1 if none
  const char* source;
  // The one system-wide lock a routine without a lock argument takes, named for messages.
  const char* global_lock = nullptr;
};
const LockApi* find_lock_api(std::string_view name);
std::span<const LockApi> lock_apis();  // every row, for whole-table checks

// Routines whose Wait argument, when TRUE, returns at DISPATCH_LEVEL (paging-rules.md §2.2).
struct WaitApi {
  const char* name;
  int wait_arg;  // 0-based
  const char* source;
};
const WaitApi* find_wait_api(std::string_view name);
std::span<const WaitApi> wait_apis();

// The KeWaitXxx routines that must follow a Wait = TRUE call: they return at the IRQL the caller
// had before it, so they end the DISPATCH_LEVEL window (paging-rules.md §2.2).
struct DispatcherWaitApi {
  const char* name;
  const char* source;
};
const DispatcherWaitApi* find_dispatcher_wait_api(std::string_view name);
std::span<const DispatcherWaitApi> dispatcher_wait_apis();

}  // namespace pagewise
