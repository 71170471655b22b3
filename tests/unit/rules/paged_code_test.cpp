// paged-code/*: what the findings advise, beyond the lines the fixtures pin.
#include <gtest/gtest.h>

#include <string>

#include "../analysis/analysed_driver.hpp"

namespace pagewise {
namespace {

const char* kPagedDpcTarget =
    "#include <ntddk.h>\n"
    "VOID Work(VOID);\n"
    "#pragma alloc_text(PAGE, Work)\n"
    "VOID Work(VOID) { }\n"
    "KDEFERRED_ROUTINE Dpc;\n"
    "VOID Dpc(PKDPC d, PVOID c, PVOID a, PVOID b) { Work(); }\n";

const char* kPagedPassiveOnly =
    "#include <ntddk.h>\n"
    "DRIVER_UNLOAD Unload;\n"
    "#pragma alloc_text(PAGE, Unload)\n"
    "VOID Unload(PDRIVER_OBJECT d) { }\n";

std::string missing_message(const std::string& source) {
  testing::Driver d(source);
  auto found = d.findings("paged-code/missing");
  EXPECT_EQ(found.size(), 1u);
  return found.empty() ? std::string() : found.front()->message;
}

// A completion routine in PAGE without PAGED_CODE() was told to add the macro, which would then
// assert at DISPATCH_LEVEL: the fix there is to move the function.
TEST(PagedCodeMissing, FunctionThatRunsAtDispatchIsToldToMove) {
  std::string msg = missing_message(kPagedDpcTarget);
  EXPECT_NE(msg.find("it can run at DISPATCH_LEVEL (see resident/irql), where PAGED_CODE() would "
                     "assert: move it out of the pageable section"),
            std::string::npos)
      << msg;
  EXPECT_EQ(msg.find("add PAGED_CODE() as its first statement"), std::string::npos) << msg;
}

TEST(PagedCodeMissing, PassiveFunctionIsToldToAddTheMacro) {
  std::string msg = missing_message(kPagedPassiveOnly);
  EXPECT_NE(msg.find("add PAGED_CODE() as its first statement"), std::string::npos) << msg;
}

}  // namespace
}  // namespace pagewise
