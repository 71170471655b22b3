#include "frontend/prepass.hpp"

#include <algorithm>
#include <cstring>

#include "frontend/lex.hpp"
#include "knowledge/dialect.hpp"

namespace pagewise {

// ---------------------------------------------------------------------------------------------
// Dialect
// ---------------------------------------------------------------------------------------------
void Dialect::add(std::string_view name, BlankRule rule) {
  if (name.empty()) return;
  auto [it, inserted] = rules_.try_emplace(std::string(name), rule);
  if (!inserted) {
    // Never lose a fact: a name listed twice keeps the stronger treatment of both.
    it->second.takes_args = it->second.takes_args || rule.takes_args;
    it->second.record = it->second.record || rule.record;
    it->second.cpp_only = it->second.cpp_only && rule.cpp_only;
  }
  size_t len = std::min<size_t>(name.size(), 63);
  length_filter_[static_cast<unsigned char>(name[0])] |= uint64_t{1} << len;
}

Dialect Dialect::builtin() {
  static const Dialect base = [] {
    Dialect d;
    for (const DialectToken& t : dialect_tokens())
      d.add(t.name, {t.takes_args, t.record, t.cpp_only, t.kind == TokenKind::TypeWrapper});
    for (const SameLengthRewrite& r : same_length_rewrites())
      if (r.replacement.size() == r.name.size()) d.add(r.name, {.rewrite = r.replacement});
    return d;
  }();
  return base;
}

void Dialect::add_placement_macro(const std::string& name, bool function_like) {
  add(name, {function_like, true});
}

void Dialect::add_decoration_macro(const std::string& name) {
  std::string_view n = name;
  bool takes_args = false;
  for (std::string_view suffix : {std::string_view("(...)"), std::string_view("()")}) {
    if (n.size() > suffix.size() && n.substr(n.size() - suffix.size()) == suffix) {
      n.remove_suffix(suffix.size());
      takes_args = true;
      break;
    }
  }
  add(n, {takes_args, false});
}

bool is_sal_shaped(std::string_view id) {
  if (id.size() < 3 || id[0] != '_' || id[1] < 'A' || id[1] > 'Z' || id.back() != '_') return false;
  bool lower = false;
  for (char c : id) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return lower;
}

// ---------------------------------------------------------------------------------------------
// The pre-pass
// ---------------------------------------------------------------------------------------------
namespace {

enum CharClass : uint8_t {
  kOther,
  kSpace,
  kNewline,
  kIdent,
  kDigit,
  kQuote,
  kSlash,
  kHash,
  kDot,
  kMinus
};

constexpr std::array<uint8_t, 256> make_char_classes() {
  std::array<uint8_t, 256> cls{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k = kOther;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
      k = kSpace;
    else if (c == '\n')
      k = kNewline;
    else if (c >= '0' && c <= '9')
      k = kDigit;
    else if (lex::is_ident_start(static_cast<unsigned char>(c)))
      k = kIdent;
    else if (c == '"' || c == '\'')
      k = kQuote;
    else if (c == '/')
      k = kSlash;
    else if (c == '#')
      k = kHash;
    else if (c == '.')
      k = kDot;
    else if (c == '-')
      k = kMinus;
    cls[c] = k;
  }
  return cls;
}

constexpr std::array<uint8_t, 256> kCharClass = make_char_classes();

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// struct X, union X, enum X, class X: an identifier here names a type, even when it is shaped
// like a SAL annotation (`struct _IKsControl_`).
bool is_tag_keyword(std::string_view id) {
  switch (id.size()) {
    case 4:
      return id == "enum";
    case 5:
      return id == "union" || id == "class";
    case 6:
      return id == "struct";
    case 9:
      return id == "interface";  // objbase.h: #define interface struct
    case 11:
      return id == "__interface";
    default:
      return false;
  }
}

class Prepass {
 public:
  Prepass(std::string_view text, const Dialect& dialect, Language lang)
      : t_(text), dialect_(dialect), c_language_(lang == Language::C), lines_(text) {
    result_.text.assign(text);
  }

