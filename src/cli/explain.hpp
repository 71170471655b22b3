// `pagewise explain FILE:FUNCTION`: everything pagewise knows about one function: its section and
// why, its roles, its entry IRQL bounds with the full path, its locks, waits and calls.
#pragma once

#include <ostream>
#include <string>

#include "cli/pipeline.hpp"

namespace pagewise {

// Returns false when no function matched (a message is written to `err`).
bool write_explain(std::ostream& out, std::ostream& err, const Analysis& a, const std::string& file,
                   const std::string& function);

}  // namespace pagewise
