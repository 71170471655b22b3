// What the Language Server Protocol counts differently from pagewise: documents by `file://` URI,
// columns in UTF-16 code units from 0 where pagewise counts bytes from 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pagewise {

std::string path_to_uri(const std::string& absolute_path);
// The path of a `file://` URI, or "" for any other scheme.
std::string uri_to_path(std::string_view uri);

// Line `line` (1-based) of `text`, without its line break; "" past the end.
std::string_view line_of(std::string_view text, uint32_t line);

// The LSP character (UTF-16 units from 0) of byte column `byte_col` (from 1) of `line_text`.
uint32_t lsp_character(std::string_view line_text, uint32_t byte_col);

}  // namespace pagewise
