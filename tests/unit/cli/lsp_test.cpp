#include <gtest/gtest.h>

#include <sstream>

#include "cli/language_server.hpp"
#include "cli/lsp_text.hpp"
#include "cli/lsp_transport.hpp"

namespace pagewise {
namespace {

TEST(LspTransport, ReadsFramedMessagesInTurn) {
  std::istringstream in(
      "Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length: 3\r\n\r\n[1]");
  EXPECT_EQ(*read_lsp_message(in).body, "{}");
  EXPECT_EQ(*read_lsp_message(in).body, "[1]");
  LspRead end = read_lsp_message(in);
  EXPECT_TRUE(end.end);
  EXPECT_FALSE(end.body);
}

TEST(LspTransport, BrokenHeadersAreErrorsNotAllocations) {
  for (const char* text : {"Content-Length: x\r\n\r\n", "Content-Length: 99999999999\r\n\r\n",
                           "Content-Length: 5\r\n\r\nab", "Content-Length: 5"}) {
    std::istringstream in(text);
    LspRead r = read_lsp_message(in);
    EXPECT_FALSE(r.body) << text;
    EXPECT_FALSE(r.error.empty()) << text;
  }
}

TEST(LspText, FileUrisRoundTripWithEscapes) {
  EXPECT_EQ(path_to_uri("/src/my drv/a#1.c"), "file:///src/my%20drv/a%231.c");
  EXPECT_EQ(uri_to_path("file:///src/my%20drv/a%231.c"), "/src/my drv/a#1.c");
  EXPECT_EQ(uri_to_path("file:///C%3A/drv/a.c"), "C:/drv/a.c");
  EXPECT_EQ(path_to_uri("C:\\drv\\a.c"), "file:///C:/drv/a.c");
  EXPECT_EQ(uri_to_path("untitled:1"), "");
}

TEST(LspText, ColumnsCountUtf16Units) {
  EXPECT_EQ(lsp_character("abc", 3), 2u);
  EXPECT_EQ(lsp_character("\xC3\xA9x", 3), 1u);          // é is two bytes, one unit
  EXPECT_EQ(lsp_character("\xF0\x9F\x98\x80x", 5), 2u);  // an emoji is a surrogate pair
  EXPECT_EQ(line_of("a\r\nbc\nd", 2), "bc");
  EXPECT_EQ(line_of("a", 5), "");
}

TEST(LanguageServer, RefusesRequestsBeforeInitializeAndWrongJson) {
  LanguageServer server{[](const std::string&, const OpenBuffers&) { return std::nullopt; }};
  auto r = server.handle(R"({"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}})");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["error"]["code"], -32002);
  EXPECT_EQ(server.handle("[1,2]")[0]["error"]["code"], -32600);
  EXPECT_EQ(server.handle("{")[0]["error"]["code"], -32700);
  server.handle(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_TRUE(server.exited());
  EXPECT_EQ(server.exit_code(), 1);  // exit without shutdown
}

}  // namespace
}  // namespace pagewise
