#include "analysis/irql_guard.hpp"

#include <algorithm>
#include <array>
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
  // Every condition is tried with each operator, and most hold few of them: a search for the
  // operator anywhere is far cheaper than the walk.
  if (s.find(op) == std::string_view::npos) return at;
  int depth = 0;
  for (size_t i = 0; i + op.size() <= s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (depth == 0 && std::equal(op.begin(), op.end(), s.begin() + i)) {
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

GuardCaps flipped(GuardCaps c) { return {c.else_cap, c.then_cap}; }

// `TRUE`, `FALSE` and the like: 1 for true, 0 for false, -1 for anything else.
int boolean_constant(std::string_view s) {
  if (s == "TRUE" || s == "true" || s == "1") return 1;
  if (s == "FALSE" || s == "false" || s == "0") return 0;
  return -1;
}

std::string_view unwrap(std::string_view s) {
  for (int strip = 0; strip < kMaxDepth && wrapped(s); ++strip) s = s.substr(1, s.size() - 2);
  return s;
}

// `name(args)` with a name as a call is written (`F`, `Mx::F`, `this->F`, `obj.F`): the name and
// the arguments; nullopt for anything else.
struct CallText {
  std::string_view callee;
  std::vector<std::string_view> args;
};
std::optional<CallText> call_text(std::string_view s) {
  if (s.size() < 3 || s.back() != ')') return std::nullopt;
  size_t open = s.find('(');
  if (open == 0 || open == std::string_view::npos || !wrapped(s.substr(open))) return std::nullopt;
  std::string_view callee = s.substr(0, open);
  if (!std::all_of(callee.begin(), callee.end(), [](char c) {
        return is_ident_char(c) || c == ':' || c == '.' || c == '-' || c == '>';
      }))
    return std::nullopt;
  CallText out{callee, {}};
  std::string_view inside = s.substr(open + 1, s.size() - open - 2);
  if (!inside.empty()) out.args = split(inside, ",");
  return out;
}

// `c ? a : b` at the top level: the three parts.
std::optional<std::array<std::string_view, 3>> conditional(std::string_view s) {
  int depth = 0, pending = 0;
  size_t question = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth != 0) continue;
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {  // `::` of a qualified name
      ++i;
      continue;
    }
    if (c == '?') {
      if (question == std::string_view::npos) question = i;
      ++pending;
    } else if (c == ':' && question != std::string_view::npos && --pending == 0) {
      return std::array<std::string_view, 3>{
          s.substr(0, question), s.substr(question + 1, i - question - 1), s.substr(i + 1)};
    }
  }
  return std::nullopt;
}

// Reads conditions and values of one function: its IRQL variables, and the helpers it calls.
class Reader {
 public:
  Reader(const IrqlVariables& vars, const IrqlCalls& calls) : vars_(vars), calls_(calls) {}

  std::optional<IrqlHelper> helper(std::string_view callee) const {
    if (!calls_) return std::nullopt;
    return calls_(callee);
  }

  // `KeGetCurrentIrql()`, a helper that returns it, or a variable that holds exactly its value.
  bool is_current_irql(std::string_view s, int depth) const {
    s = unwrap(s);
    if (s.ends_with("()") && find_current_irql_reader(s.substr(0, s.size() - 2))) return true;
    if (auto c = call_text(s)) {
      auto h = helper(c->callee);
      return h && h->returns_current;
    }
    auto v = vars_.find(s);
    return depth < kMaxDepth && v != vars_.end() && is_current_irql(squeeze(v->second), depth + 1);
  }

  // `current OP level`, or a test compared with TRUE/FALSE: the caps of both branches.
  std::optional<GuardCaps> comparison(std::string_view s, int depth) const {
    static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
    for (std::string_view op : kOps) {
      auto at = split_points(s, op);
      if (at.size() != 1) continue;
      std::string_view left = s.substr(0, at[0]), right = s.substr(at[0] + op.size());
      if (op.size() == 2 && (op == "==" || op == "!="))
        if (auto c = versus_boolean(left, right, op == "==", depth)) return c;
      Irql level;
      bool swapped = false;
      if (is_current_irql(left, depth) && parse_irql(right, &level)) {
      } else if (is_current_irql(right, depth) && parse_irql(left, &level)) {
        swapped = true;
      } else {
        return std::nullopt;
      }
      return level_caps(op, level, swapped);
    }
    return std::nullopt;
  }

