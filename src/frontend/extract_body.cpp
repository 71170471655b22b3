// The function-body half of the walk: the steps that shape its flow (in statement order, for
// analysis/flow), its calls, assignments, locals, PAGED_CODE sites and the names it uses.
#include <algorithm>
#include <cctype>

#include "frontend/extract_walker.hpp"
#include "knowledge/limits.hpp"

namespace pagewise::syntax {

bool Walker::enter_in_function(TSNode n, Kind k, TSFieldId field, uint32_t depth, Scope& fn) {
  uint32_t start = ts_node_start_byte(n);
  bool in_body = start >= fn.body_start && start < fn.body_end;
  if (!in_body) return true;
  if (compiled_out(n)) return false;
  if (k == kFunctionDefinition) {  // a method of a local class
    begin_function(n);
    return true;
  }
  Function& f = out_.functions[fn.function_index];
  bool opened_block = open_role_block(n, field, depth, fn, f);
  if (std::optional<bool> descend = enter_flow_step(n, k, depth, fn, f, opened_block))
    return *descend;
  return enter_expression(n, k, field, f);
}

bool Walker::open_role_block(TSNode n, TSFieldId field, uint32_t depth, Scope& fn, Function& f) {
  if (fn.open.empty() || fn.open.back().depth + 1 != depth) return false;
  Step::Kind parent = f.steps[fn.open.back().step].kind;
  Step::Role role = Step::Role::Plain;
  bool wrap = true;
  switch (parent) {
    case Step::Kind::If:
      role = field == g_.f_condition     ? Step::Role::Cond
             : field == g_.f_consequence ? Step::Role::Then
             : field == g_.f_alternative ? Step::Role::Else
                                         : Step::Role::Plain;
      wrap = role != Step::Role::Plain;
      break;
    case Step::Kind::Loop:
      role = field == g_.f_body ? Step::Role::LoopBody : Step::Role::Header;
      wrap = ts_node_is_named(n);
      break;
    case Step::Kind::Switch:
      role = field == g_.f_body ? Step::Role::SwitchBody : Step::Role::Cond;
      wrap = ts_node_is_named(n);
      break;
    case Step::Kind::Try:
      role = field == g_.f_body ? Step::Role::TryBody : Step::Role::Handler;
      wrap = ts_node_is_named(n);
      break;
    case Step::Kind::Lambda:
      wrap = field == g_.f_body;
      break;
    default:
      wrap = false;
  }
  if (wrap) open_step(fn, f, n, depth, Step::Kind::Block, role);
  return wrap;
}

std::optional<bool> Walker::enter_flow_step(TSNode n, Kind k, uint32_t depth, Scope& fn,
                                            Function& f, bool opened_block) {
  switch (k) {
    case kCompoundStatement:
      if (!opened_block) open_step(fn, f, n, depth, Step::Kind::Block, Step::Role::Plain);
      return true;
    case kIf:
      enter_if(n, depth, fn, f);
      return true;
    case kSwitch:
      note_conditional(n, f);
      record_condition(n, g_.f_condition, f,
                       open_step(fn, f, n, depth, Step::Kind::Switch, Step::Role::Plain));
      return true;
    case kFor:
    case kForRange:
    case kWhile:
    case kDo:
      note_conditional(n, f);
      open_step(fn, f, n, depth, Step::Kind::Loop, Step::Role::Plain);
      return true;
    case kCase:  // the label's value ("" for default) in Function::conditions
      record_condition(n, g_.f_value, f,
                       open_step(fn, f, n, depth, Step::Kind::Case, Step::Role::Plain));
      return true;
    case kReturn:
      record_returned(n, f, open_step(fn, f, n, depth, Step::Kind::Return, Step::Role::Plain));
      return true;
    case kLabeled: {
      uint32_t i = open_step(fn, f, n, depth, Step::Kind::Label, Step::Role::Plain);
      f.steps[i].ref = label_of(n, f);
      return true;
    }
    case kGoto: {
      uint32_t i = leaf_step(f, n, Step::Kind::Goto);
      f.steps[i].ref = label_of(n, f);
      return false;
    }
    case kBreak:
      leaf_step(f, n, Step::Kind::Break);
      return false;
    case kContinue:
      leaf_step(f, n, Step::Kind::Continue);
      return false;
    case kSehTry:
    case kTry:
      open_step(fn, f, n, depth, Step::Kind::Try, Step::Role::Plain);
      return true;
    case kLambdaExpression:
      open_step(fn, f, n, depth, Step::Kind::Lambda, Step::Role::Plain);
      return true;
    default:
      return std::nullopt;
  }
}

void Walker::enter_if(TSNode n, uint32_t depth, Scope& fn, Function& f) {
  note_conditional(n, f);
  record_condition(n, g_.f_condition, f,
                   open_step(fn, f, n, depth, Step::Kind::If, Step::Role::Plain));
}

// The text of `n`'s `field` (an if's or switch's condition, a case label's value) becomes the ref
// of step `step`.
void Walker::record_condition(TSNode n, TSFieldId field, Function& f, uint32_t step) {
  TSNode cond = ts_node_child_by_field_id(n, field);
  f.conditions.push_back(ts_node_is_null(cond) ? std::string() : collapse_space(text(cond)));
  f.steps[step].ref = static_cast<uint32_t>(f.conditions.size() - 1);
}

// The value a `return` gives back ("" for a bare return) becomes the ref of its step: analysis
// reads helpers that return the IRQL or a test of it.
void Walker::record_returned(TSNode n, Function& f, uint32_t step) {
  std::string value;
  for (uint32_t i = 0; i < ts_node_named_child_count(n) && value.empty(); ++i) {
    TSNode c = ts_node_named_child(n, i);
    if (kind(c) != kComment) value = collapse_space(text(c));
  }
  f.returned.push_back(std::move(value));
  f.steps[step].ref = static_cast<uint32_t>(f.returned.size() - 1);
}

uint32_t Walker::label_of(TSNode n, Function& f) {
  TSNode label = ts_node_child_by_field_id(n, g_.f_label);
  return label_index(f, ts_node_is_null(label) ? std::string() : squeeze(text(label)));
}

bool Walker::enter_expression(TSNode n, Kind k, TSFieldId field, Function& f) {
  switch (k) {
    case kCallExpression: {
      TSNode callee = ts_node_child_by_field_id(n, g_.f_function);
      if (!ts_node_is_null(callee)) note_paged_code(squeeze(text(callee)), n, f);
      return true;
    }
    case kExpressionStatement: {
      TSNode e = ts_node_named_child(n, 0);
      if (!ts_node_is_null(e) && kind(e) == kConditionalExpression) note_conditional(n, f);
      // `FSP_KU_CODE;`: an object-like macro that runs PAGED_CODE().
      if (!ts_node_is_null(e) && kind(e) == kIdentifier) note_paged_code(squeeze(text(e)), n, f);
      return true;
    }
    case kFunctionDeclarator: {
      // `PAGED_CODE()` without its semicolon, before a declaration: the parser reads it as a
      // function declarator inside an error node (no real function declares PAGED_CODE).
      TSNode name = ts_node_child_by_field_id(n, g_.f_declarator);
      if (!ts_node_is_null(name) && ts_node_has_error(ts_node_parent(n)))
        note_paged_code(squeeze(text(name)), n, f);
      return true;
    }
    case kIdentifier:
      if (field != g_.f_function && field != g_.f_declarator) name_use(n, f, false);
      return false;
    case kFieldExpression:
      if (address_operator_before(ts_node_start_byte(n))) address_field_end_ = ts_node_end_byte(n);
      return true;
    case kFieldIdentifier:
      if (field == g_.f_field) name_use(n, f, true);
      return false;
    default:
      return true;
  }
}

void Walker::name_use(TSNode n, Function& f, bool is_field) {
  std::string_view t = text(n);
  if (t.empty()) return;
  bool local = false;
  if (!is_field) {
    bool caps = true;
    for (char c : t)
      if (std::islower(static_cast<unsigned char>(c))) {
        caps = false;
        break;
      }
    if (caps) return;
    for (const std::string& p : f.parameters)
      if (p == t) return;
    for (const LocalObject& l : f.locals)
      if (l.name == t) {
        local = true;
        break;
      }
  }
  if (local && !may_follow_local(ts_node_start_byte(n), ts_node_end_byte(n))) return;
  if (inside_sizeof(ts_node_start_byte(n))) return;  // sizeof(x) reads nothing
  NameUse u;
  u.name = intern(t);
  u.before_step = static_cast<uint32_t>(f.steps.size());
  u.pos = pos_of(n);
  u.field = is_field;
  // `&name` / `&x->name`: the '&' stands before the identifier, or before the whole field
  // expression, which ends where its field name ends.
  u.address_taken = is_field ? address_field_end_ == ts_node_end_byte(n)
                             : address_operator_before(ts_node_start_byte(n));
  TSNode value = is_field ? ts_node_parent(n) : n;
  if (is_field) u.path = intern(squeeze(text(value)));
  bool through_member = note_access(value, u, local);
  if (local && !followed_local(u, through_member)) return;
  u.local = local;
  f.uses.push_back(u);
}

uint32_t Walker::intern(std::string_view t) {
  auto it = name_ids_.find(t);
  if (it == name_ids_.end()) {
    out_.names.emplace_back(t);
    it = name_ids_.emplace(out_.names.back(), static_cast<uint32_t>(out_.names.size() - 1)).first;
  }
  return it->second;
}

// A local is kept where what it points to is touched: `*v`, `v[i]`, or `v` handed to a routine
// that reads or writes through it. `v->x` is left to the field use of x; any other use reads or
// writes only the variable (on the stack), which cannot page out.
bool Walker::followed_local(const NameUse& u, bool through_member) {
  if (u.address_taken) return false;
  if (u.access == NameUse::Access::Dereference) return !through_member;
  return u.access == NameUse::Access::Argument;  // only to such a routine (note_access)
}

bool Walker::note_access(TSNode e, NameUse& u, bool local) {
  // `&x->Lock` passed to a call is still an argument (its address_taken says so).
  auto address_of = [&](TSNode n) {
    if (kind(n) != kPointerExpression) return false;
    TSNode op = ts_node_child_by_field_id(n, g_.f_operator);
    return !ts_node_is_null(op) && text(op) == "&";
  };
  TSNode parent = ts_node_parent(e);
  while (!ts_node_is_null(parent) &&
         (kind(parent) == kCastExpression || kind(parent) == kParenthesizedExpression ||
          (u.address_taken && address_of(parent)))) {
    e = parent;
    parent = ts_node_parent(e);
  }
  if (ts_node_is_null(parent)) return false;
  switch (kind(parent)) {
    case kFieldExpression:
    case kSubscriptExpression:
      if (!ts_node_eq(ts_node_child_by_field_id(parent, g_.f_argument), e)) return false;
      u.access = NameUse::Access::Dereference;
      return kind(parent) == kFieldExpression;
    case kPointerExpression: {
      TSNode op = ts_node_child_by_field_id(parent, g_.f_operator);
      if (!ts_node_is_null(op) && text(op) == "*") u.access = NameUse::Access::Dereference;
      return false;
    }
    case kArgumentList: {
      TSNode call = ts_node_parent(parent);
      if (ts_node_is_null(call) || kind(call) != kCallExpression) return false;
      TSNode callee = ts_node_child_by_field_id(call, g_.f_function);
      if (ts_node_is_null(callee)) return false;
      uint32_t index = 0;
      for (uint32_t i = 0; i < ts_node_named_child_count(parent); ++i) {
        TSNode a = ts_node_named_child(parent, i);
        if (ts_node_eq(a, e)) break;
        if (kind(a) != kComment) ++index;
      }
      std::string name = squeeze(text(callee));
      // A local handed to any other routine is not kept (followed_local): its name need not be
      // interned.
      if (local && !touches_argument_memory(name, index)) return false;
      u.access = NameUse::Access::Argument;
      u.argument = static_cast<uint8_t>(std::min<uint32_t>(index, 255));
      u.callee = intern(name);
      return false;
    }
    default:
      return false;
  }
}

// Most uses of a local read or write the variable itself; only `*v`, `v[i]` and `v` as an argument
// are followed (followed_local). The characters around the name rule the others out (`v = x`,
// `v->f`, `v.f`, `&v`, `v + 1`) without walking up the tree, which costs a descent from the root
// per step (ts_node_parent): a dereference or subscript is written `*v`, `*(T)v`, `(v)[i]` or
// `v[i]`, an argument follows `(`, `,` or a cast's `)`; a comment before it is let through.
bool Walker::may_follow_local(uint32_t begin, uint32_t end) const {
  std::string_view t = in_.prepassed;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (end < t.size() && blank(t[end])) ++end;
  if (end < t.size()) {
    if (t[end] == '[') return true;
    if (t[end] == '.' || (t[end] == '-' && end + 1 < t.size() && t[end + 1] == '>')) return false;
  }
  while (begin > 0 && blank(t[begin - 1])) --begin;
  if (begin == 0) return false;
  char before = t[begin - 1];
  return before == '*' || before == '(' || before == ',' || before == ')' || before == '/';
}

bool Walker::inside_sizeof(uint32_t offset) const {
  std::string_view t = in_.prepassed;
  while (offset > 0 && (t[offset - 1] == ' ' || t[offset - 1] == '\t' || t[offset - 1] == '(' ||
                        t[offset - 1] == '\n'))
    --offset;
  return offset >= 6 && t.compare(offset - 6, 6, "sizeof") == 0;
}

bool Walker::address_operator_before(uint32_t offset) const {
  while (offset > 0) {
    char c = in_.prepassed[offset - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(') {
      --offset;
      continue;
    }
    return c == '&' && (offset < 2 || in_.prepassed[offset - 2] != '&');
  }
  return false;
}

uint32_t Walker::label_index(Function& f, std::string name) {
  for (uint32_t i = 0; i < f.labels.size(); ++i)
    if (f.labels[i] == name) return i;
  f.labels.push_back(std::move(name));
  return static_cast<uint32_t>(f.labels.size() - 1);
}

uint32_t Walker::open_step(Scope& fn, Function& f, TSNode n, uint32_t depth, Step::Kind kind,
                           Step::Role role) {
  Step st;
  st.kind = kind;
  st.role = role;
  st.pos = pos_of(n);
  f.steps.push_back(st);
  uint32_t i = static_cast<uint32_t>(f.steps.size() - 1);
  fn.open.push_back({i, depth, ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)});
  return i;
}

uint32_t Walker::leaf_step(Function& f, TSNode n, Step::Kind kind) {
  Step st;
  st.kind = kind;
  st.pos = pos_of(n);
  f.steps.push_back(st);
  uint32_t i = static_cast<uint32_t>(f.steps.size() - 1);
  f.steps[i].end = i + 1;
  return i;
}

void Walker::leave_in_function(TSNode n, Scope& fn) {
  uint32_t start = ts_node_start_byte(n);
  if (!(start >= fn.body_start && start < fn.body_end) || compiled_out(n)) return;
  Function& f = out_.functions[fn.function_index];
  switch (kind(n)) {
    case kCallExpression:
      call(n, f);
      break;
    case kDeleteExpression:
      deletion(n, f);
      break;
    case kAssignment:
      assignment(n, f);
      break;
    case kUpdateExpression:
      increment(n, f);
      break;
    case kDeclaration:
      local_declaration(n, f);
      break;
    default:
      break;
  }
  // Close the steps this node opened (a node may have opened a role Block and a kind step).
  uint32_t end = ts_node_end_byte(n);
  TSSymbol sym = ts_node_symbol(n);
  while (!fn.open.empty()) {
    const OpenStep& o = fn.open.back();
    if (o.node_start != start || o.node_end != end || o.symbol != sym) break;
    f.steps[o.step].end = static_cast<uint32_t>(f.steps.size());
    fn.open.pop_back();
  }
}

void Walker::assign_step(Function& f, TSNode n, Assignment a) {
  f.assignments.push_back(std::move(a));
  uint32_t i = leaf_step(f, n, Step::Kind::Assign);
  f.steps[i].ref = static_cast<uint32_t>(f.assignments.size() - 1);
}

void Walker::assignment(TSNode n, Function& f) {
  TSNode left = ts_node_child_by_field_id(n, g_.f_left);
  TSNode right = ts_node_child_by_field_id(n, g_.f_right);
  TSNode op = ts_node_child_by_field_id(n, g_.f_operator);
  if (ts_node_is_null(left) || ts_node_is_null(right)) return;
  Assignment a;
  a.lhs = squeeze(text(left));
  a.op = ts_node_is_null(op) ? std::string("=") : std::string(text(op));
  a.rhs = collapse_space(text(right));
  a.pos = pos_of(n);
  assign_step(f, n, std::move(a));
}

void Walker::increment(TSNode n, Function& f) {
  TSNode arg = ts_node_child_by_field_id(n, g_.f_argument);
  TSNode op = ts_node_child_by_field_id(n, g_.f_operator);
  if (ts_node_is_null(arg) || ts_node_is_null(op)) return;
  Assignment a;
  a.lhs = squeeze(text(arg));
  a.op = std::string(text(op));
  a.pos = pos_of(n);
  assign_step(f, n, std::move(a));
}

void Walker::local_declaration(TSNode n, Function& f) {
  TSNode type = ts_node_child_by_field_id(n, g_.f_type);
  std::string type_text = ts_node_is_null(type) ? std::string() : squeeze(text(type));
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
    TSNode d = ts_node_child(n, i);
    TSNode name = find_plain_name(d);
    if (ts_node_is_null(name) && kind(d) == kFunctionDeclarator) {
      constructed_local(d, type_text, f);
      continue;
    }
    if (ts_node_is_null(name)) continue;
    LocalObject local;
    local.type = type_text;
    local.pointer = is_pointer_declarator(d);
    local.name = squeeze(text(name));
    local.pos = pos_of(name);
    if (kind(d) == kInitDeclarator) {
      TSNode value = ts_node_child_by_field_id(d, g_.f_value);
      if (!ts_node_is_null(value)) {
        Kind vk = kind(value);
        if (vk == kArgumentList || vk == kInitializerList) {
          uint32_t nargs = ts_node_named_child_count(value);
          for (uint32_t k = 0; k < nargs; ++k) {
            TSNode arg = ts_node_named_child(value, k);
            if (kind(arg) != kComment) local.args.push_back(collapse_space(text(arg)));
          }
        } else {
          Assignment a;
          a.lhs = local.name;
          a.op = "=";
          a.rhs = collapse_space(text(value));
          a.pos = pos_of(d);
          assign_step(f, d, std::move(a));
        }
      }
    }
    f.locals.push_back(std::move(local));
    uint32_t s = leaf_step(f, name, Step::Kind::Local);
    f.steps[s].ref = static_cast<uint32_t>(f.locals.size() - 1);
  }
}

