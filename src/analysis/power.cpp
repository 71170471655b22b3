#include "analysis/power.hpp"

#include "analysis/callers.hpp"
#include "knowledge/limits.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

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
