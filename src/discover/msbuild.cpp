#include "discover/msbuild.hpp"

#include <cctype>
#include <vector>

#include "discover/paths.hpp"
#include "text/text.hpp"

namespace pagewise {

void MsbuildProperties::set(std::string_view name, std::string value) {
  values_[ascii_lower(name)] = std::move(value);
}

const std::string* MsbuildProperties::find(std::string_view name) const {
  auto it = values_.find(ascii_lower(name));
  return it == values_.end() ? nullptr : &it->second;
}

namespace {

// `<P1>$(P0)$(P0)</P1><P2>$(P1)$(P1)</P2>...` doubles at each step: a value that would grow past
// this keeps the reference unresolved instead.
constexpr size_t kMaxExpansion = 1 << 20;

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

}  // namespace

std::string expand_properties(std::string_view s, const MsbuildProperties& props,
                              bool unknown_as_empty, bool* unresolved) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t ref = s.find("$(", i);
    if (ref == std::string_view::npos) break;
    out.append(s.substr(i, ref - i));
    size_t close = s.find(')', ref + 2);
    if (close == std::string_view::npos) {
      i = ref;
      break;
    }
    std::string_view name = trim(s.substr(ref + 2, close - ref - 2));
    bool plain = !name.empty();
    for (char c : name) plain &= is_name_char(c);
    const std::string* value = plain ? props.find(name) : nullptr;
    if (!plain) {
      // A property function can hold parentheses of its own: keep it whole, to its matching ')'.
      int depth = 0;
      for (close = ref + 1; close < s.size(); ++close) {
        if (s[close] == '(') ++depth;
        if (s[close] == ')' && --depth == 0) break;
      }
      close = std::min(close, s.size() - 1);
    }
    if (value && out.size() + value->size() <= kMaxExpansion) {
      out += *value;
    } else {
      if (unresolved) *unresolved = true;
      if (!unknown_as_empty || !plain) out.append(s.substr(ref, close + 1 - ref));
    }
    i = close + 1;
  }
  if (i < s.size()) out.append(s.substr(i));
  return out;
}

namespace {

// Tri-state over the condition grammar; any syntax it does not know makes the result unknown.
class ConditionReader {
 public:
  explicit ConditionReader(std::string_view s) : s_(s) {}

  std::optional<bool> read() {
    std::optional<bool> v = disjunction();
    skip_space();
    if (pos_ != s_.size()) ok_ = false;
    return ok_ ? v : std::nullopt;
  }

 private:
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])) != 0) ++pos_;
  }

  bool keyword(std::string_view word) {
    skip_space();
    if (ascii_lower(s_.substr(pos_, word.size())) != word) return false;
    size_t after = pos_ + word.size();
    if (after < s_.size() && is_name_char(s_[after])) return false;
    pos_ = after;
    return true;
  }

  bool punct(std::string_view p) {
    skip_space();
    if (s_.substr(pos_, p.size()) != p) return false;
    pos_ += p.size();
    return true;
  }

  std::optional<bool> disjunction() {
    std::optional<bool> v = conjunction();
    while (ok_ && keyword("or")) {
      std::optional<bool> r = conjunction();
      if ((v && *v) || (r && *r))
        v = true;
      else if (v && r)
        v = false;
      else
        v = std::nullopt;
    }
    return v;
  }

  std::optional<bool> conjunction() {
    std::optional<bool> v = unary();
    while (ok_ && keyword("and")) {
      std::optional<bool> r = unary();
      if ((v && !*v) || (r && !*r))
        v = false;
      else if (v && r)
        v = true;
      else
        v = std::nullopt;
    }
    return v;
  }

  std::optional<bool> unary() {
    if (++depth_ > 100) ok_ = false;
    if (!ok_) return std::nullopt;
    std::optional<bool> v;
    if (punct("!")) {
      v = unary();
      if (v) v = !*v;
    } else if (punct("(")) {
      v = disjunction();
      if (!punct(")")) ok_ = false;
    } else {
      v = comparison();
    }
    --depth_;
    return v;
  }

  // A quoted string, a bare word, or a function call (whose value is unknown).
  std::optional<std::string> operand() {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '\'') {
      size_t close = s_.find('\'', pos_ + 1);
      if (close == std::string_view::npos) return fail();
      std::string value(s_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      return value;
    }
    size_t start = pos_;
    while (pos_ < s_.size() && (is_name_char(s_[pos_]) || s_[pos_] == '.')) ++pos_;
    if (pos_ == start) return fail();
    std::string word(s_.substr(start, pos_ - start));
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '(') {
      int depth = 0;
      for (; pos_ < s_.size(); ++pos_) {
        if (s_[pos_] == '(') ++depth;
        if (s_[pos_] == ')' && --depth == 0) break;
      }
      if (pos_ >= s_.size()) return fail();
      ++pos_;
      unknown_operand_ = true;
      return std::string();
    }
    return word;
  }

  std::optional<std::string> fail() {
    ok_ = false;
    return std::nullopt;
  }

  std::optional<bool> comparison();

  std::string_view s_;
  size_t pos_ = 0;
  bool ok_ = true;
  bool unknown_operand_ = false;
  int depth_ = 0;
};

std::optional<bool> ConditionReader::comparison() {
  unknown_operand_ = false;
  std::optional<std::string> a = operand();
  if (!a) return std::nullopt;
  static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
  std::string_view op;
  for (std::string_view o : kOps)
    if (op.empty() && punct(o)) op = o;
  if (op.empty()) {
    if (unknown_operand_) return std::nullopt;
    std::string word = ascii_lower(*a);
    if (word == "true") return true;
    if (word == "false") return false;
    ok_ = false;
    return std::nullopt;
  }
  std::optional<std::string> b = operand();
  if (!b || unknown_operand_) return std::nullopt;
  if (op == "==" || op == "!=")
    return (ascii_lower(trim(*a)) == ascii_lower(trim(*b))) == (op == "==");
  std::optional<uint64_t> x = integer_literal(trim(*a));
  std::optional<uint64_t> y = integer_literal(trim(*b));
  if (!x || !y) return std::nullopt;
  if (op == "<") return *x < *y;
  if (op == ">") return *x > *y;
  if (op == "<=") return *x <= *y;
  return *x >= *y;
}

}  // namespace

std::optional<bool> evaluate_condition(std::string_view condition, const MsbuildProperties& props) {
  // An undefined property is empty in a condition; a property function, kept as written, cannot
  // be evaluated.
  std::string expanded = expand_properties(condition, props, true, nullptr);
  if (expanded.find("$(") != std::string::npos) return std::nullopt;
  if (trim(expanded).empty()) return true;
  return ConditionReader(expanded).read();
}

}  // namespace pagewise
