// advice/*: "Make code pageable when it only runs below DISPATCH_LEVEL; when a spin lock pins an
// otherwise pageable routine, move the few locked lines into a small resident routine and page
// the rest; a pageable section is worth it from about 4 KB; keep always-pageable code apart from
// code that is locked on demand."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/kernel/when-should-code-and-data-be-pageable-
// https://learn.microsoft.com/windows-hardware/drivers/kernel/isolating-pageable-code
// https://learn.microsoft.com/windows-hardware/drivers/kernel/making-drivers-pageable
// paging-rules.md §2.1, §2.3, §2.4. The advisor's facts are computed in analysis/advice.cpp.

#include "analysis/advice.hpp"

#include <cstdio>

#include "analysis/evidence.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

// "~420 bytes", "~1.9 KB"; exact sizes from a linker map go without the '~'.
std::string bytes_text(uint64_t bytes, bool exact) {
  std::string prefix = exact ? "" : "~";
  if (bytes < 1024) return prefix + std::to_string(bytes) + " bytes";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  return prefix + buf;
}

std::string where(const Program& p, int32_t file, Pos pos) {
  return p.path(static_cast<uint32_t>(file)) + ":" + std::to_string(pos.line);
}

// The edit that puts `name` into the style's section, written the way the file already does it.
std::string placement_edit(const Program& p, const PlacementStyle& s, const Function& fn) {
  const std::string& name = fn.name;
  // MSVC wants the same code_seg on every declaration of a member function as on its definition.
  bool method = !fn.enclosing_class.empty() || fn.name.find("::") != std::string::npos;
  std::string where_declspec =
      method ? " before its definition and its declaration in the class" : " before its definition";
  std::string as = s.file >= 0 ? ", as at " + where(p, s.file, s.pos) : std::string();
  switch (s.how) {
    case Placement::How::AllocText:
      if (s.text.rfind("#pragma NDIS_", 0) == 0) {
        std::string pragma = s.text.substr(0, s.text.find('('));
        return "add `" + pragma + "(" + name + ")`" + as;
      }
      return "add `#pragma alloc_text(" + s.section + ", " + name + ")` after its declaration" + as;
    case Placement::How::CodeSeg:
      if (!s.macro.empty()) return "define it after `" + s.macro + "`" + as;
      return "define it between `#pragma code_seg(\"" + s.section +
             "\")` and `#pragma code_seg()`" + as;
    case Placement::How::Declspec:
      if (!s.macro.empty()) return "add `" + s.macro + "`" + where_declspec + as;
      return "add `__declspec(code_seg(\"" + s.section + "\"))`" + where_declspec + as;
    default:
      return "add `#pragma alloc_text(" + s.section + ", " + name + ")` after its declaration";
  }
}

std::string paged_code_edit(const Function& fn) {
  return fn.paged_code.empty() ? ", and `PAGED_CODE();` as its first statement" : std::string();
}

const FunctionSize& size_of(const Model& m, FunctionId id) {
  return m.advice.sizes[id.file][id.index];
}

void check_could_be_paged(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const PagingAdvice& a : m.advice.items) {
    if (a.kind != PagingAdvice::Kind::CouldBePaged) continue;
    const Function& fn = p.function(a.function);
    bool exact = size_of(m, a.function).from_map;
    std::string message;
    if (a.target == SectionClass::Init) {
      message = "'" + fn.name + "' is resident but runs only during initialization: put it in " +
                a.section + " so its " + bytes_text(a.bytes, exact) +
                " are discarded once DriverEntry returns; " + placement_edit(p, a.style, fn);
    } else {
      message = "'" + fn.name +
                "' is resident but never runs at DISPATCH_LEVEL or above: page it to save " +
                bytes_text(a.bytes, exact) + " of nonpaged code; " +
                placement_edit(p, a.style, fn) + paged_code_edit(fn);
    }
    Finding& f = report.in_function(a.function, fn.name_pos, std::move(message));
    f.evidence = irql_path(m, a.function, false);
  }
}

void check_isolate(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const PagingAdvice& a : m.advice.items) {
    if (a.kind != PagingAdvice::Kind::IsolateSpinLock) continue;
    const Function& fn = p.function(a.function);
    bool exact = size_of(m, a.function).from_map;
    const LockRegion& r = a.region;
    std::string lines = "lines " + std::to_string(r.start.line) + "-" + std::to_string(r.end.line);
    std::string what = r.wait ? "the " + r.api + "(Wait = TRUE) window at " + lines
                              : "the region holding " + r.lock + " at " + lines;
    std::string message =
        "'" + fn.name + "' is resident only for " + what + ": move those lines into a small " +
        "resident helper and page the rest to save " + bytes_text(a.bytes, false) + " of its " +
        bytes_text(a.other_bytes, exact) + "; then " + placement_edit(p, a.style, fn) +
        paged_code_edit(fn);
    Finding& f = report.in_function(a.function, r.start, std::move(message));
    f.evidence = irql_path(m, a.function, false);
    f.evidence.push_back(
        {p.path(a.function.file), r.start,
         r.wait ? r.api + "(Wait = TRUE) raises the IRQL" : r.api + " takes " + r.lock});
    f.evidence.push_back({p.path(a.function.file), r.end,
                          r.wait ? "the wait lowers it again" : "the last release of " + r.lock});
  }
}

