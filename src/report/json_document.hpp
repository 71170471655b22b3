// How the SARIF and JSON renderers write a document.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

namespace pagewise {

// Keys stay in the order they were added: the output is deterministic and reads top-down.
using JsonDocument = nlohmann::ordered_json;

// Two-space indentation, UTF-8 kept as is. Bytes that are not UTF-8 (a Latin-1 comment quoted in
// a message) become U+FFFD instead of aborting the run or producing invalid JSON.
inline void write_json_document(std::ostream& out, const JsonDocument& doc) {
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace pagewise
