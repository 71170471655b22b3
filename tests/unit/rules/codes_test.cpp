// Every rule's numeric code (--format msvc) is unique and listed next to its id in
// docs/rules/README.md, and every related check of another tool names a rule that exists.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "knowledge/related_checks.hpp"
#include "rules/rule.hpp"

namespace pagewise {
namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The docs table's rows: "| [`id`](page.md) | PWnnnn | ..." → id → code.
std::map<std::string, std::string> documented_codes() {
  std::map<std::string, std::string> out;
  std::stringstream lines(read_text(std::filesystem::path(PW_SOURCE_DIR) / "docs/rules/README.md"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| [`", 0) != 0) continue;
    size_t id_end = line.find('`', 4);
    size_t cell = line.find(" | ", id_end);
    if (id_end == std::string::npos || cell == std::string::npos) continue;
    size_t code_end = line.find(" |", cell + 3);
    out[line.substr(4, id_end - 4)] = line.substr(cell + 3, code_end - cell - 3);
  }
  return out;
}

TEST(RuleCodes, EveryRuleHasAUniqueCode) {
  std::set<uint16_t> seen;
  for (const Rule& r : rule_registry()) {
    SCOPED_TRACE(r.info.id);
    EXPECT_GE(r.info.code, 1000);
    EXPECT_LE(r.info.code, 9999);
    EXPECT_TRUE(seen.insert(r.info.code).second) << "code used twice: " << rule_code(r.info);
  }
}

TEST(RuleCodes, DocsListEveryRuleWithItsCodeAndNoOther) {
  std::map<std::string, std::string> docs = documented_codes();
  ASSERT_FALSE(docs.empty());
  for (const Rule& r : rule_registry()) {
    SCOPED_TRACE(r.info.id);
    ASSERT_TRUE(docs.count(r.info.id));
    EXPECT_EQ(docs[r.info.id], rule_code(r.info));
  }
  EXPECT_EQ(docs.size(), rule_registry().size());
}

TEST(RuleCodes, CodeIsPwAndFourDigits) {
  RuleInfo r;
  r.code = 1001;
  EXPECT_EQ(rule_code(r), "PW1001");
}

TEST(RelatedChecks, EveryRowNamesARuleAndIsAttachedToIt) {
  size_t attached = 0;
  for (const Rule& r : rule_registry()) attached += r.info.related.size();
  EXPECT_EQ(attached, related_checks().size());
  for (const RelatedCheckRow& row : related_checks()) {
    SCOPED_TRACE(row.check_id);
    EXPECT_NE(find_rule(row.rule_id), nullptr);
    EXPECT_EQ(std::string(row.url).rfind("https://", 0), 0u);
    std::string relation = row.relation;
    EXPECT_TRUE(relation == "equal" || relation == "superset");
  }
  const Rule* missing = find_rule("paged-code/missing");
  ASSERT_NE(missing, nullptr);
  ASSERT_EQ(missing->info.related.size(), 1u);
  EXPECT_EQ(missing->info.related[0].id, "C28170");
}

}  // namespace
}  // namespace pagewise
