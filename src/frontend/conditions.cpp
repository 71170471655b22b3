#include "frontend/conditions.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "frontend/lex.hpp"
#include "knowledge/build_macros.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

using lex::is_hspace;
using lex::is_ident_char;
using lex::is_ident_start;

enum class Truth : uint8_t { False, True, Unknown };

// A value in a condition: nullopt when it depends on something the configuration does not fix.
using Value = std::optional<long long>;

struct Token {
  enum Kind : uint8_t { Number, Name, Punct, End, Bad } kind = End;
  std::string_view text;
  long long number = 0;
};

class ConditionLexer {
 public:
  explicit ConditionLexer(std::string_view s) : s_(s) {}
  Token next() {
    while (pos_ < s_.size() && (is_hspace(s_[pos_]) || s_[pos_] == '\n')) ++pos_;
    if (pos_ >= s_.size()) return {Token::End, {}, 0};
    size_t b = pos_;
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (lex::is_digit(c)) {
      pos_ = lex::skip_number(s_, pos_);
      auto v = integer_literal(s_.substr(b, pos_ - b));
      if (!v) return {Token::Bad, s_.substr(b, pos_ - b), 0};
      return {Token::Number, s_.substr(b, pos_ - b), static_cast<long long>(*v)};
    }
    if (is_ident_start(c)) {
      while (pos_ < s_.size() && is_ident_char(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return {Token::Name, s_.substr(b, pos_ - b), 0};
    }
    static constexpr std::string_view kTwo[] = {"&&", "||", "==", "!=", "<=", ">=", "<<", ">>"};
    for (std::string_view op : kTwo) {
      if (s_.substr(pos_, 2) == op) {
        pos_ += 2;
        return {Token::Punct, op, 0};
      }
    }
    if (std::strchr("()!~+-*/%<>&|^?:,", c) && c != 0) {
      ++pos_;
      return {Token::Punct, s_.substr(b, 1), 0};
    }
    ++pos_;
    return {Token::Bad, s_.substr(b, 1), 0};  // character literals, strings, '#', ...
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// Precedence climbing over tri-state values. Any syntax it does not know makes the whole
// condition unknown (ok_ = false), which keeps both branches: the safe default.
class ConditionEvaluator {
 public:
  ConditionEvaluator(std::string_view s, const ConditionConfig& cfg, int depth)
      : lexer_(s), cfg_(cfg), depth_(depth) {
    advance();
  }

  Value evaluate() {
    Value v = expression(0);
    if (tok_.kind != Token::End) ok_ = false;
    return ok_ ? v : std::nullopt;
  }

 private:
  static constexpr int kMaxNesting = 200;

  void advance() { tok_ = lexer_.next(); }
  bool is(std::string_view punct) const { return tok_.kind == Token::Punct && tok_.text == punct; }

  static int precedence(std::string_view op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "^") return 4;
    if (op == "&") return 5;
    if (op == "==" || op == "!=") return 6;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "%") return 10;
    return -1;
  }

  static Value apply(std::string_view op, Value a, Value b) {
    // && and || are decided by one known side even when the other is unknown.
    if (op == "&&") {
      if ((a && *a == 0) || (b && *b == 0)) return 0;
      if (a && b) return 1;
      return std::nullopt;
    }
    if (op == "||") {
      if ((a && *a != 0) || (b && *b != 0)) return 1;
      if (a && b) return 0;
      return std::nullopt;
    }
    if (!a || !b) return std::nullopt;
    long long x = *a, y = *b;
    if (op == "|") return x | y;
    if (op == "^") return x ^ y;
    if (op == "&") return x & y;
    if (op == "==") return x == y;
    if (op == "!=") return x != y;
    if (op == "<") return x < y;
    if (op == ">") return x > y;
    if (op == "<=") return x <= y;
    if (op == ">=") return x >= y;
    if (op == "<<") return (y < 0 || y > 62) ? Value() : Value(x << y);
    if (op == ">>") return (y < 0 || y > 62) ? Value() : Value(x >> y);
    if (op == "+") return static_cast<long long>(static_cast<unsigned long long>(x) + y);
    if (op == "-") return static_cast<long long>(static_cast<unsigned long long>(x) - y);
    if (op == "*") return static_cast<long long>(static_cast<unsigned long long>(x) * y);
    if (y == 0 || (x == std::numeric_limits<long long>::min() && y == -1)) return std::nullopt;
    if (op == "/") return x / y;
    if (op == "%") return x % y;
    return std::nullopt;
  }

  Value expression(int min_prec) {
    if (++nesting_ > kMaxNesting) {
      ok_ = false;
      return std::nullopt;
    }
    Value lhs = unary();
    while (ok_ && tok_.kind == Token::Punct) {
      if (is("?")) {
        if (min_prec > 0) break;
        advance();
        Value then = expression(0);
        if (!is(":")) {
          ok_ = false;
          break;
        }
        advance();
        Value otherwise = expression(0);
        if (lhs)
          lhs = *lhs ? then : otherwise;
        else
          lhs = (then && otherwise && *then == *otherwise) ? then : std::nullopt;
        continue;
      }
      int prec = precedence(tok_.text);
      if (prec < 0 || prec < min_prec) break;
      std::string_view op = tok_.text;
      advance();
      Value rhs = expression(prec + 1);
      lhs = apply(op, lhs, rhs);
    }
    --nesting_;
    return lhs;
  }

  Value unary() {
    if (tok_.kind == Token::Punct) {
      std::string_view op = tok_.text;
      if (op == "!" || op == "-" || op == "+" || op == "~") {
        advance();
        if (++nesting_ > kMaxNesting) {
          ok_ = false;
          return std::nullopt;
        }
        Value v = unary();
        --nesting_;
        if (!v) return std::nullopt;
        if (op == "!") return *v == 0;
        if (op == "-") return static_cast<long long>(0ULL - static_cast<unsigned long long>(*v));
        if (op == "~") return ~*v;
        return v;
      }
      if (op == "(") {
        advance();
        Value v = expression(0);
        if (!is(")")) {
          ok_ = false;
          return std::nullopt;
        }
        advance();
        return v;
      }
      ok_ = false;
      return std::nullopt;
    }
    if (tok_.kind == Token::Number) {
      long long v = tok_.number;
      advance();
      return v;
    }
    if (tok_.kind == Token::Name) return name();
    ok_ = false;
    return std::nullopt;
  }

  Value name() {
    std::string name(tok_.text);
    advance();
    if (name == "defined") {
      bool paren = is("(");
      if (paren) advance();
      if (tok_.kind != Token::Name) {
        ok_ = false;
        return std::nullopt;
      }
      std::string sym(tok_.text);
      advance();
      if (paren) {
        if (!is(")")) {
          ok_ = false;
          return std::nullopt;
        }
        advance();
      }
      return is_defined(sym);
    }
    if (is("(")) {
      // A function-like macro or __has_include(...): its value is unknown; skip its arguments.
      int depth = 0;
      do {
        if (is("(")) ++depth;
        if (is(")")) --depth;
        if (tok_.kind == Token::End || tok_.kind == Token::Bad) {
          ok_ = false;
          return std::nullopt;
        }
        advance();
      } while (depth > 0);
      return std::nullopt;
    }
    return macro_value(name);
  }

  Value is_defined(const std::string& sym) const {
    if (cfg_.defined.count(sym) || cfg_.defined_no_value.count(sym)) return 1;
    if (cfg_.undefined.count(sym)) return 0;
    return std::nullopt;
  }

  Value macro_value(const std::string& sym) const {
    if (auto it = cfg_.defined.find(sym); it != cfg_.defined.end()) {
      if (trim(it->second).empty()) return 1;  // -DX means X=1
      if (depth_ >= 8) return std::nullopt;    // -DA=B -DB=A
      return ConditionEvaluator(it->second, cfg_, depth_ + 1).evaluate();
    }
    if (cfg_.undefined.count(sym)) return 0;  // an undefined name is 0 in #if
    return std::nullopt;
  }

  ConditionLexer lexer_;
  const ConditionConfig& cfg_;
  int depth_;
  Token tok_;
  bool ok_ = true;
  int nesting_ = 0;
};

Truth truth_of(Value v) {
  if (!v) return Truth::Unknown;
  return *v ? Truth::True : Truth::False;
}

std::string_view first_word(std::string_view s) {
  s = trim(s);
  size_t j = 0;
  while (j < s.size() && is_ident_char(static_cast<unsigned char>(s[j]))) ++j;
  return s.substr(0, j);
}

Truth condition_truth(const Directive& d, const ConditionConfig& cfg) {
  if (d.name == "ifdef" || d.name == "ifndef") {
    std::string sym(first_word(d.text));
    if (sym.empty()) return Truth::Unknown;
    Truth t = Truth::Unknown;
    if (cfg.defined.count(sym) || cfg.defined_no_value.count(sym))
      t = Truth::True;
    else if (cfg.undefined.count(sym))
      t = Truth::False;
    if (d.name == "ifndef" && t != Truth::Unknown)
      t = t == Truth::True ? Truth::False : Truth::True;
    return t;
  }
  return truth_of(ConditionEvaluator(d.text, cfg, 0).evaluate());
}

// One #if ... #endif chain being read.
struct Chain {
  bool enclosed_dead = false;  // the whole chain sits in a dead branch: nothing is emitted for it
  bool branch_taken = false;   // some branch is known true: every later branch is dead
  bool dead = false;           // the current branch is switched off
  uint32_t dead_begin = 0;
};

void open_branch(Chain& c, Truth t, const Directive& d) {
  c.dead = c.branch_taken || t == Truth::False;
  if (c.dead) c.dead_begin = d.end;
  if (t == Truth::True) c.branch_taken = true;
}

void close_branch(const Chain& c, uint32_t at, std::vector<InactiveRange>& out) {
  if (!c.enclosed_dead && c.dead && at > c.dead_begin) out.push_back({c.dead_begin, at});
}

}  // namespace

std::vector<InactiveRange> inactive_ranges(const std::vector<Directive>& ds,
                                           const ConditionConfig& cfg) {
  std::vector<InactiveRange> out;
  std::vector<Chain> chains;
  for (const Directive& d : ds) {
    const std::string& n = d.name;
    if (n == "if" || n == "ifdef" || n == "ifndef") {
      Chain c;
      c.enclosed_dead = !chains.empty() && (chains.back().enclosed_dead || chains.back().dead);
      if (!c.enclosed_dead) open_branch(c, condition_truth(d, cfg), d);
      chains.push_back(c);
    } else if (n == "elif" || n == "elifdef" || n == "elifndef" || n == "else") {
      if (chains.empty()) continue;  // stray: ignore
      Chain& c = chains.back();
      if (c.enclosed_dead) continue;
      close_branch(c, d.pos.offset, out);
      Truth t = Truth::Unknown;
      if (!c.branch_taken && n != "else") {
        Directive as_if = d;
        as_if.name = n == "elif" ? "if" : n == "elifdef" ? "ifdef" : "ifndef";
        t = condition_truth(as_if, cfg);
      }
      open_branch(c, t, d);
    } else if (n == "endif") {
      if (chains.empty()) continue;
      close_branch(chains.back(), d.pos.offset, out);
      chains.pop_back();
    }
  }
  // Missing #endif: a dead branch runs to the end of the file.
  for (const Chain& c : chains) close_branch(c, std::numeric_limits<uint32_t>::max(), out);
  std::sort(out.begin(), out.end(),
            [](const InactiveRange& a, const InactiveRange& b) { return a.begin < b.begin; });
  return out;
}

void ConditionConfig::define(const std::string& name, std::string value) {
  undefined.erase(name);
  defined_no_value.erase(name);
  defined[name] = std::move(value);
}

void ConditionConfig::define_no_value(const std::string& name) {
  undefined.erase(name);
  defined.erase(name);
  defined_no_value.insert(name);
}

void ConditionConfig::undefine(const std::string& name) {
  defined.erase(name);
  defined_no_value.erase(name);
  undefined.insert(name);
}

ConditionConfig unit_conditions(const std::vector<std::string>& defines,
                                const std::vector<std::string>& undefines,
                                const ConditionConfig& user) {
  ConditionConfig cfg;
  for (const KernelBuildMacro& m : kernel_build_macros()) {
    if (m.state == KernelBuildMacro::State::Defined)
      cfg.define(m.name, m.value);
    else if (m.state == KernelBuildMacro::State::DefinedNoValue)
      cfg.define_no_value(m.name);
    else
      cfg.undefine(m.name);
  }
  for (const std::string& d : defines) {
    size_t eq = d.find('=');
    cfg.define(d.substr(0, eq), eq == std::string::npos ? "1" : d.substr(eq + 1));
  }
  for (const std::string& u : undefines) cfg.undefine(u);
  for (const auto& [name, value] : user.defined) cfg.define(name, value);
  for (const std::string& name : user.defined_no_value) cfg.define_no_value(name);
  for (const std::string& name : user.undefined)
    if (!user.defined.count(name)) cfg.undefine(name);
  return cfg;
}

namespace {

bool decided(const ConditionConfig& cfg, const std::string& name) {
  return cfg.defined.count(name) || cfg.defined_no_value.count(name) || cfg.undefined.count(name);
}

// Macros with a `#define` in a live (or undecided) branch, and those defined only in dead ones.
void sort_definitions(const std::vector<const std::vector<Directive>*>& files,
                      const ConditionConfig& cfg, std::set<std::string>& live,
                      std::set<std::string>& dead) {
  for (const std::vector<Directive>* ds : files) {
    std::vector<InactiveRange> off = inactive_ranges(*ds, cfg);
    for (const Directive& d : *ds) {
      if (d.name != "define") continue;
      std::string name(first_word(d.text));
      if (name.empty() || decided(cfg, name)) continue;
      (inactive_range_at(off, d.pos.offset) ? dead : live).insert(std::move(name));
    }
  }
}

}  // namespace

void undefine_dead_only_macros(const std::vector<const std::vector<Directive>*>& files,
                               ConditionConfig& cfg) {
  // Each round only switches branches off, so this ends; the bound keeps a pathological unit cheap.
  for (int round = 0; round < 8; ++round) {
    std::set<std::string> live, dead;
    sort_definitions(files, cfg, live, dead);
    bool changed = false;
    for (const std::string& name : dead)
      if (!live.count(name)) {
        cfg.undefined.insert(name);
        changed = true;
      }
    if (!changed) return;
  }
}

const InactiveRange* inactive_range_at(const std::vector<InactiveRange>& ranges, uint32_t offset) {
  auto after = std::upper_bound(ranges.begin(), ranges.end(), offset,
                                [](uint32_t o, const InactiveRange& r) { return o < r.begin; });
  if (after == ranges.begin() || offset >= std::prev(after)->end) return nullptr;
  return &*std::prev(after);
}

}  // namespace pagewise
