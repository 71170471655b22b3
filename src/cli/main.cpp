#include "cli/main.hpp"

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "cli/baseline.hpp"
#include "cli/explain.hpp"
#include "cli/facts_cache.hpp"
#include "cli/facts_store.hpp"
#include "cli/language_server.hpp"
#include "cli/map_sizes.hpp"
#include "cli/pipeline.hpp"
#include "cli/project_config.hpp"
#include "cli/report_file.hpp"
#include "cli/sections.hpp"
#include "frontend/parser.hpp"
#include "knowledge/project_rows.hpp"
#include "platform/platform.hpp"
#include "report/report.hpp"
#include "rules/rule.hpp"

#ifndef PAGEWISE_VERSION
#define PAGEWISE_VERSION "0.0.0"
#endif

namespace pagewise {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

struct CommonFlags {
  std::vector<std::string> paths;
  unsigned jobs = 0;
  std::vector<std::string> defines, undefines, excludes, blank;
  std::string configuration;  // --config
  std::string config_file;    // --config-file: the .pagewise.toml to read instead of the nearest
  bool no_gitignore = false;
  double max_file_mb = 16;
  double max_total_mb = 512;
  std::string sizes_map;  // --sizes FILE: an MSVC linker map with the driver's real function sizes
  bool no_advice = false;
  std::string cache_dir;  // --cache-dir: where file facts are kept between runs
  bool no_cache = false;  // --no-cache
};

// A repeatable option takes one value per use: `-D DBG src/` defines DBG and analyses src/, where
// CLI11's default for a list option would swallow `src/` as a second define.
CLI::Option* one_value_each(CLI::Option* o) { return o->allow_extra_args(false); }

// Offsets in facts are 32-bit, so no file above 4 GiB can be parsed whatever the limit says.
constexpr double kMaxParseMiB = 4095;

// -j, with the same bound for every command that analyses: a thread per job, and no machine
// pagewise runs on has use for more than 1024.
void add_jobs(CLI::App* cmd, unsigned& jobs) {
  cmd->add_option("-j,--jobs", jobs, "Worker threads (default: every core)")
      ->check(CLI::Range(1u, 1024u));
}

// The facts of every file read stay in memory for the whole run, about 17 bytes per byte of source
// (README, "Limits"): 512 MiB keeps a run within a 24 GB machine, and no more than 64 GiB is
// accepted.
constexpr double kMaxTotalMiB = 65536;

// A size in MiB: a number above 0 and at most `max`.
CLI::Validator mib_at_most(double max) {
  return CLI::Validator(
      [max](std::string& v) -> std::string {
        double mb = 0;
        try {
          mb = std::stod(v);
        } catch (const std::exception&) {
          return "'" + v + "' is not a number of MiB";
        }
        if (!(mb > 0) || mb > max)
          return "must be more than 0 and at most " + std::to_string(static_cast<long>(max)) +
                 " (MiB), not " + v;
        return std::string();
      },
      "MiB");
}

void add_common(CLI::App* cmd, CommonFlags& f) {
  cmd->add_option("paths", f.paths, "Files or folders to analyse (default: .)");
  add_jobs(cmd, f.jobs);
  one_value_each(
      cmd->add_option("-D,--define", f.defines,
                      "Treat NAME (or NAME=VALUE) as defined when deciding #if branches; by "
                      "default every branch is analysed"));
  one_value_each(cmd->add_option("-U,--undefine", f.undefines,
                                 "Treat NAME as undefined when deciding #if branches"));
  cmd->add_option("--config-file", f.config_file,
                  "The project's settings file (default: the nearest .pagewise.toml from the "
                  "checked folder up to its git repository's root)");
  cmd->add_option(
      "--config", f.configuration,
      "The .vcxproj configuration whose preprocessor definitions decide #if branches, "
      "like \"Debug|x64\" or \"Debug\" (default: Release|x64, else the project's first)");
  one_value_each(
      cmd->add_option("--exclude", f.excludes, "Skip paths matching this glob (gitignore syntax)"));
  one_value_each(
      cmd->add_option("--blank", f.blank,
                      "A project macro to blank before parsing, like NTAPI (decorations the "
                      "parser does not know)"));
  cmd->add_flag("--no-gitignore", f.no_gitignore, "Also analyse files that .gitignore ignores");
  cmd->add_option(
      "--sizes", f.sizes_map,
      "An MSVC linker map (link /MAP) of the driver: exact function sizes instead of estimates");
  cmd->add_option("--max-file-size", f.max_file_mb,
                  "Parse files up to this many MiB; larger ones only have their preprocessor lines "
                  "read (default 16)")
      ->check(mib_at_most(kMaxParseMiB));
  cmd->add_option("--cache-dir", f.cache_dir,
                  "Keep each file's facts between runs in this folder (default: .pagewise-cache "
                  "in the first folder checked)");
  cmd->add_flag("--no-cache", f.no_cache, "Neither read nor write the facts cache");
  cmd->add_option("--max-total-size", f.max_total_mb,
                  "Read at most this many MiB of source in one run; files past it are left out, "
                  "with a warning (default 512)")
      ->check(mib_at_most(kMaxTotalMiB));
}

// Reads the project's .pagewise.toml into `config` and puts its values before the command line's:
// list flags add to it, single values override it. False (after saying why) when the file is bad.
bool with_project_config(CommonFlags& f, ProjectConfig& config) {
  clear_project_rows();
  std::optional<std::string> path =
      f.config_file.empty() ? find_project_config(f.paths) : std::optional(f.config_file);
  if (!path) return true;
  std::string error;
  if (!read_project_config(*path, config, error)) {
    std::cerr << "pagewise: error: " << error << "\n";
    return false;
  }
  auto before = [](std::vector<std::string> from_file, std::vector<std::string>& flags) {
    from_file.insert(from_file.end(), flags.begin(), flags.end());
    flags = std::move(from_file);
  };
  // A name the command line defines or undefines is the command line's alone.
  auto name_of = [](const std::string& d) { return d.substr(0, d.find('=')); };
  std::set<std::string> named;
  for (const std::string& d : f.defines) named.insert(name_of(d));
  for (const std::string& u : f.undefines) named.insert(u);
  auto not_named = [&](const std::vector<std::string>& from_file) {
    std::vector<std::string> out;
    for (const std::string& d : from_file)
      if (!named.count(name_of(d))) out.push_back(d);
    return out;
  };
  before(config.excludes, f.excludes);
  before(not_named(config.defines), f.defines);
  before(not_named(config.undefines), f.undefines);
  before(config.blank, f.blank);
  if (f.configuration.empty()) f.configuration = config.configuration;
  return true;
}

AnalysisOptions analysis_options(const CommonFlags& f) {
  AnalysisOptions o;
  o.inputs = f.paths;
  o.threads = f.jobs;
  o.excludes = f.excludes;
  o.use_gitignore = !f.no_gitignore;
  o.extra_blank = f.blank;
  o.max_parse_bytes = static_cast<uint64_t>(f.max_file_mb * 1024 * 1024);
  o.max_run_source_bytes = static_cast<uint64_t>(f.max_total_mb * 1024 * 1024);
  o.advice = !f.no_advice;
  o.configuration = f.configuration;
  for (const std::string& d : f.defines) {
    auto eq = d.find('=');
    if (eq == std::string::npos)
      o.conditions.defined[d] = "1";
    else
      o.conditions.defined[d.substr(0, eq)] = d.substr(eq + 1);
  }
  for (const std::string& u : f.undefines) o.conditions.undefined.insert(u);
  return o;
}

// The facts cache of a check: --cache-dir, else .pagewise-cache in the first folder checked (the
// folder of a file given as input), the first input that exists; none with --no-cache, or when no
// input exists (a folder is never made where the user named none).
std::optional<FactsStore> facts_store_for(const CommonFlags& f) {
  if (f.no_cache) return std::nullopt;
  if (!f.cache_dir.empty()) return std::optional<FactsStore>(std::in_place, f.cache_dir);
  for (const std::string& input : f.paths.empty() ? std::vector<std::string>{"."} : f.paths) {
    std::filesystem::path root = platform::os_path(input);
    std::error_code ec;
    if (!std::filesystem::exists(root, ec)) continue;
    if (!std::filesystem::is_directory(root, ec)) root = root.parent_path();
    if (root.empty()) root = ".";
    return std::optional<FactsStore>(std::in_place, platform::utf8(root / ".pagewise-cache"));
  }
  return std::nullopt;
}

// After the run: the cache is pruned to its bound, and a cache that could not be written is said
// once (the run itself is not affected).
void close_facts_store(std::optional<FactsStore>& store) {
  if (!store) return;
  store->prune();
  std::string problem = store->write_problem();
  if (!problem.empty())
    std::cerr << "pagewise: note: the facts cache in " << store->folder() << " is not written ("
              << problem << "); --cache-dir DIR or --no-cache\n";
}

// --sizes FILE: reads the map into `exact` and points the options at it. False (after saying why)
// when the map cannot be used: exact sizes were asked for, estimates would be a silent surprise.
bool with_map_sizes(const CommonFlags& f, ExactSizes& exact, AnalysisOptions& o) {
  if (f.sizes_map.empty()) return true;
  std::string error;
  if (!read_exact_sizes(f.sizes_map, exact, error)) {
    std::cerr << "pagewise: error: " << error << "\n";
    return false;
  }
  o.exact_sizes = &exact;
  return true;
}

// --fail-on-input-problems: a file that was not read means the report may be missing findings.
bool has_unread_input(const Discovery& d) {
  for (const InputProblem& p : d.problems)
    if (p.unread) return true;
  return false;
}

bool has_fatal_problem(const Discovery& d) {
  for (const InputProblem& p : d.problems)
    if (p.fatal) return true;
  return false;
}

// Writes to -o FILE or stdout; reports a clear error when the file cannot be written. A file is
// written whole or not at all (see report_file.hpp).
template <typename Render>
bool emit(const std::string& out_path, Render&& render) {
  if (out_path.empty() || out_path == "-") {
    render(std::cout);
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::string error;
  if (!write_report_file(out_path, render, error)) {
    std::cerr << "pagewise: error: " << error << "\n";
    return false;
  }
  return true;
}

// A report that did not reach standard output (a full disk, a closed descriptor) is an error the
// user must hear about, whatever the analysis found.
int stdout_written(int status) {
  std::cout.flush();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
    std::cerr << "pagewise: error: cannot write to standard output\n";
    return kExitUsage;
  }
  return status;
}

bool want_color(const std::string& mode, const std::string& out_path) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (!out_path.empty() && out_path != "-") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return platform::stdout_is_terminal();
}

