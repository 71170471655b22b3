// Code Analysis warnings from the "PREfast for Drivers warnings" pages, and the CodeQL query from
// Microsoft's Windows-Driver-Developer-Supplemental-Tools (listed on "CodeQL and the Static Tools
// Logo Test", Drivers - General, with "No associated CA check").
#include "knowledge/related_checks.hpp"

namespace pagewise {

namespace {

#define PW_DEVTEST "https://learn.microsoft.com/windows-hardware/drivers/devtest/"
constexpr const char* kCodeAnalysis = "Code Analysis (PREfast for Drivers)";
constexpr const char* kCodeQl = "CodeQL Windows driver queries";

constexpr RelatedCheckRow kRows[] = {
    // "The function has been declared to be in a paged segment, but neither PAGED_CODE nor
    // PAGED_CODE_LOCKED was found." The page adds that the macro must come between the first
    // brace and the first conditional statement, but the warning names only the missing macro:
    // pagewise also reports a macro placed after the first conditional.
    {"paged-code/missing", kCodeAnalysis, "C28170",
     "The function has been declared to be in a paged segment, but neither PAGED_CODE nor "
     "PAGED_CODE_LOCKED was found",
     PW_DEVTEST "28170-pageable-code-macro-not-found", "superset"},
    // "The function has more than one instance of PAGED_CODE or PAGED_CODE_LOCKED", reported at
    // the second and later instances, as pagewise does.
    {"paged-code/duplicate", kCodeAnalysis, "C28171",
     "The function has more than one instance of PAGED_CODE or PAGED_CODE_LOCKED",
     PW_DEVTEST "28171-function-has-more-than-one-page-macro-instance", "equal"},
    // "The function has PAGED_CODE or PAGED_CODE_LOCKED but is not declared to be in a paged
    // segment" (a section is pageable when its name begins with PAGE, as pagewise reads it).
    {"paged-code/outside-paged-section", kCodeAnalysis, "C28172",
     "The function has PAGED_CODE or PAGED_CODE_LOCKED but is not declared to be in a paged "
     "segment",
     PW_DEVTEST "28172-function-macros-not-in-paged-segment", "equal"},
    // "KeSetEvent must not be called in a paged segment when the Wait argument is set to TRUE."
    // The query matches KeSetEvent with a literal TRUE only; pagewise also reports
    // KeReleaseSemaphore, KeReleaseMutex and KePulseEvent, and a Wait that is not a literal.
    // The query: https://github.com/microsoft/Windows-Driver-Developer-Supplemental-Tools/blob/
    // main/src/drivers/general/queries/KeSetEventPageable/KeSetEventPageable.ql
    {"resident/wait-true", kCodeQl, "cpp/drivers/ke-set-event-pageable",
     "KeSetEvent called in pageable segment with wait",
     PW_DEVTEST "codeql-windows-driver-keseteventpageable", "superset"},
};

#undef PW_DEVTEST

}  // namespace

std::span<const RelatedCheckRow> related_checks() { return kRows; }

}  // namespace pagewise
