// entire-driver/*: "A driver that pages itself entirely with MmPageEntireDriver must have no
// interrupt connected while it is paged: call it only after disconnecting interrupts, call
// MmResetDriverPaging before connecting them again, and serialize the open-handle count that
// decides when to page."
// Sources: https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmpageentiredriver
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmresetdriverpaging
// https://learn.microsoft.com/windows-hardware/drivers/kernel/paging-an-entire-driver
// paging-rules.md §2.5.

#include "analysis/evidence.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

// DriverEntry pages the driver before any handle is open and before any interrupt is connected
// (interrupts are connected on the first open, after MmResetDriverPaging): the documented pattern.
bool is_entry_point(const Model& m, FunctionId id) {
  for (const RoleBinding& b : m.at(id).roles)
    if (b.role == "DRIVER_INITIALIZE") return true;
  return false;
}

void check_interrupt_connected(const Model& m, Reporter& report) {
  const Program& p = m.program;
  const EntireDriverPaging& d = m.entire_driver;
  for (const EntireDriverPage& page : d.pages) {
    if (!d.framework_interrupts.empty()) {
      const InterruptConnect& wdf = d.framework_interrupts.front();
      Finding& f = report.in_function(
          page.function, page.pos,
          "MmPageEntireDriver in a KMDF driver with framework interrupts: the framework connects "
          "them itself, so an interrupt can arrive while the driver is paged out; don't page "
          "the whole driver, page sections instead");
      f.evidence.push_back({p.path(wdf.function.file), wdf.pos, "interrupt object created here"});
      continue;
    }
    if (d.connects.empty() || page.disconnects_first) continue;
    if (is_entry_point(m, page.function) && !page.connects_first) continue;
    const InterruptConnect& connect = d.connects.front();
    Finding& f = report.in_function(
        page.function, page.pos,
        "MmPageEntireDriver is called where an interrupt may still be connected: '" +
            p.function(page.function).name +
            "' does not disconnect it first, and an interrupt that arrives while the driver is "
            "paged out is a bug check; call IoDisconnectInterrupt(Ex) before paging the driver");
    f.evidence.push_back({p.path(connect.function.file), connect.pos,
                          "the interrupt is connected here (" + connect.api + ")"});
  }
}

// Connecting in DriverEntry before any paging happened is fine when the page call comes later in
// the same function.
bool paged_later_in_same_function(const EntireDriverPaging& d, const InterruptConnect& connect) {
  for (const EntireDriverPage& page : d.pages)
    if (page.function == connect.function && page.pos.offset > connect.pos.offset) return true;
  return false;
}

void check_reset_missing(const Model& m, Reporter& report) {
  const Program& p = m.program;
  const EntireDriverPaging& d = m.entire_driver;
  for (const InterruptConnect& connect : d.connects) {
    if (connect.reset_first || paged_later_in_same_function(d, connect)) continue;
    Finding& f = report.in_function(
        connect.function, connect.pos,
        connect.api +
            " connects an interrupt in a driver that pages itself with "
            "MmPageEntireDriver, without calling MmResetDriverPaging first on this "
            "path: the ISR may "
            "still be pageable when the interrupt fires; call MmResetDriverPaging "
            "before connecting");
    f.evidence.push_back(
        {p.path(d.pages.front().function.file), d.pages.front().pos, "the driver is paged here"});
  }
}

void check_unsynchronized_count(const Model& m, Reporter& report) {
  const EntireDriverPaging& d = m.entire_driver;
  for (const EntireDriverPage& page : d.pages) {
    if (page.open_count_checked) continue;
    if (is_entry_point(m, page.function)) continue;  // no handle can be open yet
    report.in_function(
        page.function, page.pos,
        "MmPageEntireDriver is called without checking that no handle is open: page the "
        "driver only when the open count drops to zero (and serialize that count)");
  }
  for (const OpenCountUpdate& u : d.unsynchronized_count_updates)
    report.in_function(u.function, u.pos,
                       "'" + u.count +
                           "' decides when MmPageEntireDriver pages the driver, but it is changed "
                           "here with " +
                           u.op +
                           " and no lock: use InterlockedIncrement/InterlockedDecrement "
                           "or a mutex, so opens and the paging transition cannot race");
}

}  // namespace

void add_entire_driver_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"entire-driver/interrupt-connected", 6001, Severity::Error,
        "MmPageEntireDriver where an interrupt may be connected",
        "A driver that pages itself entirely must not have an interrupt connected while it is "
        "paged: an interrupt then faults at DIRQL. Disconnect interrupts before calling "
        "MmPageEntireDriver; KMDF drivers with framework interrupts should not page the whole "
        "driver.",
        "docs/rules/entire-driver-interrupt-connected.md"},
       check_interrupt_connected});
  rules.push_back(
      {{"entire-driver/reset-missing", 6002, Severity::Error,
        "interrupts connected after MmPageEntireDriver without MmResetDriverPaging first",
        "After MmPageEntireDriver, call MmResetDriverPaging before connecting interrupts, so the "
        "interrupt path is resident again.",
        "docs/rules/entire-driver-reset-missing.md"},
       check_reset_missing});
  rules.push_back(
      {{"entire-driver/unsynchronized-count", 6003, Severity::Warning,
        "the open count that decides whole-driver paging is not synchronized",
        "The open-handle count that decides when to page the driver must be changed with "
        "interlocked operations or under a lock, and MmPageEntireDriver must only run once it "
        "is zero.",
        "docs/rules/entire-driver-unsynchronized-count.md"},
       check_unsynchronized_count});
}

}  // namespace pagewise
