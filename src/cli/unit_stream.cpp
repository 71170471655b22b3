#include "cli/unit_stream.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
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
#include "knowledge/project_rows.hpp"
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

// The state of the stream between batches.
struct StreamState {
  std::vector<std::unique_ptr<FileFacts>> facts;   // per variant, while a unit still needs it
  std::vector<uint32_t> users_left;                // per variant: units not yet checked
  std::vector<std::optional<FileReport>> reports;  // per variant, once built or taken from a unit
  std::vector<std::unique_ptr<Parser>> parsers;    // per worker, kept across batches
  std::vector<std::vector<Finding>> findings;      // per analysed unit
  std::vector<Model> models;                       // per analysed unit, with keep_facts
  std::vector<RuleInfo> catalogue = rule_catalogue();
  double extract_seconds = 0, link_seconds = 0, rules_seconds = 0;
  std::atomic<uint64_t> from_store{0};  // variants whose facts the on-disk cache held
  uint64_t units_from_store = 0;        // units whose findings the on-disk cache held
  // Per file: it changed between its scan and its extraction, so its unit's key (made from the
  // scan) does not name what was checked, and the unit's result is not kept.
  std::vector<char> changed;
  // Per file: more than one analysed unit compiles it, so its advice must hold in each of them.
  std::vector<char> shared;
  // Per analysed unit: the functions of shared files it enters (SharedFunctionEntered).
  std::vector<std::vector<SharedFunctionEntered>> shared_entered;
};

// The file read again for its extraction (its text was dropped after the scan). A file that
// changed since is analysed as it is now, with a fresh scan, and says so.
SourceFile read_again(const StreamInput& in, uint32_t file, FileScan& rescan, bool& changed) {
  SourceFile src = read_input(in.files.paths[file], in.opts);
  changed = source_fingerprint(src) != in.fingerprints[file];
  if (changed) {
    rescan = scan_file(src);
    src.problems.push_back(
        "changed while pagewise was reading it: its #if branches were decided on the earlier text");
  }
  return src;
}

// A variant's facts from the in-memory cache (serve) or the on-disk one (check), by the key of the
// file's scanned text; null when neither has them.
std::unique_ptr<FileFacts> cached_variant(const StreamInput& in, uint32_t file, uint32_t v,
                                          StreamState& st) {
  const AnalysisOptions& opts = in.opts;
  if (!opts.facts_cache && !opts.facts_store) return nullptr;
  std::string key = facts_key(in.files.paths[file], in.fingerprints[file],
                              in.files.variants[v].inactive, opts.facts_context);
  if (opts.facts_cache)
    if (std::unique_ptr<FileFacts> cached = opts.facts_cache->find(key)) return cached;
  if (opts.facts_store)
    if (std::unique_ptr<FileFacts> stored = opts.facts_store->find(key)) {
      ++st.from_store;
      if (opts.facts_cache) opts.facts_cache->store(key, *stored);
      return stored;
    }
  return nullptr;
}

// Pre-pass, parse and extract one variant, and keep its facts in the caches. A file whose
// analysis throws is kept, with the problem (and not cached), so the run goes on.
std::unique_ptr<FileFacts> extract_variant(const StreamInput& in, const SourceFile& src,
                                           const FileScan& scan, uint32_t v, Parser& parser) {
  const AnalysisOptions& opts = in.opts;
  const std::vector<InactiveRange>& inactive = in.files.variants[v].inactive;
  auto facts = std::make_unique<FileFacts>();
  FileContext variant = in.ctx;
  variant.inactive = &inactive;
  try {
    *facts = analyze_file(src, scan, variant, parser);
  } catch (const std::exception& e) {
    facts->path = src.path;
    facts->problems.push_back(std::string("could not be analysed: ") + e.what());
    return facts;
  }
  if (opts.facts_cache || opts.facts_store) {
    std::string key = facts_key(src, inactive, opts.facts_context);
    if (opts.facts_cache) opts.facts_cache->store(key, *facts);
    if (opts.facts_store) opts.facts_store->store(key, *facts);
  }
  return facts;
}

FileReport report_of(const FileFacts& f, const std::vector<RuleInfo>& catalogue) {
  FileReport r;
  r.path = f.path;
  r.display_path = f.display_path;
  r.bytes = f.bytes;
  r.lines = f.lines;
  r.functions = f.functions.size();
  r.tag_scan_functions = f.parse.tag_scan_functions;
  r.parse_error = f.parse.has_error;
  r.limits_hit = f.limits_hit;
  r.problems = f.problems;
  check_suppression_ids(f, catalogue, r.suppression_problems);
  return r;
}

