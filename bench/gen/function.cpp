#include "gen/function.hpp"

#include <algorithm>

namespace pwgen {

std::string param_list_line(const std::vector<Param>& ps, bool sal) {
  std::string s;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (i) s += ", ";
    if (sal && !ps[i].sal.empty()) s += ps[i].sal + " ";
    s += ps[i].type + " " + ps[i].name;
  }
  return ps.empty() ? "VOID" : s;
}

// The Windows layout: return type, then name, then one parameter a line, then `)`.
void emit_signature(Code& c, const Signature& s, bool sal, std::string_view end) {
  c.line(s.ret);
  if (s.params.empty()) {
    c.line(cat(s.qualifier, s.name, "(VOID)", s.is_const ? " const" : "", end));
    return;
  }
  c.line(cat(s.qualifier, s.name, "("));
  c.in();
  for (size_t i = 0; i < s.params.size(); ++i) {
    const Param& p = s.params[i];
    c.line(cat(sal && !p.sal.empty() ? p.sal + " " : "", p.type, " ", p.name,
               i + 1 < s.params.size() ? "," : ""));
  }
  c.line(cat(")", s.is_const ? " const" : "", end));
  c.out();
}

std::string prototype(const Signature& s) {
  Code c;
  for (const std::string& a : s.annotations) c.line(a);
  emit_signature(c, s, true, ";");
  return c.text();
}

void emit_definition(Code& out, bool use_decl, Rng& rng, const Signature& s,
                     std::string_view placement, const std::vector<std::string>& fixed_locals,
                     const Body& b, const Code& inner, const Code& tail) {
  if (!placement.empty()) out.line(placement);
  bool compact = !use_decl && rng.chance(25);
  if (compact) {
    for (const std::string& a : s.annotations) out.line(a);
    out.line(cat(s.ret, " ", s.qualifier, s.name, "(", param_list_line(s.params, true), ")",
                 s.is_const ? " const" : ""));
  } else if (use_decl && s.qualifier.empty()) {
    out.line("_Use_decl_annotations_");
    emit_signature(out, s, false, "");
  } else {
    for (const std::string& a : s.annotations) out.line(a);
    emit_signature(out, s, true, "");
  }
  out.line("{");
  Code body(1);
  for (const std::string& l : fixed_locals) body.line(l);
  bool status_declared =
      std::any_of(fixed_locals.begin(), fixed_locals.end(),
                  [](const std::string& l) { return l.rfind("NTSTATUS status", 0) == 0; });
  declare_locals(body, b, status_declared);
  if (body.lines() > 0) body.blank();
  out.append(body);
  out.append(inner);
  out.append(tail);
  out.line("}");
  out.blank();
}

Body make_body(const Driver& d, Rng& rng, std::string ctx, std::string arg, bool paged,
               bool dispatch) {
  Body b;
  b.d = &d;
  b.rng = &rng;
  b.ctx = std::move(ctx);
  b.arg = std::move(arg);
  b.paged = paged;
  b.dispatch = dispatch;
  b.callable = d.helpers.size();
  return b;
}

std::string placement_line(const Driver& d, Placement p, bool paged) {
  return p == Placement::SegMacro && paged ? d.paged_macro : "";
}

std::string ret_type(Shape s) {
  return s == Shape::Status ? "NTSTATUS" : s == Shape::Bool ? "BOOLEAN" : "VOID";
}

Code body_tail(const Body& b, Rng& rng) {
  Code t(1);
  bool label = b.bail == Bail::Goto && b.used_goto;
  if (label) {
    t.blank();
    t.flush_left("Exit:");
    if (rng.chance(50))
      t.line(
          cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, \"%s: 0x%08X\\n\", "
              "__FUNCTION__, status));"));
    else
      t.line(cat(field(b, b.d->last_status), " = status;"));
  }
  if (b.ret == Shape::Status) {
    if (!label) t.blank();
    t.line("return status;");
  } else if (b.ret == Shape::Bool) {
    t.blank();
    t.line(cat("return ", rng.chance(50) ? cat(b.arg, " != 0") : std::string("TRUE"), ";"));
  }
  return t;
}

void banner(Code& c, std::string_view file, std::string_view abstract) {
  c.line("/*++");
  c.blank();
  c.line("Module Name:");
  c.blank();
  c.line(cat("    ", file));
  c.blank();
  c.line("Abstract:");
  c.blank();
  c.line(cat("    ", abstract));
  c.blank();
  c.line("Environment:");
  c.blank();
  c.line("    Kernel mode only.");
  c.blank();
  c.line("--*/");
  c.blank();
}

Code file_prologue(const Driver& d, std::string_view file, std::string_view abstract, Placement p,
                   const std::vector<std::string>& paged_fns,
                   const std::vector<std::string>& init_fns) {
  Code c;
  banner(c, file, abstract);
  c.line(cat("#include \"", lower(d.prefix), ".h\""));
  if (d.cpp) c.line(cat("#include \"", lower(d.prefix), "objects.h\""));
  if (d.wpp) c.line(cat("#include \"", std::string(file.substr(0, file.find('.'))), ".tmh\""));
  c.blank();
  if (p == Placement::AllocText && (!paged_fns.empty() || !init_fns.empty())) {
    c.line("#ifdef ALLOC_PRAGMA");
    for (const std::string& f : init_fns) c.line(cat("#pragma alloc_text(INIT, ", f, ")"));
    for (const std::string& f : paged_fns) c.line(cat("#pragma alloc_text(PAGE, ", f, ")"));
    c.line("#endif");
    c.blank();
  }
  return c;
}

Placement pick_placement(const Driver& d, Rng& rng) {
  // alloc_text names C-linkage functions only, so C++ files use the other two.
  if (d.cpp) return rng.chance(50) ? Placement::CodeSegRegion : Placement::SegMacro;
  size_t k = rng.below(3);
  return k == 0 ? Placement::AllocText : k == 1 ? Placement::CodeSegRegion : Placement::SegMacro;
}

void declare_role(Driver& d, const Role& r) {
  d.decls.push_back(cat(r.pre, r.pre.empty() ? "" : "\n",
                        d.cpp && r.typedef_name == "DRIVER_INITIALIZE" ? "extern \"C\" " : "",
                        r.typedef_name, " ", r.sig.name, ";\n"));
}

Role role(std::string typedef_name, std::string pre, std::string ret, std::string name,
          std::vector<Param> params) {
  Role r;
  r.typedef_name = std::move(typedef_name);
  r.pre = std::move(pre);
  r.sig.ret = std::move(ret);
  r.sig.name = std::move(name);
  r.sig.params = std::move(params);
  return r;
}

std::string ext_from_device(const Driver& d, std::string_view device) {
  return cat(d.ctx_ptr, " devExt = (", d.ctx_ptr, ")", device, "->DeviceExtension;");
}

}  // namespace pwgen
