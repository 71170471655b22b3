#include "cli/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "cli/facts_cache.hpp"
#include "cli/unit_stream.hpp"
#include "discover/parallel.hpp"
#include "frontend/file_stage.hpp"
#include "platform/platform.hpp"

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
// An open editor buffer (`pagewise serve`) stands for its file. The text is dropped once scanned,
// so the tree's text is never in memory at once: the stream reads each file again to extract it,
// and its fingerprint tells whether it changed in between.
void read_and_scan(const std::vector<std::string>& paths, const AnalysisOptions& opts,
                   unsigned threads, std::vector<SourceFile>& sources, std::vector<FileScan>& scans,
                   std::vector<std::string>& fingerprints) {
  sources.resize(paths.size());
  scans.resize(paths.size());
  fingerprints.resize(paths.size());
  parallel_for_each_index(paths.size(), threads, [&](size_t i, unsigned) {
    sources[i] = read_input(paths[i], opts);
    scans[i] = scan_file(sources[i]);
    fingerprints[i] = source_fingerprint(sources[i]);
    std::string().swap(sources[i].text);
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
  std::vector<std::string> fingerprints;
  timed(a.stats, "read+scan",
        [&] { read_and_scan(files.paths, opts, threads, sources, scans, fingerprints); });
  timed(a.stats, "conditions", [&] { assign_variants(a.discovery, scans, opts, threads, files); });
  Dialect dialect = run_dialect(scans, opts, a.stats);
  FileContext ctx{&dialect, &opts.conditions};
  AnalysisOptions stream_opts = opts;
  if (opts.facts_cache) opts.facts_cache->begin_run();
  if (opts.facts_cache || opts.facts_store)
    stream_opts.facts_context =
        analysis_context_fingerprint(scans, opts.extra_blank, opts.conditions);
  stream_units({files, sources, scans, fingerprints, ctx, stream_opts, threads}, a);
  if (opts.facts_cache) opts.facts_cache->end_run();
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
