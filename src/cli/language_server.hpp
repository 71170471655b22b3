// `pagewise serve`: a language server over stdio. Each open, change, save or close re-analyses the
// driver the file belongs to, with the editor's unsaved buffers standing for their files, and
// publishes every finding as a diagnostic with its evidence path; hover explains a function; code
// actions apply the edits findings describe.
#pragma once

#include <functional>
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "frontend/buffer_source.hpp"

namespace pagewise {

// Analyses the driver in `folder` with `buffers` standing for their files, as `check` would (its
// project settings included); nullopt when the settings cannot be read (said on standard error).
using Analyser =
    std::function<std::optional<Analysis>(const std::string& folder, const OpenBuffers& buffers)>;

class LanguageServer {
 public:
  explicit LanguageServer(Analyser analyser) : analyser_(std::move(analyser)) {}

  // Handles one message (its JSON text); returns the responses and notifications to send, in order.
  std::vector<nlohmann::json> handle(const std::string& body);

  bool exited() const { return exited_; }
  // 0 after shutdown then exit, 1 for an exit without shutdown (as the protocol asks).
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  struct Scope {
    Analysis analysis;
    std::map<std::string, nlohmann::json> published;  // the diagnostics each file last got
  };

  std::vector<nlohmann::json> dispatch(const nlohmann::json& msg);
  nlohmann::json initialize(const nlohmann::json& params);
  std::vector<nlohmann::json> document_changed(const nlohmann::json& params,
                                               const std::string& method);
  nlohmann::json hover(const nlohmann::json& params);
  nlohmann::json code_action(const nlohmann::json& params);

  std::string scope_of(const std::string& file) const;
  std::vector<nlohmann::json> analyse(const std::string& scope);
  const Scope* scope_holding(const std::string& file) const;
  std::string text_of(const std::string& file) const;

  Analyser analyser_;
  std::string root_;  // the workspace folder: where the search for a file's project stops
  OpenBuffers buffers_;
  std::map<std::string, Scope> scopes_;  // by the folder analysed
  bool initialized_ = false, shutdown_ = false, exited_ = false;
};

// Reads messages from `in` until exit or the end of input; returns the process exit status.
int serve(std::istream& in, std::ostream& out, const Analyser& analyser);

}  // namespace pagewise