  // Long: the scanner's one switch over character classes, the stage's hot loop, kept whole.
  PrepassResult run() {
    const size_t n = t_.size();
    size_t i = 0;
    if (n >= 3 && t_.substr(0, 3) == "\xEF\xBB\xBF") {
      blank(0, 3);  // keep offsets: three spaces instead of the byte-order mark
      i = 3;
    }
    bool line_start = true;
    while (i < n) {
      const unsigned char c = static_cast<unsigned char>(t_[i]);
      switch (kCharClass[c]) {
        case kNewline:
          line_start = true;
          ++i;
          break;
        case kSpace:
          ++i;
          break;
        case kIdent: {
          line_start = false;
          size_t b = i++;
          while (i < n && lex::is_ident_char(static_cast<unsigned char>(t_[i]))) ++i;
          if (lex::is_raw_string_prefix(t_, b, i)) {
            size_t r = lex::skip_raw_string(t_, i);
            i = r == std::string_view::npos ? lex::skip_quoted(t_, i) : r;
            after_token();
          } else {
            i = identifier(b, i);
          }
          break;
        }
        case kSlash:
          if (i + 1 < n && t_[i + 1] == '*') {
            i = lex::skip_block_comment(t_, i);  // leaves line_start as it was
          } else if (i + 1 < n && t_[i + 1] == '/') {
            i = lex::skip_line_comment(t_, i);
          } else {
            line_start = false;
            after_token();
            ++i;
          }
          break;
        case kHash:
          if (line_start) {
            // Conditionals stay (they structure what the parser reads); every other directive is
            // blanked: its facts come from the directive scan of the original text, and a
            // #pragma between `}` and `__except` or a #define between a header and its body
            // breaks the parse.
            size_t end = lex::skip_directive(t_, i);
            if (!is_conditional(i, end)) blank(i, end);
            i = end;
          } else {
            after_token();
            ++i;
          }
          break;
        case kQuote:
          line_start = false;
          after_token();
          i = lex::skip_quoted(t_, i);
          break;
        case kDigit:
          line_start = false;
          after_token();
          i = lex::skip_number(t_, i);
          break;
        case kDot:
          line_start = false;
          if (i + 1 < n && lex::is_digit(static_cast<unsigned char>(t_[i + 1]))) {
            after_token();
            i = lex::skip_number(t_, i);
          } else {
            after_token();
            member_ = true;
            ++i;
          }
          break;
        case kMinus:
          line_start = false;
          after_token();
          if (i + 1 < n && t_[i + 1] == '>') {
            member_ = true;
            i += 2;
          } else {
            ++i;
          }
          break;
        default:
          line_start = false;
          after_token();
          ++i;
          break;
      }
    }
    result_.changed_length = result_.text.size() != t_.size();
    return std::move(result_);
  }

 private:
  // Any token that is not a blanked item ends the "after struct" and "after . or ->" contexts.
  void after_token() {
    tag_ = false;
    member_ = false;
  }

  // Handles the identifier [b, e); returns the offset to continue from.
  size_t identifier(size_t b, size_t e) {
    std::string_view id = t_.substr(b, e - b);
    if (member_) {  // a field name after . or -> is never a macro to blank
      after_token();
      return e;
    }
    if (c_language_ && id.size() >= 3 && id.size() <= 7 &&
        (id[0] == 't' || id[0] == 'e' || id[0] == 'f' || id[0] == 'l')) {
      if (size_t end = seh_macro(id, b, e)) return end;
    }
    if (const BlankRule* rule = dialect_.find(id)) {
      if (!rule->rewrite.empty()) {
        std::memcpy(result_.text.data() + b, rule->rewrite.data(), id.size());
        after_token();
        return e;
      }
      if (!(rule->cpp_only && c_language_)) return blank_item(id, b, e, *rule);
    }
    if (id[0] == '_') {
      if (is_sal_shaped(id)) {
        // After struct/union/enum/class it is the tag, unless arguments follow: a tag never
        // takes any (`struct _Struct_size_bytes_(n) X` is still an annotation).
        if (!tag_ || next_is_open_paren(e))
          return blank_item(id, b, e, {true, starts_with(id, kRecordedSalPrefix)});
      } else {
        for (const DialectPrefix& p : blanked_prefixes())
          if (starts_with(id, p.prefix)) return blank_item(id, b, e, {true, false});
      }
    }
    bool tag = is_tag_keyword(id);
    after_token();
    tag_ = tag;
    return e;
  }

  bool next_is_open_paren(size_t from) const {
    size_t k = lex::skip_space_and_comments(t_, from);
    return k < t_.size() && t_[k] == '(';
  }

  // The WDK's C SEH macros, blanked only where the next token proves the keyword use.
  size_t seh_macro(std::string_view id, size_t b, size_t e) {
    for (const SehMacro& m : seh_keyword_macros()) {
      if (id != m.name) continue;
      size_t next = lex::skip_space_and_comments(t_, e);
      char want = m.context == SehContext::BeforeBrace   ? '{'
                  : m.context == SehContext::BeforeParen ? '('
                                                         : ';';
      if (next >= t_.size() || t_[next] != want) return 0;
      return blank_item(id, b, e, {m.context == SehContext::BeforeParen, false});
    }
    return 0;
  }

