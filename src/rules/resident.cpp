// resident/*: "Code that runs at IRQL >= DISPATCH_LEVEL, that acquires a spin lock, or that
// calls a Ke dispatcher routine with Wait = TRUE must be resident (not pageable)."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/kernel/when-should-code-and-data-be-pageable-
// https://learn.microsoft.com/windows-hardware/drivers/kernel/making-drivers-pageable
// https://learn.microsoft.com/windows-hardware/drivers/kernel/isolating-pageable-code
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kesetevent

#include "analysis/evidence.hpp"
#include "knowledge/roles.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

template <typename Fn>
void for_each_pageable(const Model& m, Fn&& fn) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      if (p.placement_of(id).cls == SectionClass::Pageable) fn(id);
    }
}

// Sections locked on demand (paging-rules.md §2.4): code in a section that is locked where the
// device is opened runs locked whenever the callbacks that raise the IRQL can run, so it is not
// reported. Otherwise the evidence says why the lock does not cover the path.
const SectionLock* lock_of(const Model& m, const std::string& section, bool while_open) {
  for (const SectionLock& l : m.section_locks)
    if (l.section == section && l.while_open == while_open) return &l;
  return nullptr;
}

// True when a lock on demand keeps the function resident whenever it runs: nothing to report.
bool kept_locked(const Model& m, FunctionId id) { return m.at(id).kept_locked >= 0; }

void add_lock_evidence(const Model& m, FunctionId id, Finding& f) {
  const Program& p = m.program;
  const std::string& section = p.placement_of(id).section;
  if (const SectionLock* l = lock_of(m, section, false)) {
    f.evidence.push_back(
        {p.path(l->locker.file), l->pos,
         "section " + section + " is locked on demand here (" + l->api + " in '" +
             p.function(l->locker).name +
             "'), but not where the device is opened: this path may run while it is unlocked"});
  } else {
    const Function& fn = p.function(id);
    for (const PagedCodeSite& s : fn.paged_code)
      if (s.macro == "PAGED_CODE_LOCKED")
        f.evidence.push_back(
            {p.path(id.file), s.pos,
             "PAGED_CODE_LOCKED() says the section is locked when this runs, but nothing in the "
             "driver locks section " +
                 section});
  }
}

// The fix for a contract-only path depends on what gives the function its IRQL.
std::string contract_fix(const Model& m, FunctionId id) {
  const IrqlBound& b = m.at(id).possible;
  FunctionId root = id;
  const IrqlBound* cur = &b;
  for (int guard = 0; guard < 64 && cur->why().kind == IrqlReason::Kind::Caller; ++guard) {
    root = cur->why().caller;
    cur = &m.caller_bound(cur->why(), false);
  }
  if (cur->why().kind == IrqlReason::Kind::Role) {
    const RoleBinding& rb = m.at(root).roles[cur->why().role_index];
    const CallbackRole* role = find_role(rb.role);
    if (role && role->governor == Governor::Queue)
      return "set the queue's ExecutionLevel to WdfExecutionLevelPassive (WDF_OBJECT_ATTRIBUTES "
             "given to "
             "WdfIoQueueCreate, or the device's), or make the function resident";
    if (role && role->governor == Governor::Timer)
      return "create the timer with ExecutionLevel = WdfExecutionLevelPassive (its callback then "
             "runs as a "
             "work item), or make the function resident";
  }
  if (cur->why().kind == IrqlReason::Kind::Annotation)
    return "make the function resident, or tighten the annotation if callers never run that high";
  return "make the function resident (remove it from the pageable section)";
}

