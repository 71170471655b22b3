#include "discover/project_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <utility>

#include "discover/msbuild.hpp"
#include "discover/paths.hpp"
#include "knowledge/build_macros.hpp"
#include "platform/platform.hpp"
#include "text/text.hpp"
#include "text/utf.hpp"

namespace pagewise {
namespace {

constexpr size_t npos = std::string_view::npos;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Items that need MSBuild (or nmake) to evaluate cannot be resolved without a build: drop them.
bool needs_evaluation(std::string_view item) {
  return item.find("$(") != npos || item.find("@(") != npos || item.find("%(") != npos;
}

void add_item(std::string_view item, std::vector<std::string>& items) {
  item = trim(item);
  if (item.empty() || needs_evaluation(item)) return;
  std::string path(item);
  std::replace(path.begin(), path.end(), '\\', '/');
  items.push_back(std::move(path));
}

bool is_sources_variable(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "SOURCES",     "I386_SOURCES",  "X86_SOURCES", "AMD64_SOURCES",
      "ARM_SOURCES", "ARM64_SOURCES", "IA64_SOURCES"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// nmake logical lines: `#` starts a comment, a trailing `\` joins the next line.
std::vector<std::string> nmake_logical_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string pending;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (size_t hash = line.find('#'); hash != npos) line = line.substr(0, hash);
    line = trim_back(line);
    if (!line.empty() && line.back() == '\\') {
      line.remove_suffix(1);
      pending.append(line);
      pending += ' ';
      continue;
    }
    pending.append(line);
    lines.push_back(std::move(pending));
    pending.clear();
  }
  if (!pending.empty()) lines.push_back(std::move(pending));
  return lines;
}

// Runs of white space (tabs, the spaces a joined continuation left) as one ' '.
std::string squeeze_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

namespace {

// Marks a path property's value (`$(ProjectDir)`, `$(MSBuildThisFileDirectory)`, `$(SolutionDir)`)
// as relative to the project's folder already: MSBuild's values are absolute, so an import that
// starts with one is not joined to the importing file's folder again.
constexpr char kProjectRelative = '\x01';

std::string without_marks(std::string_view s) {
  std::string out(s);
  out.erase(std::remove(out.begin(), out.end(), kProjectRelative), out.end());
  return out;
}

// `a;b;;c` → {"a", "b", "c"}, trimmed.
std::vector<std::string> split_list(std::string_view list, char sep = ';') {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= list.size()) {
    size_t at = list.find(sep, from);
    if (at == npos) at = list.size();
    std::string entry = without_marks(trim(list.substr(from, at - from)));
    if (!trim(entry).empty()) out.emplace_back(trim(entry));
    from = at + 1;
  }
  return out;
}

// A folder entry of a project, relative to its folder; "" when it needs a build to evaluate or
// is an absolute Windows path (the WDK's own folders).
std::string project_folder(std::string_view entry) {
  entry = trim(entry);
  if (entry.empty() || needs_evaluation(entry) || entry.find(':') != npos) return "";
  std::string dir(entry);
  std::replace(dir.begin(), dir.end(), '\\', '/');
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(std::move(value));
}

// `NAME`, `NAME=VALUE`, `NAME#VALUE` (cl's other spelling): kept when NAME is an identifier and
// nothing is left to evaluate.
bool is_definition(std::string_view d) {
  if (d.empty() || needs_evaluation(d)) return false;
  size_t end = d.find_first_of("=#");
  std::string_view name = d.substr(0, end);
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

std::string as_define(std::string_view d) {
  std::string out(d);
  if (size_t hash = out.find('#'); hash != npos && out.find('=') == npos) out[hash] = '=';
  return out;
}

// The folder of a file given relative to the project's folder, '/'-terminated ("./" for the
// project's own).
std::string folder_of(const std::string& path) {
  std::string dir = platform::generic_utf8(platform::os_path(path).parent_path());
  return dir.empty() ? "./" : dir + "/";
}

std::string element_name(pugi::xml_node n) { return ascii_lower(n.name()); }

std::string_view element_value(pugi::xml_node n) { return trim(n.child_value()); }

uint32_t line_at(std::string_view text, ptrdiff_t offset) {
  size_t end = std::min<size_t>(text.size(), offset < 0 ? 0 : static_cast<size_t>(offset));
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + end, '\n'));
}

