#include "analysis/indirect_calls.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether the parentheses opening `s` close at its end.
bool wholly_parenthesized(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0 && i + 1 != s.size()) return false;
  }
  return true;
}

// `Table[i].Handler` → `Table.Handler`: which element is called does not matter, the table does.
std::string without_indexes(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '[') ++depth;
    if (depth == 0) out += c;
    if (c == ']' && depth > 0) --depth;
  }
  return out;
}

// The name an access starts with: `Handlers[code]` → Handlers, `g_Ops.Read` → g_Ops.
std::string root_name(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && ident_char(s[n])) ++n;
  return std::string(s.substr(0, n));
}

bool declared_in(const Function& fn, std::string_view name) {
  for (const std::string& p : fn.parameters)
    if (p == name) return true;
  for (const LocalObject& l : fn.locals)
    if (l.name == name) return true;
  return false;
}

void add(std::vector<FunctionId>& to, FunctionId id) {
  if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
}

class Collector {
 public:
  Collector(const Program& p, const Resolver& r) : p_(p), r_(r), fields_(p) {
    for (const FileFacts* ff : p.files)
      for (const ClassDecl& c : ff->classes) {
        const std::string& name = c.name.empty() && !c.aliases.empty() ? c.aliases[0] : c.name;
        if (!name.empty() && !c.field_names.empty()) field_order_.emplace(name, &c.field_names);
      }
    for (DataId g : p.globals) globals_.insert(p.data(g).name);
  }

  StoredPointers run() {
    for (DataId g : p_.globals) global(g);
    for (uint32_t f = 0; f < p_.files.size(); ++f)
      for (uint32_t i = 0; i < p_.files[f]->functions.size(); ++i) stores_in({f, i});
    if (!from_parameters_.empty()) stored_by_callers();
    return std::move(out_);
  }

 private:
  // The function a global's initializer names: the definition in the same file first (a static
  // function), else the unit's.
  std::optional<FunctionId> at_file_scope(std::string_view expression, uint32_t f) const {
    auto it = p_.by_name.find(plain_name(expression));
    if (it == p_.by_name.end() || it->second.empty()) return std::nullopt;
    for (FunctionId id : it->second)
      if (id.file == f) return id;
    return it->second.front();
  }

  void global(DataId g) {
    const DataItem& d = p_.data(g);
    if (!d.initialized) return;
    for (const std::string& n : d.initializer_names)
      if (auto fn = at_file_scope(n, g.file)) add(out_.globals[d.name], *fn);
    std::string cls = fields_.class_named(d.type);
    if (cls.empty()) return;
    auto named = [&](std::string_view v) { return at_file_scope(v, g.file); };
    if (!d.is_array) {
      fill(cls, d.initializer_elements, named);
      return;
    }
    for (const std::string& e : d.initializer_elements)
      if (!e.empty() && e.front() == '{') fill(cls, brace_elements(e), named);
  }

  // An aggregate initializer of the unit's structure `cls`: element k fills its k-th field, a
  // designator `.F = v` fills F.
  template <class Named>
  void fill(const std::string& cls, const std::vector<std::string>& elements, Named named) {
    auto order = field_order_.find(cls);
    if (order == field_order_.end()) return;
    for (size_t k = 0; k < elements.size(); ++k) {
      std::string field;
      std::string_view value = elements[k];
      if (!value.empty() && value.front() == '.') {
        size_t eq = value.find('=');
        if (eq == std::string_view::npos) continue;
        field = plain_name(value.substr(1, eq - 1));
        value = value.substr(eq + 1);
      } else if (k < order->second->size()) {
        field = (*order->second)[k];
      }
      if (field.empty()) continue;
      if (auto fn = named(value)) add(out_.fields[cls + "::" + field], *fn);
    }
  }

  // `ctx->Callback = FnA;`, `g_Handler = FnB;`, `Table[i] = FnC;`, `MY_OPS ops = { FnA, FnB };`.
  void stores_in(FunctionId id) {
    const Function& fn = p_.function(id);
    for (const LocalObject& l : fn.locals) {
      std::string cls = l.args.empty() ? std::string() : fields_.class_named(l.type);
      if (!cls.empty())
        fill(cls, l.args, [&](std::string_view v) { return r_.function_named(trim(v), id); });
    }
    for (const Assignment& a : fn.assignments) {
      if (a.op != "=") continue;
      std::string_view rhs = trim(a.rhs);
      std::vector<FunctionId>* into = pointer_stored(fn, a.lhs);
      if (!into) continue;
      if (auto target = r_.function_named(rhs, id)) {
        add(*into, *target);
        continue;
      }
      // `Head->Func = Func;` in `RcuCall(Head, Func)`: what its callers pass.
      std::string param = plain_name(rhs);
      auto k = std::find(fn.parameters.begin(), fn.parameters.end(), param);
      if (!param.empty() && k != fn.parameters.end())
        from_parameters_[fn.name].push_back(
            {id, static_cast<size_t>(k - fn.parameters.begin()), into});
    }
  }

  // Where an assignment to `lhs` in `fn` stores a pointer: a field of one of the unit's
  // structures, or a global; null for anything else (a local, a system structure's field).
  std::vector<FunctionId>* pointer_stored(const Function& fn, const std::string& lhs_text) {
    std::string lhs = without_indexes(called_pointer(lhs_text));
    if (names_field(lhs)) {
      std::string key = fields_.key(lhs, fn);
      return key.empty() ? nullptr : &out_.fields[key];
    }
    if (globals_.count(lhs) && !declared_in(fn, lhs)) return &out_.globals[lhs];
    return nullptr;
  }

