#include "frontend/warning_pragmas.hpp"

#include <cctype>

#include "text/text.hpp"

namespace pagewise {

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// A statement or declaration header longer than this is not followed to its end.
constexpr uint32_t kMaxStatementLines = 64;

// True when `line` holds code once comments are removed (a directive does not count);
// `in_comment` carries an open `/* */` from line to line.
bool holds_code(std::string_view line, bool& in_comment) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (in_comment) {
      if (line.compare(i, 2, "*/") == 0) in_comment = false, ++i;
    } else if (line.compare(i, 2, "/*") == 0) {
      in_comment = true, ++i;
    } else if (line.compare(i, 2, "//") == 0) {
      return false;
    } else if (!is_space(line[i])) {
      return line[i] != '#';
    }
  }
  return false;
}

// The lines a `suppress` on the directive ending at byte `end` covers. MSVC says "the next line";
// a finding about a statement or declaration that spans lines may be reported on any of them, so
// the range runs from the next line holding code (blank lines, comment-only lines and other
// directives are skipped) to the line of the first ';' or '{' from there.
void covered_lines(std::string_view text, size_t end, uint32_t line, WarningPragma& w) {
  size_t at = text.find('\n', end);
  at = at == std::string_view::npos ? text.size() : at + 1;
  uint32_t n = line + 1;
  bool in_comment = false;
  while (at < text.size()) {
    size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos) eol = text.size();
    if (holds_code(text.substr(at, eol - at), in_comment)) break;
    at = eol + 1;
    ++n;
  }
  w.first_line = w.last_line = n;
  for (size_t i = at; i < text.size() && text[i] != ';' && text[i] != '{'; ++i)
    if (text[i] == '\n' && ++w.last_line - n >= kMaxStatementLines) break;
}

// "28170 28171" or "28170, 28171": the numbers of a warning-number-list (MSVC adds 4000 to numbers
// below 1000, which are compiler warnings and match no rule, so they are read as written).
std::vector<uint32_t> numbers_in(std::string_view list) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && !std::isdigit(static_cast<unsigned char>(list[i]))) ++i;
    uint64_t v = 0;
    size_t start = i;
    while (i < list.size() && std::isdigit(static_cast<unsigned char>(list[i])) && v < 1000000)
      v = v * 10 + static_cast<uint64_t>(list[i++] - '0');
    if (i > start) out.push_back(static_cast<uint32_t>(v));
  }
  return out;
}

std::optional<WarningPragma::Action> action_named(std::string_view name) {
  using A = WarningPragma::Action;
  if (name == "suppress") return A::Suppress;
  if (name == "disable") return A::Disable;
  if (name == "default") return A::Default;
  if (name == "push") return A::Push;
  if (name == "pop") return A::Pop;
  return std::nullopt;
}

// `justification : "text"` after the numbers.
std::string justification_in(std::string_view spec, std::string_view& numbers) {
  size_t j = spec.find("justification");
  if (j == std::string_view::npos) return {};
  numbers = spec.substr(0, j);
  size_t q = spec.find('"', j);
  if (q == std::string_view::npos) return {};
  size_t close = spec.find('"', q + 1);
  return std::string(spec.substr(q + 1, close == std::string_view::npos ? close : close - q - 1));
}

}  // namespace

std::vector<WarningPragma> read_warning_pragma(const Directive& d, std::string_view text) {
  std::vector<WarningPragma> out;
  std::string_view t = trim(std::string_view(d.text));
  if (t.compare(0, 7, "warning") != 0) return out;
  t = trim(t.substr(7));
  if (t.size() < 2 || t.front() != '(' || t.back() != ')') return out;
  t = t.substr(1, t.size() - 2);
  // Specifiers are separated by ';': `disable : 4507 4034; once : 4385`.
  for (size_t start = 0; start <= t.size();) {
    size_t semi = t.find(';', start);
    if (semi == std::string_view::npos) semi = t.size();
    std::string_view spec = trim(t.substr(start, semi - start));
    start = semi + 1;
    size_t name_end = 0;
    while (name_end < spec.size() && !is_space(spec[name_end]) && spec[name_end] != ':' &&
           spec[name_end] != ',')
      ++name_end;
    std::optional<WarningPragma::Action> action = action_named(spec.substr(0, name_end));
    if (!action) continue;
    WarningPragma w;
    w.action = *action;
    w.line = d.pos.line;
    std::string_view numbers = spec.substr(name_end);
    w.justification = justification_in(spec, numbers);
    w.numbers = numbers_in(numbers);
    if (w.action == WarningPragma::Action::Push || w.action == WarningPragma::Action::Pop)
      w.numbers.clear();  // `push, n` sets a level, not a warning
    if (w.action == WarningPragma::Action::Suppress) covered_lines(text, d.end, d.pos.line, w);
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace pagewise
