// Discovery: from the paths on the command line to units, one driver each (shared/design.md,
// "discover"). A unit is a `.vcxproj`, a WDK `sources` file, or else the folder or file given.
// Names resolve inside a unit, never across drivers, so grouping files wrongly would merge two
// drivers' call graphs; user-mode (UMDF) drivers are found here and reported as skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/unit.hpp"

namespace pagewise {

struct DiscoverOptions {
  std::vector<std::string> excludes;  // --exclude patterns, gitignore syntax, relative to each
                                      // input folder; they override `.gitignore` files
  bool use_gitignore = true;
  unsigned threads = 0;  // 0 = hardware concurrency
  // --config: the `.vcxproj` configuration to read ("Debug|x64", or "Debug"); "" picks Release|x64
  // or else the project's first.
  std::string configuration;
};

// Never throws: unusable inputs, unreadable folders and project files listing missing files are
// reported in Discovery::problems. Output is sorted and independent of the thread count.
Discovery discover(const std::vector<std::string>& inputs, const DiscoverOptions& opts);

// .c .cc .cpp .cxx .h .hh .hpp .hxx .inl in any case: the files discovery puts into units.
bool discover_source_extension(std::string_view path);

}  // namespace pagewise
