#include "analysis/infer.hpp"

#include <deque>
#include <span>
#include <unordered_map>

#include "analysis/callers.hpp"
#include "analysis/entire_driver.hpp"
#include "analysis/failure_status.hpp"
#include "analysis/flow.hpp"
#include "analysis/indirect_calls.hpp"
#include "analysis/init_data.hpp"
#include "analysis/irql_helpers.hpp"
#include "analysis/memory.hpp"
#include "analysis/object_modes.hpp"
#include "analysis/power.hpp"
#include "analysis/resolve.hpp"
#include "analysis/roles.hpp"
#include "analysis/section_locks.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

namespace {

// SAL IRQL annotations on the definition or any declaration of the function in the unit.
struct AnnotationSeed {
  Irql level;
  bool certain;  // _IRQL_requires_/_min_: callers do call it that high; _max_: they may
  const Annotation* annotation;
  int32_t file;
};

void annotation_seeds(const Program& p, FunctionId id, std::vector<AnnotationSeed>& out) {
  auto scan = [&](std::span<const Annotation> anns, int32_t file) {
    for (const Annotation& a : anns) {
      bool certain;
      if (a.name == "_IRQL_requires_" || a.name == "_IRQL_requires_min_" ||
          a.name == "__drv_requiresIRQL" || a.name == "__drv_minIRQL")
        certain = true;
      else if (a.name == "_IRQL_requires_max_" || a.name == "__drv_maxIRQL")
        certain = false;
      else
        continue;
      Irql level;
      if (!parse_irql(a.args, &level)) continue;
      out.push_back({level, certain, &a, file});
    }
  };
  const Function& fn = p.function(id);
  scan(fn.annotations, static_cast<int32_t>(id.file));
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (const Declaration& d : p.files[f]->declarations)
      if (d.is_function && d.name == fn.name) scan(d.annotations, static_cast<int32_t>(f));
}

bool raise(IrqlBound& b, Irql level, const IrqlReason& why) {
  if (b.set && level <= b.level) return false;
  b.level = level;
  b.set = true;
  b.set_why(why);
  return true;
}

// Which functions can run after initialization: every registered callback (any role but
// DRIVER_INITIALIZE) and everything it calls. Breadth-first, so each function keeps the shortest
// path back to its callback for the evidence.
void reach_after_init(Model& m) {
  const Program& p = m.program;
  std::deque<FunctionId> work;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionInference& inf = m.inferred[f][i];
      for (uint32_t r = 0; r < inf.roles.size(); ++r) {
        const CallbackRole* role = find_role(inf.roles[r].role);
        if (!role || !(role->flags & kRoleLater)) continue;
        inf.later.set = true;
        inf.later.role_index = static_cast<int32_t>(r);
        work.push_back({f, i});
        break;
      }
    }
  while (!work.empty()) {
    FunctionId id = work.front();
    work.pop_front();
    for (const CallEdge& e : m.inferred[id.file][id.index].calls) {
      FunctionInference& callee = m.inferred[e.callee.file][e.callee.index];
      if (callee.later.set) continue;
      callee.later.set = true;
      callee.later.caller = id;
      callee.later.pos = e.pos;
      callee.later.through = e.through;
      work.push_back(e.callee);
    }
  }
}

// IO_CSQ callbacks run under the queue's own lock: when the driver's CsqAcquireLock routine takes
// a spin lock, Insert/Remove/Peek/CompleteCanceled certainly run at DISPATCH_LEVEL (§4.1).
void csq_lock_level(Model& m, const Resolver& r) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const Call& c : p.files[f]->functions[i].calls) {
        if ((c.callee != "IoCsqInitialize" && c.callee != "IoCsqInitializeEx") || c.args.size() < 7)
          continue;
        auto acquire = r.function_named(c.args[4], {f, i});
        if (!acquire) continue;
        bool spin = false;
        for (const AcquireSite& a : m.at(*acquire).returns_holding)
          spin |= a.level >= Irql::Dispatch;
        if (!spin) continue;
        for (size_t k : {1u, 2u, 3u, 5u}) {  // insert, remove, peek, release: the lock is held
          auto target = r.function_named(c.args[k], {f, i});
          if (!target) continue;
          for (RoleBinding& b : m.inferred[target->file][target->index].roles)
            if (b.role.rfind("IO_CSQ_", 0) == 0 && b.file == static_cast<int32_t>(f) &&
                b.pos.offset == c.pos.offset) {
              b.certain = true;
              b.irql = Irql::Dispatch;
              b.note = "its CsqAcquireLock routine '" + p.function(*acquire).name +
                       "' takes a spin lock";
            }
        }
      }
}

