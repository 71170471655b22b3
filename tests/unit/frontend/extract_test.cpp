// extract: what one file's facts say about small snippets, run through the same per-file stages as
// the pipeline (scan, unit macros, pre-pass, parse, extract).
#include "frontend/extract.hpp"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "frontend/file_stage.hpp"

namespace pagewise {
namespace {

struct Snippet {
  std::string path;
  std::string text;
};

// Every snippet through scan, unit macros, pre-pass, parse and extract, as one unit.
std::vector<FileFacts> analyze(const std::vector<Snippet>& snippets,
                               const ConditionConfig& cfg = {}) {
  std::vector<SourceFile> sources;
  for (const Snippet& s : snippets) {
    SourceFile src;
    src.path = s.path;
    src.text = s.text;
    src.size = s.text.size();
    src.readable = true;
    src.parse = true;
    sources.push_back(std::move(src));
  }
  std::vector<FileScan> scans;
  for (const SourceFile& s : sources) scans.push_back(scan_file(s));
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  FileContext ctx{&dialect, &cfg};
  Parser parser;
  std::vector<FileFacts> out;
  for (size_t i = 0; i < sources.size(); ++i)
    out.push_back(analyze_file(sources[i], scans[i], ctx, parser));
  return out;
}

FileFacts analyze_one(const std::string& text, const std::string& path = "t.c") {
  return std::move(analyze({{path, text}})[0]);
}

std::vector<std::string> function_names(const FileFacts& f) {
  std::vector<std::string> out;
  for (const Function& fn : f.functions) out.push_back(fn.name);
  return out;
}

const Function* find_function(const FileFacts& f, const std::string& name) {
  for (const Function& fn : f.functions)
    if (fn.name == name) return &fn;
  return nullptr;
}

const Declaration* find_declaration(const FileFacts& f, const std::string& name) {
  for (const Declaration& d : f.declarations)
    if (d.name == name) return &d;
  return nullptr;
}

const DataItem* find_data(const FileFacts& f, const std::string& name) {
  for (const DataItem& d : f.data)
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<std::string> annotation_names(std::span<const Annotation> as) {
  std::vector<std::string> out;
  for (const Annotation& a : as) out.push_back(a.name);
  return out;
}

using Names = std::vector<std::string>;

// ---- function names and positions ---------------------------------------------------------------

TEST(Extract, CFunctionAfterSalAndDeclspec) {
  FileFacts f = analyze_one(
      "_IRQL_requires_max_(PASSIVE_LEVEL)\n"              // 1
      "NTSTATUS\n"                                        // 2
      "__declspec(code_seg(\"PAGE\"))\n"                  // 3
      "Plain(_In_ PDEVICE_OBJECT Dev, _In_ ULONG Len)\n"  // 4
      "{\n"                                               // 5
      "    PAGED_CODE();\n"                               // 6
      "    return 0;\n"                                   // 7
      "}\n");                                             // 8
  ASSERT_EQ(function_names(f), (Names{"Plain"}));
  const Function& fn = f.functions[0];
  EXPECT_EQ(fn.name_pos.line, 4u);
  EXPECT_EQ(fn.name_pos.col, 1u);
  EXPECT_EQ(fn.name_pos.offset, f.functions[0].name_pos.offset);
  EXPECT_EQ(fn.pos.line, 2u) << "the definition starts after its first annotation";
  EXPECT_EQ(fn.body_pos.line, 5u);
  EXPECT_EQ(fn.body_pos.col, 1u);
  EXPECT_EQ(fn.end_line, 8u);
  EXPECT_FALSE(fn.is_inline);
  EXPECT_FALSE(fn.header_error);
  EXPECT_FALSE(fn.body_error);
  EXPECT_EQ(fn.parameters, (Names{"Dev", "Len"}));
  ASSERT_EQ(annotation_names(fn.annotations), (Names{"_IRQL_requires_max_", "__declspec"}));
  EXPECT_EQ(fn.annotations[0].args, "PASSIVE_LEVEL");
  EXPECT_EQ(fn.annotations[0].pos.line, 1u);
  EXPECT_EQ(fn.annotations[1].args, "code_seg(\"PAGE\")");
  EXPECT_EQ(fn.annotations[1].pos.line, 3u);
  EXPECT_EQ(f.parse.error_nodes, 0u);
}

TEST(Extract, NamePositionIsTheNameItself) {
  const std::string src = "static NTSTATUS  Spaced ( int a ) { return a; }\n";
  FileFacts f = analyze_one(src);
  ASSERT_EQ(f.functions.size(), 1u);
  EXPECT_EQ(f.functions[0].name_pos.offset, src.find("Spaced"));
  EXPECT_EQ(f.functions[0].name_pos.col, src.find("Spaced") + 1);
  EXPECT_EQ(f.functions[0].body_pos.offset, src.find('{'));
}

TEST(Extract, CppMethodsInClassAndOutOfClass) {
  FileFacts f = analyze_one(
      "class CDev {\n"
      "public:\n"
      "    NTSTATUS InClass(ULONG x) { return x; }\n"
      "    NTSTATUS OutOfClass(ULONG x);\n"
      "    _IRQL_requires_max_(DISPATCH_LEVEL) VOID Proto(VOID);\n"
      "};\n"
      "\n"
      "NTSTATUS CDev::OutOfClass(ULONG x) { return x; }\n",
      "dev.cpp");
  ASSERT_EQ(function_names(f), (Names{"CDev::InClass", "CDev::OutOfClass"}));
  EXPECT_EQ(f.functions[0].enclosing_class, "CDev");
  EXPECT_EQ(f.functions[0].name_pos.line, 3u);
  EXPECT_EQ(f.functions[0].name_pos.col, 14u);
  EXPECT_EQ(f.functions[1].enclosing_class, "");
  EXPECT_EQ(f.functions[1].name_pos.line, 8u);
  EXPECT_EQ(f.functions[1].name_pos.col, 10u) << "the qualified name starts at the class";
  // The in-class prototypes are declarations with their annotations.
  const Declaration* proto = find_declaration(f, "CDev::Proto");
  ASSERT_NE(proto, nullptr);
  EXPECT_TRUE(proto->is_function);
  EXPECT_EQ(annotation_names(proto->annotations), (Names{"_IRQL_requires_max_"}));
  ASSERT_NE(find_declaration(f, "CDev::OutOfClass"), nullptr);
  EXPECT_TRUE(find_declaration(f, "CDev::OutOfClass")->annotations.empty());
}

TEST(Extract, ExternCBlocksAndNamespaces) {
  FileFacts f = analyze_one(
      "extern \"C\" {\n"
      "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) { return 0; "
      "}\n"
      "}\n"
      "extern \"C\" NTSTATUS Single(void) { return 0; }\n"
      "namespace drv {\n"
      "void InNamespace() { }\n"
      "namespace inner { void Deeper() { } }\n"
      "class C { void M() { } };\n"
      "}\n",
      "ns.cpp");
  // Names are as declared: namespaces are not part of them; a class is.
  EXPECT_EQ(function_names(f), (Names{"DriverEntry", "Single", "InNamespace", "Deeper", "C::M"}));
  EXPECT_EQ(f.functions[0].parameters, (Names{"DriverObject", "RegistryPath"}));
  EXPECT_EQ(f.parse.error_nodes, 0u);
}

// A class nested in a class is entered through a field declaration; its inline methods are found.
TEST(Extract, MethodsOfANestedClass) {
  FileFacts f = analyze_one(
      "struct Outer {\n"
      "  struct Inner {\n"
      "    void M() { }\n"
      "  };\n"
      "  void N() { }\n"
      "};\n",
      "nested.cpp");
  EXPECT_NE(find_function(f, "Inner::M"), nullptr) << ::testing::PrintToString(function_names(f));
  EXPECT_NE(find_function(f, "Outer::N"), nullptr);
}

TEST(Extract, InlineSpellings) {
  FileFacts f = analyze_one(
      "FORCEINLINE VOID Fi(VOID) { }\n"
      "__inline VOID In2(VOID) { }\n"
      "inline VOID In3(VOID) { }\n"
      "static __forceinline VOID In4(VOID) { }\n"
      "VOID NotInline(VOID) { }\n",
      "inl.cpp");
  ASSERT_EQ(function_names(f), (Names{"Fi", "In2", "In3", "In4", "NotInline"}));
  EXPECT_TRUE(f.functions[0].is_inline);
  EXPECT_TRUE(f.functions[1].is_inline);
  EXPECT_TRUE(f.functions[2].is_inline);
  EXPECT_TRUE(f.functions[3].is_inline);
  EXPECT_FALSE(f.functions[4].is_inline);
  // In C too.
  FileFacts c = analyze_one(
      "__inline int CInline(void) { return 1; }\nFORCEINLINE int CForce(void) { return 2; }\n");
  ASSERT_EQ(function_names(c), (Names{"CInline", "CForce"}));
  EXPECT_TRUE(c.functions[0].is_inline);
  EXPECT_TRUE(c.functions[1].is_inline);
}

TEST(Extract, AnnotationsAttachToTheirOwnDeclarationOnly) {
  FileFacts f = analyze_one(
      "_IRQL_requires_(DISPATCH_LEVEL)\n"
      "VOID First(VOID) { }\n"
      "VOID Second(VOID) { }\n"
      "_IRQL_requires_max_(APC_LEVEL) VOID Proto(VOID);\n"
      "VOID Third(VOID) { }\n"
      "_IRQL_raises_(DISPATCH_LEVEL)\n"
      "_IRQL_saves_global_(OldIrql, *Irql)\n"
      "VOID Fourth(PKIRQL Irql) { }\n");
  ASSERT_EQ(function_names(f), (Names{"First", "Second", "Third", "Fourth"}));
  ASSERT_EQ(annotation_names(f.functions[0].annotations), (Names{"_IRQL_requires_"}));
  EXPECT_EQ(f.functions[0].annotations[0].args, "DISPATCH_LEVEL");
  EXPECT_TRUE(f.functions[1].annotations.empty()) << "the previous definition's annotation";
  EXPECT_TRUE(f.functions[2].annotations.empty()) << "the prototype's annotation";
  EXPECT_EQ(annotation_names(f.functions[3].annotations),
            (Names{"_IRQL_raises_", "_IRQL_saves_global_"}));
  const Declaration* proto = find_declaration(f, "Proto");
  ASSERT_NE(proto, nullptr);
  ASSERT_EQ(annotation_names(proto->annotations), (Names{"_IRQL_requires_max_"}));
  EXPECT_EQ(proto->annotations[0].args, "APC_LEVEL");
}

// ---- declarations and data ----------------------------------------------------------------------

TEST(Extract, RoleTypedefDeclarationsAndPrototypes) {
  FileFacts f = analyze_one(
      "DRIVER_DISPATCH DispatchCreate, DispatchClose;\n"
      "_IRQL_requires_max_(DISPATCH_LEVEL)\n"
      "NTSTATUS Proto(_In_ PDEVICE_OBJECT Dev, _Inout_ PIRP Irp);\n"
      "NTSTATUS NoSal(int a);\n"
      "EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;\n");
  const Declaration* create = find_declaration(f, "DispatchCreate");
  const Declaration* close = find_declaration(f, "DispatchClose");
  ASSERT_NE(create, nullptr);
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(create->type, "DRIVER_DISPATCH");
  EXPECT_EQ(close->type, "DRIVER_DISPATCH");
  EXPECT_FALSE(create->is_function);
  EXPECT_EQ(create->pos.line, 1u);
  EXPECT_EQ(create->pos.col, 17u);
  EXPECT_EQ(close->pos.col, 33u);
  const Declaration* proto = find_declaration(f, "Proto");
  ASSERT_NE(proto, nullptr);
  EXPECT_TRUE(proto->is_function);
  EXPECT_EQ(proto->type, "");
  EXPECT_EQ(proto->pos.line, 3u);
  EXPECT_EQ(annotation_names(proto->annotations), (Names{"_IRQL_requires_max_"}));
  const Declaration* nosal = find_declaration(f, "NoSal");
  ASSERT_NE(nosal, nullptr);
  EXPECT_TRUE(nosal->is_function);
  EXPECT_TRUE(nosal->annotations.empty());
  ASSERT_NE(find_declaration(f, "EvtDeviceAdd"), nullptr);
  EXPECT_EQ(find_declaration(f, "EvtDeviceAdd")->type, "EVT_WDF_DRIVER_DEVICE_ADD");
  EXPECT_TRUE(f.functions.empty());
}

TEST(Extract, DataItems) {
  FileFacts f = analyze_one(
      "int Initialized = 5;\n"
      "const int Constant = 7;\n"
      "extern int External;\n"
      "static ULONG Plain;\n"
      "__declspec(allocate(\"PAGEDATA\")) UCHAR Buffer[16] = {0};\n"
      "int *Pointer, Array[4];\n"
      "void Function(void) { int Local = 1; }\n");
  auto check = [&](const char* name, bool init, bool is_const, bool is_extern, uint32_t line) {
    const DataItem* d = find_data(f, name);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->initialized, init) << name;
    EXPECT_EQ(d->is_const, is_const) << name;
    EXPECT_EQ(d->is_extern, is_extern) << name;
    EXPECT_EQ(d->pos.line, line) << name;
  };
  check("Initialized", true, false, false, 1);
  check("Constant", true, true, false, 2);
  check("External", false, false, true, 3);
  check("Plain", false, false, false, 4);
  check("Buffer", true, false, false, 5);
  check("Pointer", false, false, false, 6);
  check("Array", false, false, false, 6);
  EXPECT_EQ(find_data(f, "Initialized")->type, "int");
  EXPECT_EQ(find_data(f, "Plain")->type, "ULONG");
  EXPECT_EQ(annotation_names(find_data(f, "Buffer")->annotations), (Names{"__declspec"}));
  EXPECT_EQ(find_data(f, "Buffer")->annotations[0].args, "allocate(\"PAGEDATA\")");
  EXPECT_EQ(find_data(f, "Local"), nullptr) << "locals are not global data";
}

// ---- body facts ---------------------------------------------------------------------------------

TEST(Extract, CallsWithArgumentTexts) {
  FileFacts f = analyze_one(
      "void F(PDEVICE_EXTENSION Ext, int n)\n"
      "{\n"
      "    Foo(n /* count */, Bar(1),\n"
      "        Ext->Lock,   // the lock\n"
      "        a  +   b);\n"
      "    Ext->Ops->Start(Ext);\n"
      "    Empty();\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  const Function& fn = f.functions[0];
  ASSERT_EQ(fn.calls.size(), 4u);
  // Innermost first: Bar runs before Foo.
  EXPECT_EQ(fn.calls[0].callee, "Bar");
  EXPECT_EQ(fn.calls[0].args, (Names{"1"}));
  EXPECT_EQ(fn.calls[1].callee, "Foo");
  EXPECT_EQ(fn.calls[1].args, (Names{"n", "Bar(1)", "Ext->Lock", "a + b"}))
      << "comments are not arguments";
  EXPECT_EQ(fn.calls[1].pos.line, 3u);
  EXPECT_EQ(fn.calls[1].pos.col, 5u);
  EXPECT_EQ(fn.calls[2].callee, "Ext->Ops->Start");
  EXPECT_EQ(fn.calls[2].args, (Names{"Ext"}));
  EXPECT_EQ(fn.calls[3].callee, "Empty");
  EXPECT_TRUE(fn.calls[3].args.empty());
}

TEST(Extract, PagedCodeSitesAreNotCalls) {
  FileFacts f = analyze_one(
      "void F(int a)\n"
      "{\n"
      "    PAGED_CODE();\n"
      "    if (a) { PAGED_CODE_LOCKED(); }\n"
      "}\n"
      "void G(void) { Work(); }\n");
  ASSERT_EQ(f.functions.size(), 2u);
  const Function& fn = f.functions[0];
  ASSERT_EQ(fn.paged_code.size(), 2u);
  EXPECT_EQ(fn.paged_code[0].macro, "PAGED_CODE");
  EXPECT_EQ(fn.paged_code[0].pos.line, 3u);
  EXPECT_EQ(fn.paged_code[0].pos.col, 5u);
  EXPECT_EQ(fn.paged_code[1].macro, "PAGED_CODE_LOCKED");
  EXPECT_EQ(fn.paged_code[1].pos.line, 4u);
  EXPECT_TRUE(fn.calls.empty());
  EXPECT_TRUE(f.functions[1].paged_code.empty());
}

TEST(Extract, FirstConditional) {
  FileFacts f = analyze_one(
      "void None(int a) { a = 1; }\n"                           // 1
      "void IfFirst(int a) {\n"                                 // 2
      "    Work();\n"                                           // 3
      "    if (a) a = 2;\n"                                     // 4
      "    while (a) a--;\n"                                    // 5
      "}\n"                                                     // 6
      "void Loop(int a) { for (;;) { } }\n"                     // 7
      "void Sw(int a) { Work(); switch (a) { default: ; } }\n"  // 8
      "void Tern(int a) {\n"                                    // 9
      "    a ? Work() : Rest();\n"                              // 10
      "}\n"                                                     // 11
      "void DoLoop(int a) { do { a--; } while (a); }\n");       // 12
  ASSERT_EQ(function_names(f), (Names{"None", "IfFirst", "Loop", "Sw", "Tern", "DoLoop"}));
  EXPECT_EQ(f.functions[0].first_conditional.line, 0u);
  EXPECT_EQ(f.functions[1].first_conditional.line, 4u);
  EXPECT_EQ(f.functions[1].first_conditional.col, 5u);
  EXPECT_EQ(f.functions[2].first_conditional.line, 7u);
  EXPECT_EQ(f.functions[2].first_conditional.col, 20u);
  EXPECT_EQ(f.functions[3].first_conditional.col, 26u);
  EXPECT_EQ(f.functions[4].first_conditional.line, 10u);
  EXPECT_EQ(f.functions[5].first_conditional.line, 12u);
  EXPECT_EQ(f.functions[5].first_conditional.col, 22u);
}

// The SAL of a parameter that receives the current IRQL, in each spelling, inline in a class too.
TEST(Extract, ParameterThatSavesTheIrql) {
  FileFacts f = analyze_one(
      "class Q {\n"
      "public:\n"
      "  VOID Lock(__out __drv_deref(__drv_savesIRQL) PKIRQL Irql) { m_L.Acquire(Irql); }\n"
      "};\n"
      "VOID Raise(PVOID Ctx, _Out_ _At_(*Old, _IRQL_saves_) PKIRQL Old) { }\n"
      "VOID Keep(PVOID Ctx, __drv_savesIRQL KIRQL* Old) { }\n"
      "VOID Plain(PVOID Ctx, PKIRQL Old) { }\n"
      "VOID Other(PKIRQL Mine, _At_(*Mine, _IRQL_saves_) PKIRQL Old) { }\n",
      "t.cpp");
  ASSERT_EQ(f.functions.size(), 5u);
  EXPECT_EQ(f.functions[0].saves_irql_parameter, 0);
  EXPECT_EQ(f.functions[1].saves_irql_parameter, 1);
  EXPECT_EQ(f.functions[2].saves_irql_parameter, 1);
  EXPECT_EQ(f.functions[3].saves_irql_parameter, -1);
  EXPECT_EQ(f.functions[4].saves_irql_parameter, -1);  // _At_ about another parameter's target
}

TEST(Extract, Assignments) {
  FileFacts f = analyze_one(
      "void Reg(PDRIVER_OBJECT DriverObject, PDEVICE_EXTENSION Ext)\n"
      "{\n"
      "    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate;\n"
      "    DriverObject -> MajorFunction [ IRP_MJ_CLOSE ]  =  DispatchClose;\n"
      "    a[IRP_MJ_READ] = a[IRP_MJ_WRITE] = DispatchRw;\n"
      "    Ext->Flags |= DO_BUFFERED_IO;\n"
      "    config.EvtDeviceD0Entry = EvtD0Entry;\n"
      "    PVOID p = (PVOID)   Ext;\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  const auto& as = f.functions[0].assignments;
  ASSERT_EQ(as.size(), 7u);
  EXPECT_EQ(as[0].lhs, "DriverObject->MajorFunction[IRP_MJ_CREATE]");
  EXPECT_EQ(as[0].op, "=");
  EXPECT_EQ(as[0].rhs, "DispatchCreate");
  EXPECT_EQ(as[0].pos.line, 3u);
  EXPECT_EQ(as[0].pos.col, 5u);
  EXPECT_EQ(as[1].lhs, "DriverObject->MajorFunction[IRP_MJ_CLOSE]") << "white space removed";
  EXPECT_EQ(as[1].rhs, "DispatchClose");
  // Chained: the inner assignment first (it runs first), then the outer with the whole right side.
  EXPECT_EQ(as[2].lhs, "a[IRP_MJ_WRITE]");
  EXPECT_EQ(as[2].rhs, "DispatchRw");
  EXPECT_EQ(as[3].lhs, "a[IRP_MJ_READ]");
  EXPECT_EQ(as[3].rhs, "a[IRP_MJ_WRITE] = DispatchRw");
  EXPECT_EQ(as[4].lhs, "Ext->Flags");
  EXPECT_EQ(as[4].op, "|=");
  EXPECT_EQ(as[4].rhs, "DO_BUFFERED_IO");
  EXPECT_EQ(as[5].lhs, "config.EvtDeviceD0Entry");
  EXPECT_EQ(as[5].rhs, "EvtD0Entry");
  EXPECT_EQ(as[6].lhs, "p") << "an initialized local is an assignment too";
  EXPECT_EQ(as[6].rhs, "(PVOID) Ext");
}

TEST(Extract, LocalsWithConstructorArguments) {
  FileFacts f = analyze_one(
      "void F(PDEVICE_EXTENSION Ext)\n"
      "{\n"
      "    KLOCK_QUEUE_HANDLE h;\n"
      "    CAutoLock guard(&Ext->Lock, /* why */ TRUE);\n"
      "    CSpinGuard braced{Ext->SpinLock};\n"
      "    int a = 1, *b;\n"
      "}\n",
      "locals.cpp");
  ASSERT_EQ(f.functions.size(), 1u);
  const auto& ls = f.functions[0].locals;
  ASSERT_EQ(ls.size(), 5u);
  EXPECT_EQ(ls[0].type, "KLOCK_QUEUE_HANDLE");
  EXPECT_EQ(ls[0].name, "h");
  EXPECT_TRUE(ls[0].args.empty());
  EXPECT_EQ(ls[0].pos.line, 3u);
  EXPECT_EQ(ls[0].pos.col, 24u);
  EXPECT_EQ(ls[1].type, "CAutoLock");
  EXPECT_EQ(ls[1].name, "guard");
  EXPECT_EQ(ls[1].args, (Names{"&Ext->Lock", "TRUE"}));
  EXPECT_EQ(ls[2].type, "CSpinGuard");
  EXPECT_EQ(ls[2].args, (Names{"Ext->SpinLock"}));
  EXPECT_EQ(ls[3].name, "a");
  EXPECT_EQ(ls[4].name, "b");
  EXPECT_EQ(ls[4].type, "int");
}

// ---- statement steps ----------------------------------------------------------------------------

using K = Step::Kind;
using R = Step::Role;

struct ExpectedStep {
  K kind;
  R role;
  uint32_t end;
};

void expect_steps(const Function& fn, const std::vector<ExpectedStep>& want) {
  ASSERT_EQ(fn.steps.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(static_cast<int>(fn.steps[i].kind), static_cast<int>(want[i].kind)) << "step " << i;
    EXPECT_EQ(static_cast<int>(fn.steps[i].role), static_cast<int>(want[i].role)) << "step " << i;
    EXPECT_EQ(fn.steps[i].end, want[i].end) << "step " << i;
  }
  // Well nested: every step ends after itself and within its parent.
  for (size_t i = 0; i < fn.steps.size(); ++i) {
    EXPECT_GT(fn.steps[i].end, i);
    EXPECT_LE(fn.steps[i].end, fn.steps.size());
  }
}

TEST(ExtractSteps, IfElse) {
  FileFacts f = analyze_one(
      "void F(int n)\n"
      "{\n"
      "    if (Check(n)) {\n"
      "        A();\n"
      "    } else {\n"
      "        B();\n"
      "    }\n"
      "    C();\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  const Function& fn = f.functions[0];
  expect_steps(fn, {
                       {K::Block, R::Plain, 10},  // 0 body
                       {K::If, R::Plain, 9},      // 1
                       {K::Block, R::Cond, 4},    // 2
                       {K::Call, R::Plain, 4},    // 3 Check
                       {K::Block, R::Then, 6},    // 4
                       {K::Call, R::Plain, 6},    // 5 A
                       {K::Block, R::Else, 9},    // 6 else clause
                       {K::Block, R::Plain, 9},   // 7 its braces
                       {K::Call, R::Plain, 9},    // 8 B
                       {K::Call, R::Plain, 10},   // 9 C
                   });
  EXPECT_EQ(fn.calls[fn.steps[3].ref].callee, "Check");
  EXPECT_EQ(fn.calls[fn.steps[5].ref].callee, "A");
  EXPECT_EQ(fn.calls[fn.steps[8].ref].callee, "B");
  EXPECT_EQ(fn.calls[fn.steps[9].ref].callee, "C");
  EXPECT_EQ(fn.steps[1].pos.line, 3u);
}

TEST(ExtractSteps, LoopWithBreakAndContinue) {
  FileFacts f = analyze_one(
      "void F(int n)\n"
      "{\n"
      "    while (More(n)) {\n"
      "        if (n == 3) break;\n"
      "        if (n == 4) continue;\n"
      "        Work(n);\n"
      "    }\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  const Function& fn = f.functions[0];
  expect_steps(fn, {
                       {K::Block, R::Plain, 14},     // 0
                       {K::Loop, R::Plain, 14},      // 1
                       {K::Block, R::Header, 4},     // 2 (More(n))
                       {K::Call, R::Plain, 4},       // 3 More
                       {K::Block, R::LoopBody, 14},  // 4
                       {K::If, R::Plain, 9},         // 5
                       {K::Block, R::Cond, 7},       // 6
                       {K::Block, R::Then, 9},       // 7
                       {K::Break, R::Plain, 9},      // 8 (its node is the Then block's too)
                       {K::If, R::Plain, 13},        // 9
                       {K::Block, R::Cond, 11},      // 10
                       {K::Block, R::Then, 13},      // 11
                       {K::Continue, R::Plain, 13},  // 12
                       {K::Call, R::Plain, 14},      // 13 Work
                   });
}

TEST(ExtractSteps, SwitchWithCases) {
  FileFacts f = analyze_one(
      "void F(int n)\n"
      "{\n"
      "    switch (n) {\n"
      "    case 1:\n"
      "        One();\n"
      "        break;\n"
      "    default:\n"
      "        Other();\n"
      "    }\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  const Function& fn = f.functions[0];
  expect_steps(fn, {
                       {K::Block, R::Plain, 9},       // 0
                       {K::Switch, R::Plain, 9},      // 1
                       {K::Block, R::Cond, 3},        // 2
                       {K::Block, R::SwitchBody, 9},  // 3
                       {K::Case, R::Plain, 7},        // 4 case 1
                       {K::Call, R::Plain, 6},        // 5 One
                       {K::Break, R::Plain, 7},       // 6
                       {K::Case, R::Plain, 9},        // 7 default
                       {K::Call, R::Plain, 9},        // 8 Other
                   });
  EXPECT_EQ(fn.steps[4].pos.line, 4u);
  EXPECT_EQ(fn.steps[7].pos.line, 7u);
}

TEST(ExtractSteps, GotoLabelAndReturn) {
  FileFacts f = analyze_one(
      "int F(int n)\n"
      "{\n"
      "    if (n) goto fail;\n"
      "    Work();\n"
      "fail:\n"
      "    Cleanup();\n"
      "    return Final(n);\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  const Function& fn = f.functions[0];
  expect_steps(fn, {
                       {K::Block, R::Plain, 10},   // 0
                       {K::If, R::Plain, 5},       // 1
                       {K::Block, R::Cond, 3},     // 2 (n): nothing in it
                       {K::Block, R::Then, 5},     // 3
                       {K::Goto, R::Plain, 5},     // 4
                       {K::Call, R::Plain, 6},     // 5 Work
                       {K::Label, R::Plain, 8},    // 6 fail: holds the statement it labels
                       {K::Call, R::Plain, 8},     // 7 Cleanup
                       {K::Return, R::Plain, 10},  // 8
                       {K::Call, R::Plain, 10},    // 9 Final
                   });
  ASSERT_EQ(fn.labels, (Names{"fail"}));
  EXPECT_EQ(fn.steps[4].ref, 0u);
  EXPECT_EQ(fn.steps[6].ref, 0u);
  EXPECT_EQ(fn.steps[6].pos.line, 5u);
}

TEST(ExtractSteps, LambdaAndSeh) {
  FileFacts f = analyze_one(
      "void F(int n)\n"
      "{\n"
      "    auto fn = [&](int x) { Inner(x); };\n"
      "    __try {\n"
      "        Risky();\n"
      "    } __except (EXCEPTION_EXECUTE_HANDLER) {\n"
      "        Handle();\n"
      "    }\n"
      "}\n",
      "seh.cpp");
  ASSERT_EQ(f.functions.size(), 1u);
  const Function& fn = f.functions[0];
  expect_steps(fn, {
                       {K::Block, R::Plain, 12},    // 0
                       {K::Lambda, R::Plain, 4},    // 1
                       {K::Block, R::Plain, 4},     // 2 the lambda's body
                       {K::Call, R::Plain, 4},      // 3 Inner
                       {K::Assign, R::Plain, 5},    // 4 fn = [&]...
                       {K::Local, R::Plain, 6},     // 5 fn
                       {K::Try, R::Plain, 12},      // 6
                       {K::Block, R::TryBody, 9},   // 7
                       {K::Call, R::Plain, 9},      // 8 Risky
                       {K::Block, R::Handler, 12},  // 9 __except (...)
                       {K::Block, R::Plain, 12},    // 10 its braces
                       {K::Call, R::Plain, 12},     // 11 Handle
                   });
  EXPECT_EQ(fn.calls[fn.steps[3].ref].callee, "Inner");
  EXPECT_EQ(fn.locals[fn.steps[5].ref].name, "fn");
}

// ---- conditions and inactive code ---------------------------------------------------------------

TEST(Extract, UndefinedBranchFactsAreDropped) {
  const std::string src =
      "#ifdef DBG\n"
      "void Checked(void) { }\n"
      "int CheckedData = 1;\n"
      "#else\n"
      "void Free(void) { }\n"
      "#endif\n";
  ConditionConfig none;
  EXPECT_EQ(function_names(analyze({{"c.c", src}}, none)[0]), (Names{"Checked", "Free"}));
  ConditionConfig dbg;
  dbg.defined["DBG"] = "1";
  FileFacts with = std::move(analyze({{"c.c", src}}, dbg)[0]);
  EXPECT_EQ(function_names(with), (Names{"Checked"}));
  EXPECT_NE(find_data(with, "CheckedData"), nullptr);
  ConditionConfig nodbg;
  nodbg.undefined.insert("DBG");
  FileFacts without = std::move(analyze({{"c.c", src}}, nodbg)[0]);
  EXPECT_EQ(function_names(without), (Names{"Free"}));
  EXPECT_EQ(find_data(without, "CheckedData"), nullptr);
}

// Inside a body too, a branch the build switches off is not compiled: its calls, assignments and
// name uses are no facts; the branch that stays, and the code around, are.
TEST(Extract, StatementsInSwitchedOffBranchesOfABodyAreDropped) {
  const std::string src =
      "void Trace(void)\n"
      "{\n"
      "    Before();\n"
      "#if DBG\n"
      "    ZwClose(h);\n"
      "    g_Count = 1;\n"
      "#else\n"
      "    Release();\n"
      "#endif\n"
      "#if 0\n"
      "    if (x) { Never(); }\n"
      "#endif\n"
      "    After();\n"
      "}\n";
  auto callees = [](const FileFacts& f) {
    Names out;
    for (const Call& c : f.functions.at(0).calls) out.push_back(c.callee);
    return out;
  };
  ConditionConfig release;
  release.defined["DBG"] = "0";
  FileFacts off = std::move(analyze({{"c.c", src}}, release)[0]);
  EXPECT_EQ(callees(off), (Names{"Before", "Release", "After"}));
  EXPECT_TRUE(off.functions.at(0).assignments.empty());
  ConditionConfig unknown;
  FileFacts both = std::move(analyze({{"c.c", src}}, unknown)[0]);
  EXPECT_EQ(callees(both), (Names{"Before", "ZwClose", "Release", "After"}));
}

TEST(Extract, SuppressionComments) {
  FileFacts f = analyze_one(
      "void A(void) { }  // pagewise: ignore[paged-code/missing] reason\n"
      "/* pagewise: ignore[resident/irql, resident/spin-lock] two */\n"
      "// pagewise: ignore\n"
      "char *s = \"pagewise: ignore[not-a-comment]\";\n");
  ASSERT_EQ(f.suppressions.size(), 3u);
  EXPECT_EQ(f.suppressions[0].line, 1u);
  EXPECT_EQ(f.suppressions[0].rules, (Names{"paged-code/missing"}));
  EXPECT_EQ(f.suppressions[0].reason, "reason");
  EXPECT_EQ(f.suppressions[1].reason, "two") << "the comment's closing */ is not part of it";
  EXPECT_EQ(f.suppressions[1].line, 2u);
  EXPECT_EQ(f.suppressions[1].rules, (Names{"resident/irql", "resident/spin-lock"}));
  EXPECT_EQ(f.suppressions[2].line, 3u);
  EXPECT_TRUE(f.suppressions[2].rules.empty()) << "malformed: no rule list";
}

TEST(Extract, CodeAnalysisWarningPragmas) {
  FileFacts f = analyze_one(
      "#pragma warning(push)\n"                                                      // 1
      "#pragma warning(disable: 28170 28172; once: 4385)\n"                          // 2
      "#pragma warning(suppress: 28171, justification: \"locked by the caller\")\n"  // 3
      "\n"                                                                           // 4
      "// a comment\n"                                                               // 5
      "int f(int a,\n"                                                               // 6
      "      int b);\n"                                                              // 7
      "#pragma warning(default: 28170)\n"                                            // 8
      "#pragma warning(pop)\n"                                                       // 9
      "#if 0\n"
      "#pragma warning(disable: 28171)\n"
      "#endif\n");
  using A = WarningPragma::Action;
  ASSERT_EQ(f.warning_pragmas.size(), 5u);
  EXPECT_EQ(f.warning_pragmas[0].action, A::Push);
  EXPECT_EQ(f.warning_pragmas[1].action, A::Disable);
  EXPECT_EQ(f.warning_pragmas[1].numbers, (std::vector<uint32_t>{28170, 28172}));
  const WarningPragma& s = f.warning_pragmas[2];
  EXPECT_EQ(s.action, A::Suppress);
  EXPECT_EQ(s.numbers, (std::vector<uint32_t>{28171}));
  EXPECT_EQ(s.justification, "locked by the caller");
  EXPECT_EQ(s.first_line, 6u) << "blank and comment lines are skipped";
  EXPECT_EQ(s.last_line, 7u) << "to the end of the declaration";
  EXPECT_EQ(f.warning_pragmas[3].action, A::Default);
  EXPECT_EQ(f.warning_pragmas[4].action, A::Pop);
}

// A call records where its value is stored, and nothing when it is an argument or an operand.
TEST(Extract, CallResultDestination) {
  FileFacts f = analyze_one(
      "void F(PCTX ctx) {\n"
      "  PVOID a = ExAllocatePool2(POOL_FLAG_PAGED, 8, 'x');\n"
      "  ctx->Log = (PUCHAR)ExAllocatePool2(POOL_FLAG_PAGED, 8, 'x');\n"
      "  g = (Make());\n"
      "  h = Other();\n"
      "  Use(Inner());\n"
      "  n += Count();\n"
      "  if (Check() == 0) {}\n"
      "}\n");
  const Function* fn = find_function(f, "F");
  ASSERT_NE(fn, nullptr);
  std::vector<std::pair<std::string, std::string>> got;
  for (const Call& c : fn->calls) got.push_back({c.callee, c.result_to});
  std::vector<std::pair<std::string, std::string>> want = {{"ExAllocatePool2", "a"},
                                                           {"ExAllocatePool2", "ctx->Log"},
                                                           {"Make", "g"},
                                                           {"Other", "h"},
                                                           {"Inner", ""},
                                                           {"Use", ""},
                                                           {"Count", ""},
                                                           {"Check", ""}};
  EXPECT_EQ(got, want);
}

// A brace initializer's top-level elements, in order, comments left out: positional dispatch
// tables register callbacks by position.
TEST(Extract, InitializerElementsInOrder) {
  FileFacts f = analyze_one(
      "const WSK_CLIENT_CONNECTION_DISPATCH D = {\n"
      "    RecvFn,  // receive\n"
      "    NULL,\n"
      "    (PFN_WSK_SEND_BACKLOG_EVENT)BacklogFn\n"
      "};\n"
      "const WSK_CLIENT_DATAGRAM_DISPATCH G = { .WskReceiveFromEvent = FromFn };\n"
      "ULONG Plain = 3;\n");
  const DataItem* d = find_data(f, "D");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->type, "WSK_CLIENT_CONNECTION_DISPATCH");
  EXPECT_EQ(d->initializer_elements,
            (Names{"RecvFn", "NULL", "(PFN_WSK_SEND_BACKLOG_EVENT)BacklogFn"}));
  const DataItem* g = find_data(f, "G");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->initializer_elements, (Names{".WskReceiveFromEvent=FromFn"}));
  const DataItem* plain = find_data(f, "Plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_TRUE(plain->initializer_elements.empty());
}

// How a use reads its value: followed (through casts), passed to a call, or only the value.
TEST(Extract, NameUseAccess) {
  FileFacts f = analyze_one(
      "void F(PEXT ext, PIRP Irp) {\n"
      "  ext->Log[3] = 1;\n"
      "  *(PULONG)Irp->UserBuffer = 2;\n"
      "  ext->Info->Count++;\n"
      "  RtlCopyMemory(x, ((PUCHAR)ext->Config), 4);\n"
      "  Irp->IoStatus.Information = 0;\n"
      "  KeInitializeEvent(&ext->Done, NotificationEvent, FALSE);\n"
      "  return ext->Log;\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  struct Seen {
    std::string name, path;
    NameUse::Access access;
  };
  std::vector<Seen> seen;
  for (const NameUse& u : f.functions[0].uses)
    if (u.field) seen.push_back({f.names[u.name], f.names[u.path], u.access});
  auto find = [&](const std::string& name, size_t nth) -> const Seen* {
    for (const Seen& s : seen)
      if (s.name == name && nth-- == 0) return &s;
    return nullptr;
  };
  using A = NameUse::Access;
  ASSERT_NE(find("Log", 0), nullptr);
  EXPECT_EQ(find("Log", 0)->access, A::Dereference);
  EXPECT_EQ(find("Log", 0)->path, "ext->Log");
  EXPECT_EQ(find("UserBuffer", 0)->access, A::Dereference);
  EXPECT_EQ(find("Info", 0)->access, A::Dereference);
  EXPECT_EQ(find("Count", 0)->access, A::Value);
  EXPECT_EQ(find("Count", 0)->path, "ext->Info->Count");
  EXPECT_EQ(find("Config", 0)->access, A::Argument);
  EXPECT_EQ(find("Information", 0)->access, A::Value);
  EXPECT_EQ(find("IoStatus", 0)->access, A::Dereference);  // `.Information` is inside it
  EXPECT_EQ(find("Log", 1)->access, A::Value);
  EXPECT_EQ(find("Done", 0)->access, A::Argument);
  for (const NameUse& u : f.functions[0].uses)
    if (u.field && f.names[u.name] == "Config") {
      EXPECT_EQ(f.names[u.callee], "RtlCopyMemory");
      EXPECT_EQ(u.argument, 1u);
    }
}

// A local is recorded only where what it points to is touched: `*v`, `v[i]`, handed to a routine
// that reads through it. Its other uses, and every use of a parameter, are not.
TEST(Extract, LocalUsesWhereFollowed) {
  FileFacts f = analyze_one(
      "void F(PULONG Param, PDEVICE_RELATIONS rel) {\n"
      "  PULONG table = Make();\n"
      "  PDEVICE_RELATIONS relations = rel;\n"
      "  table[1] = *Param;\n"
      "  g_Count = *table;\n"
      "  RtlCopyMemory(g_Copy, table, 4);\n"
      "  Consume(table);\n"
      "  if (table != NULL) g_Count = relations->Count;\n"
      "  Param[0] = 0;\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  std::vector<std::pair<uint32_t, NameUse::Access>> table;
  for (const NameUse& u : f.functions[0].uses) {
    if (!u.local) continue;
    EXPECT_EQ(f.names[u.name], "table");  // not relations (its member use stands), nor Param
    table.push_back({u.pos.line, u.access});
  }
  using A = NameUse::Access;
  EXPECT_EQ(table, (std::vector<std::pair<uint32_t, A>>{
                       {4, A::Dereference}, {5, A::Dereference}, {6, A::Argument}}));
  for (const NameUse& u : f.functions[0].uses) {
    if (u.field && f.names[u.name] == "Count") {
      EXPECT_EQ(f.names[u.path], "relations->Count");
    }
  }
}

// The glance at the characters around a local (may_follow_local) lets through every written form
// of a dereference or an argument: casts, parentheses, spaces, a comment before it.
TEST(Extract, LocalUsesFollowedThroughCastsParenthesesAndComments) {
  FileFacts f = analyze_one(
      "void F(void) {\n"
      "  PUCHAR buf = Make();\n"
      "  g_Byte = *(PUCHAR) buf;\n"
      "  g_Byte = (buf)[2];\n"
      "  g_Byte = buf [3];\n"
      "  RtlZeroMemory(/* where */ buf, 4);\n"
      "  RtlZeroMemory((PVOID)buf, 4);\n"
      "  g_Ptr = buf + 1;\n"
      "  g_Ptr = &buf;\n"
      "  return;\n"
      "}\n");
  ASSERT_EQ(f.functions.size(), 1u);
  std::vector<uint32_t> lines;
  for (const NameUse& u : f.functions[0].uses)
    if (u.local) lines.push_back(u.pos.line);
  EXPECT_EQ(lines, (std::vector<uint32_t>{3, 4, 5, 6, 7}));
}

TEST(Extract, StructureFieldNames) {
  FileFacts f = analyze_one(
      "typedef struct _EXT { KSPIN_LOCK Lock; PUCHAR Buffer, *Table; ULONG Counts[4]; } EXT;\n");
  ASSERT_EQ(f.classes.size(), 1u);
  EXPECT_EQ(f.classes[0].field_names,
            (std::vector<std::string>{"Lock", "Buffer", "Table", "Counts"}));
}

}  // namespace
}  // namespace pagewise
