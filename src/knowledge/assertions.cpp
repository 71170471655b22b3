#include "knowledge/assertions.hpp"

namespace pagewise {

namespace {

constexpr AssertionMacro kAssertionMacros[] = {
    // "The ASSERT macro tests an expression. If the expression is false, it breaks into the
    // kernel debugger."
    {"ASSERT", 0, "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-assert"},
    // "ASSERTMSG is identical to ASSERT, except that it sends an additional message": (msg, exp).
    {"ASSERTMSG", 1,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-assertmsg"},
    // "The NT_ASSERT macro tests an expression. If the expression is false, the macro raises a
    // STATUS_ASSERTION_FAILURE exception".
    {"NT_ASSERT", 0, "https://learn.microsoft.com/previous-versions/ff961903(v=vs.85)"},
    // NT_ASSERTMSG(Message, Expression).
    {"NT_ASSERTMSG", 1, "https://learn.microsoft.com/previous-versions/ff961904(v=vs.85)"},
};

}  // namespace

const AssertionMacro* find_assertion_macro(std::string_view name) {
  for (const AssertionMacro& a : kAssertionMacros)
    if (name == a.name) return &a;
  return nullptr;
}

}  // namespace pagewise