// A `.vcxproj` with its imports, evaluated in MSBuild's order: properties first, file by file with
// imports read where they stand; then item definitions and items with the final properties.
class VcxprojReader {
 public:
  VcxprojReader(const ProjectContext& ctx, ProjectListing& out) : ctx_(ctx), out_(out) {}

  void read(std::string_view xml) {
    pugi::xml_node project = load(xml, "the project");
    if (!project) return;
    choose_configuration(project);
    props_.set("ProjectDir", std::string(1, kProjectRelative) + "./");
    props_.set("MSBuildProjectDirectory", std::string(1, kProjectRelative) + ".");
    props_.set("MSBuildThisFileDirectory", this_file_directory("./"));
    if (!ctx_.project_name.empty()) {
      props_.set("ProjectName", ctx_.project_name);
      props_.set("MSBuildProjectName", ctx_.project_name);
    }
    if (!ctx_.solution_dir.empty())
      props_.set("SolutionDir", std::string(1, kProjectRelative) + ctx_.solution_dir);
    evaluate(project, "./", 0);
    for (const auto& [group, dir] : groups_) {
      props_.set("MSBuildThisFileDirectory", this_file_directory(dir));
      bool active = holds(group);
      if (element_name(group) == "itemgroup" && active)
        item_group(group);
      else if (element_name(group) == "itemdefinitiongroup")
        item_definition_group(group, active);
    }
    finish();
  }

 private:
  static constexpr int kMaxImportDepth = 8;
  static constexpr size_t kMaxImports = 64;

  // The document's root element; a document that is not well formed is read up to its error.
  // Visual Studio may save a project as UTF-16: it is decoded first, as source files are, so an
  // error's line counts lines and a file that is not UTF-16 after all is named as such.
  pugi::xml_node load(std::string_view text, const std::string& what) {
    pugi::xml_document& doc = docs_.emplace_back();
    std::string decoded, error;
    if (utf16_bom(text) != Utf16Order::None) {
      if (!utf16_to_utf8(text, decoded, error)) {
        out_.problems.push_back(what + " " + error);
        out_.unread = true;
        return {};
      }
      text = decoded;
    }
    pugi::xml_parse_result r =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
    if (!r)
      out_.problems.push_back(what + " is not well-formed XML (line " +
                              std::to_string(line_at(text, r.offset)) + ": " + r.description() +
                              "); read up to there");
    return doc.document_element();
  }

  static std::string this_file_directory(const std::string& dir) {
    return std::string(1, kProjectRelative) + dir;
  }

  bool holds(pugi::xml_node n) const {
    pugi::xml_attribute cond = n.attribute("Condition");
    if (!cond) return true;
    return evaluate_condition(cond.value(), props_).value_or(true);
  }

  void choose_configuration(pugi::xml_node project);
  void define_configuration_macros(const std::string& use_debug_libraries);
  bool project_sets(const std::string& name) const;
  void evaluate(pugi::xml_node parent, const std::string& dir, int depth);
  void choose(pugi::xml_node choose, const std::string& dir, int depth);
  void property_group(pugi::xml_node group);
  void import(pugi::xml_node node, const std::string& dir, int depth);
  void item_group(pugi::xml_node group);
  void item_definition_group(pugi::xml_node group, bool active);
  void include_directories(pugi::xml_node metadata);
  void finish();

  const ProjectContext& ctx_;
  ProjectListing& out_;
  std::deque<pugi::xml_document> docs_;                         // the groups below point into them
  std::vector<std::pair<pugi::xml_node, std::string>> groups_;  // item (definition) groups, dir
  std::set<std::string> imported_;
  std::set<std::string> global_;  // properties the command line would set: read-only
  MsbuildProperties props_;
  std::string defines_, undefines_;
};

