#include "cli/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/infer.hpp"
#include "analysis/link.hpp"
#include "cli/facts_cache.hpp"
#include "cli/suppressions.hpp"
#include "discover/parallel.hpp"
#include "frontend/buffer_source.hpp"
#include "frontend/file_stage.hpp"
#include "platform/platform.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Runs `stage` and records its wall-clock time under `name` (for --stats).
template <class Stage>
void timed(RunStats& stats, const char* name, Stage stage) {
  auto t = Clock::now();
  stage();
  stats.stages.push_back({name, seconds_since(t)});
}

Discovery discover_inputs(const AnalysisOptions& opts, unsigned threads) {
  DiscoverOptions dopts;
  dopts.excludes = opts.excludes;
  dopts.use_gitignore = opts.use_gitignore;
  dopts.threads = threads;
  dopts.configuration = opts.configuration;
  std::vector<std::string> inputs =
      opts.inputs.empty() ? std::vector<std::string>{"."} : opts.inputs;
  return discover(inputs, dopts);
}

// One file as a unit's configuration leaves it: the branches switched off.
struct FileVariant {
  uint32_t file = 0;
  std::vector<InactiveRange> inactive;
};

// The files of every analysed unit, each once, and each one's place in that list; then each file
// once per distinct set of dead branches the units that read it give it (most files have one).
struct UnitFiles {
  std::vector<std::string> paths;
  std::map<std::string, uint32_t> index;
  std::vector<FileVariant> variants;
  std::vector<std::vector<uint32_t>> variants_of_file;
  std::vector<std::vector<uint32_t>> unit_variants;  // per discovery unit, per file of it
};

// The size of a file on disk; 0 when it cannot be known (the reader reports that file).
uint64_t size_on_disk(const std::string& path) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(platform::os_path(path), ec);
  return ec ? 0 : size;
}

// Drops from `u` the files that would take the run past its source budget, and says so once.
void leave_out_over_budget(Unit& u, uint64_t& budget_left, const UnitFiles& files,
                           Discovery& discovery, RunStats& stats) {
  std::vector<std::string> kept;
  size_t left_out = 0;
  std::string first_left_out;
  for (std::string& f : u.files) {
    uint64_t size = files.index.count(f) ? 0 : size_on_disk(f);  // a file already read is free
    if (left_out == 0 && size <= budget_left) {
      budget_left -= size;
      kept.push_back(std::move(f));
      continue;
    }
    if (left_out++ == 0) first_left_out = f;
  }
  u.files = std::move(kept);
  if (left_out == 0) return;
  stats.files_left_out += left_out;
  discovery.problems.push_back(
      {u.origin,
       "the sources of this run add up to more than --max-total-size; " + std::to_string(left_out) +
           " file(s) of this unit were left out, from " + first_left_out + " on",
       false});
}

UnitFiles files_of_analysed_units(Discovery& discovery, uint64_t max_source_bytes,
                                  RunStats& stats) {
  UnitFiles files;
  uint64_t budget_left = max_source_bytes;
  for (Unit& u : discovery.units) {
    if (u.skipped) {
      ++stats.units_skipped;
      continue;
    }
    ++stats.units;
    leave_out_over_budget(u, budget_left, files, discovery, stats);
    for (const std::string& f : u.files)
      if (files.index.emplace(f, static_cast<uint32_t>(files.paths.size())).second)
        files.paths.push_back(f);
  }
  return files;
}

// Reads every file and scans its directives (the macros the dialect needs come from these).
// An open editor buffer (`pagewise serve`) stands for its file.
void read_and_scan(const std::vector<std::string>& paths, const AnalysisOptions& opts,
                   unsigned threads, std::vector<SourceFile>& sources,
                   std::vector<FileScan>& scans) {
  sources.resize(paths.size());
  scans.resize(paths.size());
  parallel_for_each_index(paths.size(), threads, [&](size_t i, unsigned) {
    auto buffer = opts.open_buffers ? opts.open_buffers->find(buffer_key(paths[i]))
                                    : OpenBuffers::const_iterator();
    if (opts.open_buffers && buffer != opts.open_buffers->end())
      sources[i] = source_from_buffer(paths[i], buffer->second, opts.max_parse_bytes);
    else
      sources[i] = read_source(paths[i], opts.max_parse_bytes);
    scans[i] = scan_file(sources[i]);
  });
}

