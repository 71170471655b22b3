// The MSVC linker-map reader (frontend/link_map.*): the whole input as a map, and each of its
// lines as a decorated symbol, for both address widths.
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontend/link_map.hpp"
#include "fuzz_support.hpp"

using namespace pagewise;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  LinkMap map;
  std::string error;
  if (parse_link_map(text, map, error) && !error.empty())
    fuzz::broken_promise("a map that was read carries an error");
  int lines = 0;
  for (std::string_view rest = text; !rest.empty() && lines < 64; ++lines) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    (void)undecorate_symbol(line, false);
    (void)undecorate_symbol(line, true);
  }
  return 0;
}
