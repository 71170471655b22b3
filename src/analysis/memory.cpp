#include "analysis/memory.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "analysis/field_path.hpp"
#include "analysis/pnp_query.hpp"
#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"
#include "text/text.hpp"

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

// Where paged pool is stored: a global pointer, or a field of one of the unit's structures (by its
// FieldPaths key). A field of a system structure (an IRP's IoStatus.Information) holds a value
// per instance, so storing paged pool in one instance says nothing about the others: no fact.
struct Stores {
  const FieldPaths& paths;
  const std::set<std::string>& globals;
  PagedMemory& out;
  std::set<std::string> nonpaged_fields;

  void paged(const Function& fn, const std::string& target, PagedStore store) {
    store.designates = true;
    if (names_field(target)) {
      std::string key = paths.key(target, fn);
      if (!key.empty()) out.fields.emplace(key, std::move(store));
    } else if (globals.count(target)) {
      out.globals.emplace(target, std::move(store));
    }
  }
};

// A local holding paged memory since offset `after` (`from`: "paged pool from ExAllocatePool2"),
// followed into the fields and globals it is stored in (`ext->Log = log;`).
void follow_local(const Function& fn, uint32_t f, uint32_t after, const std::string& from,
                  const std::string& local, Stores& stores) {
  for (const Assignment& a : fn.assignments) {
    if (a.pos.offset <= after || plain_name(a.rhs) != local) continue;
    stores.paged(fn, a.lhs,
                 {"'" + a.lhs + "' receives " + from + " through '" + local + "'", f, a.pos});
  }
}

// `sizeof(TYPE)` in a size argument: the structure allocated (an array of them, or one followed by
// more bytes, is still that structure). "" when the size names no type.
std::string allocated_type(const Call& c, const PoolApi& api) {
  if (api.size_arg < 0 || static_cast<size_t>(api.size_arg) >= c.args.size()) return {};
  const std::string& size = c.args[api.size_arg];
  size_t at = size.find("sizeof");
  if (at == std::string::npos) return {};
  size_t open = size.find_first_not_of(' ', at + 6);
  if (open == std::string::npos || size[open] != '(') return {};
  size_t close = size.find(')', open);
  if (close == std::string::npos) return {};
  std::string type = size.substr(open + 1, close - open - 1);
  if (type.find('*') != std::string::npos) return {};  // sizeof(*ctx), sizeof(PVOID *)
  return type;
}

bool holds_sync_object(const Program& p, const std::string& type, uint32_t from);

// Where the memory of pool call `c` goes: the variable or field its value or out-parameter is
// stored in ("" when it is not stored).
std::string allocation_target(const Call& c, const PoolApi& api) {
  if (api.result_arg >= 0 && static_cast<size_t>(api.result_arg) < c.args.size())
    return strip_address_of(c.args[api.result_arg]);
  return c.result_to;
}

// Whether `fn`, after allocating into `target`, hands the address of a member of the block to a
// routine (`KeInitializeEvent(&ctx->Done, ...)`): a kernel object is then set up in it.
bool sets_up_member(const FileFacts& ff, const Function& fn, const Call& c,
                    const std::string& target) {
  if (target.empty()) return false;
  for (const NameUse& u : fn.uses) {
    if (!u.field || !u.address_taken || u.pos.offset <= c.pos.offset) continue;
    if (u.access != NameUse::Access::Argument) continue;
    const std::string& path = ff.names[u.path];
    if (path.starts_with(target + "->") || path.starts_with(target + ".")) return true;
  }
  return false;
}

// A paged-pool allocation of a structure that holds a synchronization object.
void sync_object_in_pool(const Program& p, FunctionId id, const Call& c, const PoolApi& api,
                         PagedMemory& out) {
  std::string type = allocated_type(c, api);
  if (type.empty() || !holds_sync_object(p, type, id.file)) return;
  PageableSyncObject o;
  o.set_up_here = sets_up_member(*p.files[id.file], p.function(id), c, allocation_target(c, api));
  o.file = id.file;
  o.allocation = true;
  o.function = id;
  o.pos = c.pos;
  o.type = type;
  o.how = c.callee + (api.arg >= 0 && static_cast<size_t>(api.arg) < c.args.size()
                          ? "(" + c.args[api.arg] + ", ...)"
                          : "");
  out.sync_objects.push_back(std::move(o));
}