void check_small_section(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const PagingAdvice& a : m.advice.items) {
    if (a.kind != PagingAdvice::Kind::SmallSection) continue;
    bool exact = true;
    for (FunctionId id : a.members) exact = exact && size_of(m, id).from_map;
    const Placement& pl = p.placement_of(a.function);
    std::string message =
        "pageable section " + a.section + " holds " + bytes_text(a.bytes, exact) + " of code in " +
        std::to_string(a.members.size()) + (a.members.size() == 1 ? " function" : " functions") +
        ", less than the 4 KB that makes paging worth it (once paged in it still takes a whole "
        "page)";
    if (a.other_bytes >= kWorthPagingBytes)
      message += "; the other advice notes would bring it to " + bytes_text(a.other_bytes, false);
    else if (a.other_bytes > a.bytes)
      message += "; with the other advice notes it would still hold only " +
                 bytes_text(a.other_bytes, false);
    message += "; merge it with the driver's other pageable code, or leave this code resident";
    // About the section: reported where it is named, not in a function.
    uint32_t file = pl.file >= 0 ? static_cast<uint32_t>(pl.file) : a.function.file;
    Finding& f = report.in_file(file, pl.pos, std::move(message));
    for (size_t k = 0; k < a.members.size() && k < 8; ++k) {
      FunctionId id = a.members[k];
      f.evidence.push_back({p.path(id.file), p.function(id).name_pos,
                            "'" + p.function(id).name +
                                "': " + bytes_text(size_of(m, id).bytes, size_of(m, id).from_map)});
    }
  }
}

void check_mixed_section(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (const PagingAdvice& a : m.advice.items) {
    if (a.kind != PagingAdvice::Kind::MixedSection) continue;
    const SectionLock& lock = m.section_locks[static_cast<size_t>(a.lock)];
    std::string names;
    for (size_t k = 0; k < a.members.size() && k < 3; ++k)
      names += (k ? ", '" : "'") + p.function(a.members[k]).name + "'";
    if (a.members.size() > 3) names += " and " + std::to_string(a.members.size() - 3) + " more";
    std::string message =
        "section " + a.section + " is locked on demand by " + lock.api + ", but " +
        bytes_text(a.bytes, false) + " of it (" + names +
        ") never needs the lock: move that code to a section that is only ever paged, so "
        "locking " +
        a.section + " pins only the " + bytes_text(a.other_bytes, false) + " that need it";
    Finding& f = report.in_function(lock.locker, lock.pos, std::move(message));
    for (size_t k = 0; k < a.members.size() && k < 8; ++k) {
      FunctionId id = a.members[k];
      f.evidence.push_back({p.path(id.file), p.function(id).name_pos,
                            "'" + p.function(id).name + "' (" +
                                bytes_text(size_of(m, id).bytes, false) +
                                ") runs only below DISPATCH_LEVEL and takes no spin lock"});
    }
  }
}

}  // namespace

void add_advice_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"advice/could-be-paged", 8001, Severity::Note,
        "resident function that only ever runs below DISPATCH_LEVEL",
        "A function that is entered below DISPATCH_LEVEL on every path pagewise can see, takes no "
        "spin "
        "lock and is not on the interrupt or return-to-D0 path can be paged (or, when only "
        "DriverEntry runs it, put in INIT). The note gives its estimated size and the pragma or "
        "macro "
        "to add, in the style the file already uses.",
        "docs/rules/advice-could-be-paged.md", RuleKind::Advice},
       check_could_be_paged});
  rules.push_back(
      {{"advice/isolate-spin-lock", 8002, Severity::Note,
        "function resident only because of one short spin-lock region",
        "Move the lines that hold the spin lock (or sit between a Wait = TRUE call and its wait) "
        "into a small resident helper, and page the rest of the function.",
        "docs/rules/advice-isolate-spin-lock.md", RuleKind::Advice},
       check_isolate});
  rules.push_back(
      {{"advice/small-paged-section", 8003, Severity::Note,
        "pageable section below the 4 KB threshold",
        "Paging a section saves memory only when it holds at least a page of code: merge small "
        "pageable sections, or leave their code resident.",
        "docs/rules/advice-small-paged-section.md", RuleKind::Advice},
       check_small_section});
  rules.push_back(
      {{"advice/mixed-section", 8004, Severity::Note,
        "always-pageable code sharing a section with locked-on-demand code",
        "Locking a section pins all of it: keep code that never needs the lock in another pageable "
        "section.",
        "docs/rules/advice-mixed-section.md", RuleKind::Advice},
       check_mixed_section});
}

}  // namespace pagewise
