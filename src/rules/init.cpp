// init/used-after-init: "INIT is discarded as soon as DriverEntry (or the Reinitialize routine the
// driver registered) returns: nothing that can run after that may live in INIT — no registered
// callback, no function called from code that runs later, and no INIT data whose address outlives
// initialization."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmlockpagablecodesection
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmlockpagabledatasection
// paging-rules.md §1.4.

#include "analysis/evidence.hpp"
#include "analysis/roles.hpp"
#include "knowledge/roles.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

void check_code(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      if (p.placement_of(id).cls != SectionClass::Init) continue;
      const FunctionInference& inf = m.at(id);
      if (!inf.later.set) continue;
      const Function& fn = p.function(id);
      std::string why;
      if (inf.later.role_index >= 0) {
        const RoleBinding& b = inf.roles[static_cast<size_t>(inf.later.role_index)];
        why = b.role == "DRIVER_REINITIALIZE"
                  ? "it is the driver's reinitialize routine, which runs after DriverEntry returned"
                  : "it is " + how_bound(b) + ", so it can run after initialization";
      } else {
        why = "it is called from '" + p.function(inf.later.caller).name +
              "', which runs after initialization";
      }
      Finding& out_f = report.in_function(
          id, fn.name_pos,
          "'" + fn.name + "' is in INIT, which is discarded when initialization ends, but " + why +
              "; move it to PAGE (or leave it resident)");
      out_f.evidence = later_path(m, id);
      for (EvidenceStep& s : placement_evidence(p, p.placement_of(id)))
        out_f.evidence.push_back(std::move(s));
    }
}

// Where INIT data's address is kept: "'ext->Name'", "the global 'g_Saved'", "'ext->Name' by
// RtlInitUnicodeString".
std::string holder_words(const InitDataKept& k) {
  if (!k.through.empty()) return "'" + k.holder + "' by " + k.through;
  return k.holder_is_global ? "the global '" + k.holder + "'" : "'" + k.holder + "'";
}

// INIT data whose address is stored where it outlives initialization, or that code running after
// initialization reads.
void check_data(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const InitDataKept& k : m.init_data_kept) {
    const std::string& name = p.data(k.data).name;
    Finding& fi = report.in_function(k.function, k.pos, "");
    if (k.how == InitDataKept::How::AddressStored) {
      fi.message = "INIT data '" + name + "' is stored in " + holder_words(k) +
                   ", which outlives initialization; INIT is discarded when DriverEntry returns: "
                   "copy the data, or move '" +
                   name + "' out of INIT";
    } else {
      fi.message = "INIT data '" + name + "' is used in '" + p.function(k.function).name +
                   "', which runs after initialization, when INIT is already discarded; move '" +
                   name + "' out of INIT";
      fi.evidence = later_path(m, k.function);
    }
    fi.evidence.push_back(
        {p.path(k.data.file), p.data(k.data).pos, "'" + name + "' is defined here"});
    for (EvidenceStep& s : placement_evidence(p, p.placement_of(k.data)))
      fi.evidence.push_back(std::move(s));
  }
}

void check_used_after_init(const Model& m, Reporter& report) {
  check_code(m, report);
  check_data(m, report);
}

}  // namespace

void add_init_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"init/used-after-init", 4001, Severity::Error,
        "INIT code or data reachable after initialization",
        "The INIT section is discarded when DriverEntry (or the registered reinitialize "
        "routine) returns. A function there that is registered as a callback, or called by "
        "code that runs later, executes freed memory; INIT data whose address is kept in an "
        "object or a global is read after it is gone. Move such code to PAGE and such data "
        "out of INIT.",
        "docs/rules/init-used-after-init.md"},
       check_used_after_init});
}

}  // namespace pagewise