// The dead branches of each file of each analysed unit, under that unit's configuration.
std::vector<std::vector<std::vector<InactiveRange>>> unit_ranges(const Discovery& discovery,
                                                                 const UnitFiles& files,
                                                                 const std::vector<FileScan>& scans,
                                                                 const AnalysisOptions& opts,
                                                                 unsigned threads) {
  std::vector<std::vector<std::vector<InactiveRange>>> ranges(discovery.units.size());
  parallel_for_each_index(discovery.units.size(), threads, [&](size_t k, unsigned) {
    const Unit& u = discovery.units[k];
    if (u.skipped) return;
    std::vector<const std::vector<Directive>*> directives;
    for (const std::string& f : u.files) directives.push_back(&scans[files.index.at(f)].directives);
    ConditionConfig cfg = unit_conditions(u.defines, u.undefines, opts.conditions);
    undefine_dead_only_macros(directives, cfg);
    for (const std::vector<Directive>* ds : directives)
      ranges[k].push_back(inactive_ranges(*ds, cfg));
  });
  return ranges;
}

bool same_ranges(const std::vector<InactiveRange>& a, const std::vector<InactiveRange>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const InactiveRange& x, const InactiveRange& y) {
                      return x.begin == y.begin && x.end == y.end;
                    });
}

// Gives every (unit, file) its variant: a file whose units switch off the same branches is
// analysed once.
void assign_variants(const Discovery& discovery, const std::vector<FileScan>& scans,
                     const AnalysisOptions& opts, unsigned threads, UnitFiles& files) {
  auto ranges = unit_ranges(discovery, files, scans, opts, threads);
  files.variants_of_file.assign(files.paths.size(), {});
  files.unit_variants.assign(discovery.units.size(), {});
  for (size_t k = 0; k < discovery.units.size(); ++k) {
    const Unit& u = discovery.units[k];
    for (size_t j = 0; j < ranges[k].size(); ++j) {
      uint32_t file = files.index.at(u.files[j]);
      std::vector<uint32_t>& known = files.variants_of_file[file];
      auto same = std::find_if(known.begin(), known.end(), [&](uint32_t v) {
        return same_ranges(files.variants[v].inactive, ranges[k][j]);
      });
      uint32_t v = same != known.end() ? *same : static_cast<uint32_t>(files.variants.size());
      if (same == known.end()) {
        files.variants.push_back({file, std::move(ranges[k][j])});
        known.push_back(v);
      }
      files.unit_variants[k].push_back(v);
    }
  }
}

// One dialect for the run: every placement macro any file defines is blanked everywhere, so a
// header shared by two units is read once, the same way.
Dialect run_dialect(std::vector<FileScan>& scans, const AnalysisOptions& opts, RunStats& stats) {
  Dialect dialect = Dialect::builtin();
  timed(stats, "macros", [&] {
    add_unit_macros(scans, dialect);
    add_paged_code_macros(scans, dialect);
  });
  for (const std::string& m : opts.extra_blank) dialect.add_decoration_macro(m);
  return dialect;
}

