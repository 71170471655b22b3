// resident/paged-data: "Anything that can page-fault must run below DISPATCH_LEVEL: pageable data
// (PAGEDATA/PAGEBSS globals, paged pool, unlocked user buffers) must not be touched at
// DISPATCH_LEVEL or under a spin lock, and kernel synchronization objects and work items must
// never live in pageable memory (a pageable section, paged pool), since the kernel touches them at
// raised IRQL."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/kernel/when-should-code-and-data-be-pageable-
// https://learn.microsoft.com/windows-hardware/drivers/devtest/force-irql-checking
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/ne-wdm-_pool_type
// https://learn.microsoft.com/windows-hardware/drivers/kernel/using-neither-buffered-nor-direct-i-o
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exinitializeworkitem
// paging-rules.md §2.1, §6.1, §6.2.

#include "analysis/evidence.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

void report_sync_objects(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const PageableSyncObject& o : m.memory.sync_objects) {
    if (o.allocation) {
      Finding& fi = report.in_function(
          o.function, o.pos,
          "'" + o.type +
              "' holds a kernel synchronization object or work item but is allocated "
              "from paged pool by " +
              o.how +
              ": the kernel touches such objects at raised IRQL, so they must be resident; "
              "allocate it from nonpaged pool" +
              (o.set_up_here ? ""
                             : " (no object in it is set up where it is allocated: harmless only "
                               "if none is ever used in this block)"));
      if (!o.set_up_here) fi.severity = Severity::Warning;
      continue;
    }
    const DataItem& d = p.files[o.file]->data[o.index];
    const Placement& pl = p.data_placement[o.file][o.index];
    Finding& fi = report.in_file(
        o.file, d.pos,
        "'" + d.name + "' (" + d.type + ") holds a kernel synchronization object but is in " +
            (o.entire_driver ? pl.section + ", which MmPageEntireDriver makes pageable"
                             : "pageable data section " + pl.section) +
            ": the kernel touches synchronization objects at raised IRQL, so they must be "
            "resident; "
            "move it to nonpaged memory (a nonpaged pool allocation, or a resident section)");
    fi.evidence = placement_evidence(p, pl);
  }
}

void report_touches(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const PagedTouch& t : m.memory.touches) {
    FunctionId id = t.function;
    const Function& fn = p.function(id);
    const FunctionInference& inf = m.at(id);
    bool entry_certain = inf.certain.set && inf.certain.level >= Irql::Dispatch;
    bool entry_possible = inf.possible.set && inf.possible.level >= Irql::Dispatch;
    const RaisedUse* lock =
        t.raised_use >= 0 ? &inf.raised_uses[static_cast<size_t>(t.raised_use)] : nullptr;
    if (!lock && !entry_certain && !entry_possible) continue;
    // Irp->UserBuffer and Type3InputBuffer hold user addresses only for requests from user
    // mode (internal device controls carry kernel buffers there): only a certain raised path
    // is reported, not one a callback's contract merely allows.
    if (t.user_buffer && !lock && !entry_certain) continue;
    bool certain = lock || entry_certain;
    Finding& fi = report.in_function(id, fn.uses[t.use].pos, "");
    if (!certain) fi.severity = Severity::Warning;
    std::string when =
        lock ? "while holding " + (lock->lock.empty() ? std::string("a spin lock") : lock->lock)
             : "in '" + fn.name + "', which can run at " +
                   irql_name((entry_certain ? inf.certain : inf.possible).level);
    if (t.user_buffer)
      fi.message = "'" + t.name +
                   "' (a user-mode buffer, valid only in the requesting thread and pageable) is "
                   "touched " +
                   when +
                   "; probe and lock it (MmProbeAndLockPages) or copy it at PASSIVE_LEVEL first";
    else
      fi.message = "'" + t.name + "' can be paged out but is touched " + when +
                   ": a page fault there is a bug check; keep it in nonpaged memory";
    if (t.has_store) fi.evidence.push_back({p.path(t.store.file), t.store.pos, t.store.why});
    if (lock)
      fi.evidence.push_back(
          {p.path(id.file), lock->lock_pos, lock->lock + " acquired by " + lock->lock_api});
    else
      for (EvidenceStep& s : irql_path(m, id, entry_certain)) fi.evidence.push_back(std::move(s));
  }
}

void check_paged_data(const Model& m, Reporter& report) {
  report_sync_objects(m, report);
  report_touches(m, report);
}

}  // namespace

void add_paged_data_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"resident/paged-data", 2004, Severity::Error,
        "paged data touched at >= DISPATCH_LEVEL or under a spin lock",
        "Globals in PAGEDATA/PAGEBSS sections, memory from paged pool and user buffers of "
        "METHOD_NEITHER requests can be paged out; touching them (following the pointer, not "
        "reading it) at DISPATCH_LEVEL or while holding a spin lock is a bug check when the page "
        "is out. Kernel synchronization objects and work items (KSPIN_LOCK, KEVENT, KTIMER, "
        "WORK_QUEUE_ITEM, ...) must never be in pageable memory, paged pool included.",
        "docs/rules/resident-paged-data.md"},
       check_paged_data});
}

}  // namespace pagewise
