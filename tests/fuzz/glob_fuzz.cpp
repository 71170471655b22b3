// The gitignore matcher and the path helpers (discover/gitignore.*, discover/paths.*). The input's
// first line is a path, the rest a .gitignore; the path is also matched as a glob against the
// pattern lines, joined and normalized, and expanded as a project wildcard in a small tree made
// once in the scratch folder.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "discover/gitignore.hpp"
#include "discover/paths.hpp"
#include "fuzz_support.hpp"

using namespace pagewise;

namespace {

// A driver-shaped tree for expand_wildcard: a few sources at three depths.
const std::string& wildcard_tree() {
  static const std::string root = [] {
    for (const char* f : {"tree/driver.c", "tree/Driver.h", "tree/src/io.cpp", "tree/src/pnp.c",
                          "tree/src/sub/power.c", "tree/inc/public.h"})
      fuzz::put_file(f, "int x;\n");
    return fuzz::scratch_dir() + "/tree";
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = fuzz::as_text(data, size);
  auto parts = fuzz::split_parts(input, '\n', 2);
  std::string_view path = parts[0];
  std::string_view ignore_text = parts.size() == 2 ? parts[1] : std::string_view();

  std::vector<IgnorePattern> patterns = parse_ignore_file(ignore_text);
  (void)match_ignore(patterns, path, false);
  (void)match_ignore(patterns, path, true);
  IgnoreLevel root{"", patterns, nullptr, ""};
  (void)gitignore_ignores(&root, path, false);
  for (const IgnorePattern& p : patterns) (void)glob_match(p.glob, path);
  (void)glob_match(path, ignore_text);

  (void)ascii_lower(path);
  (void)discover_header_extension(path);
  std::string joined = join_display(path, ignore_text.substr(0, ignore_text.find('\n')));
  (void)parent_display(joined);
  (void)display_path(std::filesystem::path(std::string(path)));
  (void)absolute_key(path, std::filesystem::path("/work/drivers"));
  (void)expand_wildcard(wildcard_tree(), path);
  return 0;
}
