#include "analysis/advice.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <unordered_set>

#include "analysis/callers.hpp"
#include "analysis/size_estimate.hpp"
#include "knowledge/irql.hpp"
#include "knowledge/limits.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

namespace {

using Key = std::pair<uint32_t, uint32_t>;

Key key(FunctionId id) { return {id.file, id.index}; }

bool is_method(const Function& fn) {
  return !fn.enclosing_class.empty() || fn.name.find("::") != std::string::npos;
}

// Each function's size: the linker map's when it lists the function once, else the estimate
// rounded up to the function alignment. Extract names methods with their class already, also
// those defined in the class body ("CDev::Start"), as the map does.
void size_functions(Model& m, const ExactSizes* exact) {
  const Program& p = m.program;
  m.advice.sizes.resize(p.files.size());
  for (uint32_t f = 0; f < p.files.size(); ++f) {
    m.advice.sizes[f].resize(p.files[f]->functions.size());
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const Function& fn = p.files[f]->functions[i];
      FunctionSize& s = m.advice.sizes[f][i];
      s.counted = !fn.is_inline;
      auto it = exact ? exact->find(fn.name) : ExactSizes::const_iterator();
      if (exact && it != exact->end()) {
        s.bytes = it->second;
        s.from_map = true;
      } else {
        s.bytes = aligned_code_bytes(estimate_code_bytes(fn));
      }
    }
  }
}

bool caps_below_dispatch(std::span<const Annotation> anns) {
  for (const Annotation& a : anns) {
    if (a.name != "_IRQL_requires_max_" && a.name != "__drv_maxIRQL") continue;
    Irql level;
    if (parse_irql(a.args, &level) && level < Irql::Dispatch) return true;
  }
  return false;
}

// What the advisor needs to know about the whole unit, computed once.
struct UnitFacts {
  // Functions on the interrupt path or the return-to-D0 path, callbacks documented as not to be
  // paged, dispatch routines of majors on the paging path, and what they call: resident whatever
  // their IRQL.
  std::set<Key> pinned;
  // Functions that only DriverEntry (and what only it calls) runs: INIT is their place.
  std::set<Key> init_only;
  // How often each name is mentioned other than as the callee of a call: a registration, a
  // function pointer stored, an address passed.
  std::unordered_map<std::string, uint32_t> mentions;
  std::unordered_set<std::string> in_tables;  // named in a global initializer
  // Functions a declaration annotates as never called at DISPATCH_LEVEL or above.
  std::unordered_set<std::string> declared_below_dispatch;
  // Functions every way into which pagewise sees (known_entries).
  std::set<Key> known_entry;
  bool pages_entire_driver = false;
};

// Registered as the dispatch routine of a major a paging-path driver must keep resident.
bool paging_path_dispatch(const FunctionInference& inf) {
  return std::any_of(inf.roles.begin(), inf.roles.end(),
                     [](const RoleBinding& b) { return irp_major_on_paging_path(b.irp_major); });
}

bool has_role_flag(const FunctionInference& inf, uint16_t flag) {
  for (const RoleBinding& b : inf.roles) {
    const CallbackRole* role = find_role(b.role);
    if (role && (role->flags & flag)) return true;
  }
  return false;
}

