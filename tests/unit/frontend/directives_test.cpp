// The directive reader: scanning `#` lines, #define, the section pragmas.
#include "frontend/directives.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

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

// A backslash as the text's very last byte: the splice test must not read past the text (the
// fuzzer's `#\` read one byte beyond a buffer that has no terminator).
TEST(ScanDirectives, BackslashAtTheEndOfTheText) {
  for (std::string text : {"#\\", "#define A \\", "#if X \\\r"}) {
    std::vector<char> exact(text.begin(), text.end());  // no terminator after the last byte
    std::vector<Directive> ds = scan_directives(std::string_view(exact.data(), exact.size()));
    ASSERT_EQ(ds.size(), 1u) << text;
  }
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

}  // namespace
}  // namespace pagewise
