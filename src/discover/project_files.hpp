// Reading the two kinds of project file a Windows driver is built from: an MSBuild `.vcxproj`
// and a legacy WDK `sources` file. Text in, listing out; resolving the items against the disk is
// discovery's job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pagewise {

struct ProjectListing {
  // Files the project compiles or lists, as written (backslashes turned into '/'), relative to the
  // project's folder. May contain MSBuild wildcards (`*`, `?`, `**`); never `$(...)`, `@(...)` or
  // `%(...)`, which need a build to evaluate and are dropped.
  std::vector<std::string> items;
  // What marks the project as a user-mode (UMDF) driver, e.g. "<DriverType>UMDF</DriverType>";
  // empty for a kernel-mode driver.
  std::string umdf_marker;
  // A project that builds a user-mode program rather than a driver (`<ConfigurationType>` is
  // Application or DynamicLibrary and no `<DriverType>` says otherwise); empty otherwise.
  std::string user_mode_marker;
  bool has_driver_type = false;
  // `<AdditionalIncludeDirectories>` entries relative to the project's folder (`$(...)` and
  // `%(...)` entries, which need a build to evaluate, are dropped); '/' separators.
  std::vector<std::string> include_dirs;
};

// `ClCompile` and `ClInclude` items (Include attribute, `;`-separated lists allowed), and the
// `DriverType` / `UMDF_VERSION_MAJOR` properties. Commented-out XML is ignored.
ProjectListing parse_vcxproj(std::string_view xml);

// `SOURCES=` (and the per-architecture `*_SOURCES=`) lists with nmake's `\`-newline continuation
// and `#` comments, and `UMDF_VERSION_MAJOR=`.
ProjectListing parse_sources_file(std::string_view text);

// True for a file named `sources` in any case: the WDK build's project file.
bool is_wdk_sources_file_name(std::string_view name);

}  // namespace pagewise