int severity_rank(const std::string& s) {
  if (s == "note") return 0;
  if (s == "warning") return 1;
  if (s == "error") return 2;
  return 3;  // never
}

// The options of each command, filled by CLI11 when the command line is parsed.
struct CheckCommand {
  CLI::App* app = nullptr;
  CommonFlags flags;
  std::string format = "text", out_path, fail_on = "warning", color = "auto";
  std::string sarif_category;
  bool stats = false;
  bool show_suppressed = false;
  std::string baseline, write_baseline;  // --baseline OLD.sarif, --write-baseline FILE
  bool fail_on_input_problems = false;
};

struct SectionsCommand {
  CLI::App* app = nullptr;
  CommonFlags flags;
  std::string format = "text", out_path;
  bool summary = false;
};

struct ExplainCommand {
  CLI::App* app = nullptr;
  CommonFlags flags;
  std::string target;
};

struct RulesCommand {
  CLI::App* app = nullptr;
  std::string format = "text";
};

struct ServeCommand {
  CLI::App* app = nullptr;
  CommonFlags flags;
};

struct Commands {
  CheckCommand check;
  SectionsCommand sections;
  ExplainCommand explain;
  RulesCommand rules;
  ServeCommand serve;
};

// --baseline FILE, read before the analysis so that a bad file costs nothing. False (after saying
// why) when it cannot be used.
bool with_baseline(const std::string& path, std::vector<BaselineResult>& baseline) {
  std::string error;
  if (path.empty() || read_baseline(path, baseline, error)) return true;
  std::cerr << "pagewise: error: " << error << "\n";
  return false;
}

