// entire-driver/*: "A driver that pages itself entirely with MmPageEntireDriver must have no
// interrupt connected while it is paged: call it only after disconnecting interrupts, call
// MmResetDriverPaging before connecting them again, and serialize the open-handle count that
// decides when to page."
// Sources: https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmpageentiredriver
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmresetdriverpaging
// https://learn.microsoft.com/windows-hardware/drivers/kernel/paging-an-entire-driver
// paging-rules.md §2.5.

#include <set>

#include "analysis/evidence.hpp"
#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

struct Site {
  FunctionId id;
  const ApiCall* call;
};

std::vector<Site> calls_of(const Model& m, SectionApi::Kind kind) {
  std::vector<Site> out;
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        const SectionApi* api = find_section_api(c.callee);
        if (api && api->kind == kind) out.push_back({{f, i}, &c});
      }
  return out;
}

bool calls_before(const Model& m, FunctionId id, SectionApi::Kind kind, uint32_t offset) {
  for (const ApiCall& c : m.at(id).api_calls) {
    const SectionApi* api = find_section_api(c.callee);
    if (api && api->kind == kind && c.pos.offset < offset) return true;
  }
  return false;
}

// DriverEntry pages the driver before any handle is open and before any interrupt is connected
// (interrupts are connected on the first open, after MmResetDriverPaging): the documented pattern.
bool is_entry_point(const Model& m, FunctionId id) {
  for (const RoleBinding& b : m.at(id).roles)
    if (b.role == "DRIVER_INITIALIZE") return true;
  return false;
}

// MmResetDriverPaging before the connect, in the connecting function or in a caller before it
// calls that function.
bool reset_before(const Model& m, FunctionId id, uint32_t offset) {
  if (calls_before(m, id, SectionApi::Kind::ResetDriverPaging, offset)) return true;
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const CallEdge& e : m.inferred[f][i].calls)
        if (e.callee == id &&
            calls_before(m, {f, i}, SectionApi::Kind::ResetDriverPaging, e.pos.offset))
          return true;
  return false;
}

std::vector<Site> framework_interrupts(const Model& m) {
  std::vector<Site> out;
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls)
        if (c.callee == "WdfInterruptCreate") out.push_back({{f, i}, &c});
  return out;
}

void check_interrupt_connected(const Model& m, Reporter& report) {
  const Program& p = m.program;
  std::vector<Site> pages = calls_of(m, SectionApi::Kind::PageEntireDriver);
  if (pages.empty()) return;
  std::vector<Site> connects = calls_of(m, SectionApi::Kind::ConnectInterrupt);
  std::vector<Site> wdf = framework_interrupts(m);
  for (const Site& page : pages) {
    if (!wdf.empty()) {
      Finding& f = report.in_function(
          page.id, page.call->pos,
          "MmPageEntireDriver in a KMDF driver with framework interrupts: the framework connects "
          "them itself, so an interrupt can arrive while the driver is paged out; don't page "
          "the whole driver, page sections instead");
      f.evidence.push_back(
          {p.path(wdf.front().id.file), wdf.front().call->pos, "interrupt object created here"});
      continue;
    }
    if (connects.empty()) continue;
    if (calls_before(m, page.id, SectionApi::Kind::DisconnectInterrupt, page.call->pos.offset))
      continue;
    if (is_entry_point(m, page.id) &&
        !calls_before(m, page.id, SectionApi::Kind::ConnectInterrupt, page.call->pos.offset))
      continue;
    Finding& f = report.in_function(
        page.id, page.call->pos,
        "MmPageEntireDriver is called where an interrupt may still be connected: '" +
            p.function(page.id).name +
            "' does not disconnect it first, and an interrupt that arrives while the driver is "
            "paged out is a bug check; call IoDisconnectInterrupt(Ex) before paging the driver");
    f.evidence.push_back(
        {p.path(connects.front().id.file), connects.front().call->pos,
         "the interrupt is connected here (" + connects.front().call->callee + ")"});
  }
}

