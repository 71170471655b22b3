// SARIF 2.1.0 for GitHub code scanning and the Visual Studio / VS Code SARIF viewers.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// GitHub's subset:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
#include <algorithm>
#include <cctype>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "report/artifact_path.hpp"
#include "report/fingerprint.hpp"
#include "report/json_document.hpp"
#include "report/report.hpp"
#include "report/utf16_columns.hpp"
#include "report/wording.hpp"

namespace pagewise {

namespace {

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kRootBaseId = "SRCROOT";
// Versioned so a future change of what the hash covers does not silently re-key every alert.
constexpr std::string_view kFingerprintKey = "pagewise/v1";

// "paged-code/missing" -> "PagedCodeMissing": SARIF's rule name is meant to read as an identifier.
std::string rule_name(std::string_view id) {
  std::string out;
  bool word_start = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      word_start = true;
      continue;
    }
    out += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return out;
}

std::string_view rule_family(std::string_view id) { return id.substr(0, id.find('/')); }

// The other tools' checks the rules correspond to, one taxonomy per tool, each check once, in
// catalogue order. Built from the whole catalogue first, so every index a rule points at exists.
struct Taxonomies {
  std::vector<std::string> tools;
  std::vector<std::vector<const RelatedCheck*>> checks;  // per tool

