#include "analysis/resolve.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string_view last_component(std::string_view name) {
  size_t cut = std::string_view::npos;
  for (std::string_view sep : {"::", "->", "."}) {
    size_t at = name.rfind(sep);
    if (at != std::string_view::npos && (cut == std::string_view::npos || at + sep.size() > cut))
      cut = at + sep.size();
  }
  return cut == std::string_view::npos ? name : name.substr(cut);
}

}  // namespace

std::string strip_address_of(std::string_view e) {
  e = trim(e);
  while (!e.empty() && (e.front() == '&' || e.front() == ' ')) e.remove_prefix(1);
  // (&x) and &(x): drop one pair of enclosing parentheses.
  while (e.size() >= 2 && e.front() == '(' && e.back() == ')') {
    int depth = 0;
    bool encloses = true;
    for (size_t i = 0; i < e.size(); ++i) {
      depth += e[i] == '(' ? 1 : e[i] == ')' ? -1 : 0;
      if (depth == 0 && i + 1 < e.size()) {
        encloses = false;
        break;
      }
    }
    if (!encloses) break;
    e = trim(e.substr(1, e.size() - 2));
    while (!e.empty() && e.front() == '&') e.remove_prefix(1);
  }
  std::string out;
  for (char c : e)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  return out;
}

std::string last_member(std::string_view expression) {
  std::string e = strip_address_of(expression);
  std::string last(last_component(e));
  auto bracket = last.find('[');
  return bracket == std::string::npos ? last : last.substr(0, bracket);
}

bool names_field(std::string_view expression) {
  return expression.find("->") != std::string_view::npos ||
         expression.find('.') != std::string_view::npos;
}

namespace {

// One leading cast `(TYPE)x` or enclosing parentheses `(x)` dropped from `e`; false when the
// parenthesis does not close.
bool drop_cast(std::string_view& e) {
  int depth = 0;
  size_t close = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    depth += e[i] == '(' ? 1 : e[i] == ')' ? -1 : 0;
    if (depth == 0) {
      close = i;
      break;
    }
  }
  if (close == 0) return false;
  std::string_view inside = trim(e.substr(1, close - 1));
  std::string_view rest = trim(e.substr(close + 1));
  e = rest.empty() ? inside : rest;
  return true;
}

}  // namespace

std::string without_casts(std::string_view e) {
  e = trim(e);
  for (int guard = 0; guard < 16 && !e.empty() && e.front() == '('; ++guard)
    if (!drop_cast(e)) return {};
  return std::string(e);
}

std::string plain_name(std::string_view e) {
  e = trim(e);
  for (int guard = 0; guard < 16 && !e.empty(); ++guard) {
    if (e.front() == '&' || e.front() == '*') {
      e = trim(e.substr(1));
      continue;
    }
    if (e.front() == '(') {
      if (!drop_cast(e)) return {};
      continue;
    }
    break;
  }
  if (e.empty() || std::isdigit(static_cast<unsigned char>(e.front()))) return {};
  for (size_t i = 0; i < e.size(); ++i) {
    if (ident_char(e[i])) continue;
    if (e[i] == ':' && i + 1 < e.size() && e[i + 1] == ':') {
      ++i;
      continue;
    }
    return {};
  }
  return std::string(e);
}

namespace {

bool is_ident(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s)
    if (!ident_char(c)) return false;
  return true;
}

// `a.b->c[2].F` → components a, b, c, F and the separators between them ("." or "->"), subscripts
// dropped. False when the text is not such a chain (a call, a cast, a dereference in it).
bool split_chain(std::string_view text, std::vector<std::string>& parts, std::vector<bool>& arrow) {
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '[') {
      int depth = 0;
      for (; i < text.size(); ++i) {
        depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
        if (depth == 0) break;
      }
      continue;
    }
    bool is_arrow = c == '-' && i + 1 < text.size() && text[i + 1] == '>';
    if (c == '.' || is_arrow) {
      if (!is_ident(cur)) return false;
      parts.push_back(cur);
      arrow.push_back(is_arrow);
      cur.clear();
      if (is_arrow) ++i;
      continue;
    }
    cur.push_back(c);
  }
  if (!is_ident(cur)) return false;
  parts.push_back(cur);
  return parts.size() >= 2;
}

