#include "analysis/object_modes.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "text/text.hpp"

namespace pagewise {

namespace {

constexpr int kMaxDepth = 4;  // locals and out-parameters followed from a store

uint64_t key(FunctionId id) { return (static_cast<uint64_t>(id.file) << 32) | id.index; }

// The class a method belongs to: "A::B::F" → "B", or the class whose body defines it.
std::string class_of(const Function& fn) {
  if (!fn.enclosing_class.empty()) return fn.enclosing_class;
  auto sep = fn.name.rfind("::");
  if (sep == std::string::npos) return {};
  std::string_view owner(fn.name.data(), sep);
  auto prev = owner.rfind("::");
  return std::string(prev == std::string_view::npos ? owner : owner.substr(prev + 2));
}

std::string short_name(const std::string& name) {
  auto sep = name.rfind("::");
  return sep == std::string::npos ? name : name.substr(sep + 2);
}

bool is_constructor(const Function& fn) {
  std::string cls = class_of(fn);
  return !cls.empty() && short_name(fn.name) == cls;
}

// `this->x` → `x`.
std::string_view without_this(std::string_view s) {
  if (s.substr(0, 6) == "this->") s.remove_prefix(6);
  return s;
}

// A boolean constant as constructors write them: 1 for TRUE, 0 for FALSE, nullopt otherwise.
std::optional<int32_t> bool_constant(std::string_view v) {
  v = trim(v);
  if (v == "TRUE" || v == "true" || v == "1") return 1;
  if (v == "FALSE" || v == "false" || v == "0") return 0;
  return std::nullopt;
}

// Drops one pair of parentheses that encloses all of `s`.
std::string_view unparenthesize(std::string_view s) {
  s = trim(s);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    int depth = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
      if (depth == 0 && i + 1 < s.size()) return s;
    }
    s = trim(s.substr(1, s.size() - 2));
  }
  return s;
}

// The index just past the parenthesis that closes the one at `open`, or npos.
size_t past_close(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    depth += (s[i] == '(' || s[i] == '{') ? 1 : (s[i] == ')' || s[i] == '}') ? -1 : 0;
    if (depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

// How many arguments the text between parentheses holds ("" → 0).
size_t count_arguments(std::string_view inner) {
  if (trim(inner).empty()) return 0;
  size_t n = 1;
  int depth = 0;
  for (char ch : inner) {
    if (ch == '(' || ch == '{' || ch == '[' || ch == '<') ++depth;
    if (ch == ')' || ch == '}' || ch == ']' || ch == '>') --depth;
    if (ch == ',' && depth == 0) ++n;
  }
  return n;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
  });
}

// Whether `fn` declares `name` itself (a parameter or a local), hiding a member of that name.
bool declares(const Function& fn, std::string_view name) {
  for (const std::string& p : fn.parameters)
    if (p == name) return true;
  for (const LocalObject& l : fn.locals)
    if (l.name == name) return true;
  return false;
}

// Whether a call of `nargs` arguments can reach `fn` (its parameters with defaults may be left
// out).
bool takes(const Function& fn, size_t nargs) {
  size_t required = fn.parameters.size();
  return nargs >= required && nargs <= required + fn.optional_parameters;
}

// A step of the body that every path runs before any early exit: a direct child of the body's
// block with no return or goto among the steps before it.
std::vector<bool> unconditional_steps(const Function& fn) {
  std::vector<bool> out(fn.steps.size(), false);
  if (fn.steps.empty()) return out;
  for (uint32_t j = 1; j < fn.steps[0].end && j < fn.steps.size(); j = fn.steps[j].end) {
    const Step& st = fn.steps[j];
    bool exits = false;
    for (uint32_t k = j; k < st.end && k < fn.steps.size(); ++k)
      exits |= fn.steps[k].kind == Step::Kind::Return || fn.steps[k].kind == Step::Kind::Goto;
    if (st.kind == Step::Kind::Assign) out[j] = true;
    if (exits || st.end <= j) break;
  }
  return out;
}

