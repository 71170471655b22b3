#include "analysis/irql_helpers.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "knowledge/irql.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

// Deeper statement nesting is not read: the function is then no helper (see flow.cpp).
constexpr int kMaxNesting = 400;
// Helpers of helpers of helpers settle in a few rounds; a longer chain keeps what it has.
constexpr int kMaxRounds = 4;

// What one function's returns say about an IRQL: the IRQL its `vars` name (a parameter under
// test, or none when the function reads the current IRQL itself). Each step is walked knowing
// the highest value that IRQL can have on the path reaching it.
class ReturnReader {
 public:
  ReturnReader(const Function& fn, IrqlVariables vars, const IrqlCalls& calls)
      : fn_(fn), vars_(std::move(vars)), calls_(calls) {}

  void run() {
    if (!fn_.steps.empty()) walk(0, Irql::High, 0);
  }

  bool returns_current() const { return returned_ && all_current_ && !unread_; }
  // The IRQL's caps when the function returns non-zero and zero; nullopt when they bound nothing.
  std::optional<GuardCaps> predicate() const {
    if (!returned_ || unread_ || !tested_ || (true_cap_ == Irql::High && false_cap_ == Irql::High))
      return std::nullopt;
    return GuardCaps{true_cap_, false_cap_};
  }

 private:
  // The highest IRQL on the paths that continue after step i, nullopt when none does.
  std::optional<Irql> walk(uint32_t i, Irql cap, int depth) {
    const Step& st = fn_.steps[i];
    if (depth > kMaxNesting) {
      unread_ = true;
      return cap;
    }
    switch (st.kind) {
      case Step::Kind::Block:
        return block(i, cap, depth);
      case Step::Kind::If:
        return branch(i, cap, depth);
      case Step::Kind::Return:
        note_return(st, cap);
        return std::nullopt;
      case Step::Kind::Goto:
        return std::nullopt;
      case Step::Kind::Label:  // reached by goto from anywhere: nothing known
        return block(i, Irql::High, depth);
      case Step::Kind::Assign:
        note_assignment(fn_.assignments[st.ref]);
        return cap;
      case Step::Kind::Call:
        note_call(fn_.calls[st.ref]);
        return cap;
      case Step::Kind::Lambda:  // its returns are the lambda's own
        return cap;
      default:  // loops, switches, try: every return inside is still under `cap`
        for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) walk(j, cap, depth + 1);
        return cap;
    }
  }

  std::optional<Irql> block(uint32_t i, Irql cap, int depth) {
    const Step& st = fn_.steps[i];
    std::optional<Irql> cur = cap;
    for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) {
      Step::Kind k = fn_.steps[j].kind;
      // After a return only a label or a case label is reached again.
      if (!cur && k != Step::Kind::Label && k != Step::Kind::Case) continue;
      cur = walk(j, cur.value_or(cap), depth + 1);
    }
    return cur;
  }

  std::optional<Irql> branch(uint32_t i, Irql cap, int depth) {
    const Step& st = fn_.steps[i];
    GuardCaps g;
    std::optional<Irql> then_end, else_end;
    bool has_else = false;
    for (uint32_t j = i + 1; j < st.end; j = fn_.steps[j].end) {
      const Step& c = fn_.steps[j];
      if (c.role == Step::Role::Cond) {
        walk(j, cap, depth + 1);
        if (st.ref < fn_.conditions.size()) g = irql_guard(fn_.conditions[st.ref], vars_, calls_);
      } else if (c.role == Step::Role::Then) {
        then_end = walk(j, std::min(cap, g.then_cap), depth + 1);
      } else if (c.role == Step::Role::Else) {
        has_else = true;
        else_end = walk(j, std::min(cap, g.else_cap), depth + 1);
      }
    }
    if (!has_else) else_end = std::min(cap, g.else_cap);
    if (then_end && else_end) return std::max(*then_end, *else_end);
    return then_end ? then_end : else_end;
  }

  void note_return(const Step& st, Irql cap) {
    std::string_view value;
    if (st.ref < fn_.returned.size()) value = fn_.returned[st.ref];
    if (value.empty()) {
      unread_ = true;  // a bare return: no value to read
      return;
    }
    returned_ = true;
    all_current_ = all_current_ && is_current_irql_value(value, vars_, calls_);
    GuardCaps t = irql_truth(value, vars_, calls_);
    // A function that only ever returns one constant bounds nothing by a test: a return hidden in
    // a macro (`RETURN_FALSE_IF(...)`) would give the other value.
    tested_ =
        tested_ || cap != Irql::High ||
        (!is_boolean_constant(value) && (t.then_cap != Irql::High || t.else_cap != Irql::High));
    true_cap_ = std::max(true_cap_, std::min(cap, t.then_cap));
    false_cap_ = std::max(false_cap_, std::min(cap, t.else_cap));
  }

  void note_assignment(const Assignment& a) { note_irql_assignment(a, vars_, calls_); }

  void note_call(const Call& c) {
    std::string saved = irql_saved_by(c, calls_, fn_);
    if (!saved.empty()) vars_[saved] = "KeGetCurrentIrql()";
  }

  const Function& fn_;
  IrqlVariables vars_;
  const IrqlCalls& calls_;
  bool returned_ = false;
  bool tested_ = false;  // some return is decided by a test of the IRQL
  bool all_current_ = true;
  bool unread_ = false;
  // Passive stands for "never returned": the lowest cap, which max leaves alone.
  Irql true_cap_ = Irql::Passive;
  Irql false_cap_ = Irql::Passive;
};