bool strip_prefix(std::string& s, std::string_view prefix) {
  if (s.size() <= prefix.size() || s.compare(0, prefix.size(), prefix) != 0) return false;
  s.erase(0, prefix.size());
  return true;
}

// Keeps the overloads whose parameter count is the call's argument count, where some are.
std::vector<FunctionId> by_arity(const Program& p, std::vector<FunctionId> ids, int nargs) {
  if (nargs < 0 || ids.size() < 2) return ids;
  std::vector<FunctionId> fit;
  for (FunctionId id : ids)
    if (p.function(id).parameters.size() == static_cast<size_t>(nargs)) fit.push_back(id);
  return fit.empty() ? ids : fit;
}

constexpr int kMaxClassDepth = 8;

bool looks_like_header(const std::string& path) {
  auto dot = path.rfind('.');
  if (dot == std::string::npos || dot + 1 >= path.size()) return false;
  char c = static_cast<char>(std::tolower(static_cast<unsigned char>(path[dot + 1])));
  return c == 'h' || c == 'i';  // .h .hh .hpp .hxx .inl
}

}  // namespace

Resolver::Resolver(const Program& p) : p_(p) {
  std::unordered_set<std::string> with_definitions;  // classes named by a method's definition
  for (const auto& [name, ids] : p.by_name) {
    size_t sep = name.rfind("::");
    if (sep == std::string::npos) continue;
    auto& v = by_method_[std::string(last_component(name))];
    v.insert(v.end(), ids.begin(), ids.end());
    classes_.try_emplace(name.substr(0, sep));  // a class whose methods are defined here
    for (FunctionId id : ids)                   // out of a class body: a class of that very name
      if (p.function(id).enclosing_class.empty()) with_definitions.insert(name.substr(0, sep));
  }
  for (const FileFacts* ff : p.files)
    for (const ClassDecl& c : ff->classes) {
      if (c.name.empty()) continue;
      ClassInfo& info = classes_[c.name];
      info.declared = true;
      for (size_t k = 0; k < c.field_names.size() && k < c.field_name_types.size(); ++k)
        info.fields.try_emplace(c.field_names[k], c.field_name_types[k]);
      for (const std::string& b : c.bases)
        if (std::find(info.bases.begin(), info.bases.end(), b) == info.bases.end())
          info.bases.push_back(b);
      for (const std::string& a : c.aliases) class_alias_.try_emplace(a, c.name);
    }
  if (p.unit) {
    std::unordered_set<std::string> sources(p.unit->files.begin(), p.unit->files.end());
    for (uint32_t f = 0; f < p.files.size(); ++f)
      if (sources.count(p.files[f]->path) && !looks_like_header(p.files[f]->path))
        compiled_.insert(f);
  }
  for (const FileFacts* ff : p.files) {
    for (const TypeAlias& a : ff->type_aliases) type_alias_.try_emplace(a.name, a.type);
    for (const MacroDef& m : ff->macros)
      if (!m.function_like && !m.alias.empty()) type_alias_.try_emplace(m.name, m.alias);
  }
  merge_namespaced_declarations(with_definitions);
  for (const auto& [name, info] : classes_) {
    size_t sep = name.rfind("::");
    if (sep != std::string::npos) class_alias_.try_emplace(name.substr(sep + 2), name);
  }
  for (auto& [name, info] : classes_)
    for (const std::string& b : info.bases) {
      std::string base = class_named(b);
      if (!base.empty() && base != name) classes_[base].derived.push_back(name);
    }
}

// A class declared inside a namespace is recorded by its own name (`T`, with its fields and bases),
// while its methods are defined by their qualified name (`A::B::T::M`): the two are one class when
// exactly one qualified class of the unit ends in `::T` and no method is defined as `T::M` outside
// a class body (inside it, `T::M` is the declared class's own inline method).
void Resolver::merge_namespaced_declarations(
    const std::unordered_set<std::string>& with_definitions) {
  std::unordered_map<std::string, std::vector<std::string>> qualified_by_tail;
  for (const auto& [name, info] : classes_)
    if (size_t sep = name.rfind("::"); sep != std::string::npos)
      qualified_by_tail[name.substr(sep + 2)].push_back(name);
  for (const auto& [tail, names] : qualified_by_tail) {
    auto declared = classes_.find(tail);
    if (names.size() != 1 || declared == classes_.end() || !declared->second.declared) continue;
    ClassInfo& qualified = classes_.at(names.front());
    if (with_definitions.count(tail) || qualified.declared) continue;  // two classes of that name
    qualified.declared = true;
    qualified.fields.merge(declared->second.fields);
    for (const std::string& b : declared->second.bases) qualified.bases.push_back(b);
    classes_.erase(declared);
    for (auto& [alias, cls] : class_alias_)
      if (cls == tail) cls = names.front();
    class_alias_[tail] = names.front();
  }
}