// The name a condition tests as a flag (`flag`, `!flag`, `(flag)`, `flag == FALSE`,
// `this->flag != TRUE`), and whether the then branch runs when it is set; "" for any other test.
std::string_view tested_flag(std::string_view t, bool& set) {
  std::string_view e = unparenthesize(t);
  set = true;
  if (!e.empty() && e.front() == '!' && e.substr(0, 2) != "!=") {
    set = false;
    e = unparenthesize(e.substr(1));
  }
  for (std::string_view op : {"==", "!="}) {
    auto at = e.find(op);
    if (at == std::string_view::npos) continue;
    auto v = bool_constant(e.substr(at + 2));
    if (!v) return {};
    set = set == ((op == "==") == (*v == 1));
    e = e.substr(0, at);
    break;
  }
  e = without_this(trim(e));
  return is_identifier(e) ? e : std::string_view();
}

// Whether `fn` may change its parameter `name`: an assignment to it or an increment, or its
// address handed to a call (`&name`, where a routine may write it).
bool writes(const Function& fn, std::string_view name) {
  for (const Assignment& a : fn.assignments)
    if (trim(a.lhs) == name) return true;
  for (const Call& c : fn.calls)
    for (const std::string& arg : c.args) {
      std::string_view a = trim(arg);
      if (a.size() == name.size() + 1 && a.front() == '&' && a.substr(1) == name) return true;
    }
  return false;
}

}  // namespace

// Parameters a function tests (`if (KeepBuffer)`) and never writes: each is a flag whose value a
// call that passes a constant fixes for the code the call reaches.
void ObjectModes::find_parameter_flags() {
  for (uint32_t f = 0; f < p_.files.size(); ++f) {
    const FileFacts& file = *p_.files[f];
    for (uint32_t i = 0; i < file.functions.size(); ++i) {
      const Function& fn = file.functions[i];
      if (fn.parameters.empty() || fn.conditions.empty()) continue;
      for (const std::string& condition : fn.conditions) {
        bool set = true;
        std::string t = squeeze(condition);
        std::string_view e = tested_flag(t, set);
        auto k = std::find(fn.parameters.begin(), fn.parameters.end(), e);
        if (e.empty() || k == fn.parameters.end() || writes(fn, e)) continue;
        if (parameter_flag(fn, {f, i}, e) >= 0) continue;
        int32_t flag = static_cast<int32_t>(table_->flags.size());
        table_->flags.push_back(fn.name + "'s parameter " + std::string(e));
        table_->parameter_flags.push_back(flag);
        parameter_flags_[key({f, i})].push_back(
            {static_cast<size_t>(k - fn.parameters.begin()), flag});
      }
    }
  }
}

int32_t ObjectModes::parameter_flag(const Function& fn, FunctionId id,
                                    std::string_view name) const {
  auto it = parameter_flags_.find(key(id));
  if (it == parameter_flags_.end()) return -1;
  for (const auto& [index, flag] : it->second)
    if (index < fn.parameters.size() && fn.parameters[index] == name) return flag;
  return -1;
}

int32_t ObjectModes::call_modes(const Call& c, FunctionId caller, FunctionId target) const {
  int32_t base = field_sets_.empty() ? -1 : receiver_modes(c.callee, caller, target);
  auto it = parameter_flags_.find(key(target));
  if (it == parameter_flags_.end()) return base;
  std::vector<int32_t> modes;
  for (const auto& [index, flag] : it->second) {
    if (index >= c.args.size()) continue;
    std::string_view arg = trim(c.args[index]);
    std::optional<int32_t> v = arg == "NULL" || arg == "nullptr" ? 0 : bool_constant(arg);
    if (v) modes.push_back(flag * 2 + *v);
  }
  if (modes.empty()) return base;
  if (base >= 0) {
    const std::vector<int32_t>& known = table_->receiver_sets[static_cast<size_t>(base)];
    modes.insert(modes.end(), known.begin(), known.end());
  }
  std::sort(modes.begin(), modes.end());
  modes.erase(std::unique(modes.begin(), modes.end()), modes.end());
  auto [at, added] = call_sets_.emplace(modes, static_cast<int32_t>(table_->receiver_sets.size()));
  if (added) table_->receiver_sets.push_back(modes);
  return at->second;
}

