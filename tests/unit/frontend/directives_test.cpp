// The directive reader: scanning `#` lines, #define, the section pragmas, and which #if regions
// the user's -D/-U switch off.
#include "frontend/directives.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <string_view>

namespace pagewise {
namespace {

// ---- scan_directives ------------------------------------------------------------------------

TEST(ScanDirectives, NamesTextAndPositions) {
  std::string src = "int a;\n#include <ntddk.h>\n  #  define X 1\n#pragma alloc_text(PAGE, F)\n#\n";
  auto ds = scan_directives(src);
  ASSERT_EQ(ds.size(), 4u);
  EXPECT_EQ(ds[0].name, "include");
  EXPECT_EQ(ds[0].text, "<ntddk.h>");
  EXPECT_EQ(ds[0].pos.line, 2u);
  EXPECT_EQ(ds[0].pos.col, 1u);
  EXPECT_EQ(ds[0].pos.offset, 7u);
  EXPECT_EQ(ds[0].end, src.find("\n  #"));
  EXPECT_EQ(ds[1].name, "define");
  EXPECT_EQ(ds[1].text, "X 1");
  EXPECT_EQ(ds[1].pos.col, 3u);
  EXPECT_EQ(ds[2].name, "pragma");
  EXPECT_EQ(ds[2].text, "alloc_text(PAGE, F)");
  EXPECT_EQ(ds[3].name, "");  // null directive
  EXPECT_EQ(ds[3].text, "");
  EXPECT_EQ(ds[3].pos.line, 5u);
}

TEST(ScanDirectives, ContinuationLinesJoined) {
  std::string src =
      "#define PAGED_CODE_SEG_BEGIN \\\n    __pragma(code_seg(push)) \\\r\n    "
      "__pragma(code_seg(\"PAGE\"))\nint x;\n";
  auto ds = scan_directives(src);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].text,
            "PAGED_CODE_SEG_BEGIN      __pragma(code_seg(push))      __pragma(code_seg(\"PAGE\"))");
  EXPECT_EQ(ds[0].end, src.find("\nint x;"));
}

TEST(ScanDirectives, CommentsRemoved) {
  std::string src =
      "#pragma code_seg(\"PAGE\") // to the end\n"
      "#define A /* one */ 1 /* spans\n lines */ + 2\n"
      "#define URL \"http://x\" // but not in strings\n"
      "#include <a//b.h>\n"
      "#/**/if X\n";
  auto ds = scan_directives(src);
  ASSERT_EQ(ds.size(), 5u);
  EXPECT_EQ(ds[0].text, "code_seg(\"PAGE\")");
  EXPECT_EQ(ds[1].text, "A   1   + 2");
  EXPECT_EQ(ds[1].pos.line, 2u);
  EXPECT_EQ(ds[2].text, "URL \"http://x\"");
  EXPECT_EQ(ds[2].pos.line, 4u);
  EXPECT_EQ(ds[3].text, "<a//b.h>");
  EXPECT_EQ(ds[4].name, "if");
  EXPECT_EQ(ds[4].text, "X");
}

TEST(ScanDirectives, IgnoresDirectivesInCommentsAndStrings) {
  std::string src =
      "/*\n#define IN_COMMENT 1\n*/\n"
      "// #define LINE_COMMENT \\\n#define CONTINUED_COMMENT\n"
      "const char* s = \"\\\n#define IN_STRING\";\n"
      "const char* r = R\"(\n#define IN_RAW\n)\";\n"
      "int a; #define NOT_AT_LINE_START\n"
      "/* before */ #define REAL 1\n";
  auto ds = scan_directives(src);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].text, "REAL 1");
}

TEST(ScanDirectives, ApostropheInErrorDoesNotSwallowTheFile) {
  auto ds = scan_directives("#error don't build this\n#define X 1\n");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].text, "don't build this");
  EXPECT_EQ(ds[1].name, "define");
}