// `--config` when the project lists it (`Debug` alone matches `Debug|x64` first), else
// `Release|x64`, else a release build for x64 under another name (`Win10 Release|x64`), else the
// first `ProjectConfiguration`. A project that lists none keeps its own
// defaults unless `--config` names one.
void VcxprojReader::choose_configuration(pugi::xml_node project) {
  std::vector<std::string> listed;
  for (pugi::xml_node group : project.children())
    if (element_name(group) == "itemgroup")
      for (pugi::xml_node item : group.children())
        if (element_name(item) == "projectconfiguration")
          add_unique(listed, std::string(trim(item.attribute("Include").value())));
  auto find = [&](std::string_view wanted) -> std::string {
    std::string w = ascii_lower(wanted);
    bool config_only = w.find('|') == npos;
    std::string first;
    for (const std::string& c : listed) {
      std::string l = ascii_lower(c);
      if (l == w || (config_only && l == w + "|x64")) return c;
      if (config_only && first.empty() && l.rfind(w + "|", 0) == 0) first = c;
    }
    return first;
  };
  std::string chosen = ctx_.configuration.empty() ? "" : find(ctx_.configuration);
  if (chosen.empty() && listed.empty() && !ctx_.configuration.empty())
    chosen =
        ctx_.configuration.find('|') == npos ? ctx_.configuration + "|x64" : ctx_.configuration;
  if (chosen.empty()) chosen = find("Release|x64");
  // `Win10 Release|x64`: a release build for x64 by another name.
  for (const std::string& c : listed) {
    std::string l = ascii_lower(c);
    size_t bar = l.find('|');
    if (chosen.empty() && bar != npos && l.find("release") < bar && l.substr(bar) == "|x64")
      chosen = c;
  }
  if (chosen.empty() && !listed.empty()) chosen = listed.front();
  if (chosen.empty()) return;
  if (!ctx_.configuration.empty() && !listed.empty() &&
      ascii_lower(chosen).rfind(ascii_lower(ctx_.configuration), 0) != 0)
    out_.problems.push_back("lists no configuration '" + ctx_.configuration + "'; read '" + chosen +
                            "' instead");
  out_.configuration = chosen;
  size_t bar = chosen.find('|');
  props_.set("Configuration", chosen.substr(0, bar));
  global_.insert("configuration");
  if (bar != npos) {
    props_.set("Platform", chosen.substr(bar + 1));
    global_.insert("platform");
  }
}

// Pass 1 over one file's top level (or a `When`'s body): properties and imports in order; item
// groups are kept for pass 2.
void VcxprojReader::evaluate(pugi::xml_node parent, const std::string& dir, int depth) {
  for (pugi::xml_node n : parent.children()) {
    if (n.type() != pugi::node_element) continue;
    std::string name = element_name(n);
    if (name == "propertygroup") {
      if (holds(n)) property_group(n);
    } else if (name == "itemgroup" || name == "itemdefinitiongroup") {
      groups_.emplace_back(n, dir);
    } else if (name == "import") {
      import(n, dir, depth);
    } else if (name == "importgroup") {
      if (!holds(n)) continue;
      for (pugi::xml_node i : n.children())
        if (element_name(i) == "import") import(i, dir, depth);
    } else if (name == "choose") {
      choose(n, dir, depth);
    }
  }
}

// The first `When` that holds (or cannot be decided), else `Otherwise`.
void VcxprojReader::choose(pugi::xml_node node, const std::string& dir, int depth) {
  if (depth > kMaxImportDepth * 4) return;  // nested Choose: bounded like imports
  for (pugi::xml_node n : node.children()) {
    std::string name = element_name(n);
    if ((name == "when" && holds(n)) || name == "otherwise") {
      evaluate(n, dir, depth + 1);
      return;
    }
  }
}

void VcxprojReader::property_group(pugi::xml_node group) {
  for (pugi::xml_node p : group.children()) {
    if (p.type() != pugi::node_element || !holds(p)) continue;
    std::string name = element_name(p);
    if (global_.count(name)) continue;
    props_.set(name, expand_properties(element_value(p), props_));
  }
}

// Imports of the repository, relative to the importing file; a file is read once (MSBuild skips
// a repeated import too), so cycles end.
void VcxprojReader::import(pugi::xml_node node, const std::string& dir, int depth) {
  if (!holds(node) || !ctx_.read_import) return;
  std::string target = expand_properties(trim(node.attribute("Project").value()), props_);
  std::replace(target.begin(), target.end(), '\\', '/');
  // Starting from a path property, the target is relative to the project's folder already.
  size_t mark = target.rfind(kProjectRelative);
  std::string base = mark == npos ? dir : "./";
  if (mark != npos) target.erase(0, mark + 1);
  if (target.empty() || needs_evaluation(target) || target.find_first_of("*?:") != npos ||
      target.front() == '/')
    return;
  std::string path = platform::generic_utf8(
      (platform::os_path(base) / platform::os_path(target)).lexically_normal());
  if (imported_.count(path)) return;
  if (depth >= kMaxImportDepth || imported_.size() >= kMaxImports) {
    out_.problems.push_back("imports " + path + " past the limit of " +
                            std::to_string(kMaxImportDepth) + " nested or " +
                            std::to_string(kMaxImports) + " imported files; it was not read");
    return;
  }
  imported_.insert(path);
  std::optional<std::string> text = ctx_.read_import(path);
  if (!text) return;
  pugi::xml_node root = load(*text, path);
  if (!root) return;
  std::string this_dir = folder_of(path);
  props_.set("MSBuildThisFileDirectory", this_file_directory(this_dir));
  evaluate(root, this_dir, depth + 1);
  props_.set("MSBuildThisFileDirectory", this_file_directory(dir));
}

