// The whole analysis, stage by stage as shared/design.md draws it: discover → scan → pre-pass +
// parse + extract (parallel, per file) → link (per unit) → rules → sorted, suppressed findings.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/advice.hpp"
#include "cli/progress.hpp"
#include "discover/discover.hpp"
#include "frontend/conditions.hpp"
#include "model/finding.hpp"
#include "model/model.hpp"
#include "model/stats.hpp"

namespace pagewise {

class FactsCache;
class FactsStore;

struct AnalysisOptions {
  std::vector<std::string> inputs;  // files or folders; empty means "."
  unsigned threads = 0;             // 0: every core
  std::vector<std::string> excludes;
  bool use_gitignore = true;
  ConditionConfig conditions;            // -D / -U: over every unit's own definitions
  std::string configuration;             // --config: the .vcxproj configuration to read
  std::vector<std::string> extra_blank;  // --blank NAME: project macros to blank
  uint64_t max_parse_bytes = 16ull << 20;
  // Source bytes read in one run (--max-total-size): every file's directives (and, with
  // keep_facts, its facts) stay in memory until the report is written, so this bounds the run's
  // memory; files past it are left out.
  uint64_t max_run_source_bytes = 512ull << 20;
  bool run_rules = true;
  bool advice = true;                       // false: --no-advice, the advice/* rules do not run
  const ExactSizes* exact_sizes = nullptr;  // --sizes: function sizes from a linker map
  // `pagewise serve`: unsaved buffers by buffer_key(path), analysed instead of the files on disk.
  const std::map<std::string, std::string>* open_buffers = nullptr;
  // `pagewise serve`: facts kept from the previous analysis, reused for unchanged files.
  FactsCache* facts_cache = nullptr;
  // `check`: facts kept on disk between runs (--cache-dir; none with --no-cache).
  FactsStore* facts_store = nullptr;
  uint64_t facts_context = 0;       // set by the pipeline: analysis_context_fingerprint of the run
  RunProgress* progress = nullptr;  // counted as the run goes, for the progress line
  // Keep every file's facts and every unit's model for the caller (explain, sections, serve).
  // Without it (check) each batch of units is freed once checked, so memory follows the largest
  // unit rather than the tree.
  bool keep_facts = true;
};

struct Analysis {
  Discovery discovery;
  // With keep_facts: each file once, even if in several units; twice when two units' definitions
  // switch off different branches of it.
  std::vector<std::unique_ptr<FileFacts>> files;
  std::vector<Model> models;  // one per analysed (not skipped) unit
  // Kept whether or not the facts are: each analysed unit's code sizes (the HTML report's), and
  // each analysed file once as (display path, path), in the order the files were first listed.
  std::vector<UnitSizes> unit_sizes;
  std::vector<std::pair<std::string, std::string>> source_paths;
  std::vector<Finding> findings;  // sorted, de-duplicated, suppressions applied
  RunStats stats;
};

Analysis run_analysis(const AnalysisOptions& opts);

// run_analysis with the progress line on standard error when that is a terminal (progress.hpp).
Analysis run_analysis_showing_progress(AnalysisOptions opts);

}  // namespace pagewise
