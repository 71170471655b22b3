#include "analysis/infer.hpp"

#include <deque>
#include <span>

#include "analysis/callers.hpp"
#include "analysis/entire_driver.hpp"
#include "analysis/failure_status.hpp"
#include "analysis/flow.hpp"
#include "analysis/indirect_calls.hpp"
#include "analysis/init_data.hpp"
#include "analysis/irql_helpers.hpp"
#include "analysis/memory.hpp"
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
  analyse_all_flows(ctx);
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

  // Propagate to a fixpoint: a callee is entered at least as high as its caller runs at the call.
  // Each bound only rises, through five levels, so every function is re-queued a bounded number
  // of times: linear in the size of the call graph.
  while (!work.empty()) {
    FunctionId id = work.front();
    work.pop_front();
    const FunctionInference& inf = m.inferred[id.file][id.index];
    for (const CallEdge& e : inf.calls) {
      FunctionInference& callee = m.inferred[e.callee.file][e.callee.index];
      IrqlReason why;
      why.kind = e.synchronized ? IrqlReason::Kind::Synchronized : IrqlReason::Kind::Caller;
      why.caller = id;
      why.file = static_cast<int32_t>(id.file);
      why.pos = e.pos;
      why.lock_api = e.lock_api;
      why.unknown_receiver_of = e.unknown_receiver_of;
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
      Irql certain_level = level_from(inf.certain, e.certain_cap);
      if ((certain_level > Irql::Passive || inf.certain.set) && e.unknown_receiver_of == 0)
        changed |= raise(callee.certain, certain_level, why);
      Irql possible_level = level_from(inf.possible, e.cap);
      if (possible_level > Irql::Passive || inf.possible.set)
        changed |= raise(callee.possible, possible_level, why);
      if (changed) work.push_back(e.callee);
    }
  }
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
