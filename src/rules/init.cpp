// init/used-after-init: "INIT is discarded as soon as DriverEntry (or the Reinitialize routine the
// driver registered) returns: nothing that can run after that may live in INIT — no registered
// callback, no function called from code that runs later, and no INIT data whose address outlives
// initialization."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmlockpagablecodesection
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmlockpagabledatasection
// paging-rules.md §1.4.

#include <unordered_set>

#include "analysis/evidence.hpp"
#include "analysis/resolve.hpp"
#include "analysis/roles.hpp"
#include "knowledge/roles.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `text` uses the address of `name` (so a pointer into it can be kept): `&name...`, or
// `name` itself when it is an array or a pointer (`decays`): a scalar or structure is copied.
// Reading a member or an element
// (`name.Field`, `name[i]`) copies a value and keeps nothing.
bool takes_address(const std::string& text, const std::string& name, bool decays) {
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    bool before = at == 0 || !ident_char(text[at - 1]);
    size_t end = at + name.size();
    bool after = end >= text.size() || !ident_char(text[end]);
    if (!before || !after) continue;
    size_t k = at;
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '(')) --k;
    bool address_of = k > 0 && text[k - 1] == '&' && (k < 2 || text[k - 2] != '&');
    size_t j = end;
    while (j < text.size() && text[j] == ' ') ++j;
    bool member =
        j < text.size() && (text[j] == '.' || text[j] == '[' ||
                            (text[j] == '-' && j + 1 < text.size() && text[j + 1] == '>'));
    if (address_of || (!member && decays)) return true;
  }
  return false;
}

void check_code(const Model& m, std::vector<Finding>& out) {
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
      Finding out_f;
      out_f.rule_id = "init/used-after-init";
      out_f.severity = Severity::Error;
      out_f.file = p.path(f);
      out_f.pos = fn.name_pos;
      out_f.function = fn.name;
      out_f.unit = p.unit->name;
      out_f.message = "'" + fn.name +
                      "' is in INIT, which is discarded when initialization ends, but " + why +
                      "; move it to PAGE (or leave it resident)";
      out_f.evidence = later_path(m, id);
      for (EvidenceStep& s : placement_evidence(p, p.placement_of(id)))
        out_f.evidence.push_back(std::move(s));
      out.push_back(std::move(out_f));
    }
}

// INIT data whose address is stored where it outlives initialization: into a field of an object
// or into a global, directly or through RtlInit*String (which keeps the source pointer).
void check_data(const Model& m, std::vector<Finding>& out) {
  const Program& p = m.program;
  struct InitData {
    std::string name;
    uint32_t file;
    uint32_t index;
    bool decays;  // an array or pointer: its bare name is an address
  };
  std::vector<InitData> init_data;
  std::unordered_set<std::string> globals;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->data.size(); ++i) {
      const DataItem& d = p.files[f]->data[i];
      if (p.by_name.count(d.name)) continue;  // a role declaration, not data
      globals.insert(d.name);
      if (p.data_placement[f][i].cls == SectionClass::Init)
        init_data.push_back({d.name, f, i, d.is_array || d.is_pointer});
    }
  if (init_data.empty()) return;
  auto report = [&](FunctionId id, Pos pos, const InitData& d, const std::string& where) {
    Finding fi;
    fi.rule_id = "init/used-after-init";
    fi.severity = Severity::Error;
    fi.file = p.path(id.file);
    fi.pos = pos;
    fi.function = p.function(id).name;
    fi.unit = p.unit->name;
    fi.message =
        "INIT data '" + d.name + "' is stored in " + where +
        ", which outlives initialization; INIT is discarded when DriverEntry returns: copy the "
        "data, or move '" +
        d.name + "' out of INIT";
    fi.evidence.push_back(
        {p.path(d.file), p.files[d.file]->data[d.index].pos, "'" + d.name + "' is defined here"});
    for (EvidenceStep& s : placement_evidence(p, p.data_placement[d.file][d.index]))
      fi.evidence.push_back(std::move(s));
    out.push_back(std::move(fi));
  };
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const Function& fn = p.files[f]->functions[i];
      std::unordered_set<std::string> locals;
      for (const LocalObject& l : fn.locals) locals.insert(l.name);
      for (const Assignment& a : fn.assignments) {
        bool field = a.lhs.find("->") != std::string::npos || a.lhs.find('.') != std::string::npos;
        std::string base = a.lhs.substr(0, a.lhs.find_first_of("-.["));
        bool global = !field && globals.count(base) && !locals.count(base);
        if (!field && !global) continue;
        for (const InitData& d : init_data)
          if (takes_address(a.rhs, d.name, d.decays))
            report({f, i}, a.pos, d, field ? "'" + a.lhs + "'" : "the global '" + a.lhs + "'");
      }
      // Read by code that runs after initialization.
      const FunctionInference& inf = m.inferred[f][i];
      if (inf.later.set && p.placement[f][i].cls != SectionClass::Init) {
        std::unordered_set<std::string> reported;
        for (const NameUse& u : fn.uses) {
          if (u.field) continue;
          const std::string& name = p.files[f]->names[u.name];
          for (const InitData& d : init_data) {
            if (d.name != name || !reported.insert(name).second) continue;
            Finding fi;
            fi.rule_id = "init/used-after-init";
            fi.severity = Severity::Error;
            fi.file = p.path(f);
            fi.pos = u.pos;
            fi.function = fn.name;
            fi.unit = p.unit->name;
            fi.message = "INIT data '" + name + "' is used in '" + fn.name +
                         "', which runs after initialization, "
                         "when INIT is already discarded; move '" +
                         name + "' out of INIT";
            fi.evidence = later_path(m, {f, i});
            fi.evidence.push_back({p.path(d.file), p.files[d.file]->data[d.index].pos,
                                   "'" + name + "' is defined here"});
            for (EvidenceStep& s : placement_evidence(p, p.data_placement[d.file][d.index]))
              fi.evidence.push_back(std::move(s));
            out.push_back(std::move(fi));
          }
        }
      }
      for (const Call& c : fn.calls) {
        if (c.callee != "RtlInitUnicodeString" && c.callee != "RtlInitAnsiString" &&
            c.callee != "RtlInitString")
          continue;
        if (c.args.size() < 2) continue;
        std::string dest = strip_address_of(c.args[0]);
        bool field = dest.find("->") != std::string::npos || dest.find('.') != std::string::npos;
        bool global =
            globals.count(dest.substr(0, dest.find_first_of("-.["))) && !locals.count(dest);
        if (!field && !global) continue;
        for (const InitData& d : init_data)
          if (takes_address(c.args[1], d.name, d.decays))
            report({f, i}, c.pos, d, "'" + dest + "' by " + c.callee);
      }
    }
}

void check_used_after_init(const Model& m, std::vector<Finding>& out) {
  check_code(m, out);
  check_data(m, out);
}

}  // namespace

void add_init_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"init/used-after-init", Severity::Error, "INIT code or data reachable after initialization",
        "The INIT section is discarded when DriverEntry (or the registered reinitialize "
        "routine) returns. A function there that is registered as a callback, or called by "
        "code that runs later, executes freed memory; INIT data whose address is kept in an "
        "object or a global is read after it is gone. Move such code to PAGE and such data "
        "out of INIT.",
        "docs/rules/init-used-after-init.md"},
       check_used_after_init});
}

}  // namespace pagewise