UnitFacts unit_facts(const Model& m) {
  const Program& p = m.program;
  UnitFacts u;
  std::deque<FunctionId> work;
  for (uint32_t f = 0; f < p.files.size(); ++f) {
    const FileFacts& ff = *p.files[f];
    for (uint32_t i = 0; i < ff.functions.size(); ++i) {
      const FunctionInference& inf = m.inferred[f][i];
      for (const NameUse& use : ff.functions[i].uses)
        if (!use.field && !use.local) ++u.mentions[ff.names[use.name]];
      for (const ApiCall& c : inf.api_calls) {
        const SectionApi* api = find_section_api(c.callee);
        if (api && api->kind == SectionApi::Kind::PageEntireDriver) u.pages_entire_driver = true;
      }
      if (has_role_flag(inf, kRoleInterruptPath | kRoleReturnToD0 | kRoleKeepResident) ||
          paging_path_dispatch(inf)) {
        u.pinned.insert({f, i});
        work.push_back({f, i});
      }
    }
    for (const DataItem& d : ff.data)
      for (const std::string& n : d.initializer_names) u.in_tables.insert(n);
    for (const Declaration& d : ff.declarations)
      if (d.is_function && caps_below_dispatch(d.annotations))
        u.declared_below_dispatch.insert(d.name);
  }
  // On a device that is not power-pageable, the power path stays resident (paging-rules §4.2).
  if (m.not_power_pageable.set)
    for (const auto& [k, mb] : m.power_transition)
      if (u.pinned.insert(k).second) work.push_back({k.first, k.second});
  while (!work.empty()) {
    FunctionId id = work.front();
    work.pop_front();
    for (const CallEdge& e : m.at(id).calls)
      if (u.pinned.insert(key(e.callee)).second) work.push_back(e.callee);
  }
  // INIT-only: DriverEntry, and functions every caller of which is INIT-only, that nothing
  // registers and that cannot run after initialization.
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const FunctionInference& inf = m.inferred[f][i];
      if (has_role_flag(inf, kRoleInit) && !inf.later.set) u.init_only.insert({f, i});
    }
  close_over_callers(m.callers, u.init_only, [&](Key k) {
    const FunctionInference& inf = m.inferred[k.first][k.second];
    return inf.roles.empty() && !inf.later.set;
  });
  return u;
}

// A role binding written inside a function body (a registration call or assignment), as opposed
// to a role typedef on a declaration: each such binding accounts for one mention of the name.
bool bound_in_code(const Program& p, const RoleBinding& b) {
  if (b.file < 0) return false;
  for (const Function& fn : p.files[static_cast<size_t>(b.file)]->functions)
    if (b.pos.offset >= fn.body_pos.offset && b.pos.offset < fn.end_offset) return true;
  return false;
}

// `_IRQL_requires_max_(PASSIVE_LEVEL)` (or APC_LEVEL) on the definition or a declaration.
bool annotated_below_dispatch(const Program& p, const UnitFacts& u, FunctionId id) {
  const Function& fn = p.function(id);
  return caps_below_dispatch(fn.annotations) || u.declared_below_dispatch.count(fn.name) > 0;
}

// Nothing pagewise cannot see holds the function's address: every mention of its name outside
// a direct call is a registration it understood, and no global table names it. A method may be
// called virtually from outside the driver: only its IRQL contract vouches for it.
bool address_accounted_for(const Model& m, const UnitFacts& u, FunctionId id) {
  const Function& fn = m.program.function(id);
  if (is_method(fn)) return annotated_below_dispatch(m.program, u, id);
  if (u.in_tables.count(fn.name)) return false;
  uint32_t registered = 0;
  for (const RoleBinding& b : m.at(id).roles) registered += bound_in_code(m.program, b) ? 1 : 0;
  auto it = u.mentions.find(fn.name);
  uint32_t mentioned = it == u.mentions.end() ? 0 : it->second;
  return mentioned <= registered;
}

// Functions every way into which pagewise sees: a role, an IRQL contract or callers, nothing
// else holding the address, and every caller itself such a function. A least fixpoint, so a
// caller whose own entry is unknown (a function pointer stored somewhere, a callback registered
// through an API pagewise does not know) leaves its callees unknown too.
void known_entries(const Model& m, UnitFacts& u) {
  const Program& p = m.program;
  const CallerIndex& callers = m.callers;
  std::set<Key> candidates;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      bool called = callers.count(key(id)) > 0;
      // An IRQL contract alone is a way in only for a method (virtual calls come from outside the
      // driver): a free function nothing in the unit calls or registers may be a library export
      // called from anywhere, the return-to-D0 path included.
      bool entry = !m.at(id).roles.empty() || called ||
                   (is_method(p.function(id)) && annotated_below_dispatch(p, u, id));
      if (!entry || !address_accounted_for(m, u, id)) continue;
      candidates.insert(key(id));
      if (!called) u.known_entry.insert(key(id));  // no caller to wait for
    }
  close_over_callers(callers, u.known_entry, [&](Key k) { return candidates.count(k) > 0; });
}