TEST(ScanDirectives, ByteOrderMarkAndCrLf) {
  auto ds = scan_directives("\xEF\xBB\xBF#pragma once\r\n#define X 1\r\n");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].name, "pragma");
  EXPECT_EQ(ds[0].text, "once");
  EXPECT_EQ(ds[0].pos.offset, 3u);
  EXPECT_EQ(ds[0].end, 15u);  // before "\r\n"
  EXPECT_EQ(ds[1].pos.line, 2u);
}

TEST(ScanDirectives, Robustness) {
  EXPECT_TRUE(scan_directives("").empty());
  EXPECT_TRUE(scan_directives("/* unterminated\n#define X").empty());
  EXPECT_TRUE(scan_directives("\"unterminated string").empty());
  auto ds = scan_directives("#define X \\");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].text, "X \\");
  EXPECT_EQ(scan_directives("#").size(), 1u);
  EXPECT_EQ(scan_directives("#define A /* never closed\n#define B").size(), 1u);
  std::string parens(10000, '(');
  EXPECT_EQ(scan_directives("#if " + parens + "\n#endif\n").size(), 2u);
}

// ---- parse_define ---------------------------------------------------------------------------

Directive define(std::string text) {
  Directive d;
  d.name = "define";
  d.text = std::move(text);
  d.pos = {3, 1, 40};
  return d;
}

TEST(ParseDefine, ObjectLike) {
  auto m = parse_define(define("PAGED_CODE_SEG __declspec(code_seg(\"PAGE\"))"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "PAGED_CODE_SEG");
  EXPECT_FALSE(m->function_like);
  EXPECT_TRUE(m->params.empty());
  EXPECT_EQ(m->body, "__declspec(code_seg(\"PAGE\"))");
  EXPECT_EQ(m->pos.line, 3u);
  EXPECT_EQ(m->pos.offset, 40u);
}

TEST(ParseDefine, ObjectLikeWithParenthesizedBody) {
  auto m = parse_define(define("X (1 + 2)"));
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->function_like);
  EXPECT_EQ(m->body, "(1 + 2)");
}

TEST(ParseDefine, FunctionLike) {
  auto m = parse_define(define("PLACE(sec, fn)  __pragma(alloc_text(sec, fn))"));
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->function_like);
  EXPECT_EQ(m->params, (std::vector<std::string>{"sec", "fn"}));
  EXPECT_EQ(m->body, "__pragma(alloc_text(sec, fn))");
  auto empty = parse_define(define("F() g()"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->function_like);
  EXPECT_TRUE(empty->params.empty());
  EXPECT_EQ(empty->body, "g()");
  auto variadic = parse_define(define("LOG(fmt, ...) DbgPrint(fmt, __VA_ARGS__)"));
  ASSERT_TRUE(variadic);
  EXPECT_EQ(variadic->params, (std::vector<std::string>{"fmt", "..."}));
}

TEST(ParseDefine, EmptyBodyAndBadInput) {
  auto m = parse_define(define("ALLOC_PRAGMA"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "");
  EXPECT_FALSE(parse_define(define("")));
  EXPECT_FALSE(parse_define(define("123 x")));
  auto unclosed = parse_define(define("F(a, b"));
  ASSERT_TRUE(unclosed);
  EXPECT_TRUE(unclosed->function_like);
  Directive other = define("X 1");
  other.name = "undef";
  EXPECT_FALSE(parse_define(other));
}

TEST(ParseDefine, FromScannedText) {
  auto ds = scan_directives("#define F(a) \\\n  g(a) /* c */\n");
  ASSERT_EQ(ds.size(), 1u);
  auto m = parse_define(ds[0]);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "F");
  EXPECT_EQ(m->body, "g(a)");
}

// ---- parse_pragma_text ----------------------------------------------------------------------

Pragma pragma(std::string_view text) {
  auto p = parse_pragma_text(text, Pos{7, 1, 100});
  EXPECT_TRUE(p) << text;
  return p ? *p : Pragma{};
}

