#include "discover/project_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

#include "discover/paths.hpp"
#include "text/text.hpp"

namespace pagewise {
namespace {

constexpr size_t npos = std::string_view::npos;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_xml_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' ||
         c == ':';
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

std::string strip_xml_comments(std::string_view xml) {
  std::string out;
  out.reserve(xml.size());
  size_t i = 0;
  while (i < xml.size()) {
    size_t open = xml.find("<!--", i);
    if (open == npos) {
      out.append(xml.substr(i));
      break;
    }
    out.append(xml.substr(i, open - i));
    size_t close = xml.find("-->", open + 4);
    if (close == npos) break;
    i = close + 3;
  }
  return out;
}

// The five predefined entities and ASCII character references; enough for file names.
std::string decode_entities(std::string_view v) {
  static constexpr std::array<std::pair<std::string_view, char>, 5> kNamed = {
      {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}}};
  std::string out;
  for (size_t i = 0; i < v.size();) {
    if (v[i] == '&') {
      bool done = false;
      for (const auto& [entity, ch] : kNamed) {
        if (v.substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size();
          done = true;
          break;
        }
      }
      if (done) continue;
      size_t semi = v.find(';', i);
      if (v.substr(i, 2) == "&#" && semi != npos && semi - i <= 8) {
        std::string_view num = v.substr(i + 2, semi - i - 2);
        unsigned base = 10;
        if (!num.empty() && (num[0] == 'x' || num[0] == 'X')) {
          base = 16;
          num.remove_prefix(1);
        }
        std::optional<uint64_t> code = digits_value(num, base);
        if (code && *code > 0 && *code < 128) {
          out += static_cast<char>(*code);
          i = semi + 1;
          continue;
        }
      }
    }
    out += v[i++];
  }
  return out;
}

struct XmlTag {
  std::string name;     // lower-cased
  std::string include;  // value of the Include attribute, decoded
  bool self_closing = false;
  size_t end = 0;  // index just past '>'
};

// Reads the start tag whose name begins at `i` (just past '<').
XmlTag read_start_tag(std::string_view text, size_t i) {
  XmlTag tag;
  size_t j = i;
  while (j < text.size() && is_xml_name_char(text[j])) ++j;
  tag.name = ascii_lower(text.substr(i, j - i));
  while (j < text.size()) {
    while (j < text.size() && is_space(text[j])) ++j;
    if (j >= text.size()) break;
    if (text[j] == '>') {
      ++j;
      break;
    }
    if (text[j] == '/') {
      tag.self_closing = true;
      ++j;
      continue;
    }
    size_t name_start = j;
    while (j < text.size() && is_xml_name_char(text[j])) ++j;
    if (j == name_start) {
      ++j;  // not XML we understand; skip the character
      continue;
    }
    std::string attr = ascii_lower(text.substr(name_start, j - name_start));
    while (j < text.size() && is_space(text[j])) ++j;
    if (j >= text.size() || text[j] != '=') continue;
    ++j;
    while (j < text.size() && is_space(text[j])) ++j;
    if (j >= text.size() || (text[j] != '"' && text[j] != '\'')) continue;
    char quote = text[j++];
    size_t close = text.find(quote, j);
    if (close == npos) {
      j = text.size();
      break;
    }
    if (attr == "include") tag.include = decode_entities(text.substr(j, close - j));
    j = close + 1;
  }
  tag.end = j;
  return tag;
}

// The text content right after a start tag, up to the next tag.
std::string_view element_text(std::string_view text, size_t from) {
  size_t next = text.find('<', from);
  return trim(text.substr(from, (next == npos ? text.size() : next) - from));
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

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

ProjectListing parse_vcxproj(std::string_view xml_text) {
  ProjectListing listing;
  std::string xml = strip_xml_comments(xml_text);
  std::string_view text = xml;
  size_t i = 0;
  while ((i = text.find('<', i)) != npos) {
    ++i;
    if (i >= text.size() || text[i] == '/' || text[i] == '?' || text[i] == '!') continue;
    XmlTag tag = read_start_tag(text, i);
    i = tag.end;
    if (tag.name == "clcompile" || tag.name == "clinclude") {
      std::string_view list = tag.include;
      size_t from = 0;
      while (from <= list.size()) {
        size_t semi = list.find(';', from);
        if (semi == npos) semi = list.size();
        add_item(list.substr(from, semi - from), listing.items);
        from = semi + 1;
      }
    } else if (tag.name == "drivertype" && !tag.self_closing) {
      std::string type = ascii_lower(element_text(text, i));
      if (!type.empty()) listing.has_driver_type = true;
      if (type == "umdf" && listing.umdf_marker.empty())
        listing.umdf_marker = "<DriverType>UMDF</DriverType>";
    } else if (tag.name == "additionalincludedirectories" && !tag.self_closing) {
      std::string_view list = element_text(text, i);
      size_t from = 0;
      while (from <= list.size()) {
        size_t semi = list.find(';', from);
        if (semi == npos) semi = list.size();
        std::string entry(trim(list.substr(from, semi - from)));
        from = semi + 1;
        if (entry.empty() || entry.find("$(") != std::string::npos ||
            entry.find("%(") != std::string::npos)
          continue;
        std::replace(entry.begin(), entry.end(), '\\', '/');
        if (std::find(listing.include_dirs.begin(), listing.include_dirs.end(), entry) ==
            listing.include_dirs.end())
          listing.include_dirs.push_back(entry);
      }
    } else if (tag.name == "configurationtype" && !tag.self_closing) {
      std::string type = ascii_lower(element_text(text, i));
      if ((type == "application" || type == "dynamiclibrary") && listing.user_mode_marker.empty())
        listing.user_mode_marker =
            "<ConfigurationType>" + std::string(element_text(text, i)) + "</ConfigurationType>";
    } else if (tag.name == "umdf_version_major" && !tag.self_closing) {
      if (!element_text(text, i).empty() && listing.umdf_marker.empty())
        listing.umdf_marker = "<UMDF_VERSION_MAJOR>";
    }
  }
  if (listing.has_driver_type) listing.user_mode_marker.clear();
  return listing;
}

ProjectListing parse_sources_file(std::string_view text) {
  ProjectListing listing;
  for (const std::string& line : nmake_logical_lines(text)) {
    std::string_view l = trim(line);
    if (l.empty() || l.front() == '!') continue;  // preprocessing directives (!if, !include)
    size_t eq = l.find('=');
    if (eq == npos) continue;
    std::string name = ascii_upper(trim(l.substr(0, eq)));
    std::string_view value = trim(l.substr(eq + 1));
    if (is_sources_variable(name)) {
      size_t k = 0;
      while (k < value.size()) {
        while (k < value.size() && is_space(value[k])) ++k;
        size_t token_start = k;
        while (k < value.size() && !is_space(value[k])) ++k;
        if (k > token_start) add_item(value.substr(token_start, k - token_start), listing.items);
      }
    } else if (name == "UMDF_VERSION_MAJOR" && !value.empty() && listing.umdf_marker.empty()) {
      listing.umdf_marker = "UMDF_VERSION_MAJOR=" + std::string(value);
    }
  }
  return listing;
}

bool is_wdk_sources_file_name(std::string_view name) { return ascii_lower(name) == "sources"; }

}  // namespace pagewise
