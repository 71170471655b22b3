// `--sizes FILE`: the exact function sizes of a linker map, keyed the way the advisor looks
// functions up (analysis/advice.hpp).
#pragma once

#include <string>

#include "analysis/advice.hpp"
#include "frontend/link_map.hpp"

namespace pagewise {

// Each function of the map under its qualified name and under every shorter qualification
// ("Ns::CDev::Start" also as "CDev::Start" and "Start"), since a definition inside a namespace
// block is written without the namespace. A key two functions share (static functions
// of the same name in two objects) is left out: its size would be a guess.
ExactSizes exact_sizes_of(const LinkMap& map);

// Reads the map at `path`. False with a message naming the path when it cannot be used.
bool read_exact_sizes(const std::string& path, ExactSizes& out, std::string& error);

}  // namespace pagewise
