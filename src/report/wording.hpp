// How tool-level events are worded, shared by every output format so they all say the same thing.
#pragma once

#include <string>

#include "model/unit.hpp"

namespace pagewise {

inline std::string skipped_unit_message(const Unit& u) {
  std::string text = "skipped " + u.name;
  if (!u.skip_reason.empty()) text += ": " + u.skip_reason;
  return text;
}

inline std::string input_problem_message(const InputProblem& p) {
  return p.path.empty() ? p.message : p.path + ": " + p.message;
}

}  // namespace pagewise
