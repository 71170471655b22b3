// power/*: "KMDF callbacks on the device's return-to-D0 path should not be pageable: the system
// wakes slower because the code must be read back from the paging disk, which may not be powered
// yet. On a device that is not power-pageable, power-transition code must neither be pageable nor
// touch paged data."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/wdf/creating-pageable-code-in-a-kmdf-driver
// https://learn.microsoft.com/windows-hardware/drivers/wdf/a-device-returns-to-its-working-state
// https://learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-flags-for-power-management
// paging-rules.md §4.2, §4.5.

#include <map>
#include <set>

#include "analysis/evidence.hpp"
#include "knowledge/limits.hpp"
#include "knowledge/roles.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

// Why a function belongs to a set of callbacks: it has the role itself, or all its callers do.
struct Membership {
  int32_t role_index = -1;
  FunctionId caller;
  Pos pos;
};

using Members = std::map<std::pair<uint32_t, uint32_t>, Membership>;

// Functions with a role carrying `flag`, plus the functions that only they call (transitively):
// code that is "pageable only for them".
Members callbacks_and_their_own_callees(const Model& m, uint16_t flag) {
  const Program& p = m.program;
  Members in;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::pair<FunctionId, Pos>>> callers;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const FunctionInference& inf = m.inferred[f][i];
      for (const CallEdge& e : inf.calls)
        callers[{e.callee.file, e.callee.index}].push_back({{f, i}, e.pos});
      for (uint32_t r = 0; r < inf.roles.size(); ++r) {
        const CallbackRole* role = find_role(inf.roles[r].role);
        if (role && (role->flags & flag)) {
          in[{f, i}] = {static_cast<int32_t>(r), {}, {}};
          break;
        }
      }
    }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [callee, from] : callers) {
      if (in.count(callee) || from.empty()) continue;
      if (!m.inferred[callee.first][callee.second].roles.empty())
        continue;  // a callback of its own
      bool all = true;
      for (const auto& [caller, pos] : from)
        if (!in.count({caller.file, caller.index}) ||
            (caller.file == callee.first && caller.index == callee.second)) {
          all = false;
          break;
        }
      if (!all) continue;
      in[callee] = {-1, from.front().first, from.front().second};
      grew = true;
    }
  }
  return in;
}

std::vector<EvidenceStep> membership_path(const Model& m, const Members& in, FunctionId id) {
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

void check_d0_path(const Model& m, std::vector<Finding>& out) {
  const Program& p = m.program;
  Members d0 = callbacks_and_their_own_callees(m, kRoleReturnToD0);
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
    Finding f;
    f.rule_id = "power/d0-path-pageable";
    f.severity = Severity::Warning;
    f.file = p.path(id.file);
    f.pos = fn.name_pos;
    f.function = fn.name;
    f.unit = p.unit->name;
    f.message = "'" + fn.name + "' " + what + ", but it is in pageable section " + pl.section +
                ": resume waits until the page is read back from disk; make it resident";
    f.evidence = membership_path(m, d0, id);
    for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
    out.push_back(std::move(f));
  }
}

// Why the device is not power-pageable, from the driver's own calls and flag changes.
struct NotPageable {
  bool set = false;
  bool pageable_declared = false;  // WdfDeviceInitSetPowerPageable: the driver says it is pageable
  FunctionId where;
  Pos pos;
  std::string what;
};

NotPageable not_pageable_evidence(const Model& m) {
  const Program& p = m.program;
  NotPageable np;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        const PowerPageabilityApi* api = find_power_pageability_api(c.callee);
        if (!api) continue;
        using E = PowerPageabilityApi::Effect;
        bool counts = api->effect == E::NotPageable || api->effect == E::Inrush;
        if (api->effect == E::SpecialFile && c.args.size() >= 3) {
          const std::string& type = c.args[1];
          bool on = c.args[2] == "TRUE" || c.args[2] == "true" || c.args[2] == "1";
          counts = on && (type.find("Paging") != std::string::npos ||
                          type.find("Hibernation") != std::string::npos ||
                          type.find("Dump") != std::string::npos);
        }
        if (api->effect == E::Pageable) np.pageable_declared = true;
        if (counts && !np.set)
          np = {true,
                np.pageable_declared,
                {f, i},
                c.pos,
                c.callee + "(" + (c.args.empty() ? "" : c.args[0]) +
                    (c.args.size() > 1 ? ", ..." : "") + ")"};
      }
      for (const Assignment& a : p.files[f]->functions[i].assignments) {
        bool clears_pagable = a.op == "&=" && a.rhs.find("~") != std::string::npos &&
                              a.rhs.find("DO_POWER_PAGABLE") != std::string::npos;
        bool sets_inrush = a.op == "|=" && a.rhs.find("DO_POWER_INRUSH") != std::string::npos;
        if ((clears_pagable || sets_inrush) && !np.set)
          np = {true, np.pageable_declared, {f, i}, a.pos, a.lhs + " " + a.op + " " + a.rhs};
      }
    }
  return np;
}