TEST(ParsePragma, AllocTextBareAndQuoted) {
  Pragma p = pragma("alloc_text(PAGE, DispatchCreate, DispatchClose,\tUnload)");
  EXPECT_EQ(p.kind, PragmaKind::AllocText);
  EXPECT_EQ(p.section, "PAGE");
  EXPECT_EQ(p.names, (std::vector<std::string>{"DispatchCreate", "DispatchClose", "Unload"}));
  EXPECT_EQ(p.pos.line, 7u);
  EXPECT_EQ(p.pos.offset, 100u);
  EXPECT_EQ(p.text, "alloc_text(PAGE, DispatchCreate, DispatchClose,\tUnload)");
  Pragma q = pragma(" alloc_text (\"INIT\", DriverEntry) ");
  EXPECT_EQ(q.section, "INIT");
  EXPECT_EQ(q.names, (std::vector<std::string>{"DriverEntry"}));
}

TEST(ParsePragma, CodeSegSetAndReset) {
  Pragma set = pragma("code_seg(\"PAGE\")");
  EXPECT_EQ(set.kind, PragmaKind::CodeSeg);
  EXPECT_EQ(set.action, Pragma::Action::Set);
  EXPECT_EQ(set.section, "PAGE");
  Pragma bare = pragma("code_seg(PAGE)");
  EXPECT_EQ(bare.action, Pragma::Action::Set);
  EXPECT_EQ(bare.section, "PAGE");
  Pragma dollar = pragma("code_seg(\".text$abc\")");
  EXPECT_EQ(dollar.section, ".text$abc");
  for (std::string_view reset : {"code_seg()", "code_seg", "code_seg( )", "code_seg(\"\")"}) {
    Pragma r = pragma(reset);
    EXPECT_EQ(r.kind, PragmaKind::CodeSeg) << reset;
    EXPECT_EQ(r.action, Pragma::Action::Reset) << reset;
    EXPECT_EQ(r.section, "") << reset;
  }
}

TEST(ParsePragma, PushAndPop) {
  Pragma push = pragma("code_seg(push)");
  EXPECT_EQ(push.action, Pragma::Action::Push);
  EXPECT_EQ(push.section, "");
  EXPECT_EQ(push.label, "");
  Pragma push_section = pragma("code_seg(push, \"PAGE\")");
  EXPECT_EQ(push_section.action, Pragma::Action::Push);
  EXPECT_EQ(push_section.section, "PAGE");
  EXPECT_EQ(push_section.label, "");
  Pragma push_label = pragma("code_seg(push, r1, \"PAGE\")");
  EXPECT_EQ(push_label.label, "r1");
  EXPECT_EQ(push_label.section, "PAGE");
  Pragma push_label_only = pragma("code_seg(push, r1)");
  EXPECT_EQ(push_label_only.label, "r1");
  EXPECT_EQ(push_label_only.section, "");
  Pragma pop = pragma("code_seg(pop)");
  EXPECT_EQ(pop.action, Pragma::Action::Pop);
  EXPECT_EQ(pop.label, "");
  Pragma pop_label = pragma("code_seg( pop , r1 )");
  EXPECT_EQ(pop_label.action, Pragma::Action::Pop);
  EXPECT_EQ(pop_label.label, "r1");
}

TEST(ParsePragma, DataBssConstSegments) {
  Pragma data = pragma("data_seg(\"PAGEDATA\", \"DATA\")");
  EXPECT_EQ(data.kind, PragmaKind::DataSeg);
  EXPECT_EQ(data.action, Pragma::Action::Set);
  EXPECT_EQ(data.section, "PAGEDATA");
  Pragma bss = pragma("bss_seg(push, b1, \"PAGEBSS\", \"BSS\")");
  EXPECT_EQ(bss.kind, PragmaKind::BssSeg);
  EXPECT_EQ(bss.action, Pragma::Action::Push);
  EXPECT_EQ(bss.label, "b1");
  EXPECT_EQ(bss.section, "PAGEBSS");
  Pragma cst = pragma("const_seg(\"INIT\")");
  EXPECT_EQ(cst.kind, PragmaKind::ConstSeg);
  EXPECT_EQ(cst.section, "INIT");
  EXPECT_EQ(pragma("data_seg()").action, Pragma::Action::Reset);
  EXPECT_EQ(pragma("const_seg(pop)").action, Pragma::Action::Pop);
}