ObjectModes::ObjectModes(const Program& p, const Resolver& r, ObjectModeTable* table)
    : p_(p), r_(r), table_(table) {
  table_->flags.clear();
  table_->receiver_sets.clear();
  table_->parameter_flags.clear();
  find_parameter_flags();
  for (uint32_t f = 0; f < p_.files.size(); ++f)
    for (uint32_t i = 0; i < p_.files[f]->functions.size(); ++i)
      if (is_constructor(p_.files[f]->functions[i]))
        constructors_[class_of(p_.files[f]->functions[i])].push_back({f, i});
  if (constructors_.empty()) return;
  find_flags();
  disqualify_flags_set_elsewhere();
  find_constructor_modes();
  find_field_sets();
}

ObjectModes::Designates ObjectModes::merge(const Designates& a, const Designates& b) {
  if (!a.known || !b.known) return unknown();
  if (!a.any) return b;
  if (!b.any) return a;
  Designates out{true, true, {}};
  for (int32_t m : a.modes)
    if (std::find(b.modes.begin(), b.modes.end(), m) != b.modes.end()) out.modes.push_back(m);
  return out;
}

int32_t ObjectModes::flag_index(const std::string& cls, const std::string& flag) const {
  auto it = flag_index_.find(cls + "::" + flag);
  return it == flag_index_.end() ? -1 : it->second;
}

// Candidate flags: the members a constructor of their class assigns.
void ObjectModes::find_flags() {
  for (const auto& [cls, ctors] : constructors_)
    for (FunctionId id : ctors)
      for (const Assignment& a : p_.function(id).assignments) {
        std::string lhs(without_this(a.lhs));
        if (is_identifier(lhs) && !declares(p_.function(id), lhs))
          flag_index_.emplace(cls + "::" + lhs, 0);
      }
}

// A flag anything but its class's constructors writes (or takes the address of) is no mode.
void ObjectModes::disqualify_flags_set_elsewhere() {
  std::unordered_map<std::string, std::vector<std::string>> classes_of;  // flag name → classes
  for (const auto& [name, idx] : flag_index_) {
    auto sep = name.find("::");
    classes_of[name.substr(sep + 2)].push_back(name.substr(0, sep));
  }
  std::unordered_map<std::string, bool> derived;  // class → it names base classes
  for (const auto& file : p_.files)
    for (const ClassDecl& c : file->classes) derived[c.name] = derived[c.name] || !c.bases.empty();
  // `own` is a write of the object's own member (`flag = ...`, `this->flag = ...`): in a method of
  // a class with no base classes it writes that class's member (or a global), never the member of
  // another class that has no base classes either.
  auto disqualify = [&](const std::string& member, const Function& fn, bool own) {
    auto it = classes_of.find(member);
    if (it == classes_of.end()) return;
    std::string in = class_of(fn);
    auto d = derived.find(in);
    bool only_own_class = own && !in.empty() && d != derived.end() && !d->second;
    for (const std::string& cls : it->second) {
      if (own && is_constructor(fn) && in == cls) continue;
      if (only_own_class && in != cls && !derived[cls]) continue;  // neither inherits the member
      flag_index_[cls + "::" + member] = -1;
    }
  };
  for (const auto& file : p_.files)
    for (const Function& fn : file->functions) {
      for (const Assignment& a : fn.assignments)
        disqualify(last_member(a.lhs), fn, without_this(squeeze(a.lhs)) == last_member(a.lhs));
      for (const Call& c : fn.calls)
        for (const std::string& arg : c.args)
          if (trim(arg).substr(0, 1) == "&") disqualify(last_member(arg), fn, false);
    }
  // The flags left, numbered.
  std::vector<std::string> names;
  for (const auto& [name, idx] : flag_index_)
    if (idx >= 0) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (auto& [name, idx] : flag_index_) idx = -1;
  for (const std::string& n : names) {
    flag_index_[n] = static_cast<int32_t>(table_->flags.size());
    table_->flags.push_back(n);
  }
}

