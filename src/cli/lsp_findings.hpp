// Findings as the editor shows them (`pagewise serve`): diagnostics with their evidence path, and
// the code actions that apply the edits findings describe.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"

namespace pagewise {

// The text of a file as the editor sees it: its open buffer, else the file on disk.
using FileText = std::function<std::string(const std::string& absolute_path)>;

// Where each file of an analysis (as findings name it) is on disk: absolute, normalised.
std::map<std::string, std::string> absolute_paths(const Analysis& a);

// Every finding of `a` as an LSP Diagnostic, grouped by the absolute path of its file.
std::map<std::string, std::vector<nlohmann::json>> diagnostics_by_file(const Analysis& a,
                                                                       const FileText& text);

// The code actions for the findings of `file` on lines [first_line, last_line] (1-based).
std::vector<nlohmann::json> code_actions(const Analysis& a, const std::string& file,
                                         uint32_t first_line, uint32_t last_line,
                                         const FileText& text);

}  // namespace pagewise
