#include "discover/discover.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "discover/includes.hpp"
#include "discover/parallel.hpp"
#include "discover/paths.hpp"
#include "discover/project_files.hpp"
#include "discover/walk.hpp"
#include "platform/platform.hpp"

namespace pagewise {
namespace fs = std::filesystem;
namespace {

// An input the user named that can be analysed.
struct Input {
  std::string display;  // normalized form of what was written
  std::string abs;      // absolute_key: identity across spellings
  bool is_dir = false;
  // A project file named on the command line (`check drv/nic.vcxproj`): that project alone is
  // the unit, whatever else its folder holds.
  std::optional<UnitKind> project;
};

// A project file before its items are resolved.
struct ProjectFile {
  std::string path;  // display form
  UnitKind kind = UnitKind::VcxProj;
};

// A unit being built, with what marks it as user-mode, if anything.
struct UnitDraft {
  Unit unit;
  std::string umdf_marker;
  std::string user_mode_marker;
  std::vector<std::string> include_dirs;  // where the project's quoted includes are looked for
  // Files an item's `Exclude=` drops: not built, so not loose files of a folder unit either.
  std::vector<std::string> excluded;
};

std::string describe_error(const std::error_code& ec) {
  if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory)
    return "does not exist";
  if (ec == std::errc::permission_denied) return "permission denied";
  return ec.message();
}

// Checks one command-line path; on failure says why, as a fatal problem.
std::optional<Input> check_input(const std::string& given, const fs::path& cwd,
                                 std::vector<InputProblem>& problems) {
  auto fail = [&](std::string message) {
    problems.push_back({given, std::move(message), true});
    return std::nullopt;
  };
  std::error_code ec;
  fs::file_status st = fs::status(platform::os_path(given), ec);
  if (ec || !fs::exists(st)) return fail(ec ? describe_error(ec) : "does not exist");
  Input in{display_path(platform::os_path(given)),
           absolute_key(display_path(platform::os_path(given)), cwd), false};
  if (fs::is_directory(st)) {
    fs::directory_iterator probe(platform::os_path(given), ec);
    if (ec) return fail("cannot read folder: " + describe_error(ec));
    in.is_dir = true;
    return in;
  }
  if (!fs::is_regular_file(st)) return fail("is neither a file nor a folder");
  std::string name = platform::utf8(platform::os_path(given).filename());
  if (has_vcxproj_extension(name)) in.project = UnitKind::VcxProj;
  if (is_wdk_sources_file_name(name)) in.project = UnitKind::Sources;
  if (!in.project && !discover_source_extension(given))
    return fail("not a C/C++ source file, .vcxproj or WDK sources file");
  if (!std::ifstream(platform::os_path(given), std::ios::binary)) return fail("cannot be read");
  return in;
}

// The folder display paths are relative to: the folder given, the file's folder, or the deepest
// folder that holds every input.
std::string discovery_root(const std::vector<Input>& inputs, const fs::path& cwd) {
  if (inputs.empty()) return absolute_key(".", cwd);
  auto folder_of = [](const Input& in) {
    return in.is_dir ? platform::os_path(in.abs) : platform::os_path(in.abs).parent_path();
  };
  fs::path common = folder_of(inputs.front());
  for (size_t i = 1; i < inputs.size(); ++i) {
    fs::path other = folder_of(inputs[i]);
    fs::path shared;
    auto a = common.begin();
    auto b = other.begin();
    for (; a != common.end() && b != other.end() && *a == *b; ++a, ++b) shared /= *a;
    common = shared;
  }
  return display_path(common);
}

std::string relative_to_root(const std::string& display, const std::string& root,
                             const fs::path& cwd) {
  fs::path rel =
      platform::os_path(absolute_key(display, cwd)).lexically_relative(platform::os_path(root));
  return rel.empty() ? display : display_path(rel);
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// The nearest folder from `dir` up holding `.git` (a folder, or a file in a worktree); empty when
// there is none.
fs::path enclosing_repository(const fs::path& dir) {
  std::error_code ec;
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return d;
    if (d == d.parent_path()) break;
  }
  return {};
}

// The repository a project belongs to: the nearest folder above it holding `.git`, else the
// folder discovery started from. Imports from outside it are not read.
fs::path repository_of(const fs::path& project_dir, const std::string& root, const fs::path& cwd) {
  fs::path repository = enclosing_repository(project_dir);
  return repository.empty() ? platform::os_path(absolute_key(root, cwd)) : repository;
}

bool lies_within(const fs::path& path, const fs::path& folder) {
  fs::path rel = path.lexically_relative(folder);
  return !rel.empty() && *rel.begin() != "..";
}

// The folder of the nearest `.sln` from the project's folder up to the repository, relative to
// the project's folder and '/'-terminated; "" when there is none.
std::string solution_dir(const fs::path& project_dir, const fs::path& repository) {
  std::error_code ec;
  std::string up = "./";
  for (fs::path d = project_dir; lies_within(d, repository) || d == repository;
       d = d.parent_path(), up = up == "./" ? "../" : up + "../") {
    for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
      if (ascii_lower(platform::utf8(it->path().extension())) == ".sln") return up;
    if (d == repository || d == d.parent_path()) break;
  }
  return "";
}

// What the .vcxproj reader needs of the disk: the configuration, the solution's folder and the
// repository's `.props` files.
ProjectContext project_context(const ProjectFile& project, const std::string& root,
                               const fs::path& cwd, const std::string& configuration) {
  fs::path dir = platform::os_path(absolute_key(parent_display(project.path), cwd));
  fs::path repository = repository_of(dir, root, cwd);
  ProjectContext ctx;
  ctx.configuration = configuration;
  ctx.project_name = platform::utf8(platform::os_path(project.path).stem());
  ctx.solution_dir = solution_dir(dir, repository);
  ctx.read_import = [dir, repository](const std::string& rel) -> std::optional<std::string> {
    std::string text;
    std::optional<std::string> found = find_file_caseless(platform::utf8(dir), rel);
    if (!found || !lies_within(platform::os_path(absolute_key(*found, {})), repository) ||
        !read_text_file(*found, text))
      return std::nullopt;
    return text;
  };
  return ctx;
}

// The files on disk that `patterns` (an item's `Exclude=`) name, relative to the project's folder.
std::set<std::string> excluded_files(const std::string& dir,
                                     const std::vector<std::string>& patterns) {
  std::set<std::string> out;
  for (const std::string& p : patterns) {
    if (has_wildcard(p)) {
      WildcardMatches matched = expand_wildcard(dir, p);
      out.insert(matched.files.begin(), matched.files.end());
    } else if (std::optional<std::string> found = find_file_caseless(dir, p)) {
      out.insert(*found);
    }
  }
  return out;
}

// The listed items found on disk, wildcards expanded, less what their `Exclude=` names; a listed
// file that is missing is an input problem (analysis lacks it).
void resolve_items(const std::string& project, const std::string& dir,
                   const ProjectListing& listing, UnitDraft& draft,
                   std::vector<InputProblem>& problems) {
  std::vector<std::string>& files = draft.unit.files;
  for (size_t i = 0; i < listing.items.size(); ++i) {
    const std::string& item = listing.items[i];
    const std::vector<std::string> none;
    const std::vector<std::string>& excludes =
        i < listing.item_excludes.size() ? listing.item_excludes[i] : none;
    std::set<std::string> excluded = excluded_files(dir, excludes);
    draft.excluded.insert(draft.excluded.end(), excluded.begin(), excluded.end());
    if (has_wildcard(item)) {
      WildcardMatches matched = expand_wildcard(dir, item);
      for (std::string& f : matched.files)
        if (!excluded.count(f)) files.push_back(std::move(f));
      if (!matched.problem.empty())
        problems.push_back({project, "lists '" + item + "': " + matched.problem, false});
      continue;
    }
    if (!discover_source_extension(item)) continue;  // .rc, .mc, .asm: not analysed
    std::optional<std::string> found = find_file_caseless(dir, item);
    bool named = std::any_of(excludes.begin(), excludes.end(), [&](const std::string& e) {
      return ascii_lower(e) == ascii_lower(item);
    });
    if (found && !excluded.count(*found))
      files.push_back(*found);
    else if (!found && !named)
      problems.push_back({project, "lists '" + item + "', which does not exist", false, true});
  }
}

// The project's own files: its items found on disk, plus the headers beside it (drivers rarely
// list every header, and a header in the project folder belongs to that driver).
std::optional<UnitDraft> read_project(const ProjectFile& project, const std::string& root,
                                      const fs::path& cwd, const std::string& configuration,
                                      std::vector<InputProblem>& problems) {
  std::string text;
  if (!read_text_file(project.path, text)) {
    problems.push_back({project.path, "cannot read project file", false, true});
    return std::nullopt;
  }
  ProjectListing listing =
      project.kind == UnitKind::VcxProj
          ? parse_vcxproj(text, project_context(project, root, cwd, configuration))
          : parse_sources_file(text);
  for (const std::string& p : listing.problems)
    problems.push_back({project.path, p, false, listing.unread});
  std::string dir = parent_display(project.path);
  UnitDraft draft;
  draft.unit.name = relative_to_root(project.path, root, cwd);
  draft.unit.kind = project.kind;
  draft.unit.origin = project.path;
  draft.umdf_marker = listing.umdf_marker;
  draft.user_mode_marker = listing.user_mode_marker;
  draft.unit.defines = std::move(listing.defines);
  draft.unit.undefines = std::move(listing.undefines);
  draft.unit.configuration = std::move(listing.configuration);
  draft.include_dirs.push_back(dir);
  for (const std::string& d : listing.include_dirs)
    draft.include_dirs.push_back(d.front() == '/' ? d : dir + "/" + d);
  resolve_items(project.path, dir, listing, draft, problems);
  std::vector<std::string>& files = draft.unit.files;
  std::vector<std::string> headers = headers_in_dir(dir);
  files.insert(files.end(), headers.begin(), headers.end());
  sort_unique(files);
  return draft;
}

// A file in a `um` folder that has a `km` sibling (`shared/um/x.cpp` beside `shared/km/`): the
// user-mode half of code built both ways, as frameworks and drivers with a user-mode twin lay it
// out. Its definitions must never stand in for the kernel ones.
bool in_user_mode_half(const std::string& file) {
  std::error_code ec;
  for (fs::path dir = platform::os_path(file).parent_path();
       !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
    std::string name = platform::utf8(dir.filename());
    if (name.size() == 2 && (name[0] == 'u' || name[0] == 'U') &&
        (name[1] == 'm' || name[1] == 'M'))
      for (const char* km : {"km", "KM", "Km"})
        if (fs::is_directory(dir.parent_path() / km, ec)) return true;
  }
  return false;
}

// A folder unit gathers loose files of possibly many drivers: its user-mode files (those that
// include a UMDF header, or sit in the user-mode half of a um/km pair) are left out; when all are
// user mode, the unit is skipped.
void leave_out_user_mode_files(UnitDraft& draft, const IncludeIndex& includes,
                               std::vector<InputProblem>& problems) {
  static constexpr std::array<std::string_view, 3> kUmdf = {"wudfddi.h", "wudfwdm.h",
                                                            "wudfddi_types.h"};
  std::vector<std::string> kernel;
  size_t dropped = 0;
  for (const std::string& file : draft.unit.files) {
    bool user = in_user_mode_half(file);
    for (const std::string& name : includes.of(file).names)
      user |= std::find(kUmdf.begin(), kUmdf.end(), name) != kUmdf.end();
    if (user)
      ++dropped;
    else
      kernel.push_back(file);
  }
  if (dropped > 0 && !kernel.empty()) {
    problems.push_back({draft.unit.origin,
                        std::to_string(dropped) +
                            " file(s) are user mode (include UMDF headers, or sit in a um/ folder "
                            "beside a km/ one) and were left out",
                        false});
    draft.unit.files = std::move(kernel);
  } else if (dropped > 0) {
    draft.unit.skip_reason =
        "user-mode (UMDF) driver, paging rules do not apply: every file includes a UMDF header or "
        "sits in a um/ folder beside a km/ one";
  }
}

// Why a unit is a user-mode driver, or "" for a kernel-mode one.
std::string umdf_reason(const UnitDraft& draft, const IncludeIndex& includes) {
  static constexpr std::array<std::string_view, 3> kUmdfHeaders = {"wudfddi.h", "wudfwdm.h",
                                                                   "wudfddi_types.h"};
  const std::string why = "user-mode (UMDF) driver, paging rules do not apply: ";
  if (!draft.umdf_marker.empty()) return why + draft.umdf_marker + " in " + draft.unit.origin;
  if (!draft.user_mode_marker.empty())
    return "user-mode program, not a driver: " + draft.user_mode_marker + " in " +
           draft.unit.origin;
  // A folder unit gathers loose files of possibly many drivers: its user-mode files are left out
  // (below) instead of skipping everything.
  if (draft.unit.kind == UnitKind::Folder) return "";
  for (const std::string& file : draft.unit.files)
    for (const std::string& name : includes.of(file).names)
      if (std::find(kUmdfHeaders.begin(), kUmdfHeaders.end(), name) != kUmdfHeaders.end())
        return why + file + " includes " + name;
  return "";
}

std::vector<Input> usable_inputs(const std::vector<std::string>& given, const fs::path& cwd,
                                 std::vector<InputProblem>& problems) {
  std::vector<Input> inputs;
  std::set<std::string> seen;
  for (const std::string& g : given) {
    std::optional<Input> in = check_input(g, cwd, problems);
    if (in && seen.insert(in->abs).second) inputs.push_back(std::move(*in));
  }
  return inputs;
}

WalkOptions walk_options(const DiscoverOptions& opts, unsigned threads) {
  WalkOptions w;
  for (std::string e : opts.excludes) {
    // On Windows `--exclude 'dir\sub'` names a folder: a backslash separates, it quotes nothing.
    if (platform::kBackslashSeparatesPaths) std::replace(e.begin(), e.end(), '\\', '/');
    if (!platform::kCaseSensitiveFileNames) e = ascii_lower(e);
    IgnorePattern pat;
    if (parse_ignore_line(e, pat)) w.excludes.push_back(std::move(pat));
  }
  w.use_gitignore = opts.use_gitignore;
  w.threads = threads;
  return w;
}

// Project files from all walks, once each; a `sources` file beside a `.vcxproj` is the older
// build of the same driver, so the `.vcxproj` wins.
std::vector<ProjectFile> project_files(const std::vector<FolderListing>& listings,
                                       const fs::path& cwd) {
  std::map<std::string, ProjectFile> by_abs;
  std::set<std::string> vcxproj_dirs;
  for (const FolderListing& l : listings)
    for (const std::string& p : l.vcxproj_files) {
      by_abs.emplace(absolute_key(p, cwd), ProjectFile{p, UnitKind::VcxProj});
      vcxproj_dirs.insert(absolute_key(parent_display(p), cwd));
    }
  for (const FolderListing& l : listings)
    for (const std::string& p : l.sources_files)
      if (!vcxproj_dirs.count(absolute_key(parent_display(p), cwd)))
        by_abs.emplace(absolute_key(p, cwd), ProjectFile{p, UnitKind::Sources});
  std::vector<ProjectFile> out;
  for (auto& [abs, project] : by_abs) out.push_back(std::move(project));
  return out;
}

// What each input holds: a folder's walk, or a project file named on its own as the one project
// of its listing (a source file named on its own lists nothing: it is its own loose file).
std::vector<FolderListing> list_inputs(const std::vector<Input>& inputs, const WalkOptions& walk,
                                       std::vector<InputProblem>& problems) {
  std::vector<FolderListing> listings(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].project == UnitKind::VcxProj)
      listings[i].vcxproj_files.push_back(inputs[i].display);
    if (inputs[i].project == UnitKind::Sources)
      listings[i].sources_files.push_back(inputs[i].display);
    if (!inputs[i].is_dir) continue;
    listings[i] = walk_folder(inputs[i].display, walk);
    problems.insert(problems.end(), listings[i].problems.begin(), listings[i].problems.end());
  }
  return listings;
}