// Calls of the unit's own functions that hand their caller paged memory, by caller and call
// offset: the argument that receives it (-1: the value returned) and why it is paged.
struct HandedMemory {
  int arg = -1;
  std::string why;  // "MakeLog, which returns paged pool from ExAllocatePool2(POOL_FLAG_PAGED)"
};
using HandedCalls = std::map<std::tuple<uint32_t, uint32_t, uint32_t>, HandedMemory>;

// Paged memory a call yields: where it goes (the variable or field the value or out-parameter
// names) and where it comes from. `through` is the out-parameter argument as written, when the
// memory is written through it.
struct PagedResult {
  std::string target;
  std::string from;
  std::string through;
};

std::string pool_call_text(const Call& c, const PoolApi& api) {
  bool has_arg = api.arg >= 0 && static_cast<size_t>(api.arg) < c.args.size();
  return c.callee + "(" + (has_arg ? c.args[api.arg] : "") + ")";
}

PagedResult through_argument(const Call& c, int arg, std::string from) {
  if (arg < 0) return {c.result_to, std::move(from), ""};
  if (static_cast<size_t>(arg) >= c.args.size()) return {};
  return {strip_address_of(c.args[arg]), std::move(from), c.args[arg]};
}

// A paged-pool allocation, a system routine documented to return paged memory
// (IoGetDeviceInterfaces), or a call of the unit's own function that hands paged memory back.
std::optional<PagedResult> paged_result(FunctionId id, const Call& c, const HandedCalls& handed) {
  if (const PoolApi* api = find_pool_api(c.callee)) {
    bool has_arg = api->arg >= 0 && static_cast<size_t>(api->arg) < c.args.size();
    bool paged = api->kind == PoolApi::Kind::AlwaysPaged ||
                 (has_arg && allocates_paged_pool(*api, c.args[api->arg]));
    if (!paged || api->list_setup) return std::nullopt;
    return through_argument(c, api->result_arg, pool_call_text(c, *api));
  }
  if (const PagedResultApi* api = find_paged_result_api(c.callee))
    return through_argument(c, api->result_arg, c.callee + " (documented to return paged memory)");
  auto h = handed.find({id.file, id.index, c.pos.offset});
  if (h == handed.end()) return std::nullopt;
  return through_argument(c, h->second.arg, h->second.why);
}

int parameter_index(const Function& fn, const std::string& name) {
  for (size_t i = 0; i < fn.parameters.size(); ++i)
    if (fn.parameters[i] == name) return static_cast<int>(i);
  return -2;  // not a parameter (-1 means the return value)
}

// The parameter `*Out = ...` writes through, or -2.
int written_parameter(const Function& fn, const std::string& lhs) {
  if (lhs.size() < 2 || lhs[0] != '*') return -2;
  return parameter_index(fn, plain_name(lhs.substr(1)));
}

// How `fn` hands paged memory to its callers: returning it, or writing it through a pointer
// parameter (`*Out = buffer;`, or passing `Out` on as the out-parameter of an allocation). One
// hand-off per function: the first found, with why.
std::optional<HandedMemory> hand_off(const Program& p, FunctionId id, const HandedCalls& handed,
                                     const std::set<std::string>& globals) {
  const Function& fn = p.function(id);
  // A helper that also allocates other pool (`flags & PAGED ? PagedPool : NonPagedPool`, a pool
  // type its caller passes) hands back paged memory on some calls only: which is not known.
  for (const Call& c : fn.calls)
    if (const PoolApi* api = find_pool_api(c.callee))
      if (!api->list_setup && !paged_result(id, c, handed)) return std::nullopt;
  std::map<std::string, std::string> locals;  // local → where its paged memory comes from
  for (const Call& c : fn.calls) {
    std::optional<PagedResult> r = paged_result(id, c, handed);
    if (!r) continue;
    // `return (PULONG)ExAllocatePool2(POOL_FLAG_PAGED, ...);`: returned without being stored.
    if (r->through.empty() && c.result_to.empty())
      for (const std::string& value : fn.returned)
        if (value.find(c.callee + "(") != std::string::npos)
          return HandedMemory{-1, "returns paged pool from " + r->from};
    if (r->target.empty()) continue;
    int out = r->through.empty() ? written_parameter(fn, r->target)
                                 : parameter_index(fn, r->through);  // `Out` passed on as is
    if (out >= 0)
      return HandedMemory{out, "writes paged pool from " + r->from + " through '" +
                                   fn.parameters[static_cast<size_t>(out)] + "'"};
    if (!names_field(r->target) && !globals.count(r->target)) locals[r->target] = r->from;
  }
  for (const std::string& value : fn.returned)
    if (auto l = locals.find(plain_name(value)); l != locals.end())
      return HandedMemory{-1, "returns paged pool from " + l->second + " (in '" + l->first + "')"};
  for (const Assignment& a : fn.assignments) {
    int out = a.op == "=" ? written_parameter(fn, a.lhs) : -2;
    auto l = locals.find(plain_name(a.rhs));
    if (out >= 0 && l != locals.end())
      return HandedMemory{out, "writes paged pool from " + l->second + " through '" +
                                   fn.parameters[static_cast<size_t>(out)] + "'"};
  }
  return std::nullopt;
}

