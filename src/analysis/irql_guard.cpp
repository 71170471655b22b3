#include "analysis/irql_guard.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "knowledge/roles.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

// Conditions deeper than this (parentheses, negations, variables naming variables), or longer
// than this, bound nothing: real tests of the IRQL are short, and the work stays linear.
constexpr int kMaxDepth = 32;
constexpr size_t kMaxConditionLength = 4096;

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_identifier(std::string_view s) {
  return !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(), is_ident_char);
}

bool wrapped(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
    if (depth == 0 && i + 1 < s.size()) return false;
  }
  return true;
}

// Positions of a two-character operator outside parentheses.
std::vector<size_t> split_points(std::string_view s, std::string_view op) {
  std::vector<size_t> at;
  int depth = 0;
  for (size_t i = 0; i + op.size() <= s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (depth == 0 && s.substr(i, op.size()) == op) {
      at.push_back(i);
      i += op.size() - 1;
    }
  }
  return at;
}

std::vector<std::string_view> split(std::string_view s, std::string_view op) {
  std::vector<std::string_view> parts;
  size_t from = 0;
  for (size_t at : split_points(s, op)) {
    parts.push_back(s.substr(from, at - from));
    from = at + op.size();
  }
  parts.push_back(s.substr(from));
  return parts;
}

Irql lower(Irql l) { return l == Irql::Passive ? l : static_cast<Irql>(static_cast<int>(l) - 1); }

// `KeGetCurrentIrql()`, or a variable that holds exactly its value.
bool is_current_irql(std::string_view s, const IrqlVariables& vars, int depth) {
  for (int strip = 0; strip < kMaxDepth && wrapped(s); ++strip) s = s.substr(1, s.size() - 2);
  if (s.ends_with("()") && find_current_irql_reader(s.substr(0, s.size() - 2))) return true;
  auto v = vars.find(s);
  return depth < kMaxDepth && v != vars.end() &&
         is_current_irql(squeeze(v->second), vars, depth + 1);
}

// `current OP level`: the caps of both branches.
std::optional<GuardCaps> comparison(std::string_view s, const IrqlVariables& vars, int depth) {
  static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
  for (std::string_view op : kOps) {
    auto at = split_points(s, op);
    if (at.size() != 1) continue;
    std::string_view left = s.substr(0, at[0]), right = s.substr(at[0] + op.size());
    Irql level;
    bool flipped = false;
    if (is_current_irql(left, vars, depth) && parse_irql(right, &level)) {
    } else if (is_current_irql(right, vars, depth) && parse_irql(left, &level)) {
      flipped = true;
    } else {
      return std::nullopt;
    }
    if (flipped && op.size() == 1) op = op == "<" ? ">" : "<";
    if (flipped && (op == "<=" || op == ">=")) op = op == "<=" ? ">=" : "<=";
    if (op == "==") return GuardCaps{level, Irql::High};
    if (op == "!=") return GuardCaps{Irql::High, level};
    if (op == "<") return GuardCaps{lower(level), Irql::High};
    if (op == "<=") return GuardCaps{level, Irql::High};
    if (op == ">") return GuardCaps{Irql::High, level};
    return GuardCaps{Irql::High, lower(level)};  // >=
  }
  return std::nullopt;
}

GuardCaps caps(std::string_view s, const IrqlVariables& vars, int depth) {
  while (depth <= kMaxDepth && wrapped(s)) {
    s = s.substr(1, s.size() - 2);
    ++depth;
  }
  if (depth > kMaxDepth || s.empty()) return {};
  if (auto parts = split(s, "||"); parts.size() > 1) {
    // The then branch runs when any part holds; the else branch only when none does.
    GuardCaps out{Irql::Passive, Irql::High};
    for (std::string_view p : parts) {
      GuardCaps c = caps(p, vars, depth + 1);
      out.then_cap = std::max(out.then_cap, c.then_cap);
      out.else_cap = std::min(out.else_cap, c.else_cap);
    }
    return out;
  }
  if (auto parts = split(s, "&&"); parts.size() > 1) {
    GuardCaps out{Irql::High, Irql::Passive};
    for (std::string_view p : parts) {
      GuardCaps c = caps(p, vars, depth + 1);
      out.then_cap = std::min(out.then_cap, c.then_cap);
      out.else_cap = std::max(out.else_cap, c.else_cap);
    }
    return out;
  }
  if (s.front() == '!' && (s.size() < 2 || s[1] != '=')) {
    GuardCaps c = caps(s.substr(1), vars, depth + 1);
    return {c.else_cap, c.then_cap};
  }
  if (auto c = comparison(s, vars, depth)) return *c;
  // A variable that holds a test of the IRQL (`defer`), or the IRQL itself (`if (irql)`: above
  // PASSIVE_LEVEL).
  if (is_identifier(s))
    if (auto v = vars.find(s); v != vars.end())
      return is_current_irql(s, vars, depth) ? GuardCaps{Irql::High, Irql::Passive}
                                             : caps(squeeze(v->second), vars, depth + 1);
  return {};
}

}  // namespace

GuardCaps irql_guard(std::string_view condition, const IrqlVariables& vars) {
  if (condition.size() > kMaxConditionLength) return {};
  return caps(squeeze(condition), vars, 0);
}

Irql irp_major_case_cap(std::string_view switch_condition, std::string_view case_value) {
  std::string cond = squeeze(switch_condition);
  std::string_view c = cond;
  for (int strip = 0; strip < kMaxDepth && wrapped(c); ++strip) c = c.substr(1, c.size() - 2);
  if (!c.ends_with("->MajorFunction") && !c.ends_with(".MajorFunction")) return Irql::High;
  std::string value = squeeze(case_value);
  return irp_major_arrives_at_passive(value) ? Irql::Passive : Irql::High;
}

bool reads_current_irql(std::string_view value, const IrqlVariables& vars) {
  std::string s = squeeze(value);
  for (size_t i = 0; i < s.size();) {
    if (!is_ident_char(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_ident_char(s[j])) ++j;
    std::string_view word(s.data() + i, j - i);
    if (find_current_irql_reader(word) || vars.count(word)) return true;
    i = j;
  }
  return false;
}

}  // namespace pagewise
