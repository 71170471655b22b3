#include "analysis/flow.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "analysis/irql_guard.hpp"
#include "analysis/irql_helpers.hpp"
#include "analysis/macro_calls.hpp"
#include "knowledge/apis.hpp"
#include "knowledge/assertions.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

// A lock or raised IRQL held at a point of a function.
struct Hold {
  enum class Kind : uint8_t { Spin, Raise, Apc } kind = Kind::Spin;
  AcquireSite::Kind site = AcquireSite::Kind::SpinLock;  // what to record it as
  Irql level = Irql::Dispatch;
  std::string lock;  // the lock argument, "&" stripped
  std::string alt;   // in-stack queued locks: the handle that the release names
  Pos pos;           // where it was taken in this function
  std::string api;
  bool guard = false;  // held by a local object: its destructor releases it at the end of the block
  bool maybe = false;  // held on some paths to this point only
  bool wait_window = false;  // between a Wait = TRUE call and its KeWaitXxx
  // When taken through a helper, guard or inline function: that function, and where it really
  // takes the lock.
  std::string via;
  int32_t via_file = -1;
  Pos via_pos;
};

struct State {
  bool live = true;
  std::vector<Hold> holds;
  // The code here runs no higher than this, because a test of the current IRQL guards it.
  Irql cap = Irql::High;
  // It certainly runs no higher than this: below `cap` after a release that restores an IRQL
  // someone else saved (CallEdge::certain_cap).
  Irql certain_cap = Irql::High;
  // What set the caps, and where, for the evidence.
  std::string bound_by;
  Pos bound_pos;

  // `cap` bounds the code from here on, because of `why` at `at`.
  void tighten(Irql to, Irql certain_to, const std::string& why, Pos at) {
    if (to >= cap && certain_to >= certain_cap) return;
    cap = std::min(cap, to);
    certain_cap = std::min(certain_cap, certain_to);
    bound_by = why;
    bound_pos = at;
  }

  Irql level() const {
    Irql l = Irql::Passive;
    for (const Hold& h : holds) l = std::max(l, h.level);
    return l;
  }
  const Hold* highest() const {
    const Hold* best = nullptr;
    for (const Hold& h : holds)
      if (!best || h.level > best->level) best = &h;
    return best;
  }
};

State join(const State& a, const State& b) {
  if (!a.live) return b;
  if (!b.live) return a;
  // May-hold: a lock held on either path is held after the join (marked `maybe` unless held on
  // both). The same lock taken in two branches (`if (irql < DISPATCH_LEVEL) KeAcquireSpinLock(&L)
  // else KeAcquireSpinLockAtDpcLevel(&L)`) is one hold, so one release after the join drops it.
  auto same = [](const Hold& x, const Hold& h) {
    return x.kind == h.kind && x.lock == h.lock &&
           (!h.lock.empty() || x.pos.offset == h.pos.offset);
  };
  State out = a;
  out.cap = std::max(a.cap, b.cap);
  out.certain_cap = std::max(a.certain_cap, b.certain_cap);
  // The looser of the two bounds is the one that holds after the join.
  if (b.cap > a.cap || (b.cap == a.cap && b.certain_cap > a.certain_cap)) {
    out.bound_by = b.bound_by;
    out.bound_pos = b.bound_pos;
  }
  if (out.cap == Irql::High && out.certain_cap == Irql::High) out.bound_by.clear();
  for (Hold& x : out.holds) {
    auto in_b =
        std::find_if(b.holds.begin(), b.holds.end(), [&](const Hold& h) { return same(x, h); });
    if (in_b == b.holds.end())
      x.maybe = true;
    else
      x.maybe = x.maybe || in_b->maybe;
  }
  for (const Hold& h : b.holds) {
    bool present =
        std::any_of(out.holds.begin(), out.holds.end(), [&](const Hold& x) { return same(x, h); });
    if (!present) {
      out.holds.push_back(h);
      out.holds.back().maybe = true;
    }
  }
  return out;
}

State dead() {
  State s;
  s.live = false;
  return s;
}

bool wait_is_false(const std::string& arg) {
  std::string a = squeeze(arg);
  // Strip casts like (BOOLEAN)FALSE.
  while (!a.empty() && a.front() == '(') {
    auto close = a.find(')');
    if (close == std::string::npos || close + 1 >= a.size()) break;
    a = a.substr(close + 1);
  }
  return a == "FALSE" || a == "false" || a == "0" || a == "0L" || a == "0UL";
}

bool wait_is_true(const std::string& arg) {
  std::string a = squeeze(arg);
  while (!a.empty() && a.front() == '(') {
    auto close = a.find(')');
    if (close == std::string::npos || close + 1 >= a.size()) break;
    a = a.substr(close + 1);
  }
  if (a == "TRUE" || a == "true") return true;
  if (a.empty() || !std::isdigit(static_cast<unsigned char>(a[0]))) return false;
  return a.find_first_not_of("0123456789xXuUlL") == std::string::npos &&
         a.find_first_not_of("0xXuUlL") != std::string::npos;
}