void Walker::constructed_local(TSNode d, const std::string& type_text, Function& f) {
  TSNode fname = ts_node_child_by_field_id(d, g_.f_declarator);
  TSNode params = ts_node_child_by_field_id(d, g_.f_parameters);
  if (ts_node_is_null(fname) || kind(fname) != kIdentifier) return;
  LocalObject local;
  local.type = type_text;
  local.name = squeeze(text(fname));
  local.pos = pos_of(fname);
  if (!ts_node_is_null(params)) {
    uint32_t np = ts_node_named_child_count(params);
    for (uint32_t k = 0; k < np; ++k)
      local.args.push_back(collapse_space(text(ts_node_named_child(params, k))));
  }
  f.locals.push_back(std::move(local));
  uint32_t st = leaf_step(f, fname, Step::Kind::Local);
  f.steps[st].ref = static_cast<uint32_t>(f.locals.size() - 1);
}

bool Walker::in_lambda() const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if (it->type != Scope::Function) continue;
    for (const OpenStep& o : it->open)
      if (out_.functions[it->function_index].steps[o.step].kind == Step::Kind::Lambda) return true;
    return false;
  }
  return false;
}

// A PAGED_CODE() or PAGED_CODE_LOCKED() site, written as such or through a unit macro that runs
// one.
void Walker::note_paged_code(const std::string& name, TSNode n, Function& f) {
  if (in_lambda()) return;
  if (name == "PAGED_CODE" || name == "PAGED_CODE_LOCKED") {
    f.paged_code.push_back(PagedCodeSite{name, pos_of(n)});
  } else if (in_.dialect) {
    std::string_view assertion = in_.dialect->paged_code_macro(name);
    if (!assertion.empty())
      f.paged_code.push_back(PagedCodeSite{std::string(assertion), pos_of(n)});
  }
}

