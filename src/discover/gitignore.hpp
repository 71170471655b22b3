// Gitignore semantics: the patterns of `.gitignore` files and of `--exclude`, and the glob matcher
// they share with project wildcards. Paths are '/'-separated and relative to the folder that holds
// the pattern's `.gitignore` (or to the walk root for --exclude).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "discover/glob.hpp"

namespace pagewise {

// One line of a `.gitignore`, parsed.
struct IgnorePattern {
  std::string glob;       // without the leading '!', the anchoring '/' and the trailing '/'
  bool negated = false;   // "!pattern": re-includes what an earlier pattern ignored
  bool dir_only = false;  // "pattern/": matches folders only
  bool anchored = false;  // has a '/' before its end: matched against the whole relative path,
                          // otherwise against the last path component at any depth
};

// What a list of patterns says about a path: nothing, ignore it, or keep it (a negation matched).
enum class IgnoreVerdict { None, Ignore, Keep };

// Parses a pattern as written on one line of a `.gitignore` (or given to --exclude). Returns false
// for blank lines and comments, which hold no pattern.
bool parse_ignore_line(std::string_view line, IgnorePattern& out);

// Parses the text of a `.gitignore` file.
std::vector<IgnorePattern> parse_ignore_file(std::string_view text);

// The last pattern matching `path` decides, as in git. `path` is relative to the patterns' folder.
IgnoreVerdict match_ignore(const std::vector<IgnorePattern>& patterns, std::string_view path,
                           bool is_dir);

// The `.gitignore` files in force in one folder of a walk: its own and its ancestors' (up to the
// walk root). Immutable once built, so worker threads share the chain freely.
struct IgnoreLevel {
  std::string base;  // folder of this `.gitignore`, relative to the walk root ("" for the root)
  std::vector<IgnorePattern> patterns;
  std::shared_ptr<const IgnoreLevel> parent;
  // For a `.gitignore` (or `.git/info/exclude`) in a folder above the walk root, up to the
  // repository's root: the walk root's path below that folder, ending in '/' ("" otherwise).
  std::string above;
};

// True when the `.gitignore` chain ignores `rel` (relative to the walk root). Deeper files
// override shallower ones because they are consulted last.
bool gitignore_ignores(const IgnoreLevel* level, std::string_view rel, bool is_dir);

// The ignore files in force at `walk_root` from above it: `.git/info/exclude` and every
// `.gitignore` from the enclosing repository's root down to the walk root's parent, as a chain
// (nearest last); null when the walk root is in no repository or nothing applies.
std::shared_ptr<const IgnoreLevel> repository_ignores(const std::string& walk_root);

}  // namespace pagewise