void check_irql(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for_each_pageable(m, [&](FunctionId id) {
    const FunctionInference& inf = m.at(id);
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    bool certain = inf.certain.set && inf.certain.level >= Irql::Dispatch;
    bool possible = inf.possible.set && inf.possible.level >= Irql::Dispatch;
    if (!certain && !possible) return;
    if (kept_locked(m, id)) return;
    const IrqlBound& b = certain ? inf.certain : inf.possible;
    std::string msg = "'" + fn.name + "' is in pageable section " + pl.section +
                      " but can run at " + irql_name(b.level) + ": " +
                      irql_reason_summary(m, id, certain) + "; ";
    msg += certain ? "make it resident (remove it from the pageable section), or keep its callers "
                     "from running it that high"
                   : contract_fix(m, id);
    Finding& f = report.in_function(id, fn.name_pos, std::move(msg));
    if (!certain) f.severity = Severity::Warning;
    f.evidence = irql_path(m, id, certain);
    for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
    add_lock_evidence(m, id, f);
  });
}

void check_spin_lock(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for_each_pageable(m, [&](FunctionId id) {
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    if (kept_locked(m, id)) return;
    for (const AcquireSite& a : m.at(id).acquires) {
      if (a.level < Irql::Dispatch) continue;
      bool raise = a.kind == AcquireSite::Kind::IrqlRaise;
      std::string what =
          raise ? "raises the IRQL to " + std::string(irql_name(a.level)) + " (" + a.api + ")"
                : "acquires spin lock " + (a.lock.empty() ? std::string("(unnamed)") : a.lock) +
                      " (" + a.api + ")";
      if (!a.via.empty()) what += " through " + a.via;
      std::string msg =
          "'" + fn.name + "' is in pageable section " + pl.section + " but " + what +
          "; code that holds a spin lock must be resident: move the locked region into a "
          "small resident function";
      Finding& f = report.in_function(id, a.pos, std::move(msg));
      if (!a.via.empty() && a.via_file >= 0)
        f.evidence.push_back({p.path(static_cast<uint32_t>(a.via_file)), a.via_pos,
                              "the lock is taken here, inside " + a.via});
      for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
    }
  });
}

void check_wait_true(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for_each_pageable(m, [&](FunctionId id) {
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    for (const WaitSite& w : m.at(id).waits) {
      std::string msg =
          "'" + fn.name + "' is in pageable section " + pl.section + " but calls " + w.api +
          " with Wait = " + w.wait_arg + (w.certain ? "" : ", which may be TRUE") +
          ": the call returns at DISPATCH_LEVEL and the code up to the following wait must be "
          "resident; pass FALSE, or move the call and the wait into a resident function";
      Finding& f = report.in_function(id, w.pos, std::move(msg));
      if (!w.certain) f.severity = Severity::Warning;
      for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
    }
  });
}

}  // namespace

void add_resident_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"resident/irql", 2001, Severity::Error,
        "pageable function that can run at IRQL >= DISPATCH_LEVEL",
        "A page fault at DISPATCH_LEVEL or above is a bug check. pagewise derives the highest "
        "IRQL each function can be entered at from callback roles, registrations, SAL "
        "annotations and callers that hold spin locks, and reports pageable functions that can "
        "run that high, with the path. Paths that are certain (a DPC, an ISR, a call under a "
        "spin lock) are errors; paths a callback's contract allows (a queue without passive "
        "execution level) are warnings.",
        "docs/rules/resident-irql.md"},
       check_irql});
  rules.push_back(
      {{"resident/spin-lock", 2002, Severity::Error,
        "pageable function acquires a spin lock or raises IRQL to >= DISPATCH_LEVEL",
        "Holding a spin lock raises the IRQL to DISPATCH_LEVEL, so the code that holds it must "
        "be resident. Move the locked region into a small resident function (or make the whole "
        "function resident).",
        "docs/rules/resident-spin-lock.md"},
       check_spin_lock});
  rules.push_back(
      {{"resident/wait-true", 2003, Severity::Error,
        "pageable function calls KeSetEvent & co. with Wait = TRUE",
        "KeSetEvent, KeReleaseSemaphore, KeReleaseMutex and KePulseEvent with Wait = TRUE return "
        "at DISPATCH_LEVEL; the caller must be resident until its following KeWaitXxx. Pass "
        "FALSE, or make the caller resident.",
        "docs/rules/resident-wait-true.md"},
       check_wait_true});
}

}  // namespace pagewise
