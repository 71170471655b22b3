// The Language Server Protocol's base protocol: each message is a `Content-Length: N` header
// block, an empty line, then N bytes of JSON-RPC. Written here rather than taken from a library:
// Debian packages no C++ LSP or JSON-RPC library, and framing is these two functions; the JSON
// itself is nlohmann-json's.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace pagewise {

// No editor sends a buffer this large; a header that claims more is refused, not allocated.
constexpr size_t kMaxLspMessageBytes = 256u << 20;

struct LspRead {
  std::optional<std::string> body;  // the message, when one was read
  std::string error;                // why none was: a broken header (the stream is then useless)
  bool end = false;                 // the input ended cleanly between messages
};

LspRead read_lsp_message(std::istream& in);
void write_lsp_message(std::ostream& out, const std::string& body);

}  // namespace pagewise