// Pre-pass, parse and extract, one file per task (each of its variants in turn), the biggest first
// so threads finish together. A file whose analysis throws is kept, with the problem, so the run
// goes on.
// With a facts cache (`pagewise serve`), a variant whose key is known is copied, not parsed.
std::vector<std::unique_ptr<FileFacts>> extract_files(const UnitFiles& unit_files,
                                                      std::vector<SourceFile>& sources,
                                                      const std::vector<FileScan>& scans,
                                                      const FileContext& ctx, unsigned threads,
                                                      const AnalysisOptions& opts) {
  const std::vector<std::string>& paths = unit_files.paths;
  std::vector<size_t> order(paths.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return sources[x].size > sources[y].size; });
  std::vector<std::unique_ptr<FileFacts>> files(unit_files.variants.size());
  std::vector<std::unique_ptr<Parser>> parsers(threads);
  parallel_for_each_index(order.size(), threads, [&](size_t k, unsigned worker) {
    size_t i = order[k];
    if (!parsers[worker]) parsers[worker] = std::make_unique<Parser>();
    for (uint32_t v : unit_files.variants_of_file[i]) {
      std::string key;
      if (opts.facts_cache) {
        key = facts_key(sources[i], unit_files.variants[v].inactive, opts.facts_context);
        if ((files[v] = opts.facts_cache->find(key))) continue;
      }
      auto facts = std::make_unique<FileFacts>();
      FileContext variant = ctx;
      variant.inactive = &unit_files.variants[v].inactive;
      try {
        *facts = analyze_file(sources[i], scans[i], variant, *parsers[worker]);
        if (opts.facts_cache) opts.facts_cache->store(key, *facts);
      } catch (const std::exception& e) {
        facts->path = paths[i];
        facts->problems.push_back(std::string("could not be analysed: ") + e.what());
      }
      files[v] = std::move(facts);
    }
    // The text is no longer needed: keep memory flat on large trees.
    std::string().swap(sources[i].text);
    if (opts.progress) ++opts.progress->files_parsed;
  });
  return files;
}

// The per-file counts of --stats, and each file's problems as discovery problems: a file analysed
// for two configurations counts once.
void count_files(Analysis& a, const UnitFiles& files, const std::vector<SourceFile>& sources) {
  for (size_t i = 0; i < files.paths.size(); ++i) {
    if (files.variants_of_file[i].empty()) continue;
    const FileFacts& f = *a.files[files.variants_of_file[i].front()];
    ++a.stats.files;
    a.stats.bytes += f.bytes;
    a.stats.lines += f.lines;
    a.stats.functions += f.functions.size();
    a.stats.functions_tag_scan += f.parse.tag_scan_functions;
    if (f.parse.has_error) {
      ++a.stats.files_with_parse_errors;
      a.stats.parse_error_files.push_back(f.path);
    }
    a.stats.limits_hit += f.limits_hit;
    if (!sources[i].readable)
      ++a.stats.files_unreadable;
    else if (!sources[i].parse)
      ++a.stats.files_not_parsed;
    for (const std::string& p : f.problems)
      a.discovery.problems.push_back({f.path, p, false, !sources[i].readable});
  }
  std::sort(a.stats.parse_error_files.begin(), a.stats.parse_error_files.end());
}

// Link, infer and plan advice per unit, one Model per analysed unit. Units are independent: they
// run in parallel, the largest first.
std::vector<Model> link_units(const Analysis& a, const UnitFiles& files,
                              const AnalysisOptions& opts, unsigned threads) {
  std::vector<size_t> analysed;
  for (size_t k = 0; k < a.discovery.units.size(); ++k)
    if (!a.discovery.units[k].skipped) analysed.push_back(k);
  std::vector<size_t> by_size(analysed.size());
  for (size_t i = 0; i < by_size.size(); ++i) by_size[i] = i;
  std::sort(by_size.begin(), by_size.end(), [&](size_t x, size_t y) {
    return a.discovery.units[analysed[x]].files.size() >
           a.discovery.units[analysed[y]].files.size();
  });
  std::vector<Model> models(analysed.size());
  parallel_for_each_index(by_size.size(), threads, [&](size_t k, unsigned) {
    const Unit& u = a.discovery.units[analysed[by_size[k]]];
    std::vector<const FileFacts*> unit_files;
    for (uint32_t v : files.unit_variants[analysed[by_size[k]]])
      unit_files.push_back(a.files[v].get());
    Model& m = models[by_size[k]];
    m = infer(link(u, unit_files));
    plan_advice(m, opts.exact_sizes);
    if (opts.progress) ++opts.progress->units_checked;
  });
  return models;
}

// Every rule on every model, in parallel.
std::vector<Finding> check_models(const std::vector<Model>& models, const AnalysisOptions& opts,
                                  unsigned threads) {
  std::vector<std::vector<Finding>> per_model(models.size());
  parallel_for_each_index(models.size(), threads, [&](size_t i, unsigned) {
    for (const Rule& r : rule_registry())
      if (opts.advice || r.info.kind != RuleKind::Advice) r.run(models[i], per_model[i]);
  });
  std::vector<Finding> all;
  for (auto& v : per_model)
    for (Finding& f : v) all.push_back(std::move(f));
  return all;
}

