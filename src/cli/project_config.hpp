// `.pagewise.toml`: a project's settings, found in the checked folder or the nearest folder above
// it, up to the enclosing git repository's root (a file outside the repository is someone else's)
// or the filesystem root; or named with --config-file. Command-line flags add to it (lists) or
// override it (single values).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/finding.hpp"

namespace pagewise {

// `[[rules]]`: the severity of some rules, in some paths. Later entries win.
struct SeverityOverride {
  std::vector<std::string> ids;    // rule ids, `family/*` or `*`
  std::vector<std::string> paths;  // globs relative to the file's folder; empty: everywhere
  // "off" drops the findings, "on" gives them the rule's own severity back, "error",
  // "warning" or "note" sets it.
  std::string level;
};

struct ProjectConfig {
  std::string path;    // the file read ("" when there is none)
  std::string folder;  // its folder, absolute
  std::string configuration;
  std::vector<std::string> excludes, defines, undefines, blank;
  std::vector<SeverityOverride> severities;
};

// The `.pagewise.toml` that applies to `inputs` (the first input decides), or none.
std::optional<std::string> find_project_config(const std::vector<std::string>& inputs);

// Reads and checks `path` into `out`, and registers its knowledge rows (`[[lock_helper]]`,
// `[[callback_role]]`) with knowledge/project_rows. False, with `error` as "FILE:LINE: what is
// wrong", for a file that cannot be read, is not TOML, or has an unknown key or a bad value.
bool read_project_config(const std::string& path, ProjectConfig& out, std::string& error);

// Applies the `[[rules]]` entries: drops the findings turned off, changes the others' severity.
void apply_severities(const ProjectConfig& config, const std::vector<RuleInfo>& catalogue,
                      std::vector<Finding>& findings);

}  // namespace pagewise
