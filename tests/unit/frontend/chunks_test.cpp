// chunks: where a large file is cut for parsing in pieces.
#include "frontend/chunks.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pagewise {
namespace {

// The text of each piece, cut with a tiny piece size so every boundary is taken.
std::vector<std::string> pieces(std::string_view text, size_t piece = 1) {
  std::vector<std::string> out;
  for (const Chunk& c : file_scope_chunks(text, 0, piece))
    out.emplace_back(text.substr(c.begin, c.end - c.begin));
  return out;
}

TEST(FileScopeChunks, SmallFilesAreOnePiece) {
  std::string text = "int a;\nint b;\n";
  std::vector<Chunk> c = file_scope_chunks(text);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].begin, 0u);
  EXPECT_EQ(c[0].end, text.size());
  EXPECT_EQ(c[0].end_point.row, 2u);
  EXPECT_EQ(c[0].end_point.column, 0u);
}

TEST(FileScopeChunks, CutAfterDeclarationsAndFunctionBodies) {
  EXPECT_EQ(
      pieces("int a; int b;\nvoid f(void) { g(); h(); }\nint c;"),
      (std::vector<std::string>{"int a;", " int b;", "\nvoid f(void) { g(); h(); }", "\nint c;"}));
}

TEST(FileScopeChunks, NeverInsideBracketsCommentsLiteralsOrDirectives) {
  // Inside the struct's braces, the call's parentheses, the comment, the strings, the #define.
  std::string text =
      "struct S { int a; int b; } s;\n"
      "int x = f(a; b);\n"
      "/* int c; */ char* p = \"d; e\";\n"
      "char q = ';';\n"
      "#define M int m; \\\n int n;\n"
      "const char* r = R\"x(); }\")x\";\n";
  EXPECT_EQ(pieces(text),
            (std::vector<std::string>{"struct S { int a; int b; } s;", "\nint x = f(a; b);",
                                      "\n/* int c; */ char* p = \"d; e\";", "\nchar q = ';';",
                                      "\n#define M int m; \\\n int n;\nconst char* r = "
                                      "R\"x(); }\")x\";",
                                      "\n"}));
}

// `typedef struct { ... } X;` and an initializer's braces end at their `;`, never at the `}`.
TEST(FileScopeChunks, OnlyAFunctionBodysBraceEndsAPiece) {
  EXPECT_EQ(pieces("typedef struct { int a; }\nX;\nint t[] = { 1, 2 };"),
            (std::vector<std::string>{"typedef struct { int a; }\nX;", "\nint t[] = { 1, 2 };"}));
}

// A K&R definition's parameter declarations end with `;` but its body follows.
TEST(FileScopeChunks, KAndRParametersStayWithTheirBody) {
  EXPECT_EQ(pieces("int f(a) int a;\n{ return a; }"),
            (std::vector<std::string>{"int f(a) int a;\n{ return a; }"}));
}

// Inside an #if block a piece ends only when no boundary outside came for four pieces' worth.
TEST(FileScopeChunks, PiecesEndOutsideIfBlocksWhenTheyCan) {
  std::string text = "#if A\nint a;\nint b;\n#endif\nint c;\n";
  EXPECT_EQ(pieces(text, 8),
            (std::vector<std::string>{"#if A\nint a;\nint b;\n#endif\nint c;", "\n"}));
  std::string guarded = "#ifndef H\n#define H\nint a;\nint b;\nint c;\n#endif\n";
  std::vector<std::string> cut = pieces(guarded, 8);
  EXPECT_GT(cut.size(), 1u);  // an include guard around a large header does not stop the cuts
}

TEST(FileScopeChunks, PointsAreRowsAndByteColumns) {
  std::vector<Chunk> c = file_scope_chunks("int a;\n  int b; int c;", 0, 1);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1].begin_point.row, 0u);
  EXPECT_EQ(c[1].begin_point.column, 6u);
  EXPECT_EQ(c[1].end_point.row, 1u);
  EXPECT_EQ(c[1].end_point.column, 8u);
  EXPECT_EQ(c[2].end_point.row, 1u);
  EXPECT_EQ(c[2].end_point.column, 15u);
}

}  // namespace
}  // namespace pagewise