// Every variant of `file` the batch needs and no earlier batch built, in one task: those the caches
// hold are taken from them, and the file is read again (once) only when one is not.
void extract_file(const StreamInput& in, uint32_t file, const std::vector<uint32_t>& wanted,
                  Parser& parser, StreamState& st) {
  std::vector<uint32_t> missing;
  for (uint32_t v : wanted)
    if (!(st.facts[v] = cached_variant(in, file, v, st))) missing.push_back(v);
  if (!missing.empty()) {
    FileScan rescan;
    bool changed = false;
    SourceFile src = read_again(in, file, rescan, changed);
    st.changed[file] = changed;
    for (uint32_t v : missing)
      st.facts[v] = extract_variant(in, src, changed ? rescan : in.scans[file], v, parser);
    in.sources[file].readable = src.readable;
    in.sources[file].parse = src.parse;
  }
  for (uint32_t v : wanted) st.reports[v] = report_of(*st.facts[v], st.catalogue);
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

// Whether a unit's findings and sizes may be kept on disk and taken from there: only by check
// (the other commands want the models), and only when everything they depend on is in the key:
// not with a linker map's sizes nor with knowledge rows from the project's .pagewise.toml.
bool unit_results_reusable(const AnalysisOptions& opts) {
  return opts.facts_store && !opts.keep_facts && opts.run_rules && !opts.exact_sizes &&
         !has_project_rows();
}

// Everything a unit's check depends on, besides this build (the store adds it): the unit as
// discovery made it, the options, the run's dialect and definitions, and each of its files' text
// with the branches its configuration switches off.
std::string unit_key(const StreamInput& in, const StreamState& st, const Discovery& d,
                     size_t unit) {
  const Unit& u = d.units[unit];
  std::string key = "unit\n" + d.root + '\n' + u.name + '\n' + u.origin + '\n' +
                    std::to_string(static_cast<int>(u.kind)) + '\n' + u.configuration + '\n';
  for (const std::string& x : u.defines) key += "-D" + x + '\n';
  for (const std::string& x : u.undefines) key += "-U" + x + '\n';
  key += in.opts.advice ? "advice\n" : "no advice\n";
  key += std::to_string(in.opts.facts_context) + '\n';
  for (uint32_t v : in.files.unit_variants[unit]) {
    const FileVariant& fv = in.files.variants[v];
    key += in.files.paths[fv.file] + '\0' + in.fingerprints[fv.file];
    if (st.shared[fv.file]) key += " shared";  // its entered functions are part of the result
    for (const InactiveRange& r : fv.inactive)
      key += ' ' + std::to_string(r.begin) + '-' + std::to_string(r.end);
    key += '\n';
  }
  return key;
}

bool read_changed(const StreamInput& in, size_t unit, const StreamState& st) {
  for (uint32_t v : in.files.unit_variants[unit])
    if (st.changed[in.files.variants[v].file]) return true;
  return false;
}

// Link, infer and plan advice, then every rule, for each unit of `units`, the largest first.
void link_and_check(const StreamInput& in, const Discovery& discovery,
                    const std::vector<size_t>& units, const std::vector<size_t>& slots,
                    std::vector<Model>& models, StreamState& st) {
  std::vector<size_t> order(units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return discovery.units[units[x]].files.size() > discovery.units[units[y]].files.size();
  });
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
}

// The units of a batch still to be linked and checked, with their keys in the cache.
struct UnitsToCheck {
  std::vector<size_t> units, slots;
  std::vector<std::string> keys;
};

// Each unit of the batch whose inputs are what an earlier check saw takes that check's findings,
// sizes and file reports from the cache; the others are returned, to be checked.
UnitsToCheck take_cached_units(const StreamInput& in, const Discovery& discovery,
                               const std::vector<size_t>& units, const std::vector<size_t>& slots,
                               StreamState& st, Analysis& a) {
  bool reuse = unit_results_reusable(in.opts);
  UnitsToCheck todo;
  for (size_t j = 0; j < units.size(); ++j) {
    std::string key = reuse ? unit_key(in, st, discovery, units[j]) : std::string();
    UnitResult cached;
    const std::vector<uint32_t>& variants = in.files.unit_variants[units[j]];
    if (reuse && in.opts.facts_store->find_unit(key, cached) &&
        cached.files.size() == variants.size()) {
      st.findings[slots[j]] = std::move(cached.findings);
      a.unit_sizes[slots[j]] = std::move(cached.sizes);
      st.shared_entered[slots[j]] = std::move(cached.shared_entered);
      for (size_t k = 0; k < variants.size(); ++k)
        if (!st.reports[variants[k]]) st.reports[variants[k]] = std::move(cached.files[k]);
      ++st.units_from_store;
      if (in.opts.progress) ++in.opts.progress->units_checked;
      continue;
    }
    todo.units.push_back(units[j]);
    todo.slots.push_back(slots[j]);
    todo.keys.push_back(std::move(key));
  }
  return todo;
}

