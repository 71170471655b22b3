// power/*: "KMDF callbacks on the device's return-to-D0 path should not be pageable: the system
// wakes slower because the code must be read back from the paging disk, which may not be powered
// yet. On a device that is not power-pageable, power-transition code must neither be pageable nor
// touch paged data."
// Sources: https://learn.microsoft.com/windows-hardware/drivers/wdf/creating-pageable-code-in-a-kmdf-driver
// https://learn.microsoft.com/windows-hardware/drivers/wdf/a-device-returns-to-its-working-state
// https://learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-flags-for-power-management
// paging-rules.md §4.2, §4.5.

#include <map>

#include "analysis/evidence.hpp"
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
      for (const CallEdge& e : inf.calls) callers[{e.callee.file, e.callee.index}].push_back({{f, i}, e.pos});
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
      if (!m.inferred[callee.first][callee.second].roles.empty()) continue;  // a callback of its own
      bool all = true;
      for (const auto& [caller, pos] : from)
        if (!in.count({caller.file, caller.index}) || (caller.file == callee.first && caller.index == callee.second)) {
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
    reversed.push_back({p.path(mb.caller.file), mb.pos,
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
    if (pl.cls != SectionClass::Pageable) continue;
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

}  // namespace

void add_power_rules(std::vector<Rule>& rules) {
  rules.push_back({{"power/d0-path-pageable", Severity::Warning,
                    "KMDF callback on the return-to-D0 path placed in a pageable section",
                    "EvtDeviceD0Entry, EvtInterruptEnable, EvtDeviceD0EntryPostInterruptsEnabled, the DMA "
                    "enabler start callbacks, EvtDeviceSelfManagedIoRestart and the other callbacks the "
                    "framework runs while the device returns to D0 should be resident: paging them in "
                    "delays resume, since the paging disk may itself still be powering up.",
                    "docs/rules/power-d0-path-pageable.md"},
                   check_d0_path});
}

}  // namespace pagewise
