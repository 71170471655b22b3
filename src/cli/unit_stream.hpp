// The per-unit half of the pipeline as a stream: a batch of units has its files extracted (or
// taken from a facts cache), is linked, inferred and checked, and the facts no later unit reads are
// freed before the next batch starts. Peak memory is then set by the batch (and so by the largest
// unit), not by the tree; the findings and their order are those of analysing everything at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "frontend/file_stage.hpp"
#include "frontend/source_file.hpp"

namespace pagewise {

// One file as a unit's configuration leaves it: the branches switched off.
struct FileVariant {
  uint32_t file = 0;
  std::vector<InactiveRange> inactive;
};

// The files of every analysed unit, each once, and each one's place in that list; then each file
// once per distinct set of dead branches the units that read it give it (most files have one).
struct UnitFiles {
  std::vector<std::string> paths;
  std::map<std::string, uint32_t> index;
  std::vector<FileVariant> variants;
  std::vector<std::vector<uint32_t>> variants_of_file;
  std::vector<std::vector<uint32_t>> unit_variants;  // per discovery unit, per file of it
};

// What the stream needs of the stages before it. `sources` hold no text any more (it was dropped
// after the scan to keep memory flat): each file is read again when it is extracted, and
// `fingerprints` (source_fingerprint) tell whether it changed in between.
struct StreamInput {
  const UnitFiles& files;
  std::vector<SourceFile>& sources;
  const std::vector<FileScan>& scans;
  const std::vector<std::string>& fingerprints;
  const FileContext& ctx;
  const AnalysisOptions& opts;
  unsigned threads = 1;
};

// Extracts, links, infers and checks every analysed unit of `a.discovery`, in batches. Fills
// a.findings (sorted, de-duplicated, suppressions applied), a.unit_sizes, a.source_paths, the file
// counts of a.stats and each file's problems; with opts.keep_facts also a.files and a.models.
void stream_units(const StreamInput& in, Analysis& a);

// A file as the run reads it: an open editor buffer (`pagewise serve`) stands for its file.
SourceFile read_input(const std::string& path, const AnalysisOptions& opts);

}  // namespace pagewise
