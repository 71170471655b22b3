#include "knowledge/apis.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace pagewise {
namespace {

using E = LockApi::Effect;

// A source is a Microsoft Learn address or an `owner/repo: path` citation.
bool is_citation(std::string_view s) {
  return s.starts_with("https://learn.microsoft.com/") || s.find(": ") != std::string_view::npos;
}

TEST(LockApis, SpinLockRoutines) {
  const LockApi* a = find_lock_api("KeAcquireSpinLock");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->effect, E::AcquireSpinLock);
  EXPECT_EQ(a->level, Irql::Dispatch);
  EXPECT_EQ(a->lock_arg, 0);
  EXPECT_EQ(a->level_arg, -1);
  EXPECT_EQ(a->routine_arg, -1);

  const LockApi* r = find_lock_api("KeReleaseSpinLock");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->effect, E::ReleaseSpinLock);

  // Macro expansions are matched as well as the macros.
  for (const char* name : {"KfAcquireSpinLock", "KeAcquireSpinLockRaiseToDpc"}) {
    const LockApi* x = find_lock_api(name);
    ASSERT_NE(x, nullptr) << name;
    EXPECT_EQ(x->effect, E::AcquireSpinLock) << name;
  }
  const LockApi* kf = find_lock_api("KfReleaseSpinLock");
  ASSERT_NE(kf, nullptr);
  EXPECT_EQ(kf->effect, E::ReleaseSpinLock);
}

TEST(LockApis, AtDpcLevelFormsStillHoldASpinLock) {
  for (const char* name :
       {"KeAcquireSpinLockAtDpcLevel", "KeTryToAcquireSpinLockAtDpcLevel",
        "KeAcquireInStackQueuedSpinLockAtDpcLevel", "ExAcquireSpinLockExclusiveAtDpcLevel",
        "ExAcquireSpinLockSharedAtDpcLevel", "NdisDprAcquireSpinLock"}) {
    const LockApi* a = find_lock_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->effect, E::AcquireSpinLock) << name;
    EXPECT_EQ(a->level, Irql::Dispatch) << name;
  }
  const LockApi* release = find_lock_api("KeReleaseSpinLockFromDpcLevel");
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(release->effect, E::ReleaseSpinLock);
}

TEST(LockApis, InStackQueuedReleaseNamesTheHandle) {
  const LockApi* r = find_lock_api("KeReleaseInStackQueuedSpinLock");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->effect, E::ReleaseSpinLock);
  EXPECT_EQ(r->lock_arg, 0);
  ASSERT_NE(find_lock_api("KeAcquireInStackQueuedSpinLockForDpc"), nullptr);
  ASSERT_NE(find_lock_api("KeReleaseInStackQueuedSpinLockFromDpcLevel"), nullptr);
}

TEST(LockApis, InterruptLocksAndSynchronizedCalls) {
  const LockApi* k = find_lock_api("KeAcquireInterruptSpinLock");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->level, Irql::Dirql);

  for (const char* name : {"KeSynchronizeExecution", "WdfInterruptSynchronize"}) {
    const LockApi* s = find_lock_api(name);
    ASSERT_NE(s, nullptr) << name;
    EXPECT_EQ(s->effect, E::SynchronizedCall) << name;
    EXPECT_EQ(s->level, Irql::Dirql) << name;
    EXPECT_EQ(s->routine_arg, 1) << name;
  }
  const LockApi* w = find_lock_api("WdfInterruptAcquireLock");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->effect, E::AcquireSpinLock);
  EXPECT_EQ(w->level, Irql::Dirql);
}

TEST(LockApis, InterlockedRoutinesNameTheirLock) {
  const LockApi* insert = find_lock_api("ExInterlockedInsertTailList");
  ASSERT_NE(insert, nullptr);
  EXPECT_EQ(insert->effect, E::InternalSpinLock);
  EXPECT_EQ(insert->lock_arg, 2);
  const LockApi* remove = find_lock_api("ExInterlockedRemoveHeadList");
  ASSERT_NE(remove, nullptr);
  EXPECT_EQ(remove->lock_arg, 1);
}

