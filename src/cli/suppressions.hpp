// Findings silenced in the source: `// pagewise: ignore[rule-id, ...] reason` on the finding's line
// or the line above, and Code Analysis' `#pragma warning(suppress|disable: N)` for the warnings
// that match a rule (knowledge/code_analysis). A silenced finding is kept, marked, with the reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/facts.hpp"
#include "model/finding.hpp"
#include "model/unit.hpp"

namespace pagewise {

// Why `f` is silenced in `facts` (its file), or nullopt when it is not.
std::optional<std::string> suppression_of(const Finding& f, const FileFacts& facts);

// One warning per `ignore[...]` that names no rule of `catalogue` (nor a `family/*` of one) or
// names none at all: a misspelt id silences nothing, which the author must hear about.
void check_suppression_ids(const FileFacts& facts, const std::vector<RuleInfo>& catalogue,
                           std::vector<InputProblem>& problems);

}  // namespace pagewise
