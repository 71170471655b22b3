// Units: the drivers discovery found. Names resolve inside a unit, never across units.
#pragma once

#include <string>
#include <vector>

namespace pagewise {

enum class UnitKind : uint8_t { VcxProj, Sources, Folder };

struct Unit {
  std::string name;  // display name: project file or folder, relative to the root
  UnitKind kind = UnitKind::Folder;
  std::string origin;              // the .vcxproj / sources file / folder that defines the unit
  std::vector<std::string> files;  // source files, absolute or as given; sorted, unique
  bool skipped = false;            // e.g. a UMDF (user-mode) driver
  std::string skip_reason;
  // The build's preprocessor definitions (`NAME` or `NAME=VALUE`) and undefinitions, in build
  // order (a later one wins), from the project file; the configuration they were read for.
  std::vector<std::string> defines;
  std::vector<std::string> undefines;
  std::string configuration;
};

// Something about the inputs that the user should hear about; analysis goes on without it.
struct InputProblem {
  std::string path;
  std::string message;  // "does not exist", "permission denied", ...
  bool fatal = false;   // the input named on the command line could not be used at all
  // A file the analysis should have read and did not (it cannot be read or decoded, a project lists
  // it and it is missing): results may lack its findings. --fail-on-input-problems exits 2.
  bool unread = false;
};

struct Discovery {
  std::string root;  // directory that display paths are relative to
  // The git repository (the folder holding `.git`) that `root` is in, absolute; empty outside one.
  std::string repository;
  std::vector<Unit> units;
  std::vector<InputProblem> problems;
};

}  // namespace pagewise
