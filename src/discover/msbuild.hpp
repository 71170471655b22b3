// The part of MSBuild's evaluation a project file needs without a build: property tables,
// `$(Name)` expansion and `Condition` attributes
// (https://learn.microsoft.com/en-us/visualstudio/msbuild/msbuild-conditions).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pagewise {

// Property names are case-insensitive in MSBuild.
class MsbuildProperties {
 public:
  void set(std::string_view name, std::string value);
  const std::string* find(std::string_view name) const;

 private:
  std::map<std::string, std::string> values_;  // by lower-cased name
};

// `$(Name)` replaced by the property's value. A reference that cannot be resolved (an unknown
// name, a property function such as `$([System.IO.Path]::Combine(...))`) stays as written; with
// `unknown_as_empty` an unknown name becomes "" (how MSBuild reads an undefined property in a
// condition) and a property function still stays. `*unresolved` says whether any was left.
std::string expand_properties(std::string_view s, const MsbuildProperties& props,
                              bool unknown_as_empty = false, bool* unresolved = nullptr);

// A `Condition` attribute: `'$(Configuration)|$(Platform)'=='Release|x64'`, `!=`, `and`, `or`,
// `!`, parentheses, `true`/`false`. nullopt when it cannot be decided (a function such as
// `Exists(...)`, a property function, syntax it does not know): callers keep what it guards.
std::optional<bool> evaluate_condition(std::string_view condition, const MsbuildProperties& props);

}  // namespace pagewise
