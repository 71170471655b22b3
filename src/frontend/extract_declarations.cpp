// The file-scope half of the walk: function definitions, classes and their typedef names,
// declarations, data, and the pre-pass items each declaration carries.
#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "frontend/extract_walker.hpp"
#include "text/text.hpp"

namespace pagewise::syntax {

bool Walker::begin_class(TSNode n) {
  TSNode name = ts_node_child_by_field_id(n, g_.f_name);
  TSNode body = ts_node_child_by_field_id(n, g_.f_body);
  if (ts_node_is_null(body)) return false;
  Scope s{Scope::Class, ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
  s.class_name = ts_node_is_null(name) ? std::string() : squeeze(text(name));
  if (!s.class_name.empty() || !pending_aliases_.empty()) {
    ClassDecl c;
    c.name = current_class().empty() || s.class_name.empty()
                 ? s.class_name
                 : current_class() + "::" + s.class_name;
    c.pos = pos_of(n);
    if (in_.items)
      for (const Annotation& a : *in_.items)
        if (a.pos.offset >= ts_node_start_byte(n) && a.end <= ts_node_start_byte(body))
          c.annotations.push_back(a);
    if (pending_aliases_end_ >= ts_node_end_byte(n)) c.aliases = std::move(pending_aliases_);
    pending_aliases_.clear();
    class_fields(body, c, true);
    for (uint32_t k = 0; k < ts_node_named_child_count(n); ++k) {
      TSNode clause = ts_node_named_child(n, k);
      if (kind(clause) != kBaseClassClause) continue;
      for (uint32_t i = 0; i < ts_node_named_child_count(clause); ++i) {
        TSNode b = ts_node_named_child(clause, i);
        if (kind(b) != kAccessSpecifier && kind(b) != kComment) c.bases.push_back(squeeze(text(b)));
      }
    }
    out_.classes.push_back(std::move(c));
  }
  scopes_.push_back(std::move(s));
  return true;
}

// The data members of a class body, into c. The members of an anonymous union or struct inside
// it (`union { A* m_A; B* m_B; };`) are members of the class too (names and their types only).
void Walker::class_fields(TSNode body, ClassDecl& c, bool top) {
  uint32_t nf = ts_node_named_child_count(body);
  for (uint32_t k = 0; k < nf; ++k) {
    TSNode fd = ts_node_named_child(body, k);
    if (kind(fd) != kFieldDeclaration) continue;
    TSNode ft = ts_node_child_by_field_id(fd, g_.f_type);
    std::string type_text = ts_node_is_null(ft) ? std::string() : squeeze(text(ft));
    if (!ts_node_is_null(ft) && top) c.field_types.push_back(type_text);
    bool named = false;
    for (uint32_t i = 0; i < ts_node_child_count(fd); ++i) {
      if (ts_node_field_name_for_child(fd, i) != g_.declarator_name) continue;
      named = true;
      TSNode name = unwrap_declarator(ts_node_child(fd, i), kFieldIdentifier, true);
      if (ts_node_is_null(name)) continue;
      c.field_names.emplace_back(text(name));
      c.field_name_types.push_back(type_text +
                                   (is_pointer_declarator(ts_node_child(fd, i)) ? "*" : ""));
    }
    if (named || ts_node_is_null(ft) ||
        (kind(ft) != kUnionSpecifier && kind(ft) != kStructSpecifier))
      continue;
    TSNode inner = ts_node_child_by_field_id(ft, g_.f_body);
    if (!ts_node_is_null(inner) && ts_node_is_null(ts_node_child_by_field_id(ft, g_.f_name)))
      class_fields(inner, c, false);
  }
}

void Walker::note_typedef_names(TSNode n) {
  pending_aliases_.clear();
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
    TSNode d = ts_node_child(n, i);
    if (kind(d) == kTypeIdentifier) pending_aliases_.emplace_back(text(d));
  }
  pending_aliases_end_ = ts_node_end_byte(n);
  // `typedef FxDevice CfxDevice;`, `typedef FOO *PFOO;`: a name for another type (no body here).
  TSNode type = ts_node_child_by_field_id(n, g_.f_type);
  if (ts_node_is_null(type) || !ts_node_is_null(ts_node_child_by_field_id(type, g_.f_body))) return;
  for (uint32_t i = 0; i < count; ++i) {
    if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
    TSNode d = ts_node_child(n, i);
    std::string suffix;
    while (kind(d) == kPointerDeclarator) {
      suffix += "*";
      d = ts_node_child_by_field_id(d, g_.f_declarator);
    }
    if (!ts_node_is_null(d) && kind(d) == kTypeIdentifier)
      out_.type_aliases.push_back({std::string(text(d)), squeeze(text(type)) + suffix});
  }
}

bool Walker::has_class_body_inside(TSNode n) const {
  // Cheap test: only look one level down for a class/struct specifier.
  uint32_t count = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    Kind k = kind(ts_node_named_child(n, i));
    if (k == kClassSpecifier || k == kStructSpecifier || k == kUnionSpecifier) return true;
  }
  return false;
}

