#include "cli/project_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "discover/glob.hpp"
#include "knowledge/project_rows.hpp"

namespace pagewise {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFileName = ".pagewise.toml";

// A bad key or value: the message, with the line it is on.
struct ConfigError {
  uint32_t line;
  std::string message;
};

uint32_t line_of(const toml::node& n) { return n.source().begin.line; }

// A list of strings (a lone string counts as a list of one).
std::vector<std::string> strings_of(const toml::node& n, const std::string& key) {
  std::vector<std::string> out;
  if (const auto* s = n.as_string()) return {s->get()};
  const toml::array* a = n.as_array();
  if (a == nullptr) throw ConfigError{line_of(n), "'" + key + "' must be a list of strings"};
  for (const toml::node& item : *a) {
    const auto* s = item.as_string();
    if (s == nullptr) throw ConfigError{line_of(item), "'" + key + "' must be a list of strings"};
    out.push_back(s->get());
  }
  return out;
}

std::string string_of(const toml::node& n, const std::string& key) {
  const auto* s = n.as_string();
  if (s == nullptr) throw ConfigError{line_of(n), "'" + key + "' must be a string"};
  return s->get();
}

// Every entry of an array of tables `[[key]]`, each checked against its allowed keys.
template <class ReadEntry>
void each_entry(const toml::node& n, const std::string& key, const std::set<std::string>& allowed,
                ReadEntry read) {
  const toml::array* a = n.as_array();
  if (a == nullptr || !a->is_array_of_tables())
    throw ConfigError{line_of(n), "'" + key + "' must be written as [[" + key + "]] tables"};
  for (const toml::node& item : *a) {
    const toml::table& t = *item.as_table();
    for (auto&& [k, v] : t)
      if (!allowed.count(std::string(k.str())))
        throw ConfigError{line_of(v),
                          "unknown key '" + std::string(k.str()) + "' in [[" + key + "]]"};
    read(t, line_of(item));
  }
}

const toml::node& required(const toml::table& t, const char* key, const std::string& table,
                           uint32_t line) {
  const toml::node* n = t.get(key);
  if (n == nullptr) throw ConfigError{line, "[[" + table + "]] needs '" + key + "'"};
  return *n;
}

Irql irql_of(const toml::node& n) {
  Irql level{};
  if (!parse_irql(string_of(n, "irql"), &level))
    throw ConfigError{line_of(n), "'" + string_of(n, "irql") +
                                      "' is not an IRQL (PASSIVE_LEVEL, APC_LEVEL, "
                                      "DISPATCH_LEVEL, HIGH_LEVEL or a number)"};
  return level;
}

int argument_of(const toml::table& t, const char* key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return -1;
  std::optional<int64_t> v = n->value<int64_t>();
  if (!v || *v < 0 || *v > 64)
    throw ConfigError{line_of(*n), std::string("'") + key + "' must be an argument index (0-64)"};
  return static_cast<int>(*v);
}

LockApi::Effect effect_of(const toml::node& n) {
  using E = LockApi::Effect;
  static const std::pair<const char*, E> kEffects[] = {{"acquire-spin-lock", E::AcquireSpinLock},
                                                       {"release-spin-lock", E::ReleaseSpinLock},
                                                       {"raise", E::Raise},
                                                       {"lower", E::Lower},
                                                       {"acquire-apc-lock", E::AcquireApcLock},
                                                       {"release-apc-lock", E::ReleaseApcLock}};
  std::string s = string_of(n, "effect");
  for (const auto& [name, effect] : kEffects)
    if (s == name) return effect;
  throw ConfigError{line_of(n), "unknown effect '" + s +
                                    "' (acquire-spin-lock, release-spin-lock, raise, lower, "
                                    "acquire-apc-lock, release-apc-lock)"};
}

void read_lock_helper(const toml::table& t, uint32_t line) {
  LockApi row{};
  std::string name = string_of(required(t, "name", "lock_helper", line), "name");
  row.effect = effect_of(required(t, "effect", "lock_helper", line));
  row.level = t.get("level") ? irql_of(*t.get("level")) : Irql::Dispatch;
  if (row.effect == LockApi::Effect::AcquireApcLock && !t.get("level")) row.level = Irql::Apc;
  row.lock_arg = argument_of(t, "lock_arg");
  row.level_arg = argument_of(t, "level_arg");
  row.routine_arg = -1;
  std::string source = t.get("source") ? string_of(*t.get("source"), "source") : kFileName;
  row.name = name.c_str();
  row.source = source.c_str();
  add_project_lock_api(row);
}

void read_callback_role(const toml::table& t, uint32_t line) {
  CallbackRole row{};
  std::string name = string_of(required(t, "name", "callback_role", line), "name");
  row.irql = irql_of(required(t, "irql", "callback_role", line));
  row.certain = true;
  if (const toml::node* c = t.get("certain")) {
    if (!c->is_boolean()) throw ConfigError{line_of(*c), "'certain' must be true or false"};
    row.certain = c->as_boolean()->get();
  }
  row.governor = Governor::None;
  row.flags = kRoleLater;
  std::string source = t.get("source") ? string_of(*t.get("source"), "source") : kFileName;
  row.name = name.c_str();
  row.source = source.c_str();
  add_project_role(row);
}

void read_severity(const toml::table& t, uint32_t line, ProjectConfig& out) {
  SeverityOverride o;
  o.ids = strings_of(required(t, "ids", "rules", line), "ids");
  if (const toml::node* p = t.get("paths")) o.paths = strings_of(*p, "paths");
  const toml::node& level = required(t, "severity", "rules", line);
  o.level = string_of(level, "severity");
  static const std::set<std::string> kLevels{"on", "off", "error", "warning", "note"};
  if (!kLevels.count(o.level))
    throw ConfigError{line_of(level),
                      "severity '" + o.level + "' is not one of on, off, error, warning, note"};
  out.severities.push_back(std::move(o));
}

// Long: one branch per top-level key of the file, each reading its value.
void read_table(const toml::table& file, ProjectConfig& out) {
  for (auto&& [k, v] : file) {
    std::string key(k.str());
    if (key == "configuration") {
      out.configuration = string_of(v, key);
    } else if (key == "exclude") {
      out.excludes = strings_of(v, key);
    } else if (key == "define") {
      out.defines = strings_of(v, key);
    } else if (key == "undefine") {
      out.undefines = strings_of(v, key);
    } else if (key == "blank") {
      out.blank = strings_of(v, key);
    } else if (key == "rules") {
      each_entry(v, key, {"ids", "paths", "severity"},
                 [&](const toml::table& t, uint32_t line) { read_severity(t, line, out); });
    } else if (key == "lock_helper") {
      each_entry(v, key, {"name", "effect", "level", "lock_arg", "level_arg", "source"},
                 read_lock_helper);
    } else if (key == "callback_role") {
      each_entry(v, key, {"name", "irql", "certain", "source"}, read_callback_role);
    } else {
      throw ConfigError{line_of(v), "unknown key '" + key +
                                        "' (configuration, exclude, define, undefine, blank, "
                                        "[[rules]], [[lock_helper]], [[callback_role]])"};
    }
  }
}

bool names_rule(const std::string& pattern, const std::string& rule_id) {
  if (pattern == "*" || pattern == rule_id) return true;
  return pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, "/*") == 0 &&
         rule_id.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
}

}  // namespace

