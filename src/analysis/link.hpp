// link: builds one unit's Program from its files' facts: macro table, name table, and the final
// section of every function and global (pragmas, __declspec, placement macros defined anywhere in
// the unit, and the default).
#pragma once

#include <vector>

#include "model/model.hpp"

namespace pagewise {

Program link(const Unit& unit, const std::vector<const FileFacts*>& files);

}  // namespace pagewise