// Each constructor's constant flags: assigned one constant, unconditionally, and nothing else.
void ObjectModes::find_constructor_modes() {
  for (const auto& [cls, ctors] : constructors_)
    for (FunctionId id : ctors) {
      const Function& fn = p_.function(id);
      std::vector<bool> sure = unconditional_steps(fn);
      std::unordered_map<int32_t, int32_t> value;  // flag → 0/1, or -1 when not one constant
      std::unordered_map<int32_t, bool> certain;   // flag → assigned on every path
      for (const Assignment& a : fn.assignments) {
        int32_t flag = flag_index(cls, std::string(without_this(a.lhs)));
        if (flag < 0) continue;
        auto v = a.op == "=" ? bool_constant(a.rhs) : std::nullopt;
        int32_t now = v ? *v : -1;
        auto [it, first] = value.emplace(flag, now);
        if (!first && it->second != now) it->second = -1;
      }
      for (uint32_t j = 0; j < fn.steps.size(); ++j)
        if (sure[j] && fn.steps[j].ref < fn.assignments.size()) {
          const Assignment& a = fn.assignments[fn.steps[j].ref];
          int32_t flag = flag_index(cls, std::string(without_this(a.lhs)));
          if (flag >= 0) certain[flag] = true;
        }
      std::vector<int32_t>& modes = constructor_modes_[key(id)];
      for (const auto& [flag, v] : value)
        if (v >= 0 && certain[flag]) modes.push_back(flag * 2 + v);
    }
}

// For each field declared as a pointer to a class with flags: the modes of what it can hold.
void ObjectModes::find_field_sets() {
  std::unordered_set<std::string> with_flags;  // classes that have a flag
  for (const std::string& f : table_->flags) with_flags.insert(f.substr(0, f.find("::")));
  std::vector<std::pair<std::string, std::string>> fields;  // field name, class pointed to
  for (const auto& file : p_.files)
    for (const ClassDecl& c : file->classes)
      for (size_t k = 0; k < c.field_names.size() && k < c.field_name_types.size(); ++k) {
        const std::string& type = c.field_name_types[k];
        if (type.size() < 2 || type.back() != '*' || type[type.size() - 2] == '*') continue;
        std::string cls = short_name(type.substr(0, type.size() - 1));
        if (with_flags.count(cls)) fields.emplace_back(c.field_names[k], cls);
      }
  if (fields.empty()) return;
  StoresByField stores = stores_into(fields);
  for (const auto& [field, cls] : fields) {
    std::string k2 = field + "\n" + cls;
    if (field_sets_.count(k2)) continue;
    auto it = stores.find(field);
    Designates d = it == stores.end() ? null() : field_value(it->second, cls);
    int32_t set = -1;
    if (d.known && d.any && !d.modes.empty()) {
      set = static_cast<int32_t>(table_->receiver_sets.size());
      table_->receiver_sets.push_back(d.modes);
    }
    field_sets_[k2] = set;
  }
}

// Every store into a field of one of those names anywhere in the unit (whatever object it belongs
// to: a name is all the analysis knows of a field written through another pointer), read once.
ObjectModes::StoresByField ObjectModes::stores_into(
    const std::vector<std::pair<std::string, std::string>>& fields) const {
  std::unordered_set<std::string> names;
  for (const auto& f : fields) names.insert(f.first);
  StoresByField out;
  for (uint32_t f = 0; f < p_.files.size(); ++f)
    for (uint32_t i = 0; i < p_.files[f]->functions.size(); ++i) {
      const Function& fn = p_.files[f]->functions[i];
      for (const Assignment& a : fn.assignments) {
        std::string member = last_member(a.lhs);
        if (!names.count(member)) continue;
        if (!names_field(a.lhs) && declares(fn, a.lhs)) continue;  // a local of that name
        out[member].push_back({{f, i}, &a, nullptr, 0});
      }
      for (const Call& c : fn.calls)
        for (size_t k = 0; k < c.args.size(); ++k)
          if (trim(c.args[k]).substr(0, 1) == "&") {
            std::string member = last_member(c.args[k]);
            if (names.count(member)) out[member].push_back({{f, i}, nullptr, &c, k});
          }
    }
  return out;
}

