#include "model/program.hpp"

namespace pagewise {

SectionClass classify_section(const std::string& section) {
  // paging-rules §1.1: a case-sensitive prefix test; only exactly INIT is treated as discarded.
  if (section.compare(0, 4, "PAGE") == 0) return SectionClass::Pageable;
  if (section == "INIT") return SectionClass::Init;
  return SectionClass::Resident;
}

}  // namespace pagewise
