// Functions whose address the unit stores where it later calls through it: the functions a call
// through a function pointer of the driver's own can reach.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/program.hpp"

namespace pagewise {

struct StoredPointers {
  // A global (`g_Handler`, a table `Handlers[]`) → every function its initializer names or code
  // of the unit assigns to it (or to one of its elements).
  std::map<std::string, std::vector<FunctionId>, std::less<>> globals;
  // A field of one of the unit's structures, keyed as analysis/field_path keys it
  // ("DEVICE_CONTEXT::Callback") → every function stored in it: by assignment, by an aggregate
  // initializer in field order, or by designator.
  std::map<std::string, std::vector<FunctionId>, std::less<>> fields;
};

}  // namespace pagewise