TEST(LockApis, CancelSpinLockHasNoLockArgument) {
  const LockApi* a = find_lock_api("IoAcquireCancelSpinLock");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->effect, E::AcquireSpinLock);
  EXPECT_EQ(a->lock_arg, -1);
}

TEST(LockApis, RaiseAndLower) {
  for (const char* name : {"KeRaiseIrql", "KfRaiseIrql", "KzRaiseIrql"}) {
    const LockApi* a = find_lock_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->effect, E::Raise) << name;
    EXPECT_EQ(a->level_arg, 0) << name;
  }
  const LockApi* dpc = find_lock_api("KeRaiseIrqlToDpcLevel");
  ASSERT_NE(dpc, nullptr);
  EXPECT_EQ(dpc->level, Irql::Dispatch);
  EXPECT_EQ(dpc->level_arg, -1);
  const LockApi* synch = find_lock_api("KeRaiseIrqlToSynchLevel");
  ASSERT_NE(synch, nullptr);
  EXPECT_GT(synch->level, Irql::Dispatch);
  for (const char* name : {"KeLowerIrql", "KfLowerIrql", "KzLowerIrql"}) {
    const LockApi* a = find_lock_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->effect, E::Lower) << name;
  }
}

TEST(LockApis, MutexesStayAtApcLevel) {
  for (const char* name :
       {"ExAcquireFastMutex", "ExTryToAcquireFastMutex", "ExAcquireFastMutexUnsafe",
        "KeAcquireGuardedMutex", "KeAcquireGuardedMutexUnsafe"}) {
    const LockApi* a = find_lock_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->effect, E::AcquireApcLock) << name;
    EXPECT_EQ(a->level, Irql::Apc) << name;
  }
  const LockApi* release = find_lock_api("ExReleaseFastMutex");
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(release->effect, E::ReleaseApcLock);
}

TEST(LockApis, NdisAndKmdfLocks) {
  struct Case {
    const char* name;
    E effect;
  };
  for (Case c : {Case{"NdisAcquireSpinLock", E::AcquireSpinLock},
                 Case{"NdisAcquireRWLockRead", E::AcquireSpinLock},
                 Case{"NdisAcquireRWLockWrite", E::AcquireSpinLock},
                 Case{"NdisReleaseRWLock", E::ReleaseSpinLock},
                 Case{"NdisAcquireReadWriteLock", E::AcquireSpinLock},
                 Case{"NdisReleaseReadWriteLock", E::ReleaseSpinLock},
                 Case{"NdisDprAcquireReadWriteLock", E::AcquireSpinLock},
                 Case{"NdisDprReleaseReadWriteLock", E::ReleaseSpinLock},
                 Case{"NdisInterlockedInsertTailList", E::InternalSpinLock},
                 Case{"NdisMSynchronizeWithInterrupt", E::SynchronizedCall},
                 Case{"WdfSpinLockAcquire", E::AcquireSpinLock},
                 Case{"WdfObjectAcquireLock", E::AcquireObjectLock},
                 Case{"WdfObjectReleaseLock", E::ReleaseObjectLock}}) {
    const LockApi* a = find_lock_api(c.name);
    ASSERT_NE(a, nullptr) << c.name;
    EXPECT_EQ(a->effect, c.effect) << c.name;
  }
}

// The numbered system queued spin locks and Storport's spin locks hold at DISPATCH_LEVEL at least;
// NDIS 5 synchronizes its routine (arg 1) at DIRQL.
TEST(LockApis, QueuedStorportAndNdis5Locks) {
  for (const char* name : {"KeAcquireQueuedSpinLock", "KeTryToAcquireQueuedSpinLock",
                           "StorPortAcquireSpinLock", "StorPortAcquireSpinLockEx"}) {
    const LockApi* a = find_lock_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->effect, E::AcquireSpinLock) << name;
    EXPECT_EQ(a->level, Irql::Dispatch) << name;
  }
  for (const char* name : {"KeReleaseQueuedSpinLock", "StorPortReleaseSpinLock"}) {
    const LockApi* a = find_lock_api(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_EQ(a->effect, E::ReleaseSpinLock) << name;
  }
  const LockApi* sync = find_lock_api("NdisMSynchronizeWithInterrupt");
  ASSERT_NE(sync, nullptr);
  EXPECT_EQ(sync->level, Irql::Dirql);
  EXPECT_EQ(sync->routine_arg, 1);
}