  explicit Taxonomies(const std::vector<RuleInfo>& rules) {
    for (const RuleInfo& rule : rules)
      for (const RelatedCheck& c : rule.related) {
        size_t tool = tool_index(c.tool);
        if (tool == tools.size()) {
          tools.push_back(c.tool);
          checks.emplace_back();
        }
        auto& taxa = checks[tool];
        if (std::none_of(taxa.begin(), taxa.end(), [&](auto* t) { return t->id == c.id; }))
          taxa.push_back(&c);
      }
  }
  // tools.size() when the tool has no taxonomy.
  size_t tool_index(const std::string& tool) const {
    return static_cast<size_t>(std::find(tools.begin(), tools.end(), tool) - tools.begin());
  }
  size_t taxon_index(size_t tool, const std::string& id) const {
    const auto& taxa = checks[tool];
    return static_cast<size_t>(
        std::find_if(taxa.begin(), taxa.end(), [&](auto* t) { return t->id == id; }) -
        taxa.begin());
  }
};

// SARIF §3.52: a rule's relationship to a taxon of another tool, here Code Analysis warnings and
// CodeQL queries, so a team running both can match findings. docs/rules/README.md lists them.
void add_relationships(JsonDocument& d, const RuleInfo& rule, const Taxonomies& taxonomies) {
  if (rule.related.empty()) return;
  JsonDocument list = JsonDocument::array();
  for (const RelatedCheck& c : rule.related) {
    size_t tool = taxonomies.tool_index(c.tool);
    JsonDocument r;
    r["target"]["id"] = c.id;
    r["target"]["index"] = taxonomies.taxon_index(tool, c.id);
    r["target"]["toolComponent"]["name"] = c.tool;
    r["target"]["toolComponent"]["index"] = tool;
    r["kinds"] = JsonDocument::array({c.relation});
    list.push_back(std::move(r));
  }
  d["relationships"] = std::move(list);
}

JsonDocument taxonomies_json(const Taxonomies& taxonomies) {
  JsonDocument out = JsonDocument::array();
  for (size_t t = 0; t < taxonomies.tools.size(); ++t) {
    JsonDocument taxa = JsonDocument::array();
    for (const RelatedCheck* c : taxonomies.checks[t]) {
      JsonDocument taxon;
      taxon["id"] = c->id;
      taxon["shortDescription"]["text"] = c->name;
      taxon["helpUri"] = c->url;
      taxa.push_back(std::move(taxon));
    }
    JsonDocument component;
    component["name"] = taxonomies.tools[t];
    component["taxa"] = std::move(taxa);
    out.push_back(std::move(component));
  }
  return out;
}

JsonDocument rule_descriptor(const RuleInfo& rule, const Taxonomies& taxonomies) {
  JsonDocument d;
  d["id"] = rule.id;
  d["name"] = rule_name(rule.id);
  d["shortDescription"]["text"] = rule.summary;
  d["fullDescription"]["text"] = rule.help.empty() ? rule.summary : rule.help;
  std::string help = rule.help.empty() ? rule.summary : rule.help;
  d["help"]["text"] = help;
  d["help"]["markdown"] = rule.docs_path.empty()
                              ? help
                              : help + "\n\n[Rule documentation](" + rule_help_uri(rule) + ")";
  if (!rule.docs_path.empty()) d["helpUri"] = rule_help_uri(rule);
  d["defaultConfiguration"]["level"] = severity_name(rule.severity);
  d["properties"]["tags"] = JsonDocument::array({"kernel-driver", "paging", rule_family(rule.id)});
  add_relationships(d, rule, taxonomies);
  return d;
}

JsonDocument artifact_location(const ArtifactPath& artifact) {
  JsonDocument a;
  if (artifact.under_root) {
    a["uri"] = percent_encode_path(artifact.path, false);
    a["uriBaseId"] = kRootBaseId;
  } else {
    a["uri"] = file_uri(artifact.path);
  }
  return a;
}

// `column` is in UTF-16 code units (the run's columnKind); 0 leaves it out.
JsonDocument physical_location(const ArtifactPath& artifact, Pos pos, uint32_t column) {
  JsonDocument p;
  p["artifactLocation"] = artifact_location(artifact);
  if (pos.line > 0) {
    p["region"]["startLine"] = pos.line;
    if (column > 0) p["region"]["startColumn"] = column;
  }
  return p;
}

JsonDocument result_location(const ArtifactPath& artifact, const Finding& f,
                             const Utf16Columns& columns) {
  JsonDocument loc;
  loc["physicalLocation"] = physical_location(artifact, f.pos, columns.column(f.file, f.pos));
  if (!f.function.empty()) {
    loc["logicalLocations"] = JsonDocument::array({{{"name", f.function}, {"kind", "function"}}});
  }
  return loc;
}

// The evidence path twice: as a code flow (viewers step through it) and as related locations
// (GitHub lists them under the alert). The finding's other sites are related locations only: they
// are not steps of the path.
void add_evidence(JsonDocument& result, const Finding& f, const ArtifactRoot& base,
                  const Utf16Columns& columns) {
  if (f.evidence.empty()) return;
  JsonDocument flow_steps = JsonDocument::array();
  JsonDocument related = JsonDocument::array();
  int id = 1;
  for (const EvidenceStep& step : f.evidence) {
    const std::string& file = step.file.empty() ? f.file : step.file;
    JsonDocument loc;
    loc["physicalLocation"] =
        physical_location(locate_artifact(base, file), step.pos, columns.column(file, step.pos));
    loc["message"]["text"] = step.message;
    if (!step.other_site) {
      JsonDocument flow_step;
      flow_step["location"] = loc;
      flow_steps.push_back(std::move(flow_step));
    }
    JsonDocument rel;
    rel["id"] = id++;
    rel["physicalLocation"] = loc["physicalLocation"];
    rel["message"] = loc["message"];
    related.push_back(std::move(rel));
  }
  result["relatedLocations"] = std::move(related);
  if (std::all_of(f.evidence.begin(), f.evidence.end(),
                  [](const EvidenceStep& s) { return s.other_site; }))
    return;
  JsonDocument thread_flow;
  thread_flow["locations"] = std::move(flow_steps);
  JsonDocument code_flow;
  code_flow["threadFlows"] = JsonDocument::array({thread_flow});
  result["codeFlows"] = JsonDocument::array({code_flow});
}

// Silenced findings stay in the log, marked (GitHub closes their alerts as dismissed); with a
// --baseline each result says whether it is new, unchanged or gone.
void add_suppression_and_baseline(JsonDocument& result, const Finding& f) {
  if (f.suppressed)
    result["suppressions"] =
        JsonDocument::array({{{"kind", "inSource"}, {"justification", f.suppression_reason}}});
  static constexpr const char* kBaselineState[] = {"", "new", "unchanged", "absent"};
  if (f.baseline != BaselineState::None)
    result["baselineState"] = kBaselineState[static_cast<size_t>(f.baseline)];
}

JsonDocument results(const ReportInput& in, const ArtifactRoot& base) {
  Utf16Columns columns(in);
  std::map<std::string_view, size_t> rule_index;
  for (size_t i = 0; i < in.rules.size(); ++i) rule_index.emplace(in.rules[i].id, i);

  std::vector<ArtifactPath> artifacts;
  artifacts.reserve(in.findings.size());
  for (const Finding& f : in.findings) artifacts.push_back(locate_artifact(base, f.file));
  std::vector<std::string> fingerprints = finding_fingerprints(in.findings, base);

  JsonDocument out = JsonDocument::array();
  for (size_t i = 0; i < in.findings.size(); ++i) {
    const Finding& f = in.findings[i];
    JsonDocument r;
    r["ruleId"] = f.rule_id;
    // A finding of a rule missing from the catalogue still shows; it just cannot point at it.
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) r["ruleIndex"] = it->second;
    r["level"] = severity_name(f.severity);
    r["message"]["text"] = f.message;
    r["locations"] = JsonDocument::array({result_location(artifacts[i], f, columns)});
    r["partialFingerprints"][std::string(kFingerprintKey)] = fingerprints[i];
    add_evidence(r, f, base, columns);
    add_suppression_and_baseline(r, f);
    if (!f.unit.empty()) r["properties"]["unit"] = f.unit;
    out.push_back(std::move(r));
  }
  return out;
}

