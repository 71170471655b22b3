// MSBuild's property expansion and conditions, as far as pagewise evaluates them.
#include "discover/msbuild.hpp"

#include <gtest/gtest.h>

namespace pagewise {
namespace {

MsbuildProperties release_x64() {
  MsbuildProperties p;
  p.set("Configuration", "Release");
  p.set("Platform", "x64");
  return p;
}

TEST(ExpandProperties, KnownNamesAnyCaseUnknownKept) {
  MsbuildProperties p = release_x64();
  EXPECT_EQ(expand_properties("$(configuration)|$(PLATFORM)", p), "Release|x64");
  EXPECT_EQ(expand_properties("$(WDKContentRoot)include;inc", p), "$(WDKContentRoot)include;inc");
  EXPECT_EQ(expand_properties("a$(Nope)b", p, true), "ab");
  bool unresolved = false;
  EXPECT_EQ(expand_properties("$([System.IO.Path]::Combine('a', 'b'))x", p, true, &unresolved),
            "$([System.IO.Path]::Combine('a', 'b'))x");
  EXPECT_TRUE(unresolved);
  EXPECT_EQ(expand_properties("$(Unclosed", p), "$(Unclosed");
}

TEST(EvaluateCondition, ConfigurationTests) {
  MsbuildProperties p = release_x64();
  EXPECT_EQ(evaluate_condition("'$(Configuration)|$(Platform)'=='Release|x64'", p), true);
  EXPECT_EQ(evaluate_condition("'$(Configuration)|$(Platform)' == 'Debug|x64'", p), false);
  EXPECT_EQ(evaluate_condition(" '$(Configuration)' != 'debug' ", p), true);  // any case
  EXPECT_EQ(evaluate_condition("'$(Undefined)' == ''", p), true);
  EXPECT_EQ(evaluate_condition("'$(Platform)'=='Win32' or '$(Platform)'=='x64'", p), true);
  EXPECT_EQ(evaluate_condition("'$(Platform)'=='x64' And !('$(Configuration)'=='Debug')", p), true);
  EXPECT_EQ(evaluate_condition("false or (true and false)", p), false);
  EXPECT_EQ(evaluate_condition("", p), true);
}

TEST(EvaluateCondition, UndecidableIsUnknown) {
  MsbuildProperties p = release_x64();
  EXPECT_EQ(evaluate_condition("Exists('$(UserRootDir)\\x.props')", p), std::nullopt);
  EXPECT_EQ(evaluate_condition("'$(X.Contains(a))' == 'True'", p), std::nullopt);
  EXPECT_EQ(evaluate_condition("'a' == ", p), std::nullopt);
  EXPECT_EQ(evaluate_condition("'unterminated == 'a'", p), std::nullopt);
  // One known side decides `and`/`or`.
  EXPECT_EQ(evaluate_condition("Exists('x') and '$(Platform)'=='Win32'", p), false);
  EXPECT_EQ(evaluate_condition("Exists('x') or '$(Platform)'=='x64'", p), true);
  EXPECT_EQ(evaluate_condition("'$(VisualStudioVersion)' >= '16'", p), std::nullopt);
  p.set("VisualStudioVersion", "17");
  EXPECT_EQ(evaluate_condition("'$(VisualStudioVersion)' >= '16'", p), true);
  EXPECT_EQ(evaluate_condition(std::string(500, '(') + "true" + std::string(500, ')'), p),
            std::nullopt);
}

}  // namespace
}  // namespace pagewise
