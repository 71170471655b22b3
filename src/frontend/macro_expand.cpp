#include "frontend/macro_expand.hpp"

#include <algorithm>
#include <cctype>

#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The arguments of a call whose '(' is at text[open]; sets *close to the matching ')'.
std::vector<std::string> call_arguments(std::string_view text, size_t open, size_t* close) {
  std::vector<std::string> args;
  int depth = 0;
  size_t start = open + 1;
  for (size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (text[i] == '\\') ++i;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) {
      args.emplace_back(trim(text.substr(start, i - start)));
      *close = i;
      if (args.size() == 1 && args[0].empty()) args.clear();
      return args;
    }
    if (c == ',' && depth == 1) {
      args.emplace_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  *close = std::string_view::npos;
  return {};
}

// One expansion in progress: the macros being expanded (never re-entered) and the budget.
struct Expansion {
  const MacroLookup& lookup;
  ExpansionBudget& budget;
  std::vector<std::string> active;
  ExpansionCut cut = ExpansionCut::None;

  // Charges `bytes` read or written; false (and the cut noted) once the work budget is spent.
  bool charge(size_t bytes) {
    if (cut != ExpansionCut::None) return false;
    if (bytes > budget.work_left) {
      budget.work_left = 0;
      cut = ExpansionCut::Work;
      return false;
    }
    budget.work_left -= bytes;
    return true;
  }
  // Appends an expansion's result; false (and the cut noted) when it is spent or too long.
  bool append(std::string& out, const std::string& piece) {
    if (!charge(piece.size())) return false;
    if (out.size() + piece.size() > budget.max_output) {
      out.append(piece, 0, budget.max_output - std::min(out.size(), budget.max_output));
      cut = ExpansionCut::OutputSize;
      return false;
    }
    out += piece;
    return true;
  }
  bool stopped() const { return cut != ExpansionCut::None; }
};

// Substitutes parameters in a function-like macro's body, with # and ## applied.
std::string substitute(const MacroDef& def, const std::vector<std::string>& args, int depth,
                       Expansion& x);

std::string expand(std::string_view text, int depth, Expansion& x) {
  std::string out;
  if (!x.charge(text.size())) return out;
  for (size_t i = 0; i < text.size() && !x.stopped();) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      size_t j = i + 1;
      for (; j < text.size() && text[j] != c; ++j)
        if (text[j] == '\\') ++j;
      out.append(text.substr(i, j + 1 - i));
      i = j + 1;
      continue;
    }
    if (!ident_start(c) || (i > 0 && ident_char(text[i - 1]))) {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && ident_char(text[j])) ++j;
    std::string name(text.substr(i, j - i));
    const MacroDef* def = depth > 0 ? x.lookup(name) : nullptr;
    bool recursive = false;
    for (const std::string& a : x.active)
      if (a == name) recursive = true;
    if (!def || recursive) {
      out += name;
      i = j;
      continue;
    }
    if (!def->function_like) {
      x.active.push_back(name);
      x.append(out, expand(def->body, depth - 1, x));
      x.active.pop_back();
      i = j;
      continue;
    }
    size_t k = j;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    if (k >= text.size() || text[k] != '(') {
      out += name;
      i = j;
      continue;
    }
    size_t close = 0;
    std::vector<std::string> args = call_arguments(text, k, &close);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    x.active.push_back(name);
    x.append(out, substitute(*def, args, depth - 1, x));
    x.active.pop_back();
    i = close + 1;
  }
  if (out.size() > x.budget.max_output && !x.stopped()) {
    out.resize(x.budget.max_output);
    x.cut = ExpansionCut::OutputSize;
  }
  return out;
}

std::string substitute(const MacroDef& def, const std::vector<std::string>& args, int depth,
                       Expansion& x) {
  auto param_index = [&](std::string_view word) -> int {
    for (size_t p = 0; p < def.params.size(); ++p)
      if (def.params[p] == word) return static_cast<int>(p);
    return -1;
  };
  auto arg = [&](int p) {
    return p >= 0 && static_cast<size_t>(p) < args.size() ? args[p] : std::string();
  };
  // First pass: # and ## use the arguments as written; other parameters are expanded first.
  const std::string& body = def.body;
  std::string out;
  if (!x.charge(body.size())) return out;
  for (size_t i = 0; i < body.size() && !x.stopped();) {
    char c = body[i];
    if (c == '#' && i + 1 < body.size() && body[i + 1] == '#') {
      // Pasting: drop the operator and the white space around it.
      while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
      i += 2;
      while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
      size_t j = i;
      while (j < body.size() && ident_char(body[j])) ++j;
      int p = param_index(std::string_view(body).substr(i, j - i));
      x.append(out, p >= 0 ? arg(p) : body.substr(i, j - i));
      i = j;
      continue;
    }
    if (c == '#') {
      size_t k = i + 1;
      while (k < body.size() && std::isspace(static_cast<unsigned char>(body[k]))) ++k;
      size_t j = k;
      while (j < body.size() && ident_char(body[j])) ++j;
      int p = param_index(std::string_view(body).substr(k, j - k));
      if (p >= 0) {
        x.append(out, "\"" + arg(p) + "\"");
        i = j;
        continue;
      }
    }
    if (ident_start(c) && (i == 0 || !ident_char(body[i - 1]))) {
      size_t j = i;
      while (j < body.size() && ident_char(body[j])) ++j;
      int p = param_index(std::string_view(body).substr(i, j - i));
      size_t after = j;
      while (after < body.size() && std::isspace(static_cast<unsigned char>(body[after]))) ++after;
      bool pasted = after + 1 < body.size() && body[after] == '#' && body[after + 1] == '#';
      if (p >= 0)
        x.append(out, pasted ? arg(p) : expand(arg(p), depth, x));
      else
        out.append(body, i, j - i);
      i = j;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  if (x.stopped()) return out;
  return expand(out, depth, x);
}

}  // namespace

std::string expand_macros(std::string_view text, const MacroLookup& lookup, int depth,
                          ExpansionBudget* budget, ExpansionCut* cut) {
  ExpansionBudget own;
  Expansion x{lookup, budget ? *budget : own, {}, ExpansionCut::None};
  std::string out = expand(text, depth, x);
  if (cut) *cut = x.cut;
  return out;
}

}  // namespace pagewise
