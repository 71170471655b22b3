// resident/pageable-api: "System routines that must be called at PASSIVE_LEVEL (or APC_LEVEL) are
// themselves pageable or block: calling them at DISPATCH_LEVEL or while holding a spin lock is a
// bug."
// Sources: the Requirements → IRQL entry of each routine's DDI page, collected in
// paging-rules.md §6.3 (e.g.
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-zwcreatefile).

#include <optional>

#include "analysis/evidence.hpp"
#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

// The IRQL a call in `id` can run at: the function's entry bound or what it raised locally.
struct CallLevel {
  Irql level;
  bool certain;
  bool local;  // the local lock or raise decides it
};

// A test of the current IRQL around the call (`call.cap`) bounds the entry IRQL, not what the
// function raised itself.
std::optional<CallLevel> call_level(const FunctionInference& inf, const ApiCall& call, Irql limit) {
  Irql local = call.local;
  Irql certain = std::max(
      std::min(inf.certain.set ? inf.certain.level : Irql::Passive, call.certain_cap), local);
  if (certain > limit && certain >= Irql::Dispatch)
    return CallLevel{certain, true, local >= certain};
  Irql possible =
      std::max(std::min(inf.possible.set ? inf.possible.level : Irql::Passive, call.cap), local);
  if (possible > limit && possible >= Irql::Dispatch)
    return CallLevel{possible, false, local >= possible};
  return std::nullopt;
}

}  // namespace

// Shared with the locked-section rules, which report the MmLock*/MmUnlock* routines themselves.
void report_call_above_limit(const Model& m, FunctionId id, const ApiCall& call, Irql limit,
                             const std::string& what, Reporter& report) {
  const Program& p = m.program;
  const FunctionInference& inf = m.at(id);
  auto level = call_level(inf, call, limit);
  if (!level) return;
  const Function& fn = p.function(id);
  std::string why;
  if (level->local && !call.lock.empty())
    why = " (holding " + call.lock + ")";
  else if (!level->certain && call.certain_cap < call.cap && !call.bound_by.empty())
    why = " (" + call.bound_by + ")";  // only possible: a release made the IRQL someone else's
  Finding& f = report.in_function(
      id, call.pos,
      "'" + fn.name + "' calls " + call.callee + ", " + what + ", at " + irql_name(level->level) +
          why +
          "; call it before taking the lock, or defer the work to PASSIVE_LEVEL (a work item)");
  f.severity = level->certain ? Severity::Error : Severity::Warning;
  if (level->local && !call.lock.empty()) {
    f.evidence.push_back(
        {p.path(id.file), call.lock_pos, call.lock + " acquired by " + call.lock_api});
    return;
  }
  f.evidence = irql_path(m, id, level->certain);
  if (!call.bound_by.empty())
    f.evidence.push_back(bound_step(p, id, call.bound_by, call.bound_pos));
}

namespace {

// Where the routine's documentation qualifies its limit, a call above it is a warning that says
// what makes it safe, not a certain bug.
void qualify_by_caveat(const Model& m, const Function& fn, const IrqlLimitApi& api,
                       const ApiCall& call, Finding& f) {
  using C = IrqlLimitApi::Caveat;
  if (api.caveat == C::ResidentStrings) {
    f.severity = Severity::Warning;
    f.message +=
        " (its documentation also allows any IRQL when both strings are resident: make "
        "sure neither buffer is paged)";
    return;
  }
  size_t at = printf_format_argument(call.callee);
  if (api.caveat != C::StringConversions || call.args.size() <= at) return;
  const std::string& format = call.args[at];
  if (!format_may_convert_strings(format)) {
    f.severity = Severity::Warning;
    f.message +=
        " (its format converts no strings, so only the buffers must be resident: "
        "documented PASSIVE_LEVEL all the same)";
    return;
  }
  // A format that is not a literal (a debug-print wrapper forwarding its own format and va_list):
  // which conversions it asks for is unknown here. The ANSI routine converts only wide-string
  // arguments, so unless its buffer is known to be pageable this is not a certain bug.
  std::string name = plain_name(format);
  if (name.empty() || !is_ansi_string_routine(call.callee)) return;
  if (m.memory.in_pageable_sections.count(plain_name(call.args[0]))) return;
  bool forwarded = false;
  for (const std::string& p : fn.parameters) forwarded |= p == name;
  f.severity = Severity::Warning;
  f.message += " (its format '" + name + "' is not a literal" +
               (forwarded ? " but this function's parameter, so its callers decide"
                          : ", so pagewise cannot tell") +
               " whether it converts wide strings (%ls, %ws, %wZ, %S) through pageable tables; "
               "without them only the buffers must be resident: documented PASSIVE_LEVEL all "
               "the same)";
}

// An allocation routine callable at DISPATCH_LEVEL for nonpaged memory has a lower ceiling when
// the call asks for paged pool.
std::optional<Irql> paged_pool_limit(const ApiCall& c) {
  const PoolApi* pool = find_pool_api(c.callee);
  if (!pool) return std::nullopt;
  bool has_arg = pool->arg >= 0 && static_cast<size_t>(pool->arg) < c.args.size();
  return paged_pool_call_limit(*pool, has_arg ? c.args[pool->arg] : std::string_view());
}

void check_pageable_api(const Model& m, Reporter& report) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      // Every call is a site; the pipeline makes one finding per function of them.
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        // locked-section/irql reports the lock and unlock routines themselves.
        if (const SectionApi* sa = find_section_api(c.callee))
          if (sa->kind == SectionApi::Kind::LockByAddress ||
              sa->kind == SectionApi::Kind::LockByHandle || sa->kind == SectionApi::Kind::Unlock)
            continue;
        const IrqlLimitApi* api = find_irql_limit_api(c.callee);
        std::optional<Irql> pool_limit = api ? std::nullopt : paged_pool_limit(c);
        if (!api && !pool_limit) continue;
        size_t before = report.reported().size();
        Irql limit = api ? api->max : *pool_limit;
        std::string what = std::string("which must be called at or below ") + irql_name(limit) +
                           (api ? "" : " when it allocates paged pool");
        report_call_above_limit(m, {f, i}, c, limit, what, report);
        if (report.reported().size() == before) continue;
        if (api) qualify_by_caveat(m, p.function({f, i}), *api, c, report.reported()[before]);
      }
    }
}

}  // namespace

void add_pageable_api_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"resident/pageable-api", 2005, Severity::Error,
        "a routine that must be called at PASSIVE_LEVEL is called at >= DISPATCH_LEVEL",
        "Zw* file and registry routines, IoGetDeviceProperty, RtlEqualUnicodeString and the "
        "other routines whose documentation requires PASSIVE_LEVEL (or APC_LEVEL) are pageable "
        "or block. Calling one at DISPATCH_LEVEL, or while holding a spin lock, is a bug check "
        "or a deadlock waiting to happen.",
        "docs/rules/resident-pageable-api.md"},
       check_pageable_api});
}

}  // namespace pagewise