bool is_local(const Function& fn, const std::string& name) {
  for (const LocalObject& l : fn.locals)
    if (l.name == name) return true;
  return false;
}

// Where a memory object's handle is kept, as a key: a field's FieldPaths key, a global's name, or
// a local's "file:function:name"; "" when none of these.
std::string handle_key(const FieldPaths& paths, const std::set<std::string>& globals, FunctionId id,
                       const Function& fn, const std::string& place) {
  if (names_field(place)) return paths.key(place, fn);
  if (globals.count(place)) return place;
  if (!is_local(fn, place)) return {};
  return std::to_string(id.file) + ":" + std::to_string(id.index) + ":" + place;
}

// Memory objects created from paged pool (WdfMemoryCreate(..., PagedPool, ..., &ctx->History,
// ...)), by where their handle is kept, with the creating call; a place that also receives an
// object of other pool is dropped.
std::map<std::string, std::string> paged_memory_objects(const Program& p, const FieldPaths& paths,
                                                        const std::set<std::string>& globals) {
  std::map<std::string, std::string> paged;
  std::set<std::string> other;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const Call& c : p.files[f]->functions[i].calls) {
        const PoolApi* api = find_pool_api(c.callee);
        if (!api || api->handle_arg < 0 || static_cast<size_t>(api->handle_arg) >= c.args.size())
          continue;
        std::string key = handle_key(paths, globals, {f, i}, p.files[f]->functions[i],
                                     strip_address_of(c.args[api->handle_arg]));
        bool has_arg = api->arg >= 0 && static_cast<size_t>(api->arg) < c.args.size();
        if (has_arg && allocates_paged_pool(*api, c.args[api->arg]))
          paged.emplace(key, pool_call_text(c, *api));
        else
          other.insert(key);
      }
  for (const std::string& k : other) paged.erase(k);
  paged.erase("");
  return paged;
}

// Calls that return the buffer of a memory object created from paged pool
// (`WdfMemoryGetBuffer(ctx->History, NULL)`): each hands its caller paged memory.
HandedCalls object_buffer_calls(const Program& p, const FieldPaths& paths,
                                const std::set<std::string>& globals) {
  HandedCalls handed;
  std::map<std::string, std::string> objects = paged_memory_objects(p, paths, globals);
  if (objects.empty()) return handed;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const Call& c : p.files[f]->functions[i].calls) {
        const ObjectBufferApi* api = find_object_buffer_api(c.callee);
        if (!api || static_cast<size_t>(api->handle_arg) >= c.args.size()) continue;
        const std::string& handle = c.args[api->handle_arg];
        auto o = objects.find(handle_key(paths, globals, {f, i}, p.files[f]->functions[i],
                                         squeeze(without_casts(handle))));
        if (o == objects.end()) continue;
        handed.emplace(std::make_tuple(f, i, c.pos.offset),
                       HandedMemory{-1, c.callee + ", the buffer of memory object '" + handle +
                                            "' created by " + o->second});
      }
  return handed;
}

