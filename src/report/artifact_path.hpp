// Where a display path lies relative to the source root, in the forms SARIF wants: code-scanning
// tools match results to files by a root-relative URI, so the same finding keeps its place
// whichever checkout directory it was found in.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pagewise {

// SARIF's SRCROOT and the directory relative display paths start from, both absolute.
struct ArtifactRoot {
  std::filesystem::path root;
  std::filesystem::path working_dir;
};

struct ArtifactPath {
  bool under_root = false;
  std::string path;  // relative to the root with '/' when under_root, else absolute with '/'
};

// The source root is given: the repository the inputs are in, else their common folder (the SARIF
// renderer chooses). GitHub ignores uriBaseId and reads a relative URI from the repository's top:
// `pagewise check drivers/foo` must give "drivers/foo/x.c", not "x.c", wherever it is run from.
// `source_root` empty or relative is taken against `working_dir`; `working_dir` empty means the
// process's current directory.
ArtifactRoot make_artifact_root(const std::string& source_root, const std::string& working_dir);

ArtifactPath locate_artifact(const ArtifactRoot& base, std::string_view display_path);

// Percent-encodes every byte but RFC 3986 unreserved characters and '/'. A ':' is encoded too
// unless `keep_colon`: in a relative reference it would read as a scheme.
std::string percent_encode_path(std::string_view path, bool keep_colon);

// "file:///abs/path" for an absolute path ('/' or '\' separators, with or without a drive).
std::string file_uri(std::string_view absolute_path);

// A directory as a file URI ending with '/', so relative URIs resolve inside it.
std::string directory_uri(const std::filesystem::path& dir);

}  // namespace pagewise
