#include "cli/lsp_findings.hpp"

#include <optional>

#include "cli/lsp_text.hpp"
#include "frontend/buffer_source.hpp"
#include "report/report.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

using nlohmann::json;

json position(const std::string& text, Pos pos) {
  uint32_t line = pos.line == 0 ? 1 : pos.line;
  return {{"line", line - 1}, {"character", lsp_character(line_of(text, line), pos.col)}};
}

// From the finding's column to the end of its line: the statement or declaration it names.
json line_range(const std::string& text, Pos pos) {
  uint32_t line = pos.line == 0 ? 1 : pos.line;
  std::string_view l = line_of(text, line);
  uint32_t end = lsp_character(l, static_cast<uint32_t>(l.size()) + 1);
  json start = position(text, pos);
  if (start["character"].get<uint32_t>() > end) end = start["character"].get<uint32_t>();
  return {{"start", start}, {"end", {{"line", line - 1}, {"character", end}}}};
}

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::Error:
      return 1;
    case Severity::Warning:
      return 2;
    case Severity::Note:
      return 3;  // Information: advice, not a problem
  }
  return 3;
}

std::map<std::string, std::string> help_uris() {
  std::map<std::string, std::string> out;
  for (const RuleInfo& r : rule_catalogue())
    if (!r.docs_path.empty()) out[r.id] = rule_help_uri(r);
  return out;
}

json diagnostic(const Finding& f, const std::map<std::string, std::string>& paths,
                const std::map<std::string, std::string>& help, const FileText& text) {
  json d = {{"range", line_range(text(paths.at(f.file)), f.pos)},
            {"severity", lsp_severity(f.severity)},
            {"code", f.rule_id},
            {"source", "pagewise"},
            {"message", f.message}};
  if (auto h = help.find(f.rule_id); h != help.end()) d["codeDescription"] = {{"href", h->second}};
  json related = json::array();
  for (const EvidenceStep& step : f.evidence) {
    auto where = paths.find(step.file);
    if (where == paths.end()) continue;
    related.push_back({{"location",
                        {{"uri", path_to_uri(where->second)},
                         {"range", line_range(text(where->second), step.pos)}}},
                       {"message", step.message}});
  }
  if (!related.empty()) d["relatedInformation"] = related;
  return d;
}

json insertion(const std::string& uri, json at, const std::string& new_text) {
  return {{"uri", uri}, {"edit", {{"range", {{"start", at}, {"end", at}}}, {"newText", new_text}}}};
}

json quick_fix(const std::string& title, const json& insert) {
  return {
      {"title", title},
      {"kind", "quickfix"},
      {"edit", {{"changes", {{insert["uri"].get<std::string>(), json::array({insert["edit"]})}}}}}};
}

std::string indentation(std::string_view line) {
  return std::string(line.substr(0, line.find_first_not_of(" \t")));
}

// `// pagewise: ignore[rule] reason` on the line above the finding, indented as its line is.
json suppression_action(const Finding& f, const std::string& uri, const std::string& text) {
  uint32_t line = f.pos.line == 0 ? 1 : f.pos.line;
  std::string comment = indentation(line_of(text, line)) + "// pagewise: ignore[" + f.rule_id +
                        "] TODO: say why this is safe\n";
  return quick_fix("Silence " + f.rule_id + " here (pagewise: ignore)",
                   insertion(uri, {{"line", line - 1}, {"character", 0}}, comment));
}

const Function* function_of(const Analysis& a, const Finding& f) {
  for (const auto& file : a.files)
    if (file->path == f.file)
      for (const Function& fn : file->functions)
        if (fn.name == f.function) return &fn;
  return nullptr;
}

// `PAGED_CODE();` as the first statement of the function, indented as the line after the brace.
std::optional<json> paged_code_action(const Analysis& a, const Finding& f, const std::string& uri,
                                      const std::string& text) {
  const Function* fn = function_of(a, f);
  if (!fn || fn->body_pos.line == 0) return std::nullopt;
  json at = position(text, fn->body_pos);
  at["character"] = at["character"].get<uint32_t>() + 1;  // after the `{`
  std::string indent = indentation(line_of(text, fn->body_pos.line + 1));
  if (indent.empty()) indent = "    ";
  return quick_fix("Add PAGED_CODE() to '" + f.function + "'",
                   insertion(uri, at, "\n" + indent + "PAGED_CODE();"));
}

}  // namespace

std::vector<json> code_actions(const Analysis& a, const std::string& file, uint32_t first_line,
                               uint32_t last_line, const FileText& text) {
  std::map<std::string, std::string> paths = absolute_paths(a);
  std::string uri = path_to_uri(file), content = text(file);
  std::vector<json> out;
  for (const Finding& f : a.findings) {
    auto where = paths.find(f.file);
    if (where == paths.end() || where->second != file || f.suppressed) continue;
    if (f.pos.line < first_line || f.pos.line > last_line) continue;
    if (f.rule_id == "paged-code/missing")
      if (auto fix = paged_code_action(a, f, uri, content)) out.push_back(*fix);
    out.push_back(suppression_action(f, uri, content));
  }
  return out;
}

std::map<std::string, std::string> absolute_paths(const Analysis& a) {
  std::map<std::string, std::string> out;
  for (const auto& file : a.files) out.emplace(file->path, buffer_key(file->path));
  return out;
}

std::map<std::string, std::vector<json>> diagnostics_by_file(const Analysis& a,
                                                             const FileText& text) {
  std::map<std::string, std::string> paths = absolute_paths(a);
  std::map<std::string, std::string> help = help_uris();
  std::map<std::string, std::vector<json>> out;
  for (const Finding& f : a.findings) {
    auto where = paths.find(f.file);
    if (where == paths.end() || f.suppressed) continue;
    out[where->second].push_back(diagnostic(f, paths, help, text));
  }
  return out;
}

}  // namespace pagewise