// --write-baseline FILE: this run's findings as SARIF, for a later --baseline.
bool write_baseline_file(const std::string& path, const Analysis& a,
                         const std::vector<RuleInfo>& catalogue) {
  ReportInput in{a.findings, catalogue, a.discovery, nullptr, PAGEWISE_VERSION};
  return emit(path, [&](std::ostream& os) { write_sarif(os, in); });
}

int run_check(const CheckCommand& c) {
  const std::string& format = c.format;
  const std::string& out_path = c.out_path;
  CommonFlags flags = c.flags;
  ProjectConfig config;
  if (!with_project_config(flags, config)) return kExitUsage;
  AnalysisOptions o = analysis_options(flags);
  o.keep_facts = false;  // findings, sizes and paths are all check reports: stream the units
  ExactSizes exact;
  if (!with_map_sizes(flags, exact, o)) return kExitUsage;
  std::vector<BaselineResult> baseline;
  if (!with_baseline(c.baseline, baseline)) return kExitUsage;
  std::optional<FactsStore> store = facts_store_for(flags);
  if (store) o.facts_store = &*store;
  Analysis a = run_analysis_showing_progress(o);
  close_facts_store(store);
  std::vector<RuleInfo> catalogue = rule_catalogue();
  apply_severities(config, catalogue, a.findings);
  if (!c.write_baseline.empty() && !write_baseline_file(c.write_baseline, a, catalogue))
    return kExitUsage;
  if (!c.baseline.empty())
    apply_baseline(a.findings, baseline,
                   sarif_source_root({a.findings, catalogue, a.discovery, nullptr, ""}));
  size_t hidden_suppressed = 0, hidden_in_baseline = 0;
  std::vector<Finding> shown =
      findings_to_show(a.findings, c.show_suppressed, hidden_suppressed, hidden_in_baseline);
  ReportInput in{format == "sarif" ? a.findings : shown, catalogue, a.discovery,
                 c.stats ? &a.stats : nullptr, PAGEWISE_VERSION};
  in.hidden_suppressed = hidden_suppressed;
  in.hidden_in_baseline = hidden_in_baseline;
  in.sarif_category = c.sarif_category;
  // The HTML page shows the source around each finding, and SARIF counts columns in the lines they
  // are on, read by the paths discovery used; the page also shows each driver's code sizes.
  in.sources = &a.source_paths;
  in.sizes = &a.unit_sizes;
  bool ok = emit(out_path, [&](std::ostream& os) {
    if (format == "sarif")
      write_sarif(os, in);
    else if (format == "json")
      write_json(os, in);
    else if (format == "html")
      write_html(os, in);
    else if (format == "msvc")
      write_msvc(os, in);
    else
      write_text(os, in, want_color(c.color, out_path));
  });
  // Text output gets the table on stderr; JSON carries the figures itself, but when the report
  // goes to a file the table is printed too, so a person running it sees them.
  if (c.stats && (format == "text" || (!out_path.empty() && out_path != "-")))
    write_stats_text(std::cerr, a.stats);
  if (!ok || has_fatal_problem(a.discovery)) return kExitUsage;
  if (c.fail_on_input_problems && has_unread_input(a.discovery)) return kExitUsage;
  int threshold = severity_rank(c.fail_on);
  for (const Finding& f : a.findings)
    if (counts(f) && static_cast<int>(f.severity) >= threshold) return kExitFindings;
  return kExitClean;
}

