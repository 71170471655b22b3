// The HTML report: one self-contained page a driver developer opens in a browser. A header with
// the totals, per driver the code bytes kept resident, pageable and in INIT now and after the
// advice, then the findings with the source around each, filterable by rule, severity and file;
// a finding with evidence opens its path as a chain of steps, each showing its own source lines.
// Everything is rendered here; the inline script only filters and shows or hides.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "report/html_assets.hpp"
#include "report/html_text.hpp"
#include "report/report.hpp"
#include "report/source_lines.hpp"
#include "report/wording.hpp"

namespace pagewise {

namespace {

// Lines shown before and after the line a finding or a step points at.
constexpr uint32_t kContextLines = 2;

// What the page shows of each file, by display path.
using Excerpts = std::map<std::string, SourceLines, std::less<>>;

const std::string& step_file(const EvidenceStep& step, const Finding& f) {
  // A step without a file of its own is in the finding's file.
  return step.file.empty() ? f.file : step.file;
}

void want_around(std::set<uint32_t>& lines, uint32_t line) {
  if (line == 0) return;
  uint32_t first = line > kContextLines ? line - kContextLines : 1;
  for (uint32_t l = first; l <= line + kContextLines; ++l) lines.insert(l);
}

std::map<std::string, std::set<uint32_t>> wanted_lines(const std::vector<Finding>& findings) {
  std::map<std::string, std::set<uint32_t>> wanted;
  for (const Finding& f : findings) {
    want_around(wanted[f.file], f.pos.line);
    for (const EvidenceStep& step : f.evidence)
      want_around(wanted[step_file(step, f)], step.pos.line);
  }
  return wanted;
}

Excerpts read_excerpts(const ReportInput& in) {
  std::unordered_map<std::string, std::string> by_display;
  if (in.sources != nullptr)
    for (const auto& [display, path] : *in.sources) by_display.emplace(display, path);
  Excerpts excerpts;
  for (const auto& [display, lines] : wanted_lines(in.findings))
    excerpts.emplace(display,
                     read_source_lines(readable_path(by_display, in.working_dir, display), lines));
  return excerpts;
}

std::string counted(size_t n, std::string_view noun) {
  std::string out = grouped(n) + ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

std::string location(std::string_view file, Pos pos) {
  std::string out(file);
  if (pos.line > 0) {
    out += ':' + std::to_string(pos.line);
    if (pos.col > 0) out += ':' + std::to_string(pos.col);
  }
  return out;
}

void write_excerpt(std::ostream& out, const Excerpts& excerpts, const std::string& file,
                   uint32_t line) {
  auto it = excerpts.find(file);
  if (line == 0 || it == excerpts.end() || it->second.lines.count(line) == 0) {
    out << "<div class=\"no-source\">The source of " << html_escape(location(file, {line, 0, 0}))
        << " is not available.</div>";
    return;
  }
  out << "<div class=\"code\">";
  uint32_t first = line > kContextLines ? line - kContextLines : 1;
  for (uint32_t l = first; l <= line + kContextLines; ++l) {
    auto text = it->second.lines.find(l);
    if (text == it->second.lines.end()) continue;
    out << "<div class=\"line" << (l == line ? " hit" : "") << "\" data-line=\"" << l
        << "\"><span class=\"ln\">" << l << "</span><span class=\"src\">"
        << html_escape(text->second) << "</span></div>";
  }
  out << "</div>";
}

// --- header ---------------------------------------------------------------------------------

void write_head(std::ostream& out, const ReportInput& in) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // The page is self-contained; this makes sure it stays so, whatever a message holds.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
         "<meta name=\"generator\" content=\"pagewise "
      << html_escape(in.tool_version)
      << "\">\n<title>pagewise report: " << html_escape(in.discovery.root) << "</title>\n<style>"
      << kHtmlStyle << "</style>\n</head>\n<body>\n";
}

void write_totals(std::ostream& out, const ReportInput& in) {
  ReportTotals t = report_totals(in);
  out << "<div class=\"totals\">";
  for (Severity s : {Severity::Error, Severity::Warning, Severity::Note}) {
    size_t n = t.by_severity[static_cast<size_t>(s)];
    out << "<span class=\"pill " << severity_name(s) << "\" id=\"total-" << severity_name(s)
        << "\"><b>" << n << "</b>" << severity_name(s) << (n == 1 ? "" : "s") << "</span>";
  }
  out << "<span class=\"pill\"><b>" << grouped(t.files) << "</b>"
      << (t.files == 1 ? "file" : "files") << "</span>";
  out << "<span class=\"pill\"><b>" << t.analysed << "</b>"
      << (t.analysed == 1 ? "driver" : "drivers")
      << (t.skipped > 0 ? " (" + std::to_string(t.skipped) + " skipped)" : "") << "</span>";
  out << "</div>";
}

void write_header(std::ostream& out, const ReportInput& in) {
  out << "<header class=\"top\">\n<h1>pagewise <span>report</span></h1>\n<div class=\"meta\">"
      << html_escape(in.discovery.root);
  if (in.stats != nullptr) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", in.stats->wall_seconds);
    out << " &middot; " << counted(in.stats->files, "file") << ", "
        << counted(in.stats->lines, "line") << ", " << counted(in.stats->functions, "function")
        << " in " << seconds << " s";
  }
  out << "</div>\n";
  write_totals(out, in);
  out << "\n</header>\n";
}

// --- sizes ----------------------------------------------------------------------------------

struct Split {
  const char* label;
  uint64_t resident, pageable, init;
  uint64_t total() const { return resident + pageable + init; }
};

std::string percent(uint64_t part, uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
  return buf;
}

void write_segment(std::ostream& out, const char* cls, const char* name, uint64_t bytes,
                   uint64_t scale) {
  if (bytes == 0) return;
  out << "<span class=\"seg " << cls << "\" style=\"width:" << percent(bytes, scale)
      << "\" title=\"" << name << ": " << grouped(bytes) << " B\"></span>";
}

void write_bar(std::ostream& out, const Split& s, uint64_t scale) {
  out << "<div class=\"bar-row\"><span class=\"label\">" << s.label << "</span><div class=\"bar\">";
  write_segment(out, "resident", "resident", s.resident, scale);
  write_segment(out, "pageable", "pageable", s.pageable, scale);
  write_segment(out, "init", "INIT", s.init, scale);
  out << "</div><span class=\"num\">" << grouped(s.total()) << " B</span></div>";
}

const char* section_class_label(SectionClass c) {
  switch (c) {
    case SectionClass::Resident:
      return "resident";
    case SectionClass::Pageable:
      return "pageable";
    case SectionClass::Init:
      return "INIT";
  }
  return "resident";
}

std::string sizes_origin(const UnitSizes& s) {
  if (s.functions_from_map == 0) return "sizes estimated";
  if (s.functions_from_map == s.functions) return "sizes from the linker map";
  return std::to_string(s.functions_from_map) + " sizes from the linker map, the rest estimated";
}

void write_split_table(std::ostream& out, const Split& now, const Split& after) {
  out << "<table class=\"sizes\"><tr><th></th><th><span class=\"swatch resident\"></span>resident"
         "</th><th><span class=\"swatch pageable\"></span>pageable</th><th><span class=\"swatch "
         "init\"></span>INIT</th><th>total</th></tr>";
  for (const Split* s : {&now, &after}) {
    out << "<tr><td>" << s->label << "</td><td>" << grouped(s->resident) << " B</td><td>"
        << grouped(s->pageable) << " B</td><td>" << grouped(s->init) << " B</td><td>"
        << grouped(s->total()) << " B</td></tr>";
  }
  out << "</table>";
}

void write_sections_table(std::ostream& out, const UnitSizes& s) {
  if (s.sections.empty()) return;
  out << "<details class=\"sections\"><summary>" << counted(s.sections.size(), "section")
      << "</summary><table class=\"sizes\"><tr><th>section</th><th>kind</th><th>now</th><th>after "
         "advice</th><th>functions</th></tr>";
  for (const SectionSize& sec : s.sections) {
    out << "<tr><td><code>" << html_escape(sec.section) << "</code></td><td>"
        << section_class_label(sec.cls) << "</td><td>" << grouped(sec.bytes_now) << " B</td><td>"
        << grouped(sec.bytes_after) << " B</td><td>" << sec.functions_now << " &rarr; "
        << sec.functions_after << "</td></tr>";
  }
  out << "</table></details>";
}

void write_unit_sizes(std::ostream& out, const UnitSizes& s, size_t findings) {
  Split now{"now", s.resident_now, s.pageable_now, s.init_now};
  Split after{"after advice", s.resident_after, s.pageable_after, s.init_after};
  // Both bars on one scale, so the eye compares their lengths.
  uint64_t scale = std::max(now.total(), after.total());
  out << "<div class=\"unit\" data-unit=\"" << html_escape(s.unit) << "\"><h3>"
      << html_escape(s.unit) << "<small>" << counted(s.functions, "function") << " &middot; "
      << sizes_origin(s) << " &middot; " << counted(findings, "finding") << "</small></h3>";
  write_bar(out, now, scale);
  write_bar(out, after, scale);
  write_split_table(out, now, after);
  write_sections_table(out, s);
  out << "</div>\n";
}

void write_sizes(std::ostream& out, const ReportInput& in) {
  out << "<section id=\"sizes\">\n<h2>Code size per driver</h2>\n";
  if (in.sizes == nullptr || in.sizes->empty()) {
    out << "<p class=\"empty\" id=\"sizes-unavailable\">Code sizes are not available in this "
           "report (<code>pagewise sections --summary</code> prints them).</p>\n</section>\n";
    return;
  }
  std::map<std::string_view, size_t> findings_per_unit;
  for (const Finding& f : in.findings) ++findings_per_unit[f.unit];
  out << "<div class=\"units\">\n";
  for (const UnitSizes& s : *in.sizes) {
    auto it = findings_per_unit.find(s.unit);
    write_unit_sizes(out, s, it == findings_per_unit.end() ? 0 : it->second);
  }
  out << "</div>\n</section>\n";
}

void write_notices(std::ostream& out, const ReportInput& in) {
  bool any = !in.discovery.problems.empty();
  for (const Unit& u : in.discovery.units) any = any || u.skipped;
  if (!any) return;
  out << "<ul class=\"notices\" id=\"notices\">";
  for (const Unit& u : in.discovery.units)
    if (u.skipped) out << "<li>" << html_escape(skipped_unit_message(u)) << "</li>";
  for (const InputProblem& p : in.discovery.problems)
    out << "<li" << (p.fatal ? " class=\"fatal\"" : "") << ">"
        << html_escape(input_problem_message(p)) << "</li>";
  out << "</ul>\n";
}

// --- findings -------------------------------------------------------------------------------

void write_select(std::ostream& out, const char* id, const char* label, const char* all,
                  const std::map<std::string, size_t>& values) {
  out << "<label>" << label << "<select id=\"" << id << "\"><option value=\"\">" << all
      << "</option>";
  for (const auto& [value, n] : values)
    out << "<option value=\"" << html_escape(value) << "\">" << html_escape(value) << " (" << n
        << ")</option>";
  out << "</select></label>";
}

void write_filters(std::ostream& out, const std::vector<Finding>& findings) {
  std::map<std::string, size_t> rules, files, severities;
  for (const Finding& f : findings) {
    ++rules[f.rule_id];
    ++files[f.file];
    ++severities[severity_name(f.severity)];
  }
  out << "<div class=\"filters\">";
  write_select(out, "filter-rule", "Rule", "all rules", rules);
  // Severities from the most to the least severe, not alphabetically.
  out << "<label>Severity<select id=\"filter-severity\"><option value=\"\">all severities</option>";
  for (Severity s : {Severity::Error, Severity::Warning, Severity::Note}) {
    auto it = severities.find(severity_name(s));
    if (it == severities.end()) continue;
    out << "<option value=\"" << severity_name(s) << "\">" << severity_name(s) << " (" << it->second
        << ")</option>";
  }
  out << "</select></label>";
  write_select(out, "filter-file", "File", "all files", files);
  out << "<span id=\"shown-count\">" << counted(findings.size(), "finding") << "</span></div>\n";
}

void write_node(std::ostream& out, size_t index, const std::string& file, Pos pos,
                const std::string& message_html, bool is_finding) {
  out << "<li><button type=\"button\" class=\"node" << (is_finding ? " finding-node" : "")
      << "\" data-step=\"" << index << "\" aria-pressed=\"false\"><span class=\"node-n\">"
      << index + 1 << "</span><span class=\"node-loc\">" << html_escape(location(file, pos))
      << "</span><span class=\"node-msg\">" << message_html << "</span></button></li>";
}

void write_step_excerpt(std::ostream& out, const Excerpts& excerpts, size_t index,
                        const std::string& file, Pos pos, const std::string& message_html) {
  out << "<div class=\"step-excerpt\" data-step=\"" << index
      << "\" hidden><div class=\"caption\"><span class=\"loc\">" << html_escape(location(file, pos))
      << "</span>" << message_html << "</div>";
  write_excerpt(out, excerpts, file, pos.line);
  out << "</div>";
}

// The evidence as a chain: each step, then the finding itself, joined by arrows (drawn by the
// style sheet); each node shows its own source lines beside the chain.
void write_path(std::ostream& out, const Finding& f, const Excerpts& excerpts) {
  std::string finding_label =
      "<b>" + std::string(severity_name(f.severity)) + "</b> " + html_escape(f.rule_id);
  if (!f.function.empty()) finding_label += " in <code>" + html_escape(f.function) + "</code>";
  const size_t last = f.evidence.size();
  out << "<div class=\"path\" hidden><ol class=\"graph\">";
  for (size_t i = 0; i < last; ++i) {
    const EvidenceStep& step = f.evidence[i];
    write_node(out, i, step_file(step, f), step.pos, html_message(step.message), false);
  }
  write_node(out, last, f.file, f.pos, finding_label, true);
  out << "</ol><div class=\"step-excerpts\">";
  for (size_t i = 0; i < last; ++i) {
    const EvidenceStep& step = f.evidence[i];
    write_step_excerpt(out, excerpts, i, step_file(step, f), step.pos, html_message(step.message));
  }
  write_step_excerpt(out, excerpts, last, f.file, f.pos, html_message(f.message));
  out << "</div></div>";
}

void write_finding(std::ostream& out, const Finding& f, size_t index,
                   const std::unordered_map<std::string_view, const RuleInfo*>& rules,
                   const Excerpts& excerpts) {
  const char* sev = severity_name(f.severity);
  const bool has_path = !f.evidence.empty();
  out << "<li class=\"finding " << sev << "\" data-index=\"" << index << "\" data-rule=\""
      << html_escape(f.rule_id) << "\" data-severity=\"" << sev << "\" data-file=\""
      << html_escape(f.file) << "\" data-steps=\"" << f.evidence.size() << "\">";
  out << "<div class=\"finding-head\"";
  if (has_path) out << " role=\"button\" tabindex=\"0\" aria-expanded=\"false\"";
  out << "><span class=\"sev\">" << sev << "</span><span class=\"rule\"";
  auto rule = rules.find(f.rule_id);
  if (rule != rules.end()) out << " title=\"" << html_escape(rule->second->summary) << "\"";
  out << ">" << html_escape(f.rule_id) << "</span><span class=\"loc\">"
      << html_escape(location(f.file, f.pos)) << "</span>";
  if (!f.function.empty())
    out << "<span class=\"fn\">in <code>" << html_escape(f.function) << "</code></span>";
  if (has_path)
    out << "<span class=\"path-toggle\">path &middot; " << counted(f.evidence.size(), "step")
        << "</span>";
  out << "</div><p class=\"message\">" << html_message(f.message) << "</p>";
  if (f.suppressed)  // shown only with --show-suppressed
    out << "<p class=\"suppressed\">Suppressed: " << html_escape(f.suppression_reason) << "</p>";
  write_excerpt(out, excerpts, f.file, f.pos.line);
  if (has_path) write_path(out, f, excerpts);
  out << "</li>\n";
}

void write_findings(std::ostream& out, const ReportInput& in) {
  out << "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (in.findings.empty()) {
    out << "<p class=\"empty\" id=\"no-findings\">No findings.</p>\n</section>\n";
    return;
  }
  std::unordered_map<std::string_view, const RuleInfo*> rules;
  for (const RuleInfo& r : in.rules) rules.emplace(r.id, &r);
  Excerpts excerpts = read_excerpts(in);
  write_filters(out, in.findings);
  out << "<ol class=\"findings\">\n";
  for (size_t i = 0; i < in.findings.size(); ++i)
    write_finding(out, in.findings[i], i, rules, excerpts);
  out << "</ol>\n<p class=\"empty\" id=\"no-match\" hidden>No finding matches these filters.</p>\n"
         "</section>\n";
}

}  // namespace

void write_html(std::ostream& out, const ReportInput& in) {
  write_head(out, in);
  write_header(out, in);
  out << "<main>\n";
  write_notices(out, in);
  write_sizes(out, in);
  write_findings(out, in);
  out << "</main>\n<footer>Generated by pagewise " << html_escape(in.tool_version)
      << ". Click a finding with a path to see the steps that prove it.</footer>\n<script>"
      << kHtmlScript << "</script>\n</body>\n</html>\n";
}

}  // namespace pagewise
