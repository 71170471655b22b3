// The per-file stages, run in parallel: scan (directives and macro definitions, used to learn the
// unit's placement macros before anything is blanked), then pre-pass + parse + extract.
#pragma once

#include <string>
#include <vector>

#include "frontend/conditions.hpp"
#include "frontend/directives.hpp"
#include "frontend/parser.hpp"
#include "frontend/prepass.hpp"
#include "frontend/source_file.hpp"
#include "model/facts.hpp"

namespace pagewise {

struct FileScan {
  std::vector<Directive> directives;
  std::vector<MacroDef> macros;       // with their placement meaning read
  std::vector<std::string> problems;  // limits hit while reading the macros' meaning
};

FileScan scan_file(const SourceFile& src);

// Teaches the pre-pass the macros of this file that place code or data, so their uses are
// blanked and recorded wherever they appear.
void add_unit_macros(std::vector<FileScan>& scans, Dialect& dialect);

// Teaches the extract stage the macros that run PAGED_CODE() or PAGED_CODE_LOCKED().
void add_paged_code_macros(const std::vector<FileScan>& scans, Dialect& dialect);

// Makes #if chains whose branches open and close braces across each other parseable (the first
// branch is kept, the rest blanked), without moving offsets.
void balance_conditionals(std::string& text, const std::vector<Directive>& directives);

struct FileContext {
  const Dialect* dialect = nullptr;
  const ConditionConfig* conditions = nullptr;
  // The branches the file's unit switches off, when the caller has decided them (a file read for
  // two units with different definitions is analysed once per set of ranges); else they are
  // computed from `conditions`.
  const std::vector<InactiveRange>* inactive = nullptr;
};

FileFacts analyze_file(const SourceFile& src, const FileScan& scan, const FileContext& ctx,
                       Parser& parser);

}  // namespace pagewise