// The calls that receive paged memory from the unit's own functions, through any number of them
// (a helper of a helper), besides those `handed` already holds: repeated until nothing changes,
// bounded by the depth of the chains.
HandedCalls handed_calls(const Model& m, const std::set<std::string>& globals, HandedCalls handed) {
  const Program& p = m.program;
  constexpr int kMaxDepth = 8;
  for (int round = 0; round < kMaxDepth; ++round) {
    size_t before = handed.size();
    for (uint32_t f = 0; f < p.files.size(); ++f)
      for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
        std::optional<HandedMemory> h = hand_off(p, {f, i}, handed, globals);
        auto callers = m.callers.find({f, i});
        if (!h || callers == m.callers.end()) continue;
        h->why = "'" + p.function({f, i}).name + "', which " + h->why;
        for (const CallerSite& site : callers->second)
          handed.emplace(std::make_tuple(site.caller.file, site.caller.index, site.pos.offset), *h);
      }
    if (handed.size() == before) break;
  }
  return handed;
}

// Memory another routine hands back (not an allocation routine of the pool table), stored in a
// global or a field, or in a local then stored.
void follow_handed(const Program& p, FunctionId id, const Call& c, const PagedResult& r,
                   Stores& stores) {
  if (r.target.empty()) return;
  const Function& fn = p.function(id);
  if (!names_field(r.target) && !stores.globals.count(r.target)) {
    follow_local(fn, id.file, c.pos.offset, "paged pool from " + c.callee, r.target, stores);
    return;
  }
  stores.paged(fn, r.target,
               {"'" + r.target + "' receives paged memory from " + r.from, id.file, c.pos});
}

// Memory from pool call `c`, stored in a global or a structure field. A field that also receives
// nonpaged pool is noted in `nonpaged_fields`.
void follow_allocation(const Program& p, FunctionId id, const Call& c, Stores& stores,
                       const HandedCalls& handed) {
  const PoolApi* api = find_pool_api(c.callee);
  if (!api) {
    if (std::optional<PagedResult> r = paged_result(id, c, handed))
      follow_handed(p, id, c, *r, stores);
    return;
  }
  bool has_pool_arg = api->arg >= 0 && static_cast<size_t>(api->arg) < c.args.size();
  bool paged = api->kind == PoolApi::Kind::AlwaysPaged ||
               (has_pool_arg && allocates_paged_pool(*api, c.args[api->arg]));
  if (paged) sync_object_in_pool(p, id, c, *api, stores.out);
  if (api->list_setup) return;  // returns a status, not memory
  const Function& fn = p.function(id);
  std::string target = allocation_target(c, *api);
  if (target.empty()) return;
  bool field = names_field(target);
  if (!field && !stores.globals.count(target)) {
    if (paged)
      follow_local(fn, id.file, c.pos.offset, "paged pool from " + c.callee, target, stores);
    return;
  }
  if (paged)
    stores.paged(fn, target,
                 {"'" + target + "' receives paged pool from " + c.callee + "(" +
                      (has_pool_arg ? c.args[api->arg] : "") + ")",
                  id.file, c.pos});
  else if (field)
    stores.nonpaged_fields.insert(stores.paths.key(target, fn));
}

std::string pnp_answer(const PagedPnpQuery& q) {
  return "the answer to " + std::string(q.minor) +
         ", which the answering driver allocates from paged memory (" + q.source + ")";
}

// The answer to a paged PnP query (`relations = (PDEVICE_RELATIONS)Irp->IoStatus.Information;`)
// that assignment `a` stores, or nullptr.
const PagedPnpQuery* stored_pnp_answer(const FileFacts& ff, const Function& fn,
                                       const Assignment& a) {
  if (a.op != "=" || !reads_status_information(fn, a.rhs)) return nullptr;
  return pnp_query_at(ff, fn, a.pos.offset);
}

// PnP answers kept in a global or a field, or in a local then stored there.
void follow_pnp_answers(const Program& p, FunctionId id, Stores& stores) {
  const Function& fn = p.function(id);
  for (const Assignment& a : fn.assignments) {
    const PagedPnpQuery* q = stored_pnp_answer(*p.files[id.file], fn, a);
    if (!q) continue;
    if (names_field(a.lhs) || stores.globals.count(a.lhs))
      stores.paged(fn, a.lhs, {"'" + a.lhs + "' receives " + pnp_answer(*q), id.file, a.pos});
    else
      follow_local(fn, id.file, a.pos.offset, pnp_answer(*q), plain_name(a.lhs), stores);
  }
}

