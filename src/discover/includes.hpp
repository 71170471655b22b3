// The #include lines discovery reads: quoted includes pull a driver's headers into its unit, and
// the names of all includes reveal a user-mode (UMDF) driver. Only lines starting with `#` are
// looked at; nothing is preprocessed.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "discover/paths.hpp"

namespace pagewise {

struct IncludeDirectives {
  std::vector<std::string> quoted;  // `#include "x"` targets as written
  std::vector<std::string> names;   // lower-cased file name of every #include, "quoted" or <angled>
};

IncludeDirectives scan_include_directives(std::string_view text);

struct FileIncludes {
  std::vector<std::string> local;  // quoted includes found relative to the file's folder (display)
  std::vector<std::string> unresolved;  // quoted source includes not found there, as written
  std::vector<std::string> names;       // as in IncludeDirectives
};

// What makes two paths the same file: its device and inode.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  friend auto operator<=>(const FileIdentity&, const FileIdentity&) = default;
};

// The identity of the file `path` names (links followed); nullopt when it cannot be asked.
std::optional<FileIdentity> file_identity(const std::string& path);

// The include facts of every file discovery reads, shared by all units so that a header used by
// many drivers is read once.
class IncludeIndex {
 public:
  explicit IncludeIndex(unsigned threads) : threads_(threads) {}

  // `files` plus every source file they reach through quoted includes, transitively; sorted and
  // unique. Files are read in parallel, a breadth of the include graph at a time.
  // `search_dirs` (a project's folder and its include directories) are where a quoted include not
  // found beside its includer is looked for next, as the compiler does.
  std::vector<std::string> closure(const std::vector<std::string>& files,
                                   const std::vector<std::string>& search_dirs = {});

  // The facts of a file read by closure(); empty for any other.
  const FileIncludes& of(const std::string& file) const;

 private:
  void read_missing(const std::vector<std::string>& files);

  unsigned threads_;
  FolderNames folder_names_;
  std::unordered_map<std::string, FileIncludes> by_file_;
};

}  // namespace pagewise
