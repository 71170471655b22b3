// Paged memory, as analysis/memory.cpp finds it: which globals and structure fields hold memory
// that can be paged out (pageable data sections, paged pool), the synchronization objects placed
// in pageable memory, and every place a function touches such memory, with the lock held there.
// The resident/paged-data rule filters and words these facts.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/facts.hpp"
#include "model/program.hpp"

namespace pagewise {

// Why a global's or a field's memory can be paged out, and the line that shows it.
struct PagedStore {
  std::string why;  // "'g_Log' is in pageable data section PAGEDATA"
  uint32_t file = 0;
  Pos pos;
  // The global or field holds a pointer to paged pool: what can page out is the memory it points
  // to, touched only by following the pointer. False: its own storage is pageable (PAGEDATA).
  bool designates = false;
};

// A kernel synchronization object in pageable memory: a global whose type is or holds one, placed
// in a pageable section, or a paged-pool allocation of a structure that holds one.
struct PageableSyncObject {
  uint32_t file = 0;
  uint32_t index = 0;          // into that file's data (a global; unused for an allocation)
  bool entire_driver = false;  // resident by placement, pageable because of MmPageEntireDriver
  bool allocation = false;     // a paged-pool allocation in `function` at `pos`
  FunctionId function;
  Pos pos;
  std::string type;  // the structure allocated (`sizeof(TYPE)` in the size argument)
  std::string how;   // "ExAllocatePool2(POOL_FLAG_PAGED, ...)"
  // The allocating function sets up a member of the block (`KeInitializeEvent(&ctx->Done, ...)`).
  // Otherwise the object may never be used in this allocation (the structure also serves on the
  // stack, say): the rule reports a warning.
  bool set_up_here = false;
};

// A function touching a paged global or field, or a user-mode buffer of a METHOD_NEITHER request.
struct PagedTouch {
  FunctionId function;
  uint32_t use = 0;  // index into Function::uses
  std::string name;
  bool user_buffer = false;  // Irp->UserBuffer / Type3InputBuffer, not a paged store
  bool has_store = false;    // `store` says why the memory is paged
  PagedStore store;
  int32_t raised_use = -1;  // index into FunctionInference::raised_uses: a lock or raise is held
};

struct PagedMemory {
  std::map<std::string, PagedStore> globals;   // paged global data and globals holding paged pool
  std::map<std::string, PagedStore> fields;    // fields holding paged pool, by FieldPaths key
  std::set<std::string> in_pageable_sections;  // globals placed in pageable data sections
  std::vector<PageableSyncObject> sync_objects;
  std::vector<PagedTouch> touches;  // function order, then use order
  // Every use of a global placed in a pageable data section, locked on demand or not (a lock taken
  // while the device is open does not hold through a power transition); function, then use order.
  std::vector<PagedTouch> section_data_uses;
};

}  // namespace pagewise
