#include "cli/pipeline.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/infer.hpp"
#include "analysis/link.hpp"
#include "discover/parallel.hpp"
#include "frontend/file_stage.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool suppressed(const Finding& f, const FileFacts& facts) {
  for (const Suppression& s : facts.suppressions) {
    if (s.line != f.pos.line && s.line + 1 != f.pos.line) continue;
    for (const std::string& r : s.rules)
      if (r == f.rule_id || r == "*" ||
          (r.size() > 2 && r.compare(r.size() - 2, 2, "/*") == 0 &&
           f.rule_id.compare(0, r.size() - 1, r, 0, r.size() - 1) == 0))
        return true;
  }
  return false;
}

uint64_t peak_rss_kb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss);
}

}  // namespace

Analysis run_analysis(const AnalysisOptions& opts) {
  Analysis a;
  auto t_all = Clock::now();
  unsigned threads = effective_threads(opts.threads);
  a.stats.threads = threads;

  // discover
  auto t = Clock::now();
  DiscoverOptions dopts;
  dopts.excludes = opts.excludes;
  dopts.use_gitignore = opts.use_gitignore;
  dopts.threads = threads;
  std::vector<std::string> inputs =
      opts.inputs.empty() ? std::vector<std::string>{"."} : opts.inputs;
  a.discovery = discover(inputs, dopts);
  a.stats.stages.push_back({"discover", seconds_since(t)});

  // The files of every analysed unit, each once; the biggest first so threads finish together.
  std::map<std::string, uint32_t> file_index;
  std::vector<std::string> paths;
  for (const Unit& u : a.discovery.units) {
    if (u.skipped) {
      ++a.stats.units_skipped;
      continue;
    }
    ++a.stats.units;
    for (const std::string& f : u.files)
      if (file_index.emplace(f, static_cast<uint32_t>(paths.size())).second) paths.push_back(f);
  }

  // read + scan directives
  t = Clock::now();
  std::vector<SourceFile> sources(paths.size());
  std::vector<FileScan> scans(paths.size());
  parallel_for_each_index(paths.size(), threads, [&](size_t i, unsigned) {
    sources[i] = read_source(paths[i], opts.max_parse_bytes);
    scans[i] = scan_file(sources[i]);
  });
  a.stats.stages.push_back({"read+scan", seconds_since(t)});

  // One dialect for the run: every placement macro any file defines is blanked everywhere, so a
  // header shared by two units is read once, the same way.
  t = Clock::now();
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  a.stats.stages.push_back({"macros", seconds_since(t)});
  for (const std::string& m : opts.extra_blank) dialect.add_decoration_macro(m);
  FileContext ctx{&dialect, &opts.conditions};

  // pre-pass + parse + extract
  t = Clock::now();
  std::vector<size_t> order(paths.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return sources[x].size > sources[y].size; });
  a.files.resize(paths.size());
  std::vector<std::unique_ptr<Parser>> parsers(threads);
  parallel_for_each_index(order.size(), threads, [&](size_t k, unsigned worker) {
    size_t i = order[k];
    if (!parsers[worker]) parsers[worker] = std::make_unique<Parser>();
    auto facts = std::make_unique<FileFacts>();
    try {
      *facts = analyze_file(sources[i], scans[i], ctx, *parsers[worker]);
    } catch (const std::exception& e) {
      facts->path = paths[i];
      facts->problems.push_back(std::string("could not be analysed: ") + e.what());
    }
    a.files[i] = std::move(facts);
    // The text is no longer needed: keep memory flat on large trees.
    std::string().swap(sources[i].text);
  });
  a.stats.stages.push_back({"prepass+parse+extract", seconds_since(t)});

  for (size_t i = 0; i < a.files.size(); ++i) {
    const FileFacts& f = *a.files[i];
    ++a.stats.files;
    a.stats.bytes += f.bytes;
    a.stats.lines += f.lines;
    a.stats.functions += f.functions.size();
    if (f.parse.has_error) ++a.stats.files_with_parse_errors;
    a.stats.limits_hit += f.limits_hit;
    if (!sources[i].readable)
      ++a.stats.files_unreadable;
    else if (!sources[i].parse)
      ++a.stats.files_not_parsed;
    for (const std::string& p : f.problems) a.discovery.problems.push_back({f.path, p, false});
  }

  // link, per unit
  // Units are independent: they are linked, inferred and checked in parallel, largest first.
  t = Clock::now();
  std::vector<const Unit*> analysed;
  for (const Unit& u : a.discovery.units)
    if (!u.skipped) analysed.push_back(&u);
  std::vector<size_t> by_size(analysed.size());
  for (size_t i = 0; i < by_size.size(); ++i) by_size[i] = i;
  std::sort(by_size.begin(), by_size.end(), [&](size_t x, size_t y) {
    return analysed[x]->files.size() > analysed[y]->files.size();
  });
  a.models.resize(analysed.size());
  parallel_for_each_index(by_size.size(), threads, [&](size_t k, unsigned) {
    const Unit& u = *analysed[by_size[k]];
    std::vector<const FileFacts*> files;
    for (const std::string& f : u.files) files.push_back(a.files[file_index.at(f)].get());
    Model& m = a.models[by_size[k]];
    m = infer(link(u, files));
    plan_advice(m, opts.exact_sizes);
  });
  a.stats.stages.push_back({"link+infer", seconds_since(t)});

  // rules
  t = Clock::now();
  if (opts.run_rules) {
    std::vector<std::vector<Finding>> per_model(a.models.size());
    parallel_for_each_index(a.models.size(), threads, [&](size_t i, unsigned) {
      for (const Rule& r : rule_registry())
        if (opts.advice || r.info.kind != RuleKind::Advice) r.run(a.models[i], per_model[i]);
    });
    std::vector<Finding> all;
    for (auto& v : per_model)
      for (Finding& f : v) all.push_back(std::move(f));
    std::unordered_map<std::string, const FileFacts*> by_path;
    for (const auto& f : a.files) by_path.emplace(f->path, f.get());
    std::set<std::tuple<std::string, uint32_t, uint32_t, std::string, std::string>> seen;
    for (Finding& f : all) {
      auto it = by_path.find(f.file);
      if (it != by_path.end() && suppressed(f, *it->second)) continue;
      // A header shared by two units yields the same finding twice: keep one.
      if (!seen.emplace(f.file, f.pos.line, f.pos.col, f.rule_id, f.message).second) continue;
      a.findings.push_back(std::move(f));
    }
    std::sort(a.findings.begin(), a.findings.end(), [](const Finding& x, const Finding& y) {
      return std::tie(x.file, x.pos.line, x.pos.col, x.rule_id) <
             std::tie(y.file, y.pos.line, y.pos.col, y.rule_id);
    });
  }
  a.stats.stages.push_back({"rules", seconds_since(t)});
  a.stats.wall_seconds = seconds_since(t_all);
  a.stats.peak_rss_kb = peak_rss_kb();
  return a;
}

}  // namespace pagewise
