// indirect_calls: what a call through one of the driver's own function pointers reaches.
#include "analysis/indirect_calls.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysed_driver.hpp"

namespace pagewise {
namespace {

TEST(CalledPointer, ParenthesesAndDereferenceAreDropped) {
  EXPECT_EQ(called_pointer("(*ctx->Callback)"), "ctx->Callback");
  EXPECT_EQ(called_pointer("(*Table[i])"), "Table[i]");
  EXPECT_EQ(called_pointer("((*g_Handler))"), "g_Handler");
  EXPECT_EQ(called_pointer("Handlers[code]"), "Handlers[code]");
  EXPECT_EQ(called_pointer("(a)(b)"), "(a)(b)");
}

TEST(BraceElements, TopLevelElementsInOrder) {
  EXPECT_EQ(brace_elements("{ FnA, {1, FnB}, .Read = FnC }"),
            (std::vector<std::string>{"FnA", "{1, FnB}", ".Read = FnC"}));
  EXPECT_EQ(brace_elements("{1,FnA,}"), (std::vector<std::string>{"1", "FnA"}));
  EXPECT_TRUE(brace_elements("{ }").empty());
}

// The names of the functions stored under `key` (a global or "STRUCT::Field").
std::vector<std::string> stored(const testing::Driver& d, const std::string& key, bool field) {
  std::vector<std::string> out;
  for (const Model& m : d.analysis().models) {
    const auto& map = field ? m.stored_pointers.fields : m.stored_pointers.globals;
    auto it = map.find(key);
    if (it == map.end()) continue;
    for (FunctionId id : it->second) out.push_back(m.program.function(id).name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char* kStores =
    "#include <ntddk.h>\n"
    "typedef VOID (*ROUTINE)(PVOID);\n"
    "typedef struct _OPS { ROUTINE Open; ROUTINE Close; } OPS;\n"
    "typedef struct _ENTRY { ULONG Code; ROUTINE Run; } ENTRY;\n"
    "typedef struct _CTX { ROUTINE Callback; } CTX, *PCTX;\n"
    "VOID FnA(PVOID c) {}\n"
    "VOID FnB(PVOID c) {}\n"
    "VOID FnC(PVOID c) {}\n"
    "VOID FnD(PVOID c) {}\n"
    "ROUTINE g_Handler = FnA;\n"
    "const OPS g_Ops = { FnB, FnC };\n"
    "const ENTRY g_Table[] = { { 1, FnC }, { 2, FnD } };\n"
    "const OPS g_Named = { .Close = FnD };\n"
    "VOID Setup(PCTX ctx, ROUTINE g_Handler2) {\n"
    "  ctx->Callback = (ROUTINE)&FnB;\n"
    "  g_Handler = FnC;\n"
    "  OPS local = { FnD, FnA };\n"
    "}\n";

TEST(StoredPointers, GlobalsKeepEveryFunctionTheirInitializerNamesOrCodeAssigns) {
  testing::Driver d(kStores);
  EXPECT_EQ(stored(d, "g_Handler", false), (std::vector<std::string>{"FnA", "FnC"}));
  EXPECT_EQ(stored(d, "g_Table", false), (std::vector<std::string>{"FnC", "FnD"}));
}

TEST(StoredPointers, FieldsBindByPositionDesignatorAndAssignment) {
  testing::Driver d(kStores);
  EXPECT_EQ(stored(d, "_OPS::Open", true), (std::vector<std::string>{"FnB", "FnD"}));
  EXPECT_EQ(stored(d, "_OPS::Close", true), (std::vector<std::string>{"FnA", "FnC", "FnD"}));
  EXPECT_EQ(stored(d, "_ENTRY::Run", true), (std::vector<std::string>{"FnC", "FnD"}));
  EXPECT_EQ(stored(d, "_CTX::Callback", true), (std::vector<std::string>{"FnB"}));
  EXPECT_TRUE(stored(d, "_ENTRY::Code", true).empty());
}

// `Head->Func = Func;` in a helper: the field holds what its callers pass, one call deep.
TEST(StoredPointers, AParameterStoredInAFieldHoldsWhatCallersPass) {
  testing::Driver d(
      "#include <ntddk.h>\n"
      "typedef VOID (*ROUTINE)(PVOID);\n"
      "typedef struct _RCU { ROUTINE Func; } RCU;\n"
      "VOID FnA(PVOID c) {}\n"
      "VOID FnB(PVOID c) {}\n"
      "VOID RcuCall(RCU* Head, ROUTINE Func) { Head->Func = Func; }\n"
      "VOID Other(RCU* Head, ROUTINE Func) {}\n"
      "VOID Use(RCU* h) { RcuCall(h, FnA); RcuCall(h, (ROUTINE)&FnA); Other(h, FnB); }\n");
  EXPECT_EQ(stored(d, "_RCU::Func", true), (std::vector<std::string>{"FnA"}));
}

// A paged function reached from a DPC through a stored pointer: the evidence names the pointer.
TEST(IndirectCalls, EvidenceSaysTheCallGoesThroughThePointer) {
  testing::Driver d(
      "#include <ntddk.h>\n"
      "typedef VOID (*ROUTINE)(PVOID);\n"
      "ROUTINE g_Handler;\n"
      "VOID Paged(PVOID c);\n"
      "#pragma alloc_text(PAGE, Paged)\n"
      "VOID Paged(PVOID c) { PAGED_CODE(); }\n"
      "VOID Setup(VOID) { g_Handler = Paged; }\n"
      "KDEFERRED_ROUTINE Dpc;\n"
      "VOID Dpc(PKDPC d, PVOID c, PVOID a, PVOID b) { g_Handler(c); }\n");
  auto found = d.findings("resident/irql");
  ASSERT_EQ(found.size(), 1u) << d.dump();
  bool named = false;
  for (const EvidenceStep& s : found.front()->evidence)
    named |= s.message == "'Dpc' calls 'Paged' through g_Handler (at DISPATCH_LEVEL)";
  EXPECT_TRUE(named) << d.dump();
  EXPECT_NE(found.front()->message.find("called from 'Dpc' through g_Handler"), std::string::npos)
      << found.front()->message;
}

// A local read from a table: the call reaches the table's functions, through the local.
TEST(IndirectCalls, LocalReadFromATableReachesItsFunctions) {
  testing::Driver d(
      "#include <ntddk.h>\n"
      "typedef VOID (*ROUTINE)(PVOID);\n"
      "VOID Paged(PVOID c);\n"
      "#pragma alloc_text(PAGE, Paged)\n"
      "VOID Paged(PVOID c) { PAGED_CODE(); }\n"
      "static const ROUTINE Table[] = { Paged };\n"
      "KDEFERRED_ROUTINE Dpc;\n"
      "VOID Dpc(PKDPC d, PVOID c, PVOID a, PVOID b) {\n"
      "  ROUTINE handler = Table[(ULONG_PTR)a];\n"
      "  if (handler) handler(c);\n"
      "}\n");
  auto found = d.findings("resident/irql");
  ASSERT_EQ(found.size(), 1u) << d.dump();
  EXPECT_NE(found.front()->message.find("through handler"), std::string::npos)
      << found.front()->message;
}

// A parameter that shadows a global, or a pointer nothing stores to: no target.
TEST(IndirectCalls, UnknownPointersReachNothing) {
  testing::Driver d(
      "#include <ntddk.h>\n"
      "typedef VOID (*ROUTINE)(PVOID);\n"
      "ROUTINE g_Handler;\n"
      "ROUTINE g_Foreign;\n"
      "VOID Paged(PVOID c);\n"
      "#pragma alloc_text(PAGE, Paged)\n"
      "VOID Paged(PVOID c) { PAGED_CODE(); }\n"
      "VOID Setup(VOID) { g_Handler = Paged; }\n"
      "VOID Run(ROUTINE g_Handler, PVOID c) { g_Handler(c); }\n"
      "KDEFERRED_ROUTINE Dpc;\n"
      "VOID Dpc(PKDPC d, PVOID c, PVOID a, PVOID b) { Run((ROUTINE)a, c); g_Foreign(c); }\n");
  EXPECT_TRUE(d.findings("resident/irql").empty()) << d.dump();
}

}  // namespace
}  // namespace pagewise
