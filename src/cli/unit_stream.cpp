#include "cli/unit_stream.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "analysis/infer.hpp"
#include "analysis/link.hpp"
#include "cli/facts_cache.hpp"
#include "cli/facts_store.hpp"
#include "cli/suppressions.hpp"
#include "discover/parallel.hpp"
#include "frontend/buffer_source.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A batch holds units until their files add up to this much source per worker. Facts and models
// take a few times their source, so a batch stays in the tens of megabytes, while being large
// enough that the workers rarely wait for one another between its stages.
constexpr uint64_t kBatchSourceBytesPerWorker = 8ull << 20;

// What the report needs of a file once its facts are gone: its --stats counts and its problems,
// taken from the first variant analysed.
struct FileSummary {
  bool done = false;
  std::string path, display_path;
  uint64_t bytes = 0;
  uint32_t lines = 0;
  uint64_t functions = 0, tag_scan_functions = 0;
  bool parse_error = false;
  uint32_t limits_hit = 0;
  std::vector<std::string> problems;
  std::vector<InputProblem> suppression_problems;  // ignore[...] comments naming no rule
};

// The state of the stream between batches.
struct StreamState {
  std::vector<std::unique_ptr<FileFacts>> facts;  // per variant, while a unit still needs it
  std::vector<uint32_t> users_left;               // per variant: units not yet checked
  std::vector<FileSummary> summaries;             // per file
  std::vector<std::unique_ptr<Parser>> parsers;   // per worker, kept across batches
  std::vector<std::vector<Finding>> findings;     // per analysed unit
  std::vector<Model> models;                      // per analysed unit, with keep_facts
  std::vector<RuleInfo> catalogue = rule_catalogue();
  double extract_seconds = 0, link_seconds = 0, rules_seconds = 0;
  std::atomic<uint64_t> from_store{0};  // variants whose facts the on-disk cache held
};

// The file read again for its extraction (its text was dropped after the scan). A file that
// changed since is analysed as it is now, with a fresh scan, and says so.
SourceFile read_again(const StreamInput& in, uint32_t file, FileScan& rescan, bool& changed) {
  const std::string& path = in.files.paths[file];
  const AnalysisOptions& opts = in.opts;
  auto buffer =
      opts.open_buffers ? opts.open_buffers->find(buffer_key(path)) : OpenBuffers::const_iterator();
  SourceFile src = opts.open_buffers && buffer != opts.open_buffers->end()
                       ? source_from_buffer(path, buffer->second, opts.max_parse_bytes)
                       : read_source(path, opts.max_parse_bytes);
  changed = text_hash(src.text) != in.text_hashes[file];
  if (changed) {
    rescan = scan_file(src);
    src.problems.push_back(
        "changed while pagewise was reading it: its #if branches were decided on the earlier text");
  }
  return src;
}

// One variant's facts: from the in-memory cache (serve) or the on-disk one (check) when its key is
// known there, else pre-pass, parse and extract. A file whose analysis throws is kept, with the
// problem (and not cached), so the run goes on.
std::unique_ptr<FileFacts> extract_variant(const StreamInput& in, const SourceFile& src,
                                           const FileScan& scan, uint32_t v, Parser& parser,
                                           StreamState& st) {
  const AnalysisOptions& opts = in.opts;
  const std::vector<InactiveRange>& inactive = in.files.variants[v].inactive;
  std::string key;
  if (opts.facts_cache || opts.facts_store) key = facts_key(src, inactive, opts.facts_context);
  if (opts.facts_cache)
    if (std::unique_ptr<FileFacts> cached = opts.facts_cache->find(key)) return cached;
  if (opts.facts_store)
    if (std::unique_ptr<FileFacts> stored = opts.facts_store->find(key)) {
      ++st.from_store;
      if (opts.facts_cache) opts.facts_cache->store(key, *stored);
      return stored;
    }
  auto facts = std::make_unique<FileFacts>();
  FileContext variant = in.ctx;
  variant.inactive = &inactive;
  try {
    *facts = analyze_file(src, scan, variant, parser);
    if (opts.facts_cache) opts.facts_cache->store(key, *facts);
    if (opts.facts_store) opts.facts_store->store(key, *facts);
  } catch (const std::exception& e) {
    facts->path = src.path;
    facts->problems.push_back(std::string("could not be analysed: ") + e.what());
  }
  return facts;
}

void summarize(const FileFacts& f, const std::vector<RuleInfo>& catalogue, FileSummary& s) {
  s.done = true;
  s.path = f.path;
  s.display_path = f.display_path;
  s.bytes = f.bytes;
  s.lines = f.lines;
  s.functions = f.functions.size();
  s.tag_scan_functions = f.parse.tag_scan_functions;
  s.parse_error = f.parse.has_error;
  s.limits_hit = f.limits_hit;
  s.problems = f.problems;
  check_suppression_ids(f, catalogue, s.suppression_problems);
}