// The findings, each once (a header shared by two units yields the same finding twice), those
// silenced in the source marked with the reason, one per function and rule (the other sites
// listed in its evidence), sorted by place and rule.
std::vector<Finding> reported_findings(std::vector<Finding> all,
                                       const std::vector<std::unique_ptr<FileFacts>>& files) {
  std::unordered_map<std::string, const FileFacts*> by_path;
  for (const auto& f : files) by_path.emplace(f->path, f.get());
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string, std::string>> seen;
  std::vector<Finding> out;
  for (Finding& f : all) {
    auto it = by_path.find(f.file);
    if (it != by_path.end())
      if (std::optional<std::string> reason = suppression_of(f, *it->second)) {
        f.suppressed = true;
        f.suppression_reason = std::move(*reason);
      }
    if (!seen.emplace(f.file, f.pos.line, f.pos.col, f.rule_id, f.message).second) continue;
    out.push_back(std::move(f));
  }
  // After suppression: a site silenced on its own line leaves the others reported.
  merge_sites_per_function(out);
  std::sort(out.begin(), out.end(), [](const Finding& x, const Finding& y) {
    return std::tie(x.file, x.pos.line, x.pos.col, x.rule_id) <
           std::tie(y.file, y.pos.line, y.pos.col, y.rule_id);
  });
  return out;
}

// Each file's `ignore[...]` comments checked once, whichever units read it.
void check_suppressions(Analysis& a) {
  std::vector<RuleInfo> catalogue = rule_catalogue();
  std::set<std::string> checked;
  for (const auto& f : a.files)
    if (checked.insert(f->path).second) check_suppression_ids(*f, catalogue, a.discovery.problems);
}

}  // namespace

Analysis run_analysis(const AnalysisOptions& opts) {
  Analysis a;
  auto t_all = Clock::now();
  unsigned threads = effective_threads(opts.threads);
  a.stats.threads = threads;

  timed(a.stats, "discover", [&] { a.discovery = discover_inputs(opts, threads); });
  UnitFiles files = files_of_analysed_units(a.discovery, opts.max_run_source_bytes, a.stats);
  if (opts.progress) {
    opts.progress->files_total = files.paths.size();
    opts.progress->units_total = a.stats.units;
  }

  std::vector<SourceFile> sources;
  std::vector<FileScan> scans;
  timed(a.stats, "read+scan", [&] { read_and_scan(files.paths, opts, threads, sources, scans); });
  timed(a.stats, "conditions", [&] { assign_variants(a.discovery, scans, opts, threads, files); });
  Dialect dialect = run_dialect(scans, opts, a.stats);
  FileContext ctx{&dialect, &opts.conditions};
  AnalysisOptions extract_opts = opts;
  if (opts.facts_cache) {
    opts.facts_cache->begin_run();
    extract_opts.facts_context =
        analysis_context_fingerprint(scans, opts.extra_blank, opts.conditions);
  }
  timed(a.stats, "prepass+parse+extract",
        [&] { a.files = extract_files(files, sources, scans, ctx, threads, extract_opts); });
  if (opts.facts_cache) opts.facts_cache->end_run();
  count_files(a, files, sources);

  timed(a.stats, "link+infer", [&] { a.models = link_units(a, files, opts, threads); });
  timed(a.stats, "rules", [&] {
    if (!opts.run_rules) return;
    a.findings = reported_findings(check_models(a.models, opts, threads), a.files);
    check_suppressions(a);
  });
  a.stats.wall_seconds = seconds_since(t_all);
  a.stats.peak_rss_kb = platform::peak_memory_kb();
  return a;
}

Analysis run_analysis_showing_progress(AnalysisOptions opts) {
  if (!progress_line_wanted()) return run_analysis(opts);
  RunProgress progress;
  opts.progress = &progress;
  ProgressLine line(progress, stderr);
  return run_analysis(opts);
}

}  // namespace pagewise