void check_reset_missing(const Model& m, Reporter& report) {
  const Program& p = m.program;
  std::vector<Site> pages = calls_of(m, SectionApi::Kind::PageEntireDriver);
  if (pages.empty()) return;
  for (const Site& connect : calls_of(m, SectionApi::Kind::ConnectInterrupt)) {
    if (reset_before(m, connect.id, connect.call->pos.offset)) continue;
    // Connecting in DriverEntry before any paging happened is fine when the page call comes later
    // in the same function.
    bool page_later_here = false;
    for (const Site& page : pages)
      if (page.id == connect.id && page.call->pos.offset > connect.call->pos.offset)
        page_later_here = true;
    if (page_later_here) continue;
    Finding& f = report.in_function(
        connect.id, connect.call->pos,
        connect.call->callee +
            " connects an interrupt in a driver that pages itself with "
            "MmPageEntireDriver, without calling MmResetDriverPaging first on this "
            "path: the ISR may "
            "still be pageable when the interrupt fires; call MmResetDriverPaging "
            "before connecting");
    f.evidence.push_back(
        {p.path(pages.front().id.file), pages.front().call->pos, "the driver is paged here"});
  }
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::set<std::string> identifiers(const std::string& text) {
  std::set<std::string> out;
  for (size_t i = 0; i < text.size();) {
    if (ident_char(text[i]) && !std::isdigit(static_cast<unsigned char>(text[i]))) {
      size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      out.insert(text.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

void check_unsynchronized_count(const Model& m, Reporter& report) {
  const Program& p = m.program;
  std::set<std::string> counters;
  for (const Site& page : calls_of(m, SectionApi::Kind::PageEntireDriver)) {
    const Function& fn = p.function(page.id);
    // The innermost `if` whose then-branch holds the call: its condition names the count.
    uint32_t call_step = UINT32_MAX;
    for (uint32_t k = 0; k < fn.steps.size(); ++k)
      if (fn.steps[k].kind == Step::Kind::Call &&
          fn.calls[fn.steps[k].ref].pos.offset == page.call->pos.offset)
        call_step = k;
    int32_t guard = -1;
    for (uint32_t k = 0; k < call_step && call_step != UINT32_MAX; ++k)
      if (fn.steps[k].kind == Step::Kind::If && fn.steps[k].end > call_step)
        guard = static_cast<int32_t>(k);
    if (guard < 0 && is_entry_point(m, page.id)) continue;  // no handle can be open yet
    if (guard < 0) {
      report.in_function(
          page.id, page.call->pos,
          "MmPageEntireDriver is called without checking that no handle is open: page the "
          "driver only when the open count drops to zero (and serialize that count)");
      continue;
    }
    for (const std::string& id :
         identifiers(fn.conditions[fn.steps[static_cast<uint32_t>(guard)].ref]))
      counters.insert(id);
  }
  if (counters.empty()) return;
  // Plain updates of the count, made without any lock held, race with the paging transition.
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const Function& fn = p.files[f]->functions[i];
      const FunctionInference& inf = m.inferred[f][i];
      for (const Assignment& a : fn.assignments) {
        if (a.op != "++" && a.op != "--" && a.op != "+=" && a.op != "-=") continue;
        std::string name = last_member(a.lhs);
        if (!counters.count(name)) continue;
        bool locked = false;
        for (const RaisedUse& r : inf.raised_uses) {
          const NameUse& u = fn.uses[r.use];
          if (u.pos.line == a.pos.line && p.files[f]->names[u.name] == name) locked = true;
        }
        // A wait on a dispatcher mutex, a fast or guarded mutex, a resource or a wait lock taken
        // earlier in the function serializes the update too.
        for (const ApiCall& c : inf.api_calls) {
          static const char* const kWaits[] = {
              "KeWaitForSingleObject",   "KeWaitForMutexObject",           "ExAcquireFastMutex",
              "KeAcquireGuardedMutex",   "ExAcquireResourceExclusiveLite", "WdfWaitLockAcquire",
              "ExAcquireFastMutexUnsafe"};
          if (c.pos.offset >= a.pos.offset) continue;
          for (const char* w : kWaits) locked |= c.callee == w;
        }
        if (locked) continue;
        report.in_function(
            {f, i}, a.pos,
            "'" + a.lhs +
                "' decides when MmPageEntireDriver pages the driver, but it is changed "
                "here with " +
                a.op +
                " and no lock: use InterlockedIncrement/InterlockedDecrement "
                "or a mutex, so opens and the paging transition cannot race");
      }
    }
}

}  // namespace

void add_entire_driver_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"entire-driver/interrupt-connected", Severity::Error,
        "MmPageEntireDriver where an interrupt may be connected",
        "A driver that pages itself entirely must not have an interrupt connected while it is "
        "paged: an interrupt then faults at DIRQL. Disconnect interrupts before calling "
        "MmPageEntireDriver; KMDF drivers with framework interrupts should not page the whole "
        "driver.",
        "docs/rules/entire-driver-interrupt-connected.md"},
       check_interrupt_connected});
  rules.push_back(
      {{"entire-driver/reset-missing", Severity::Error,
        "interrupts connected after MmPageEntireDriver without MmResetDriverPaging first",
        "After MmPageEntireDriver, call MmResetDriverPaging before connecting interrupts, so the "
        "interrupt path is resident again.",
        "docs/rules/entire-driver-reset-missing.md"},
       check_reset_missing});
  rules.push_back(
      {{"entire-driver/unsynchronized-count", Severity::Warning,
        "the open count that decides whole-driver paging is not synchronized",
        "The open-handle count that decides when to page the driver must be changed with "
        "interlocked operations or under a lock, and MmPageEntireDriver must only run once it "
        "is zero.",
        "docs/rules/entire-driver-unsynchronized-count.md"},
       check_unsynchronized_count});
}

}  // namespace pagewise