// A field that also receives other values (`ext->Buffer = Irp->AssociatedIrp.SystemBuffer` next
// to `ext->Buffer = ExAllocatePool2(POOL_FLAG_PAGED, ...)`) does not always point to paged pool:
// which value it holds where it is touched is a guess, so it is dropped. NULL and 0 (clearing a
// freed buffer) are fine.
void drop_ambiguous_fields(const Program& p, Stores& stores, const HandedCalls& handed) {
  PagedMemory& out = stores.out;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (const Function& fn : p.files[f]->functions)
      for (const Assignment& a : fn.assignments) {
        if (a.op != "=" || a.lhs.find_first_of(".>") == std::string::npos) continue;
        // `ext->Log[i] = x` and `*ext->Log = x` write the memory the field points to.
        if (a.lhs.back() == ']' || a.lhs.front() == '*') continue;
        const std::string& rhs = a.rhs;
        if (rhs == "NULL" || rhs == "0" || rhs == "nullptr" || rhs == "(PVOID)NULL") continue;
        std::string key = stores.paths.key(a.lhs, fn);
        auto it = out.fields.find(key);
        if (key.empty() || it == out.fields.end()) continue;
        bool allocation = false;
        uint32_t index = static_cast<uint32_t>(&fn - p.files[f]->functions.data());
        for (const Call& c : fn.calls)
          if (rhs.find(c.callee) != std::string::npos &&
              (find_pool_api(c.callee) || paged_result({f, index}, c, handed)))
            allocation = true;
        if (allocation || it->second.why.find("'" + a.lhs + "'") != std::string::npos) continue;
        if (it->second.file == f && it->second.pos.line == a.pos.line) continue;
        stores.nonpaged_fields.insert(key);
      }
  for (const std::string& n : stores.nonpaged_fields) out.fields.erase(n);
}

namespace {

std::string folder_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// The structures of the unit named `type` that code in `from` means. C++ drivers declare a
// `CONTEXT` in each of several namespaces, which pagewise does not track: when several structures
// share the name, those of the using file win, then those of its folder (where its own headers
// are); a name still shared by several means none surely.
std::vector<const ClassDecl*> structures_named(const Program& p, const std::string& type,
                                               uint32_t from) {
  std::vector<std::pair<uint32_t, const ClassDecl*>> all;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (const ClassDecl& c : p.files[f]->classes) {
      bool named = c.name == type;
      for (const std::string& a : c.aliases) named |= a == type;
      if (named) all.push_back({f, &c});
    }
  auto keep = [&](auto&& pick) {
    std::vector<const ClassDecl*> out;
    for (const auto& [f, c] : all)
      if (pick(f)) out.push_back(c);
    return out;
  };
  std::vector<const ClassDecl*> found = keep([](uint32_t) { return true; });
  if (found.size() <= 1) return found;
  found = keep([&](uint32_t f) { return f == from; });
  if (found.empty())
    found = keep([&](uint32_t f) { return folder_of(p.path(f)) == folder_of(p.path(from)); });
  return found.size() == 1 ? found : std::vector<const ClassDecl*>{};
}

}  // namespace

bool holds_sync_object(const Program& p, const std::string& type, uint32_t from) {
  if (is_sync_object_type(type)) return true;
  for (const ClassDecl* c : structures_named(p, type, from))
    for (const std::string& t : c->field_types)
      if (is_sync_object_type(t)) return true;
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
    if (holds_sync_object(p, d.type, g.file))
      out.sync_objects.push_back({g.file, g.index, entire_driver});
  }
}

// User buffers of neither-buffered-nor-direct I/O: valid only in the requester's thread, at
// PASSIVE_LEVEL, unless locked.
bool is_user_buffer_field(const std::string& name) {
  return name == "UserBuffer" || name == "Type3InputBuffer";
}

// Touching the memory a pointer designates means following it, or handing it to a routine that
// reads or writes through it; testing, copying, returning or storing the pointer touches nothing.
bool follows_pointer(const FileFacts& ff, const NameUse& use) {
  if (use.access == NameUse::Access::Dereference) return true;
  return use.access == NameUse::Access::Argument && !use.address_taken &&
         touches_argument_memory(ff.names[use.callee], use.argument);
}

