// Checks of Microsoft's own driver tools that look for the defect a pagewise rule reports, as
// data: one row per correspondence, each with the page that states what the other check finds.
#pragma once

#include <span>

namespace pagewise {

struct RelatedCheckRow {
  const char* rule_id;  // pagewise's rule
  const char* tool;
  const char* check_id;
  const char* name;
  const char* url;
  // "equal" when the documentation states the same condition pagewise checks; "superset" when
  // pagewise reports more than the other check (docs/rules/README.md says what more).
  const char* relation;
};

std::span<const RelatedCheckRow> related_checks();

}  // namespace pagewise
