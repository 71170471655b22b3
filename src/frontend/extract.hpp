// extract: walks one parsed file and fills its FileFacts (functions, calls, PAGED_CODE sites,
// declarations, global data), attaching the pre-pass's recorded items to the declaration they
// precede. Rules never see syntax trees; this is the only place that reads them.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "frontend/parser.hpp"
#include "frontend/prepass.hpp"
#include "model/facts.hpp"

namespace pagewise {

struct ExtractInput {
  std::string_view original;   // the file as read (for texts shown to users)
  std::string_view prepassed;  // what was parsed: same length, annotations blanked
  const std::vector<Annotation>* items = nullptr;  // the pre-pass's recorded items, source order
  const Dialect* dialect = nullptr;                // the unit macros that run PAGED_CODE(), if any
};

namespace syntax {
class Walker;
}

// The facts of a file parsed in pieces (frontend/chunks.hpp): add() each piece's tree in file
// order, each one dropped after it was added, then finish(). Pieces start at file scope, so the
// walk over them is the walk over the whole file's tree.
class Extraction {
 public:
  Extraction(const ExtractInput& in, FileFacts& out);
  ~Extraction();
  Extraction(const Extraction&) = delete;
  Extraction& operator=(const Extraction&) = delete;
  void add(const Tree& tree);
  void finish();

 private:
  std::unique_ptr<syntax::Walker> walker_;
  FileFacts& out_;
};

// Fills out.functions, out.declarations, out.data and out.parse from the tree. Facts that start
// inside one of out.inactive are dropped.
void extract(const Tree& tree, const ExtractInput& in, FileFacts& out);

}  // namespace pagewise
