// An editor's unsaved buffer as a source file (`pagewise serve`): the text the user sees, not the
// file on disk.
#pragma once

#include <map>
#include <string>

#include "frontend/source_file.hpp"

namespace pagewise {

// Unsaved buffers by file, keyed by buffer_key(path).
using OpenBuffers = std::map<std::string, std::string>;

// The key of a path among open buffers: absolute and lexically normal, so `src/../a.c` and the
// editor's `/work/a.c` meet.
std::string buffer_key(const std::string& path);

// The buffer's text judged as read_source judges a file's bytes (the editor already decoded it:
// it is UTF-8).
SourceFile source_from_buffer(const std::string& path, const std::string& text,
                              uint64_t max_parse_bytes);

}  // namespace pagewise