  // A function that stores one of its parameters in a pointer stores there every function its
  // callers pass as that argument (one call deep).
  void stored_by_callers() {
    for (uint32_t f = 0; f < p_.files.size(); ++f)
      for (uint32_t i = 0; i < p_.files[f]->functions.size(); ++i)
        for (const Call& c : p_.files[f]->functions[i].calls) {
          auto it = from_parameters_.find(plain_name(c.callee));
          if (it == from_parameters_.end()) continue;
          std::vector<FunctionId> callees = r_.callees(c.callee, {f, i});
          for (const ParameterStore& ps : it->second) {
            if (ps.index >= c.args.size() ||
                std::find(callees.begin(), callees.end(), ps.function) == callees.end())
              continue;
            if (auto target = r_.function_named(c.args[ps.index], {f, i})) add(*ps.into, *target);
          }
        }
  }

  const Program& p_;
  const Resolver& r_;
  FieldPaths fields_;
  std::unordered_map<std::string, const std::vector<std::string>*> field_order_;
  std::unordered_set<std::string> globals_;
  StoredPointers out_;
  // A parameter a function stores in a pointer: by the function's name as written.
  struct ParameterStore {
    FunctionId function;
    size_t index;
    std::vector<FunctionId>* into;
  };
  std::unordered_map<std::string, std::vector<ParameterStore>> from_parameters_;
};

}  // namespace

std::string called_pointer(std::string_view callee) {
  std::string_view s = trim(callee);
  for (;;) {
    if (wholly_parenthesized(s)) {
      s = trim(s.substr(1, s.size() - 2));
    } else if (!s.empty() && s.front() == '*') {
      s = trim(s.substr(1));
    } else {
      break;
    }
  }
  return std::string(s);
}

std::vector<std::string> brace_elements(std::string_view initializer) {
  std::string_view s = trim(initializer);
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : ',';
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c != ',' || depth != 0) continue;
    std::string_view e = trim(s.substr(start, i - start));
    if (!e.empty()) out.emplace_back(e);
    start = i + 1;
  }
  return out;
}

StoredPointers stored_pointers(const Program& p, const Resolver& r) {
  return Collector(p, r).run();
}

IndirectCalls::IndirectCalls(const Program& p, const Resolver& r, const StoredPointers& stored)
    : p_(p), r_(r), stored_(stored), fields_(p) {
  for (const FileFacts* ff : p.files)
    for (const Function& fn : ff->functions)
      for (const Assignment& a : fn.assignments)
        if (a.op == "=" && std::all_of(a.lhs.begin(), a.lhs.end(), ident_char))
          assigned_.insert(a.lhs);
}

IndirectTarget IndirectCalls::targets(std::string_view callee, FunctionId caller) const {
  return targets(callee, caller, true);
}

// A local variable of `caller` (not a parameter): every function assigned to it in the body,
// named (`fn = FnA;`) or read from a stored pointer (`fn = Handlers[code];`).
IndirectTarget IndirectCalls::local_targets(const std::string& local, FunctionId caller) const {
  IndirectTarget out;
  const Function& fn = p_.function(caller);
  for (const Assignment& a : fn.assignments) {
    if (a.op != "=" || a.lhs != local) continue;
    std::vector<FunctionId> found;
    if (auto named = r_.function_named(a.rhs, caller)) {
      found.push_back(*named);
    } else {
      found = targets(a.rhs, caller, false).functions;
    }
    for (FunctionId id : found) add(out.functions, id);
  }
  if (!out.functions.empty()) out.through = local;
  return out;
}

IndirectTarget IndirectCalls::targets(std::string_view callee, FunctionId caller,
                                      bool follow_locals) const {
  IndirectTarget out;
  // Most calls the resolver leaves are to system routines by name: answered without copying.
  if (std::all_of(callee.begin(), callee.end(), ident_char) &&
      stored_.globals.find(callee) == stored_.globals.end() && !assigned_.count(callee))
    return out;
  std::string pointer = called_pointer(callee);
  std::string path = without_indexes(pointer);
  std::string root = root_name(path);
  if (root.empty()) return out;
  const Function& fn = p_.function(caller);
  bool parameter =
      std::find(fn.parameters.begin(), fn.parameters.end(), root) != fn.parameters.end();
  if (follow_locals && path == root && pointer == path && !parameter && declared_in(fn, root))
    return local_targets(root, caller);
  const std::vector<FunctionId>* found = nullptr;
  std::string key = names_field(path) ? fields_.key(path, fn) : std::string();
  if (!key.empty()) {
    auto it = stored_.fields.find(key);
    if (it != stored_.fields.end()) found = &it->second;
  } else if (!declared_in(fn, root) && (path == root || pointer != path)) {
    // A plain global (`g_Handler`), or a table of them or of structures (`Table[i].Handler`)
    // whose field is not one of the unit's: every function its initializer names.
    auto it = stored_.globals.find(root);
    if (it != stored_.globals.end()) found = &it->second;
  }
  if (!found) return out;
  out.functions = *found;
  out.through = pointer;
  return out;
}

}  // namespace pagewise
