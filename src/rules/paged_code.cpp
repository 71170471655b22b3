// paged-code/*: "Every pageable routine should begin with PAGED_CODE() (or PAGED_CODE_LOCKED() if
// it only runs while its section is locked), once, before its first conditional statement; a
// routine that is not in a pageable section should not have it."
// Sources: Code Analysis C28170, C28171, C28172 —
// https://learn.microsoft.com/windows-hardware/drivers/devtest/28170-pageable-code-macro-not-found
// https://learn.microsoft.com/windows-hardware/drivers/devtest/28171-function-has-more-than-one-page-macro-instance
// https://learn.microsoft.com/windows-hardware/drivers/devtest/28172-function-macros-not-in-paged-segment
// https://learn.microsoft.com/windows-hardware/drivers/kernel/paged_code

#include "analysis/evidence.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

template <typename Fn>
void for_each_function(const Program& p, Fn&& fn) {
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) fn(FunctionId{f, i});
}

// Every paged-code finding shows how the function got its section.
Finding& report_at(const Model& m, Reporter& report, FunctionId id, Pos pos, std::string message) {
  Finding& f = report.in_function(id, pos, std::move(message));
  f.evidence = placement_evidence(m.program, m.program.placement_of(id));
  return f;
}

// The IRQL a pageable function can be entered at when that is DISPATCH_LEVEL or above (and its
// section is not held locked around it); nullptr when it stays below.
const IrqlBound* dispatch_or_above(const Model& m, FunctionId id) {
  const FunctionInference& inf = m.at(id);
  if (inf.kept_locked >= 0) return nullptr;
  if (inf.certain.set && inf.certain.level >= Irql::Dispatch) return &inf.certain;
  if (inf.possible.set && inf.possible.level >= Irql::Dispatch) return &inf.possible;
  return nullptr;
}

void check_missing(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for_each_function(p, [&](FunctionId id) {
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    if (pl.cls != SectionClass::Pageable) return;
    if (fn.paged_code.empty()) {
      // PAGED_CODE() would assert on the paths resident/irql reports: the fix is the placement.
      const IrqlBound* high = dispatch_or_above(m, id);
      std::string fix =
          high ? "; it can run at " + std::string(irql_name(high->level)) +
                     " (see resident/irql), where PAGED_CODE() would assert: move it out of the "
                     "pageable section rather than add the macro"
               : "; add PAGED_CODE() as its first statement (PAGED_CODE_LOCKED() if it only runs "
                 "while its section is locked)";
      report_at(m, report, id, fn.name_pos,
                "'" + fn.name + "' is in pageable section " + pl.section +
                    " but has no PAGED_CODE()" + fix);
      return;
    }
    const PagedCodeSite& first = fn.paged_code.front();
    if (fn.first_conditional.line != 0 && fn.first_conditional.offset < first.pos.offset) {
      Finding& f =
          report_at(m, report, id, first.pos,
                    first.macro + "() in '" + fn.name +
                        "' comes after the first conditional statement (line " +
                        std::to_string(fn.first_conditional.line) +
                        "), so a path can skip it; move it before any branch, right after the "
                        "local declarations");
      f.evidence.push_back({p.path(id.file), fn.first_conditional, "first conditional statement"});
    }
  });
}

void check_duplicate(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for_each_function(p, [&](FunctionId id) {
    const Function& fn = p.function(id);
    for (size_t i = 1; i < fn.paged_code.size(); ++i) {
      const PagedCodeSite& s = fn.paged_code[i];
      Finding& f = report_at(m, report, id, s.pos,
                             "'" + fn.name + "' has more than one PAGED_CODE*() (first at line " +
                                 std::to_string(fn.paged_code.front().pos.line) +
                                 "); keep only the first, at the top of the function");
      f.evidence.insert(f.evidence.begin(), {p.path(id.file), fn.paged_code.front().pos,
                                             "first " + fn.paged_code.front().macro + "() here"});
    }
  });
}

void check_outside(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for_each_function(p, [&](FunctionId id) {
    const Function& fn = p.function(id);
    const Placement& pl = p.placement_of(id);
    if (pl.cls == SectionClass::Pageable || fn.paged_code.empty()) return;
    const PagedCodeSite& s = fn.paged_code.front();
    std::string msg = "'" + fn.name + "' has " + s.macro + "() but ";
    if (pl.cls == SectionClass::Init)
      msg +=
          "is in INIT, which is discarded after initialization rather than paged; remove the macro "
          "(it asserts nothing useful there)";
    else if (pl.how == Placement::How::Default)
      msg += "is not placed in a pageable section (it stays in " + pl.section +
             "); page it with "
             "#pragma alloc_text(PAGE, " +
             fn.name + ") if it only runs below DISPATCH_LEVEL, or remove the macro";
    else
      msg += "is in section " + pl.section +
             ", which is not pageable (only names starting with upper-case "
             "PAGE are); move it to a PAGE section or remove the macro";
    report_at(m, report, id, s.pos, std::move(msg));
  });
}

}  // namespace

void add_paged_code_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"paged-code/missing", 1001, Severity::Warning,
        "function in a pageable section without PAGED_CODE() before its first conditional",
        "Every function in a PAGE* section should start with PAGED_CODE() (or "
        "PAGED_CODE_LOCKED()), so checked builds and Code Analysis (C28170) catch a call "
        "at DISPATCH_LEVEL. The macro must come before the first conditional statement, "
        "or some paths skip the check.",
        "docs/rules/paged-code-missing.md"},
       check_missing});
  rules.push_back({{"paged-code/duplicate", 1002, Severity::Warning,
                    "more than one PAGED_CODE*() in a function",
                    "A function should assert its IRQL once, at the top (Code Analysis C28171). "
                    "Remove the later PAGED_CODE()/PAGED_CODE_LOCKED() calls.",
                    "docs/rules/paged-code-duplicate.md"},
                   check_duplicate});
  rules.push_back({{"paged-code/outside-paged-section", 1003, Severity::Warning,
                    "PAGED_CODE() in a function that is not in a pageable section",
                    "PAGED_CODE() asserts that the function may be paged, but this function is "
                    "resident or in INIT (Code Analysis C28172). Either page it (alloc_text, "
                    "code_seg) or remove the macro.",
                    "docs/rules/paged-code-outside-paged-section.md"},
                   check_outside});
}

}  // namespace pagewise