void Walker::note_conditional(TSNode n, Function& f) {
  if (f.first_conditional.line == 0 && !in_lambda()) f.first_conditional = pos_of(n);
}

// Where the value of call `n` is stored: `x = f(...)`, `T x = f(...)`, `s->f = (T)f(...)`.
// Parentheses and casts around the call keep its value; anything else (an argument, an operand)
// makes another value, and the call's own result goes nowhere recorded.
std::string Walker::result_destination(TSNode n) const {
  TSNode value = n;
  TSNode parent = ts_node_parent(n);
  while (!ts_node_is_null(parent)) {
    std::string_view type = ts_node_type(parent);
    if (type != "parenthesized_expression" && type != "cast_expression") break;
    value = parent;
    parent = ts_node_parent(parent);
  }
  if (ts_node_is_null(parent)) return {};
  if (kind(parent) == kAssignment) {
    TSNode op = ts_node_child_by_field_id(parent, g_.f_operator);
    bool plain = ts_node_is_null(op) || text(op) == "=";
    TSNode right = ts_node_child_by_field_id(parent, g_.f_right);
    TSNode left = ts_node_child_by_field_id(parent, g_.f_left);
    if (plain && ts_node_eq(right, value) && !ts_node_is_null(left)) return squeeze(text(left));
  } else if (kind(parent) == kInitDeclarator) {
    TSNode init = ts_node_child_by_field_id(parent, g_.f_value);
    TSNode name = find_plain_name(parent);
    if (ts_node_eq(init, value) && !ts_node_is_null(name)) return squeeze(text(name));
  }
  return {};
}

