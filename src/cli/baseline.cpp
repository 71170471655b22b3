#include "cli/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/fingerprint.hpp"

namespace pagewise {

namespace {

// The key sarif.cpp writes; a log from another tool, or a future key, has none of it.
constexpr const char* kFingerprintKey = "pagewise/v1";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "file:///abs/x.c" → "/abs/x.c"; "file:///C:/x.c" → "C:/x.c".
std::string path_of_file_uri(std::string uri) {
  if (uri.rfind("file://", 0) != 0) return uri;
  uri = uri.substr(7);
  if (uri.size() > 2 && uri[0] == '/' && uri[2] == ':') uri = uri.substr(1);
  return uri;
}

// The file of a result: a URI relative to one of the run's base ids, or a file:// URI.
std::string result_file(const nlohmann::json& location, const nlohmann::json& base_ids) {
  const nlohmann::json& art =
      location.value("/physicalLocation/artifactLocation"_json_pointer, nlohmann::json::object());
  std::string uri = percent_decoded(art.value("uri", ""));
  std::string base_id = art.value("uriBaseId", "");
  if (!base_id.empty() && base_ids.contains(base_id)) {
    return path_of_file_uri(percent_decoded(base_ids[base_id].value("uri", ""))) + uri;
  }
  return path_of_file_uri(uri);
}

BaselineResult read_result(const nlohmann::json& r, const nlohmann::json& base_ids) {
  BaselineResult b;
  b.fingerprint = r.at("partialFingerprints").at(kFingerprintKey).get<std::string>();
  b.rule_id = r.value("ruleId", "");
  b.level = r.value("level", "warning");
  b.message = r.value("/message/text"_json_pointer, std::string());
  if (r.contains("locations") && r["locations"].is_array() && !r["locations"].empty()) {
    const nlohmann::json& loc = r["locations"][0];
    b.file = result_file(loc, base_ids);
    b.pos.line = loc.value("/physicalLocation/region/startLine"_json_pointer, 0u);
    b.pos.col = loc.value("/physicalLocation/region/startColumn"_json_pointer, 0u);
  }
  return b;
}

Severity severity_named(const std::string& level) {
  if (level == "error") return Severity::Error;
  if (level == "note") return Severity::Note;
  return Severity::Warning;
}

}  // namespace

bool read_baseline(const std::string& path, std::vector<BaselineResult>& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read the baseline";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json log = nlohmann::json::parse(text.str(), nullptr, false);
  if (log.is_discarded() || !log.is_object() || !log.contains("runs") || !log["runs"].is_array()) {
    error = path + ": is not a SARIF log (write one with --write-baseline)";
    return false;
  }
  try {
    for (const nlohmann::json& run : log["runs"]) {
      nlohmann::json base_ids = run.value("originalUriBaseIds", nlohmann::json::object());
      for (const nlohmann::json& r : run.value("results", nlohmann::json::array())) {
        // Results already absent from the baseline's own run are not part of it any more.
        if (r.value("baselineState", "") == "absent") continue;
        out.push_back(read_result(r, base_ids));
      }
    }
  } catch (const nlohmann::json::exception&) {
    error = path + ": a result has no '" + kFingerprintKey +
            "' partial fingerprint; the baseline must be a SARIF log written by pagewise";
    return false;
  }
  return true;
}

void apply_baseline(std::vector<Finding>& findings, const std::vector<BaselineResult>& baseline,
                    const ArtifactRoot& base) {
  std::map<std::string, size_t> unmatched;  // fingerprint → index in baseline
  for (size_t i = 0; i < baseline.size(); ++i) unmatched.emplace(baseline[i].fingerprint, i);
  std::vector<std::string> fingerprints = finding_fingerprints(findings, base);
  for (size_t i = 0; i < findings.size(); ++i) {
    auto it = unmatched.find(fingerprints[i]);
    findings[i].baseline = it == unmatched.end() ? BaselineState::New : BaselineState::Unchanged;
    if (it != unmatched.end()) unmatched.erase(it);
  }
  std::vector<size_t> absent;
  for (const auto& [fingerprint, i] : unmatched) absent.push_back(i);
  std::sort(absent.begin(), absent.end());
  for (size_t i : absent) {
    const BaselineResult& b = baseline[i];
    Finding f;
    f.rule_id = b.rule_id;
    f.severity = severity_named(b.level);
    f.file = b.file;
    f.pos = b.pos;
    f.message = b.message;
    f.baseline = BaselineState::Absent;
    f.fingerprint = b.fingerprint;
    findings.push_back(std::move(f));
  }
}

bool counts(const Finding& f) {
  return !f.suppressed && f.baseline != BaselineState::Unchanged &&
         f.baseline != BaselineState::Absent;
}

std::vector<Finding> findings_to_show(const std::vector<Finding>& findings, bool show_suppressed,
                                      size_t& hidden_suppressed, size_t& hidden_in_baseline) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.baseline == BaselineState::Absent) continue;
    if (f.baseline == BaselineState::Unchanged) {
      ++hidden_in_baseline;
    } else if (f.suppressed && !show_suppressed) {
      ++hidden_suppressed;
    } else {
      out.push_back(f);
    }
  }
  return out;
}

}  // namespace pagewise
