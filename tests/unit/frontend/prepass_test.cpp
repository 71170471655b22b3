// The dialect pre-pass: same-length blanking, what it never touches, what it records, and that
// the constructs of parsing-notes.md §2 parse cleanly once pre-passed.
#include "frontend/prepass.hpp"

#include <gtest/gtest.h>
#include <tree_sitter/api.h>

#include <string>
#include <string_view>

#include "frontend/parser.hpp"

namespace pagewise {
namespace {

std::string prepassed(std::string_view src, Language lang = Language::Cpp) {
  PrepassResult r = prepass(src, Dialect::builtin(), lang);
  EXPECT_EQ(r.text.size(), src.size());
  EXPECT_FALSE(r.changed_length);
  return r.text;
}

std::vector<Annotation> recorded(std::string_view src, const Dialect& d = Dialect::builtin(),
                                 Language lang = Language::Cpp) {
  return prepass(src, d, lang).items;
}

// Every byte is either unchanged or a space, and every newline is where it was.
void expect_only_blanked(std::string_view src, std::string_view out) {
  ASSERT_EQ(src.size(), out.size());
  for (size_t i = 0; i < src.size(); ++i) {
    if (src[i] == '\n') {
      ASSERT_EQ(out[i], '\n') << "newline moved at " << i;
    } else if (out[i] != src[i]) {
      ASSERT_EQ(out[i], ' ') << "byte " << i << " rewritten, not blanked";
    }
  }
}

// ---- offsets and lengths ------------------------------------------------------------------

TEST(Prepass, KeepsLengthNewlinesAndOffsets) {
  const std::string src =
      "_IRQL_requires_max_(DISPATCH_LEVEL)\r\n"
      "NTSTATUS NTAPI F(IN PDEVICE_OBJECT D,\n"
      "                 _In_reads_bytes_(\n"
      "                     Len) PVOID Buf)\n"
      "{ return 0; }\n";
  std::string out = prepassed(src);
  expect_only_blanked(src, out);
  EXPECT_EQ(out.find("NTSTATUS"), src.find("NTSTATUS"));
  EXPECT_EQ(out.find("PVOID Buf"), src.find("PVOID Buf"));
  EXPECT_EQ(out.find("F("), src.find("F("));
}

TEST(Prepass, EmptyInput) {
  PrepassResult r = prepass("", Dialect::builtin(), Language::C);
  EXPECT_TRUE(r.text.empty());
  EXPECT_TRUE(r.items.empty());
  EXPECT_FALSE(r.changed_length);
}

TEST(Prepass, ByteOrderMarkBecomesThreeSpaces) {
  std::string src = "\xEF\xBB\xBF#include \"x.h\"\nIN int x;\n";
  std::string out = prepassed(src);
  // The #include line is blanked like every non-conditional directive.
  EXPECT_EQ(out, std::string(3 + std::string("#include \"x.h\"").size(), ' ') + "\n   int x;\n");
}

TEST(Prepass, ByteOrderMarkKeepsColumnsOfRecordedItems) {
  auto items = recorded("\xEF\xBB\xBF_IRQL_requires_(PASSIVE_LEVEL) void f(void);");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].pos.offset, 3u);
  EXPECT_EQ(items[0].pos.col, 4u);
}

// ---- token classes ------------------------------------------------------------------------

TEST(Prepass, DecorationMacros) {
  EXPECT_EQ(prepassed("VOID NTAPI F(IN PVOID a, OUT PVOID b, IN OPTIONAL PVOID c);"),
            "VOID       F(   PVOID a,     PVOID b,             PVOID c);");
  EXPECT_EQ(prepassed("EXTERN_C NTKERNELAPI VOID FASTCALL G(VOID);"),
            "                     VOID          G(VOID);");
  EXPECT_EQ(prepassed("DECLSPEC_NOINLINE DECLSPEC_NORETURN void h(void);"),
            "                                    void h(void);");
  EXPECT_EQ(prepassed("HRESULT STDMETHODCALLTYPE M(void);"), "HRESULT                   M(void);");
  EXPECT_EQ(prepassed("int _cdecl k(void);"), "int        k(void);");
  EXPECT_EQ(prepassed("NTSTATUS (FLTAPI *Fn)(PVOID);"), "NTSTATUS (       *Fn)(PVOID);");
}