std::optional<IrqlHelper> merged(const std::vector<FunctionId>& targets,
                                 const std::vector<std::vector<FunctionInference>>& inferred) {
  if (targets.empty()) return std::nullopt;
  IrqlHelper out = inferred[targets[0].file][targets[0].index].irql_helper;
  for (size_t k = 1; k < targets.size(); ++k) {
    const IrqlHelper& h = inferred[targets[k].file][targets[k].index].irql_helper;
    out.returns_current = out.returns_current && h.returns_current;
    if (out.saves_to != h.saves_to) out.saves_to = -1;
    if (!h.predicate || h.tests != out.tests) out.predicate = false;
    out.true_cap = std::max(out.true_cap, h.true_cap);
    out.false_cap = std::max(out.false_cap, h.false_cap);
  }
  if (!out.predicate) out.true_cap = out.false_cap = Irql::High;
  return out;
}

// An `obj.Method(...)` the resolver finds ambiguous: every method of that name. Tests of the IRQL
// need all of them to agree; saving it, only those that save (IrqlHelper::saves_by_name).
std::optional<IrqlHelper> merged_by_name(
    const std::vector<FunctionId>& methods,
    const std::vector<std::vector<FunctionInference>>& inferred) {
  std::optional<IrqlHelper> out = merged(methods, inferred);
  if (!out) return out;
  int32_t saves = -1;
  for (FunctionId id : methods) {
    int32_t k = inferred[id.file][id.index].irql_helper.saves_to;
    if (k < 0 || inferred[id.file][id.index].irql_helper.saves_by_name) continue;
    if (saves >= 0 && saves != k) return out;  // they disagree on where
    saves = k;
  }
  if (saves >= 0 && out->saves_to < 0) {
    out->saves_to = saves;
    out->saves_by_name = true;
  }
  return out;
}

// The argument through which a call stores the IRQL current at it, or -1. `by_name`: only some
// of the methods the call may reach do.
int saving_argument(const Call& c, const IrqlCalls& calls, bool* by_name) {
  *by_name = false;
  if (const IrqlSaver* s = find_irql_saver(c.callee)) return s->arg;
  if (calls)
    if (auto h = calls(c.callee); h && h->saves_to >= 0) {
      *by_name = h->saves_by_name;
      return h->saves_to;
    }
  return -1;
}

// Whether `fn` declares `name` as a KIRQL variable.
bool declared_kirql(const Function& fn, const std::string& name) {
  return std::any_of(fn.locals.begin(), fn.locals.end(),
                     [&](const LocalObject& l) { return l.name == name && l.type == "KIRQL"; });
}

// Whether some argument of `c` is one of `fn`'s parameters as written (white space aside).
bool hands_on_parameter(const Call& c, const Function& fn) {
  if (fn.parameters.empty()) return false;
  return std::any_of(c.args.begin(), c.args.end(), [&](const std::string& arg) {
    std::string given = squeeze(arg);
    return std::find(fn.parameters.begin(), fn.parameters.end(), given) != fn.parameters.end();
  });
}

// The parameter through which `fn` stores the IRQL current at its call: the one its SAL annotates
// as saving it, or one it hands on as the OldIrql of a routine or helper that saves it (not
// through an unresolved member call: the parameter's type is not known).
int32_t saving_parameter(const Function& fn, const IrqlCalls& calls) {
  if (fn.saves_irql_parameter >= 0) return fn.saves_irql_parameter;  // its SAL says so
  for (const Call& c : fn.calls) {
    // Only a call handed a parameter can store through one: the others need no resolving.
    if (!hands_on_parameter(c, fn)) continue;
    bool by_name;
    int arg = saving_argument(c, calls, &by_name);
    if (by_name || arg < 0 || static_cast<size_t>(arg) >= c.args.size()) continue;
    std::string given = squeeze(c.args[static_cast<size_t>(arg)]);
    for (size_t k = 0; k < fn.parameters.size(); ++k)
      if (fn.parameters[k] == given) return static_cast<int32_t>(k);
  }
  return -1;
}