int run_sections(const SectionsCommand& c) {
  CommonFlags flags = c.flags;
  ProjectConfig config;
  if (!with_project_config(flags, config)) return kExitUsage;
  AnalysisOptions o = analysis_options(flags);
  o.run_rules = false;
  ExactSizes exact;
  if (!with_map_sizes(flags, exact, o)) return kExitUsage;
  std::optional<FactsStore> store = facts_store_for(flags);
  if (store) o.facts_store = &*store;
  Analysis a = run_analysis_showing_progress(o);
  close_facts_store(store);
  bool ok = emit(c.out_path, [&](std::ostream& os) {
    if (c.summary && c.format == "json")
      write_summary_json(os, a);
    else if (c.summary)
      write_summary_text(os, a);
    else if (c.format == "json")
      write_sections_json(os, a);
    else
      write_sections_text(os, a);
  });
  if (!ok || has_fatal_problem(a.discovery)) return kExitUsage;
  return kExitClean;
}

int run_explain(CommonFlags flags, const std::string& target) {
  // FILE:FUNCTION splits at the first ':' of the file name, so `Device.cpp:CDevice::Start` keeps
  // its qualified name and `C:\drv\dpc.c:NicDpc` its drive letter.
  size_t name_start = target.find_last_of("/\\");
  name_start = name_start == std::string::npos ? 0 : name_start + 1;
  size_t colon = target.find(':', name_start);
  if (colon == 1 && name_start == 0 && std::isalpha(static_cast<unsigned char>(target[0])))
    colon = target.find(':', 2);  // `C:dpc.c:NicDpc`
  if (colon == std::string::npos || colon == name_start || colon + 1 == target.size()) {
    std::cerr << "pagewise: error: explain takes FILE:FUNCTION, e.g. src/dpc.c:NicDpc\n";
    return kExitUsage;
  }
  std::string file = target.substr(0, colon), function = target.substr(colon + 1);
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(platform::os_path(file), ec);
  if (ec || !std::filesystem::exists(st)) {
    std::cerr << "pagewise: error: " << file << ": does not exist\n";
    return kExitUsage;
  }
  if (!std::filesystem::is_regular_file(st)) {
    std::cerr << "pagewise: error: " << file << ": is not a source file\n";
    return kExitUsage;
  }
  // Analyse the unit the file belongs to: its folder, unless paths were given.
  if (flags.paths.empty()) {
    std::filesystem::path parent = platform::os_path(file).parent_path();
    flags.paths.push_back(parent.empty() ? "." : platform::utf8(parent));
  }
  ProjectConfig config;
  if (!with_project_config(flags, config)) return kExitUsage;
  AnalysisOptions o = analysis_options(flags);
  o.run_rules = false;
  Analysis a = run_analysis(o);
  return write_explain(std::cout, std::cerr, a, file, function) ? kExitClean : kExitUsage;
}