TEST(Prepass, MacrosWithArgumentsAreBlankedWithThem) {
  EXPECT_EQ(prepassed("typedef struct DECLSPEC_ALIGN(16) _S { int a; } S;"),
            "typedef struct                    _S { int a; } S;");
  EXPECT_EQ(prepassed("__declspec(code_seg(\"PAGE\")) void f(void);"),
            "                             void f(void);");
  EXPECT_EQ(prepassed("__pragma(warning(disable:4127)) int x;"),
            "                                int x;");
}

TEST(Prepass, TypeWrappersKeepTheType) {
  EXPECT_EQ(prepassed("STDMETHODIMP_(NTSTATUS) CMiniport::Init(VOID) { return 0; }"),
            "              NTSTATUS  CMiniport::Init(VOID) { return 0; }");
  EXPECT_EQ(prepassed("STDAPI_(ULONG) F(void);"), "        ULONG  F(void);");
  EXPECT_EQ(prepassed("IFACEMETHODIMP_(ULONG) Release();"), "                ULONG  Release();");
  EXPECT_EQ(prepassed("STDMETHODIMP_ x;"), "              x;");
  EXPECT_EQ(prepassed("STDMETHODIMP_(PVOID"), std::string(19, ' '));
}

TEST(Prepass, NativeMsvcKeywordsStay) {
  std::string src =
      "__inline int a(void); __forceinline int b(void); unsigned __int64 c;\n"
      "int __stdcall d(void); int __cdecl e(void); int __fastcall f(void);\n"
      "void g(void) { __try { __leave; } __except(1) { } __try { } __finally { } }\n";
  EXPECT_EQ(prepassed(src, Language::C), src);
  // C++ loses only the calling conventions, which its grammar rejects in class bodies.
  EXPECT_EQ(prepassed(src, Language::Cpp),
            "__inline int a(void); __forceinline int b(void); unsigned __int64 c;\n"
            "int           d(void); int         e(void); int            f(void);\n"
            "void g(void) { __try { __leave; } __except(1) { } __try { } __finally { } }\n");
}

TEST(Prepass, OldStyleAnnotations) {
  EXPECT_EQ(prepassed("void f(__in PVOID a, __out_bcount(n) PUCHAR b, __inout_opt PVOID c);"),
            "void f(     PVOID a,                 PUCHAR b,             PVOID c);");
  EXPECT_EQ(prepassed("__checkReturn NTSTATUS g(__deref_out PVOID* p);"),
            "              NTSTATUS g(            PVOID* p);");
  EXPECT_EQ(prepassed("__drv_aliasesMem __drv_allocatesMem(Mem) PVOID h(void);"),
            "                                         PVOID h(void);");
  EXPECT_EQ(prepassed("HRESULT m(__RPC__in_ecount_full(n) BYTE* p, __RPC__deref_out_opt X** q);"),
            "HRESULT m(                         BYTE* p,                      X** q);");
}

TEST(Prepass, ModernSalByShape) {
  EXPECT_EQ(
      prepassed("_Must_inspect_result_ NTSTATUS F(_In_ PVOID a, _Out_writes_bytes_(n) PUCHAR b);"),
      "                      NTSTATUS F(     PVOID a,                       PUCHAR b);");
  EXPECT_EQ(prepassed("_Success_(return >= 0) _Ret_maybenull_ PVOID G(void);"),
            "                                       PVOID G(void);");
}

TEST(Prepass, NestedSalArgumentsWithStrings) {
  std::string src = "void f(_In_reads_opt_(_Inexpressible_(\"varies)\")) PVOID p);";
  EXPECT_EQ(prepassed(src), "void f(                                           PVOID p);");
  std::string chars = "void g(_When_(x == ')', _In_) PVOID p);";
  EXPECT_EQ(prepassed(chars), "void g(                       PVOID p);");
}