void VcxprojReader::item_group(pugi::xml_node group) {
  for (pugi::xml_node item : group.children()) {
    std::string name = element_name(item);
    if ((name != "clcompile" && name != "clinclude") || !holds(item)) continue;
    bool excluded = false;
    for (pugi::xml_node m : item.children()) {
      std::string meta = element_name(m);
      if (meta == "additionalincludedirectories") include_directories(m);
      if (meta == "excludedfrombuild" && holds(m))
        excluded |= ascii_lower(expand_properties(element_value(m), props_)) == "true";
    }
    if (excluded) continue;
    std::string list = expand_properties(item.attribute("Include").value(), props_);
    std::vector<std::string> excludes;
    for (const std::string& entry :
         split_list(expand_properties(item.attribute("Exclude").value(), props_)))
      add_item(entry, excludes);
    for (const std::string& entry : split_list(list)) add_item(entry, out_.items);
    out_.item_excludes.resize(out_.items.size(), excludes);
  }
}

// `%(Name)` in a metadata value is the value item definitions gave it before. Only its first
// mention is replaced: a second would only repeat the definitions, and doubling them at every
// group would grow without bound.
std::string metadata_value(std::string_view text, const std::string& before, std::string_view name,
                           const MsbuildProperties& props) {
  std::string value = expand_properties(text, props);
  std::string self = "%(" + ascii_lower(name) + ")";
  std::string lower = ascii_lower(value);
  std::string out;
  size_t from = 0;
  bool replaced = false;
  for (size_t at = lower.find(self); at != npos; at = lower.find(self, from)) {
    out.append(value, from, at - from);
    if (!replaced) out += before;
    replaced = true;
    from = at + self.size();
  }
  out.append(value, from, npos);
  return out;
}

// Definitions of the chosen configuration (`active`), include folders of every one.
void VcxprojReader::item_definition_group(pugi::xml_node group, bool active) {
  for (pugi::xml_node tool : group.children()) {
    if (element_name(tool) != "clcompile") continue;
    bool tool_active = active && holds(tool);
    for (pugi::xml_node m : tool.children()) {
      std::string name = element_name(m);
      if (name == "additionalincludedirectories") include_directories(m);
      if (!tool_active || !holds(m)) continue;
      if (name == "preprocessordefinitions")
        defines_ = metadata_value(element_value(m), defines_, name, props_);
      else if (name == "undefinepreprocessordefinitions")
        undefines_ = metadata_value(element_value(m), undefines_, name, props_);
    }
  }
}

// The configuration macros (knowledge/build_macros: DBG) take their debug or release value. Which
// configuration is a debug one the documentation does not say: its `UseDebugLibraries` when set
// (the property Visual Studio marks debug configurations with), else its name (Debug or Release in
// it); neither leaves the macros unknown. A project that defines or undefines one itself keeps its
// own.
void VcxprojReader::define_configuration_macros(const std::string& use_debug_libraries) {
  std::string config = ascii_lower(out_.configuration.substr(0, out_.configuration.find('|')));
  std::string use = ascii_lower(use_debug_libraries);
  std::optional<bool> debug;
  if (use == "true" || use == "false")
    debug = use == "true";
  else if (config.find("debug") != npos)
    debug = true;
  else if (config.find("release") != npos)
    debug = false;
  if (!debug) return;
  for (const ConfigurationMacro& macro : configuration_macros())
    if (!project_sets(macro.name))
      out_.defines.push_back(std::string(macro.name) + "=" +
                             (*debug ? macro.debug_value : macro.release_value));
}

bool VcxprojReader::project_sets(const std::string& name) const {
  for (const std::vector<std::string>* list : {&out_.defines, &out_.undefines})
    for (const std::string& d : *list)
      if (d == name || d.rfind(name + "=", 0) == 0) return true;
  return false;
}

// Include folders of every configuration: a header found through any of them is the project's.
void VcxprojReader::include_directories(pugi::xml_node metadata) {
  std::string list = expand_properties(element_value(metadata), props_);
  for (const std::string& entry : split_list(list))
    add_unique(out_.include_dirs, project_folder(entry));
}

