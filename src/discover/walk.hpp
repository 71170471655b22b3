// The parallel folder walk: finds source files and project files under one input folder,
// honouring `.gitignore` files and --exclude patterns, never following symlinked folders.
#pragma once

#include <string>
#include <vector>

#include "discover/gitignore.hpp"
#include "model/unit.hpp"

namespace pagewise {

struct WalkOptions {
  std::vector<IgnorePattern> excludes;  // relative to the walked folder; they beat `.gitignore`
  bool use_gitignore = true;
  unsigned threads = 1;
};

// What a walk found, in display form (the folder as given joined with the path below it).
// Each list is sorted, so the result does not depend on thread scheduling.
struct FolderListing {
  std::vector<std::string> source_files;
  std::vector<std::string> vcxproj_files;
  std::vector<std::string> sources_files;  // WDK `sources` project files
  // Folders that could not be read. The walked folder itself failing is fatal; below it, not.
  std::vector<InputProblem> problems;
};

FolderListing walk_folder(const std::string& folder, const WalkOptions& opts);

}  // namespace pagewise
