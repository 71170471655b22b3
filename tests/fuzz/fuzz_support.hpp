// What the libFuzzer targets share: a private scratch folder for the files a target must put on
// disk (the per-file and unit stages read sources by path), and splitting one input into parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pagewise::fuzz {

// A folder of this process's own under $TMPDIR (or /tmp), made on first use and removed at exit.
const std::string& scratch_dir();

// Writes `text` to scratch_dir()/name, replacing what was there, and returns the path.
std::string put_file(const std::string& name, std::string_view text);

// Removes every file of scratch_dir() (not the folder itself).
void clear_scratch();

// The input as text (it may hold any byte, NUL included).
inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits `text` at each `sep` into at most `max_parts` parts (the last keeps any further `sep`).
std::vector<std::string_view> split_parts(std::string_view text, char sep, size_t max_parts);

// Stops the process the way libFuzzer records a crash when a documented promise is broken.
[[noreturn]] void broken_promise(const char* what);

}  // namespace pagewise::fuzz
