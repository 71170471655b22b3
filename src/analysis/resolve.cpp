#include "analysis/resolve.hpp"

#include <cctype>

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

std::string plain_name(std::string_view e) {
  e = trim(e);
  for (int guard = 0; guard < 16 && !e.empty(); ++guard) {
    if (e.front() == '&' || e.front() == '*') {
      e = trim(e.substr(1));
      continue;
    }
    if (e.front() == '(') {
      // A cast `(TYPE)x` or parentheses `(x)`.
      int depth = 0;
      size_t close = 0;
      for (size_t i = 0; i < e.size(); ++i) {
        depth += e[i] == '(' ? 1 : e[i] == ')' ? -1 : 0;
        if (depth == 0) {
          close = i;
          break;
        }
      }
      if (close == 0) return {};
      std::string_view inside = trim(e.substr(1, close - 1));
      std::string_view rest = trim(e.substr(close + 1));
      e = rest.empty() ? inside : rest;
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

Resolver::Resolver(const Program& p) : p_(p) {
  for (const auto& [name, ids] : p.by_name) {
    if (name.find("::") == std::string::npos) continue;
    auto& v = by_method_[std::string(last_component(name))];
    v.insert(v.end(), ids.begin(), ids.end());
  }
}

std::vector<FunctionId> Resolver::callees(std::string_view callee, FunctionId caller) const {
  std::string name(callee);
  bool member_access = name.find("->") != std::string::npos || name.find('.') != std::string::npos;
  if (name.rfind("this->", 0) == 0) {
    name = name.substr(6);
    member_access = false;
  }
  const Function& from = p_.function(caller);
  std::string cls = from.enclosing_class;
  if (cls.empty()) {
    auto sep = from.name.rfind("::");
    if (sep != std::string::npos) cls = from.name.substr(0, sep);
  }
  if (!member_access) {
    // Inside a method, an unqualified name is first a member of its own class.
    if (!cls.empty() && name.find("::") == std::string::npos) {
      auto it = p_.by_name.find(cls + "::" + name);
      if (it != p_.by_name.end()) return it->second;
    }
    auto it = p_.by_name.find(name);
    if (it != p_.by_name.end()) {
      // Two static functions of the same name in two files: the caller's file wins.
      if (it->second.size() > 1)
        for (FunctionId id : it->second)
          if (id.file == caller.file) return {id};
      return it->second;
    }
    if (name.find("::") == std::string::npos) return {};
  }
  // obj->Method(): resolve by the method's name when exactly one class of the unit defines it.
  auto m = by_method_.find(std::string(last_component(name)));
  if (m == by_method_.end()) return {};
  if (m->second.size() == 1) return m->second;
  std::string first = p_.function(m->second.front()).name;
  for (FunctionId id : m->second)
    if (p_.function(id).name != first) return {};  // several classes: ambiguous
  return m->second;  // one method, several definitions (overloads, #if branches)
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
