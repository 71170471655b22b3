#include "frontend/link_map.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "frontend/source_file.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

// ---- text helpers ---------------------------------------------------------------------------

// A map line without its padding: link.exe pads with spaces and tabs, and a CRLF file leaves a
// '\r' at the end of each line.
std::string_view trim_padding(std::string_view s) {
  return trim_back(trim_front(s, " \t"), " \t\r");
}

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t k = 0; k < suffix.size(); ++k) {
    char c = s[s.size() - suffix.size() + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[k]) return false;
  }
  return true;
}

// A whole word of hex digits; false when empty, not hex, or more than 64 bits.
bool parse_hex(std::string_view s, uint64_t& value) {
  std::optional<uint64_t> v = s.size() > 16 ? std::nullopt : digits_value(s, 16);
  if (!v) return false;
  value = *v;
  return true;
}

// "0001:00000010" → section 1, offset 0x10.
bool parse_address(std::string_view s, uint32_t& section, uint64_t& offset) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon > 8) return false;
  uint64_t sec = 0;
  if (!parse_hex(s.substr(0, colon), sec) || !parse_hex(s.substr(colon + 1), offset)) return false;
  section = static_cast<uint32_t>(sec);
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$';
}

bool is_identifier(std::string_view s) {
  if (s.empty() || is_digit(s[0])) return false;
  return std::all_of(s.begin(), s.end(), is_ident_char);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// ---- undecoration ---------------------------------------------------------------------------

// Operator codes after "??", as the source spells the function's name. Codes missing here
// (conversion operators "??B", whose name needs the type; compiler-generated functions such as the
// "??_G" and "??_E" deleting destructors, which have no source) are not undecorated.
struct OperatorCode {
  std::string_view code;
  std::string_view name;
};
constexpr OperatorCode kOperatorCodes[] = {
    {"2", "operator new"}, {"3", "operator delete"}, {"4", "operator="},
    {"5", "operator>>"},   {"6", "operator<<"},      {"7", "operator!"},
    {"8", "operator=="},   {"9", "operator!="},      {"A", "operator[]"},
    {"C", "operator->"},   {"D", "operator*"},       {"E", "operator++"},
    {"F", "operator--"},   {"G", "operator-"},       {"H", "operator+"},
    {"I", "operator&"},    {"J", "operator->*"},     {"K", "operator/"},
    {"L", "operator%"},    {"M", "operator<"},       {"N", "operator<="},
    {"O", "operator>"},    {"P", "operator>="},      {"Q", "operator,"},
    {"R", "operator()"},   {"S", "operator~"},       {"T", "operator^"},
    {"U", "operator|"},    {"V", "operator&&"},      {"W", "operator||"},
    {"X", "operator*="},   {"Y", "operator+="},      {"Z", "operator-="},
    {"_0", "operator/="},  {"_1", "operator%="},     {"_2", "operator>>="},
    {"_3", "operator<<="}, {"_4", "operator&="},     {"_5", "operator|="},
    {"_6", "operator^="},  {"_U", "operator new[]"}, {"_V", "operator delete[]"},
};

// One name fragment "Name@" at s[i]; moves i past the '@'. False when not an identifier.
bool read_fragment(std::string_view s, size_t& i, std::string& out) {
  size_t at = s.find('@', i);
  if (at == std::string_view::npos) return false;
  std::string_view frag = s.substr(i, at - i);
  if (!is_identifier(frag)) return false;
  out.assign(frag);
  i = at + 1;
  return true;
}

// The qualified name of a C++ decorated symbol ("?..."), or "" when not undecorated. Only the name
// and its scopes are read; the type encoding after them is not needed.
// Long: the name, then its scopes with their back-references, in the order the decoration has.
std::string undecorate_cpp(std::string_view s) {
  enum class Kind { Plain, Ctor, Dtor, Operator } kind = Kind::Plain;
  std::string name;
  // Names seen so far, in order, for the one-digit back-references "0".."9". An anonymous
  // namespace is remembered as "" and left out of the result: source cannot name it.
  std::vector<std::string> seen;
  size_t i = 1;
  if (i >= s.size() || s[i] == '$') return {};  // "?$": a template's name
  if (s[i] == '?') {
    if (++i >= s.size()) return {};
    char code = s[i++];
    if (code == '0') {
      kind = Kind::Ctor;
    } else if (code == '1') {
      kind = Kind::Dtor;
    } else {
      // "??$" (a function template) and the codes missing from the table end here.
      kind = Kind::Operator;
      size_t len = code == '_' ? 2 : 1;
      if (i - 1 + len > s.size()) return {};
      std::string_view want = s.substr(i - 1, len);
      for (const OperatorCode& op : kOperatorCodes)
        if (op.code == want) name = op.name;
      if (name.empty()) return {};
      i += len - 1;
    }
  } else {
    if (!read_fragment(s, i, name)) return {};
    seen.push_back(name);
  }

  std::vector<std::string> scopes;  // innermost first
  for (;;) {
    if (i >= s.size()) return {};
    char c = s[i];
    if (c == '@') break;
    if (is_digit(c)) {
      size_t ref = static_cast<size_t>(c - '0');
      if (ref >= seen.size()) return {};
      if (!seen[ref].empty()) scopes.push_back(seen[ref]);
      ++i;
      continue;
    }
    std::string frag;
    if (c == '?') {
      // "?A0x1b2c3d4e@" is an anonymous namespace; any other "?" scope (a template class "?$",
      // a function-local scope "?1??f@@...") is not undecorated.
      if (s.substr(i, 4) != "?A0x" || !read_fragment(s, ++i, frag)) return {};
      if (seen.size() < 10) seen.emplace_back();
      continue;
    }
    if (!read_fragment(s, i, frag)) return {};
    if (seen.size() < 10) seen.push_back(frag);
    scopes.push_back(std::move(frag));
  }

  if ((kind == Kind::Ctor || kind == Kind::Dtor) && scopes.empty()) return {};
  std::string out;
  for (size_t k = scopes.size(); k-- > 0;) out += scopes[k] + "::";
  if (kind == Kind::Ctor) return out + scopes.front();
  if (kind == Kind::Dtor) return out + "~" + scopes.front();
  return out + name;
}

// C names: fastcall "@Foo@8", vectorcall "Foo@@16"; on x86 stdcall "_Foo@8" and cdecl "_Foo".
std::string undecorate_c(std::string_view s, bool x86) {
  auto strip_byte_count = [](std::string_view& n, std::string_view sep) {
    size_t at = n.rfind(sep);
    if (at == std::string_view::npos || !all_digits(n.substr(at + sep.size()))) return false;
    n = n.substr(0, at);
    return true;
  };
  std::string_view n = s;
  if (!n.empty() && n[0] == '@') {
    n.remove_prefix(1);
    if (!strip_byte_count(n, "@")) return {};
  } else if (!strip_byte_count(n, "@@") && x86 && starts_with(n, "_")) {
    n.remove_prefix(1);
    strip_byte_count(n, "@");
  }
  return is_identifier(n) ? std::string(n) : std::string();
}

// ---- the map's tables -----------------------------------------------------------------------

struct Group {
  uint32_t section = 0;
  uint64_t start = 0, length = 0;
  std::string name;
  bool code = false;
};

struct SymbolRow {
  uint32_t section = 0;
  uint64_t offset = 0;
  std::string_view symbol;
  std::string_view object;
  bool function = false;  // the 'f' flag
  bool is_static = false;
};

enum class Table { None, Groups, Publics, Statics };

// " 0001:00000000 00001a2cH .text$mn CODE"
bool read_group(const std::vector<std::string_view>& w, Group& g) {
  if (w.size() < 4) return false;
  std::string_view len = w[1];
  if (!len.empty() && (len.back() == 'H' || len.back() == 'h')) len.remove_suffix(1);
  if (!parse_address(w[0], g.section, g.start) || !parse_hex(len, g.length)) return false;
  g.name.assign(w[2]);
  std::string_view cls = w[3];
  g.code = cls.size() == 4 && (cls[0] | 0x20) == 'c' && (cls[1] | 0x20) == 'o' &&
           (cls[2] | 0x20) == 'd' && (cls[3] | 0x20) == 'e';
  return true;
}

// " 0001:00000010       DriverEntry                0000000140001010 f   driver.obj"
bool read_symbol(std::string_view line, const std::vector<std::string_view>& w, SymbolRow& r,
                 size_t& rva_digits) {
  if (w.size() < 3) return false;
  uint64_t rva = 0;
  if (!parse_address(w[0], r.section, r.offset) || !parse_hex(w[2], rva)) return false;
  r.symbol = w[1];
  rva_digits = w[2].size();
  size_t k = 3;
  for (; k < w.size() && w[k].size() == 1 && (w[k][0] == 'f' || w[k][0] == 'i'); ++k)
    if (w[k][0] == 'f') r.function = true;
  if (k < w.size()) {
    // The object runs to the end of the line: "<linker - defined>" has spaces.
    size_t from = static_cast<size_t>(w[k].data() - line.data());
    r.object = trim_padding(line.substr(from));
  }
  return true;
}

// Rows that are symbols but not the driver's functions: import pointers and thunks (their
// object is a DLL, EXE or SYS member of an import library), incremental-link thunks, and the
// linker's own symbols.
bool is_stub(const SymbolRow& r) {
  if (starts_with(r.symbol, "__imp_") || starts_with(r.symbol, "@ILT+")) return true;
  if (!r.object.empty() && r.object.front() == '<') return true;
  return ends_with_nocase(r.object, ".dll") || ends_with_nocase(r.object, ".exe") ||
         ends_with_nocase(r.object, ".sys");
}

}  // namespace