TEST(ParsePragma, JoinedLiteralsAndNestedParens) {
  EXPECT_EQ(pragma("code_seg(\"PA\" \"GE\")").section, "PAGE");
  Pragma p = pragma("alloc_text(PAGE, F, G)  ");
  EXPECT_EQ(p.names.size(), 2u);
}

TEST(ParsePragma, OtherPragmasAreNotSections) {
  for (std::string_view t :
       {"once", "pack(push, 8)", "warning(disable: 4127)", "", "  ",
        "section(\"PAGE\", read, execute)", "comment(lib, \"x\")", "code_segment(\"PAGE\")",
        "alloc_text()", "alloc_text", "code_seg PAGE"})
    EXPECT_FALSE(parse_pragma_text(t, Pos{})) << t;
}

TEST(ParsePragma, MalformedDoesNotCrash) {
  for (std::string_view t : {"code_seg(", "code_seg(\"PAGE", "alloc_text(PAGE,", "code_seg(push,",
                             "code_seg(((((", "alloc_text(,,,)", "code_seg(\")\")"})
    (void)parse_pragma_text(t, Pos{});
  auto p = parse_pragma_text("alloc_text(PAGE, F", Pos{});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->names, (std::vector<std::string>{"F"}));
  auto q = parse_pragma_text("code_seg(\")\")", Pos{});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->section, ")");
}

// ---- inactive_ranges ------------------------------------------------------------------------

struct Region {
  uint32_t begin;
  uint32_t end;
  bool operator==(const Region&) const = default;
};

std::vector<Region> inactive(std::string_view src, const ConditionConfig& cfg) {
  std::vector<Region> out;
  for (const InactiveRange& r : inactive_ranges(scan_directives(src), cfg))
    out.push_back({r.begin, r.end});
  return out;
}

// The region between the end of the line holding `open` and the start of `close`.
Region between(std::string_view src, std::string_view open, std::string_view close) {
  size_t o = src.find(open);
  size_t line_end = src.find('\n', o);
  size_t c = src.find(close, line_end);
  return {static_cast<uint32_t>(line_end), static_cast<uint32_t>(c)};
}

ConditionConfig config(std::map<std::string, std::string> defined,
                       std::set<std::string> undefined = {}) {
  return ConditionConfig{std::move(defined), std::move(undefined)};
}

TEST(InactiveRanges, IfdefAndIfndef) {
  std::string src =
      "#ifdef ALLOC_PRAGMA\n#pragma alloc_text(PAGE, F)\n#endif\n#ifndef DBG\nint x;\n#endif\n";
  EXPECT_TRUE(inactive(src, {}).empty());  // nothing configured: everything active
  EXPECT_EQ(inactive(src, config({}, {"ALLOC_PRAGMA"})),
            (std::vector<Region>{between(src, "#ifdef ALLOC_PRAGMA", "#endif")}));
  EXPECT_EQ(inactive(src, config({{"DBG", "1"}})),
            (std::vector<Region>{between(src, "#ifndef DBG", "#endif")}));
  EXPECT_TRUE(inactive(src, config({{"ALLOC_PRAGMA", ""}}, {"DBG"})).empty());
}

TEST(InactiveRanges, IfElse) {
  std::string src = "#if DBG\nA\n#else\nB\n#endif\n";
  EXPECT_TRUE(inactive(src, {}).empty());
  EXPECT_EQ(inactive(src, config({{"DBG", "1"}})),
            (std::vector<Region>{between(src, "#else", "#endif")}));
  EXPECT_EQ(inactive(src, config({{"DBG", "0"}})),
            (std::vector<Region>{between(src, "#if DBG", "#else")}));
  EXPECT_EQ(inactive(src, config({}, {"DBG"})),
            (std::vector<Region>{between(src, "#if DBG", "#else")}));
  EXPECT_EQ(inactive(src, config({{"DBG", ""}})),
            (std::vector<Region>{between(src, "#else", "#endif")}));
}