// The functions of the unit's shared files that it enters, as findings name them.
std::vector<SharedFunctionEntered> shared_functions_entered(const StreamInput& in,
                                                            const StreamState& st, size_t unit,
                                                            const Model& m) {
  std::vector<SharedFunctionEntered> out;
  const std::vector<uint32_t>& variants = in.files.unit_variants[unit];
  for (size_t f = 0; f < variants.size() && f < m.advice.entered.size(); ++f) {
    if (!st.shared[in.files.variants[variants[f]].file]) continue;
    const FileFacts& file = *m.program.files[f];
    for (size_t i = 0; i < file.functions.size(); ++i)
      if (m.advice.entered[f][i]) out.push_back({file.path, file.functions[i].pos.line});
  }
  return out;
}

// Links and checks the units, and keeps each one's result in the cache (unless a file of it changed
// while it was read: its key would not name what was checked).
void check_units(const StreamInput& in, const Discovery& discovery, const UnitsToCheck& todo,
                 StreamState& st, Analysis& a) {
  bool reuse = unit_results_reusable(in.opts);
  std::vector<Model> models(todo.units.size());
  link_and_check(in, discovery, todo.units, todo.slots, models, st);
  for (size_t j = 0; j < todo.units.size(); ++j) {
    size_t slot = todo.slots[j];
    a.unit_sizes[slot] = models[j].advice.summary;
    st.shared_entered[slot] = shared_functions_entered(in, st, todo.units[j], models[j]);
    if (reuse && !read_changed(in, todo.units[j], st)) {
      UnitResult result{st.findings[slot], a.unit_sizes[slot], {}, st.shared_entered[slot]};
      for (uint32_t v : in.files.unit_variants[todo.units[j]])
        result.files.push_back(*st.reports[v]);
      in.opts.facts_store->store_unit(todo.keys[j], result);
    }
    if (in.opts.keep_facts) st.models[slot] = std::move(models[j]);
  }
}

// After a batch: the facts no later unit reads are freed, unless the caller wants them kept.
void release_batch(const StreamInput& in, const std::vector<size_t>& units, StreamState& st) {
  if (in.opts.keep_facts) return;
  for (size_t unit : units)
    for (uint32_t v : in.files.unit_variants[unit])
      if (--st.users_left[v] == 0) st.facts[v].reset();
}

uint64_t unit_source_bytes(const StreamInput& in, size_t unit) {
  uint64_t bytes = 0;
  for (uint32_t v : in.files.unit_variants[unit])
    bytes += in.sources[in.files.variants[v].file].size;
  return bytes;
}

// The per-file counts of --stats, and each file's problems as discovery problems, in file order
// and from each file's first variant: first what reading and parsing found, then the ignore[...]
// comments naming no rule.
void report_files(const StreamInput& in, const StreamState& st, Analysis& a) {
  std::vector<const FileReport*> reports;
  for (size_t i = 0; i < in.files.paths.size(); ++i) {
    const std::vector<uint32_t>& variants = in.files.variants_of_file[i];
    const std::optional<FileReport>& r = st.reports[variants.empty() ? 0 : variants.front()];
    if (variants.empty() || !r) continue;
    reports.push_back(&*r);
    const SourceFile& src = in.sources[i];
    ++a.stats.files;
    a.stats.bytes += r->bytes;
    a.stats.lines += r->lines;
    a.stats.functions += r->functions;
    a.stats.functions_tag_scan += r->tag_scan_functions;
    if (r->parse_error) {
      ++a.stats.files_with_parse_errors;
      a.stats.parse_error_files.push_back(r->path);
    }
    a.stats.limits_hit += r->limits_hit;
    if (!src.readable)
      ++a.stats.files_unreadable;
    else if (!src.parse)
      ++a.stats.files_not_parsed;
    for (const std::string& p : r->problems)
      a.discovery.problems.push_back({r->path, p, false, !src.readable});
    a.source_paths.emplace_back(r->display_path, r->path);
  }
  std::sort(a.stats.parse_error_files.begin(), a.stats.parse_error_files.end());
  if (!in.opts.run_rules) return;
  for (const FileReport* r : reports)
    for (const InputProblem& p : r->suppression_problems) a.discovery.problems.push_back(p);
}

using FindingKey = std::tuple<std::string, uint32_t, uint32_t, std::string, std::string>;
FindingKey key_of(const Finding& f) {
  return {f.file, f.pos.line, f.pos.col, f.rule_id, f.message};
}

