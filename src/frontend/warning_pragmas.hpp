// `#pragma warning(...)` lines, read for the Code Analysis warning numbers that match a pagewise
// rule, so suppressions written for Code Analysis (C28170, C28171, C28172) hold here too.
// MSVC's meaning: https://learn.microsoft.com/cpp/preprocessor/warning
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "frontend/directives.hpp"
#include "model/facts.hpp"

namespace pagewise {

// The pragma in `d` (a `#pragma warning(...)` directive of `text`), one entry per specifier that
// matters (`suppress`, `disable`, `default` with their numbers, `push`, `pop`); levels, `error` and
// `once` are left out: they do not silence anything.
std::vector<WarningPragma> read_warning_pragma(const Directive& d, std::string_view text);

}  // namespace pagewise
