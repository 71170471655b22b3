#include "cli/lsp_findings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "cli/lsp_text.hpp"
#include "frontend/buffer_source.hpp"
#include "report/report.hpp"
#include "rules/rule.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

using nlohmann::json;

// `pos` as an LSP position, given the text of its line.
json position_on(std::string_view line_text, Pos pos) {
  uint32_t line = pos.line == 0 ? 1 : pos.line;
  return {{"line", line - 1}, {"character", lsp_character(line_text, pos.col)}};
}

json position(const std::string& text, Pos pos) {
  return position_on(line_of(text, pos.line == 0 ? 1 : pos.line), pos);
}

// From the finding's column to the end of its line: the statement or declaration it names.
json line_range(std::string_view line_text, Pos pos) {
  uint32_t line = pos.line == 0 ? 1 : pos.line;
  uint32_t end = lsp_character(line_text, static_cast<uint32_t>(line_text.size()) + 1);
  json start = position_on(line_text, pos);
  if (start["character"].get<uint32_t>() > end) end = start["character"].get<uint32_t>();
  return {{"start", start}, {"end", {{"line", line - 1}, {"character", end}}}};
}

// The files of one publication, each read once and split into lines once: a finding's evidence
// path can run through hundreds of steps.
class Documents {
 public:
  explicit Documents(const FileText& text) : text_(text) {}
  std::string_view line(const std::string& file, Pos pos) {
    auto it = lines_.find(file);
    if (it == lines_.end()) {
      Lines& l = lines_[file];
      l.text = text_(file);
      l.starts.push_back(0);
      for (size_t i = 0; i < l.text.size(); ++i)
        if (l.text[i] == '\n') l.starts.push_back(i + 1);
      it = lines_.find(file);
    }
    const Lines& l = it->second;
    uint32_t n = pos.line == 0 ? 1 : pos.line;
    if (n > l.starts.size()) return {};
    size_t start = l.starts[n - 1];
    size_t end = n < l.starts.size() ? l.starts[n] - 1 : l.text.size();
    std::string_view s(l.text.data() + start, end - start);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
  }

 private:
  struct Lines {
    std::string text;
    std::vector<size_t> starts;
  };
  const FileText& text_;
  std::map<std::string, Lines> lines_;
};

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
                const std::map<std::string, std::string>& help, Documents& docs) {
  json d = {{"range", line_range(docs.line(paths.at(f.file), f.pos), f.pos)},
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
                         {"range", line_range(docs.line(where->second, step.pos), step.pos)}}},
                       {"message", step.message}});
  }
  if (!related.empty()) d["relatedInformation"] = related;
  return d;
}

json text_edit(json start, json end, const std::string& new_text) {
  return {{"range", {{"start", std::move(start)}, {"end", std::move(end)}}}, {"newText", new_text}};
}

json insertion(const json& at, const std::string& new_text) { return text_edit(at, at, new_text); }

json quick_fix(const std::string& title, const std::string& uri, json edits) {
  return {
      {"title", title}, {"kind", "quickfix"}, {"edit", {{"changes", {{uri, std::move(edits)}}}}}};
}

std::string indentation(std::string_view line) {
  return std::string(line.substr(0, line.find_first_not_of(" \t")));
}

// `// pagewise: ignore[rule] reason` on the line above the finding, indented as its line is.
json suppression_action(const Finding& f, const std::string& uri, const std::string& text) {
  uint32_t line = f.pos.line == 0 ? 1 : f.pos.line;
  std::string comment = indentation(line_of(text, line)) + "// pagewise: ignore[" + f.rule_id +
                        "] TODO: say why this is safe\n";
  return quick_fix("Silence " + f.rule_id + " here (pagewise: ignore)", uri,
                   json::array({insertion({{"line", line - 1}, {"character", 0}}, comment)}));
}

const Function* function_of(const Analysis& a, const Finding& f) {
  for (const auto& file : a.files)
    if (file->path == f.file)
      for (const Function& fn : file->functions)
        if (fn.name == f.function) return &fn;
  return nullptr;
}

