#include "analysis/macro_calls.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<std::string> split_top_level(std::string_view args) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= args.size(); ++i) {
    if (i == args.size() || (args[i] == ',' && depth == 0)) {
      std::string_view a = trim(args.substr(start, i - start));
      if (!a.empty() || i != args.size()) out.emplace_back(a);
      start = i + 1;
    } else if (args[i] == '(' || args[i] == '[' || args[i] == '{') {
      ++depth;
    } else if (args[i] == ')' || args[i] == ']' || args[i] == '}') {
      --depth;
    }
  }
  if (out.size() == 1 && out[0].empty()) out.clear();
  return out;
}

// Replaces whole-word parameter names by the actual arguments.
std::string substitute(std::string_view text, const std::vector<std::string>& params,
                       const std::vector<std::string>& actuals) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (ident_char(text[i]) && (i == 0 || !ident_char(text[i - 1]))) {
      size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      std::string_view word = text.substr(i, j - i);
      bool replaced = false;
      for (size_t k = 0; k < params.size() && k < actuals.size(); ++k)
        if (word == params[k]) {
          out += actuals[k];
          replaced = true;
          break;
        }
      if (!replaced) out.append(word);
      i = j;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

}  // namespace

// The calls a function-like macro's body makes, with its parameters replaced by the arguments:
// `#define LOCK(a) KeAcquireSpinLock(&(a)->Lock, &(a)->Irql)` used as `LOCK(ext)`.
std::vector<Call> macro_calls(const MacroDef& def, const std::vector<std::string>& actuals,
                              Pos at) {
  std::vector<Call> out;
  std::string body = substitute(def.body, def.params, actuals);
  for (size_t i = 0; i < body.size(); ++i) {
    if (!ident_char(body[i]) ||
        (i > 0 && (ident_char(body[i - 1]) || body[i - 1] == '.' || body[i - 1] == '>')))
      continue;
    size_t j = i;
    while (j < body.size() && ident_char(body[j])) ++j;
    size_t k = j;
    while (k < body.size() && std::isspace(static_cast<unsigned char>(body[k]))) ++k;
    if (k >= body.size() || body[k] != '(' || std::isdigit(static_cast<unsigned char>(body[i]))) {
      i = j;
      continue;
    }
    int depth = 0;
    size_t close = k;
    for (; close < body.size(); ++close) {
      depth += body[close] == '(' ? 1 : body[close] == ')' ? -1 : 0;
      if (depth == 0) break;
    }
    Call c;
    c.callee = body.substr(i, j - i);
    c.args = split_top_level(std::string_view(body).substr(k + 1, close > k ? close - k - 1 : 0));
    c.pos = at;
    static const char* const kKeywords[] = {"if",     "while",  "for", "switch",
                                            "return", "sizeof", "do"};
    if (std::none_of(std::begin(kKeywords), std::end(kKeywords),
                     [&](const char* kw) { return c.callee == kw; }))
      out.push_back(std::move(c));
    // Calls nested in the arguments run first; keep scanning inside them.
    i = j;
  }
  return out;
}

}  // namespace pagewise
