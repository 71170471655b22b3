// Reading section names out of the texts that carry them: `code_seg("PAGE")` inside a
// __declspec, and the like. Shared by the frontend (macro bodies) and link (attached items).
#pragma once

#include <string>
#include <string_view>

namespace pagewise {

// In `args` (the inside of __declspec(...)), the section of `key("NAME")` or `key(NAME)`;
// "" when key is absent. Example: declspec_argument("code_seg(\"PAGE\")", "code_seg") == "PAGE".
std::string declspec_argument(std::string_view args, std::string_view key);

}  // namespace pagewise
