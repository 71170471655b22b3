// The #if evaluator: which #if regions the user's -D/-U switch off.
#include "frontend/conditions.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "frontend/directives.hpp"

namespace pagewise {
namespace {

struct Region {
  uint32_t begin;
  uint32_t end;
  bool operator==(const Region&) const = default;
};

std::vector<Region> inactive(std::string_view src, const ConditionConfig& cfg) {
  std::vector<Region> out;
  for (const InactiveRange& r : inactive_ranges(scan_directives(src), cfg))
    out.push_back({r.begin, r.end});
  return out;
}

// The region between the end of the line holding `open` and the start of `close`.
Region between(std::string_view src, std::string_view open, std::string_view close) {
  size_t o = src.find(open);
  size_t line_end = src.find('\n', o);
  size_t c = src.find(close, line_end);
  return {static_cast<uint32_t>(line_end), static_cast<uint32_t>(c)};
}

ConditionConfig config(std::map<std::string, std::string> defined,
                       std::set<std::string> undefined = {}) {
  return ConditionConfig{std::move(defined), std::move(undefined)};
}

TEST(InactiveRanges, IfdefAndIfndef) {
  std::string src =
      "#ifdef ALLOC_PRAGMA\n#pragma alloc_text(PAGE, F)\n#endif\n#ifndef DBG\nint x;\n#endif\n";
  EXPECT_TRUE(inactive(src, {}).empty());  // nothing configured: everything active
  EXPECT_EQ(inactive(src, config({}, {"ALLOC_PRAGMA"})),
            (std::vector<Region>{between(src, "#ifdef ALLOC_PRAGMA", "#endif")}));
  EXPECT_EQ(inactive(src, config({{"DBG", "1"}})),
            (std::vector<Region>{between(src, "#ifndef DBG", "#endif")}));
  EXPECT_TRUE(inactive(src, config({{"ALLOC_PRAGMA", ""}}, {"DBG"})).empty());
}

TEST(InactiveRanges, IfElse) {
  std::string src = "#if DBG\nA\n#else\nB\n#endif\n";
  EXPECT_TRUE(inactive(src, {}).empty());
  EXPECT_EQ(inactive(src, config({{"DBG", "1"}})),
            (std::vector<Region>{between(src, "#else", "#endif")}));
  EXPECT_EQ(inactive(src, config({{"DBG", "0"}})),
            (std::vector<Region>{between(src, "#if DBG", "#else")}));
  EXPECT_EQ(inactive(src, config({}, {"DBG"})),
            (std::vector<Region>{between(src, "#if DBG", "#else")}));
  EXPECT_EQ(inactive(src, config({{"DBG", ""}})),
            (std::vector<Region>{between(src, "#else", "#endif")}));
}

TEST(InactiveRanges, ConditionForms) {
  auto dead = [](std::string cond, const ConditionConfig& cfg) {
    std::string src = "#if " + cond + "\nX\n#endif\n";
    auto r = inactive(src, cfg);
    return r.size() == 1;
  };
  ConditionConfig cfg = config({{"A", "1"}, {"Z", "0"}, {"V", "0x0A00"}, {"ALIAS", "V"}}, {"U"});
  EXPECT_FALSE(dead("A", cfg));
  EXPECT_TRUE(dead("!A", cfg));
  EXPECT_TRUE(dead("Z", cfg));
  EXPECT_TRUE(dead("U", cfg));
  EXPECT_FALSE(dead("!U", cfg));
  EXPECT_FALSE(dead("defined(A)", cfg));
  EXPECT_FALSE(dead("defined Z", cfg));  // defined, even as 0
  EXPECT_TRUE(dead("!defined(A)", cfg));
  EXPECT_TRUE(dead("defined(U)", cfg));
  EXPECT_FALSE(dead("defined(A) && !defined(U)", cfg));
  EXPECT_TRUE(dead("defined(A) && defined(U)", cfg));
  EXPECT_FALSE(dead("defined(U) || A", cfg));
  EXPECT_TRUE(dead("(Z || U) && A", cfg));
  EXPECT_FALSE(dead("V == 0x0A00", cfg));
  EXPECT_TRUE(dead("V == 10", cfg));
  EXPECT_FALSE(dead("V >= 0x0600 && V < 0x0B00", cfg));
  EXPECT_FALSE(dead("ALIAS == 2560", cfg));
  EXPECT_TRUE(dead("0", cfg));
  EXPECT_FALSE(dead("1", cfg));
  EXPECT_TRUE(dead("0L", cfg));
  EXPECT_TRUE(dead("0x0000'0000", cfg));
  EXPECT_FALSE(dead("09", cfg));  // not a literal (9 is no octal digit): unknown, not 0
  EXPECT_TRUE(dead("A ? 0 : 1", cfg));
  // Unknown: anything that depends on a symbol the configuration does not mention.
  EXPECT_FALSE(dead("UNKNOWN", cfg));
  EXPECT_FALSE(dead("!UNKNOWN", cfg));
  EXPECT_FALSE(dead("defined(UNKNOWN)", cfg));
  EXPECT_FALSE(dead("UNKNOWN == 1", cfg));
  EXPECT_FALSE(dead("A && UNKNOWN", cfg));
  EXPECT_FALSE(dead("NTDDI_VERSION >= NTDDI_WIN10", cfg));
  EXPECT_FALSE(dead("__has_include(<x.h>)", cfg));
  EXPECT_FALSE(dead("A ==", cfg));  // malformed: unknown
  EXPECT_FALSE(dead("'a'", cfg));
  EXPECT_FALSE(dead("1 / Z", cfg));
  // ...unless one known side decides it.
  EXPECT_TRUE(dead("U && UNKNOWN", cfg));
  EXPECT_TRUE(dead("UNKNOWN && defined(U)", cfg));
  EXPECT_FALSE(dead("UNKNOWN || A", cfg));
}

TEST(InactiveRanges, ElifChainOnceTakenRestDead) {
  std::string src =
      "#if defined(A)\na\n#elif defined(B)\nb\n#elif defined(C)\nc\n#else\nd\n#endif\n";
  EXPECT_TRUE(inactive(src, {}).empty());
  EXPECT_EQ(inactive(src, config({{"A", ""}})),
            (std::vector<Region>{between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#elif defined(C)", "#else"),
                                 between(src, "#else", "#endif")}));
  EXPECT_EQ(inactive(src, config({{"B", ""}}, {"A"})),
            (std::vector<Region>{between(src, "#if defined(A)", "#elif defined(B)"),
                                 between(src, "#elif defined(C)", "#else"),
                                 between(src, "#else", "#endif")}));
  EXPECT_EQ(inactive(src, config({}, {"A", "B", "C"})),
            (std::vector<Region>{between(src, "#if defined(A)", "#elif defined(B)"),
                                 between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#elif defined(C)", "#else")}));
}

TEST(InactiveRanges, AfterAnUnknownBranchLaterOnesStayActiveUnlessKnownFalse) {
  std::string src =
      "#if defined(A)\na\n#elif defined(B)\nb\n#elif defined(C)\nc\n#else\nd\n#endif\n";
  // A unknown, B known false, C known true: b dead; c possible; #else dead (C is taken if reached).
  EXPECT_EQ(inactive(src, config({{"C", ""}}, {"B"})),
            (std::vector<Region>{between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#else", "#endif")}));
  // A unknown, everything else false: #else stays (A may be false).
  EXPECT_EQ(inactive(src, config({}, {"B", "C"})),
            (std::vector<Region>{between(src, "#elif defined(B)", "#elif defined(C)"),
                                 between(src, "#elif defined(C)", "#else")}));
}

TEST(InactiveRanges, Nesting) {
  std::string src =
      "#ifdef OUTER\n"
      "  #ifdef INNER\n  x\n  #else\n  y\n  #endif\n"
      "#else\n"
      "  #ifdef INNER\n  z\n  #endif\n"
      "#endif\n";
  // OUTER defined, INNER undefined: the inner #ifdef's first branch and the outer #else.
  auto got = inactive(src, config({{"OUTER", ""}}, {"INNER"}));
  size_t inner_if = src.find("  #ifdef INNER");
  size_t inner_else = src.find("  #else") + 2;
  size_t outer_else = src.find("#else\n  #ifdef");
  size_t last_endif = src.rfind("#endif");
  std::vector<Region> want = {
      {static_cast<uint32_t>(src.find('\n', inner_if)), static_cast<uint32_t>(inner_else)},
      {static_cast<uint32_t>(src.find('\n', outer_else)), static_cast<uint32_t>(last_endif)},
  };
  EXPECT_EQ(got, want);
  // OUTER undefined: only the outer first branch (nested chains inside it are not reported).
  auto outer_dead = inactive(src, config({}, {"OUTER"}));
  ASSERT_EQ(outer_dead.size(), 1u);
  EXPECT_EQ(outer_dead[0].begin, src.find('\n'));
  EXPECT_EQ(outer_dead[0].end, outer_else);
}

TEST(InactiveRanges, UnbalancedAndMissingEndif) {
  std::string stray = "#endif\n#else\n#elif X\n#if 0\na\n#endif\n#endif\n";
  auto r = inactive(stray, {});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].begin, stray.find("\na\n"));
  std::string missing = "#if 0\na\n";
  auto m = inactive(missing, {});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].begin, 5u);
  EXPECT_EQ(m[0].end, std::numeric_limits<uint32_t>::max());
  EXPECT_TRUE(inactive("", {}).empty());
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "#if 1\n";
  deep += "#if 0\nx\n";
  EXPECT_EQ(inactive(deep, {}).size(), 1u);
}

TEST(InactiveRanges, DeeplyNestedConditionIsUnknownNotACrash) {
  std::string cond(10000, '(');
  cond += "0";
  cond += std::string(10000, ')');
  EXPECT_TRUE(inactive("#if " + cond + "\nx\n#endif\n", {}).empty());
  std::string nots(10000, '!');
  EXPECT_TRUE(inactive("#if " + nots + "0\nx\n#endif\n", {}).empty());
}

TEST(InactiveRanges, RecursiveDefinitionsDoNotLoop) {
  ConditionConfig cfg = config({{"A", "B"}, {"B", "A"}});
  EXPECT_TRUE(inactive("#if A\nx\n#endif\n", cfg).empty());
}

TEST(UnitConditions, KernelFactsThenProjectThenUser) {
  ConditionConfig cfg = unit_conditions({"FOO=2", "BAR", "_KERNEL_MODE=0"}, {"BAR"}, {});
  EXPECT_EQ(cfg.defined.at("FOO"), "2");
  EXPECT_EQ(cfg.defined.at("_KERNEL_MODE"), "0");  // the project's own definition wins
  EXPECT_TRUE(cfg.undefined.count("BAR"));         // /U after /D
  EXPECT_TRUE(cfg.defined_no_value.count("KMDF_VERSION_MAJOR"));
  EXPECT_TRUE(cfg.undefined.count("UMDF_VERSION_MAJOR"));

  ConditionConfig user = config({{"UMDF_VERSION_MAJOR", "2"}}, {"FOO"});
  cfg = unit_conditions({"FOO=2"}, {}, user);
  EXPECT_EQ(cfg.defined.at("UMDF_VERSION_MAJOR"), "2");  // -D wins over the kernel facts
  EXPECT_FALSE(cfg.undefined.count("UMDF_VERSION_MAJOR"));
  EXPECT_TRUE(cfg.undefined.count("FOO"));  // -U wins over the project
  EXPECT_FALSE(cfg.defined.count("FOO"));
}

TEST(UnitConditions, DefinedWithoutValueDecidesDefinedOnly) {
  ConditionConfig cfg = unit_conditions({}, {}, {});
  std::string src =
      "#ifdef KMDF_VERSION_MAJOR\nA\n#else\nB\n#endif\n"
      "#if KMDF_VERSION_MAJOR > 1\nC\n#endif\n"
      "#ifndef _KERNEL_MODE\nD\n#endif\n";
  EXPECT_EQ(inactive(src, cfg),
            (std::vector<Region>{between(src, "#else", "#endif"),
                                 between(src, "#ifndef _KERNEL_MODE", "#endif")}));
}

TEST(UndefineDeadOnlyMacros, DefinedOnlyUnderUserModeConditions) {
  std::string header =
      "#if defined(UMDF_VERSION_MAJOR)\n#define X_USER_MODE\n#define BOTH 1\n#endif\n"
      "#define BOTH 2\n"
      "#if defined(X_USER_MODE)\n#define Y_USER_MODE\n#endif\n"
      "#ifdef SOMETHING_UNKNOWN\n#define Z_MAYBE\n#endif\n";
  std::string source = "#ifdef Y_USER_MODE\nA\n#endif\n#ifdef Z_MAYBE\nB\n#endif\n";
  std::vector<Directive> h = scan_directives(header), c = scan_directives(source);
  ConditionConfig cfg = unit_conditions({}, {}, {});
  undefine_dead_only_macros({&h, &c}, cfg);
  EXPECT_TRUE(cfg.undefined.count("X_USER_MODE"));
  EXPECT_TRUE(cfg.undefined.count("Y_USER_MODE"));  // dead once X_USER_MODE is undefined
  EXPECT_FALSE(cfg.undefined.count("BOTH"));        // also defined where it is compiled
  EXPECT_FALSE(cfg.undefined.count("Z_MAYBE"));     // under a condition nobody decides
  EXPECT_EQ(inactive(source, cfg),
            (std::vector<Region>{between(source, "#ifdef Y_USER_MODE", "#endif")}));
}

TEST(UndefineDeadOnlyMacros, UserDefinitionIsLeftAlone) {
  std::string header = "#if defined(UMDF_VERSION_MAJOR)\n#define X_USER_MODE\n#endif\n";
  std::vector<Directive> h = scan_directives(header);
  ConditionConfig cfg = unit_conditions({}, {}, config({{"X_USER_MODE", "1"}}));
  undefine_dead_only_macros({&h}, cfg);
  EXPECT_FALSE(cfg.undefined.count("X_USER_MODE"));
  EXPECT_EQ(cfg.defined.at("X_USER_MODE"), "1");
}

}  // namespace
}  // namespace pagewise
