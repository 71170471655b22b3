// The rule registry against the repository: every rule has its docs page (docs_path, named after
// the id with '/' replaced by '-'), a row in README.md's rule table, a fixture that expects it, and
// a fixture in its family's folder that does not.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rules/rule.hpp"

namespace pagewise {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = PW_SOURCE_DIR;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The rule ids a fixture file expects: `// expect: a/b, c/d(error)`.
std::set<std::string> expected_ids(const std::string& text) {
  std::set<std::string> out;
  for (size_t at = text.find("expect:"); at != std::string::npos;
       at = text.find("expect:", at + 1)) {
    size_t end = text.find('\n', at);
    std::string list = text.substr(at + 7, end == std::string::npos ? end : end - at - 7);
    std::stringstream items(list);
    std::string item;
    while (std::getline(items, item, ',')) {
      size_t b = item.find_first_not_of(" \t");
      if (b == std::string::npos) continue;
      size_t e = item.find_first_of(" \t(\r", b);
      out.insert(item.substr(b, e == std::string::npos ? e : e - b));
    }
  }
  return out;
}

struct FixtureFile {
  fs::path path;
  std::set<std::string> expects;
};

std::vector<FixtureFile> fixture_files() {
  std::vector<FixtureFile> out;
  for (const auto& e : fs::recursive_directory_iterator(kRoot / "tests" / "fixtures")) {
    std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".c" && ext != ".cpp")) continue;
    out.push_back({e.path(), expected_ids(read_text(e.path()))});
  }
  return out;
}

// A rule's fixtures live under its family (`locked-section/`), or for the resident rules with a
// folder of their own, under the rule's name (`paged-data/`, `pageable-api/`).
bool in_family_folder(const fs::path& file, const std::string& id) {
  std::string rel = fs::relative(file, kRoot / "tests" / "fixtures").generic_string();
  std::string family = id.substr(0, id.find('/'));
  std::string name = id.substr(id.find('/') + 1);
  return rel.rfind(family + "/", 0) == 0 || rel.rfind(name + "/", 0) == 0;
}

TEST(Registry, EveryRuleHasDocsReadmeRowAndFixtures) {
  std::string readme = read_text(kRoot / "README.md");
  std::vector<FixtureFile> fixtures = fixture_files();
  ASSERT_FALSE(fixtures.empty());
  for (const Rule& r : rule_registry()) {
    const std::string& id = r.info.id;
    std::string page = id;
    for (char& c : page)
      if (c == '/') c = '-';
    EXPECT_EQ(r.info.docs_path, "docs/rules/" + page + ".md") << id;
    EXPECT_TRUE(fs::is_regular_file(kRoot / r.info.docs_path)) << id << ": no docs page";
    EXPECT_NE(readme.find("| [`" + id + "`](" + r.info.docs_path + ") |"), std::string::npos)
        << id << ": no row in README.md's rule table";
    bool positive = false, negative = false;
    for (const FixtureFile& f : fixtures) {
      positive |= f.expects.count(id) > 0;
      negative |= in_family_folder(f.path, id) && !f.expects.count(id);
    }
    EXPECT_TRUE(positive) << id << ": no fixture expects it";
    EXPECT_TRUE(negative) << id << ": no fixture in its family's folder without it";
  }
}

TEST(Registry, AdviceRulesAreTheAdviceKind) {
  for (const Rule& r : rule_registry())
    EXPECT_EQ(r.info.kind == RuleKind::Advice, r.info.id.rfind("advice/", 0) == 0) << r.info.id;
}

TEST(Registry, IdsAreUnique) {
  std::set<std::string> seen;
  for (const Rule& r : rule_registry()) EXPECT_TRUE(seen.insert(r.info.id).second) << r.info.id;
}

}  // namespace
}  // namespace pagewise
