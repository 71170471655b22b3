#include "gen/files.hpp"
#include "gen/function.hpp"
#include "gen/vocabulary.hpp"

namespace pwgen {

// A C++ driver's helper classes: declarations in <prefix>objects.h, members in objects.cpp.
OutFile class_file(Driver& d, Rng& rng) {
  Placement p = rng.chance(50) ? Placement::CodeSegRegion : Placement::SegMacro;
  Code c;
  SectionRuns runs(c, p);
  c.line("//");
  c.line("// Pool-backed allocation for the driver's objects.");
  c.line("//");
  c.line("void* __cdecl operator new(size_t Size, POOL_FLAGS Flags, ULONG Tag)");
  c.line("{");
  c.line("    return ExAllocatePool2(Flags, Size, Tag);");
  c.line("}");
  c.blank();
  c.line("void __cdecl operator delete(void* Pointer, size_t Size)");
  c.line("{");
  c.line("    UNREFERENCED_PARAMETER(Size);");
  c.line("    if (Pointer != nullptr) {");
  c.line(cat("        ExFreePoolWithTag(Pointer, ", d.pool_tag, ");"));
  c.line("    }");
  c.line("}");
  c.blank();
  int classes = rng.range(1, 3);
  for (int k = 0; k < classes; ++k) {
    std::string cls =
        cat(d.prefix, rng.pick(kNouns),
            rng.pick(std::array<std::string_view, 4>{"Ring", "Table", "Tracker", "Engine"}));
    if (!d.names.insert(cls).second) cls += std::to_string(k);
    std::string slots = upper(cls) + "_SLOTS";
    Code h;
    h.line(cat("#define ", slots, " ", 16 << rng.range(0, 3)));
    h.blank();
    h.line(cat("class ", cls));
    h.line("{");
    h.line("public:");
    h.in();
    h.line(cat("explicit ", cls, "(_In_ ", d.ctx_ptr,
               " Context) : m_Context(Context), m_Head(0), m_Tail(0), m_Count(0)"));
    h.line("{");
    h.line("    KeInitializeSpinLock(&m_Lock);");
    h.line("}");
    h.blank();
    h.line(cat("ULONG Count() const { return m_Count; }"));
    h.line(cat("BOOLEAN IsEmpty() const { return m_Count == 0; }"));
    h.blank();
    int methods = rng.range(4, 10);
    std::vector<Helper> ms;
    for (int i = 0; i < methods; ++i) {
      Helper m;
      m.name = cat(rng.pick(kVerbs), rng.pick(kNouns));
      bool dup =
          std::any_of(ms.begin(), ms.end(), [&](const Helper& o) { return o.name == m.name; });
      if (dup) m.name += std::to_string(i);
      m.paged = rng.chance(45);
      size_t shape = rng.below(10);
      m.shape = shape < 5 ? Shape::Status : shape < 8 ? Shape::Void : Shape::Bool;
      m.param = rng.pick(kParamNames);
      ms.push_back(m);
    }
    for (const Helper& m : ms) {
      h.line(m.paged ? "_IRQL_requires_max_(PASSIVE_LEVEL)"
                     : "_IRQL_requires_max_(DISPATCH_LEVEL)");
      h.line(cat(ret_type(m.shape), " ", m.name, "(_In_ ULONG ", m.param, ");"));
      h.blank();
    }
    h.out();
    h.line("private:");
    h.in();
    h.line(cat(d.ctx_ptr, " m_Context;"));
    h.line("KSPIN_LOCK m_Lock;");
    h.line("ULONG m_Head;");
    h.line("ULONG m_Tail;");
    h.line("ULONG m_Count;");
    h.line(cat("ULONG m_Slots[", slots, "];"));
    h.out();
    h.line("};");
    h.blank();
    d.class_decls.push_back(h.text());

    for (const Helper& m : ms) {
      runs.enter(m.paged);
      Signature s;
      s.annotations = {m.paged ? "_IRQL_requires_max_(PASSIVE_LEVEL)"
                               : "_IRQL_requires_max_(DISPATCH_LEVEL)"};
      s.ret = ret_type(m.shape);
      s.name = m.name;
      s.qualifier = cls + "::";
      s.params = {{"_In_", "ULONG", m.param}};
      Body b = make_body(d, rng, "m_Context", m.param, m.paged, false);
      b.self_lock = "m_Lock";
      b.ret = m.shape;
      b.bail = Bail::Return;
      if (m.shape == Shape::Status) b.uses_status = true;
      Code inner(1);
      if (m.paged) {
        inner.line("PAGED_CODE();");
        inner.blank();
      }
      if (!m.paged && rng.chance(50)) {
        b.uses_old_irql = true;
        inner.line("KeAcquireSpinLock(&m_Lock, &oldIrql);");
        inner.line(cat("m_Slots[m_Tail % ", slots, "] = ", m.param, ";"));
        inner.line("m_Tail++;");
        inner.line("m_Count++;");
        inner.line("KeReleaseSpinLock(&m_Lock, oldIrql);");
      }
      emit_block(inner, b, 1, rng.range(2, 8));
      std::vector<std::string> fixed;
      if (m.shape == Shape::Status) fixed.push_back("NTSTATUS status = STATUS_SUCCESS;");
      emit_definition(c, d.use_decl, rng, s, placement_line(d, p, m.paged), fixed, b, inner,
                      body_tail(b, rng));
    }
  }
  runs.finish();
  std::string name = "objects.cpp";
  Code file = file_prologue(d, name, "The driver's C++ objects.", p, {}, {});
  file.append(c);
  return {name, file.text()};
}

}  // namespace pwgen