// Below DISPATCH_LEVEL on every path: every way in is known, and none is at DISPATCH_LEVEL or
// above (a role, a caller's IRQL or a lock it holds at the call).
bool entered_below_dispatch(const Model& m, const UnitFacts& u, FunctionId id) {
  const FunctionInference& inf = m.at(id);
  if (inf.possible.set && inf.possible.level >= Irql::Dispatch) return false;
  return u.known_entry.count(key(id)) > 0;
}

bool lock_helper(const FunctionInference& inf) {
  return !inf.returns_holding.empty() || inf.releases_foreign != 0;
}

// How the unit writes placements into sections of class `cls`: the commonest way in `file`, else
// in the unit, else the plain pragma (C) or declspec (C++: alloc_text needs C linkage).
PlacementStyle placement_style(const Model& m, uint32_t file, SectionClass cls) {
  const Program& p = m.program;
  auto best_in = [&](int64_t only_file) -> std::optional<PlacementStyle> {
    std::map<std::tuple<std::string, int, std::string>, std::pair<uint32_t, PlacementStyle>> seen;
    for (uint32_t f = 0; f < p.files.size(); ++f) {
      if (only_file >= 0 && f != static_cast<uint32_t>(only_file)) continue;
      for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
        const Placement& pl = p.placement[f][i];
        if (pl.cls != cls || pl.how == Placement::How::Default || !m.advice.sizes[f][i].counted)
          continue;
        auto k = std::make_tuple(pl.section, static_cast<int>(pl.how), pl.macro);
        auto& entry = seen[k];
        if (entry.first++ == 0) {
          entry.second.section = pl.section;
          entry.second.how = pl.how;
          entry.second.macro = pl.macro;
          entry.second.text = pl.text;
          entry.second.file = pl.file;
          entry.second.pos = pl.pos;
        }
      }
    }
    if (seen.empty()) return std::nullopt;
    auto top = std::max_element(seen.begin(), seen.end(), [](const auto& a, const auto& b) {
      return a.second.first < b.second.first;
    });
    return top->second.second;
  };
  if (auto s = best_in(file)) return *s;
  if (auto s = best_in(-1)) return *s;
  PlacementStyle s;
  s.section = cls == SectionClass::Init ? "INIT" : "PAGE";
  s.how = p.files[file]->language == Language::Cpp ? Placement::How::Declspec
                                                   : Placement::How::AllocText;
  return s;
}

PlacementStyle style_for(const Model& m, FunctionId id, SectionClass cls) {
  PlacementStyle s = placement_style(m, id.file, cls);
  if (s.how == Placement::How::AllocText && is_method(m.program.function(id)) &&
      s.text.rfind("#pragma NDIS_", 0) != 0) {
    s.how = Placement::How::Declspec;
    s.macro.clear();
    s.file = -1;
  }
  return s;
}

// About how many bytes of the function the region compiles to: its share of the body's text.
// The release call's own text lies past `end`; a typical release is some 40 characters.
uint64_t region_bytes(const Function& fn, const LockRegion& r, uint64_t fn_bytes, double* share) {
  double body = static_cast<double>(
      fn.end_offset > fn.body_pos.offset ? fn.end_offset - fn.body_pos.offset : 1);
  double text = static_cast<double>(r.end.offset - r.start.offset) + 40.0;
  *share = std::min(1.0, text / body);
  return std::max<uint64_t>(
      16, static_cast<uint64_t>(std::ceil(static_cast<double>(fn_bytes) * *share)));
}

