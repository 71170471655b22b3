// integrations/msbuild: both files are well-formed MSBuild XML, and the command line the targets
// run (the PagewiseArguments property, with pagewise.props' defaults and the configuration being
// built) works on an example driver: MSVC-form findings and the exit status --fail-on asks for.
// MSBuild itself does not run here; what it would add is the Exec around this command line.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

namespace fs = std::filesystem;
using testing::run_pagewise;
using testing::RunResult;

const fs::path kMsbuild = fs::path(PW_SOURCE_DIR) / "integrations" / "msbuild";

struct MsbuildFile {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed;
  explicit MsbuildFile(const char* name)
      : parsed(
            doc.load_file((kMsbuild / name).c_str(), pugi::parse_default | pugi::parse_comments)) {}
  pugi::xml_node project() const { return doc.child("Project"); }
};

// The properties a file sets, in order: name → value (a later one wins, as in MSBuild, when its
// condition holds; only unconditional ones and "not set yet" defaults are taken here).
std::map<std::string, std::string> properties(const MsbuildFile& f) {
  std::map<std::string, std::string> out;
  for (pugi::xml_node group : f.project().children("PropertyGroup"))
    for (pugi::xml_node p : group.children()) {
      if (p.type() != pugi::node_element) continue;
      std::string condition = p.attribute("Condition").value();
      if (condition.empty() || condition == "'$(" + std::string(p.name()) + ")' == ''")
        out[p.name()] = p.text().get();
    }
  return out;
}

// The text of every comment in `node` and below.
std::vector<std::string> comments(const pugi::xml_node& node) {
  std::vector<std::string> out;
  for (pugi::xml_node n : node.children()) {
    if (n.type() == pugi::node_comment) out.push_back(n.value());
    std::vector<std::string> inner = comments(n);
    out.insert(out.end(), inner.begin(), inner.end());
  }
  return out;
}

// $(Name) replaced from `values` until none is left; an unknown name fails the test.
std::string expand(std::string text, const std::map<std::string, std::string>& values) {
  for (size_t at = text.find("$("); at != std::string::npos; at = text.find("$(")) {
    size_t end = text.find(')', at);
    std::string name = text.substr(at + 2, end - at - 2);
    auto it = values.find(name);
    EXPECT_NE(it, values.end()) << "no value for $(" << name << ")";
    text.replace(at, end - at + 1, it == values.end() ? "" : it->second);
  }
  return text;
}

// Splits a command line as Windows' argument parsing does for these simple cases: blanks separate,
// double quotes group.
std::vector<std::string> split_arguments(const std::string& line) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(current);
      current.clear();
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (any) out.push_back(current);
  return out;
}

// The arguments the targets would give pagewise for `project_dir`, built as Configuration|Platform.
std::vector<std::string> targets_arguments(const std::string& project_dir,
                                           std::map<std::string, std::string> overrides = {}) {
  MsbuildFile props("pagewise.props"), targets("pagewise.targets");
  std::map<std::string, std::string> values = properties(props);
  for (auto& [k, v] : overrides) values[k] = v;
  values["MSBuildProjectDirectory"] = project_dir;
  for (const auto& e : std::filesystem::directory_iterator(project_dir))
    if (e.path().extension() == ".vcxproj") values["MSBuildProjectFullPath"] = e.path().string();
  values["Configuration"] = "Release";
  values["Platform"] = "x64";
  std::string command = properties(targets)["PagewiseArguments"];
  EXPECT_FALSE(command.empty());
  return split_arguments(expand(command, values));
}

TEST(MsbuildIntegration, FilesAreWellFormedMsbuildProjects) {
  for (const char* name : {"pagewise.props", "pagewise.targets"}) {
    SCOPED_TRACE(name);
    MsbuildFile f(name);
    ASSERT_TRUE(f.parsed) << f.parsed.description() << " at byte " << f.parsed.offset;
    EXPECT_EQ(std::string(f.project().attribute("xmlns").value()),
              "http://schemas.microsoft.com/developer/msbuild/2003");
    // XML forbids "--" inside a comment, which a lenient parser lets through.
    EXPECT_GE(comments(f.doc).size(), 2u);
    for (const std::string& comment : comments(f.doc))
      EXPECT_EQ(comment.find("--"), std::string::npos) << comment;
  }
}