// The mode bounds (Model::mode_bounds) of each function: one per object mode its calls and system
// calls are made in (CallEdge::branch_mode), by function (file << 32 | index).
using ModeBoundsOf = std::unordered_map<uint64_t, std::vector<uint32_t>>;

uint64_t function_key(FunctionId id) { return (static_cast<uint64_t>(id.file) << 32) | id.index; }

int32_t mode_bound_of(const Model& m, const ModeBoundsOf& of, FunctionId id, int32_t mode) {
  auto it = of.find(function_key(id));
  if (it == of.end()) return -1;
  for (uint32_t b : it->second)
    if (m.mode_bounds[b].mode == mode) return static_cast<int32_t>(b);
  return -1;
}

ModeBoundsOf make_mode_bounds(Model& m) {
  ModeBoundsOf of;
  auto bound = [&](FunctionId id, int32_t mode) {
    int32_t b = mode_bound_of(m, of, id, mode);
    if (b >= 0) return b;
    of[function_key(id)].push_back(static_cast<uint32_t>(m.mode_bounds.size()));
    m.mode_bounds.push_back({id, mode, {}, {}});
    return static_cast<int32_t>(m.mode_bounds.size() - 1);
  };
  for (uint32_t f = 0; f < m.inferred.size(); ++f)
    for (uint32_t i = 0; i < m.inferred[f].size(); ++i) {
      FunctionInference& inf = m.inferred[f][i];
      for (CallEdge& e : inf.calls)
        if (e.branch_mode >= 0) e.mode_bound = bound({f, i}, e.branch_mode);
      for (const ApiCall& a : inf.api_calls)
        if (a.branch_mode >= 0) bound({f, i}, a.branch_mode);
    }
  return of;
}

// The callee's code on a branch of an object mode is entered only by the calls whose receiver can
// be in that mode: raises those bounds (`which` of each) of e's callee.
bool raise_in_modes(Model& m, const ModeBoundsOf& of, const CallEdge& e,
                    IrqlBound ModeBound::*which, Irql level, const IrqlReason& why) {
  auto modes = of.find(function_key(e.callee));
  if (modes == of.end()) return false;
  bool changed = false;
  for (uint32_t b : modes->second) {
    ModeBound& mb = m.mode_bounds[b];
    if (m.object_modes.can_reach(e.receiver_modes, mb.mode))
      changed |= raise(mb.*which, level, why);
  }
  return changed;
}

// A system routine called on a branch of an object mode runs no higher than the calls that can
// reach that mode: its cap (ApiCall::cap) says so, as an IRQL test would.
void bound_mode_api_calls(Model& m, const ModeBoundsOf& of) {
  for (const auto& [key, bounds] : of) {
    FunctionId id{static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key & 0xffffffffu)};
    FunctionInference& inf = m.inferred[id.file][id.index];
    auto level = [](const IrqlBound& b) { return b.set ? b.level : Irql::Passive; };
    for (ApiCall& a : inf.api_calls) {
      int32_t b = a.branch_mode >= 0 ? mode_bound_of(m, of, id, a.branch_mode) : -1;
      if (b < 0) continue;
      const ModeBound& mb = m.mode_bounds[static_cast<size_t>(b)];
      Irql possible = level(mb.possible), certain = level(mb.certain);
      if (possible >= std::min(a.cap, level(inf.possible))) continue;
      a.cap = possible;
      a.certain_cap = std::min(a.certain_cap, certain);
      a.bound_by = "the branch where " + m.object_modes.describe(mb.mode) + " (" +
                   m.object_modes.origin(mb.mode) + "), which only calls at " +
                   irql_name(possible) + " reach";
      a.bound_pos = a.pos;
    }
  }
}

}  // namespace