std::string Resolver::class_named(std::string type, int depth) const {
  while (!type.empty() && (type.back() == '*' || type.back() == '&')) type.pop_back();
  if (type.rfind("::", 0) == 0) type.erase(0, 2);
  for (int pass = 0; pass < 2; ++pass) {
    if (classes_.count(type)) return type;
    if (auto a = class_alias_.find(type); a != class_alias_.end()) return a->second;
    if (auto a = type_alias_.find(type); a != type_alias_.end() && depth < kMaxClassDepth)
      if (std::string c = class_named(a->second, depth + 1); !c.empty()) return c;
    size_t sep = type.rfind("::");
    if (sep != std::string::npos) {
      std::string tail = type.substr(sep + 2);
      if (classes_.count(tail)) return tail;
      if (auto a = class_alias_.find(tail); a != class_alias_.end()) return a->second;
    }
    // `structFOO` (white space squeezed out of `struct FOO`), `PFOO` for a pointer to FOO.
    if (!(strip_prefix(type, "struct") || strip_prefix(type, "class") ||
          strip_prefix(type, "union") ||
          (type.size() > 1 && type[0] == 'P' && strip_prefix(type, "P"))))
      break;
  }
  return {};
}

// The class a member access goes into, for a declared type followed by `.` or `->`: the type
// itself, the class a pointer designates, or for `->` on a template (`std::unique_ptr<T>`,
// `CComPtr<T>`, `CObjHolder<T, Deleter>`), its first argument.
std::string Resolver::member_class(std::string type, bool arrow) const {
  size_t open = type.find('<');
  if (open != std::string::npos) {
    size_t close = type.rfind('>');
    bool pointer = type.find('*', close == std::string::npos ? open : close) != std::string::npos;
    if (!arrow || pointer || close == std::string::npos || close < open)
      return class_named(type.substr(0, open));
    std::string arg = type.substr(open + 1, close - open - 1);
    int depth = 0;
    for (size_t i = 0; i < arg.size(); ++i) {
      depth += arg[i] == '<' ? 1 : arg[i] == '>' ? -1 : 0;
      if (arg[i] == ',' && depth == 0) return class_named(arg.substr(0, i));  // a deleter after
    }
    return class_named(arg);
  }
  return class_named(type);
}

std::string Resolver::field_type(const std::string& cls, const std::string& field) const {
  std::vector<std::string> todo{cls};
  for (int depth = 0; depth < kMaxClassDepth && !todo.empty(); ++depth) {
    std::vector<std::string> next;
    for (const std::string& c : todo) {
      auto it = classes_.find(c);
      if (it == classes_.end()) continue;
      if (auto f = it->second.fields.find(field); f != it->second.fields.end()) return f->second;
      for (const std::string& b : it->second.bases)
        if (std::string base = class_named(b); !base.empty()) next.push_back(base);
    }
    todo = std::move(next);
  }
  return {};
}

std::string Resolver::type_of_receiver(const std::string& name, FunctionId caller,
                                       const std::string& cls) const {
  const Function& fn = p_.function(caller);
  for (const LocalObject& l : fn.locals)
    if (l.name == name) return l.pointer ? l.type + "*" : l.type;
  for (size_t k = 0; k < fn.parameters.size() && k < fn.parameter_types.size(); ++k)
    if (fn.parameters[k] == name) return fn.parameter_types[k];
  if (!cls.empty())
    if (std::string t = field_type(class_named(cls), name); !t.empty()) return t;
  std::string global;
  for (uint32_t f = 0; f < p_.files.size(); ++f)
    for (const DataItem& d : p_.files[f]->data)
      if (d.name == name && (global.empty() || f == caller.file))
        global = d.is_pointer ? d.type + "*" : d.type;
  return global;
}

