// The Windows driver dialect as data: which identifiers the pre-pass blanks before tree-sitter sees
// the text, which of them take a balanced argument list, and which it records because pagewise
// needs the fact they carry (shared/reference/parsing-notes.md §3.2 and §3.4).
//
// Adding a token is one row. Tokens the grammars parse natively (`__inline`, `__forceinline`,
// `__int64`, `__try`, `__except`, `__finally`, `__leave`) are deliberately absent: blanking them
// would only lose information. The MSVC calling-convention keywords are native too, except in the
// C++ grammar's class bodies, so they are blanked in C++ files only.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pagewise {

enum class TokenKind : uint8_t {
  Decoration,     // calling convention, linkage, __declspec and DECLSPEC_* wrappers
  OldAnnotation,  // pre-SAL-2 DDK annotations: __in, __out_bcount(n), __checkReturn
  Annotation,     // modern SAL / __drv_ names listed because they are recorded (the shape rule
                  // blanks the others)
  Placement,      // puts code into a section (paging-rules.md §1.2): always recorded
  Pragma,         // the pragma operators __pragma(...) and _Pragma("...")
  TypeWrapper,    // `NAME(type)` standing for the type: the name and the parentheses are blanked,
                  // the type inside is kept (STDMETHODIMP_(NTSTATUS) → NTSTATUS)
};

struct DialectToken {
  std::string_view name;
  TokenKind kind = TokenKind::Decoration;
  bool takes_args = false;  // a following balanced ( ... ) is part of the token
  bool record = false;      // the pre-pass keeps it as an Annotation
  bool cpp_only = false;    // blanked in C++ files only (the C grammar parses it natively)
};

// Every listed token, one row each.
std::span<const DialectToken> dialect_tokens();

// Families recognized by prefix rather than listed one by one: every name that starts with the
// prefix is blanked (with its arguments when followed by '('); recorded only if listed above.
struct DialectPrefix {
  std::string_view prefix;
  std::string_view why;
};
std::span<const DialectPrefix> blanked_prefixes();

// Modern SAL names recognized by shape (`_[A-Z][A-Za-z0-9_]*_` with a lower-case letter) that are
// recorded because their name starts with this prefix: every _IRQL_* annotation.
inline constexpr std::string_view kRecordedSalPrefix = "_IRQL_";

// The WDK's C spellings of SEH keywords (excpt.h: `#define try __try`, ...). Blanked in C files
// only; in C++ `try` is a real keyword. Each is blanked only in the context that proves it is the
// macro, so that a variable named `leave` survives.
enum class SehContext : uint8_t { BeforeBrace, BeforeParen, BeforeSemicolon };
struct SehMacro {
  std::string_view name;
  SehContext context;
};
std::span<const SehMacro> seh_keyword_macros();

// Macros rewritten in place to the keyword they stand for, byte for byte the same length (P7),
// rather than blanked: the keyword carries a fact (const data goes to const_seg; an inline
// function takes its caller's section).
struct SameLengthRewrite {
  std::string_view name;
  std::string_view replacement;  // exactly name.size() bytes
};
std::span<const SameLengthRewrite> same_length_rewrites();

// Identifiers whose presence in a `#define` body gives the macro a section meaning. Besides these,
// `__declspec(allocate(...))` and a use of a built-in Placement token do.
std::span<const std::string_view> placement_body_words();

}  // namespace pagewise
