#include "analysis/field_path.hpp"

#include <algorithm>

#include "analysis/resolve.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Parentheses enclosing all of `s` are dropped.
std::string_view strip_parens(std::string_view s) {
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    int depth = 0;
    bool whole = true;
    for (size_t i = 0; i < s.size() && whole; ++i) {
      if (s[i] == '(') ++depth;
      if (s[i] == ')' && --depth == 0 && i + 1 != s.size()) whole = false;
    }
    if (!whole) break;
    s = s.substr(1, s.size() - 2);
  }
  return s;
}

// An access split at its top-level `->` and `.`: the root expression, then the members (array
// indexes dropped: `Table[3]` is the field Table).
struct Access {
  std::string_view root;
  std::vector<std::string> members;
};

Access split(std::string_view s) {
  Access out;
  int depth = 0;
  size_t start = 0;
  bool in_root = true;
  auto piece = [&](size_t end) {
    std::string_view t = s.substr(start, end - start);
    if (in_root) {
      out.root = t;
      in_root = false;
      return;
    }
    size_t n = 0;
    while (n < t.size() && ident_char(t[n])) ++n;
    out.members.emplace_back(t.substr(0, n));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (depth != 0) continue;
    if (c == '.' || (c == '-' && i + 1 < s.size() && s[i + 1] == '>')) {
      piece(i);
      i += c == '-' ? 1 : 0;
      start = i + 1;
    }
  }
  piece(s.size());
  return out;
}

// The type name in a declared type: `struct _X *` → `_X`, `const X` → `X`.
std::string_view type_word(std::string_view type) {
  std::string_view name;
  size_t i = 0;
  while (i < type.size()) {
    while (i < type.size() && !ident_char(type[i])) ++i;
    size_t b = i;
    while (i < type.size() && ident_char(type[i])) ++i;
    std::string_view w = type.substr(b, i - b);
    if (!w.empty() && w != "const" && w != "volatile" && w != "struct" && w != "class" &&
        w != "union")
      name = w;
  }
  return name;
}

}  // namespace

std::string member_root(std::string_view access) {
  Access a = split(access);
  if (a.members.size() != 1) return {};
  return plain_name(a.root);
}

FieldPaths::FieldPaths(const Program& p) : p_(p) {
  for (const FileFacts* ff : p.files)
    for (const ClassDecl& c : ff->classes) {
      // `typedef struct { ... } X;` has no tag: its first typedef name names it.
      const std::string& name = c.name.empty() && !c.aliases.empty() ? c.aliases[0] : c.name;
      if (name.empty()) continue;
      class_by_name_.emplace(name, name);
      for (const std::string& a : c.aliases) class_by_name_.emplace(a, name);
      for (const std::string& f : c.field_names) {
        std::vector<std::string>& d = declarers_[f];
        if (std::find(d.begin(), d.end(), name) == d.end()) d.push_back(name);
      }
    }
  for (DataId g : p.globals) global_types_.emplace(p.data(g).name, p.data(g).type);
}

std::string FieldPaths::class_named(std::string_view type) const {
  std::string_view w = type_word(type);
  if (w.empty()) return {};
  auto it = class_by_name_.find(std::string(w));
  if (it != class_by_name_.end()) return it->second;
  return {};
}

std::string FieldPaths::root_class(std::string_view root, std::string_view cast_type,
                                   const Function& fn) const {
  if (!cast_type.empty()) return class_named(cast_type);
  if (root == "this") {
    if (!fn.enclosing_class.empty()) return fn.enclosing_class;
    size_t colons = fn.name.rfind("::");
    return colons == std::string::npos ? std::string() : fn.name.substr(0, colons);
  }
  for (const LocalObject& l : fn.locals)
    if (l.name == root) return class_named(l.type);
  auto g = global_types_.find(std::string(root));
  if (g != global_types_.end()) return class_named(g->second);
  return {};
}

std::string FieldPaths::key(std::string_view access, const Function& fn) const {
  Access a = split(strip_parens(trim(access)));
  if (a.members.empty() || a.members.front().empty()) return {};
  // `((PX)ctx)->Field`: the cast names the root's type.
  std::string_view root = strip_parens(a.root);
  std::string_view cast_type;
  if (!root.empty() && root.front() == '(') {
    size_t close = root.find(')');
    if (close != std::string_view::npos) {
      cast_type = root.substr(1, close - 1);
      root = strip_parens(root.substr(close + 1));
    }
  }
  std::string cls = root_class(root, cast_type, fn);
  auto d = declarers_.find(a.members.front());
  if (d == declarers_.end()) return {};  // no structure of the unit declares it
  if (cls.empty() || std::find(d->second.begin(), d->second.end(), cls) == d->second.end()) {
    if (d->second.size() != 1) return {};
    cls = d->second.front();
  }
  std::string out = cls + "::";
  for (size_t i = 0; i < a.members.size(); ++i) out += (i ? "." : "") + a.members[i];
  return out;
}

}  // namespace pagewise
