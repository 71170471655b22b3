#include "analysis/power.hpp"

#include "analysis/callers.hpp"
#include "knowledge/limits.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

namespace {

// What an assignment does to the power flags of a device object.
enum class FlagChange { None, SetsPageable, ClearsPageable, SetsInrush };

FlagChange flag_change(const Assignment& a) {
  bool clears = a.op == "&=" && a.rhs.find('~') != std::string::npos;
  for (const PowerFlag& flag : power_flags()) {
    if (a.rhs.find(flag.name) == std::string::npos) continue;
    if (flag.effect == PowerFlag::Effect::Pageable)
      return clears ? FlagChange::ClearsPageable : FlagChange::SetsPageable;
    if (a.op == "|=") return FlagChange::SetsInrush;
  }
  return FlagChange::None;
}

// `SetFlag(Flags, DO_POWER_PAGABLE)`, `Flags = Lower->Flags & DO_POWER_PAGABLE` as an argument: any
// mention outside a flag-clearing helper sets the flag.
bool call_sets_pageable(const Call& c) {
  if (clears_flags(c.callee)) return false;
  for (const std::string& arg : c.args)
    for (const PowerFlag& flag : power_flags())
      if (flag.effect == PowerFlag::Effect::Pageable && arg.find(flag.name) != std::string::npos)
        return true;
  return false;
}

// Power IRPs go to PnP device stacks: a driver without an AddDevice routine (a legacy or
// control-device driver) gets none.
bool has_pnp_device(const Model& m) {
  for (const auto& file : m.inferred)
    for (const FunctionInference& inf : file)
      for (const RoleBinding& b : inf.roles) {
        const CallbackRole* role = find_role(b.role);
        if (role && (role->flags & kRolePnpDevice)) return true;
      }
  return false;
}

bool uses_power_managing_framework(const Model& m) {
  for (const auto& file : m.inferred)
    for (const FunctionInference& inf : file)
      for (const ApiCall& c : inf.api_calls)
        if (power_managing_framework_of(c.callee)) return true;
  return false;
}

// A WDM IRP_MJ_POWER dispatch routine on a device that never gets DO_POWER_PAGABLE: "a driver
// that does not set DO_POWER_PAGABLE must be callable at DISPATCH_LEVEL"
// (https://learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-flags-for-power-management).
// KMDF sets the flag itself unless told otherwise, so a KMDF unit is left to its own calls; a
// driver with no AddDevice routine gets no power IRPs.
void find_flag_never_set(Model& m, NotPowerPageable& np) {
  const Program& p = m.program;
  if (uses_power_managing_framework(m) || !has_pnp_device(m)) return;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const RoleBinding& b : m.inferred[f][i].roles) {
        if (b.irp_major != "IRP_MJ_POWER" || b.file < 0) continue;
        np = {true,
              false,
              {static_cast<uint32_t>(b.file), 0},
              b.pos,
              "'" + p.function({f, i}).name +
                  "' handles IRP_MJ_POWER, but the driver never sets DO_POWER_PAGABLE on its "
                  "device objects, so power IRPs may arrive at DISPATCH_LEVEL"};
        np.flag_never_set = true;
        return;
      }
}

}  // namespace

void find_not_power_pageable(Model& m) {
  const Program& p = m.program;
  NotPowerPageable& np = m.not_power_pageable;
  np = NotPowerPageable();
  bool sets_pageable = false;  // some device gets DO_POWER_PAGABLE, set or copied
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
      const Function& fn = p.files[f]->functions[i];
      for (const Assignment& a : fn.assignments) {
        FlagChange change = flag_change(a);
        sets_pageable |= change == FlagChange::SetsPageable;
        bool not_pageable =
            change == FlagChange::ClearsPageable || change == FlagChange::SetsInrush;
        if (not_pageable && !np.set)
          np = {true, np.pageable_declared, {f, i}, a.pos, a.lhs + " " + a.op + " " + a.rhs};
      }
      for (const Call& c : fn.calls) sets_pageable |= call_sets_pageable(c);
    }
  if (!np.set && !sets_pageable) find_flag_never_set(m, np);
}

void find_power_paths(Model& m) {
  const Program& p = m.program;
  m.return_to_d0 = callbacks_and_their_own_callees(m, kRoleReturnToD0);
  // KMDF power-transition callbacks with their own callees, and WDM IRP_MJ_POWER dispatch
  // routines.
  m.power_transition = callbacks_and_their_own_callees(m, kRolePowerTransition);
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const auto& roles = m.inferred[f][i].roles;
      for (uint32_t r = 0; r < roles.size(); ++r)
        if (roles[r].irp_major == "IRP_MJ_POWER")
          m.power_transition[{f, i}] = {static_cast<int32_t>(r), {}, {}};
    }
}

}  // namespace pagewise
