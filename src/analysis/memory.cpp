#include "analysis/memory.hpp"

#include <set>

#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"

namespace pagewise {

namespace {

std::set<std::string> global_names(const Program& p) {
  std::set<std::string> out;
  for (DataId g : p.globals) out.insert(p.data(g).name);
  return out;
}

// Globals in pageable data sections. A section locked where the device opens stays in memory
// while it can be used (though not through a power transition: in_pageable_sections keeps them).
void section_globals(const Model& m, PagedMemory& out) {
  const Program& p = m.program;
  for (DataId g : p.globals) {
    const DataItem& d = p.data(g);
    const Placement& pl = p.placement_of(g);
    if (pl.cls == SectionClass::Pageable) out.in_pageable_sections.insert(d.name);
    bool locked_while_open = false;
    for (const SectionLock& l : m.section_locks)
      locked_while_open |= l.section == pl.section && l.while_open;
    if (pl.cls == SectionClass::Pageable && !locked_while_open)
      out.globals[d.name] = {"'" + d.name + "' is in pageable data section " + pl.section, g.file,
                             d.pos};
  }
}

// A local holding paged pool, followed into the fields and globals it is stored in
// (`ext->Log = log;`).
void follow_local(const Function& fn, uint32_t f, const Call& c, const std::string& local,
                  const std::set<std::string>& globals, PagedMemory& out) {
  for (const Assignment& a : fn.assignments) {
    if (a.pos.offset <= c.pos.offset || plain_name(a.rhs) != local) continue;
    std::string how =
        "'" + a.lhs + "' receives paged pool from " + c.callee + " through '" + local + "'";
    if (names_field(a.lhs))
      out.fields.emplace(last_member(a.lhs), PagedStore{how, f, a.pos});
    else if (globals.count(a.lhs))
      out.globals.emplace(a.lhs, PagedStore{how, f, a.pos});
  }
}

// Memory from pool call `c`, stored in a global or a structure field. A field that also receives
// nonpaged pool is noted in `nonpaged_fields`.
void follow_allocation(const Function& fn, uint32_t f, const Call& c,
                       const std::set<std::string>& globals, PagedMemory& out,
                       std::set<std::string>& nonpaged_fields) {
  const PoolApi* api = find_pool_api(c.callee);
  if (!api) return;
  // Lookaside-list set-up returns a status, not memory: only allocations are followed.
  if (std::string_view(api->name).find("Lookaside") != std::string_view::npos &&
      api->kind != PoolApi::Kind::AlwaysPaged)
    return;
  bool has_pool_arg = api->arg >= 0 && static_cast<size_t>(api->arg) < c.args.size();
  bool paged = api->kind == PoolApi::Kind::AlwaysPaged ||
               (has_pool_arg && allocates_paged_pool(*api, c.args[api->arg]));
  std::string target = c.result_to;
  if (api->result_arg >= 0 && static_cast<size_t>(api->result_arg) < c.args.size())
    target = strip_address_of(c.args[api->result_arg]);
  if (target.empty()) return;
  bool field = names_field(target);
  if (!field && !globals.count(target)) {
    if (paged) follow_local(fn, f, c, target, globals, out);
    return;
  }
  std::string why = "'" + target + "' receives paged pool from " + c.callee + "(" +
                    (has_pool_arg ? c.args[api->arg] : "") + ")";
  if (field) {
    std::string name = last_member(target);
    if (paged)
      out.fields.emplace(name, PagedStore{why, f, c.pos});
    else
      nonpaged_fields.insert(name);
  } else if (paged) {
    out.globals.emplace(target, PagedStore{why, f, c.pos});
  }
}

// A field name that also receives other values (`Irp->IoStatus.Information = 0` next to
// `ctx->Information = ExAllocatePool2(POOL_FLAG_PAGED, ...)`) names several fields: matched by
// name alone it would be a guess, so it is dropped. NULL and 0 (clearing a freed buffer) are fine.
void drop_ambiguous_fields(const Program& p, PagedMemory& out,
                           std::set<std::string>& nonpaged_fields) {
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (const Function& fn : p.files[f]->functions)
      for (const Assignment& a : fn.assignments) {
        if (a.op != "=" || a.lhs.find_first_of(".>") == std::string::npos) continue;
        std::string name = last_member(a.lhs);
        auto it = out.fields.find(name);
        if (it == out.fields.end()) continue;
        const std::string& rhs = a.rhs;
        if (rhs == "NULL" || rhs == "0" || rhs == "nullptr" || rhs == "(PVOID)NULL") continue;
        bool allocation = false;
        for (const Call& c : fn.calls)
          if (find_pool_api(c.callee) && rhs.find(c.callee) != std::string::npos) allocation = true;
        if (allocation || it->second.why.find("'" + a.lhs + "'") != std::string::npos) continue;
        if (it->second.file == f && it->second.pos.line == a.pos.line) continue;
        nonpaged_fields.insert(name);
      }
  for (const std::string& n : nonpaged_fields) out.fields.erase(n);
}

bool holds_sync_object(const Program& p, const std::string& type) {
  if (is_sync_object_type(type)) return true;
  for (const FileFacts* ff : p.files)
    for (const ClassDecl& c : ff->classes) {
      bool named = c.name == type;
      for (const std::string& a : c.aliases) named |= a == type;
      if (!named) continue;
      for (const std::string& t : c.field_types)
        if (is_sync_object_type(t)) return true;
    }
  return false;
}

// Synchronization objects in pageable data sections, directly or as members of a structure; in
// a driver that pages itself entirely (MmPageEntireDriver), every section is pageable.
void sync_objects(const Model& m, PagedMemory& out) {
  const Program& p = m.program;
  bool pages_itself = !m.entire_driver.pages.empty();
  for (DataId g : p.globals) {
    const DataItem& d = p.data(g);
    const Placement& pl = p.placement_of(g);
    if (d.is_extern || d.is_pointer) continue;
    bool entire_driver = pages_itself && pl.cls == SectionClass::Resident;
    if (pl.cls != SectionClass::Pageable && !entire_driver) continue;
    if (holds_sync_object(p, d.type)) out.sync_objects.push_back({g.file, g.index, entire_driver});
  }
}

// User buffers of neither-buffered-nor-direct I/O: valid only in the requester's thread, at
// PASSIVE_LEVEL, unless locked.
bool is_user_buffer_field(const std::string& name) {
  return name == "UserBuffer" || name == "Type3InputBuffer";
}

// Setting up an IRP for a lower driver (`next->...Type3InputBuffer = kernelPtr`) is not touching
// a user buffer.
bool sets_lower_irp(const Function& fn, const NameUse& use, const std::string& name) {
  for (const Assignment& a : fn.assignments)
    if (a.pos.line == use.pos.line && last_member(a.lhs) == name && a.lhs.front() != '*' &&
        a.lhs.find('[') == std::string::npos)
      return true;
  return false;
}

void touches_in(const Model& m, FunctionId id, PagedMemory& out) {
  const Program& p = m.program;
  const Function& fn = p.function(id);
  const FileFacts& ff = *p.files[id.file];
  const FunctionInference& inf = m.at(id);
  for (uint32_t u = 0; u < fn.uses.size(); ++u) {
    const NameUse& use = fn.uses[u];
    PagedTouch t;
    t.function = id;
    t.use = u;
    t.name = ff.names[use.name];
    const auto& stores = use.field ? out.fields : out.globals;
    auto it = stores.find(t.name);
    if (it != stores.end()) {
      t.has_store = true;
      t.store = it->second;
    } else if (use.field && is_user_buffer_field(t.name)) {
      if (sets_lower_irp(fn, use, t.name)) continue;
      t.user_buffer = true;
    } else {
      continue;
    }
    for (uint32_t r = 0; r < inf.raised_uses.size(); ++r)
      if (inf.raised_uses[r].use == u && inf.raised_uses[r].local >= Irql::Dispatch)
        t.raised_use = static_cast<int32_t>(r);
    out.touches.push_back(std::move(t));
  }
}

}  // namespace

void find_paged_memory(Model& m) {
  const Program& p = m.program;
  PagedMemory& out = m.memory;
  out = PagedMemory();
  std::set<std::string> globals = global_names(p);
  section_globals(m, out);
  std::set<std::string> nonpaged_fields;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (const Function& fn : p.files[f]->functions)
      for (const Call& c : fn.calls) follow_allocation(fn, f, c, globals, out, nonpaged_fields);
  drop_ambiguous_fields(p, out, nonpaged_fields);
  sync_objects(m, out);
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) touches_in(m, {f, i}, out);
}

}  // namespace pagewise