TSNode Walker::unwrap_declarator(TSNode d, Kind target, bool through_arrays) const {
  for (int guard = 0; guard < 64 && !ts_node_is_null(d); ++guard) {
    Kind k = kind(d);
    if (k == target) return d;
    if (k == kReferenceDeclarator && ts_node_is_null(ts_node_child_by_field_id(d, g_.f_declarator)))
      d = ts_node_named_child(d, ts_node_named_child_count(d) - 1);  // C++: `&x` has no field
    else if (k == kPointerDeclarator || k == kReferenceDeclarator || k == kAttributedDeclarator ||
             k == kInitDeclarator || (through_arrays && k == kArrayDeclarator))
      d = ts_node_child_by_field_id(d, g_.f_declarator);
    else if (k == kParenthesizedDeclarator)
      d = ts_node_named_child(d, 0);
    else
      return TSNode{};
  }
  return TSNode{};
}

TSNode Walker::find_function_declarator(TSNode d) const {
  return unwrap_declarator(d, kFunctionDeclarator, false);
}

bool Walker::is_pointer_declarator(TSNode d) const {
  if (!ts_node_is_null(d) && kind(d) == kInitDeclarator)
    d = ts_node_child_by_field_id(d, g_.f_declarator);
  return !ts_node_is_null(d) && kind(d) == kPointerDeclarator;
}

TSNode Walker::find_plain_name(TSNode d) const { return unwrap_declarator(d, kIdentifier, true); }

bool Walker::has_specifier(TSNode n, std::initializer_list<std::string_view> words) const {
  uint32_t count = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(n, i);
    Kind k = kind(c);
    if (k != kStorageClassSpecifier && k != kTypeQualifier) continue;
    std::string_view t = text(c);
    for (auto w : words)
      if (t == w) return true;
  }
  return false;
}

bool Walker::only_space_and_comments(uint32_t b, uint32_t e) const {
  std::string_view t = in_.prepassed;
  e = std::min<uint32_t>(e, static_cast<uint32_t>(t.size()));
  for (uint32_t i = b; i < e;) {
    char ch = t[i];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      ++i;
    } else if (ch == '/' && i + 1 < e && t[i + 1] == '/') {
      while (i < e && t[i] != '\n') ++i;
    } else if (ch == '/' && i + 1 < e && t[i + 1] == '*') {
      size_t close = t.find("*/", i + 2);
      if (close == std::string_view::npos || close + 2 > e) return false;
      i = static_cast<uint32_t>(close + 2);
    } else {
      return false;
    }
  }
  return true;
}

std::vector<Annotation> Walker::items_for(uint32_t start, uint32_t name_start) const {
  std::vector<Annotation> found;
  if (!in_.items || in_.items->empty()) return found;
  const auto& items = *in_.items;
  auto first_after =
      std::lower_bound(items.begin(), items.end(), start,
                       [](const Annotation& a, uint32_t off) { return a.end <= off; });
  // Backwards over items that end at or before start with only white space in between.
  auto it = first_after;
  uint32_t limit = start;
  while (it != items.begin()) {
    auto prev = it - 1;
    if (prev->end > limit) break;
    bool blank = only_space_and_comments(prev->end, limit);
    if (!blank) break;
    limit = prev->pos.offset;
    it = prev;
  }
  for (auto p = it; p != first_after; ++p) found.push_back(*p);
  for (auto p = first_after; p != items.end() && p->pos.offset < name_start; ++p)
    if (p->pos.offset >= start) found.push_back(*p);
  return found;
}