// The definitions of `method` in `cls`, or else in its nearest base classes that define it.
std::vector<FunctionId> Resolver::method_of(const std::string& cls,
                                            const std::string& method) const {
  std::vector<std::string> todo{cls};
  for (int depth = 0; depth < kMaxClassDepth && !todo.empty(); ++depth) {
    std::vector<FunctionId> found;
    std::vector<std::string> next;
    for (const std::string& c : todo) {
      if (auto it = p_.by_name.find(c + "::" + method); it != p_.by_name.end())
        found.insert(found.end(), it->second.begin(), it->second.end());
      // A namespaced class's inline methods carry the name it was declared with.
      if (std::string short_name(last_component(c)); short_name != c)
        if (auto a = class_alias_.find(short_name); a != class_alias_.end() && a->second == c)
          if (auto it = p_.by_name.find(short_name + "::" + method); it != p_.by_name.end())
            found.insert(found.end(), it->second.begin(), it->second.end());
      if (auto it = classes_.find(c); it != classes_.end())
        for (const std::string& b : it->second.bases)
          if (std::string base = class_named(b); !base.empty()) next.push_back(base);
    }
    if (!found.empty()) return found;
    todo = std::move(next);
  }
  return {};
}

// The class of what `parts` (joined by `->` where `arrow` says so, `.` elsewhere) designates, the
// last part included: the receiver of a call on it. `deref`: the chain was written `(*p)->...`.
std::string Resolver::chain_class(const std::vector<std::string>& parts,
                                  const std::vector<bool>& arrow, bool deref, FunctionId caller,
                                  const std::string& cls) const {
  std::string cur;
  if (parts[0] == "this") {
    cur = class_named(cls);
  } else {
    std::string type = type_of_receiver(parts[0], caller, cls);
    if (type.empty()) return {};
    if (deref && !type.empty() && type.back() == '*') {
      type.pop_back();
    } else if (deref) {  // a smart pointer: its pointee, whatever follows
      cur = member_class(type, true);
      type = cur;
    }
    cur = member_class(type, arrow[0]);
  }
  for (size_t k = 1; k < parts.size() && !cur.empty(); ++k) {
    std::string type = field_type(cur, parts[k]);
    cur = type.empty() ? std::string() : member_class(type, arrow[k]);
  }
  return cur;
}

// `delete p` runs the destructor of the class p points to, when that is a class of the unit
// (found through p's declared type as a member call's receiver is). Otherwise nothing is known:
// the call reaches no function.
Resolution Resolver::destructor_of(const std::string& deleted, FunctionId caller,
                                   const std::string& cls) const {
  Resolution r;
  std::vector<std::string> parts;
  std::vector<bool> arrow;
  // Split `p->m_Lock` as the receiver of a call `p->m_Lock->M`: the last hop is the pointer.
  if (!split_chain(deleted + "->M", parts, arrow)) return r;
  parts.pop_back();
  std::string cur = chain_class(parts, arrow, false, caller, cls);
  if (cur.empty()) return r;
  r.targets = method_of(cur, "~" + std::string(last_component(cur)));
  return r;
}

// A member call by its receiver's declared type. `known`: the receiver's class is a class of the
// unit, so what it finds (possibly nothing: a method defined elsewhere) is the answer.
std::vector<FunctionId> Resolver::by_type(const std::string& callee, FunctionId caller,
                                          const std::string& cls, bool& known) const {
  known = false;
  std::vector<std::string> parts;
  std::vector<bool> arrow;
  // `(*p)->F()`, `(*p).F()`: the receiver is what `p` points to.
  bool deref = false;
  std::string chain = callee;
  if (chain.rfind("(*", 0) == 0) {
    size_t close = chain.find(')');
    if (close == std::string::npos || !is_ident(chain.substr(2, close - 2))) return {};
    chain = chain.substr(2, close - 2) + chain.substr(close + 1);
    deref = true;
  }
  if (!split_chain(chain, parts, arrow)) return {};
  std::string cur = chain_class({parts.begin(), parts.end() - 1}, arrow, deref, caller, cls);
  if (cur.empty()) return {};
  const std::string& method = parts.back();
  std::vector<FunctionId> found = method_of(cur, method);
  if (found.empty()) {
    // Declared here but defined only in derived classes (a pure virtual method): those.
    std::vector<std::string> todo = classes_.at(cur).derived;
    for (int depth = 0; depth < kMaxClassDepth && !todo.empty() && found.empty(); ++depth) {
      std::vector<std::string> next;
      for (const std::string& d : todo) {
        if (auto it = p_.by_name.find(d + "::" + method); it != p_.by_name.end())
          found.insert(found.end(), it->second.begin(), it->second.end());
        const auto& more = classes_.at(d).derived;
        next.insert(next.end(), more.begin(), more.end());
      }
      todo = std::move(next);
    }
  }
  known = !found.empty() || classes_.at(cur).declared;
  return found;
}