// `PAGED_CODE();` as the first statement of the function, indented as the line after the brace.
json paged_code_insertion(const Function& fn, const std::string& text) {
  json at = position(text, fn.body_pos);
  at["character"] = at["character"].get<uint32_t>() + 1;  // after the `{`
  std::string indent = indentation(line_of(text, fn.body_pos.line + 1));
  if (indent.empty()) indent = "    ";
  return insertion(at, "\n" + indent + "PAGED_CODE();");
}

std::optional<json> paged_code_action(const Analysis& a, const Finding& f, const std::string& uri,
                                      const std::string& text) {
  const Function* fn = function_of(a, f);
  if (!fn || fn->body_pos.line == 0) return std::nullopt;
  return quick_fix("Add PAGED_CODE() to '" + f.function + "'", uri,
                   json::array({paged_code_insertion(*fn, text)}));
}

// alloc_text needs the function declared before it: a prototype (or role declaration) earlier in
// the file, or in another file of the unit (a header it includes).
bool declared_before(const Program& p, const Function& fn, const std::string& file) {
  for (const auto& facts : p.files)
    for (const Declaration& d : facts->declarations)
      if (d.name == fn.name && (facts->path != file || d.pos.offset < fn.pos.offset)) return true;
  return false;
}

// The byte range of `name` in an alloc_text line with the comma that joins it to its neighbour:
// `, name` after the first function, `name, ` for the first.
std::optional<std::pair<size_t, size_t>> listed_name(std::string_view line,
                                                     const std::string& name) {
  size_t open = line.find('(');
  for (size_t at = line.find(name, open); open != std::string_view::npos && at != line.npos;
       at = line.find(name, at + 1)) {
    auto ident = [&](size_t i) {
      return i < line.size() &&
             (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_');
    };
    if ((at > 0 && ident(at - 1)) || ident(at + name.size())) continue;
    size_t comma = line.find_last_not_of(" \t", at - 1);
    if (comma == line.npos || line[comma] != ',') continue;  // the section, not a function
    size_t next = line.find_first_not_of(" \t", at + name.size());
    bool first = line.find(',', open) == comma;
    if (first && next != line.npos && line[next] == ',')
      return std::pair{at, line.find_first_not_of(" \t", next + 1)};  // `name, `
    return std::pair{comma, at + name.size()};                        // `, name`
  }
  return std::nullopt;
}

// Deleting PAGED_CODE*() from a function made resident (it would be
// paged-code/outside-paged-section there): the whole line when the statement is alone on it, else
// the statement.
json without_paged_code(const PagedCodeSite& site, std::string_view line_text, uint32_t line) {
  size_t at = site.pos.col == 0 ? 0 : site.pos.col - 1;
  size_t semicolon = line_text.find(';', at);
  size_t end = semicolon == line_text.npos ? line_text.size() : semicolon + 1;
  if (trim(line_text.substr(0, at)).empty() && trim(line_text.substr(end)).empty())
    return text_edit({{"line", line - 1}, {"character", 0}}, {{"line", line}, {"character", 0}},
                     "");
  auto char_at = [&](size_t byte) {
    return json{{"line", line - 1},
                {"character", lsp_character(line_text, static_cast<uint32_t>(byte) + 1)}};
  };
  return text_edit(char_at(at), char_at(end), "");
}

// The edit that takes `name` out of an alloc_text pragma on `line`: the whole line when it names
// only that function, else the name with the comma that joins it to its neighbour.
std::optional<json> without_listed_name(const Pragma& pragma, std::string_view line_text,
                                        const std::string& name) {
  uint32_t line = pragma.pos.line;
  if (pragma.names.size() == 1)
    return text_edit({{"line", line - 1}, {"character", 0}}, {{"line", line}, {"character", 0}},
                     "");
  auto range = listed_name(line_text, name);
  if (!range) return std::nullopt;
  auto char_at = [&](size_t byte) {
    return json{{"line", line - 1},
                {"character", lsp_character(line_text, static_cast<uint32_t>(byte) + 1)}};
  };
  return text_edit(char_at(range->first), char_at(range->second), "");
}

// resident/*: the function leaves the pageable section its `#pragma alloc_text` puts it in, and
// its PAGED_CODE() goes with it. (Functions placed by code_seg regions or __declspec get none.)
std::optional<json> unpage_action(const Analysis& a, const Finding& f, const FileText& text) {
  const Function* fn = function_of(a, f);
  if (!fn) return std::nullopt;
  for (const auto& file : a.files)
    for (const Pragma& pragma : file->pragmas) {
      if (pragma.kind != PragmaKind::AllocText || !pragma.via_macro.empty() ||
          std::find(pragma.names.begin(), pragma.names.end(), f.function) == pragma.names.end())
        continue;
      std::string path = buffer_key(file->path), content = text(path);
      auto edit = without_listed_name(pragma, line_of(content, pragma.pos.line), f.function);
      if (!edit) return std::nullopt;
      json changes = {{path_to_uri(path), json::array({*edit})}};
      std::string fn_path = buffer_key(f.file), fn_text = text(fn_path);
      for (const PagedCodeSite& site : fn->paged_code)
        changes[path_to_uri(fn_path)].push_back(
            without_paged_code(site, line_of(fn_text, site.pos.line), site.pos.line));
      return json{
          {"title", "Make '" + f.function + "' resident (take it out of " + pragma.section + ")"},
          {"kind", "quickfix"},
          {"edit", {{"changes", std::move(changes)}}}};
    }
  return std::nullopt;
}

// The first line of a definition, its annotations (`_Use_decl_annotations_`) included.
uint32_t first_line_of(const Function& fn) {
  uint32_t line = fn.pos.line;
  for (const Annotation& a : fn.annotations)
    if (a.pos.offset < fn.pos.offset) line = std::min(line, a.pos.line);
  return line;
}

// advice/could-be-paged, where the driver places functions with `#pragma alloc_text`: the pragma
// just before the definition (the function is declared above it), and PAGED_CODE() when the
// target is pageable rather than INIT.
std::optional<json> page_action(const Analysis& a, const Finding& f, const std::string& uri,
                                const std::string& content) {
  for (const Model& m : a.models)
    for (const PagingAdvice& item : m.advice.items) {
      if (item.kind != PagingAdvice::Kind::CouldBePaged) continue;
      const Function& fn = m.program.function(item.function);
      if (fn.name != f.function || m.program.files[item.function.file]->path != f.file) continue;
      if (item.style.how != Placement::How::AllocText ||
          item.style.text.rfind("#pragma NDIS_", 0) == 0 || !declared_before(m.program, fn, f.file))
        return std::nullopt;
      json edits =
          json::array({insertion({{"line", first_line_of(fn) - 1}, {"character", 0}},
                                 "#pragma alloc_text(" + item.section + ", " + fn.name + ")\n")});
      if (item.target == SectionClass::Pageable && fn.paged_code.empty())
        edits.push_back(paged_code_insertion(fn, content));
      return quick_fix("Place '" + fn.name + "' in " + item.section, uri, std::move(edits));
    }
  return std::nullopt;
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
    std::optional<json> fix;
    if (f.rule_id == "paged-code/missing") fix = paged_code_action(a, f, uri, content);
    if (f.rule_id.rfind("resident/", 0) == 0) fix = unpage_action(a, f, text);
    if (f.rule_id == "advice/could-be-paged") fix = page_action(a, f, uri, content);
    if (fix) out.push_back(*fix);
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
  Documents docs(text);
  for (const Finding& f : a.findings) {
    auto where = paths.find(f.file);
    if (where == paths.end() || f.suppressed) continue;
    out[where->second].push_back(diagnostic(f, paths, help, docs));
  }
  return out;
}

}  // namespace pagewise