std::string undecorate_symbol(std::string_view symbol, bool x86) {
  if (symbol.empty()) return {};
  if (symbol[0] == '?') return undecorate_cpp(symbol);
  return undecorate_c(symbol, x86);
}

// Long: one pass over the map's lines by table, then sizes from the rows; they share the tables.
bool parse_link_map(std::string_view text, LinkMap& out, std::string& error) {
  out = LinkMap{};
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);

  std::vector<Group> groups;
  std::vector<SymbolRow> rows;
  Table table = Table::None;
  bool saw_publics = false, saw_module = false;
  int load_address_digits = 0;            // from "Preferred load address is ..."; 0 if absent
  size_t narrow_rvas = 0, wide_rvas = 0;  // Rva+Base columns of 8 digits or fewer, and wider

  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim_padding(text.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    if (!saw_module) {
      out.module.assign(line);
      saw_module = true;
      continue;
    }

    if (line.find("Publics by Value") != std::string_view::npos) {
      table = Table::Publics;
      saw_publics = true;
      continue;
    }
    if (line == "Static symbols") {
      table = Table::Statics;
      continue;
    }
    if (starts_with(line, "entry point at") || starts_with(line, "Line numbers for") ||
        starts_with(line, "FIXUPS:") || line == "Exports") {
      table = Table::None;
      continue;
    }
    if (starts_with(line, "Preferred load address is")) {
      std::string_view a =
          trim_padding(line.substr(std::string_view("Preferred load address is").size()));
      uint64_t unused = 0;
      if (parse_hex(a, unused)) load_address_digits = static_cast<int>(a.size());
      continue;
    }
    std::vector<std::string_view> w = split_words(line);
    if (w.size() == 4 && w[0] == "Start" && w[1] == "Length" && w[2] == "Name" && w[3] == "Class") {
      table = Table::Groups;
      continue;
    }

    if (table == Table::Groups) {
      Group g;
      if (read_group(w, g)) groups.push_back(std::move(g));
    } else if (table == Table::Publics || table == Table::Statics) {
      SymbolRow r;
      size_t digits = 0;
      if (!read_symbol(line, w, r, digits)) continue;
      r.is_static = table == Table::Statics;
      if (r.section != 0) ++(digits <= 8 ? narrow_rvas : wide_rvas);
      rows.push_back(r);
    }
  }

  if (!saw_publics) {
    error =
        "not an MSVC linker map: it has no \"Publics by Value\" table (make one with link /MAP)";
    return false;
  }
  out.x86 = load_address_digits > 0 ? load_address_digits <= 8 : narrow_rvas > wide_rvas;

  // Every symbol bounds the one before it in its section: functions, data, thunks alike.
  std::map<uint32_t, std::vector<uint64_t>> starts;
  for (const SymbolRow& r : rows)
    if (r.section != 0) starts[r.section].push_back(r.offset);
  for (auto& [section, offsets] : starts) {
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  }

  for (const SymbolRow& r : rows) {
    if (!r.function || r.section == 0 || is_stub(r)) continue;
    const Group* group = nullptr;
    for (const Group& g : groups)
      if (g.section == r.section && r.offset >= g.start && r.offset - g.start < g.length) {
        group = &g;
        break;
      }
    if (group == nullptr || !group->code) continue;

    uint64_t end = group->start + std::min(group->length, UINT64_MAX - group->start);
    const std::vector<uint64_t>& offsets = starts[r.section];
    auto next = std::upper_bound(offsets.begin(), offsets.end(), r.offset);
    if (next != offsets.end()) end = std::min(end, *next);
    if (end <= r.offset) continue;  // only when the group's end does not fit in 64 bits

    MapFunction f;
    f.symbol.assign(r.symbol);
    f.name = undecorate_symbol(r.symbol, out.x86);
    if (f.name.empty()) {
      out.unnamed.push_back(f.symbol);
      continue;
    }
    f.section = group->name.substr(0, group->name.find('$'));
    f.object.assign(r.object);
    f.section_number = r.section;
    f.offset = r.offset;
    f.bytes = end - r.offset;
    f.is_static = r.is_static;
    out.functions.push_back(std::move(f));
  }
  return true;
}

bool read_link_map(const std::string& path, LinkMap& out, std::string& error) {
  out = LinkMap{};
  SourceFile file = read_source(path, std::numeric_limits<uint64_t>::max());
  if (!file.readable) {
    error = path + ": " + (file.problems.empty() ? "cannot be read" : file.problems.front());
    return false;
  }
  if (file.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    error = path + ": is empty; expected an MSVC linker map (link /MAP)";
    return false;
  }
  std::string why;
  if (!parse_link_map(file.text, out, why)) {
    error = path + ": " + why;
    return false;
  }
  return true;
}

}  // namespace pagewise
