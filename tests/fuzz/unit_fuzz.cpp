// The unit stage on a small driver made of the input: split at form feeds ('\f') into up to three
// files, a.c, b.cpp and common.h, in one folder that is analysed as one unit (discover, per-file
// stage, link, infer, advice, rules), then rendered by every report writer.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/pipeline.hpp"
#include "cli/sections.hpp"
#include "fuzz_support.hpp"
#include "report/report.hpp"
#include "rules/rule.hpp"

using namespace pagewise;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const names[] = {"a.c", "b.cpp", "common.h"};
  fuzz::clear_scratch();
  auto parts = fuzz::split_parts(fuzz::as_text(data, size), '\f', 3);
  for (size_t i = 0; i < parts.size(); ++i) fuzz::put_file(names[i], parts[i]);

  AnalysisOptions opts;
  opts.inputs = {fuzz::scratch_dir()};
  opts.threads = 1;
  opts.use_gitignore = false;
  opts.max_parse_bytes = 1u << 20;
  Analysis a = run_analysis(opts);

  std::vector<RuleInfo> catalogue = rule_catalogue();
  ReportInput in{a.findings, catalogue, a.discovery, &a.stats, "fuzz"};
  std::vector<std::pair<std::string, std::string>> sources;
  for (const auto& file : a.files) sources.emplace_back(file->display_path, file->path);
  in.sources = &sources;
  std::vector<UnitSizes> sizes;
  for (const Model& m : a.models) sizes.push_back(m.advice.summary);
  in.sizes = &sizes;
  std::ostringstream out;
  write_text(out, in, false);
  write_json(out, in);
  write_sarif(out, in);
  write_html(out, in);
  write_sections_text(out, a);
  write_summary_text(out, a);
  return 0;
}