TEST(Prepass, ArgumentsAcrossLines) {
  std::string src = "_IRQL_requires_max_(\n  DISPATCH_LEVEL /* ) */\n)\nvoid f(void);";
  std::string out = prepassed(src);
  EXPECT_EQ(out, std::string(20, ' ') + "\n" + std::string(24, ' ') + "\n \nvoid f(void);");
}

TEST(Prepass, HeaderGuardsAndAllCapsNamesUntouched) {
  std::string src =
      "#ifndef _MYDRIVER_H_\n#define _MYDRIVER_H_\nint _MAX_LEN_ = 1;\n#endif // _MYDRIVER_H_\n";
  // The guard's #ifndef/#endif stay as written; its #define is blanked (read from the scan).
  std::string expected = src;
  size_t def = src.find("#define");
  expected.replace(def, std::string("#define _MYDRIVER_H_").size(), std::string(20, ' '));
  EXPECT_EQ(prepassed(src), expected);
}

TEST(Prepass, WholeIdentifiersOnly) {
  std::string src = "INIT_DATA x; int MIN_VALUE; int INx, xIN, OUTPUT, IN_, _IN; CALLBACKS c;";
  EXPECT_EQ(prepassed(src), src);
  EXPECT_EQ(prepassed("int f(IN int INIT);"), "int f(   int INIT);");
}

TEST(Prepass, CommentsAndStringsUntouched) {
  std::string src =
      "/* IN _In_ __declspec(x) */ const char* s = \"IN _In_ NTAPI\"; // OUT _Out_\n"
      "char c = 'I'; wchar_t* w = L\"IN\"; const char* t = \"esc \\\" IN\";\n"
      "// continued \\\n IN _In_ still a comment\n";
  EXPECT_EQ(prepassed(src), src);
}

TEST(Prepass, RawStringsUntouchedInCpp) {
  std::string src = "const char* r = R\"x(IN \" _In_ )\" NTAPI)x\"; IN int y;";
  std::string out = prepassed(src, Language::Cpp);
  EXPECT_EQ(out.substr(0, src.find("; IN")), src.substr(0, src.find("; IN")));
  EXPECT_EQ(out.substr(src.find("; IN")), ";    int y;");
}

TEST(Prepass, PreprocessorLinesUntouched) {
  std::string src =
      "#define PAGED_CODE_SEG __declspec(code_seg(\"PAGE\"))\n"
      "#define DECL(x) \\\n    _In_ IN x\n"
      "  #  pragma alloc_text(PAGE, _In_)\n"
      "/* c */ #define Y IN\n"
      "IN int z;\n";
  std::string out = prepassed(src);
  // Directives other than conditionals are blanked whole (their facts come from the directive scan
  // of the original text); nothing inside them is touched separately, and the comment before
  // `#define Y` stays.
  std::string expected = src.substr(0, src.find("IN int z"));
  for (size_t k = 0; k < expected.size(); ++k)
    if (expected[k] != '\n') expected[k] = ' ';
  size_t comment = src.find("/* c */");
  expected.replace(comment, 7, "/* c */");
  EXPECT_EQ(out.substr(0, src.find("IN int z")), expected);
  EXPECT_EQ(out.substr(src.find("IN int z")), "   int z;\n");
}

TEST(Prepass, PragmaLinesAreBlankedWithTheirContinuations) {
  std::string src =
      "int a;\n#pragma warning(push) \\\n   more\n#pragma code_seg(\"PAGE\")\nint b;\n";
  std::string out = prepassed(src);
  EXPECT_EQ(out.size(), src.size());
  std::string expected = src;
  for (size_t k = src.find('#'); k < src.find("int b"); ++k)
    if (expected[k] != '\n') expected[k] = ' ';
  EXPECT_EQ(out, expected);
}

TEST(Prepass, SameLengthRewrites) {
  EXPECT_EQ(prepassed("CONST VOID* p; CONSTANT c; MY_CONST d;"),
            "const VOID* p; CONSTANT c; MY_CONST d;");
  EXPECT_EQ(prepassed("#define CONST const\n"), std::string(19, ' ') + "\n");
  // INLINE and _inline become the native keyword, so the function is known to be inline.
  EXPECT_EQ(prepassed("INLINE int f(void); _inline int g(void); INLINED h;"),
            "inline int f(void); inline  int g(void); INLINED h;");
}