// Long: the inference stages in the order each needs the one before (seeds, fixpoint, facts).
Model infer(Program program) {
  Model m;
  m.program = std::move(program);
  const Program& p = m.program;
  m.inferred.resize(p.files.size());
  for (uint32_t f = 0; f < p.files.size(); ++f) m.inferred[f].resize(p.files[f]->functions.size());

  Resolver resolver(p);
  bind_roles(p, resolver, m.inferred);
  m.stored_pointers = stored_pointers(p, resolver);
  IndirectCalls indirect(p, resolver, m.stored_pointers);
  find_irql_helpers(p, resolver, &indirect, m.inferred);

  FlowContext ctx;
  ctx.program = &p;
  ctx.resolver = &resolver;
  ctx.indirect = &indirect;
  ctx.inferred = &m.inferred;
  ctx.object_locks_are_spin_locks = !unit_uses_passive_execution_level(p);
  ctx.passive_interrupts = passive_interrupt_objects(p);
  ObjectModes object_modes(p, resolver, &m.object_modes);
  ctx.object_modes = &object_modes;
  analyse_all_flows(ctx);
  ModeBoundsOf mode_bounds_of = make_mode_bounds(m);
  csq_lock_level(m, resolver);

  // Seeds: roles and annotations.
  std::deque<FunctionId> work;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      FunctionInference& inf = m.inferred[f][i];
      for (uint32_t r = 0; r < inf.roles.size(); ++r) {
        const RoleBinding& b = inf.roles[r];
        IrqlReason why;
        why.kind = IrqlReason::Kind::Role;
        why.role_index = r;
        why.file = b.file;
        why.pos = b.pos;
        if (b.certain) raise(inf.certain, b.irql, why);
        raise(inf.possible, b.irql, why);
      }
      std::vector<AnnotationSeed> seeds;
      annotation_seeds(p, id, seeds);
      for (const AnnotationSeed& s : seeds) {
        IrqlReason why;
        why.kind = IrqlReason::Kind::Annotation;
        why.annotation = s.annotation->name + "(" + s.annotation->args + ")";
        why.file = s.file;
        why.pos = s.annotation->pos;
        if (s.certain) raise(inf.certain, s.level, why);
        raise(inf.possible, s.level, why);
      }
      work.push_back(id);
    }
  // Code on a branch of an object mode starts from the function's own roles and annotations.
  for (ModeBound& b : m.mode_bounds) {
    b.certain = m.at(b.fn).certain;
    b.possible = m.at(b.fn).possible;
  }

  // Propagate to a fixpoint: a callee is entered at least as high as its caller runs at the call.
  // Each bound only rises, through five levels, so every function is re-queued a bounded number
  // of times: linear in the size of the call graph.
  while (!work.empty()) {
    FunctionId id = work.front();
    work.pop_front();
    const FunctionInference& inf = m.inferred[id.file][id.index];
    for (const CallEdge& e : inf.calls) {
      // On a branch of an object mode the caller runs at its bound in that mode.
      const ModeBound* in_mode =
          e.mode_bound >= 0 ? &m.mode_bounds[static_cast<size_t>(e.mode_bound)] : nullptr;
      const IrqlBound& from_certain = in_mode ? in_mode->certain : inf.certain;
      const IrqlBound& from_possible = in_mode ? in_mode->possible : inf.possible;
      FunctionInference& callee = m.inferred[e.callee.file][e.callee.index];
      IrqlReason why;
      why.kind = e.synchronized ? IrqlReason::Kind::Synchronized : IrqlReason::Kind::Caller;
      why.caller = id;
      why.file = static_cast<int32_t>(id.file);
      why.pos = e.pos;
      why.lock_api = e.lock_api;
      why.unknown_receiver_of = e.unknown_receiver_of;
      why.mode_bound = e.mode_bound;
      // The lock the caller holds at the call, when it is what raises the IRQL there.
      if (!e.synchronized && e.local >= Irql::Dispatch && !e.lock.empty()) {
        why.lock = e.lock;
        why.lock_file = e.lock_file;
        why.lock_pos = e.lock_pos;
      }
      if (!e.synchronized) {
        why.bound_by = e.bound_by;
        why.bound_pos = e.bound_pos;
        why.through = e.through;
      }
      bool changed = false;
      auto level_from = [&](const IrqlBound& caller_bound, Irql cap) {
        Irql entry = caller_bound.set ? caller_bound.level : Irql::Passive;
        if (e.synchronized) return e.local;
        return std::max(std::min(entry, cap), e.local);
      };
      // A call that reaches the callee only as one of the methods of a name (the receiver's type
      // is not known) may run it: it raises the possible bound only.
      Irql certain_level = level_from(from_certain, e.certain_cap);
      bool raise_certain =
          (certain_level > Irql::Passive || from_certain.set) && e.unknown_receiver_of == 0;
      if (raise_certain) changed |= raise(callee.certain, certain_level, why);
      Irql possible_level = level_from(from_possible, e.cap);
      bool raise_possible = possible_level > Irql::Passive || from_possible.set;
      if (raise_possible) changed |= raise(callee.possible, possible_level, why);
      if (raise_certain)
        changed |= raise_in_modes(m, mode_bounds_of, e, &ModeBound::certain, certain_level, why);
      if (raise_possible)
        changed |= raise_in_modes(m, mode_bounds_of, e, &ModeBound::possible, possible_level, why);
      if (changed) work.push_back(e.callee);
    }
  }
  bound_mode_api_calls(m, mode_bounds_of);
  reach_after_init(m);
  find_init_data_kept(m);
  find_section_locks(m, resolver);
  find_entire_driver_paging(m);
  find_failure_statuses(m);
  m.callers = caller_index(m);  // paged memory follows calls that hand it back
  find_paged_memory(m);
  find_power_paths(m);
  find_not_power_pageable(m);
  return m;
}

}  // namespace pagewise
