#include "knowledge/section_syntax.hpp"

#include <cctype>

namespace pagewise {

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string declspec_argument(std::string_view args, std::string_view key) {
  size_t at = 0;
  while ((at = args.find(key, at)) != std::string_view::npos) {
    bool whole = (at == 0 || !ident_char(args[at - 1])) &&
                 (at + key.size() >= args.size() || !ident_char(args[at + key.size()]));
    size_t i = at + key.size();
    at = i;
    if (!whole) continue;
    while (i < args.size() && std::isspace(static_cast<unsigned char>(args[i]))) ++i;
    if (i >= args.size() || args[i] != '(') continue;
    ++i;
    while (i < args.size() && std::isspace(static_cast<unsigned char>(args[i]))) ++i;
    bool quoted = i < args.size() && args[i] == '"';
    if (quoted) ++i;
    size_t start = i;
    while (i < args.size() &&
           (quoted ? args[i] != '"' : (ident_char(args[i]) || args[i] == '.' || args[i] == '$')))
      ++i;
    return std::string(args.substr(start, i - start));
  }
  return {};
}

}  // namespace pagewise