void Walker::call(TSNode n, Function& f) {
  TSNode callee = ts_node_child_by_field_id(n, g_.f_function);
  if (ts_node_is_null(callee)) return;
  std::string name = squeeze(text(callee));
  if (name == "PAGED_CODE" || name == "PAGED_CODE_LOCKED") return;
  Call c;
  c.callee = std::move(name);
  c.pos = pos_of(n);
  TSNode args = ts_node_child_by_field_id(n, g_.f_arguments);
  if (!ts_node_is_null(args)) {
    uint32_t count = ts_node_named_child_count(args);
    c.args.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode a = ts_node_named_child(args, i);
      if (ts_node_is_missing(a) || kind(a) == kComment) continue;
      // Arguments name locks, functions, flags and levels: a few hundred bytes say it all, and a
      // cap keeps nested calls (f(g(g(...)))) from costing memory quadratic in their depth.
      std::string_view arg = text(a);
      c.args.push_back(collapse_space(arg.substr(0, std::min<size_t>(arg.size(), 512))));
    }
  }
  c.result_to = result_destination(n);
  f.calls.push_back(std::move(c));
  uint32_t i = leaf_step(f, n, Step::Kind::Call);
  f.steps[i].ref = static_cast<uint32_t>(f.calls.size() - 1);
}

// `delete p` (or `delete[] p`) calls the destructor of p's class: a call `delete p`, which
// analysis resolves through p's type (analysis/resolve.cpp).
void Walker::deletion(TSNode n, Function& f) {
  uint32_t count = ts_node_named_child_count(n);
  if (count == 0) return;
  TSNode deleted = ts_node_named_child(n, count - 1);
  if (ts_node_is_null(deleted) || ts_node_is_missing(deleted)) return;
  Call c;
  c.callee = "delete " + squeeze(text(deleted));
  c.pos = pos_of(n);
  f.calls.push_back(std::move(c));
  uint32_t i = leaf_step(f, n, Step::Kind::Call);
  f.steps[i].ref = static_cast<uint32_t>(f.calls.size() - 1);
}

}  // namespace pagewise::syntax
