// locked-section/*: "MmLockPagableCodeSection, MmLockPagableDataSection,
// MmLockPagableSectionByHandle and MmUnlockPagableImageSection must be called at IRQL <= APC_LEVEL;
// every lock must be balanced by an unlock before the driver unloads; and the address given must
// lie in a pageable section, whose whole section is then locked." Sources:
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmlockpagablecodesection
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmunlockpagableimagesection
// https://learn.microsoft.com/windows-hardware/drivers/kernel/locking-pageable-code-or-data
// paging-rules.md §2.4.

#include <map>

#include "analysis/evidence.hpp"
#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"
#include "rules/rule.hpp"

namespace pagewise {

void report_call_above_limit(const Model& m, FunctionId id, const ApiCall& call, Irql limit,
                             const std::string& what, Reporter& report);

namespace {

void check_irql(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        const SectionApi* api = find_section_api(c.callee);
        if (!api) continue;
        if (api->kind != SectionApi::Kind::LockByAddress &&
            api->kind != SectionApi::Kind::LockByHandle && api->kind != SectionApi::Kind::Unlock)
          continue;
        report_call_above_limit(
            m, {f, i}, c, api->max,
            std::string("which must be called at or below ") + irql_name(api->max) +
                " (lock the section before the code that needs it runs at DISPATCH_LEVEL)",
            report);
      }
}

void check_not_a_section(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const SectionLock& l : m.section_locks) {
    if (l.cls == SectionClass::Pageable) continue;
    std::string what;
    EvidenceStep named;
    if (l.names_function) {
      const Function& fn = p.function(l.function);
      what = "function '" + fn.name + "'";
      named = {p.path(l.function.file), fn.name_pos, "'" + fn.name + "' is in " + l.section};
    } else {
      if (l.section.empty()) continue;  // a data section named by an empty macro: nothing to say
      const DataItem& d = p.data(l.data);
      what = "global '" + d.name + "'";
      named = {p.path(l.data.file), d.pos, "'" + d.name + "' is in " + l.section};
    }
    Finding& fi = report.in_function(
        l.locker, l.pos,
        l.api + "(" + l.address + ") names " + what + " in section " + l.section +
            ", which is not pageable: nothing is locked that could be paged; pass the "
            "address of something in the PAGE section you mean to lock");
    fi.evidence.push_back(std::move(named));
  }
}

// The first way the function fails after `offset`: a failure status assigned, or else one handed
// to a call (`return Complete(Irp, STATUS_X)`). nullptr when it cannot fail after it.
const FailureStatus* failure_after(const FunctionInference& inf, uint32_t offset) {
  const FailureStatus* passed = nullptr;
  for (const FailureStatus& s : inf.failures) {
    if (s.pos.offset <= offset) continue;
    if (!s.passed) return &s;
    if (!passed) passed = &s;
  }
  return passed;
}

// Lock and unlock calls by the handle they name (its last member: `ext->Handle` → `Handle`).
struct HandleUse {
  FunctionId id;
  Pos pos;
};
using UsesByHandle = std::map<std::string, std::vector<HandleUse>>;

// Locked in a create handler that can still fail: close never comes for a failed create, so that
// path must unlock itself.
void check_failed_create(const Model& m, FunctionId id, const ApiCall& lock, Reporter& report) {
  const FunctionInference& inf = m.at(id);
  bool unlocks_here = false;
  for (const ApiCall& u : inf.api_calls)
    if (const SectionApi* ua = find_section_api(u.callee))
      unlocks_here |= ua->kind == SectionApi::Kind::Unlock;
  bool in_create = false;
  for (const RoleBinding& b : inf.roles)
    in_create |= b.irp_major == "IRP_MJ_CREATE" || b.role == "EVT_WDF_DEVICE_FILE_CREATE";
  const FailureStatus* failure = failure_after(inf, lock.pos.offset);
  if (!in_create || !failure || unlocks_here) return;
  std::string fail_text = failure->passed ? failure->target + "(..., " + failure->status + ")"
                                          : failure->target + " = " + failure->status;
  Finding& fi = report.in_function(
      id, lock.pos,
      "the section locked here stays locked when this create fails (" + fail_text + " at line " +
          std::to_string(failure->pos.line) +
          "): close is never called for a failed create; unlock on the failure path");
  fi.evidence.push_back({m.program.path(id.file), failure->pos, "the create fails here"});
}

void report_unmatched(const UsesByHandle& locks, const UsesByHandle& unlocks, Reporter& report) {
  for (const auto& [handle, uses] : locks) {
    if (unlocks.count(handle)) continue;
    report.in_function(
        uses.front().id, uses.front().pos,
        "the section locked here (handle '" + handle +
            "') is never unlocked anywhere in the "
            "driver: it stays locked until unload and its memory is never paged; call "
            "MmUnlockPagableImageSection on the handle in close, shutdown or unload");
  }
  for (const auto& [handle, uses] : unlocks) {
    if (locks.count(handle)) continue;
    report.in_function(
        uses.front().id, uses.front().pos,
        "MmUnlockPagableImageSection releases handle '" + handle +
            "', which nothing in the driver "
            "locks: unlocking more often than locking unlocks a section other code relies on");
  }
}

void check_unbalanced(const Model& m, Reporter& report) {
  const Program& p = m.program;
  UsesByHandle locks, unlocks;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        const SectionApi* api = find_section_api(c.callee);
        if (!api) continue;
        if (api->kind == SectionApi::Kind::LockByAddress && c.result_to.empty()) {
          report.in_function(
              {f, i}, c.pos,
              "the handle " + c.callee +
                  " returns is dropped, so the section it locks can "
                  "never be unlocked: keep the handle and pass it to MmUnlockPagableImageSection "
                  "(in close, shutdown or unload)");
        } else if (api->kind == SectionApi::Kind::LockByAddress) {
          locks[last_member(c.result_to)].push_back({{f, i}, c.pos});
          check_failed_create(m, {f, i}, c, report);
        } else if (api->kind == SectionApi::Kind::LockByHandle && !c.args.empty()) {
          locks[last_member(c.args[0])].push_back({{f, i}, c.pos});
        } else if (api->kind == SectionApi::Kind::Unlock && !c.args.empty()) {
          unlocks[last_member(c.args[0])].push_back({{f, i}, c.pos});
        }
      }
  report_unmatched(locks, unlocks, report);
}

}  // namespace

void add_locked_section_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"locked-section/irql", 5001, Severity::Error,
        "MmLockPagable*/MmUnlockPagableImageSection called at >= DISPATCH_LEVEL",
        "Locking and unlocking a section needs IRQL <= APC_LEVEL. Lock the section before the "
        "code that needs it runs at DISPATCH_LEVEL (for example in DispatchCreate), never from "
        "the DPC itself.",
        "docs/rules/locked-section-irql.md"},
       check_irql});
  rules.push_back(
      {{"locked-section/unbalanced", 5002, Severity::Error,
        "a section locked on demand is never unlocked, or unlocked without being locked",
        "Every MmLockPagable* must be balanced by MmUnlockPagableImageSection before the driver "
        "unloads, usually in close, shutdown or unload; otherwise the section stays locked.",
        "docs/rules/locked-section-unbalanced.md"},
       check_unbalanced});
  rules.push_back(
      {{"locked-section/not-a-section", 5003, Severity::Warning,
        "the address given to MmLockPagable*Section is not in a pageable section",
        "MmLockPagableCodeSection locks the whole section that contains the address it is given; "
        "an address in a resident section locks nothing that could be paged.",
        "docs/rules/locked-section-not-a-section.md"},
       check_not_a_section});
}

}  // namespace pagewise