void VcxprojReader::finish() {
  for (const std::string& d : split_list(defines_))
    if (is_definition(d)) out_.defines.push_back(as_define(d));
  for (const std::string& u : split_list(undefines_))
    if (is_definition(u) && u.find('=') == npos) out_.undefines.push_back(u);
  auto value = [&](std::string_view name) {
    const std::string* v = props_.find(name);
    return v ? std::string(trim(*v)) : std::string();
  };
  define_configuration_macros(value("UseDebugLibraries"));
  std::string driver_type = value("DriverType");
  // `<DriverType>$(DriverType)</DriverType>` with the value set nowhere says nothing.
  out_.has_driver_type = !driver_type.empty() && !needs_evaluation(driver_type);
  if (ascii_lower(driver_type) == "umdf")
    out_.umdf_marker = "<DriverType>UMDF</DriverType>";
  else if (!value("UMDF_VERSION_MAJOR").empty())
    out_.umdf_marker = "<UMDF_VERSION_MAJOR>";
  std::string type = ascii_lower(value("ConfigurationType"));
  if ((type == "application" || type == "dynamiclibrary") && !out_.has_driver_type)
    out_.user_mode_marker =
        "<ConfigurationType>" + value("ConfigurationType") + "</ConfigurationType>";
  std::string undocked = ascii_lower(value("UndockedType"));
  if (undocked == "exe" || undocked == "dll")
    out_.user_mode_marker = "<UndockedType>" + value("UndockedType") + "</UndockedType>";
}

}  // namespace

ProjectListing parse_vcxproj(std::string_view xml, const ProjectContext& ctx) {
  ProjectListing listing;
  VcxprojReader(ctx, listing).read(xml);
  return listing;
}

namespace {

// C_DEFINES: `-DX`, `/DX=1`, `-D X`; `-U`/`/U` likewise.
void read_c_defines(std::string_view value, ProjectListing& listing) {
  std::vector<std::string> words = split_list(squeeze_spaces(value), ' ');
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    if (w.size() < 2 || (w[0] != '-' && w[0] != '/')) continue;
    char flag = w[1];
    if (flag != 'D' && flag != 'U') continue;
    std::string arg = w.size() > 2 ? w.substr(2) : (k + 1 < words.size() ? words[++k] : "");
    if (!is_definition(arg)) continue;
    if (flag == 'D')
      listing.defines.push_back(as_define(arg));
    else if (arg.find('=') == npos)
      listing.undefines.push_back(arg);
  }
}

}  // namespace

ProjectListing parse_sources_file(std::string_view text) {
  ProjectListing listing;
  MsbuildProperties macros;  // nmake macros: `$(NAME)` expands the same way
  for (const std::string& line : nmake_logical_lines(text)) {
    std::string_view l = trim(line);
    if (l.empty() || l.front() == '!') continue;  // preprocessing directives (!if, !include)
    size_t eq = l.find('=');
    if (eq == npos) continue;
    std::string name = ascii_upper(trim(l.substr(0, eq)));
    std::string value = expand_properties(trim(l.substr(eq + 1)), macros);
    macros.set(name, value);
    if (is_sources_variable(name)) {
      for (const std::string& token : split_list(squeeze_spaces(value), ' '))
        add_item(token, listing.items);
    } else if (name == "UMDF_VERSION_MAJOR" && !value.empty() && listing.umdf_marker.empty()) {
      listing.umdf_marker = "UMDF_VERSION_MAJOR=" + value;
    }
  }
  auto final_value = [&](std::string_view name) {
    const std::string* v = macros.find(name);
    return v ? *v : std::string();
  };
  read_c_defines(final_value("C_DEFINES"), listing);
  for (const std::string& entry : split_list(final_value("INCLUDES")))
    add_unique(listing.include_dirs, project_folder(entry));
  std::string target = ascii_upper(trim(final_value("TARGETTYPE")));
  if (target == "PROGRAM" || target == "PROGLIB" || target == "DYNLINK")
    listing.user_mode_marker = "TARGETTYPE=" + target;
  return listing;
}

bool has_vcxproj_extension(std::string_view name) {
  constexpr std::string_view kExt = ".vcxproj";
  return name.size() > kExt.size() && ascii_lower(name.substr(name.size() - kExt.size())) == kExt;
}

bool is_wdk_sources_file_name(std::string_view name) { return ascii_lower(name) == "sources"; }

}  // namespace pagewise
