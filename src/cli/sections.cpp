#include "cli/sections.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "analysis/evidence.hpp"
#include "report/wording.hpp"

namespace pagewise {

namespace {

const char* class_name(SectionClass c) {
  switch (c) {
    case SectionClass::Pageable:
      return "pageable";
    case SectionClass::Init:
      return "init";
    case SectionClass::Resident:
      return "resident";
  }
  return "resident";
}

const char* how_key(Placement::How h) {
  switch (h) {
    case Placement::How::Default:
      return "default";
    case Placement::How::AllocText:
      return "alloc_text";
    case Placement::How::CodeSeg:
      return "code_seg";
    case Placement::How::Declspec:
      return "declspec";
    case Placement::How::DataSeg:
      return "data_seg";
    case Placement::How::BssSeg:
      return "bss_seg";
    case Placement::How::ConstSeg:
      return "const_seg";
    case Placement::How::Allocate:
      return "allocate";
  }
  return "default";
}

struct Row {
  std::string kind;  // "function" or "data"
  std::string file;
  Pos pos;
  std::string name;
  const Placement* placement;
};

// Functions, and data that something placed (globals left in .data/.bss are not listed).
std::vector<Row> rows_of(const Program& p) {
  std::vector<Row> rows;
  for (uint32_t f = 0; f < p.files.size(); ++f) {
    const FileFacts& ff = *p.files[f];
    for (uint32_t i = 0; i < ff.functions.size(); ++i)
      rows.push_back({"function", ff.path, ff.functions[i].name_pos, ff.functions[i].name,
                      &p.placement[f][i]});
  }
  for (DataId g : p.globals) {
    const Placement& pl = p.placement_of(g);
    if (pl.how == Placement::How::Default) continue;
    rows.push_back({"data", p.path(g.file), p.data(g).pos, p.data(g).name, &pl});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.file, a.pos.line, a.pos.col) < std::tie(b.file, b.pos.line, b.pos.col);
  });
  return rows;
}

// Skipped units and input problems close every text listing.
void write_skipped_and_problems(std::ostream& out, const Analysis& a) {
  for (const Unit& u : a.discovery.units)
    if (u.skipped) out << "skipped " << u.name << ": " << u.skip_reason << "\n";
  for (const InputProblem& pr : a.discovery.problems)
    out << (pr.fatal ? "error: " : "warning: ") << pr.path << ": " << pr.message << "\n";
}