// A mode's condition or asserted expression as compared: no white space, no enclosing
// parentheses (`if (x->m_Passive)` is recorded with them, `ASSERT(x->m_Passive)` without).
std::string mode_key(std::string_view text) {
  std::string k = squeeze(text);
  while (k.size() >= 2 && k.front() == '(' && k.back() == ')') {
    int depth = 0;
    size_t closes_at = 0;
    for (size_t i = 0; i < k.size(); ++i) {
      depth += k[i] == '(' ? 1 : k[i] == ')' ? -1 : 0;
      if (depth == 0) {
        closes_at = i;
        break;
      }
    }
    if (closes_at != k.size() - 1) break;
    k = k.substr(1, k.size() - 2);
  }
  return k;
}

bool calls_assertion_macro(const Function& fn) {
  for (const Call& c : fn.calls)
    if (find_assertion_macro(c.callee)) return true;
  return false;
}

std::vector<std::string> own_names(const Function& fn) {
  std::vector<std::string> names = fn.parameters.to_vector();
  for (const LocalObject& l : fn.locals) names.push_back(l.name);
  return names;
}

// Deeper structure is read flat: keeps the recursion well inside any thread stack (about 1 KB a
// level in release builds, several in sanitizer builds).
constexpr int kMaxNesting = 400;

class FunctionFlow {
 public:
  FunctionFlow(const FlowContext& ctx, FunctionId id, FunctionInference& out)
      : ctx_(ctx),
        id_(id),
        fn_(ctx.program->function(id)),
        out_(out),
        irql_calls_(irql_calls_from(*ctx.resolver, ctx.indirect, *ctx.inferred, id)) {}

  void run() {
    out_.acquires.clear();
    out_.regions.clear();
    out_.waits.clear();
    out_.calls.clear();
    out_.api_calls.clear();
    out_.raised_uses.clear();
    if (fn_.steps.empty()) return;
    if (asserts_) learn_mode_irqls();
    State s;
    run_step(0, s, 0);
    uses_before(static_cast<uint32_t>(fn_.steps.size()), s);
    if (s.live) exits_.push_back(s);
    summarise();
  }

 private:
  struct Target {
    std::vector<State> exits;
    bool loop;
  };

  // Names used just before step `i` run in the state before it.
  void uses_before(uint32_t i, const State& s) {
    if (!s.live || fn_.uses.empty()) return;
    auto it = std::lower_bound(fn_.uses.begin(), fn_.uses.end(), i,
                               [](const NameUse& u, uint32_t k) { return u.before_step < k; });
    // Recorded whenever a lock is held (a fast mutex too: the whole-driver rule asks whether an
    // update is synchronized); the paged-data rule keeps only DISPATCH_LEVEL and above.
    if (s.holds.empty()) return;
    Irql level = s.level();
    const Hold* h = s.highest();
    for (; it != fn_.uses.end() && it->before_step == i; ++it) {
      RaisedUse r;
      r.use = static_cast<uint32_t>(it - fn_.uses.begin());
      r.local = level;
      if (h) {
        r.lock = h->lock;
        r.lock_pos = h->pos;
        r.lock_api = h->api;
      }
      out_.raised_uses.push_back(std::move(r));
    }
  }

  // Runs step i, and the steps inside it, on `s`; returns the index of the step after it.
  uint32_t run_step(uint32_t i, State& s, int depth) {
    uses_before(i, s);
    const Step& st = fn_.steps[i];
    if (depth > kMaxNesting) return run_flat(i, s);
    switch (st.kind) {
      case Step::Kind::Block:
        run_block(st, i, s, depth);
        break;
      case Step::Kind::If:
        run_if(st, i, s, depth);
        break;
      case Step::Kind::Loop:
        run_loop(st, i, s, depth);
        break;
      case Step::Kind::Switch:
        run_switch(st, i, s, depth);
        break;
      case Step::Kind::Label:
        run_label(st, i, s, depth);
        break;
      case Step::Kind::Case:
        run_inner_steps(st, i, s, depth);
        break;
      case Step::Kind::Return:
        run_return(st, i, s, depth);
        break;
      case Step::Kind::Goto:
        run_goto(st, s);
        break;
      case Step::Kind::Break:
      case Step::Kind::Continue:
        run_break_or_continue(st, s);
        break;
      case Step::Kind::Call:
        if (s.live) call(fn_.calls[st.ref], s, 0);
        if (s.live && asserts_) assertion_in_mode(fn_.calls[st.ref], s);
        break;
      case Step::Kind::Lambda:
        run_lambda(st, i, s, depth);
        break;
      case Step::Kind::Try:
        run_try(st, i, s, depth);
        break;
      case Step::Kind::Assign:
        note_irql_variable(fn_.assignments[st.ref]);
        break;
      case Step::Kind::Local:
        break;
    }
    return st.end;
  }

  // The steps inside step i (st), in order.
  void run_inner_steps(const Step& st, uint32_t i, State& s, int depth) {
    for (uint32_t j = i + 1; j < st.end;) j = run_step(j, s, depth + 1);
  }

  void run_block(const Step& st, uint32_t i, State& s, int depth) {
    std::vector<std::string> guards;
    for (uint32_t j = i + 1; j < st.end;) {
      if (fn_.steps[j].kind == Step::Kind::Local) local(fn_.steps[j], s, guards);
      j = run_step(j, s, depth + 1);
    }
    // Destructors of guard objects declared in this block release what they hold.
    for (const std::string& g : guards)
      s.holds.erase(std::remove_if(s.holds.begin(), s.holds.end(),
                                   [&](const Hold& h) { return h.guard && h.via == g; }),
                    s.holds.end());
  }