bool calls_state_is_np(const Model& m, FunctionId id) {
  for (const ApiCall& c : m.at(id).api_calls)
    if (const PowerPageabilityApi* api = find_power_pageability_api(c.callee))
      if (api->effect == PowerPageabilityApi::Effect::StateIsNp) return true;
  return false;
}

void check_not_power_pageable(const Model& m, std::vector<Finding>& out) {
  const Program& p = m.program;
  NotPageable np = not_pageable_evidence(m);
  if (!np.set) return;
  // KMDF power-transition callbacks, and a WDM IRP_MJ_POWER dispatch routine, with their own
  // callees.
  Members power = callbacks_and_their_own_callees(m, kRolePowerTransition);
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const auto& roles = m.inferred[f][i].roles;
      for (uint32_t r = 0; r < roles.size(); ++r)
        if (roles[r].role == "DRIVER_DISPATCH" && roles[r].note == "IRP_MJ_POWER")
          power[{f, i}] = {static_cast<int32_t>(r), {}, {}};
    }
  std::set<std::string> paged_globals;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->data.size(); ++i)
      if (p.data_placement[f][i].cls == SectionClass::Pageable)
        paged_globals.insert(p.files[f]->data[i].name);
  for (const auto& [key, mb] : power) {
    FunctionId id{key.first, key.second};
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    std::string what = mb.role_index >= 0
                           ? "a power-transition callback (" +
                                 m.at(id).roles[static_cast<size_t>(mb.role_index)].role + ")"
                           : "called only from power-transition callbacks";
    bool checks_np = calls_state_is_np(m, id);
    auto finish = [&](Finding f) {
      f.evidence.push_back(
          {p.path(np.where.file), np.pos, "the device is not power-pageable: " + np.what});
      for (EvidenceStep& s : membership_path(m, power, id)) f.evidence.push_back(std::move(s));
      out.push_back(std::move(f));
    };
    if (pl.cls == SectionClass::Pageable && m.at(id).kept_locked < 0) {
      Finding f;
      f.rule_id = "power/not-power-pageable";
      f.severity = Severity::Error;
      f.file = p.path(id.file);
      f.pos = fn.name_pos;
      f.function = fn.name;
      f.unit = p.unit->name;
      f.message =
          "'" + fn.name + "' is " + what +
          " of a device that is not power-pageable, but it is in "
          "pageable section " +
          pl.section +
          ": its power transitions can run while the paging disk "
          "is off; make it resident" +
          (checks_np ? " (checking WdfDevStateIsNP cannot help: the check itself would page-fault)"
                     : "") +
          (np.pageable_declared ? "; note the driver also calls WdfDeviceInitSetPowerPageable"
                                : "");
      for (EvidenceStep& s : placement_evidence(p, pl)) f.evidence.push_back(std::move(s));
      finish(std::move(f));
    }
    if (checks_np) continue;  // the driver tells NP states apart before touching paged data
    std::set<std::string> reported;
    const FileFacts& ff = *p.files[id.file];
    for (const NameUse& u : fn.uses) {
      if (u.field || !paged_globals.count(ff.names[u.name]) ||
          !reported.insert(ff.names[u.name]).second)
        continue;
      Finding f;
      f.rule_id = "power/not-power-pageable";
      f.severity = Severity::Error;
      f.file = p.path(id.file);
      f.pos = u.pos;
      f.function = fn.name;
      f.unit = p.unit->name;
      f.message = "'" + fn.name + "' is " + what +
                  " of a device that is not power-pageable, but it touches '" + ff.names[u.name] +
                  "', which is in a pageable data section; keep it resident, or check "
                  "WdfDevStateIsNP and skip the access in non-pageable power states";
      finish(std::move(f));
    }
  }
}

}  // namespace

void add_power_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"power/d0-path-pageable", Severity::Warning,
        "KMDF callback on the return-to-D0 path placed in a pageable section",
        "EvtDeviceD0Entry, EvtInterruptEnable, EvtDeviceD0EntryPostInterruptsEnabled, the DMA "
        "enabler start callbacks, EvtDeviceSelfManagedIoRestart and the other callbacks the "
        "framework runs while the device returns to D0 should be resident: paging them in "
        "delays resume, since the paging disk may itself still be powering up.",
        "docs/rules/power-d0-path-pageable.md"},
       check_d0_path});
  rules.push_back(
      {{"power/not-power-pageable", Severity::Error,
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