void could_be_paged(Model& m, const UnitFacts& u) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      const Function& fn = p.function(id);
      const FunctionSize& size = m.advice.sizes[f][i];
      const Placement& pl = p.placement[f][i];
      if (pl.cls != SectionClass::Resident || !size.counted || fn.header_error) continue;
      if (pl.kept_resident_file >= 0) continue;  // the author keeps it resident on purpose
      if (u.pinned.count(key(id)) || !entered_below_dispatch(m, u, id)) continue;
      const FunctionInference& inf = m.at(id);
      if (lock_helper(inf)) continue;
      if (inf.acquires.empty() && inf.waits.empty()) {
        if (size.bytes < kAdviceMinimumBytes) continue;
        PagingAdvice a;
        a.kind = PagingAdvice::Kind::CouldBePaged;
        a.function = id;
        a.target = u.init_only.count(key(id)) ? SectionClass::Init : SectionClass::Pageable;
        a.style = style_for(m, id, a.target);
        a.section = a.style.section;
        a.bytes = size.bytes;
        m.advice.items.push_back(std::move(a));
        continue;
      }
      // One short region that holds a spin lock (or a Wait = TRUE window) and nothing else
      // raised: move it into a resident helper and page the rest.
      if (inf.regions.size() != 1 || !inf.regions[0].closed) continue;
      const LockRegion& r = inf.regions[0];
      bool only_region = r.wait ? inf.acquires.empty() && inf.waits.size() == 1
                                : inf.acquires.size() == 1 && inf.waits.empty() &&
                                      inf.acquires[0].pos.offset == r.start.offset;
      if (!only_region || r.end.offset < r.start.offset) continue;
      double share = 0;
      uint64_t moved = region_bytes(fn, r, size.bytes, &share);
      if (share > kShortRegionShare) continue;
      uint64_t helper = aligned_code_bytes(static_cast<uint32_t>(moved + kHelperOverheadBytes));
      if (helper >= size.bytes || size.bytes - helper < kAdviceMinimumBytes) continue;
      PagingAdvice a;
      a.kind = PagingAdvice::Kind::IsolateSpinLock;
      a.function = id;
      a.target = SectionClass::Pageable;
      a.style = style_for(m, id, a.target);
      a.section = a.style.section;
      a.bytes = size.bytes - helper;
      a.other_bytes = size.bytes;
      a.region = r;
      m.advice.items.push_back(std::move(a));
    }
}

// Functions of a section in the order they are written, and their total size.
struct SectionContents {
  std::vector<FunctionId> functions;
  uint64_t bytes = 0;
  SectionClass cls = SectionClass::Resident;
};

std::map<std::string, SectionContents> section_contents(const Model& m) {
  const Program& p = m.program;
  std::map<std::string, SectionContents> out;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const FunctionSize& s = m.advice.sizes[f][i];
      if (!s.counted) continue;
      const Placement& pl = p.placement[f][i];
      SectionContents& c = out[pl.section];
      c.cls = pl.cls;
      c.functions.push_back({f, i});
      c.bytes += s.bytes;
    }
  return out;
}

void small_sections(Model& m, const UnitFacts& u,
                    const std::map<std::string, SectionContents>& sections) {
  if (u.pages_entire_driver) return;  // every section is paged anyway
  for (const auto& [name, c] : sections) {
    if (c.cls != SectionClass::Pageable || c.bytes == 0 || c.bytes >= kWorthPagingBytes) continue;
    uint64_t incoming = 0;
    for (const PagingAdvice& a : m.advice.items)
      if ((a.kind == PagingAdvice::Kind::CouldBePaged ||
           a.kind == PagingAdvice::Kind::IsolateSpinLock) &&
          a.section == name)
        incoming += a.bytes;
    PagingAdvice a;
    a.kind = PagingAdvice::Kind::SmallSection;
    a.function = c.functions.front();
    a.section = name;
    a.target = SectionClass::Pageable;
    a.bytes = c.bytes;
    a.other_bytes = c.bytes + incoming;
    a.members = c.functions;
    m.advice.items.push_back(std::move(a));
  }
}

void mixed_sections(Model& m, const UnitFacts& u,
                    const std::map<std::string, SectionContents>& sections) {
  std::set<std::string> done;
  for (size_t l = 0; l < m.section_locks.size(); ++l) {
    const SectionLock& lock = m.section_locks[l];
    if (!done.insert(lock.section).second) continue;
    auto it = sections.find(lock.section);
    if (it == sections.end()) continue;
    PagingAdvice a;
    a.kind = PagingAdvice::Kind::MixedSection;
    a.section = lock.section;
    a.function = lock.locker;
    a.lock = static_cast<int32_t>(l);
    for (FunctionId id : it->second.functions) {
      const FunctionInference& inf = m.at(id);
      bool locked_code = std::any_of(
          m.program.function(id).paged_code.begin(), m.program.function(id).paged_code.end(),
          [](const PagedCodeSite& s) { return s.macro == "PAGED_CODE_LOCKED"; });
      bool always = !locked_code && inf.acquires.empty() && inf.waits.empty() &&
                    !lock_helper(inf) && !u.pinned.count(key(id)) &&
                    entered_below_dispatch(m, u, id);
      uint64_t bytes = m.advice.sizes[id.file][id.index].bytes;
      if (always) {
        a.members.push_back(id);
        a.bytes += bytes;
      } else {
        a.other_bytes += bytes;
      }
    }
    if (a.bytes >= kWorthPagingBytes && a.other_bytes > 0) m.advice.items.push_back(std::move(a));
  }
}