  void run_if(const Step& st, uint32_t i, State& s, int depth) {
    State then_state = dead(), else_state;
    bool has_else = false;
    GuardCaps guard;
    bool mode_test = false;
    for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) {
      const Step& c = fn_.steps[j];
      if (c.role == Step::Role::Cond) {
        run_step(j, s, depth + 1);
        if (st.ref < fn_.conditions.size()) {
          guard = irql_guard(fn_.conditions[st.ref], irql_vars_, irql_calls_);
          mode_test = asserts_ && guard.then_cap == Irql::High && guard.else_cap == Irql::High &&
                      reads_object_state(fn_.conditions[st.ref], own_names_);
        }
      } else if (c.role == Step::Role::Then) {
        then_state = s;
        bound_by_test(then_state, guard.then_cap, st);
        if (mode_test) bound_by_mode(then_state, st, i);
        ObjectModeBranch in_mode(*this, st, true);
        run_mode_branch(j, then_state, depth, mode_test ? &fn_.conditions[st.ref] : nullptr);
      } else if (c.role == Step::Role::Else) {
        has_else = true;
        else_state = s;
        bound_by_test(else_state, guard.else_cap, st);
        ObjectModeBranch in_mode(*this, st, false);
        run_mode_branch(j, else_state, depth, mode_test ? &fn_.conditions[st.ref] : nullptr);
      } else {
        run_step(j, s, depth + 1);
      }
    }
    if (!has_else) {
      else_state = s;
      bound_by_test(else_state, guard.else_cap, st);
    }
    s = join(then_state, else_state);
  }

  // While a branch of an `if` that tests a flag only constructors set runs: the object mode the
  // calls on it are made in (CallEdge::branch_mode), innermost last.
  class ObjectModeBranch {
   public:
    ObjectModeBranch(FunctionFlow& flow, const Step& st, bool then_branch) : flow_(flow) {
      if (!flow.ctx_.object_modes || flow.ctx_.object_modes->empty() ||
          st.ref >= flow.fn_.conditions.size())
        return;
      int32_t mode =
          flow.ctx_.object_modes->branch_mode(flow.fn_.conditions[st.ref], flow.id_, then_branch);
      if (mode < 0) return;
      flow.branch_modes_.push_back(mode);
      pushed_ = true;
    }
    ~ObjectModeBranch() {
      if (pushed_) flow_.branch_modes_.pop_back();
    }
    ObjectModeBranch(const ObjectModeBranch&) = delete;
    ObjectModeBranch& operator=(const ObjectModeBranch&) = delete;

   private:
    FunctionFlow& flow_;
    bool pushed_ = false;
  };
  int32_t branch_mode() const { return branch_modes_.empty() ? -1 : branch_modes_.back(); }

  // A branch of an `if`; `mode` is its condition when that tests the state of an object (its
  // mode) and not the IRQL: an assertion of the IRQL inside then bounds the rest of the branch.
  void run_mode_branch(uint32_t j, State& s, int depth, const std::string* mode) {
    if (mode) mode_tests_.push_back(mode);
    run_step(j, s, depth + 1);
    if (mode) mode_tests_.pop_back();
  }

  // The branch of `if (M)` when the function asserts elsewhere that mode M runs at some IRQL.
  void bound_by_mode(State& s, const Step& st, uint32_t at) const {
    auto known = mode_irqls_.find(mode_key(fn_.conditions[st.ref]));
    // The branch the fact was learned from is bounded by its own assertion, from there on only.
    if (known == mode_irqls_.end() || known->second.learned_at == at) return;
    s.tighten(known->second.irql, known->second.irql,
              "the mode '" + fn_.conditions[st.ref] + "', which the function asserts runs at " +
                  irql_name(known->second.irql),
              st.pos);
  }

  // The IRQL an assertion in steps [from, to) states, High if none does.
  Irql asserted_irql(uint32_t from, uint32_t to) const {
    Irql cap = Irql::High;
    for (uint32_t k = from; k < to; ++k) {
      if (fn_.steps[k].kind != Step::Kind::Call) continue;
      const Call& c = fn_.calls[fn_.steps[k].ref];
      const AssertionMacro* a = find_assertion_macro(c.callee);
      if (a && static_cast<size_t>(a->arg) < c.args.size())
        cap = std::min(cap, irql_guard(c.args[a->arg], {}, irql_calls_).then_cap);
    }
    return cap;
  }

  // What the function states about its modes: `if (x->m_Passive) { ASSERT(KeGetCurrentIrql() ==
  // PASSIVE_LEVEL); ... }` says that mode runs at PASSIVE_LEVEL, so elsewhere in the function an
  // assertion of that mode (`ASSERT(x->m_Passive)`) bounds the code after it the same way.
  void learn_mode_irqls() {
    for (uint32_t i = 0; i < fn_.steps.size(); ++i) {
      const Step& st = fn_.steps[i];
      if (st.kind != Step::Kind::If || st.ref >= fn_.conditions.size()) continue;
      const std::string& cond = fn_.conditions[st.ref];
      GuardCaps g = irql_guard(cond, {}, irql_calls_);
      if (g.then_cap != Irql::High || !reads_object_state(cond, own_names_)) continue;
      for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end)
        if (fn_.steps[j].role == Step::Role::Then) {
          Irql cap = asserted_irql(j + 1, fn_.steps[j].end);
          if (cap != Irql::High) mode_irqls_.emplace(mode_key(cond), ModeIrql{cap, i});
        }
    }
  }

  // `ASSERT(KeGetCurrentIrql() == PASSIVE_LEVEL)` on a branch that a test of an object's mode
  // chose (`if (m_PassiveHandling)`): the author states that in this mode the code runs at that
  // IRQL, so the rest of the branch is bounded by it. An assertion outside such a branch is a
  // precondition the callers must meet, and bounds nothing (docs/rules/resident-irql.md).
  void assertion_in_mode(const Call& c, State& s) const {
    const AssertionMacro* a = find_assertion_macro(c.callee);
    if (!a || static_cast<size_t>(a->arg) >= c.args.size()) return;
    if (auto known = mode_irqls_.find(mode_key(c.args[a->arg])); known != mode_irqls_.end()) {
      s.tighten(known->second.irql, known->second.irql,
                "the assertion of the mode '" + c.args[a->arg] +
                    "', which the function asserts runs at " + irql_name(known->second.irql),
                c.pos);
      return;
    }
    if (mode_tests_.empty()) return;
    Irql cap = irql_guard(c.args[a->arg], irql_vars_, irql_calls_).then_cap;
    if (cap == Irql::High) return;
    s.tighten(cap, cap,
              "the assertion '" + c.args[a->arg] + "' on the branch of the object's mode '" +
                  *mode_tests_.back() + "'",
              c.pos);
  }

  // A branch of the `if` at `st` that its test of the IRQL bounds to `cap`.
  void bound_by_test(State& s, Irql cap, const Step& st) const {
    if (cap == Irql::High) return;
    std::string test = st.ref < fn_.conditions.size() ? fn_.conditions[st.ref] : std::string();
    s.tighten(cap, cap, "the IRQL test '" + test + "'", st.pos);
  }

  // `irql = KeGetCurrentIrql();`, `BOOLEAN defer = (KeGetCurrentIrql() != PASSIVE_LEVEL);`: a
  // later test of the variable tests the IRQL. Any other value makes it an ordinary variable.
  void note_irql_variable(const Assignment& a) { note_irql_assignment(a, irql_vars_, irql_calls_); }

  void run_loop(const Step& st, uint32_t i, State& s, int depth) {
    targets_.push_back({{}, true});
    State entry;
    bool have_body = false;
    for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) {
      const Step& c = fn_.steps[j];
      if (c.role == Step::Role::LoopBody) {
        entry = s;
        run_step(j, s, depth + 1);
        have_body = true;
      } else {
        run_step(j, s, depth + 1);
      }
    }
    Target t = std::move(targets_.back());
    targets_.pop_back();
    if (have_body) s = join(s, entry);  // the body may run zero times
    for (const State& e : t.exits) s = join(s, e);
  }

  void run_switch(const Step& st, uint32_t i, State& s, int depth) {
    targets_.push_back({{}, false});
    State entry = s;
    for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) {
      const Step& c = fn_.steps[j];
      if (c.role == Step::Role::SwitchBody) {
        entry = s;
        State fall = dead();
        for (uint32_t k = j + 1; k < c.end; k = fn_.steps[k].end) {
          if (fn_.steps[k].kind == Step::Kind::Case) fall = join(case_entry(st, k, entry), fall);
          run_step(k, fall, depth + 2);
        }
        s = join(fall, entry);  // no case matched, or no default
      } else {
        run_step(j, s, depth + 1);
      }
    }
    Target t = std::move(targets_.back());
    targets_.pop_back();
    for (const State& e : t.exits) s = join(s, e);
  }

  // The state a case label of `sw` starts in: a case of a switch on the IRP's major function runs
  // only for that major, at its IRQL.
  State case_entry(const Step& sw, uint32_t k, const State& entry) const {
    const Step& label = fn_.steps[k];
    if (sw.ref >= fn_.conditions.size() || label.ref >= fn_.conditions.size()) return entry;
    State s = entry;
    Irql cap = irp_major_case_cap(fn_.conditions[sw.ref], fn_.conditions[label.ref]);
    if (cap != Irql::High)
      s.tighten(cap, cap,
                "case " + fn_.conditions[label.ref] + " of the switch on the IRP's major function",
                label.pos);
    return s;
  }

  // A label is reached by falling into it and by every goto seen before it.
  void run_label(const Step& st, uint32_t i, State& s, int depth) {
    auto it = pending_gotos_.find(st.ref);
    if (it != pending_gotos_.end()) s = join(s, it->second);
    run_inner_steps(st, i, s, depth);
  }

  void run_return(const Step& st, uint32_t i, State& s, int depth) {
    run_inner_steps(st, i, s, depth);
    if (s.live) exits_.push_back(s);
    s = dead();
  }

  void run_goto(const Step& st, State& s) {
    if (s.live)
      pending_gotos_[st.ref] =
          join(pending_gotos_.count(st.ref) ? pending_gotos_[st.ref] : dead(), s);
    s = dead();
  }

  // `break` leaves the innermost loop or switch, `continue` the innermost loop.
  void run_break_or_continue(const Step& st, State& s) {
    for (auto it = targets_.rbegin(); it != targets_.rend(); ++it) {
      if (st.kind == Step::Kind::Continue && !it->loop) continue;
      if (s.live) it->exits.push_back(s);
      break;
    }
    s = dead();
  }

  void run_lambda(const Step& st, uint32_t i, State& s, int depth) {
    // The lambda's body is compiled into this function; it may run here, later, or never (so
    // not necessarily in the mode of the branch it is written on).
    State inside = s;
    size_t before = out_.acquires.size();
    std::vector<int32_t> modes = std::move(branch_modes_);
    branch_modes_.clear();
    run_inner_steps(st, i, inside, depth);
    branch_modes_ = std::move(modes);
    for (size_t k = before; k < out_.acquires.size(); ++k)
      if (out_.acquires[k].via.empty()) out_.acquires[k].via = "lambda";
    s = join(s, inside);
  }

  void run_try(const Step& st, uint32_t i, State& s, int depth) {
    State entry = s;
    State after_try = s;
    std::vector<State> handlers;
    for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) {
      const Step& c = fn_.steps[j];
      if (c.role == Step::Role::TryBody) {
        run_step(j, after_try, depth + 1);
      } else {
        State h = join(entry, after_try);
        run_step(j, h, depth + 1);
        handlers.push_back(h);
      }
    }
    s = after_try;
    for (const State& h : handlers) s = join(s, h);
  }

  // Past the nesting limit: apply the calls in order, ignoring structure.
  uint32_t run_flat(uint32_t i, State& s) {
    const Step& st = fn_.steps[i];
    for (uint32_t j = i; j < st.end; ++j)
      if (fn_.steps[j].kind == Step::Kind::Call && s.live) call(fn_.calls[fn_.steps[j].ref], s, 0);
    return st.end;
  }

  void record_acquire(const Hold& h) {
    AcquireSite a;
    a.kind = h.site;
    a.pos = h.pos;
    a.api = h.api;
    a.lock = h.lock;
    a.level = h.level;
    a.via = h.via;
    a.via_file = h.via_file;
    a.via_pos = h.via_pos;
    out_.acquires.push_back(std::move(a));
    if (h.via.empty() && !h.guard) open_region(h, false);
  }

  // A region starts at a direct acquire (or Wait = TRUE call) written in this function. Loops and
  // joins visit the same call more than once: one region per call site.
  void open_region(const Hold& h, bool wait) {
    for (const LockRegion& r : out_.regions)
      if (r.start.offset == h.pos.offset) return;
    LockRegion r;
    r.start = h.pos;
    r.api = h.api;
    r.lock = wait ? std::string() : h.lock;
    r.wait = wait;
    out_.regions.push_back(std::move(r));
  }

  void close_region(const Hold& h, Pos at) {
    for (LockRegion& r : out_.regions)
      if (r.start.offset == h.pos.offset && (r.end.line == 0 || r.end.offset < at.offset))
        r.end = at;
  }

  // What `a`, a lock a function in `file` returns holding (a lock helper, a guard object's
  // constructor), is here: held as `lock` from `at` on.
  static Hold held_after(const AcquireSite& a, std::string lock, Pos at, std::string via,
                         uint32_t file) {
    Hold h;
    h.kind = a.level >= Irql::Dispatch ? Hold::Kind::Spin : Hold::Kind::Apc;
    h.site = a.kind;
    h.level = a.level;
    h.lock = std::move(lock);
    h.pos = at;
    h.api = a.api;
    h.via = std::move(via);
    h.via_file = a.via_file >= 0 ? a.via_file : static_cast<int32_t>(file);
    h.via_pos = a.via_file >= 0 ? a.via_pos : a.pos;
    return h;
  }

  // A local object whose constructor takes a lock holds it until the end of its block.
  void local(const Step& st, State& s, std::vector<std::string>& guards) {
    if (!s.live) return;
    const LocalObject& obj = fn_.locals[st.ref];
    if (obj.type.empty()) return;
    std::string type = obj.type;
    auto lt = type.find('<');
    if (lt != std::string::npos) type = type.substr(0, lt);
    std::string base =
        type.substr(type.rfind("::") == std::string::npos ? 0 : type.rfind("::") + 2);
    auto it = ctx_.program->by_name.find(type + "::" + base);
    if (it == ctx_.program->by_name.end()) return;
    for (FunctionId ctor : it->second) {
      const FunctionInference& summary = (*ctx_.inferred)[ctor.file][ctor.index];
      for (const AcquireSite& a : summary.returns_holding) {
        Hold h = held_after(a, obj.name, obj.pos, "guard object of type " + obj.type, ctor.file);
        h.guard = true;
        if (h.level >= Irql::Dispatch) record_acquire(h);
        s.holds.push_back(h);
        guards.push_back(h.via);
      }
    }
  }

  void call(const Call& c, State& s, int macro_depth) {
    // `KeAcquireSpinLock(&Lock, &oldIrql)`, `Lock(&oldIrql)`: the variable holds the IRQL current
    // here, for the tests that follow.
    if (std::string saved = irql_saved_by(c, irql_calls_, fn_); !saved.empty())
      irql_vars_[saved] = "KeGetCurrentIrql()";
    if (const LockApi* api = find_lock_api(c.callee)) {
      record_api_call(c, s);
      lock_call(*api, c, s);
      return;
    }
    if (const WaitApi* w = find_wait_api(c.callee)) {
      record_api_call(c, s);
      wait_argument_call(*w, c, s);
      return;
    }
    if (find_dispatcher_wait_api(c.callee)) {
      record_api_call(c, s);
      for (const Hold& h : s.holds)
        if (h.wait_window) close_region(h, c.pos);
      s.holds.erase(std::remove_if(s.holds.begin(), s.holds.end(),
                                   [](const Hold& h) { return h.wait_window; }),
                    s.holds.end());
      return;
    }
    Resolution r = ctx_.resolver->resolve(c.callee, id_, static_cast<int>(c.args.size()));
    if (r.targets.empty() && ctx_.indirect) {
      // Through the driver's own function pointers: every function the unit stores there.
      IndirectTarget t = ctx_.indirect->targets(c.callee, id_);
      const State before = s;
      for (FunctionId g : t.functions) function_call(c, g, before, &s, 0, t.through);
      if (!t.functions.empty()) return;
    }
    if (r.targets.empty()) {
      if (!macro_call(c, s, macro_depth)) record_api_call(c, s);
      return;
    }
    // Every target is entered in the state before the call. A call whose receiver's type is not
    // known reaches each method of the name, but none of them is known to be the one that runs:
    // their lock-helper effects (a lock returned held or released) are not applied.
    const State before = s;
    for (FunctionId g : r.targets)
      function_call(c, g, before, r.unknown_receiver_of > 0 ? nullptr : &s, r.unknown_receiver_of);
  }

  // A routine that takes a Wait argument (KeSetEvent...): with Wait = TRUE it returns at
  // DISPATCH_LEVEL, and the IRQL stays there until the next KeWaitXxx call (§2.2): what runs in
  // between runs at DISPATCH_LEVEL.
  void wait_argument_call(const WaitApi& w, const Call& c, State& s) {
    if (static_cast<size_t>(w.wait_arg) >= c.args.size()) return;
    const std::string& arg = c.args[w.wait_arg];
    if (!wait_is_false(arg)) out_.waits.push_back({c.pos, c.callee, arg, wait_is_true(arg)});
    if (!wait_is_true(arg)) return;
    Hold h;
    h.kind = Hold::Kind::Raise;
    h.site = AcquireSite::Kind::WaitTrue;
    h.level = Irql::Dispatch;
    h.lock = "the IRQL " + c.callee + "(Wait = TRUE) leaves raised";
    h.pos = c.pos;
    h.api = c.callee;
    h.wait_window = true;
    open_region(h, true);
    s.holds.push_back(std::move(h));
  }

  // A call to function g of the unit: the call edge with the IRQL and lock at the call, and the
  // locks g takes for its caller (inline functions, lock helpers) or releases.
  // `s` is the state at the call; `after`, if given, receives the lock-helper effects.
  void function_call(const Call& c, FunctionId g, const State& s, State* after,
                     uint32_t unknown_receiver_of, const std::string& through = {}) {
    CallEdge e;
    e.callee = g;
    e.through = through;
    e.pos = c.pos;
    e.unknown_receiver_of = unknown_receiver_of;
    e.branch_mode = branch_mode();
    if (ctx_.object_modes && !ctx_.object_modes->empty())
      e.receiver_modes = ctx_.object_modes->call_modes(c, id_, g);
    e.local = s.level();
    e.cap = s.cap;
    e.certain_cap = s.certain_cap;
    e.bound_by = s.bound_by;
    e.bound_pos = s.bound_pos;
    if (const Hold* h = s.highest()) {
      e.lock = h->lock;
      e.lock_file = static_cast<int32_t>(id_.file);
      e.lock_pos = h->pos;
      e.lock_api = h->api;
    }
    out_.calls.push_back(std::move(e));
    const Function& callee = ctx_.program->function(g);
    const FunctionInference& summary = (*ctx_.inferred)[g.file][g.index];
    // An inlined function's code is compiled into this one: its spin locks are taken here.
    if (callee.is_inline)
      for (const AcquireSite& a : summary.acquires) {
        Hold h;
        h.site = a.kind;
        h.level = a.level;
        h.lock = a.lock;
        h.pos = c.pos;
        h.api = a.api;
        h.via = "inline function " + callee.name;
        h.via_file = a.via_file >= 0 ? a.via_file : static_cast<int32_t>(g.file);
        h.via_pos = a.via_file >= 0 ? a.via_pos : a.pos;
        record_acquire(h);
      }
    if (!after) return;
    // A lock helper returns holding a lock, or releases one its caller took.
    for (const AcquireSite& a : summary.returns_holding) {
      Hold h = held_after(a, a.lock, c.pos, "lock helper " + callee.name, g.file);
      if (h.level >= Irql::Dispatch && !callee.is_inline) record_acquire(h);
      after->holds.push_back(h);
    }
    // A release of a lock this function did not take either (a wrapper's Unlock calling its
    // member lock's Release) is a foreign release of this function too.
    for (uint32_t k = 0; k < summary.releases_foreign; ++k) {
      if (after->holds.empty()) {
        ++foreign_releases_;
        break;
      }
      after->holds.pop_back();
    }
  }

  void record_api_call(const Call& c, const State& s) {
    ApiCall a;
    a.callee = c.callee;
    a.args = c.args;
    a.pos = c.pos;
    a.result_to = c.result_to;
    a.branch_mode = branch_mode();
    a.local = s.level();
    a.cap = s.cap;
    a.certain_cap = s.certain_cap;
    a.bound_by = s.bound_by;
    a.bound_pos = s.bound_pos;
    if (const Hold* h = s.highest()) {
      a.lock = h->lock;
      a.lock_pos = h->pos;
      a.lock_api = h->api;
    }
    out_.api_calls.push_back(std::move(a));
  }

  // A function-like macro of the unit: its body's calls happen here. False when `c` is no macro
  // of the unit (then it is a call to a routine outside the unit).
  bool macro_call(const Call& c, State& s, int macro_depth) {
    auto it = ctx_.program->macros.find(c.callee);
    if (it == ctx_.program->macros.end()) return false;
    if (macro_depth >= 3) return true;
    const MacroDef& def = ctx_.program->files[it->second.first]->macros[it->second.second];
    if (!def.function_like) {
      if (def.alias.empty()) return false;
      Call aliased = c;
      aliased.callee = def.alias;
      call(aliased, s, macro_depth + 1);
      return true;
    }
    for (const Call& inner : macro_calls(def, c.args, c.pos)) call(inner, s, macro_depth + 1);
    return true;
  }

  void lock_call(const LockApi& api, const Call& c, State& s) {
    auto arg = [&](int k) {
      return k >= 0 && static_cast<size_t>(k) < c.args.size() ? c.args[k] : std::string();
    };
    // The lock the call names, or the system-wide lock of a routine that names none.
    auto lock = [&] {
      return api.global_lock ? std::string(api.global_lock) : strip_address_of(arg(api.lock_arg));
    };
    using E = LockApi::Effect;
    switch (api.effect) {
      case E::AcquireSpinLock:
      case E::AcquireObjectLock: {
        if (api.effect == E::AcquireObjectLock && !ctx_.object_locks_are_spin_locks) return;
        if (passive_interrupt(c)) return;
        Hold h;
        h.kind = Hold::Kind::Spin;
        h.level = api.level;
        h.lock = lock();
        h.alt = strip_address_of(arg(api.lock_arg + 1));
        h.pos = c.pos;
        h.api = c.callee;
        record_acquire(h);
        s.holds.push_back(std::move(h));
        return;
      }
      case E::Raise:
        raise_irql(api, c, s, arg(api.level_arg));
        return;
      case E::AcquireApcLock: {
        Hold h;
        h.kind = Hold::Kind::Apc;
        h.level = Irql::Apc;
        h.lock = lock();
        h.pos = c.pos;
        h.api = c.callee;
        s.holds.push_back(std::move(h));
        return;
      }
      case E::ReleaseSpinLock:
      case E::ReleaseObjectLock:
        if (api.effect == E::ReleaseObjectLock && !ctx_.object_locks_are_spin_locks) return;
        if (passive_interrupt(c)) return;
        if (!release(s, Hold::Kind::Spin, lock(), c.pos)) restore_foreign_irql(c, s);
        return;
      case E::Lower:
        release(s, Hold::Kind::Raise, std::string(), c.pos);
        return;
      case E::ReleaseApcLock:
        release(s, Hold::Kind::Apc, lock(), c.pos);
        return;
      case E::SynchronizedCall:
        synchronized_call(api, c, arg(api.routine_arg));
        return;
      case E::InternalSpinLock:
        return;
    }
  }

  // KeRaiseIrql and its kin: the level is the argument's when it names one, else the routine's.
  void raise_irql(const LockApi& api, const Call& c, State& s, const std::string& level_arg) {
    Irql level = api.level;
    Irql parsed;
    if (api.level_arg >= 0 && parse_irql(level_arg, &parsed)) level = parsed;
    Hold h;
    h.kind = Hold::Kind::Raise;
    h.site = AcquireSite::Kind::IrqlRaise;
    h.level = level;
    h.lock = "IRQL " + std::string(irql_name(level));
    h.pos = c.pos;
    h.api = c.callee;
    if (level >= Irql::Dispatch) record_acquire(h);
    s.holds.push_back(std::move(h));
  }

  // KeSynchronizeExecution and its kin run `routine` at the interrupt's level, holding its lock.
  void synchronized_call(const LockApi& api, const Call& c, const std::string& routine) {
    auto target = ctx_.resolver->function_named(routine, id_);
    if (!target) return;
    CallEdge e;
    e.callee = *target;
    e.pos = c.pos;
    e.local = api.level;
    e.lock_api = c.callee;
    e.synchronized = true;
    out_.calls.push_back(std::move(e));
  }

  // WdfInterruptAcquireLock on a passive-level interrupt takes a wait lock, not a spin lock.
  bool passive_interrupt(const Call& c) const {
    if (c.callee.rfind("WdfInterrupt", 0) != 0 || c.args.empty()) return false;
    std::string handle = last_member(c.args[0]);
    for (const std::string& p : ctx_.passive_interrupts)
      if (p == handle) return true;
    return false;
  }

  // A release of a lock this function did not take returns to the IRQL its taker saved: in a
  // cancel routine, IoReleaseCancelSpinLock returns to the IRQL of whoever cancelled the IRP,
  // which may be DISPATCH_LEVEL but is not certainly.
  void restore_foreign_irql(const Call& c, State& s) const {
    const ForeignIrqlRestore* r = find_foreign_irql_restore(c.callee);
    if (!r) return;
    s.tighten(r->max, Irql::Passive,
              c.callee + " returns to " + r->whose + ", which may be " + irql_name(r->max) +
                  " but is not certainly",
              c.pos);
  }

  // False when no hold matches: the function releases what its caller took.
  bool release(State& s, Hold::Kind kind, const std::string& lock, Pos at) {
    // The hold this release names; else the latest of its kind (lock texts are often spelled
    // differently at the two ends: `&ext->Lock` vs `&Extension->Lock`).
    auto named = std::find_if(s.holds.rbegin(), s.holds.rend(), [&](const Hold& h) {
      return h.kind == kind && !lock.empty() && (h.lock == lock || h.alt == lock);
    });
    if (named == s.holds.rend())
      named = std::find_if(s.holds.rbegin(), s.holds.rend(),
                           [&](const Hold& h) { return h.kind == kind; });
    if (named == s.holds.rend()) {
      ++foreign_releases_;
      return false;
    }
    close_region(*named, at);
    s.holds.erase(std::next(named).base());
    return true;
  }

  // A lock helper returns holding the lock on every path: `if (Flag) Release(...)` at the end of
  // an ordinary function leaves the lock only *maybe* held, and must not make it a helper.
  void summarise() {
    out_.returns_holding.clear();
    for (LockRegion& r : out_.regions) {
      r.closed = r.end.line != 0;
      for (const State& e : exits_)
        for (const Hold& h : e.holds)
          if (h.pos.offset == r.start.offset && !h.guard) r.closed = false;
    }
    if (exits_.empty()) return;
    for (const Hold& h : exits_.front().holds) {
      if (h.guard || h.maybe) continue;
      bool everywhere = std::all_of(exits_.begin() + 1, exits_.end(), [&](const State& e) {
        return std::any_of(e.holds.begin(), e.holds.end(), [&](const Hold& x) {
          return x.kind == h.kind && x.lock == h.lock && !x.maybe;
        });
      });
      if (!everywhere) continue;
      AcquireSite a;
      a.kind = h.site;
      a.pos = h.pos;
      a.api = h.api;
      a.lock = h.lock;
      a.level = h.level;
      a.via = h.via;
      a.via_file = h.via_file >= 0 ? h.via_file : static_cast<int32_t>(id_.file);
      a.via_pos = h.via_file >= 0 ? h.via_pos : h.pos;
      out_.returns_holding.push_back(std::move(a));
    }
    out_.releases_foreign = foreign_releases_ > 0 ? 1 : 0;
  }

  const FlowContext& ctx_;
  FunctionId id_;
  const Function& fn_;
  FunctionInference& out_;
  std::vector<Target> targets_;
  std::map<uint32_t, State> pending_gotos_;
  std::vector<State> exits_;
  IrqlVariables irql_vars_;
  IrqlCalls irql_calls_;
  // Whether the function calls an assertion macro: without one no mode is bounded, so the tests of
  // object modes (read from each condition's text) are not looked for at all.
  bool asserts_ = calls_assertion_macro(fn_);
  // The function's own names (parameters, locals): a condition on them alone is no object's mode.
  std::vector<std::string> own_names_ = asserts_ ? own_names(fn_) : std::vector<std::string>();
  // Conditions of the enclosing branches that test an object's mode, innermost last.
  std::vector<const std::string*> mode_tests_;
  // Modes (conditions, mode_key) whose branch asserts an IRQL: that IRQL, and the `if` step.
  struct ModeIrql {
    Irql irql;
    uint32_t learned_at;
  };
  std::map<std::string, ModeIrql> mode_irqls_;
  std::vector<int32_t> branch_modes_;  // ObjectModeBranch
  uint32_t foreign_releases_ = 0;
};

}  // namespace

void analyse_flow(const FlowContext& ctx, FunctionId id) {
  FunctionFlow(ctx, id, (*ctx.inferred)[id.file][id.index]).run();
}

void analyse_all_flows(const FlowContext& ctx) {
  const Program& p = *ctx.program;
  // Lock-helper summaries feed their callers: repeat until they settle (helpers of helpers).
  for (int round = 0; round < 4; ++round) {
    bool changed = false;
    for (uint32_t f = 0; f < p.files.size(); ++f)
      for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
        FunctionInference& inf = (*ctx.inferred)[f][i];
        size_t holding = inf.returns_holding.size(), acquires = inf.acquires.size();
        uint32_t foreign = inf.releases_foreign;
        analyse_flow(ctx, {f, i});
        if (inf.returns_holding.size() != holding || inf.acquires.size() != acquires ||
            inf.releases_foreign != foreign)
          changed = true;
      }
    if (!changed) break;
  }
}

}  // namespace pagewise
