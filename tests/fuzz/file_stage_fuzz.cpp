// One source file through the whole per-file stage, as the pipeline runs it: read, directive scan,
// the file's own placement macros, pre-pass, parse, extract. Built twice: as a C file (fuzz_c_file)
// and as a C++ file (fuzz_cpp_file); PW_FUZZ_FILE_NAME says which.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "frontend/file_stage.hpp"
#include "fuzz_support.hpp"

using namespace pagewise;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Parser parser;
  // -D/-U as a user might give them, so #if regions are switched off as well as kept.
  static const ConditionConfig conditions{{{"DBG", "1"}, {"_WIN64", ""}, {"NDIS60", "0"}},
                                          {"_X86_", "ALLOC_PRAGMA_DISABLED"}};
  std::string path = fuzz::put_file(PW_FUZZ_FILE_NAME, fuzz::as_text(data, size));
  SourceFile src = read_source(path, 1u << 20);
  std::vector<FileScan> scans{scan_file(src)};
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  FileContext ctx{&dialect, &conditions};
  FileFacts facts = analyze_file(src, scans[0], ctx, parser);
  for (const InactiveRange& r : facts.inactive)
    if (r.begin > r.end) fuzz::broken_promise("inactive range ends before it begins");
  return 0;
}