TEST(Prepass, SehMacrosBlankedInCOnly) {
  std::string src =
      "void f(void) {\n"
      "  try { g(); } except (EXCEPTION_EXECUTE_HANDLER) { h(); }\n"
      "  try { if (x) leave; } finally { k(); }\n"
      "}\n";
  std::string c = prepassed(src, Language::C);
  EXPECT_EQ(c,
            "void f(void) {\n"
            "      { g(); }                                    { h(); }\n"
            "      { if (x)      ; }         { k(); }\n"
            "}\n");
  EXPECT_EQ(prepassed(src, Language::Cpp), src);
  // Only the keyword uses: a variable named `leave` or a function `except` stays.
  std::string vars = "int leave = 1; int try_count; void except_x(void); int finally = leave + 1;";
  EXPECT_EQ(prepassed(vars, Language::C), vars);
}

TEST(Prepass, StructTagsShapedLikeSalStay) {
  std::string src = "typedef struct _IKsControl_ X; struct DECLSPEC_ALIGN(8) _My_Tag_ { int a; };";
  EXPECT_EQ(prepassed(src),
            "typedef struct _IKsControl_ X; struct                   _My_Tag_ { int a; };");
  EXPECT_EQ(prepassed("struct _Struct_size_bytes_(Size) _X { ULONG Size; };"),
            "struct                           _X { ULONG Size; };");
  EXPECT_EQ(prepassed("enum _Kind_ k; union _U_u_ u; class _C_c_ {};"),
            "enum _Kind_ k; union _U_u_ u; class _C_c_ {};");
}

TEST(Prepass, MemberNamesStay) {
  std::string src = "x = p->_Reserved_ + s.IN + q->OUT;";
  EXPECT_EQ(prepassed(src), src);
}

// ---- what is recorded -----------------------------------------------------------------------

TEST(Prepass, RecordsPlacementRoleIrqlLockAndInline) {
  std::string src =
      "PAGED_CODE_SEG\n"
      "_Use_decl_annotations_\n"
      "_Function_class_(DRIVER_UNLOAD) _IRQL_requires_max_(PASSIVE_LEVEL)\n"
      "_Requires_lock_held_(Ctx->Lock) _Dispatch_type_(IRP_MJ_CREATE)\n"
      "__drv_dispatchType(IRP_MJ_READ) __drv_maxIRQL(APC_LEVEL)\n"
      "__declspec(code_seg(\"PAGE\")) FORCEINLINE VOID F(_In_ PVOID p, _Out_opt_ PULONG q);\n";
  auto items = recorded(src);
  std::vector<std::pair<std::string, std::string>> got;
  for (const Annotation& a : items) got.emplace_back(a.name, a.args);
  std::vector<std::pair<std::string, std::string>> want = {
      {"PAGED_CODE_SEG", ""},
      {"_Use_decl_annotations_", ""},
      {"_Function_class_", "DRIVER_UNLOAD"},
      {"_IRQL_requires_max_", "PASSIVE_LEVEL"},
      {"_Requires_lock_held_", "Ctx->Lock"},
      {"_Dispatch_type_", "IRP_MJ_CREATE"},
      {"__drv_dispatchType", "IRP_MJ_READ"},
      {"__drv_maxIRQL", "APC_LEVEL"},
      {"__declspec", "code_seg(\"PAGE\")"},
      {"FORCEINLINE", ""},
  };
  EXPECT_EQ(got, want);
}

TEST(Prepass, RecordedPositionsAndEnds) {
  std::string src = "int a;\n  _IRQL_requires_(\n PASSIVE_LEVEL ) void f(void);\n";
  auto items = recorded(src);
  ASSERT_EQ(items.size(), 1u);
  const Annotation& a = items[0];
  EXPECT_EQ(a.name, "_IRQL_requires_");
  EXPECT_EQ(a.args, "\n PASSIVE_LEVEL ");
  EXPECT_EQ(a.pos.line, 2u);
  EXPECT_EQ(a.pos.col, 3u);
  EXPECT_EQ(a.pos.offset, src.find("_IRQL"));
  EXPECT_EQ(a.end, src.find(" void f"));
}