// Whether `caller` can name `id`: an internal function (`static`, anonymous namespace) only from
// its own file, or from any file when it is defined in a file the unit does not compile on its
// own (a header, an `#include`d .c file).
bool Resolver::visible(FunctionId id, FunctionId caller) const {
  if (!p_.function(id).internal || id.file == caller.file) return true;
  return compiled_.count(id.file) == 0;
}

Resolution Resolver::resolve(std::string_view callee, FunctionId caller, int nargs) const {
  Resolution r;
  std::string name(callee);
  bool member_access = name.find("->") != std::string::npos || name.find('.') != std::string::npos;
  const Function& from = p_.function(caller);
  std::string cls = from.enclosing_class;
  if (cls.empty()) {
    auto sep = from.name.rfind("::");
    if (sep != std::string::npos) cls = from.name.substr(0, sep);
  }
  if (name.rfind("delete ", 0) == 0) return destructor_of(name.substr(7), caller, cls);
  if (name.rfind("this->", 0) == 0 && name.find("->", 6) == std::string::npos &&
      name.find('.', 6) == std::string::npos) {
    name = name.substr(6);
    member_access = false;
  }
  if (!member_access) {
    // Inside a method, an unqualified name is first a member of its own class or its bases.
    if (!cls.empty() && name.find("::") == std::string::npos) {
      std::string own = class_named(cls);
      std::vector<FunctionId> m = method_of(own.empty() ? cls : own, name);
      if (!m.empty()) {
        r.targets = by_arity(p_, std::move(m), nargs);
        return r;
      }
    }
    auto it = p_.by_name.find(name);
    if (it != p_.by_name.end()) {
      std::vector<FunctionId> ids;
      for (FunctionId id : it->second)
        if (visible(id, caller)) ids.push_back(id);
      if (ids.empty()) return r;  // static functions of other files only
      ids = by_arity(p_, std::move(ids), nargs);
      // Two static functions of the same name in two files: the caller's file wins.
      if (ids.size() > 1)
        for (FunctionId id : ids)
          if (id.file == caller.file) {
            r.targets = {id};
            return r;
          }
      r.targets = std::move(ids);
      return r;
    }
    if (name.find("::") == std::string::npos) return r;
  } else {
    bool known = false;
    std::vector<FunctionId> typed = by_type(name, caller, cls, known);
    if (known) {
      r.targets = by_arity(p_, std::move(typed), nargs);
      return r;
    }
  }
  return by_method_name(name, member_access, nargs);
}

// By the method's name: one class of the unit defines it, or (a member call whose receiver's type
// is not known) several, and the call may reach any of them.
Resolution Resolver::by_method_name(const std::string& name, bool member_access, int nargs) const {
  Resolution r;
  auto m = by_method_.find(std::string(last_component(name)));
  if (m == by_method_.end()) return r;
  std::vector<FunctionId> ids = by_arity(p_, m->second, nargs);
  std::vector<std::string> classes;
  for (FunctionId id : ids)
    if (std::find(classes.begin(), classes.end(), p_.function(id).name) == classes.end())
      classes.push_back(p_.function(id).name);
  if (classes.size() > 1) {
    if (!member_access) return r;  // `Ns::F` naming none of them exactly
    r.unknown_receiver_of = static_cast<uint32_t>(classes.size());
  }
  r.targets = std::move(ids);
  return r;
}

std::vector<FunctionId> Resolver::methods_named(std::string_view callee) const {
  auto m = by_method_.find(std::string(last_component(callee)));
  return m == by_method_.end() ? std::vector<FunctionId>{} : m->second;
}

std::optional<FunctionId> Resolver::function_named(std::string_view expression,
                                                   FunctionId context) const {
  std::string name = plain_name(expression);
  if (name.empty()) return std::nullopt;
  std::vector<FunctionId> found = callees(name, context);
  if (found.empty()) return std::nullopt;
  return found.front();
}

}  // namespace pagewise