TEST(MsbuildIntegration, TargetsRunAfterBuildOrBeforeAndExecTheArguments) {
  MsbuildFile f("pagewise.targets");
  ASSERT_TRUE(f.parsed);
  pugi::xml_node after =
      f.project().find_child_by_attribute("Target", "Name", "PagewiseAfterBuild");
  pugi::xml_node before =
      f.project().find_child_by_attribute("Target", "Name", "PagewiseBeforeBuild");
  pugi::xml_node check = f.project().find_child_by_attribute("Target", "Name", "PagewiseCheck");
  ASSERT_TRUE(after && before && check);
  EXPECT_STREQ(after.attribute("AfterTargets").value(), "Build");
  EXPECT_STREQ(before.attribute("BeforeTargets").value(), "BeforeBuild");
  EXPECT_NE(std::string(after.attribute("Condition").value()).find("!= 'true'"), std::string::npos);
  EXPECT_NE(std::string(before.attribute("Condition").value()).find("== 'true'"),
            std::string::npos);
  std::string exec = check.child("Exec").attribute("Command").value();
  EXPECT_EQ(exec, "\"$(PagewiseExe)\" $(PagewiseArguments)");
  // Every property the targets read has its default in the props.
  std::map<std::string, std::string> defaults = properties(MsbuildFile("pagewise.props"));
  for (const char* name : {"PagewiseEnabled", "PagewiseExe", "PagewiseRunBeforeBuild",
                           "PagewiseFailOn", "PagewiseInput", "PagewiseExtraArguments"})
    EXPECT_TRUE(defaults.count(name)) << name;
  EXPECT_EQ(defaults["PagewiseFailOn"], "warning");
}

TEST(MsbuildIntegration, CommandLineWorksOnAnExampleDriver) {
  std::string project = (fs::path(PW_SOURCE_DIR) / "examples" / "wdm-ramdisk").string();
  std::vector<std::string> args = targets_arguments(project);
  ASSERT_GE(args.size(), 7u);
  EXPECT_EQ(args[0], "check");
  EXPECT_NE(std::find(args.begin(), args.end(), "Release|x64"), args.end());
  RunResult r = run_pagewise(args, project);
  EXPECT_EQ(r.status, 1) << r.err;  // the example has warnings and errors: the build fails
  std::regex diagnostic(
      R"(^[^(]+\(\d+,\d+\): (error|warning|note) PW\d{4}: .+ \[[a-z-]+/[a-z-]+\]$)");
  std::regex note(R"(^[^(]+\(\d+(,\d+)?\): note: .+$)");
  std::istringstream lines(r.out);
  std::string line;
  int diagnostics = 0, errors = 0;
  while (std::getline(lines, line)) {
    bool is_diagnostic = std::regex_match(line, diagnostic);
    diagnostics += is_diagnostic;
    errors += is_diagnostic && line.find("): error PW") != std::string::npos;
    EXPECT_TRUE(is_diagnostic || std::regex_match(line, note)) << line;
  }
  EXPECT_GT(errors, 0);
  EXPECT_GT(diagnostics, errors);
}

TEST(MsbuildIntegration, FailOnPropertyDecidesTheExitStatus) {
  std::string project = (fs::path(PW_SOURCE_DIR) / "examples" / "wdm-ramdisk").string();
  EXPECT_EQ(run_pagewise(targets_arguments(project, {{"PagewiseFailOn", "never"}}), project).status,
            0);
  EXPECT_EQ(run_pagewise(targets_arguments(project, {{"PagewiseFailOn", "error"}}), project).status,
            1);
  RunResult extra = run_pagewise(
      targets_arguments(project, {{"PagewiseExtraArguments", "--no-advice"}}), project);
  EXPECT_EQ(extra.out.find(" note PW8"), std::string::npos);
}

}  // namespace
}  // namespace pagewise
