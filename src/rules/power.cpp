// power/*: "KMDF callbacks on the device's return-to-D0 path should not be pageable: the system
// wakes slower because the code must be read back from the paging disk, which may not be powered
// yet. On a device that is not power-pageable, power-transition code must neither be pageable nor
// touch paged data."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/wdf/creating-pageable-code-in-a-kmdf-driver
// https://learn.microsoft.com/windows-hardware/drivers/wdf/a-device-returns-to-its-working-state
// https://learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-flags-for-power-management
// paging-rules.md §4.2, §4.5.

#include <set>

#include "analysis/evidence.hpp"
#include "knowledge/limits.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

std::vector<EvidenceStep> membership_path(const Model& m, const CallbackSet& in, FunctionId id) {
  const Program& p = m.program;
  std::vector<EvidenceStep> reversed;
  FunctionId cur = id;
  for (int guard = 0; guard < 64; ++guard) {
    auto it = in.find({cur.file, cur.index});
    if (it == in.end()) break;
    const Membership& mb = it->second;
    if (mb.role_index >= 0) {
      reversed.push_back(role_step(m, cur, m.at(cur).roles[static_cast<size_t>(mb.role_index)]));
      break;
    }
    reversed.push_back(
        {p.path(mb.caller.file), mb.pos,
         "'" + p.function(mb.caller).name + "' calls '" + p.function(cur).name + "'"});
    cur = mb.caller;
  }
  return {reversed.rbegin(), reversed.rend()};
}

void check_d0_path(const Model& m, Reporter& report) {
  const Program& p = m.program;
  const CallbackSet& d0 = m.return_to_d0;
  for (const auto& [key, mb] : d0) {
    FunctionId id{key.first, key.second};
    const Placement& pl = p.placement_of(id);
    // A lock on demand that keeps it resident whenever it runs covers the transition too.
    if (pl.cls != SectionClass::Pageable || m.at(id).kept_locked >= 0) continue;
    const Function& fn = p.function(id);
    std::string what = mb.role_index >= 0
                           ? "is " + m.at(id).roles[static_cast<size_t>(mb.role_index)].role +
                                 ", which the framework calls on the way back to D0"
                           : "is called only from return-to-D0 callbacks";
    Finding& f = report.in_function(
        id, fn.name_pos,
        "'" + fn.name + "' " + what + ", but it is in pageable section " + pl.section +
            ": resume waits until the page is read back from disk; make it resident");
    f.evidence = membership_path(m, d0, id);
    for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
  }
}

bool calls_state_is_np(const Model& m, FunctionId id) {
  for (const ApiCall& c : m.at(id).api_calls)
    if (const PowerPageabilityApi* api = find_power_pageability_api(c.callee))
      if (api->effect == PowerPageabilityApi::Effect::StateIsNp) return true;
  return false;
}

void check_not_power_pageable(const Model& m, Reporter& report) {
  const Program& p = m.program;
  const NotPowerPageable& np = m.not_power_pageable;
  if (!np.set) return;
  const CallbackSet& power = m.power_transition;
  for (const auto& [key, mb] : power) {
    FunctionId id{key.first, key.second};
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    std::string what = mb.role_index >= 0
                           ? "a power-transition callback (" +
                                 m.at(id).roles[static_cast<size_t>(mb.role_index)].role + ")"
                           : "called only from power-transition callbacks";
    bool checks_np = calls_state_is_np(m, id);
    auto finish = [&](Finding& f) {
      if (np.flag_never_set) f.severity = Severity::Warning;  // inferred from an absence
      f.evidence.push_back(
          {p.path(np.where.file), np.pos, "the device is not power-pageable: " + np.what});
      for (EvidenceStep& s : membership_path(m, power, id)) f.evidence.push_back(std::move(s));
    };
    if (pl.cls == SectionClass::Pageable && m.at(id).kept_locked < 0) {
      Finding& f = report.in_function(
          id, fn.name_pos,
          "'" + fn.name + "' is " + what +
              " of a device that is not power-pageable, but it is in "
              "pageable section " +
              pl.section +
              ": its power transitions can run while the paging disk "
              "is off; make it resident" +
              (checks_np
                   ? " (checking WdfDevStateIsNP cannot help: the check itself would page-fault)"
                   : "") +
              (np.pageable_declared ? "; note the driver also calls WdfDeviceInitSetPowerPageable"
                                    : ""));
      for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
      finish(f);
    }
    if (checks_np) continue;  // the driver tells NP states apart before touching paged data
    std::set<std::string> reported;
    for (const PagedTouch& t : m.memory.section_data_uses) {
      if (!(t.function == id) || !reported.insert(t.name).second) continue;
      Finding& f = report.in_function(
          id, fn.uses[t.use].pos,
          "'" + fn.name + "' is " + what +
              " of a device that is not power-pageable, but it touches '" + t.name +
              "', which is in a pageable data section; keep it resident, or check "
              "WdfDevStateIsNP and skip the access in non-pageable power states");
      finish(f);
    }
  }
}

}  // namespace

void add_power_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"power/d0-path-pageable", 3001, Severity::Warning,
        "KMDF callback on the return-to-D0 path placed in a pageable section",
        "EvtDeviceD0Entry, EvtInterruptEnable, EvtDeviceD0EntryPostInterruptsEnabled, the DMA "
        "enabler start callbacks, EvtDeviceSelfManagedIoRestart and the other callbacks the "
        "framework runs while the device returns to D0 should be resident: paging them in "
        "delays resume, since the paging disk may itself still be powering up.",
        "docs/rules/power-d0-path-pageable.md"},
       check_d0_path});
  rules.push_back(
      {{"power/not-power-pageable", 3002, Severity::Error,
        "power-path code pageable, or touching paged data, on a device that is not power-pageable",
        "A device that is not power-pageable (WdfDeviceInitSetPowerNotPageable, "
        "WdfDeviceInitSetPowerInrush, paging/hibernation/dump special files, or WDM "
        "DO_POWER_PAGABLE cleared / DO_POWER_INRUSH set) changes power state while the paging "
        "disk may be off: its power-transition callbacks must neither be pageable nor touch "
        "paged data.",
        "docs/rules/power-not-power-pageable.md"},
       check_not_power_pageable});
}

}  // namespace pagewise
