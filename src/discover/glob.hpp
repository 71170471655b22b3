// The glob matcher that `.gitignore` lines, `--exclude` and project wildcards (`Include="*.c"`)
// share. It runs in time proportional to the glob's length times the path's, whatever the glob:
// a pattern comes from files pagewise is pointed at, so it must not be able to stall a run.
#pragma once

#include <string_view>

namespace pagewise {

// Glob match with gitignore's rules: `*` and `?` never match '/', `**` as a whole component
// matches any number of folders, `[...]` is a set (`!`/`^` negates, ranges, [:class:]),
// a backslash quotes the next character.
bool glob_match(std::string_view glob, std::string_view path);

}  // namespace pagewise