TEST(LockApis, RoutinesThatAllowPagingAreAbsent) {
  for (const char* name :
       {"KeEnterCriticalRegion", "KeLeaveCriticalRegion", "KeEnterGuardedRegion",
        "ExAcquireResourceExclusiveLite", "ExAcquireResourceSharedLite", "ExReleaseResourceLite",
        "WdfWaitLockAcquire", "WdfWaitLockRelease", "ExTryConvertSharedSpinLockExclusive",
        "KeAcquireInStackQueuedSpinLockForIsr", "ExInterlockedRemoveTailList",
        "keacquirespinlock"}) {
    EXPECT_EQ(find_lock_api(name), nullptr) << name;
  }
}

TEST(LockApis, EveryRowIsWellFormed) {
  std::set<std::string> names;
  EXPECT_GT(lock_apis().size(), 60u);
  for (const LockApi& a : lock_apis()) {
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    ASSERT_NE(a.source, nullptr) << a.name;
    EXPECT_TRUE(is_citation(a.source)) << a.name << ": " << a.source;
    EXPECT_EQ(find_lock_api(a.name), &a) << a.name;
    if (a.effect != E::Raise) {
      EXPECT_EQ(a.level_arg, -1) << a.name;
    }
    if (a.effect == E::SynchronizedCall) {
      EXPECT_GE(a.routine_arg, 0) << a.name;
    } else {
      EXPECT_EQ(a.routine_arg, -1) << a.name;
    }
    // Spin locks and synchronized calls never sit below DISPATCH_LEVEL.
    if (a.effect == E::AcquireSpinLock || a.effect == E::ReleaseSpinLock ||
        a.effect == E::InternalSpinLock || a.effect == E::SynchronizedCall) {
      EXPECT_GE(a.level, Irql::Dispatch) << a.name;
    }
    if (a.effect == E::AcquireApcLock || a.effect == E::ReleaseApcLock) {
      EXPECT_EQ(a.level, Irql::Apc) << a.name;
    }
  }
}

TEST(WaitApis, WaitArgumentIndexes) {
  struct Case {
    const char* name;
    int wait_arg;
  };
  for (Case c : {Case{"KeSetEvent", 2}, Case{"KeReleaseSemaphore", 3}, Case{"KeReleaseMutex", 1},
                 Case{"KePulseEvent", 2}, Case{"KeReleaseMutant", 3}}) {
    const WaitApi* w = find_wait_api(c.name);
    ASSERT_NE(w, nullptr) << c.name;
    EXPECT_EQ(w->wait_arg, c.wait_arg) << c.name;
  }
  EXPECT_EQ(find_wait_api("KeSetEventBoostPriority"), nullptr);
  EXPECT_EQ(find_wait_api("KeWaitForSingleObject"), nullptr);
}

TEST(WaitApis, EveryRowIsWellFormed) {
  std::set<std::string> names;
  EXPECT_EQ(wait_apis().size(), 5u);
  for (const WaitApi& w : wait_apis()) {
    EXPECT_TRUE(names.insert(w.name).second) << "duplicate " << w.name;
    EXPECT_TRUE(is_citation(w.source)) << w.name;
    EXPECT_GE(w.wait_arg, 1) << w.name;
  }
}

TEST(DispatcherWaitApis, TheKeWaitRoutines) {
  std::set<std::string> names;
  for (const DispatcherWaitApi& w : dispatcher_wait_apis()) {
    EXPECT_TRUE(names.insert(w.name).second) << "duplicate " << w.name;
    EXPECT_TRUE(is_citation(w.source)) << w.name;
    EXPECT_EQ(find_dispatcher_wait_api(w.name), &w) << w.name;
  }
  EXPECT_EQ(names, (std::set<std::string>{"KeWaitForSingleObject", "KeWaitForMultipleObjects",
                                          "KeWaitForMutexObject"}));
  EXPECT_EQ(find_dispatcher_wait_api("KeSetEvent"), nullptr);
}

}  // namespace
}  // namespace pagewise
