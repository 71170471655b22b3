#include "knowledge/code_analysis.hpp"

#include <array>

namespace pagewise {

namespace {

constexpr std::array kWarnings{
    // "The function has been declared to be in a paged segment, but neither PAGED_CODE nor
    // PAGED_CODE_LOCKED was found."
    CodeAnalysisWarning{28170, "paged-code/missing",
                        "https://learn.microsoft.com/windows-hardware/drivers/devtest/"
                        "28170-pageable-code-macro-not-found"},
    // "The function has more than one instance of PAGED_CODE or PAGED_CODE_LOCKED."
    CodeAnalysisWarning{28171, "paged-code/duplicate",
                        "https://learn.microsoft.com/windows-hardware/drivers/devtest/"
                        "28171-function-has-more-than-one-page-macro-instance"},
    // "The function has PAGED_CODE or PAGED_CODE_LOCKED but is not declared to be in a paged
    // segment."
    CodeAnalysisWarning{28172, "paged-code/outside-paged-section",
                        "https://learn.microsoft.com/windows-hardware/drivers/devtest/"
                        "28172-function-macros-not-in-paged-segment"},
};

}  // namespace

std::span<const CodeAnalysisWarning> code_analysis_warnings() { return kWarnings; }

std::optional<uint32_t> code_analysis_number(std::string_view rule_id) {
  for (const CodeAnalysisWarning& w : kWarnings)
    if (rule_id == w.rule_id) return w.number;
  return std::nullopt;
}

}  // namespace pagewise