Discovery discover_units(const std::vector<std::string>& given, const DiscoverOptions& opts) {
  Discovery d;
  unsigned threads = effective_threads(opts.threads);
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);  // empty on failure: keys then stay relative
  std::vector<Input> inputs = usable_inputs(given, cwd, d.problems);
  d.root = discovery_root(inputs, cwd);
  d.repository = enclosing_repository(absolute_key(d.root, cwd)).string();

  std::vector<FolderListing> listings =
      list_inputs(inputs, walk_options(opts, threads), d.problems);

  IncludeIndex includes(threads);
  std::vector<UnitDraft> drafts;
  std::vector<InputProblem> project_problems;
  for (const ProjectFile& project : project_files(listings, cwd)) {
    std::optional<UnitDraft> draft =
        read_project(project, d.root, cwd, opts.configuration, project_problems);
    if (draft) drafts.push_back(std::move(*draft));
  }
  // Read the include lines of all projects' files in one parallel sweep; each project's closure
  // below then only looks them up.
  std::vector<std::string> all_project_files;
  for (const UnitDraft& draft : drafts)
    all_project_files.insert(all_project_files.end(), draft.unit.files.begin(),
                             draft.unit.files.end());
  includes.closure(all_project_files);
  for (UnitDraft& draft : drafts)
    draft.unit.files = includes.closure(draft.unit.files, draft.include_dirs);
  std::set<std::string> claimed;
  for (const UnitDraft& draft : drafts)
    for (const std::string& f : draft.unit.files) claimed.insert(absolute_key(f, cwd));
  for (const UnitDraft& draft : drafts)
    for (const std::string& f : draft.excluded) claimed.insert(absolute_key(f, cwd));

  for (size_t i = 0; i < inputs.size(); ++i) {
    const Input& in = inputs[i];
    if (in.project) continue;  // its unit is the project's
    std::vector<std::string> loose;
    if (!in.is_dir) {
      loose.push_back(in.display);
    } else {
      for (const std::string& f : listings[i].source_files)
        if (!claimed.count(absolute_key(f, cwd))) loose.push_back(f);
    }
    if (loose.empty()) {
      bool has_project = !listings[i].vcxproj_files.empty() || !listings[i].sources_files.empty();
      if (!has_project) d.problems.push_back({in.display, "no C/C++ source files found", false});
      continue;
    }
    UnitDraft draft;
    draft.unit.name = in.display;
    draft.unit.kind = UnitKind::Folder;
    draft.unit.origin = in.display;
    draft.unit.files = includes.closure(loose);
    drafts.push_back(std::move(draft));
  }

  for (UnitDraft& draft : drafts) {
    if (draft.unit.kind == UnitKind::Folder) leave_out_user_mode_files(draft, includes, d.problems);
    if (draft.unit.skip_reason.empty()) draft.unit.skip_reason = umdf_reason(draft, includes);
    draft.unit.skipped = !draft.unit.skip_reason.empty();
    d.units.push_back(std::move(draft.unit));
  }
  std::sort(d.units.begin(), d.units.end(), [](const Unit& a, const Unit& b) {
    return a.name != b.name ? a.name < b.name : a.origin < b.origin;
  });
  std::sort(project_problems.begin(), project_problems.end(),
            [](const InputProblem& a, const InputProblem& b) {
              return a.path != b.path ? a.path < b.path : a.message < b.message;
            });
  d.problems.insert(d.problems.end(), project_problems.begin(), project_problems.end());
  return d;
}

}  // namespace

Discovery discover(const std::vector<std::string>& inputs, const DiscoverOptions& opts) {
  try {
    return discover_units(inputs, opts);
  } catch (const std::exception& e) {
    // Out of memory or threads: say so instead of terminating the caller.
    Discovery d;
    d.problems.push_back({"", std::string("discovery failed: ") + e.what(), true});
    return d;
  }
}

}  // namespace pagewise