// The JSON listings: the units, then skipped units and input problems.
void write_units_document(std::ostream& out, const Analysis& a, nlohmann::json units) {
  nlohmann::json skipped = nlohmann::json::array();
  for (const Unit& u : a.discovery.units)
    if (u.skipped) skipped.push_back({{"unit", u.name}, {"reason", u.skip_reason}});
  nlohmann::json problems = nlohmann::json::array();
  for (const InputProblem& pr : a.discovery.problems)
    problems.push_back({{"path", pr.path}, {"message", pr.message}, {"fatal", pr.fatal}});
  nlohmann::json doc{{"units", std::move(units)},
                     {"skipped", std::move(skipped)},
                     {"problems", std::move(problems)}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

void write_sections_text(std::ostream& out, const Analysis& a) {
  for (const Model& m : a.models) {
    const Program& p = m.program;
    out << "unit " << p.unit->name << "\n";
    size_t pageable = 0, init = 0, resident = 0;
    for (const Row& r : rows_of(p)) {
      out << "  " << r.file << ":" << r.pos.line << ":" << r.pos.col << ": " << r.kind << " "
          << r.name << ": " << r.placement->section << " (" << class_name(r.placement->cls)
          << ") by " << describe_placement(p, *r.placement) << "\n";
      if (r.kind != "function") continue;
      switch (r.placement->cls) {
        case SectionClass::Pageable:
          ++pageable;
          break;
        case SectionClass::Init:
          ++init;
          break;
        case SectionClass::Resident:
          ++resident;
          break;
      }
    }
    out << "  functions: " << pageable << " pageable, " << init << " INIT, " << resident
        << " resident\n";
  }
  write_skipped_and_problems(out, a);
}

void write_sections_json(std::ostream& out, const Analysis& a) {
  nlohmann::json units = nlohmann::json::array();
  for (const Model& m : a.models) {
    const Program& p = m.program;
    nlohmann::json items = nlohmann::json::array();
    for (const Row& r : rows_of(p)) {
      const Placement& pl = *r.placement;
      nlohmann::json j{{"kind", r.kind},
                       {"name", r.name},
                       {"file", r.file},
                       {"line", r.pos.line},
                       {"column", r.pos.col},
                       {"section", pl.section},
                       {"class", class_name(pl.cls)},
                       {"how", how_key(pl.how)}};
      if (pl.file >= 0) {
        j["placed_at"] = {{"file", p.path(static_cast<uint32_t>(pl.file))},
                          {"line", pl.pos.line},
                          {"text", pl.text}};
      }
      if (!pl.macro.empty()) {
        j["macro"] = {{"name", pl.macro}};
        if (pl.macro_file >= 0)
          j["macro"]["defined_at"] = {{"file", p.path(static_cast<uint32_t>(pl.macro_file))},
                                      {"line", pl.macro_pos.line}};
      }
      items.push_back(std::move(j));
    }
    units.push_back({{"unit", p.unit->name}, {"items", std::move(items)}});
  }
  write_units_document(out, a, std::move(units));
}

namespace {

std::string sizes_origin(const UnitSizes& s) {
  if (s.functions_from_map == 0) return "sizes estimated";
  if (s.functions_from_map == s.functions) return "sizes from the linker map";
  return std::to_string(s.functions_from_map) + " sizes from the linker map, the rest estimated";
}

}  // namespace

void write_summary_text(std::ostream& out, const Analysis& a) {
  char line[160];
  for (const Model& m : a.models) {
    const UnitSizes& s = m.advice.summary;
    out << "unit " << s.unit << " (" << s.functions << " functions; " << sizes_origin(s) << ")\n";
    std::snprintf(line, sizeof line, "  %-12s %12s %14s\n", "", "now", "after advice");
    out << line;
    auto total = [&](const char* what, uint64_t now, uint64_t after) {
      std::snprintf(line, sizeof line, "  %-12s %10s B %12s B\n", what, grouped(now).c_str(),
                    grouped(after).c_str());
      out << line;
    };
    total("resident", s.resident_now, s.resident_after);
    total("pageable", s.pageable_now, s.pageable_after);
    total("INIT", s.init_now, s.init_after);
    for (const SectionSize& r : s.sections) {
      std::snprintf(line, sizeof line, "    %-10s %10s B %12s B  %u -> %u functions (%s)\n",
                    r.section.c_str(), grouped(r.bytes_now).c_str(), grouped(r.bytes_after).c_str(),
                    r.functions_now, r.functions_after, class_name(r.cls));
      out << line;
    }
  }
  write_skipped_and_problems(out, a);
}

void write_summary_json(std::ostream& out, const Analysis& a) {
  nlohmann::json units = nlohmann::json::array();
  for (const Model& m : a.models) {
    const UnitSizes& s = m.advice.summary;
    nlohmann::json sections = nlohmann::json::array();
    for (const SectionSize& r : s.sections)
      sections.push_back({{"section", r.section},
                          {"class", class_name(r.cls)},
                          {"bytes_now", r.bytes_now},
                          {"bytes_after", r.bytes_after},
                          {"functions_now", r.functions_now},
                          {"functions_after", r.functions_after}});
    units.push_back(
        {{"unit", s.unit},
         {"functions", s.functions},
         {"functions_sized_by_map", s.functions_from_map},
         {"now",
          {{"resident", s.resident_now}, {"pageable", s.pageable_now}, {"init", s.init_now}}},
         {"after_advice",
          {{"resident", s.resident_after}, {"pageable", s.pageable_after}, {"init", s.init_after}}},
         {"sections", std::move(sections)}});
  }
  write_units_document(out, a, std::move(units));
}

void write_rules_json(std::ostream& out, const std::vector<RuleInfo>& rules) {
  nlohmann::json arr = nlohmann::json::array();
  for (const RuleInfo& r : rules) {
    nlohmann::json related = nlohmann::json::array();
    for (const RelatedCheck& c : r.related)
      related.push_back({{"tool", c.tool},
                         {"id", c.id},
                         {"name", c.name},
                         {"url", c.url},
                         {"relation", c.relation}});
    arr.push_back({{"id", r.id},
                   {"code", rule_code(r)},
                   {"severity", severity_name(r.severity)},
                   {"summary", r.summary},
                   {"help", r.help},
                   {"docs", r.docs_path},
                   {"related", std::move(related)}});
  }
  out << arr.dump(2) << "\n";
}

}  // namespace pagewise
