// Whole-driver paging, as analysis/entire_driver.cpp finds it: where the driver pages itself with
// MmPageEntireDriver, where it connects interrupts, and how it serializes the open-handle count
// that decides when to page. The entire-driver/* rules filter and word these facts.
#pragma once

#include <string>
#include <vector>

#include "model/facts.hpp"
#include "model/program.hpp"

namespace pagewise {

// A call of MmPageEntireDriver, and what comes before it in its function.
struct EntireDriverPage {
  FunctionId function;
  Pos pos;
  bool disconnects_first = false;  // IoDisconnectInterrupt(Ex) earlier in the function
  bool connects_first = false;     // IoConnectInterrupt(Ex) earlier in the function
  // Inside an `if` whose condition names the open-handle count (the innermost such `if`).
  bool open_count_checked = false;
};

// A call that connects an interrupt: IoConnectInterrupt(Ex), or KMDF's WdfInterruptCreate (the
// framework then connects it itself).
struct InterruptConnect {
  FunctionId function;
  Pos pos;
  std::string api;
  // MmResetDriverPaging runs first: earlier in the function, or in a caller before it calls the
  // function. Found for IoConnectInterrupt(Ex) only.
  bool reset_first = false;
};

// An update of the open-handle count (`++`, `--`, `+=`, `-=`) made without a lock held and
// without a mutex, resource or wait lock taken earlier in the function.
struct OpenCountUpdate {
  FunctionId function;
  Pos pos;
  std::string count;  // as written: "ext->OpenCount"
  std::string op;
};

// Empty when the driver never calls MmPageEntireDriver.
struct EntireDriverPaging {
  std::vector<EntireDriverPage> pages;
  std::vector<InterruptConnect> connects;              // IoConnectInterrupt(Ex)
  std::vector<InterruptConnect> framework_interrupts;  // WdfInterruptCreate
  std::vector<OpenCountUpdate> unsynchronized_count_updates;
};

}  // namespace pagewise
