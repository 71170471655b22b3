// The facts codec of the on-disk cache (cli/facts_codec.*): any bytes decode to false or to facts
// whose indexes stay inside their tables and which encode and decode back to themselves.
#include <cstddef>
#include <cstdint>

#include "cli/facts_codec.hpp"
#include "fuzz_support.hpp"

using namespace pagewise;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FileFacts facts;
  if (!decode_facts(fuzz::as_text(data, size), facts)) return 0;
  if (!facts_are_consistent(facts)) fuzz::broken_promise("decoded facts with an index outside");
  FileFacts again;
  if (!decode_facts(encode_facts(facts), again) || !(again == facts))
    fuzz::broken_promise("decoded facts do not encode back to themselves");
  return 0;
}
