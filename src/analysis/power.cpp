#include "analysis/power.hpp"

#include "analysis/callers.hpp"
#include "knowledge/limits.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

namespace {

bool mentions_pagable_flag(const std::string& text) {
  return text.find("DO_POWER_PAGABLE") != std::string::npos;
}

// The driver sets DO_POWER_PAGABLE somewhere, or copies it from the device it attaches to
// (`Flags |= Lower->Flags & DO_POWER_PAGABLE`, `SetFlag(Flags, DO_POWER_PAGABLE)`): any mention
// outside a clearing (`&= ~`, `ClearFlag`) counts.
bool sets_pagable_flag(const Program& p) {
  for (const auto& file : p.files)
    for (const Function& fn : file->functions) {
      for (const Assignment& a : fn.assignments)
        if (mentions_pagable_flag(a.rhs) && !(a.op == "&=" && a.rhs.find('~') != std::string::npos))
          return true;
      for (const Call& c : fn.calls) {
        bool clears = c.callee.find("Clear") != std::string::npos ||
                      c.callee.find("CLEAR") != std::string::npos;
        for (const std::string& arg : c.args)
          if (!clears && mentions_pagable_flag(arg)) return true;
      }
    }
  return false;
}

// Power IRPs go to PnP device stacks: a driver without an AddDevice routine (a legacy or
// control-device driver) gets none.
bool has_add_device(const Model& m) {
  for (const auto& file : m.inferred)
    for (const FunctionInference& inf : file)
      for (const RoleBinding& b : inf.roles)
        if (b.role == "DRIVER_ADD_DEVICE") return true;
  return false;
}

bool uses_kmdf(const Model& m) {
  for (const auto& file : m.inferred)
    for (const FunctionInference& inf : file)
      for (const ApiCall& c : inf.api_calls)
        if (c.callee.rfind("Wdf", 0) == 0) return true;
  return false;
}

// A WDM IRP_MJ_POWER dispatch routine on a device that never gets DO_POWER_PAGABLE: "a driver
// that does not set DO_POWER_PAGABLE must be callable at DISPATCH_LEVEL"
// (https://learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-flags-for-power-management).
// KMDF sets the flag itself unless told otherwise, so a KMDF unit is left to its own calls; a
// driver with no AddDevice routine gets no power IRPs.
void find_flag_never_set(Model& m, NotPowerPageable& np) {
  const Program& p = m.program;
  if (uses_kmdf(m) || !has_add_device(m) || sets_pagable_flag(p)) return;
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
  if (!np.set) find_flag_never_set(m, np);
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