  GuardCaps caps(std::string_view s, int depth) const {
    while (depth <= kMaxDepth && wrapped(s)) {
      s = s.substr(1, s.size() - 2);
      ++depth;
    }
    if (depth > kMaxDepth || s.empty()) return {};
    if (auto parts = split(s, "||"); parts.size() > 1) {
      // The then branch runs when any part holds; the else branch only when none does.
      GuardCaps out{Irql::Passive, Irql::High};
      for (std::string_view p : parts) {
        GuardCaps c = caps(p, depth + 1);
        out.then_cap = std::max(out.then_cap, c.then_cap);
        out.else_cap = std::min(out.else_cap, c.else_cap);
      }
      return out;
    }
    if (auto parts = split(s, "&&"); parts.size() > 1) {
      GuardCaps out{Irql::High, Irql::Passive};
      for (std::string_view p : parts) {
        GuardCaps c = caps(p, depth + 1);
        out.then_cap = std::min(out.then_cap, c.then_cap);
        out.else_cap = std::max(out.else_cap, c.else_cap);
      }
      return out;
    }
    if (s.front() == '!' && (s.size() < 2 || s[1] != '='))
      return flipped(caps(s.substr(1), depth + 1));
    if (auto c = comparison(s, depth)) return *c;
    if (auto c = predicate_call(s, depth)) return *c;
    // A variable that holds a test of the IRQL (`defer`), or the IRQL itself (`if (irql)`: above
    // PASSIVE_LEVEL).
    if (is_identifier(s))
      if (auto v = vars_.find(s); v != vars_.end())
        return is_current_irql(s, depth) ? GuardCaps{Irql::High, Irql::Passive}
                                         : caps(squeeze(v->second), depth + 1);
    return {};
  }

  // A returned value: a condition, a constant, or `c ? a : b` of such values.
  GuardCaps truth(std::string_view s, int depth) const {
    s = unwrap(s);
    if (depth > kMaxDepth) return {};
    if (int b = boolean_constant(s); b >= 0)
      return b ? GuardCaps{Irql::High, Irql::Passive} : GuardCaps{Irql::Passive, Irql::High};
    if (auto parts = conditional(s)) {
      GuardCaps c = caps((*parts)[0], depth + 1);
      GuardCaps a = truth((*parts)[1], depth + 1), b = truth((*parts)[2], depth + 1);
      // Passive stands for "never": the lowest cap, which max leaves alone.
      return {std::max(std::min(c.then_cap, a.then_cap), std::min(c.else_cap, b.then_cap)),
              std::max(std::min(c.then_cap, a.else_cap), std::min(c.else_cap, b.else_cap))};
    }
    return caps(s, depth + 1);
  }

 private:
  static GuardCaps level_caps(std::string_view op, Irql level, bool swapped) {
    if (swapped && op.size() == 1) op = op == "<" ? ">" : "<";
    if (swapped && (op == "<=" || op == ">=")) op = op == "<=" ? ">=" : "<=";
    if (op == "==") return GuardCaps{level, Irql::High};
    if (op == "!=") return GuardCaps{Irql::High, level};
    if (op == "<") return GuardCaps{lower(level), Irql::High};
    if (op == "<=") return GuardCaps{level, Irql::High};
    if (op == ">") return GuardCaps{Irql::High, level};
    return GuardCaps{Irql::High, lower(level)};  // >=
  }

  // `test == FALSE`, `TRUE != test`: the test's caps, flipped when it must be false.
  std::optional<GuardCaps> versus_boolean(std::string_view left, std::string_view right, bool equal,
                                          int depth) const {
    int b = boolean_constant(unwrap(right));
    std::string_view test = left;
    if (b < 0) {
      b = boolean_constant(unwrap(left));
      test = right;
    }
    if (b < 0 || is_current_irql(test, depth)) return std::nullopt;
    GuardCaps c = caps(test, depth + 1);
    return (b == 1) == equal ? c : flipped(c);
  }

  // `ShouldDefer(irql, ...)`: a helper whose result tests the IRQL it is given (or reads).
  std::optional<GuardCaps> predicate_call(std::string_view s, int depth) const {
    auto c = call_text(s);
    if (!c) return std::nullopt;
    auto h = helper(c->callee);
    if (!h || !h->predicate) return std::nullopt;
    if (h->tests >= 0 && (static_cast<size_t>(h->tests) >= c->args.size() ||
                          !is_current_irql(c->args[static_cast<size_t>(h->tests)], depth + 1)))
      return std::nullopt;
    return GuardCaps{h->true_cap, h->false_cap};
  }

  const IrqlVariables& vars_;
  const IrqlCalls& calls_;
};