bool mentions(const Function& fn, const std::string& name) {
  auto in = [&](const std::string& text) { return text.find(name) != std::string::npos; };
  return std::any_of(fn.conditions.begin(), fn.conditions.end(), in) ||
         std::any_of(fn.returned.begin(), fn.returned.end(), in);
}

IrqlHelper helper_of(const Function& fn, const IrqlCalls& calls) {
  IrqlHelper h;
  h.saves_to = saving_parameter(fn, calls);
  if (fn.returned.empty()) return h;
  ReturnReader itself(fn, {}, calls);
  itself.run();
  h.returns_current = itself.returns_current();
  std::optional<GuardCaps> test = itself.predicate();
  for (size_t k = 0; !test && k < fn.parameters.size(); ++k) {
    if (!mentions(fn, fn.parameters[k])) continue;
    ReturnReader of_parameter(fn, {{fn.parameters[k], "KeGetCurrentIrql()"}}, calls);
    of_parameter.run();
    test = of_parameter.predicate();
    if (test) h.tests = static_cast<int32_t>(k);
  }
  if (test) {
    h.predicate = true;
    h.true_cap = test->then_cap;
    h.false_cap = test->else_cap;
  }
  return h;
}

bool same(const IrqlHelper& a, const IrqlHelper& b) {
  return a.returns_current == b.returns_current && a.saves_to == b.saves_to &&
         a.saves_by_name == b.saves_by_name && a.predicate == b.predicate && a.tests == b.tests &&
         a.true_cap == b.true_cap && a.false_cap == b.false_cap;
}

// What the routines `callee` names in `caller` do with the IRQL, merged; nullopt for none.
std::optional<IrqlHelper> helper_named(const Resolver& r, const IndirectCalls* indirect,
                                       const std::vector<std::vector<FunctionInference>>& inferred,
                                       FunctionId caller, std::string_view callee) {
  Resolution res = r.resolve(callee, caller);
  if (res.targets.empty() && indirect) res.targets = indirect->targets(callee, caller).functions;
  bool member =
      callee.find("->") != std::string_view::npos || callee.find('.') != std::string_view::npos;
  if (res.unknown_receiver_of > 0) return merged_by_name(res.targets, inferred);
  if (res.targets.empty() && member) return merged_by_name(r.methods_named(callee), inferred);
  return merged(res.targets, inferred);
}

}  // namespace

std::string irql_saved_by(const Call& c, const IrqlCalls& calls, const Function& fn) {
  // Only an address (`&OldIrql`) receives the IRQL: a call given none needs no resolving, which
  // is most calls, and resolving is what this costs.
  if (std::none_of(c.args.begin(), c.args.end(),
                   [](const std::string& a) { return a.find('&') != std::string::npos; }))
    return {};
  bool by_name;
  int arg = saving_argument(c, calls, &by_name);
  if (arg < 0 || static_cast<size_t>(arg) >= c.args.size()) return {};
  std::string given = squeeze(c.args[static_cast<size_t>(arg)]);
  if (given.size() < 2 || given[0] != '&') return {};  // the variable whose address is given
  std::string var = strip_address_of(given);
  // An unresolved `m_Machine.Lock(&oldIrql)` of a name whose saving methods agree: trusted for a
  // variable declared to hold an IRQL only.
  if (by_name && !declared_kirql(fn, var)) return {};
  return var;
}

void find_irql_helpers(const Program& p, const Resolver& r, const IndirectCalls* indirect,
                       std::vector<std::vector<FunctionInference>>& inferred) {
  for (int round = 0; round < kMaxRounds; ++round) {
    bool changed = false;
    for (uint32_t f = 0; f < p.files.size(); ++f)
      for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
        IrqlCalls calls = irql_calls_from(r, indirect, inferred, {f, i});
        IrqlHelper h = helper_of(p.files[f]->functions[i], calls);
        IrqlHelper& now = inferred[f][i].irql_helper;
        if (same(h, now)) continue;
        now = h;
        changed = true;
      }
    if (!changed) break;
  }
}

IrqlCalls irql_calls_from(const Resolver& r, const IndirectCalls* indirect,
                          const std::vector<std::vector<FunctionInference>>& inferred,
                          FunctionId caller) {
  // A caller names the same routines again and again (in each condition, return and call, on
  // each path), so each name is looked up once per closure. What a name gives cannot change while
  // the closure lives: helpers change only between the closures find_irql_helpers makes.
  using Known = std::map<std::string, std::optional<IrqlHelper>, std::less<>>;
  auto known = std::make_shared<Known>();
  return [&r, indirect, &inferred, caller, known](std::string_view callee) {
    if (auto it = known->find(callee); it != known->end()) return it->second;
    std::optional<IrqlHelper> h = helper_named(r, indirect, inferred, caller, callee);
    known->emplace(callee, h);
    return h;
  };
}

}  // namespace pagewise
