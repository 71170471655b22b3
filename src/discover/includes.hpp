// The #include lines discovery reads: quoted and angled includes pull a driver's headers into its
// unit, and the names of all includes reveal a user-mode (UMDF) driver. Only lines starting with
// `#` are looked at; nothing is preprocessed.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "discover/paths.hpp"
#include "platform/platform.hpp"

namespace pagewise {

struct IncludeDirectives {
  std::vector<std::string> quoted;  // `#include "x"` targets as written
  std::vector<std::string> angled;  // `#include <x>` targets as written
  std::vector<std::string> names;   // lower-cased file name of every #include, "quoted" or <angled>
};

IncludeDirectives scan_include_directives(std::string_view text);

struct FileIncludes {
  std::vector<std::string> local;  // quoted includes found relative to the file's folder (display)
  std::vector<std::string> unresolved;  // quoted source includes not found there, as written
  std::vector<std::string> angled;      // <angled> source includes, as written
  std::vector<std::string> names;       // as in IncludeDirectives
};

// What makes two paths the same file: its device and file number.
using FileIdentity = platform::FileIdentity;

// The identity of the file `path` names (links followed); nullopt when it cannot be asked.
std::optional<FileIdentity> file_identity(const std::string& path);

// The include facts of every file discovery reads, shared by all units so that a header used by
// many drivers is read once.
class IncludeIndex {
 public:
  explicit IncludeIndex(unsigned threads) : threads_(threads) {}

  // `files` plus every source file they reach through includes, transitively; sorted and unique.
  // Files are read in parallel, a breadth of the include graph at a time. `search_dirs` (a
  // project's folder and its include directories) are where a quoted include not found beside
  // its includer is looked for next, as the compiler does, and where an angled include is looked
  // for first; an angled include found in none of them is looked for beside its includer last
  // (a project that puts its own folder on the include path through a property pagewise cannot
  // evaluate). System headers are found nowhere and stay out.
  std::vector<std::string> closure(const std::vector<std::string>& files,
                                   const std::vector<std::string>& search_dirs = {});

  // The facts of a file read by closure(); empty for any other.
  const FileIncludes& of(const std::string& file) const;

 private:
  void read_missing(const std::vector<std::string>& files);
  // `target` in the first of `dirs` that holds it.
  std::optional<std::string> find_in(const std::vector<std::string>& dirs,
                                     const std::string& target);

  unsigned threads_;
  FolderNames folder_names_;
  std::unordered_map<std::string, FileIncludes> by_file_;
};

}  // namespace pagewise
