// `pagewise sections`: what is really paged. Every function and every explicitly placed global
// with its final section and the exact line (pragma, declspec, macro) that put it there.
#pragma once

#include <ostream>
#include <vector>

#include "cli/pipeline.hpp"
#include "model/finding.hpp"

namespace pagewise {

void write_sections_text(std::ostream& out, const Analysis& a);
void write_sections_json(std::ostream& out, const Analysis& a);
// `sections --summary`: per unit, resident / pageable / INIT code bytes now and after every advice
// note is followed, and each section's share.
void write_summary_text(std::ostream& out, const Analysis& a);
void write_summary_json(std::ostream& out, const Analysis& a);
void write_rules_json(std::ostream& out, const std::vector<RuleInfo>& rules);

}  // namespace pagewise