  // Blanks the item named [b, name_end) and, if the rule says so and '(' follows, its balanced
  // argument list (or, for a type wrapper, just the parentheses); records it first if the rule
  // says so. Returns the offset just past it.
  size_t blank_item(std::string_view name, size_t b, size_t name_end, BlankRule rule) {
    size_t end = name_end;
    size_t open = std::string_view::npos;
    bool closed = false;
    if (rule.takes_args) {
      size_t k = lex::skip_space_and_comments(t_, name_end);
      if (k < t_.size() && t_[k] == '(') {
        open = k;
        end = balanced_end(k, closed);
      }
    }
    if (rule.record) {
      Annotation a;
      a.name.assign(name);
      if (open != std::string_view::npos) {
        size_t inner_end = closed ? end - 1 : end;
        a.args.assign(t_.substr(open + 1, inner_end - open - 1));
      }
      a.pos = lines_.at(b);
      a.end = static_cast<uint32_t>(end);
      result_.items.push_back(std::move(a));
    }
    if (rule.keep_args && closed) {
      blank(b, open + 1);
      blank(end - 1, end);
    } else {
      blank(b, end);
    }
    return end;
  }

  // open at '(': just past the matching ')', or the end of the text (closed = false). A depth
  // counter, not recursion, so ten thousand '(' cost nothing but time.
  size_t balanced_end(size_t open, bool& closed) const {
    const size_t n = t_.size();
    size_t depth = 0;
    size_t j = open;
    while (j < n) {
      const char c = t_[j];
      const unsigned char u = static_cast<unsigned char>(c);
      if (c == '(') {
        ++depth;
        ++j;
      } else if (c == ')') {
        ++j;
        if (--depth == 0) {
          closed = true;
          return j;
        }
      } else if (c == '"' || c == '\'') {
        j = lex::skip_quoted(t_, j);
      } else if (c == '/' && j + 1 < n && t_[j + 1] == '*') {
        j = lex::skip_block_comment(t_, j);
      } else if (c == '/' && j + 1 < n && t_[j + 1] == '/') {
        j = lex::skip_line_comment(t_, j);
      } else if (lex::is_digit(u)) {
        j = lex::skip_number(t_, j);  // 1'000 is no character literal
      } else if (lex::is_ident_start(u)) {
        while (j < n && lex::is_ident_char(static_cast<unsigned char>(t_[j]))) ++j;
      } else {
        ++j;
      }
    }
    closed = false;
    return n;
  }

  bool is_conditional(size_t hash, size_t end) const {
    size_t k = hash + 1;
    while (k < end && (t_[k] == ' ' || t_[k] == '\t')) ++k;
    size_t j = k;
    while (j < end && lex::is_ident_char(t_[j])) ++j;
    std::string_view word = t_.substr(k, j - k);
    return word == "if" || word == "ifdef" || word == "ifndef" || word == "elif" ||
           word == "else" || word == "endif" || word == "elifdef" || word == "elifndef";
  }

  void blank(size_t b, size_t e) {
    char* out = result_.text.data();
    for (size_t k = b; k < e; ++k)
      if (out[k] != '\n') out[k] = ' ';
  }

  std::string_view t_;
  const Dialect& dialect_;
  bool c_language_;
  lex::LineCounter lines_;
  PrepassResult result_;
  bool tag_ = false;     // the last token was struct/union/enum/class (blanked items aside)
  bool member_ = false;  // the last token was . or ->
};

}  // namespace

PrepassResult prepass(std::string_view text, const Dialect& dialect, Language lang) {
  return Prepass(text, dialect, lang).run();
}

bool body_has_placement(std::string_view body) {
  bool declspec = false;
  bool allocate = false;
  size_t i = 0;
  // Every identifier-like word, inside string literals too: _Pragma("code_seg(\"PAGE\")").
  while (i < body.size()) {
    if (!lex::is_ident_start(static_cast<unsigned char>(body[i]))) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < body.size() && lex::is_ident_char(static_cast<unsigned char>(body[i]))) ++i;
    if (b > 0 && lex::is_digit(static_cast<unsigned char>(body[b - 1]))) continue;
    std::string_view w = body.substr(b, i - b);
    for (std::string_view word : placement_body_words())
      if (w == word) return true;
    if (w == "__declspec") declspec = true;
    if (w == "allocate") allocate = true;
    for (const DialectToken& t : dialect_tokens())
      if (t.kind == TokenKind::Placement && w == t.name) return true;
  }
  return declspec && allocate;
}

}  // namespace pagewise