bool is_null_value(const std::string& rhs) {
  return rhs == "NULL" || rhs == "0" || rhs == "nullptr" || rhs == "(PVOID)NULL";
}

// The locals of a function that hold paged memory, each with the first place it gets it: paged
// pool allocated into it, memory a helper or a system routine hands back into it, or the answer
// to a paged PnP query. A local also assigned any other value but NULL is left out: which one a
// use sees is not known.
std::map<std::string, PagedStore> paged_locals(const Program& p, FunctionId id,
                                               const HandedCalls& handed) {
  const Function& fn = p.function(id);
  const FileFacts& ff = *p.files[id.file];
  std::map<std::string, PagedStore> locals;
  std::set<uint32_t> paged_lines;  // lines of the assignments that give them paged memory
  for (const Call& c : fn.calls) {
    std::optional<PagedResult> r = paged_result(id, c, handed);
    if (!r || r->target.empty() || !is_local(fn, r->target)) continue;
    locals.emplace(r->target,
                   PagedStore{"'" + r->target + "' receives paged memory from " + r->from, id.file,
                              c.pos, true});
    paged_lines.insert(c.pos.line);
  }
  for (const Assignment& a : fn.assignments)
    if (const PagedPnpQuery* q = stored_pnp_answer(ff, fn, a); q && is_local(fn, a.lhs)) {
      locals.emplace(
          a.lhs, PagedStore{"'" + a.lhs + "' receives " + pnp_answer(*q), id.file, a.pos, true});
      paged_lines.insert(a.pos.line);
    }
  for (const Assignment& a : fn.assignments)
    if (a.op == "=" && !paged_lines.count(a.pos.line) && !is_null_value(a.rhs)) locals.erase(a.lhs);
  return locals;
}

// What `source` (a local, a field or a global, as written) designates that is paged, before
// `call` in `id`; nullptr when nothing or not known.
const PagedStore* paged_source(const Program& p, FunctionId id, const Call& call,
                               const std::string& source, const HandedCalls& handed,
                               const Stores& stores, std::map<std::string, PagedStore>& locals) {
  const Function& fn = p.function(id);
  if (is_local(fn, source)) {
    if (locals.empty()) locals = paged_locals(p, id, handed);
    auto it = locals.find(source);
    return it != locals.end() && it->second.pos.offset < call.pos.offset ? &it->second : nullptr;
  }
  auto it = names_field(source) ? stores.out.fields.find(stores.paths.key(source, fn))
                                : stores.out.globals.find(source);
  auto end = names_field(source) ? stores.out.fields.end() : stores.out.globals.end();
  return it != end && it->second.designates ? &it->second : nullptr;
}

// `RtlInitUnicodeString(&ext->Name, buffer)` with a paged buffer: ext->Name.Buffer designates
// it. A string that is a local lives on the stack: its member is not followed.
void follow_aliases(const Program& p, FunctionId id, const HandedCalls& handed, Stores& stores) {
  const Function& fn = p.function(id);
  std::map<std::string, PagedStore> locals;
  for (const Call& c : fn.calls) {
    const AliasingApi* api = find_aliasing_api(c.callee);
    if (!api || static_cast<size_t>(std::max(api->dest_arg, api->source_arg)) >= c.args.size())
      continue;
    std::string dest = strip_address_of(c.args[api->dest_arg]);
    if (!names_field(dest) && !stores.globals.count(dest)) continue;
    std::string source = squeeze(without_casts(c.args[api->source_arg]));
    const PagedStore* from = paged_source(p, id, c, source, handed, stores, locals);
    if (!from) continue;
    std::string member = dest + "." + api->member;
    stores.paged(fn, member,
                 {"'" + member + "' points to '" + source + "' (" + c.callee + "): " + from->why,
                  id.file, c.pos});
  }
}

