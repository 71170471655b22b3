// Whole functions and the frame of a file: signatures in the Windows layout, definitions with
// their locals, role routines declared through role typedefs, section placement.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gen/body.hpp"
#include "gen/driver.hpp"
#include "gen/text.hpp"

namespace pwgen {

struct Param {
  std::string sal, type, name;
};

struct Signature {
  std::vector<std::string> annotations;  // _IRQL_requires_max_(...) and the like
  std::string ret, name;
  std::vector<Param> params;
  std::string qualifier;  // "Class::" for an out-of-line member
  bool is_const = false;
};

// The declaration the driver header carries: annotations, then the signature.
std::string prototype(const Signature& s);

// A whole definition: placement line, signature, locals, the body written beforehand, then the
// Exit label when the body jumps to it.
void emit_definition(Code& out, bool use_decl, Rng& rng, const Signature& s,
                     std::string_view placement, const std::vector<std::string>& fixed_locals,
                     const Body& b, const Code& inner, const Code& tail);

Body make_body(const Driver& d, Rng& rng, std::string ctx, std::string arg, bool paged,
               bool dispatch);
std::string placement_line(const Driver& d, Placement p, bool paged);
std::string ret_type(Shape s);
// The closing of a body: the Exit label and what follows it, then the return.
Code body_tail(const Body& b, Rng& rng);

void banner(Code& c, std::string_view file, std::string_view abstract);
// The top of a source file: banner, includes and, for alloc_text files, the pragma block naming
// every pageable function defined below.
Code file_prologue(const Driver& d, std::string_view file, std::string_view abstract, Placement p,
                   const std::vector<std::string>& paged_fns,
                   const std::vector<std::string>& init_fns);

// Functions of a code_seg-region file are written in runs; the pragma switches between them.
class SectionRuns {
 public:
  SectionRuns(Code& c, Placement p) : c_(c), on_(p == Placement::CodeSegRegion) {}
  void enter(bool paged) {
    if (!on_ || paged == paged_) return;
    c_.flush_left(paged ? "#pragma code_seg(\"PAGE\")" : "#pragma code_seg()");
    c_.blank();
    paged_ = paged;
  }
  void finish() { enter(false); }

 private:
  Code& c_;
  bool on_;
  bool paged_ = false;
};

Placement pick_placement(const Driver& d, Rng& rng);

// A role routine: its signature comes from a role typedef in the header (DRIVER_DISPATCH,
// EVT_WDF_..., KDEFERRED_ROUTINE), so the definition repeats no SAL.
struct Role {
  std::string typedef_name;  // "DRIVER_DISPATCH"
  std::string pre;           // "_Dispatch_type_(IRP_MJ_READ)" lines, may be empty
  Signature sig;
};

void declare_role(Driver& d, const Role& r);
Role role(std::string typedef_name, std::string pre, std::string ret, std::string name,
          std::vector<Param> params);
// `PXX devExt = (PXX)<device>->DeviceExtension;`
std::string ext_from_device(const Driver& d, std::string_view device);

// Writes a role routine whose interior `fill` produces, with generated statements mixed in.
template <typename Fill>
void emit_role(Code& out, Driver& d, Rng& rng, Role r, Placement p, bool paged,
               std::string_view section, std::vector<std::string> fixed, Body b, Fill&& fill) {
  declare_role(d, r);
  Code inner(1);
  if (paged) {
    inner.line("PAGED_CODE();");
    inner.blank();
  }
  fill(inner, b);
  std::string place;
  if (p == Placement::SegMacro && !section.empty())
    place = section == "INIT" ? d.init_macro : d.paged_macro;
  Signature shown = r.sig;
  // Role routines mostly say _Use_decl_annotations_: their typedef carries the SAL.
  if (d.cpp && r.typedef_name == "DRIVER_INITIALIZE") shown.ret = "NTSTATUS";
  if (d.cpp && r.typedef_name == "DRIVER_INITIALIZE") out.line("extern \"C\"");
  emit_definition(out, d.use_decl || rng.chance(70), rng, shown, place, fixed, b, inner,
                  body_tail(b, rng));
}

}  // namespace pwgen
