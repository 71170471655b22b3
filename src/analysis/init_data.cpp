#include "analysis/init_data.hpp"

#include <cctype>
#include <unordered_set>

#include "analysis/resolve.hpp"

namespace pagewise {

namespace {

struct InitGlobal {
  DataId id;
  std::string name;
  bool decays;  // an array or pointer: its bare name is an address
};

// The unit's globals by name, and those of them placed in INIT.
struct UnitGlobals {
  std::unordered_set<std::string> names;
  std::vector<InitGlobal> init;
};

UnitGlobals unit_globals(const Program& p) {
  UnitGlobals out;
  for (DataId g : p.globals) {
    const DataItem& d = p.data(g);
    out.names.insert(d.name);
    if (p.placement_of(g).cls == SectionClass::Init)
      out.init.push_back({g, d.name, d.is_array || d.is_pointer});
  }
  return out;
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `text` uses the address of `name` (so a pointer into it can be kept): `&name...`, or
// `name` itself when it is an array or a pointer (`decays`): a scalar or structure is copied.
// Reading a member or an element (`name.Field`, `name[i]`) copies a value and keeps nothing.
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

std::string base_name(const std::string& expression) {
  return expression.substr(0, expression.find_first_of("-.["));
}

// One fact for each INIT global whose address `value` holds, stored into `holder` at `pos`.
void address_stored(const UnitGlobals& globals, FunctionId id, Pos pos, const std::string& value,
                    const std::string& holder, bool global, const std::string& through,
                    std::vector<InitDataKept>& out) {
  for (const InitGlobal& g : globals.init)
    if (takes_address(value, g.name, g.decays))
      out.push_back({InitDataKept::How::AddressStored, g.id, id, pos, holder, global, through});
}

// `ext->Name = g_InitName;`, `g_Saved = &g_InitTable;`: a field, or a global the function does not
// shadow with a local.
void stored_by_assignment(const Program& p, const UnitGlobals& globals, FunctionId id,
                          const std::unordered_set<std::string>& locals,
                          std::vector<InitDataKept>& out) {
  for (const Assignment& a : p.function(id).assignments) {
    bool field = names_field(a.lhs);
    std::string base = base_name(a.lhs);
    bool global = !field && globals.names.count(base) && !locals.count(base);
    if (field || global) address_stored(globals, id, a.pos, a.rhs, a.lhs, global, "", out);
  }
}

// RtlInitUnicodeString(&ext->Name, g_InitName) keeps the pointer it is given, not a copy.
void stored_by_rtl_init(const Program& p, const UnitGlobals& globals, FunctionId id,
                        const std::unordered_set<std::string>& locals,
                        std::vector<InitDataKept>& out) {
  for (const Call& c : p.function(id).calls) {
    if (c.callee != "RtlInitUnicodeString" && c.callee != "RtlInitAnsiString" &&
        c.callee != "RtlInitString")
      continue;
    if (c.args.size() < 2) continue;
    std::string dest = strip_address_of(c.args[0]);
    bool field = names_field(dest);
    bool global = globals.names.count(base_name(dest)) && !locals.count(dest);
    if (field || global) address_stored(globals, id, c.pos, c.args[1], dest, !field, c.callee, out);
  }
}

// INIT globals read by a function outside INIT that runs after initialization, once per name.
void read_later(const Model& m, const UnitGlobals& globals, FunctionId id,
                std::vector<InitDataKept>& out) {
  const Program& p = m.program;
  if (!m.at(id).later.set || p.placement_of(id).cls == SectionClass::Init) return;
  std::unordered_set<std::string> reported;
  for (const NameUse& u : p.function(id).uses) {
    if (u.field || u.local) continue;
    const std::string& name = p.files[id.file]->names[u.name];
    for (const InitGlobal& g : globals.init)
      if (g.name == name && reported.insert(name).second)
        out.push_back({InitDataKept::How::ReadLater, g.id, id, u.pos, "", false, ""});
  }
}

}  // namespace

void find_init_data_kept(Model& m) {
  const Program& p = m.program;
  m.init_data_kept.clear();
  UnitGlobals globals = unit_globals(p);
  if (globals.init.empty()) return;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      std::unordered_set<std::string> locals;
      for (const LocalObject& l : p.function(id).locals) locals.insert(l.name);
      stored_by_assignment(p, globals, id, locals, m.init_data_kept);
      read_later(m, globals, id, m.init_data_kept);
      stored_by_rtl_init(p, globals, id, locals, m.init_data_kept);
    }
}

}  // namespace pagewise
