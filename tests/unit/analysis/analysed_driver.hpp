// A driver written for a test: one source file in its own temporary folder, analysed once with
// run_analysis exactly as `pagewise check` would, with accessors for what a test asserts on.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/pipeline.hpp"

namespace pagewise::testing {

// One synthesized driver in its own temporary folder, analysed once.
class Driver {
 public:
  explicit Driver(const std::string& source, const std::string& name = "driver.c") {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pw-table-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return;
    root_ = tmpl;
    std::ofstream(root_ / name, std::ios::binary) << source;
    AnalysisOptions opts;
    opts.inputs = {root_.string()};
    opts.threads = 1;
    analysis_ = run_analysis(opts);
  }
  ~Driver() {
    std::error_code ec;
    if (!root_.empty()) std::filesystem::remove_all(root_, ec);
  }
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  const Analysis& analysis() const { return analysis_; }

  std::vector<const Finding*> findings(std::string_view rule) const {
    std::vector<const Finding*> out;
    for (const Finding& f : analysis_.findings)
      if (f.rule_id == rule) out.push_back(&f);
    return out;
  }

  bool has_function(const std::string& name) const {
    for (const Model& m : analysis_.models)
      if (m.program.by_name.count(name)) return true;
    return false;
  }
  // The roles bound to every function called `name`.
  std::set<std::string> roles_of(const std::string& name) const {
    std::set<std::string> out;
    for (const Model& m : analysis_.models) {
      auto it = m.program.by_name.find(name);
      if (it == m.program.by_name.end()) continue;
      for (FunctionId id : it->second)
        for (const RoleBinding& b : m.at(id).roles) out.insert(b.role);
    }
    return out;
  }

  // The role bindings of every function called `name`.
  std::vector<RoleBinding> bindings_of(const std::string& name) const {
    std::vector<RoleBinding> out;
    for (const Model& m : analysis_.models) {
      auto it = m.program.by_name.find(name);
      if (it == m.program.by_name.end()) continue;
      for (FunctionId id : it->second)
        for (const RoleBinding& b : m.at(id).roles) out.push_back(b);
    }
    return out;
  }

  // Everything reported, for failure messages.
  std::string dump() const {
    std::ostringstream s;
    for (const Finding& f : analysis_.findings)
      s << "\n    " << f.file << ":" << f.pos.line << ": " << severity_name(f.severity) << " ["
        << f.rule_id << "] " << f.message;
    return s.str();
  }

 private:
  std::filesystem::path root_;
  Analysis analysis_;
};

}  // namespace pagewise::testing
