// A small report for the renderer tests: two findings with evidence, a skipped UMDF unit, and a
// catalogue of three rules, found under /work/proj and shown relative to it.
#pragma once

#include <string>
#include <vector>

#include "report/report.hpp"

namespace pagewise::test {

struct SampleReport {
  std::vector<Finding> findings;
  std::vector<RuleInfo> rules;
  Discovery discovery;
  RunStats stats;
  bool with_stats = false;
  std::string working_dir = "/work/proj";

  ReportInput input() const {
    return ReportInput{findings, rules,      discovery, with_stats ? &stats : nullptr,
                       "0.1.0",  working_dir};
  }
};

inline std::vector<RuleInfo> sample_rules() {
  return {
      {"paged-code/missing", 1001, Severity::Warning, "pageable function without PAGED_CODE()",
       "A function in a pageable section should start with PAGED_CODE() so that a call at "
       "DISPATCH_LEVEL is caught in checked builds.",
       "docs/rules/paged-code-missing.md"},
      {"resident/irql", 2001, Severity::Error, "pageable function can run at DISPATCH_LEVEL",
       "Code that runs at IRQL >= DISPATCH_LEVEL must be resident.", "docs/rules/resident-irql.md"},
      {"advice/could-be-paged", 8001, Severity::Note, "resident function could be paged",
       "The function only runs at PASSIVE_LEVEL.", "docs/rules/advice-could-be-paged.md"},
  };
}

inline Finding missing_paged_code(uint32_t line = 42) {
  Finding f;
  f.rule_id = "paged-code/missing";
  f.severity = Severity::Warning;
  f.file = "examples/wdm/driver.c";
  f.pos = {line, 1, 0};
  f.message =
      "'DispatchCreate' is in pageable section PAGE but has no PAGED_CODE(); add PAGED_CODE() as "
      "its "
      "first statement";
  f.function = "DispatchCreate";
  f.unit = "examples/wdm";
  f.evidence.push_back({"examples/wdm/driver.c",
                        {12, 1, 0},
                        "placed in PAGE by #pragma alloc_text(PAGE, DispatchCreate)"});
  return f;
}

inline Finding dpc_in_paged_code() {
  Finding f;
  f.rule_id = "resident/irql";
  f.severity = Severity::Error;
  f.file = "examples/wdm/dpc.c";
  f.pos = {10, 5, 0};
  f.message = "'NicDpcWork' is pageable but runs at DISPATCH_LEVEL";
  f.function = "NicDpcWork";
  f.unit = "examples/wdm";
  f.evidence.push_back(
      {"examples/wdm/driver.c", {30, 3, 0}, "registered as a DPC by KeInitializeDpc"});
  f.evidence.push_back({"", {8, 1, 0}, "NicDpc calls NicDpcWork"});
  return f;
}

inline SampleReport sample_report() {
  SampleReport r;
  r.rules = sample_rules();
  r.findings = {dpc_in_paged_code(), missing_paged_code()};
  r.discovery.root = "/work/proj";
  Unit wdm;
  wdm.name = "examples/wdm";
  wdm.kind = UnitKind::Folder;
  wdm.origin = "examples/wdm";
  wdm.files = {"/work/proj/examples/wdm/dpc.c", "/work/proj/examples/wdm/driver.c"};
  Unit umdf;
  umdf.name = "examples/umdf/x.vcxproj";
  umdf.kind = UnitKind::VcxProj;
  umdf.origin = "/work/proj/examples/umdf/x.vcxproj";
  umdf.files = {"/work/proj/examples/umdf/x.c"};
  umdf.skipped = true;
  umdf.skip_reason = "UMDF driver (user mode)";
  r.discovery.units = {wdm, umdf};
  return r;
}

// Quotes, backslashes, a newline, a tab, non-ASCII and two bytes that are not UTF-8.
inline const std::string kAwkwardMessage =
    "say \"hi\" to C:\\drv\\a.c\nthen\tstop: caf\xC3\xA9 \xFF\xFE end";

}  // namespace pagewise::test