TEST(InactiveRanges, ConditionForms) {
  auto dead = [](std::string cond, const ConditionConfig& cfg) {
    std::string src = "#if " + cond + "\nX\n#endif\n";
    auto r = inactive(src, cfg);
    return r.size() == 1;
  };
  ConditionConfig cfg = config({{"A", "1"}, {"Z", "0"}, {"V", "0x0A00"}, {"ALIAS", "V"}}, {"U"});
  EXPECT_FALSE(dead("A", cfg));
  EXPECT_TRUE(dead("!A", cfg));
  EXPECT_TRUE(dead("Z", cfg));
  EXPECT_TRUE(dead("U", cfg));
  EXPECT_FALSE(dead("!U", cfg));
  EXPECT_FALSE(dead("defined(A)", cfg));
  EXPECT_FALSE(dead("defined Z", cfg));  // defined, even as 0
  EXPECT_TRUE(dead("!defined(A)", cfg));
  EXPECT_TRUE(dead("defined(U)", cfg));
  EXPECT_FALSE(dead("defined(A) && !defined(U)", cfg));
  EXPECT_TRUE(dead("defined(A) && defined(U)", cfg));
  EXPECT_FALSE(dead("defined(U) || A", cfg));
  EXPECT_TRUE(dead("(Z || U) && A", cfg));
  EXPECT_FALSE(dead("V == 0x0A00", cfg));
  EXPECT_TRUE(dead("V == 10", cfg));
  EXPECT_FALSE(dead("V >= 0x0600 && V < 0x0B00", cfg));
  EXPECT_FALSE(dead("ALIAS == 2560", cfg));
  EXPECT_TRUE(dead("0", cfg));
  EXPECT_FALSE(dead("1", cfg));
  EXPECT_TRUE(dead("0L", cfg));
  EXPECT_TRUE(dead("0x0000'0000", cfg));
  EXPECT_FALSE(dead("09", cfg));  // not a literal (9 is no octal digit): unknown, not 0
  EXPECT_TRUE(dead("A ? 0 : 1", cfg));
  // Unknown: anything that depends on a symbol the configuration does not mention.
  EXPECT_FALSE(dead("UNKNOWN", cfg));
  EXPECT_FALSE(dead("!UNKNOWN", cfg));
  EXPECT_FALSE(dead("defined(UNKNOWN)", cfg));
  EXPECT_FALSE(dead("UNKNOWN == 1", cfg));
  EXPECT_FALSE(dead("A && UNKNOWN", cfg));
  EXPECT_FALSE(dead("NTDDI_VERSION >= NTDDI_WIN10", cfg));
  EXPECT_FALSE(dead("__has_include(<x.h>)", cfg));
  EXPECT_FALSE(dead("A ==", cfg));  // malformed: unknown
  EXPECT_FALSE(dead("'a'", cfg));
  EXPECT_FALSE(dead("1 / Z", cfg));
  // ...unless one known side decides it.
  EXPECT_TRUE(dead("U && UNKNOWN", cfg));
  EXPECT_TRUE(dead("UNKNOWN && defined(U)", cfg));
  EXPECT_FALSE(dead("UNKNOWN || A", cfg));
}