JsonDocument notification(std::string_view level, const std::string& text, const ArtifactRoot& base,
                          const std::string& path) {
  JsonDocument n;
  n["level"] = level;
  n["message"]["text"] = text;
  if (!path.empty()) {
    JsonDocument loc;
    loc["physicalLocation"]["artifactLocation"] = artifact_location(locate_artifact(base, path));
    n["locations"] = JsonDocument::array({loc});
  }
  return n;
}

JsonDocument invocation(const ReportInput& in, const ArtifactRoot& base) {
  JsonDocument notes = JsonDocument::array();
  bool fatal = false;
  for (const InputProblem& p : in.discovery.problems) {
    fatal = fatal || p.fatal;
    notes.push_back(
        notification(p.fatal ? "error" : "warning", input_problem_message(p), base, p.path));
  }
  for (const Unit& u : in.discovery.units) {
    if (u.skipped) notes.push_back(notification("note", skipped_unit_message(u), base, u.origin));
  }
  JsonDocument inv;
  // An input that could not be used at all means the analysis did not cover what was asked.
  inv["executionSuccessful"] = !fatal;
  // GitHub turns absolute URIs (files outside SRCROOT) into repository paths against this.
  inv["workingDirectory"]["uri"] = directory_uri(base.working_dir);
  if (!notes.empty()) inv["toolExecutionNotifications"] = std::move(notes);
  return inv;
}

JsonDocument driver(const ReportInput& in, const Taxonomies& taxonomies) {
  JsonDocument d;
  d["name"] = "pagewise";
  d["fullName"] = "pagewise " + in.tool_version;
  d["version"] = in.tool_version;
  d["semanticVersion"] = in.tool_version;
  d["informationUri"] = kProjectHome;
  JsonDocument rules = JsonDocument::array();
  for (const RuleInfo& rule : in.rules) rules.push_back(rule_descriptor(rule, taxonomies));
  d["rules"] = std::move(rules);
  return d;
}

}  // namespace

// SRCROOT: the repository the inputs are in, which is where GitHub reads relative URIs from;
// outside a repository, the folder that holds every input. Baselines match fingerprints of paths
// relative to it.
ArtifactRoot sarif_source_root(const ReportInput& in) {
  const std::string& source_root =
      in.discovery.repository.empty() ? in.discovery.root : in.discovery.repository;
  return make_artifact_root(source_root, in.working_dir);
}

void write_sarif(std::ostream& out, const ReportInput& in) {
  ArtifactRoot base = sarif_source_root(in);
  Taxonomies taxonomies(in.rules);

  JsonDocument run;
  run["tool"]["driver"] = driver(in, taxonomies);
  if (!taxonomies.tools.empty()) run["taxonomies"] = taxonomies_json(taxonomies);
  // "NAME/": GitHub reads the category as what comes before the last '/', and keeps one set of
  // alerts per category, so several analyses of one commit do not replace each other.
  if (!in.sarif_category.empty()) {
    std::string id = in.sarif_category;
    if (id.back() != '/') id += '/';
    run["automationDetails"]["id"] = id;
  }
  run["originalUriBaseIds"][std::string(kRootBaseId)]["uri"] = directory_uri(base.root);
  run["invocations"] = JsonDocument::array({invocation(in, base)});
  run["results"] = results(in, base);
  run["columnKind"] = "utf16CodeUnits";

  JsonDocument log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = JsonDocument::array({run});
  write_json_document(out, log);
}

}  // namespace pagewise
