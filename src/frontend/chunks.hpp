// Pieces of a large file that tree-sitter can parse one at a time. A syntax tree costs about 60
// bytes per byte of dense source, so a 16 MiB file parsed whole needs about 1 GB; parsed in pieces
// of a few hundred KiB, each tree is dropped before the next is built and the file costs its facts
// and one piece's tree.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace pagewise {

struct TextPoint {
  uint32_t row = 0;
  uint32_t column = 0;  // in bytes
};

struct Chunk {
  uint32_t begin = 0, end = 0;  // byte offsets into the file
  TextPoint begin_point, end_point;
};

// Files up to this size are parsed whole, as they always were.
constexpr size_t kWholeParseBytes = 1u << 20;
// The size a piece grows to before it ends at the next boundary.
constexpr size_t kChunkBytes = 256u << 10;

// The file cut at file-scope boundaries into pieces of about `piece` bytes: after a `;` or after
// the closing brace of a function body, outside comments, strings, brackets and preprocessor
// lines, and outside `#if` blocks where one comes soon enough. A piece then starts where the
// grammar starts a new declaration, so parsing the pieces in order reads the same declarations as
// parsing the whole file. One piece (the whole text) when the file is no larger than `whole`.
std::vector<Chunk> file_scope_chunks(std::string_view text, size_t whole = kWholeParseBytes,
                                     size_t piece = kChunkBytes);

}  // namespace pagewise
