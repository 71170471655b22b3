// Code Analysis for Drivers warnings that say what a pagewise rule says, so a driver that already
// silences one with `#pragma warning(suppress: N)` or `#pragma warning(disable: N)` keeps it
// silenced here. One row per warning, with the page that states what it reports.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pagewise {

struct CodeAnalysisWarning {
  uint32_t number;      // 28170 for C28170
  const char* rule_id;  // the pagewise rule reporting the same defect
  const char* source;   // the Microsoft page of the warning
};

std::span<const CodeAnalysisWarning> code_analysis_warnings();

// The warning number matching `rule_id`, if Code Analysis has one.
std::optional<uint32_t> code_analysis_number(std::string_view rule_id);

}  // namespace pagewise