// The local of `locals` that use `use` follows, if any: the local itself (`*buf`, `buf[i]`,
// RtlCopyMemory(buf, ...)), or the root of a member access (`relations->Count`); only after the
// local got its paged memory.
const PagedStore* local_touched(const FileFacts& ff, const Function& fn, const NameUse& use,
                                const std::map<std::string, PagedStore>& locals,
                                std::string& name) {
  if (locals.empty()) return nullptr;
  if (use.local)
    name = ff.names[use.name];
  else if (use.field && (!use.address_taken || follows_pointer(ff, use)))
    name = member_root(ff.names[use.path]);
  auto it = name.empty() ? locals.end() : locals.find(name);
  if (it == locals.end() || use.pos.offset <= it->second.pos.offset) return nullptr;
  if (use.local && !follows_pointer(ff, use)) return nullptr;
  return is_local(fn, name) ? &it->second : nullptr;
}

// `((PDEVICE_RELATIONS)Irp->IoStatus.Information)->Count`: the answer to a paged PnP query
// followed where it is read.
std::optional<PagedStore> pnp_answer_touched(const FileFacts& ff, const Function& fn,
                                             const NameUse& use, uint32_t file) {
  if (!use.field || ff.names[use.name] != "Information" || !follows_pointer(ff, use))
    return std::nullopt;
  const std::string& path = ff.names[use.path];
  if (!reads_status_information(fn, path)) return std::nullopt;
  const PagedPnpQuery* q = pnp_query_at(ff, fn, use.pos.offset);
  if (!q) return std::nullopt;
  return PagedStore{"'" + path + "' holds " + pnp_answer(*q), file, use.pos, true};
}

// Which paged memory use `u` of function `id` touches, if any: a paged global or field, a local
// holding paged memory, a PnP query's answer, or a user buffer (t.user_buffer).
bool touched_store(const Model& m, const FieldPaths& paths, FunctionId id, uint32_t u,
                   const std::map<std::string, PagedStore>& locals, PagedTouch& t) {
  const Program& p = m.program;
  const Function& fn = p.function(id);
  const FileFacts& ff = *p.files[id.file];
  const PagedMemory& out = m.memory;
  const NameUse& use = fn.uses[u];
  const auto& stores = use.field ? out.fields : out.globals;
  auto it = use.local   ? stores.end()
            : use.field ? out.fields.find(paths.key(ff.names[use.path], fn))
                        : out.globals.find(t.name);
  std::string local;
  if (it != stores.end()) {
    if (it->second.designates && !follows_pointer(ff, use)) return false;
    t.store = it->second;
  } else if (const PagedStore* l = local_touched(ff, fn, use, locals, local)) {
    t.name = local;
    t.store = *l;
  } else if (std::optional<PagedStore> a = pnp_answer_touched(ff, fn, use, id.file)) {
    t.name = ff.names[use.path];
    t.store = std::move(*a);
  } else if (use.field && is_user_buffer_field(t.name) && follows_pointer(ff, use)) {
    t.user_buffer = true;
    return true;
  } else {
    return false;
  }
  t.has_store = true;
  return true;
}

void touches_in(Model& m, const FieldPaths& paths, FunctionId id, const HandedCalls& handed) {
  const Program& p = m.program;
  const Function& fn = p.function(id);
  const FileFacts& ff = *p.files[id.file];
  const FunctionInference& inf = m.at(id);
  PagedMemory& out = m.memory;
  std::map<std::string, PagedStore> locals = paged_locals(p, id, handed);
  for (uint32_t u = 0; u < fn.uses.size(); ++u) {
    const NameUse& use = fn.uses[u];
    PagedTouch t;
    t.function = id;
    t.use = u;
    t.name = ff.names[use.name];
    if (!use.field && !use.local && out.in_pageable_sections.count(t.name))
      out.section_data_uses.push_back(t);
    if (!touched_store(m, paths, id, u, locals, t)) continue;
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
  FieldPaths paths(p);
  section_globals(m, out);
  Stores stores{paths, globals, out, {}};
  HandedCalls handed = handed_calls(m, globals, object_buffer_calls(p, paths, globals));
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const Call& c : p.files[f]->functions[i].calls)
        follow_allocation(p, {f, i}, c, stores, handed);
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      follow_pnp_answers(p, {f, i}, stores);
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      follow_aliases(p, {f, i}, handed, stores);
  drop_ambiguous_fields(p, stores, handed);
  sync_objects(m, out);
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      touches_in(m, paths, {f, i}, handed);
}

}  // namespace pagewise