void summarise(Model& m, const std::map<std::string, SectionContents>& sections) {
  const Program& p = m.program;
  UnitSizes& s = m.advice.summary;
  s = UnitSizes();
  s.unit = p.unit ? p.unit->name : std::string();
  std::map<std::string, SectionSize> rows;
  for (const auto& [name, c] : sections) {
    SectionSize& r = rows[name];
    r.section = name;
    r.cls = c.cls;
    r.bytes_now = r.bytes_after = c.bytes;
    r.functions_now = r.functions_after = static_cast<uint32_t>(c.functions.size());
    for (FunctionId id : c.functions) {
      ++s.functions;
      if (m.advice.sizes[id.file][id.index].from_map) ++s.functions_from_map;
    }
  }
  auto move = [&](FunctionId id, const std::string& to, SectionClass cls, uint64_t bytes,
                  bool whole) {
    SectionSize& from = rows[p.placement_of(id).section];
    from.bytes_after -= std::min(from.bytes_after, bytes);
    if (whole) --from.functions_after;
    SectionSize& dest = rows[to];
    dest.section = to;
    dest.cls = cls;
    dest.bytes_after += bytes;
    ++dest.functions_after;
  };
  for (const PagingAdvice& a : m.advice.items) {
    if (a.kind == PagingAdvice::Kind::CouldBePaged)
      move(a.function, a.section, a.target, a.bytes, true);
    if (a.kind == PagingAdvice::Kind::IsolateSpinLock)
      move(a.function, a.section, a.target, a.bytes, false);
  }
  for (auto& [name, r] : rows) {
    uint64_t* now = r.cls == SectionClass::Resident   ? &s.resident_now
                    : r.cls == SectionClass::Pageable ? &s.pageable_now
                                                      : &s.init_now;
    uint64_t* after = r.cls == SectionClass::Resident   ? &s.resident_after
                      : r.cls == SectionClass::Pageable ? &s.pageable_after
                                                        : &s.init_after;
    *now += r.bytes_now;
    *after += r.bytes_after;
    s.sections.push_back(r);
  }
}

// Which functions the unit has any way into, known or not: a unit that never enters a function of
// a shared file has no say in its advice, one that enters it without advising it vetoes the note.
// A method counts always: it may be called virtually from outside the driver.
void mark_entered(Model& m, const UnitFacts& u) {
  const Program& p = m.program;
  m.advice.entered.resize(p.files.size());
  for (uint32_t f = 0; f < p.files.size(); ++f) {
    std::vector<char>& row = m.advice.entered[f];
    row.assign(p.files[f]->functions.size(), 0);
    for (uint32_t i = 0; i < row.size(); ++i) {
      FunctionId id{f, i};
      const Function& fn = p.function(id);
      row[i] = !m.at(id).roles.empty() || m.callers.count(key(id)) > 0 ||
               u.mentions.count(fn.name) > 0 || u.in_tables.count(fn.name) > 0 || is_method(fn);
    }
  }
}

}  // namespace

void plan_advice(Model& m, const ExactSizes* exact) {
  m.advice = AdvicePlan();
  size_functions(m, exact);
  UnitFacts u = unit_facts(m);
  mark_entered(m, u);
  known_entries(m, u);
  if (!u.pages_entire_driver) could_be_paged(m, u);
  auto sections = section_contents(m);
  small_sections(m, u, sections);
  mixed_sections(m, u, sections);
  summarise(m, sections);
}

}  // namespace pagewise