TEST(Prepass, ParameterAnnotationsAndDecorationsNotRecorded) {
  EXPECT_TRUE(
      recorded("NTSTATUS NTAPI F(_In_ IN PVOID p, __in ULONG n, _Inout_updates_(n) PUCHAR b);")
          .empty());
}

TEST(Prepass, AllIrqlAndLockAnnotationsRecorded) {
  std::string src =
      "_IRQL_raises_(DISPATCH_LEVEL) _IRQL_saves_global_(OldIrql, *Irql) _IRQL_requires_same_ "
      "_IRQL_restores_ _Acquires_lock_(L) _Releases_exclusive_lock_(R) "
      "_Requires_shared_lock_held_(S) __drv_setsIRQL(1) __drv_sameIRQL __drv_functionClass(X) "
      "void f(void);";
  auto items = recorded(src);
  std::vector<std::string> names;
  for (const Annotation& a : items) names.push_back(a.name);
  std::vector<std::string> want = {"_IRQL_raises_",
                                   "_IRQL_saves_global_",
                                   "_IRQL_requires_same_",
                                   "_IRQL_restores_",
                                   "_Acquires_lock_",
                                   "_Releases_exclusive_lock_",
                                   "_Requires_shared_lock_held_",
                                   "__drv_setsIRQL",
                                   "__drv_sameIRQL",
                                   "__drv_functionClass"};
  EXPECT_EQ(names, want);
  EXPECT_EQ(items[1].args, "OldIrql, *Irql");
}

TEST(Prepass, PragmaOperatorRecorded) {
  auto items = recorded(
      "__pragma(code_seg(push)) __pragma(code_seg(\"PAGE\"))\nvoid f(void) "
      "{}\n__pragma(code_seg(pop))");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].name, "__pragma");
  EXPECT_EQ(items[0].args, "code_seg(push)");
  EXPECT_EQ(items[1].args, "code_seg(\"PAGE\")");
  EXPECT_EQ(items[2].args, "code_seg(pop)");
}

TEST(Prepass, NdisPlacementStatementBlankedAndRecorded) {
  std::string src =
      "NDIS_PAGEABLE_FUNCTION(MyFn)\nNDIS_INIT_FUNCTION(DriverEntry)\nNDIS_PAGABLE_FUNCTION( Other "
      ");\nint x;\n";
  PrepassResult r = prepass(src, Dialect::builtin(), Language::C);
  EXPECT_EQ(r.text, std::string(28, ' ') + "\n" + std::string(31, ' ') + "\n" +
                        std::string(30, ' ') + ";\nint x;\n");
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_EQ(r.items[0].name, "NDIS_PAGEABLE_FUNCTION");
  EXPECT_EQ(r.items[0].args, "MyFn");
  EXPECT_EQ(r.items[1].name, "NDIS_INIT_FUNCTION");
  EXPECT_EQ(r.items[1].args, "DriverEntry");
  EXPECT_EQ(r.items[2].args, " Other ");
}

TEST(Prepass, BuiltinRegionMacrosRecorded) {
  auto items = recorded("PAGED_CODE_SEG_BEGIN\nvoid f(void) {}\nPAGED_CODE_SEG_END\n");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].name, "PAGED_CODE_SEG_BEGIN");
  EXPECT_EQ(items[1].name, "PAGED_CODE_SEG_END");
}

TEST(Prepass, UnitPlacementMacros) {
  Dialect d = Dialect::builtin();
  d.add_placement_macro("MY_PAGED", false);
  d.add_placement_macro("PLACE_IN", true);
  std::string src = "MY_PAGED void f(void) {}\nPLACE_IN(PAGE) void g(void) {}\nMY_PAGEDX y;\n";
  PrepassResult r = prepass(src, d, Language::Cpp);
  EXPECT_EQ(r.text, "         void f(void) {}\n               void g(void) {}\nMY_PAGEDX y;\n");
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].name, "MY_PAGED");
  EXPECT_EQ(r.items[0].args, "");
  EXPECT_EQ(r.items[1].name, "PLACE_IN");
  EXPECT_EQ(r.items[1].args, "PAGE");
  EXPECT_EQ(r.items[1].pos.line, 2u);
  // The built-in table is not changed by a unit's additions.
  EXPECT_TRUE(prepass(src, Dialect::builtin(), Language::Cpp).items.empty());
}