// `_IRQL_saves_`, `__drv_savesIRQL`, or either inside `__drv_deref(...)`: the parameter receives
// the current IRQL
// (https://learn.microsoft.com/windows-hardware/drivers/devtest/irql-annotations-for-drivers).
namespace {
bool saves_irql(const Annotation& a, std::string_view parameter) {
  auto is_save = [](std::string_view w) { return w == "_IRQL_saves_" || w == "__drv_savesIRQL"; };
  if (is_save(a.name)) return true;
  if (a.name == "__drv_deref") return is_save(trim(a.args));
  if (a.name != "_At_") return false;
  size_t comma = a.args.find(',');  // `_At_(*Name, _IRQL_saves_)`: about this parameter's target
  return comma != std::string::npos && is_save(trim(std::string_view(a.args).substr(comma + 1))) &&
         squeeze(a.args.substr(0, comma)) == "*" + std::string(parameter);
}
}  // namespace
// The parameters of a function declarator: names, types, and the one whose SAL says it receives
// the current IRQL.
void Walker::function_parameters(TSNode fdecl, Function& f) {
  TSNode params = ts_node_child_by_field_id(fdecl, g_.f_parameters);
  if (ts_node_is_null(params)) return;
  uint32_t np = ts_node_named_child_count(params);
  for (uint32_t k = 0; k < np; ++k) {
    TSNode pd = ts_node_named_child(params, k);
    if (kind(pd) == kOptionalParameterDeclaration || kind(pd) == kVariadicParameter)
      ++f.optional_parameters;
    if (kind(pd) != kParameterDeclaration) continue;
    TSNode pname = find_plain_name(ts_node_child_by_field_id(pd, g_.f_declarator));
    if (ts_node_is_null(pname)) continue;
    for (const Annotation& a : items_for(ts_node_start_byte(pd), ts_node_end_byte(pd)))
      if (saves_irql(a, text(pname)))
        f.saves_irql_parameter = static_cast<int32_t>(f.parameters.size());
    f.parameters.emplace_back(text(pname));
    TSNode ptype = ts_node_child_by_field_id(pd, g_.f_type);
    std::string t = ts_node_is_null(ptype) ? std::string() : squeeze(text(ptype));
    if (is_pointer_declarator(ts_node_child_by_field_id(pd, g_.f_declarator))) t += "*";
    f.parameter_types.push_back(std::move(t));
  }
}

std::string Walker::declarator_name(TSNode name) const {
  if (!ts_node_has_error(name)) return squeeze(text(name));
  std::string out;
  uint32_t count = ts_node_child_count(name);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_child(name, i);
    if (ts_node_is_missing(c))
      out.clear();  // `DECO Bar`: DECO read as a scope with its `::` missing
    else if (ts_node_is_error(c))
      out = squeeze(text(c));  // `DECO CFoo::Bar`: CFoo is the ERROR, DECO the scope before it
    else
      out += declarator_name(c);
  }
  return out;
}

