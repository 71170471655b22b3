// The project-file readers (discover/project_files.*): the same text read as a .vcxproj and as a
// WDK `sources` file, the .vcxproj also with every import read as the same text again. Items
// never keep a backslash, and definitions never carry an expression left to evaluate.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "discover/project_files.hpp"
#include "fuzz_support.hpp"

using namespace pagewise;

namespace {

void check_listing(const ProjectListing& l) {
  for (const std::vector<std::string>* list : {&l.items, &l.include_dirs})
    for (const std::string& s : *list)
      if (s.find('\\') != std::string::npos && list == &l.items)
        fuzz::broken_promise("a project item kept a backslash");
  for (const std::vector<std::string>* list : {&l.defines, &l.undefines})
    for (const std::string& s : *list)
      if (s.find("$(") != std::string::npos || s.find("%(") != std::string::npos)
        fuzz::broken_promise("a definition kept an expression to evaluate");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  check_listing(parse_vcxproj(text));
  ProjectContext ctx;
  ctx.configuration = "Debug|x64";
  ctx.read_import = [&](const std::string&) { return std::optional<std::string>(text); };
  check_listing(parse_vcxproj(text, ctx));
  check_listing(parse_sources_file(text));
  (void)is_wdk_sources_file_name(text);
  return 0;
}