ObjectModes::Designates ObjectModes::field_value(const std::vector<Store>& stores,
                                                 const std::string& cls) const {
  Designates all = null();
  for (const Store& s : stores) {
    if (s.assignment)
      all = merge(all,
                  s.assignment->op == "=" ? value_of(s.assignment->rhs, s.fn, cls, 0) : unknown());
    else
      all = merge(all, out_parameter(*s.call, s.arg, s.fn, cls, 0));
    if (!all.known) return all;
  }
  return all;
}

// What an expression stored in a `cls*` designates: null, `new cls(...)`, or a local variable
// whose own stores say.
ObjectModes::Designates ObjectModes::value_of(const std::string& expr, FunctionId fn,
                                              const std::string& cls, int depth) const {
  std::string_view e = unparenthesize(expr);
  if (e == "NULL" || e == "nullptr" || e == "0") return null();
  if (e.substr(0, 4) == "new " || e.substr(0, 4) == "new(") {
    e = trim(e.substr(3));
    if (!e.empty() && e.front() == '(') {  // placement arguments
      size_t end = past_close(e, 0);
      if (end == std::string_view::npos) return unknown();
      e = trim(e.substr(end));
    }
    size_t name_end = 0;
    while (name_end < e.size() && (std::isalnum(static_cast<unsigned char>(e[name_end])) ||
                                   e[name_end] == '_' || e[name_end] == ':'))
      ++name_end;
    if (short_name(std::string(e.substr(0, name_end))) != cls) return unknown();
    std::string_view rest = trim(e.substr(name_end));
    if (rest.empty()) return constructed("", 0, cls);
    size_t end = past_close(rest, 0);
    if ((rest.front() != '(' && rest.front() != '{') || end != rest.size()) return unknown();
    std::string inner(rest.substr(1, rest.size() - 2));
    return constructed(inner, count_arguments(inner), cls);
  }
  if (is_identifier(e) && depth < kMaxDepth) return local_value(std::string(e), fn, cls, depth);
  return unknown();
}

// The object `new cls(args)` builds: the modes every constructor that takes that many arguments
// sets. One argument may be the implicit copy constructor's (a mode copied from another object).
ObjectModes::Designates ObjectModes::constructed(const std::string& args_text, size_t nargs,
                                                 const std::string& cls) const {
  (void)args_text;
  auto it = constructors_.find(cls);
  if (it == constructors_.end() || nargs == 1) return unknown();
  Designates out;
  bool first = true;
  for (FunctionId id : it->second) {
    if (!takes(p_.function(id), nargs)) continue;
    auto modes = constructor_modes_.find(key(id));
    Designates one{true, true,
                   modes == constructor_modes_.end() ? std::vector<int32_t>{} : modes->second};
    out = first ? one : merge(out, one);
    first = false;
  }
  if (first || out.modes.empty()) return unknown();
  return out;
}

// A local variable of `fn`: every value stored into it there, and every call it is handed to by
// address (an out-parameter). A parameter, or a local whose address is kept, is unknown.
ObjectModes::Designates ObjectModes::local_value(const std::string& name, FunctionId id,
                                                 const std::string& cls, int depth) const {
  const Function& fn = p_.function(id);
  if (std::find(fn.parameters.begin(), fn.parameters.end(), name) != fn.parameters.end())
    return unknown();
  bool local = false;
  for (const LocalObject& l : fn.locals) {
    if (l.name != name) continue;
    local = true;
    if (!l.args.empty()) return unknown();  // `T* x(expr)`
  }
  if (!local) return unknown();  // a global or member: stored elsewhere too
  Designates all = null();
  for (const Assignment& a : fn.assignments) {
    if (a.lhs == name)
      all = merge(all, a.op == "=" ? value_of(a.rhs, id, cls, depth + 1) : unknown());
    if (squeeze(a.rhs).find("&" + name) != std::string::npos) return unknown();
  }
  for (const Call& c : fn.calls)
    for (size_t k = 0; k < c.args.size(); ++k)
      if (squeeze(c.args[k]) == "&" + name)
        all = merge(all, out_parameter(c, k, id, cls, depth + 1));
  return all;
}