TEST(Prepass, ObjectLikePlacementMacroLeavesFollowingParens) {
  Dialect d = Dialect::builtin();
  d.add_placement_macro("SEG", false);
  EXPECT_EQ(prepass("SEG (x);", d, Language::C).text, "    (x);");
}

TEST(Prepass, UserDecorationMacros) {
  Dialect d = Dialect::builtin();
  d.add_decoration_macro("MYAPI");
  d.add_decoration_macro("MY_ATTR(...)");
  PrepassResult r = prepass("MYAPI MY_ATTR(a, (b)) int f(void); MY_ATTR int g;", d, Language::C);
  EXPECT_EQ(r.text, "                      int f(void);         int g;");
  EXPECT_TRUE(r.items.empty());
}

TEST(Prepass, BodyHasPlacement) {
  EXPECT_TRUE(body_has_placement("__declspec(code_seg(\"PAGE\"))"));
  EXPECT_TRUE(body_has_placement("__pragma(code_seg(push)) __pragma(code_seg(\"PAGE\"))"));
  EXPECT_TRUE(body_has_placement("_Pragma(\"alloc_text(PAGE, f)\")"));
  EXPECT_TRUE(body_has_placement("__declspec(allocate(\"PAGEDATA\"))"));
  EXPECT_TRUE(body_has_placement("__pragma(data_seg(\"PAGEDATA\"))"));
  EXPECT_TRUE(body_has_placement("PAGED_CODE_SEG"));
  EXPECT_FALSE(body_has_placement("__declspec(noinline)"));
  EXPECT_FALSE(body_has_placement("allocate(x)"));
  EXPECT_FALSE(body_has_placement("my_code_segment + 1"));
  EXPECT_FALSE(body_has_placement(""));
}

TEST(Prepass, SalShape) {
  EXPECT_TRUE(is_sal_shaped("_In_"));
  EXPECT_TRUE(is_sal_shaped("_IRQL_requires_max_"));
  EXPECT_TRUE(is_sal_shaped("_Out_writes_bytes_to_opt_"));
  EXPECT_FALSE(is_sal_shaped("_MYDRIVER_H_"));
  EXPECT_FALSE(is_sal_shaped("__in"));
  EXPECT_FALSE(is_sal_shaped("_in_"));
  EXPECT_FALSE(is_sal_shaped("_In"));
  EXPECT_FALSE(is_sal_shaped("__"));
}

// ---- robustness ---------------------------------------------------------------------------

TEST(Prepass, UnterminatedCommentStringAndArguments) {
  for (std::string src :
       {std::string("int a; /* IN never closed"), std::string("char* s = \"IN never closed"),
        std::string("char c = 'IN"), std::string("_In_reads_(n, \"x"),
        std::string("_IRQL_requires_((((("), std::string("__declspec(")}) {
    PrepassResult r = prepass(src, Dialect::builtin(), Language::C);
    EXPECT_EQ(r.text.size(), src.size()) << src;
  }
  PrepassResult r = prepass("_IRQL_requires_(PASSIVE\nint x;", Dialect::builtin(), Language::C);
  EXPECT_EQ(r.text, std::string(23, ' ') + "\n      ");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].args, "PASSIVE\nint x;");
  EXPECT_EQ(r.items[0].end, 30u);
  // An unterminated string ends at its line: the next line is still pre-passed.
  EXPECT_EQ(prepassed("x = \"open;\nIN int y;", Language::C), "x = \"open;\n   int y;");
}