// Whether squeezed text can say anything about the IRQL: only a call (a reader of it, a helper)
// or one of `vars` can, and most conditions hold neither, so the Reader's splitting is spared.
bool may_read_irql(std::string_view s, const IrqlVariables& vars) {
  if (s.find('(') != std::string_view::npos) return true;
  return std::any_of(vars.begin(), vars.end(),
                     [&](const auto& v) { return s.find(v.first) != std::string_view::npos; });
}

}  // namespace

GuardCaps irql_guard(std::string_view condition, const IrqlVariables& vars,
                     const IrqlCalls& calls) {
  if (condition.size() > kMaxConditionLength) return {};
  std::string s = squeeze(condition);
  if (!may_read_irql(s, vars)) return {};
  return Reader(vars, calls).caps(s, 0);
}

GuardCaps irql_truth(std::string_view value, const IrqlVariables& vars, const IrqlCalls& calls) {
  if (value.size() > kMaxConditionLength) return {};
  return Reader(vars, calls).truth(squeeze(value), 0);
}

bool is_current_irql_value(std::string_view value, const IrqlVariables& vars,
                           const IrqlCalls& calls) {
  if (value.size() > kMaxConditionLength) return false;
  std::string s = squeeze(value);
  return may_read_irql(s, vars) && Reader(vars, calls).is_current_irql(s, 0);
}

Irql irp_major_case_cap(std::string_view switch_condition, std::string_view case_value) {
  std::string cond = squeeze(switch_condition);
  std::string_view c = cond;
  for (int strip = 0; strip < kMaxDepth && wrapped(c); ++strip) c = c.substr(1, c.size() - 2);
  if (!c.ends_with("->MajorFunction") && !c.ends_with(".MajorFunction")) return Irql::High;
  std::string value = squeeze(case_value);
  return irp_major_arrives_at_passive(value) ? Irql::Passive : Irql::High;
}

void note_irql_assignment(const Assignment& a, IrqlVariables& vars, const IrqlCalls& calls) {
  if (a.op != "=") return;
  if (reads_current_irql(a.rhs, vars, calls))
    vars[a.lhs] = a.rhs;
  else
    vars.erase(a.lhs);
}

bool is_boolean_constant(std::string_view value) { return boolean_constant(squeeze(value)) >= 0; }

bool reads_current_irql(std::string_view value, const IrqlVariables& vars, const IrqlCalls& calls) {
  std::string s = squeeze(value);
  for (size_t i = 0; i < s.size();) {
    if (!is_ident_char(s[i])) {
      ++i;
      continue;
    }
    // A name, qualified or not (`Mx::MxGetCurrentIrql`); a call of it may be a helper's.
    size_t j = i;
    while (j < s.size()) {
      if (is_ident_char(s[j]))
        ++j;
      else if (s.compare(j, 2, "::") == 0 && j + 2 < s.size() && is_ident_char(s[j + 2]))
        j += 2;
      else
        break;
    }
    std::string_view word(s.data() + i, j - i);
    if (find_current_irql_reader(word) || vars.count(word)) return true;
    if (j < s.size() && s[j] == '(' && calls)
      if (auto h = calls(word); h && (h->returns_current || h->predicate)) return true;
    i = j;
  }
  return false;
}

namespace {

bool all_capitals(std::string_view name) {
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

bool reads_object_state(std::string_view condition, const std::vector<std::string>& own) {
  static constexpr std::array<std::string_view, 4> kKeywords = {"true", "false", "nullptr",
                                                                "sizeof"};
  std::string s = squeeze(condition);
  for (size_t i = 0; i < s.size();) {
    if (!is_ident_char(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_ident_char(s[j])) ++j;
    while (j + 2 < s.size() && s[j] == ':' && s[j + 1] == ':' && is_ident_char(s[j + 2]))
      for (j += 2; j < s.size() && is_ident_char(s[j]);) ++j;
    std::string_view name = std::string_view(s).substr(i, j - i);
    bool field = (i >= 2 && s.compare(i - 2, 2, "->") == 0) || (i >= 1 && s[i - 1] == '.');
    bool number = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
    bool called = j < s.size() && s[j] == '(';
    i = j;
    if (number) continue;
    if (field) return true;
    if (called || all_capitals(name)) continue;
    if (std::find(kKeywords.begin(), kKeywords.end(), name) != kKeywords.end()) continue;
    if (std::find(own.begin(), own.end(), name) == own.end()) return true;
  }
  return false;
}

}  // namespace pagewise
