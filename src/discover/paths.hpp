// Path helpers for discovery. Paths are kept in "display form": the way the user reaches them
// from the current directory (relative when the input was relative), lexically normalized,
// '/'-separated. Windows projects name files case-insensitively, so lookups that come from a
// project or an #include match names case-insensitively.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "discover/discover.hpp"  // discover_source_extension

namespace pagewise {

std::string ascii_lower(std::string_view s);

// The header subset of the source extensions: .h .hh .hpp .hxx .inl.
bool discover_header_extension(std::string_view path);

// Lexically normalized, generic ('/'), no trailing separator; "" becomes ".".
std::string display_path(const std::filesystem::path& p);

// `base / rel` in display form. `rel` may use backslashes (Windows projects do).
std::string join_display(std::string_view base, std::string_view rel);

// The folder a display path lives in ("." for a bare file name).
std::string parent_display(std::string_view path);

// Absolute and lexically normalized: the identity of a file across inputs written differently.
// `cwd` is the current directory, asked for once by the caller (it costs a system call).
std::string absolute_key(std::string_view display, const std::filesystem::path& cwd);

// Folder listings kept for case-insensitive lookups, so that names which do not exist (a WPP
// `#include "x.tmh"` in every file of a driver) cost one listing per folder, not one per lookup.
// Thread-safe; meant to live for one discovery.
class FolderNames {
 public:
  // Sets `hits` to the entries of `dir` whose name equals `name` ignoring ASCII case, in byte
  // order. False when `dir` cannot be listed (it does not exist, is no folder, or is unreadable).
  bool caseless_matches(const std::filesystem::path& dir, std::string_view name,
                        std::vector<std::string>& hits);

 private:
  struct Listing {
    bool listed = false;
    std::vector<std::pair<std::string, std::string>> entries;  // (lower-cased, on disk), sorted
  };
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Listing>> by_dir_;
};

// The existing regular file (symlinks followed) `rel` names relative to `base_dir`, matching each
// component case-insensitively when the exact spelling does not exist. Returns it in display form
// with the spelling found on disk. `names` may be null (no caching).
std::optional<std::string> find_file_caseless(std::string_view base_dir, std::string_view rel,
                                              FolderNames* names = nullptr);
// The same for a folder.
std::optional<std::string> find_dir_caseless(std::string_view base_dir, std::string_view rel,
                                             FolderNames* names = nullptr);

struct WildcardMatches {
  std::vector<std::string> files;  // sorted
  std::string problem;             // why the walk was refused or incomplete; empty if it was not
};

// Files under `base_dir` that the MSBuild-style wildcard `pattern` (`*`, `?`, `**`) names,
// case-insensitively; source files only. Symlinked folders are not entered. A pattern that
// leaves `base_dir` (absolute, or starting with "..") is refused.
WildcardMatches expand_wildcard(std::string_view base_dir, std::string_view pattern);

// The headers directly in `dir` (not below it), sorted.
std::vector<std::string> headers_in_dir(std::string_view dir);

// Reads a whole file. False when it cannot be opened or read.
bool read_text_file(const std::string& path, std::string& out);

}  // namespace pagewise