TEST(Prepass, TenThousandNestedParentheses) {
  std::string deep = "_In_reads_(" + std::string(10000, '(') + std::string(10000, ')') + ") int x;";
  EXPECT_EQ(prepassed(deep), std::string(deep.size() - 7, ' ') + " int x;");
  std::string open_only = "_In_reads_" + std::string(10000, '(');
  EXPECT_EQ(prepassed(open_only), std::string(open_only.size(), ' '));
  std::string bare = std::string(10000, '(') + "IN";
  EXPECT_EQ(prepassed(bare), std::string(10000, '(') + "  ");
}

TEST(Prepass, DirectiveAtEndOfFileWithoutNewline) {
  EXPECT_EQ(prepassed("#define X IN \\"), std::string(14, ' '));
  EXPECT_EQ(prepassed("IN\n#"), "  \n ");
}

// ---- pre-passed §2 constructs parse cleanly ---------------------------------------------------

bool parses_cleanly(std::string_view src, Language lang, std::string* tree_out = nullptr) {
  PrepassResult r = prepass(src, Dialect::builtin(), lang);
  Parser parser;
  Tree tree = parser.parse(r.text, lang);
  if (!tree) return false;
  TSNode root = ts_tree_root_node(tree.get());
  if (tree_out) {
    char* s = ts_node_string(root);
    *tree_out = s;
    free(s);
  }
  return !ts_node_has_error(root);
}

struct Construct {
  const char* what;
  const char* code;
};

const Construct kBrokenConstructs[] = {
    {"placement macro then SAL",
     "PAGED_CODE_SEG _Use_decl_annotations_ NTSTATUS F(_In_ PDEVICE_OBJECT D) { return 0; }\n"},
    {"SAL then placement macro",
     "_Use_decl_annotations_ PAGED_CODE_SEG NTSTATUS F(_In_ PDEVICE_OBJECT D) { return 0; }\n"},
    {"placement macro alone", "PAGED_CODE_SEG NTSTATUS F(VOID) { return 0; }\n"},
    {"declspec code_seg",
     "__declspec(code_seg(\"PAGE\")) NTSTATUS F(VOID) { PAGED_CODE(); return 0; }\n"},
    {"function class and IRQL",
     "_Function_class_(DRIVER_UNLOAD) _IRQL_requires_(PASSIVE_LEVEL) VOID F(_In_ PDRIVER_OBJECT D) "
     "{ }\n"},
    {"IRQL annotation on its own line",
     "_IRQL_requires_max_(DISPATCH_LEVEL)\nVOID F(_In_ PVOID Ctx)\n{\n    KeAcquireSpinLock(&L, "
     "&Old);\n}\n"},
    {"two annotation lines",
     "_Must_inspect_result_\n_IRQL_requires_max_(APC_LEVEL)\n_Function_class_(X)\n_Function_class_("
     "Y)\n"
     "NTSTATUS F(VOID)\n{\n    return 0;\n}\n"},
    {"Inexpressible parameter",
     "NTSTATUS F(_In_reads_opt_(_Inexpressible_(\"varies\")) PVOID p) { return 0; }\n"},
    {"lock annotation and old-style params",
     "_Requires_lock_held_(p->Lock)\nVOID F(IN PDEVICE_OBJECT D, IN OUT PIRP Irp, IN PVOID C "
     "OPTIONAL)\n"
     "{\n    UNREFERENCED_PARAMETER(D);\n}\n"},
    {"dispatch role declaration",
     "__drv_dispatchType(IRP_MJ_CREATE) DRIVER_DISPATCH DispatchCreate;\n"},
    {"SAL role declaration", "_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DispatchClose;\n"},
    {"old-style params", "NTSTATUS NTAPI F(IN PDEVICE_OBJECT D, OUT PULONG N) { return 0; }\n"},
    {"FORCEINLINE", "FORCEINLINE ULONG Get(_In_ PCTX c) { return c->v; }\n"},
    {"EXTERN_C DriverEntry",
     "EXTERN_C NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT D, _In_ PUNICODE_STRING R) { return 0; "
     "}\n"},
    {"old-style annotations",
     "__checkReturn NTSTATUS F(__in PVOID a, __out_bcount(n) PUCHAR b, __in ULONG n) { return 0; "
     "}\n"},
    {"NDIS placement statements",
     "NDIS_PAGEABLE_FUNCTION(F)\nNDIS_INIT_FUNCTION(DriverEntry)\nVOID F(VOID) { }\n"},
    {"region macros", "PAGED_CODE_SEG_BEGIN\nVOID F(VOID) { }\nPAGED_CODE_SEG_END\n"},
    {"pragma operator", "__pragma(code_seg(\"PAGE\"))\nVOID F(VOID) { }\n__pragma(code_seg())\n"},
    {"aligned struct", "typedef struct DECLSPEC_ALIGN(16) _CTX { ULONG a; } CTX, *PCTX;\n"},
    {"CONST parameter", "VOID F(_In_ CONST VOID* p) { }\n"},
    {"INLINE and _inline", "INLINE VOID F(VOID) { }\n_inline BOOLEAN G(ULONG n) { return n; }\n"},
    {"KMDF context declaration without ';'",
     "WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)\n"
     "WDF_DECLARE_CONTEXT_TYPE(REQUEST_CONTEXT)\nNTSTATUS F(VOID) { return 0; }\n"},
    {"success annotation",
     "_Success_(return == STATUS_SUCCESS) NTSTATUS F(_Out_ PULONG p) { return 0; }\n"},
};