std::optional<std::string> find_project_config(const std::vector<std::string>& inputs) {
  std::error_code ec;
  fs::path start = fs::absolute(inputs.empty() ? fs::path(".") : fs::path(inputs.front()), ec);
  if (ec) return std::nullopt;
  if (!fs::is_directory(start, ec)) start = start.parent_path();
  for (fs::path d = start.lexically_normal(); !d.empty(); d = d.parent_path()) {
    if (fs::is_regular_file(d / kFileName, ec)) return (d / kFileName).string();
    // The repository's root is the last folder asked: a file above it belongs to no one here.
    if (fs::exists(d / ".git", ec) || d == d.parent_path()) break;
  }
  return std::nullopt;
}

bool read_project_config(const std::string& path, ProjectConfig& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read the configuration file";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  out.path = path;
  std::error_code ec;
  out.folder = fs::absolute(path, ec).parent_path().lexically_normal().string();
  try {
    toml::table file = toml::parse(text.str(), path);
    read_table(file, out);
  } catch (const toml::parse_error& e) {
    error =
        path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
    return false;
  } catch (const ConfigError& e) {
    error = path + ":" + std::to_string(e.line) + ": " + e.message;
    return false;
  }
  return true;
}

void apply_severities(const ProjectConfig& config, const std::vector<RuleInfo>& catalogue,
                      std::vector<Finding>& findings) {
  if (config.severities.empty()) return;
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    std::error_code ec;
    std::string rel = fs::absolute(f.file, ec)
                          .lexically_normal()
                          .lexically_relative(config.folder)
                          .generic_string();
    std::string level;
    for (const SeverityOverride& o : config.severities) {
      bool rule = std::any_of(o.ids.begin(), o.ids.end(),
                              [&](const std::string& id) { return names_rule(id, f.rule_id); });
      bool place = o.paths.empty() || std::any_of(o.paths.begin(), o.paths.end(),
                                                  [&](auto& g) { return glob_match(g, rel); });
      if (rule && place) level = o.level;
    }
    if (level == "off") continue;
    if (level == "error") f.severity = Severity::Error;
    if (level == "warning") f.severity = Severity::Warning;
    if (level == "note") f.severity = Severity::Note;
    if (level == "on")
      for (const RuleInfo& r : catalogue)
        if (r.id == f.rule_id) f.severity = r.severity;
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

}  // namespace pagewise