// Every variant of `file` the batch needs and no earlier batch built, in one task: the file is
// read once for all of them.
void extract_file(const StreamInput& in, uint32_t file, const std::vector<uint32_t>& wanted,
                  Parser& parser, StreamState& st) {
  FileScan rescan;
  bool changed = false;
  SourceFile src = read_again(in, file, rescan, changed);
  const FileScan& scan = changed ? rescan : in.scans[file];
  for (uint32_t v : wanted) {
    st.facts[v] = extract_variant(in, src, scan, v, parser, st);
    if (v == in.files.variants_of_file[file].front())
      summarize(*st.facts[v], st.catalogue, st.summaries[file]);
  }
  in.sources[file].readable = src.readable;
  in.sources[file].parse = src.parse;
  if (in.opts.progress) ++in.opts.progress->files_parsed;
}

// The batch's files whose variants are not built yet, biggest first so threads finish together.
void extract_batch(const StreamInput& in, const std::vector<size_t>& units, StreamState& st) {
  std::map<uint32_t, std::vector<uint32_t>> wanted;  // file -> variants to build
  for (size_t k : units)
    for (uint32_t v : in.files.unit_variants[k])
      if (!st.facts[v]) {
        std::vector<uint32_t>& vs = wanted[in.files.variants[v].file];
        if (std::find(vs.begin(), vs.end(), v) == vs.end()) vs.push_back(v);
      }
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> tasks(wanted.begin(), wanted.end());
  std::stable_sort(tasks.begin(), tasks.end(), [&](const auto& x, const auto& y) {
    return in.sources[x.first].size > in.sources[y.first].size;
  });
  parallel_for_each_index(tasks.size(), in.threads, [&](size_t i, unsigned worker) {
    if (!st.parsers[worker]) st.parsers[worker] = std::make_unique<Parser>();
    extract_file(in, tasks[i].first, tasks[i].second, *st.parsers[worker], st);
  });
}

// The unit's findings with the silenced ones marked, each by the file it is in.
void mark_suppressed(std::vector<Finding>& findings, const std::vector<const FileFacts*>& files) {
  std::unordered_map<std::string_view, const FileFacts*> by_path;
  for (const FileFacts* f : files) by_path.emplace(f->path, f);
  for (Finding& f : findings) {
    auto it = by_path.find(f.file);
    if (it == by_path.end()) continue;
    if (std::optional<std::string> reason = suppression_of(f, *it->second)) {
      f.suppressed = true;
      f.suppression_reason = std::move(*reason);
    }
  }
}

// Link, infer and plan advice, then every rule, for each unit of the batch, the largest first.
void check_batch(const StreamInput& in, const Discovery& discovery,
                 const std::vector<size_t>& units, const std::vector<size_t>& slots,
                 StreamState& st) {
  std::vector<size_t> order(units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return discovery.units[units[x]].files.size() > discovery.units[units[y]].files.size();
  });
  std::vector<Model> models(units.size());
  auto t = Clock::now();
  parallel_for_each_index(order.size(), in.threads, [&](size_t i, unsigned) {
    size_t j = order[i];
    std::vector<const FileFacts*> files;
    for (uint32_t v : in.files.unit_variants[units[j]]) files.push_back(st.facts[v].get());
    models[j] = infer(link(discovery.units[units[j]], files));
    plan_advice(models[j], in.opts.exact_sizes);
    if (in.opts.progress) ++in.opts.progress->units_checked;
  });
  st.link_seconds += seconds_since(t);
  t = Clock::now();
  if (in.opts.run_rules)
    parallel_for_each_index(order.size(), in.threads, [&](size_t i, unsigned) {
      size_t j = order[i];
      std::vector<Finding>& out = st.findings[slots[j]];
      for (const Rule& r : rule_registry())
        if (in.opts.advice || r.info.kind != RuleKind::Advice) r.run(models[j], out);
      mark_suppressed(out, models[j].program.files);
    });
  st.rules_seconds += seconds_since(t);
  for (size_t j = 0; j < units.size(); ++j) st.models[slots[j]] = std::move(models[j]);
}

// After a batch: the facts no later unit reads are freed, and so are the models (their sizes are
// kept for the report), unless the caller wants everything kept.
void release_batch(const StreamInput& in, const std::vector<size_t>& units,
                   const std::vector<size_t>& slots, StreamState& st, Analysis& a) {
  for (size_t j = 0; j < units.size(); ++j) {
    a.unit_sizes[slots[j]] = st.models[slots[j]].advice.summary;
    if (!in.opts.keep_facts) st.models[slots[j]] = Model();
    for (uint32_t v : in.files.unit_variants[units[j]])
      if (--st.users_left[v] == 0 && !in.opts.keep_facts) st.facts[v].reset();
  }
}

