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
#include "model/finding.hpp"
#include "model/sizes.hpp"
#include "model/unit.hpp"

namespace pagewise {

constexpr uint32_t kFactsFormatVersion = 3;

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

// What checking one unit gives the report: its findings (suppressions marked) and its code sizes.
// `check` keeps it on disk too, so a unit none of whose files changed is not linked and checked
// again. Same encoding as the facts; decoding any bytes is as safe.
// What the report needs of a file once its facts are gone: its --stats counts and its problems.
struct FileReport {
  std::string path, display_path;
  uint64_t bytes = 0;
  uint32_t lines = 0;
  uint64_t functions = 0, tag_scan_functions = 0;
  bool parse_error = false;
  uint32_t limits_hit = 0;
  std::vector<std::string> problems;
  std::vector<InputProblem> suppression_problems;  // ignore[...] comments naming no rule
};
// A function of a file other units compile too, which this unit enters (AdvicePlan::entered): by
// the file's path and the line its definition starts on, as findings name it.
struct SharedFunctionEntered {
  std::string file;
  uint32_t line = 0;
};
struct UnitResult {
  std::vector<Finding> findings;
  UnitSizes sizes;
  std::vector<FileReport> files;  // one per file of the unit, in its order
  std::vector<SharedFunctionEntered> shared_entered;
};
std::string encode_unit_result(const UnitResult& result);
bool decode_unit_result(std::string_view bytes, UnitResult& out);

}  // namespace pagewise