void Walker::begin_function(TSNode n) {
  TSNode decl = ts_node_child_by_field_id(n, g_.f_declarator);
  TSNode fdecl = find_function_declarator(decl);
  TSNode body = ts_node_child_by_field_id(n, g_.f_body);
  Scope s{Scope::Function, ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
  if (ts_node_is_null(fdecl) || ts_node_is_null(body) || inactive(ts_node_start_byte(n))) {
    // Not a usable function (e.g. K&R leftovers); still scope it so its calls go nowhere.
    s.body_start = s.body_end = 0;
    s.function_index = out_.functions.size();
    out_.functions.emplace_back();  // nameless: finish() drops it
    scopes_.push_back(std::move(s));
    return;
  }
  TSNode name_node = ts_node_child_by_field_id(fdecl, g_.f_declarator);
  if (ts_node_is_null(name_node)) name_node = fdecl;
  if (is_keyword(squeeze(text(name_node)))) {
    // A statement misread as a definition (`__except (...) {...}` after a broken try).
    s.body_start = s.body_end = 0;
    s.function_index = out_.functions.size();
    out_.functions.emplace_back();
    scopes_.push_back(std::move(s));
    return;
  }
  Function f;
  std::string cls = current_class();
  std::string name = declarator_name(name_node);
  f.enclosing_class = cls;
  f.name = cls.empty() || name.find("::") != std::string::npos ? name : cls + "::" + name;
  f.pos = pos_of(n);
  f.name_pos = pos_of(name_node);
  f.body_pos = pos_of(body);
  TSPoint endp = ts_node_end_point(body);
  f.end_line = endp.row + 1;
  f.end_offset = ts_node_end_byte(body);
  f.annotations = items_for(ts_node_start_byte(n), ts_node_start_byte(name_node));
  function_parameters(fdecl, f);
  f.is_inline = has_specifier(n, {"inline", "__inline", "__inline__", "__forceinline"});
  // `static void F()` at file scope (not a static member) or anything in `namespace { }`.
  f.internal = cls.empty() && name.find("::") == std::string::npos && has_specifier(n, {"static"});
  for (TSNode up = ts_node_parent(n); !f.internal && !ts_node_is_null(up); up = ts_node_parent(up))
    if (kind(up) == kNamespaceDefinition &&
        ts_node_is_null(ts_node_child_by_field_id(up, g_.f_name)))
      f.internal = true;
  for (const auto& a : f.annotations)
    if (a.name == "FORCEINLINE") f.is_inline = true;
  TSNode type = ts_node_child_by_field_id(n, g_.f_type);
  f.header_error = (!ts_node_is_null(type) && ts_node_has_error(type)) || ts_node_has_error(decl);
  TSNode prev = ts_node_prev_sibling(n);
  if (!ts_node_is_null(prev) && kind(prev) == kError) f.header_error = true;
  s.function_index = out_.functions.size();
  s.body_start = ts_node_start_byte(body);
  s.body_end = ts_node_end_byte(body);
  out_.functions.push_back(std::move(f));
  scopes_.push_back(std::move(s));
}

void Walker::file_declaration(TSNode n) {
  if (inactive(ts_node_start_byte(n))) return;
  TSNode type = ts_node_child_by_field_id(n, g_.f_type);
  std::string type_text = ts_node_is_null(type) ? std::string() : squeeze(text(type));
  bool is_extern = has_specifier(n, {"extern"});
  bool is_const = has_specifier(n, {"const"});
  uint32_t count = ts_node_child_count(n);
  bool first = true;
  for (uint32_t i = 0; i < count; ++i) {
    if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
    TSNode d = ts_node_child(n, i);
    TSNode fdecl = find_function_declarator(d);
    uint32_t anno_start = ts_node_start_byte(n);
    if (!ts_node_is_null(fdecl)) {
      TSNode name = ts_node_child_by_field_id(fdecl, g_.f_declarator);
      if (ts_node_is_null(name)) continue;
      Declaration decl;
      std::string cls = current_class();
      std::string nm = declarator_name(name);
      decl.name = cls.empty() || nm.find("::") != std::string::npos ? nm : cls + "::" + nm;
      decl.is_function = true;
      decl.pos = pos_of(name);
      decl.annotations = items_for(anno_start, first ? ts_node_start_byte(name) : anno_start);
      out_.declarations.push_back(std::move(decl));
    } else {
      TSNode name = find_plain_name(d);
      if (ts_node_is_null(name)) continue;
      // `DRIVER_DISPATCH DispatchCreate;` reads like a variable of type DRIVER_DISPATCH; link
      // decides whether it is a role declaration (the name is a function) or data.
      Declaration decl;
      decl.name = squeeze(text(name));
      decl.type = type_text;
      decl.pos = pos_of(name);
      decl.annotations = items_for(anno_start, first ? ts_node_start_byte(name) : anno_start);
      if (current_class().empty())
        out_.data.push_back(data_item(d, decl, type_text, is_const, is_extern));
      out_.declarations.push_back(std::move(decl));
    }
    first = false;
  }
}

DataItem Walker::data_item(TSNode d, const Declaration& decl, const std::string& type_text,
                           bool is_const, bool is_extern) {
  DataItem item;
  item.name = decl.name;
  item.type = type_text;
  item.initialized = kind(d) == kInitDeclarator;
  if (item.initialized) {
    TSNode value = ts_node_child_by_field_id(d, g_.f_value);
    initializer_names(value, item.initializer_names);
    if (!ts_node_is_null(value) && kind(value) == kInitializerList)
      for (uint32_t i = 0; i < ts_node_named_child_count(value); ++i) {
        TSNode element = ts_node_named_child(value, i);
        if (kind(element) != kComment) item.initializer_elements.push_back(squeeze(text(element)));
      }
  }
  for (TSNode k = d; !ts_node_is_null(k);) {
    Kind kk = kind(k);
    if (kk == kArrayDeclarator) item.is_array = true;
    if (kk == kPointerDeclarator) item.is_pointer = true;
    if (kk != kInitDeclarator && kk != kArrayDeclarator && kk != kPointerDeclarator) break;
    k = ts_node_child_by_field_id(k, g_.f_declarator);
  }
  item.is_const = is_const;
  item.is_extern = is_extern;
  item.pos = decl.pos;
  item.annotations = decl.annotations;
  return item;
}

void Walker::initializer_names(TSNode value, std::vector<std::string>& out) {
  if (ts_node_is_null(value)) return;
  std::vector<TSNode> stack{value};
  std::unordered_set<std::string_view> seen;
  while (!stack.empty()) {
    TSNode n = stack.back();
    stack.pop_back();
    if (kind(n) == kIdentifier) {
      std::string_view t = text(n);
      if (seen.insert(t).second) out.emplace_back(t);
      continue;
    }
    for (uint32_t i = ts_node_named_child_count(n); i > 0; --i)
      stack.push_back(ts_node_named_child(n, i - 1));
  }
}

void Walker::field_declaration(TSNode n) {
  // Method prototypes inside a class body carry SAL and role annotations too.
  if (inactive(ts_node_start_byte(n))) return;
  uint32_t count = ts_node_child_count(n);
  TSNode type = ts_node_child_by_field_id(n, g_.f_type);
  for (uint32_t i = 0; i < count; ++i) {
    if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
    TSNode fdecl = find_function_declarator(ts_node_child(n, i));
    if (ts_node_is_null(fdecl)) {
      // `static KDEFERRED_ROUTINE TimerDpc;` in a class declares a member of a callback type.
      TSNode name = ts_node_child(n, i);
      if (ts_node_is_null(type) || !ts_node_is_named(name) || kind(name) == kFieldDeclarationList)
        continue;
      std::string nm = squeeze(text(name));
      if (nm.empty() || !std::all_of(nm.begin(), nm.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
          }))
        continue;
      Declaration decl;
      std::string cls = current_class();
      decl.name = cls.empty() ? nm : cls + "::" + nm;
      decl.type = squeeze(text(type));
      decl.pos = pos_of(name);
      decl.annotations = items_for(ts_node_start_byte(n), ts_node_start_byte(name));
      out_.declarations.push_back(std::move(decl));
      continue;
    }
    TSNode name = ts_node_child_by_field_id(fdecl, g_.f_declarator);
    if (ts_node_is_null(name)) continue;
    Declaration decl;
    std::string cls = current_class();
    std::string nm = squeeze(text(name));
    decl.name = cls.empty() ? nm : cls + "::" + nm;
    decl.is_function = true;
    decl.pos = pos_of(name);
    decl.annotations = items_for(ts_node_start_byte(n), ts_node_start_byte(name));
    out_.declarations.push_back(std::move(decl));
  }
}

}  // namespace pagewise::syntax