uint64_t unit_source_bytes(const StreamInput& in, size_t unit) {
  uint64_t bytes = 0;
  for (uint32_t v : in.files.unit_variants[unit])
    bytes += in.sources[in.files.variants[v].file].size;
  return bytes;
}

// The per-file counts of --stats, and each file's problems as discovery problems, in file order:
// first what reading and parsing found, then the ignore[...] comments naming no rule.
void report_files(const StreamState& st, Analysis& a, const std::vector<SourceFile>& sources,
                  bool run_rules) {
  for (size_t i = 0; i < st.summaries.size(); ++i) {
    const FileSummary& f = st.summaries[i];
    if (!f.done) continue;
    ++a.stats.files;
    a.stats.bytes += f.bytes;
    a.stats.lines += f.lines;
    a.stats.functions += f.functions;
    a.stats.functions_tag_scan += f.tag_scan_functions;
    if (f.parse_error) {
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
    a.source_paths.emplace_back(f.display_path, f.path);
  }
  std::sort(a.stats.parse_error_files.begin(), a.stats.parse_error_files.end());
  if (!run_rules) return;
  for (const FileSummary& f : st.summaries)
    for (const InputProblem& p : f.suppression_problems) a.discovery.problems.push_back(p);
}

// The findings of every unit in unit order, each once (a header shared by two units yields the
// same finding twice; the first unit's is kept), one per function and rule (the other sites
// listed in its evidence), sorted by place and rule.
std::vector<Finding> reported_findings(std::vector<std::vector<Finding>>& per_unit) {
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string, std::string>> seen;
  std::vector<Finding> out;
  for (std::vector<Finding>& unit : per_unit)
    for (Finding& f : unit)
      if (seen.emplace(f.file, f.pos.line, f.pos.col, f.rule_id, f.message).second)
        out.push_back(std::move(f));
  // After suppression (marked per unit): a site silenced on its own line leaves the others
  // reported.
  merge_sites_per_function(out);
  std::sort(out.begin(), out.end(), [](const Finding& x, const Finding& y) {
    return std::tie(x.file, x.pos.line, x.pos.col, x.rule_id) <
           std::tie(y.file, y.pos.line, y.pos.col, y.rule_id);
  });
  return out;
}

void add_stage_times(const StreamState& st, RunStats& stats) {
  stats.stages.push_back({"prepass+parse+extract", st.extract_seconds});
  stats.stages.push_back({"link+infer", st.link_seconds});
  stats.stages.push_back({"rules", st.rules_seconds});
}

}  // namespace

uint64_t text_hash(const std::string& text) { return std::hash<std::string>{}(text); }

void stream_units(const StreamInput& in, Analysis& a) {
  std::vector<size_t> analysed;
  for (size_t k = 0; k < a.discovery.units.size(); ++k)
    if (!a.discovery.units[k].skipped) analysed.push_back(k);
  StreamState st;
  st.facts.resize(in.files.variants.size());
  st.users_left.assign(in.files.variants.size(), 0);
  for (size_t k : analysed)
    for (uint32_t v : in.files.unit_variants[k]) ++st.users_left[v];
  st.summaries.resize(in.files.paths.size());
  st.parsers.resize(std::max(1u, in.threads));
  st.findings.resize(analysed.size());
  st.models.resize(analysed.size());
  a.unit_sizes.resize(analysed.size());
  const uint64_t budget = kBatchSourceBytesPerWorker * std::max(1u, in.threads);
  for (size_t next = 0; next < analysed.size();) {
    std::vector<size_t> units, slots;
    for (uint64_t bytes = 0; next < analysed.size() && (units.empty() || bytes < budget); ++next) {
      bytes += unit_source_bytes(in, analysed[next]);
      units.push_back(analysed[next]);
      slots.push_back(next);
    }
    auto t = Clock::now();
    extract_batch(in, units, st);
    st.extract_seconds += seconds_since(t);
    check_batch(in, a.discovery, units, slots, st);
    release_batch(in, units, slots, st, a);
  }
  report_files(st, a, in.sources, in.opts.run_rules);
  add_stage_times(st, a.stats);
  a.stats.facts_from_cache = st.from_store;
  if (in.opts.run_rules) a.findings = reported_findings(st.findings);
  if (!in.opts.keep_facts) return;
  a.files = std::move(st.facts);
  a.models = std::move(st.models);
}

}  // namespace pagewise