// Advice about a function of a file several units compile holds only if it holds in each: a note
// is kept when every unit that enters the function gives the same note (one that runs it at
// DISPATCH_LEVEL, or advises another section, gives none or another). A unit that never enters
// the function has no say.
std::set<FindingKey> advice_not_shared(const std::vector<std::vector<Finding>>& per_unit,
                                       const StreamState& st) {
  std::map<std::pair<std::string, uint32_t>, uint32_t> entering;  // function -> units entering it
  for (const std::vector<SharedFunctionEntered>& unit : st.shared_entered)
    for (const SharedFunctionEntered& e : unit) ++entering[{e.file, e.line}];
  std::set<std::string> advice_rules;
  for (const RuleInfo& r : st.catalogue)
    if (r.kind == RuleKind::Advice) advice_rules.insert(r.id);
  std::map<FindingKey, uint32_t> giving;  // note -> units giving it
  std::set<FindingKey> dropped;
  for (const std::vector<Finding>& unit : per_unit)
    for (const Finding& f : unit) {
      auto e = entering.find({f.file, f.function_line});
      if (f.function_line == 0 || e == entering.end() || !advice_rules.count(f.rule_id)) continue;
      if (++giving[key_of(f)] < e->second)
        dropped.insert(key_of(f));
      else
        dropped.erase(key_of(f));
    }
  return dropped;
}

// The findings of every unit in unit order, each once (a header shared by two units yields the
// same finding twice; the first unit's is kept), advice only where it holds for every unit that
// enters the function, one per function and rule (the other sites listed in its evidence), sorted
// by place and rule.
std::vector<Finding> reported_findings(std::vector<std::vector<Finding>>& per_unit,
                                       const StreamState& st) {
  std::set<FindingKey> seen = advice_not_shared(per_unit, st);
  std::vector<Finding> out;
  for (std::vector<Finding>& unit : per_unit)
    for (Finding& f : unit)
      if (seen.insert(key_of(f)).second) out.push_back(std::move(f));
  // After suppression (marked per unit): a site silenced on its own line leaves the others
  // reported.
  merge_sites_per_function(out);
  std::sort(out.begin(), out.end(), [](const Finding& x, const Finding& y) {
    return std::tie(x.file, x.pos.line, x.pos.col, x.rule_id) <
           std::tie(y.file, y.pos.line, y.pos.col, y.rule_id);
  });
  return out;
}

// Per file: whether more than one of the analysed units compiles it.
std::vector<char> shared_files(const StreamInput& in, const std::vector<size_t>& analysed) {
  std::vector<uint32_t> units(in.files.paths.size(), 0);
  for (size_t k : analysed) {
    std::set<uint32_t> files;
    for (uint32_t v : in.files.unit_variants[k]) files.insert(in.files.variants[v].file);
    for (uint32_t f : files) ++units[f];
  }
  std::vector<char> shared(units.size());
  for (size_t f = 0; f < units.size(); ++f) shared[f] = units[f] > 1;
  return shared;
}

void add_stage_times(const StreamState& st, RunStats& stats) {
  stats.stages.push_back({"prepass+parse+extract", st.extract_seconds});
  stats.stages.push_back({"link+infer", st.link_seconds});
  stats.stages.push_back({"rules", st.rules_seconds});
}

}  // namespace

SourceFile read_input(const std::string& path, const AnalysisOptions& opts) {
  auto buffer =
      opts.open_buffers ? opts.open_buffers->find(buffer_key(path)) : OpenBuffers::const_iterator();
  if (opts.open_buffers && buffer != opts.open_buffers->end())
    return source_from_buffer(path, buffer->second, opts.max_parse_bytes);
  return read_source(path, opts.max_parse_bytes);
}

void stream_units(const StreamInput& in, Analysis& a) {
  std::vector<size_t> analysed;
  for (size_t k = 0; k < a.discovery.units.size(); ++k)
    if (!a.discovery.units[k].skipped) analysed.push_back(k);
  StreamState st;
  st.facts.resize(in.files.variants.size());
  st.users_left.assign(in.files.variants.size(), 0);
  for (size_t k : analysed)
    for (uint32_t v : in.files.unit_variants[k]) ++st.users_left[v];
  st.reports.resize(in.files.variants.size());
  st.changed.assign(in.files.paths.size(), 0);
  st.shared = shared_files(in, analysed);
  st.shared_entered.resize(analysed.size());
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
    UnitsToCheck todo = take_cached_units(in, a.discovery, units, slots, st, a);
    auto t = Clock::now();
    extract_batch(in, todo.units, st);
    st.extract_seconds += seconds_since(t);
    check_units(in, a.discovery, todo, st, a);
    release_batch(in, units, st);
  }
  report_files(in, st, a);
  add_stage_times(st, a.stats);
  a.stats.facts_from_cache = st.from_store;
  a.stats.units_from_cache = st.units_from_store;
  if (in.opts.run_rules) a.findings = reported_findings(st.findings, st);
  if (!in.opts.keep_facts) return;
  a.files = std::move(st.facts);
  a.models = std::move(st.models);
}

}  // namespace pagewise
