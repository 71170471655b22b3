#include "cli/language_server.hpp"

#include <filesystem>
#include <sstream>

#include "cli/explain.hpp"
#include "cli/lsp_findings.hpp"
#include "cli/lsp_text.hpp"
#include "cli/lsp_transport.hpp"
#include "platform/platform.hpp"

namespace pagewise {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// JSON-RPC 2.0 and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kServerNotInitialized = -32002;

json error_response(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json result_response(const json& id, json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json notification(const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json publish(const std::string& file, json diagnostics) {
  if (diagnostics.is_null()) diagnostics = json::array();
  return notification("textDocument/publishDiagnostics",
                      {{"uri", path_to_uri(file)}, {"diagnostics", std::move(diagnostics)}});
}

// A folder that holds a project (a .vcxproj, or a WDK `sources` file) is a driver's unit.
bool holds_project(const fs::path& folder) {
  std::error_code ec;
  if (fs::exists(folder / "sources", ec)) return true;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".vcxproj") return true;
  return false;
}

std::string document_path(const json& params) {
  return buffer_key(uri_to_path(params.at("textDocument").at("uri").get<std::string>()));
}

}  // namespace

std::vector<json> LanguageServer::handle(const std::string& body) {
  json msg = json::parse(body, nullptr, false);
  if (msg.is_discarded()) return {error_response(nullptr, kParseError, "not JSON")};
  json id = msg.is_object() && msg.contains("id") ? msg["id"] : json();
  if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string())
    return {error_response(id, kInvalidRequest, "not a JSON-RPC request or notification")};
  try {
    return dispatch(msg);
  } catch (const json::exception& e) {
    // A request whose params lack a field the method needs.
    if (msg.contains("id")) return {error_response(id, kInvalidParams, e.what())};
    return {};
  }
}

std::vector<json> LanguageServer::dispatch(const json& msg) {
  const std::string method = msg["method"];
  const bool request = msg.contains("id");
  const json id = request ? msg["id"] : json();
  const json params = msg.value("params", json::object());
  if (method == "exit") {
    exited_ = true;
    return {};
  }
  if (method == "initialize") return {result_response(id, initialize(params))};
  if (!initialized_)
    return request
               ? std::vector<json>{error_response(id, kServerNotInitialized, "initialize first")}
               : std::vector<json>{};
  if (shutdown_)
    return request ? std::vector<json>{error_response(id, kInvalidRequest, "shut down")}
                   : std::vector<json>{};
  if (method == "shutdown") {
    shutdown_ = true;
    return {result_response(id, nullptr)};
  }
  if (method.rfind("textDocument/did", 0) == 0) return document_changed(params, method);
  if (method == "textDocument/hover") return {result_response(id, hover(params))};
  if (method == "textDocument/codeAction") return {result_response(id, code_action(params))};
  if (request) return {error_response(id, kMethodNotFound, "pagewise does not handle " + method)};
  return {};  // notifications pagewise has no use for ($/..., initialized, workspace/...)
}

json LanguageServer::initialize(const json& params) {
  initialized_ = true;
  std::string root;
  if (params.contains("rootUri") && params["rootUri"].is_string())
    root = uri_to_path(params["rootUri"].get<std::string>());
  else if (params.contains("rootPath") && params["rootPath"].is_string())
    root = params["rootPath"].get<std::string>();
  if (!root.empty()) root_ = buffer_key(root);
  json sync = {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}};
  return {{"capabilities",
           {{"positionEncoding", "utf-16"},
            {"textDocumentSync", sync},
            {"hoverProvider", true},
            {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
          {"serverInfo", {{"name", "pagewise"}}}};
}

std::vector<json> LanguageServer::document_changed(const json& params, const std::string& method) {
  std::string file = document_path(params);
  if (method == "textDocument/didOpen") {
    buffers_[file] = params.at("textDocument").at("text").get<std::string>();
  } else if (method == "textDocument/didChange") {
    // Full synchronisation (the capability says so): the last change holds the whole text.
    const json& changes = params.at("contentChanges");
    if (!changes.empty()) buffers_[file] = changes.back().at("text").get<std::string>();
  } else if (method == "textDocument/didClose") {
    buffers_.erase(file);
  } else if (method != "textDocument/didSave") {
    return {};
  }
  return analyse(scope_of(file));
}

// The folder of the file's project: the nearest folder up to the workspace root with a .vcxproj or
// `sources`, as `check` would find it; else the file's own folder.
std::string LanguageServer::scope_of(const std::string& file) const {
  fs::path folder = platform::os_path(file).parent_path();
  for (fs::path f = folder; !f.empty(); f = f.parent_path()) {
    if (holds_project(f)) return platform::utf8(f);
    if (root_.empty() || platform::utf8(f) == root_ || f == f.parent_path()) break;
  }
  return platform::utf8(folder);
}

std::string LanguageServer::text_of(const std::string& file) const {
  if (auto b = buffers_.find(file); b != buffers_.end()) return b->second;
  return platform::read_whole_file(file).bytes;
}

std::vector<json> LanguageServer::analyse(const std::string& scope) {
  std::optional<Analysis> analysis = analyser_(scope, buffers_);
  if (!analysis)
    return {notification("window/showMessage",
                         {{"type", 1},
                          {"message", "pagewise: the project settings (.pagewise.toml) of " +
                                          scope + " cannot be used; its log says why"}})};
  Scope& s = scopes_[scope];
  s.analysis = std::move(*analysis);
  auto by_file =
      diagnostics_by_file(s.analysis, [this](const std::string& f) { return text_of(f); });
  // Open documents always get their diagnostics (the editor waits on them); other files only when
  // theirs changed, so an edit does not resend every file's evidence paths.
  std::vector<json> out;
  std::set<std::string> cleared;
  for (auto old = s.published.begin(); old != s.published.end();)
    if (!by_file.count(old->first)) {
      cleared.insert(old->first);
      out.push_back(publish(old->first, {}));
      old = s.published.erase(old);
    } else {
      ++old;
    }
  for (const auto& [file, open] : buffers_)
    if (!by_file.count(file) && !cleared.count(file) && scope_of(file) == scope)
      out.push_back(publish(file, {}));
  for (auto& [file, diagnostics] : by_file) {
    json list(std::move(diagnostics));
    auto last = s.published.find(file);
    if (last != s.published.end() && last->second == list && !buffers_.count(file)) continue;
    out.push_back(publish(file, list));
    s.published[file] = std::move(list);
  }
  return out;
}

const LanguageServer::Scope* LanguageServer::scope_holding(const std::string& file) const {
  auto s = scopes_.find(scope_of(file));
  return s == scopes_.end() ? nullptr : &s->second;
}

// The innermost function around the position, explained as `pagewise explain` does.
json LanguageServer::hover(const json& params) {
  std::string file = document_path(params);
  uint32_t line = params.at("position").at("line").get<uint32_t>() + 1;
  const Scope* s = scope_holding(file);
  if (!s) return nullptr;
  const FileFacts* facts = nullptr;
  const Function* around = nullptr;
  for (const auto& f : s->analysis.files) {
    if (buffer_key(f->path) != file) continue;
    for (const Function& fn : f->functions)
      if (fn.pos.line <= line && line <= fn.end_line && (!around || fn.pos.line > around->pos.line))
        around = &fn, facts = f.get();
  }
  if (!around) return nullptr;
  std::ostringstream out, err;
  if (!write_explain(out, err, s->analysis, facts->path, around->name)) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", "```text\n" + out.str() + "```"}}}};
}

json LanguageServer::code_action(const json& params) {
  std::string file = document_path(params);
  const json& range = params.at("range");
  uint32_t first = range.at("start").at("line").get<uint32_t>() + 1;
  uint32_t last = range.at("end").at("line").get<uint32_t>() + 1;
  const Scope* s = scope_holding(file);
  if (!s) return json::array();
  return code_actions(s->analysis, file, first, last,
                      [this](const std::string& f) { return text_of(f); });
}

int serve(std::istream& in, std::ostream& out, const Analyser& analyser) {
  platform::binary_stdin();
  LanguageServer server(analyser);
  while (!server.exited()) {
    LspRead r = read_lsp_message(in);
    if (r.end) return 1;  // the client went away without exit
    if (!r.body) {
      // The stream cannot be resynchronised after a broken header: say so and stop.
      write_lsp_message(out, error_response(nullptr, kParseError, r.error).dump());
      return 1;
    }
    for (const json& reply : server.handle(*r.body))
      write_lsp_message(out, reply.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return server.exit_code();
}

}  // namespace pagewise