TEST(InactiveRanges, ElifChainOnceTakenRestDead) {
  std::string src =
      "#if defined(A)\na\n#elif defined(B)\nb\n#elif defined(C)\nc\n#else\nd\n#endif\n";
  EXPECT_TRUE(inactive(src, {}).empty());
  EXPECT_EQ(inactive(src, config({{"A", ""}})),
            (std::vector<Region>{between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#elif defined(C)", "#else"),
                                 between(src, "#else", "#endif")}));
  EXPECT_EQ(inactive(src, config({{"B", ""}}, {"A"})),
            (std::vector<Region>{between(src, "#if defined(A)", "#elif defined(B)"),
                                 between(src, "#elif defined(C)", "#else"),
                                 between(src, "#else", "#endif")}));
  EXPECT_EQ(inactive(src, config({}, {"A", "B", "C"})),
            (std::vector<Region>{between(src, "#if defined(A)", "#elif defined(B)"),
                                 between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#elif defined(C)", "#else")}));
}

TEST(InactiveRanges, AfterAnUnknownBranchLaterOnesStayActiveUnlessKnownFalse) {
  std::string src =
      "#if defined(A)\na\n#elif defined(B)\nb\n#elif defined(C)\nc\n#else\nd\n#endif\n";
  // A unknown, B known false, C known true: b dead; c possible; #else dead (C is taken if reached).
  EXPECT_EQ(inactive(src, config({{"C", ""}}, {"B"})),
            (std::vector<Region>{between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#else", "#endif")}));
  // A unknown, everything else false: #else stays (A may be false).
  EXPECT_EQ(inactive(src, config({}, {"B", "C"})),
            (std::vector<Region>{between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#elif defined(C)", "#else")}));
}

TEST(InactiveRanges, Nesting) {
  std::string src =
      "#ifdef OUTER\n"
      "  #ifdef INNER\n  x\n  #else\n  y\n  #endif\n"
      "#else\n"
      "  #ifdef INNER\n  z\n  #endif\n"
      "#endif\n";
  // OUTER defined, INNER undefined: the inner #ifdef's first branch and the outer #else.
  auto got = inactive(src, config({{"OUTER", ""}}, {"INNER"}));
  size_t inner_if = src.find("  #ifdef INNER");
  size_t inner_else = src.find("  #else") + 2;
  size_t outer_else = src.find("#else\n  #ifdef");
  size_t last_endif = src.rfind("#endif");
  std::vector<Region> want = {
      {static_cast<uint32_t>(src.find('\n', inner_if)), static_cast<uint32_t>(inner_else)},
      {static_cast<uint32_t>(src.find('\n', outer_else)), static_cast<uint32_t>(last_endif)},
  };
  EXPECT_EQ(got, want);
  // OUTER undefined: only the outer first branch (nested chains inside it are not reported).
  auto outer_dead = inactive(src, config({}, {"OUTER"}));
  ASSERT_EQ(outer_dead.size(), 1u);
  EXPECT_EQ(outer_dead[0].begin, src.find('\n'));
  EXPECT_EQ(outer_dead[0].end, outer_else);
}

TEST(InactiveRanges, UnbalancedAndMissingEndif) {
  std::string stray = "#endif\n#else\n#elif X\n#if 0\na\n#endif\n#endif\n";
  auto r = inactive(stray, {});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].begin, stray.find("\na\n"));
  std::string missing = "#if 0\na\n";
  auto m = inactive(missing, {});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].begin, 5u);
  EXPECT_EQ(m[0].end, std::numeric_limits<uint32_t>::max());
  EXPECT_TRUE(inactive("", {}).empty());
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "#if 1\n";
  deep += "#if 0\nx\n";
  EXPECT_EQ(inactive(deep, {}).size(), 1u);
}

TEST(InactiveRanges, DeeplyNestedConditionIsUnknownNotACrash) {
  std::string cond(10000, '(');
  cond += "0";
  cond += std::string(10000, ')');
  EXPECT_TRUE(inactive("#if " + cond + "\nx\n#endif\n", {}).empty());
  std::string nots(10000, '!');
  EXPECT_TRUE(inactive("#if " + nots + "0\nx\n#endif\n", {}).empty());
}

TEST(InactiveRanges, RecursiveDefinitionsDoNotLoop) {
  ConditionConfig cfg = config({{"A", "B"}, {"B", "A"}});
  EXPECT_TRUE(inactive("#if A\nx\n#endif\n", cfg).empty());
}

}  // namespace
}  // namespace pagewise