// What a call stores through its argument `arg` (`Create(&x, ...)`): every `*Param = value` in
// each function the call can reach. A parameter handed on or rebound is unknown.
ObjectModes::Designates ObjectModes::out_parameter(const Call& c, size_t arg, FunctionId caller,
                                                   const std::string& cls, int depth) const {
  if (depth >= kMaxDepth) return unknown();
  Resolution res = r_.resolve(c.callee, caller);
  if (res.targets.empty() || res.unknown_receiver_of > 0) return unknown();
  Designates all = null();
  bool reached = false;
  for (FunctionId g : res.targets) {
    const Function& fn = p_.function(g);
    if (!takes(fn, c.args.size())) continue;
    reached = true;
    if (arg >= fn.parameters.size()) return unknown();
    const std::string& param = fn.parameters[arg];
    for (const Assignment& a : fn.assignments) {
      std::string lhs = squeeze(a.lhs);
      if (lhs == param) return unknown();
      if (lhs == "*" + param || lhs == "*(" + param + ")")
        all = merge(all, a.op == "=" ? value_of(a.rhs, g, cls, depth + 1) : unknown());
    }
    for (const Call& inner : fn.calls)
      for (const std::string& a : inner.args)
        if (squeeze(a) == param) return unknown();
  }
  return reached ? all : unknown();
}

int32_t ObjectModes::branch_mode(const std::string& condition, FunctionId id,
                                 bool then_branch) const {
  if (table_->flags.empty()) return -1;
  const Function& fn = p_.function(id);
  std::string t = squeeze(condition);
  bool set = true;  // the then branch runs when the flag is set
  std::string_view e = tested_flag(t, set);
  if (e.empty()) return -1;
  if (int32_t flag = parameter_flag(fn, id, e); flag >= 0)
    return flag * 2 + ((set == then_branch) ? 1 : 0);
  std::string cls = class_of(fn);
  if (cls.empty() || is_constructor(fn) || declares(fn, e)) return -1;
  int32_t flag = flag_index(cls, std::string(e));
  if (flag < 0) return -1;
  return flag * 2 + ((set == then_branch) ? 1 : 0);
}

int32_t ObjectModes::receiver_modes(std::string_view callee, FunctionId caller,
                                    FunctionId target) const {
  if (field_sets_.empty()) return -1;
  std::string cls = class_of(p_.function(target));
  std::string text = squeeze(callee);
  size_t arrow = text.rfind("->"), dot = text.rfind('.');
  size_t cut = arrow == std::string::npos ? dot
               : dot == std::string::npos ? arrow
                                          : std::max(arrow, dot);
  if (cut == std::string::npos) return -1;  // a call on `this`
  std::string receiver(without_this(std::string_view(text).substr(0, cut)));
  std::string field = last_member(receiver);
  if (!is_identifier(field)) return -1;
  if (receiver == field) {  // a bare name: a member only if the caller declares no such name
    const Function& fn = p_.function(caller);
    if (class_of(fn).empty() || declares(fn, field)) return -1;
  } else if (receiver.size() < field.size() + 1 ||
             receiver.compare(receiver.size() - field.size(), field.size(), field) != 0) {
    return -1;  // `a->b[i]`, `(x)`: not simply the field
  }
  auto it = field_sets_.find(field + "\n" + cls);
  return it == field_sets_.end() ? -1 : it->second;
}

}  // namespace pagewise
