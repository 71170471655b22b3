// FileFacts as bytes, for the on-disk facts store (cli/facts_store.hpp).
//
// The format: every field of every struct in the order facts_codec.cpp's `fields` functions list
// them (one function per struct, so a field added to model/facts.hpp is added in one place there).
// Unsigned integers and enums are LEB128 varints, signed integers zigzag varints, bools one byte
// (0 or 1), strings and vectors a varint count followed by their bytes or elements. Nothing else:
// no names, no padding, no byte order to agree on. Changing any `fields` function changes the
// format: raise kFactsFormatVersion with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/facts.hpp"

namespace pagewise {

constexpr uint32_t kFactsFormatVersion = 1;

std::string encode_facts(const FileFacts& facts);

// Reads what encode_facts wrote into `out`. Any bytes are safe: a length is never trusted beyond
// the bytes left, an enum beyond its last value, an index into a table of the facts (names,
// calls, steps, ...) beyond the table; anything malformed or left over returns false (and `out`
// is then empty facts). Never throws.
bool decode_facts(std::string_view bytes, FileFacts& out);

// Whether the indexes the analysis follows without checking stay inside their tables: NameUse
// into names, each Step's ref into the table its kind names and its end past itself and inside
// its parent, the parallel lists of functions and classes of one length.
bool facts_are_consistent(const FileFacts& facts);

}  // namespace pagewise
