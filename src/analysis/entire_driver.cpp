#include "analysis/entire_driver.hpp"

#include <cctype>
#include <set>

#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"

namespace pagewise {

namespace {

bool is_section_api(const ApiCall& c, SectionApi::Kind kind) {
  const SectionApi* api = find_section_api(c.callee);
  return api && api->kind == kind;
}

bool calls_before(const Model& m, FunctionId id, SectionApi::Kind kind, uint32_t offset) {
  for (const ApiCall& c : m.at(id).api_calls)
    if (is_section_api(c, kind) && c.pos.offset < offset) return true;
  return false;
}

// MmResetDriverPaging before the connect, in the connecting function or in a caller before it
// calls that function.
bool reset_before(const Model& m, FunctionId id, uint32_t offset) {
  if (calls_before(m, id, SectionApi::Kind::ResetDriverPaging, offset)) return true;
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const CallEdge& e : m.inferred[f][i].calls)
        if (e.callee == id &&
            calls_before(m, {f, i}, SectionApi::Kind::ResetDriverPaging, e.pos.offset))
          return true;
  return false;
}

// The condition of the innermost `if` whose then-branch holds the call at `offset`: it names the
// open-handle count. nullptr when no `if` holds the call.
const std::string* paging_condition(const Function& fn, uint32_t offset) {
  uint32_t call_step = UINT32_MAX;
  for (uint32_t k = 0; k < fn.steps.size(); ++k)
    if (fn.steps[k].kind == Step::Kind::Call && fn.calls[fn.steps[k].ref].pos.offset == offset)
      call_step = k;
  const std::string* condition = nullptr;
  for (uint32_t k = 0; k < call_step && call_step != UINT32_MAX; ++k)
    if (fn.steps[k].kind == Step::Kind::If && fn.steps[k].end > call_step)
      condition = &fn.conditions[fn.steps[k].ref];
  return condition;
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

void add_identifiers(const std::string& text, std::set<std::string>& out) {
  for (size_t i = 0; i < text.size();) {
    if (ident_char(text[i]) && !std::isdigit(static_cast<unsigned char>(text[i]))) {
      size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      out.insert(text.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
}

// Each MmPageEntireDriver call; the names in the conditions that decide them go to `counts`.
void find_pages(const Model& m, EntireDriverPaging& out, std::set<std::string>& counts) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        if (!is_section_api(c, SectionApi::Kind::PageEntireDriver)) continue;
        FunctionId id{f, i};
        using K = SectionApi::Kind;
        const std::string* condition = paging_condition(p.function(id), c.pos.offset);
        out.pages.push_back({id, c.pos, calls_before(m, id, K::DisconnectInterrupt, c.pos.offset),
                             calls_before(m, id, K::ConnectInterrupt, c.pos.offset),
                             condition != nullptr});
        if (condition) add_identifiers(*condition, counts);
      }
}

void find_connects(const Model& m, EntireDriverPaging& out) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        if (is_section_api(c, SectionApi::Kind::ConnectInterrupt))
          out.connects.push_back({{f, i}, c.pos, c.callee, reset_before(m, {f, i}, c.pos.offset)});
        if (c.callee == "WdfInterruptCreate")
          out.framework_interrupts.push_back({{f, i}, c.pos, c.callee, false});
      }
}

// A lock held where the count is named on the update's line, or a wait on a dispatcher mutex, a
// fast or guarded mutex, a resource or a wait lock taken earlier in the function.
bool serialized(const Model& m, FunctionId id, const Assignment& a, const std::string& count) {
  const Program& p = m.program;
  const Function& fn = p.function(id);
  const FunctionInference& inf = m.at(id);
  for (const RaisedUse& r : inf.raised_uses) {
    const NameUse& u = fn.uses[r.use];
    if (u.pos.line == a.pos.line && p.files[id.file]->names[u.name] == count) return true;
  }
  static const char* const kWaits[] = {
      "KeWaitForSingleObject",   "KeWaitForMutexObject",           "ExAcquireFastMutex",
      "KeAcquireGuardedMutex",   "ExAcquireResourceExclusiveLite", "WdfWaitLockAcquire",
      "ExAcquireFastMutexUnsafe"};
  for (const ApiCall& c : inf.api_calls) {
    if (c.pos.offset >= a.pos.offset) continue;
    for (const char* w : kWaits)
      if (c.callee == w) return true;
  }
  return false;
}

// Plain updates of the count, made without any lock held, race with the paging transition.
void find_unsynchronized_updates(const Model& m, const std::set<std::string>& counts,
                                 EntireDriverPaging& out) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const Assignment& a : p.files[f]->functions[i].assignments) {
        if (a.op != "++" && a.op != "--" && a.op != "+=" && a.op != "-=") continue;
        std::string name = last_member(a.lhs);
        if (counts.count(name) && !serialized(m, {f, i}, a, name))
          out.unsynchronized_count_updates.push_back({{f, i}, a.pos, a.lhs, a.op});
      }
}

}  // namespace

void find_entire_driver_paging(Model& m) {
  EntireDriverPaging& out = m.entire_driver;
  out = EntireDriverPaging();
  std::set<std::string> counts;
  find_pages(m, out, counts);
  if (out.pages.empty()) return;
  find_connects(m, out);
  if (!counts.empty()) find_unsynchronized_updates(m, counts, out);
}

}  // namespace pagewise
