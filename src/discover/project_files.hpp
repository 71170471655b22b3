// Reading the two kinds of project file a Windows driver is built from: an MSBuild `.vcxproj`
// (with the `.props` files it imports from the repository) and a legacy WDK `sources` file. Text
// in, listing out; resolving the items against the disk is discovery's job, and so is reading an
// imported file (through ProjectContext::read_import).
//
// A `.vcxproj` is read with pugixml and evaluated the way MSBuild does, as far as it can be without
// a build: the configuration is chosen (ProjectContext::configuration, else `Release|x64`, else the
// first `ProjectConfiguration`); properties are evaluated in document order, imports inline;
// `Condition` attributes on groups, properties, imports and `Choose`/`When` are decided with the
// final or current property values; `$(Name)` resolves to a property of the project, of an imported
// file, or to `Configuration`, `Platform`, `ProjectDir`, `MSBuildProjectDirectory`,
// `MSBuildThisFileDirectory`, `ProjectName` and (when found) `SolutionDir`. What stays unresolved
// (the WDK's own folders, property functions) is dropped. XML that is not well formed is read up to
// the first error, and the error is reported.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pagewise {

struct ProjectListing {
  // Files the project compiles or lists, as written (backslashes turned into '/'), relative to the
  // project's folder. May contain MSBuild wildcards (`*`, `?`, `**`); never `$(...)`, `@(...)` or
  // `%(...)` that could not be resolved, which need a build to evaluate and are dropped.
  std::vector<std::string> items;
  // The `Exclude=` patterns of each item's element, in the same order as `items` (empty for most),
  // written like them: MSBuild drops the files they name from that element's items.
  std::vector<std::vector<std::string>> item_excludes;
  // What marks the project as a user-mode (UMDF) driver, e.g. "<DriverType>UMDF</DriverType>";
  // empty for a kernel-mode driver.
  std::string umdf_marker;
  // A project that builds a user-mode program rather than a driver (`<ConfigurationType>` is
  // Application or DynamicLibrary and no `<DriverType>` says otherwise, an `<UndockedType>` of exe
  // or dll, a `sources` file's TARGETTYPE=PROGRAM or DYNLINK); empty otherwise.
  std::string user_mode_marker;
  bool has_driver_type = false;
  // `<AdditionalIncludeDirectories>` (every configuration's) or `INCLUDES=` entries relative to the
  // project's folder, '/' separators; entries that stay unresolved are dropped.
  std::vector<std::string> include_dirs;
  // The build's preprocessor definitions for the chosen configuration (`NAME` or `NAME=VALUE`) and
  // undefinitions, in build order: a later one wins.
  std::vector<std::string> defines;
  std::vector<std::string> undefines;
  std::string configuration;          // the configuration read, e.g. "Release|x64"; "" if none
  std::vector<std::string> problems;  // malformed XML, imports too deep
  bool unread = false;  // the project or an import it names could not be decoded: items are lost
};

struct ProjectContext {
  std::string configuration;  // --config: "Debug|x64" or "Debug"; "" picks the default
  std::string project_name;   // the .vcxproj's file name without extension
  // The folder of the solution, relative to the project's folder, '/'-terminated ("../../"); ""
  // when unknown, and then `$(SolutionDir)` stays unresolved.
  std::string solution_dir;
  // Reads a file an `<Import>` names, given relative to the project's folder ('/' separators,
  // lexically normalized); nullopt when it lies outside the repository or cannot be read. Unset:
  // no import is read.
  std::function<std::optional<std::string>(const std::string& path)> read_import;
};

// Items (`ClCompile`, `ClInclude`), include folders, preprocessor definitions and the properties
// that mark a user-mode project. Commented-out XML is ignored.
ProjectListing parse_vcxproj(std::string_view xml, const ProjectContext& ctx = {});

// `SOURCES=` (and the per-architecture `*_SOURCES=`) lists with nmake's `\`-newline continuation
// and `#` comments, `INCLUDES=`, the `-D`/`/D` and `-U`/`/U` of `C_DEFINES=`, `TARGETTYPE=` and
// `UMDF_VERSION_MAJOR=`. `$(NAME)` resolves to an earlier assignment in the file.
ProjectListing parse_sources_file(std::string_view text);

// True for a name ending in `.vcxproj`, in any case.
bool has_vcxproj_extension(std::string_view name);

// True for a file named `sources` in any case: the WDK build's project file.
bool is_wdk_sources_file_name(std::string_view name);

}  // namespace pagewise
