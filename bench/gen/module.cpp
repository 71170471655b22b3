// Module files: the generic helpers that make up the bulk of each driver.
#include "gen/files.hpp"
#include "gen/function.hpp"
#include "gen/vocabulary.hpp"

namespace pwgen {

// One generic helper, defined in a module file and declared in the header.
void emit_helper(Code& out, Driver& d, Rng& rng, const Helper& h, size_t index,
                 Placement placement) {
  Signature s;
  s.annotations.push_back(h.paged ? "_IRQL_requires_max_(PASSIVE_LEVEL)"
                                  : "_IRQL_requires_max_(DISPATCH_LEVEL)");
  if (h.shape == Shape::Status && rng.chance(30)) s.annotations.push_back("_Must_inspect_result_");
  s.ret = ret_type(h.shape);
  s.name = h.name;
  s.params = {{rng.chance(60) ? "_Inout_" : "_In_", d.ctx_ptr, d.ctx_param},
              {"_In_", "ULONG", h.param}};
  d.decls.push_back(prototype(s));

  Body b = make_body(d, rng, d.ctx_param, h.param, h.paged, false);
  b.callable = index;
  b.ret = h.shape;
  b.bail = h.shape == Shape::Status && rng.chance(45) ? Bail::Goto : Bail::Return;
  if (h.shape == Shape::Status) b.uses_status = true;
  Code inner(1);
  if (h.paged) {
    inner.line("PAGED_CODE();");
    inner.blank();
  }
  if (rng.chance(20)) {
    inner.line("//");
    inner.line(cat("// ", rng.pick(kComments)));
    inner.line("//");
  }
  emit_block(inner, b, 1, rng.range(3, 10));
  std::vector<std::string> fixed;
  if (h.shape == Shape::Status) fixed.push_back("NTSTATUS status = STATUS_SUCCESS;");
  emit_definition(out, d.use_decl, rng, s, placement_line(d, placement, h.paged), fixed, b, inner,
                  body_tail(b, rng));
}

OutFile module_file(Driver& d, Rng& rng, std::string_view stem) {
  Placement p = pick_placement(d, rng);
  int count = rng.range(6, 22);
  int paged = rng.range(0, count);
  std::vector<std::string> paged_names;
  size_t first = d.helpers.size();
  for (int i = 0; i < count; ++i) {
    Helper h;
    h.name = unique_name(d, rng, "");
    // Code-seg files keep their pageable functions together, as such files do.
    h.paged = p == Placement::CodeSegRegion ? i < paged : rng.chance(50);
    size_t shape = rng.below(10);
    h.shape = shape < 6 ? Shape::Status : shape < 8 ? Shape::Void : Shape::Bool;
    h.param = rng.pick(kParamNames);
    if (h.paged) paged_names.push_back(h.name);
    d.helpers.push_back(h);
  }
  Code body;
  SectionRuns runs(body, p);
  d.decls.push_back(cat("//\n// ", stem, d.ext, "\n//\n"));
  for (size_t i = first; i < d.helpers.size(); ++i) {
    runs.enter(d.helpers[i].paged);
    Helper h = d.helpers[i];
    emit_helper(body, d, rng, h, i, p);
  }
  runs.finish();
  std::string name = cat(stem, d.ext);
  Code file = file_prologue(d, name, cat(stem, " handling for the ", d.title, " driver."), p,
                            paged_names, {});
  file.append(body);
  return {name, file.text()};
}

}  // namespace pwgen
