#include "model/finding.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace pagewise {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "warning";
}

namespace {

// The other sites a merged finding lists; beyond them a count keeps the evidence readable.
constexpr size_t kListedSites = 20;

using SiteKey = std::tuple<std::string, std::string, uint32_t, std::string, bool>;

SiteKey site_key(const Finding& f) {
  return {f.file, f.function, f.function_line, f.rule_id, f.suppressed};
}

bool before(const Finding& x, const Finding& y) {
  return std::tie(x.pos.line, x.pos.col) < std::tie(y.pos.line, y.pos.col);
}

// The sites of one function and rule become one finding: the first site of the highest severity.
Finding merged(std::vector<Finding*>& sites) {
  std::stable_sort(sites.begin(), sites.end(),
                   [](const Finding* x, const Finding* y) { return before(*x, *y); });
  Finding* primary = sites.front();
  for (Finding* s : sites)
    if (s->severity > primary->severity) primary = s;
  Finding out = std::move(*primary);
  size_t listed = 0, others = sites.size() - 1;
  for (Finding* s : sites) {
    if (s == primary) continue;
    if (listed == kListedSites) break;
    std::string message = "also here: " + s->message;
    if (++listed == kListedSites && others > listed)
      message += " (and " + std::to_string(others - listed) + " more sites in this function)";
    out.evidence.push_back({s->file, s->pos, std::move(message), true});
  }
  return out;
}

}  // namespace

void merge_sites_per_function(std::vector<Finding>& findings) {
  // Keys first: merging moves findings out of the list.
  std::vector<SiteKey> keys;
  keys.reserve(findings.size());
  std::map<SiteKey, std::vector<Finding*>> groups;
  for (Finding& f : findings) {
    keys.push_back(site_key(f));
    if (!f.function.empty()) groups[keys.back()].push_back(&f);
  }
  std::vector<Finding> out;
  out.reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    if (std::get<1>(keys[i]).empty()) {
      out.push_back(std::move(findings[i]));
      continue;
    }
    auto g = groups.find(keys[i]);
    if (g == groups.end()) continue;  // already merged into its group's finding
    out.push_back(g->second.size() == 1 ? std::move(findings[i]) : merged(g->second));
    groups.erase(g);
  }
  findings = std::move(out);
}

std::string rule_code(const RuleInfo& rule) {
  char text[16];
  std::snprintf(text, sizeof text, "PW%04u", static_cast<unsigned>(rule.code));
  return text;
}

}  // namespace pagewise