TEST(PrepassParse, BrokenConstructsParseCleanlyInBothGrammars) {
  for (const Construct& c : kBrokenConstructs) {
    for (Language lang : {Language::C, Language::Cpp}) {
      std::string tree;
      EXPECT_TRUE(parses_cleanly(c.code, lang, &tree))
          << c.what << " (" << (lang == Language::C ? "C" : "C++") << ")\n"
          << tree;
    }
  }
}

TEST(PrepassParse, CallingConventionsInCppClassBodies) {
  const char* src =
      "class CDriver : public IUnknown {\n"
      "  HRESULT __stdcall QueryInterface(REFIID riid, void** ppv) { return S_OK; }\n"
      "  virtual ULONG STDMETHODCALLTYPE AddRef(void);\n"
      "};\n";
  std::string tree;
  EXPECT_TRUE(parses_cleanly(src, Language::Cpp, &tree)) << tree;
}

TEST(PrepassParse, ComStyleMethodDefinitionInCpp) {
  const char* src =
      "#pragma code_seg(\"PAGE\")\nSTDMETHODIMP_(NTSTATUS)\nCMiniport::Init(_In_ PUNKNOWN U)\n{\n"
      "    PAGED_CODE();\n    return STATUS_SUCCESS;\n}\n";
  std::string tree;
  EXPECT_TRUE(parses_cleanly(src, Language::Cpp, &tree)) << tree;
}

TEST(PrepassParse, SehMacrosParseInC) {
  const char* src =
      "VOID F(VOID)\n{\n    try {\n        G();\n    } except (EXCEPTION_EXECUTE_HANDLER) {\n"
      "        H();\n    }\n    try { if (x) leave; } finally { K(); }\n}\nVOID Next(VOID) { }\n";
  std::string tree;
  EXPECT_TRUE(parses_cleanly(src, Language::C, &tree)) << tree;
}

TEST(PrepassParse, RoleDeclarationHasTheRightShape) {
  std::string tree;
  ASSERT_TRUE(parses_cleanly("__drv_dispatchType(IRP_MJ_CREATE) DRIVER_DISPATCH DispatchCreate;\n",
                             Language::C, &tree));
  EXPECT_NE(tree.find("(declaration type: (type_identifier) declarator: (identifier))"),
            std::string::npos)
      << tree;
}

TEST(PrepassParse, WithoutPrepassTheyBreak) {
  // Guards the test itself: the constructs really are broken before the pre-pass.
  Parser parser;
  Tree tree = parser.parse(
      "PAGED_CODE_SEG _Use_decl_annotations_ NTSTATUS F(_In_ PDEVICE_OBJECT D) { return 0; }\n",
      Language::Cpp);
  ASSERT_TRUE(tree);
  EXPECT_TRUE(ts_node_has_error(ts_tree_root_node(tree.get())));
}

}  // namespace
}  // namespace pagewise
