// Model: what the rules read. The Program after link, and what inference computed for each of its
// functions ([file][function], parallel to Program::files[f]->functions).
#pragma once

#include <vector>

#include "model/inferred.hpp"
#include "model/program.hpp"

namespace pagewise {

struct Model {
  Program program;
  std::vector<std::vector<FunctionInference>> inferred;
  const FunctionInference& at(FunctionId id) const { return inferred[id.file][id.index]; }
};

}  // namespace pagewise