int run_rules(const std::string& format) {
  std::vector<RuleInfo> catalogue = rule_catalogue();
  if (format == "json") {
    write_rules_json(std::cout, catalogue);
    return kExitClean;
  }
  for (const RuleInfo& r : catalogue) {
    std::printf("%-36s %-8s %-7s %s\n", r.id.c_str(), severity_name(r.severity),
                rule_code(r).c_str(), r.summary.c_str());
    std::printf("%-36s %-8s %-7s %s\n", "", "", "", r.docs_path.c_str());
  }
  return kExitClean;
}

void add_check(CLI::App& app, CheckCommand& c) {
  c.app = app.add_subcommand("check", "Report paging bugs in driver source");
  add_common(c.app, c.flags);
  c.app
      ->add_option("--format", c.format,
                   "Output format: text, msvc (Visual Studio / MSBuild), sarif, json or html")
      ->check(CLI::IsMember({"text", "msvc", "sarif", "json", "html"}));
  c.app
      ->add_option("--sarif-category", c.sarif_category,
                   "SARIF: the analysis' category (run.automationDetails.id), so code scanning "
                   "keeps several uploads for one commit apart")
      ->check(CLI::Validator(
          [](std::string& v) {
            if (v.empty()) return std::string("the category must not be empty");
            for (char ch : v)
              if (static_cast<unsigned char>(ch) < 0x20)
                return std::string("the category must not hold control characters");
            return std::string();
          },
          "NAME"));
  c.app->add_option("-o,--output", c.out_path, "Write the report to FILE instead of stdout");
  c.app->add_option("--fail-on", c.fail_on, "Exit 1 when a finding has at least this severity")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  c.app->add_flag("--fail-on-input-problems", c.fail_on_input_problems,
                  "Exit 2 when a file could not be read or decoded, or a project lists a missing "
                  "file");
  c.app->add_flag("--stats", c.stats,
                  "Print files, bytes, functions, parse failures and seconds per stage");
  c.app->add_flag("--no-advice", c.flags.no_advice,
                  "Leave out the advice/* notes (what more could be paged)");
  c.app->add_flag("--show-suppressed", c.show_suppressed,
                  "Also print the findings silenced in the source, with the reason (SARIF always "
                  "has them, marked)");
  c.app->add_option("--baseline", c.baseline,
                    "Report only findings not in this SARIF log of an earlier run (SARIF marks "
                    "each result new, unchanged or absent)");
  c.app->add_option("--write-baseline", c.write_baseline,
                    "Also write this run's findings as a SARIF baseline to FILE");
  c.app->add_option("--color", c.color, "Colour text output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

void add_sections(CLI::App& app, SectionsCommand& c) {
  c.app = app.add_subcommand("sections",
                             "List every function and placed data item with its final "
                             "section and the line that put it there");
  add_common(c.app, c.flags);
  c.app->add_option("--format", c.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  c.app->add_option("-o,--output", c.out_path, "Write to FILE instead of stdout");
  c.app->add_flag(
      "--summary", c.summary,
      "Per unit: resident, pageable and INIT code bytes now and after following the advice");
}

// The options of the commands that analyse one driver at a time (explain, serve): threads and
// what decides its #if branches.
void add_unit_flags(CLI::App* cmd, CommonFlags& f) {
  add_jobs(cmd, f.jobs);
  one_value_each(
      cmd->add_option("-D,--define", f.defines, "Treat NAME (or NAME=VALUE) as defined"));
  one_value_each(cmd->add_option("-U,--undefine", f.undefines, "Treat NAME as undefined"));
  cmd->add_option("--config", f.configuration,
                  "The .vcxproj configuration to read (default: Release|x64)");
}

void add_explain(CLI::App& app, ExplainCommand& c) {
  c.app = app.add_subcommand(
      "explain",
      "Show a function's section, roles, entry IRQL with the full path, locks and calls");
  c.app->add_option("target", c.target, "FILE:FUNCTION")->required();
  one_value_each(c.app->add_option("--in", c.flags.paths,
                                   "The driver to analyse (default: the file's folder)"));
  add_unit_flags(c.app, c.flags);
}

void add_rules(CLI::App& app, RulesCommand& c) {
  c.app = app.add_subcommand("rules", "List the rules: id, severity, summary, docs page");
  c.app->add_option("--format", c.format, "Output format")->check(CLI::IsMember({"text", "json"}));
}

// Each analysis of the language server is a `check` of the file's driver folder: its
// .pagewise.toml, then the server's flags, with the editor's buffers for their files, and the
// facts of the folder's last analysis for the files that did not change.
int run_serve(const CommonFlags& server_flags) {
  std::map<std::string, FactsCache> caches;  // by folder
  return serve(
      std::cin, std::cout,
      [&](const std::string& folder, const OpenBuffers& buffers) -> std::optional<Analysis> {
        CommonFlags flags = server_flags;
        flags.paths = {folder};
        ProjectConfig config;
        if (!with_project_config(flags, config)) return std::nullopt;
        AnalysisOptions o = analysis_options(flags);
        o.open_buffers = &buffers;
        o.facts_cache = &caches[folder];
        Analysis a = run_analysis(o);
        std::vector<RuleInfo> catalogue = rule_catalogue();
        apply_severities(config, catalogue, a.findings);
        return a;
      });
}

void add_serve(CLI::App& app, ServeCommand& c) {
  c.app = app.add_subcommand(
      "serve", "Run as a language server on stdin/stdout: findings as diagnostics in the editor");
  add_unit_flags(c.app, c.flags);
  one_value_each(c.app->add_option("--blank", c.flags.blank, "A project macro to blank"));
  c.app->add_option("--config-file", c.flags.config_file,
                    "The project settings file (default: each driver's .pagewise.toml)");
  c.app->add_flag("--no-advice", c.flags.no_advice, "Leave out the advice/* notes");
}

// Parses the command line into `commands`. The exit status when parsing ends the run (help was
// asked for, or the command line is wrong); nullopt when a command is to run.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return stdout_written(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return stdout_written(app.exit(e));
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return std::nullopt;
}

// Runs the command that was given, or prints the help when none was.
int run_command(const CLI::App& app, const Commands& c) {
  try {
    std::string problem = grammar_self_check();
    if (!problem.empty()) {
      std::cerr << "pagewise: error: " << problem << "\n";
      return kExitUsage;
    }
    if (c.check.app->parsed()) return stdout_written(run_check(c.check));
    if (c.sections.app->parsed()) return stdout_written(run_sections(c.sections));
    if (c.rules.app->parsed()) return stdout_written(run_rules(c.rules.format));
    if (c.explain.app->parsed())
      return stdout_written(run_explain(c.explain.flags, c.explain.target));
    if (c.serve.app->parsed()) return run_serve(c.serve.flags);
  } catch (const std::exception& e) {
    std::cerr << "pagewise: error: " << e.what() << "\n";
    return kExitUsage;
  }
  std::cout << app.help();
  return kExitUsage;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{
      "pagewise: checks that a Windows kernel driver's pageable code and data are safe "
      "to page, from source, with no WDK and no build."};
  app.name("pagewise");
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the version and exit");
  Commands commands;
  add_check(app, commands.check);
  add_sections(app, commands.sections);
  add_explain(app, commands.explain);
  add_rules(app, commands.rules);
  add_serve(app, commands.serve);
  remove_partial_report_on_signal();
  platform::binary_stdout();
  // On Windows the arguments are read again from the wide command line, as UTF-8.
  std::vector<std::string> args = platform::utf8_arguments(argc, argv);
  std::vector<char*> arg_pointers;
  for (std::string& a : args) arg_pointers.push_back(a.data());
  if (std::optional<int> status =
          parse_command_line(app, static_cast<int>(arg_pointers.size()), arg_pointers.data()))
    return *status;
  if (version) {
    std::printf("pagewise %s\n", PAGEWISE_VERSION);
    return stdout_written(kExitClean);
  }
  return run_command(app, commands);
}

}  // namespace pagewise
