// The dialect pre-pass (parsing-notes.md §3): blanks the Windows annotations and macros that
// tree-sitter cannot parse, without moving a single byte, and records the ones that carry a fact
// pagewise needs (sections, roles, IRQL and lock annotations) so extract can attach them to the
// declaration that follows.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/facts.hpp"

namespace pagewise {

// How the pre-pass treats one listed identifier.
struct BlankRule {
  bool takes_args = false;   // a following balanced ( ... ) is blanked with it
  bool record = false;       // kept as an Annotation
  bool cpp_only = false;     // left alone in C files
  bool keep_args = false;    // only the name and the parentheses are blanked (TypeWrapper)
  std::string_view rewrite;  // non-empty: replaced by this same-length text instead of blanked
};

// Which identifiers the pre-pass blanks and which of those it records: the built-in tables of
// knowledge/dialect.hpp plus the unit's own placement macros and the user's decoration macros.
// Besides the listed names, the pre-pass blanks by shape (modern SAL) and by prefix (__drv_,
// __RPC__). Copyable: build one per unit from builtin().
struct Dialect {
  static Dialect builtin();

  // A unit macro whose body places code or data (see body_has_placement): its uses are blanked
  // (with balanced arguments if function-like and followed by '(') and recorded.
  void add_placement_macro(const std::string& name, bool function_like);
  // A user-configured extra token to blank, not recorded. Written `NAME(...)` (or `NAME()`), the
  // token's balanced arguments are blanked with it.
  void add_decoration_macro(const std::string& name);

  // A unit macro whose body runs PAGED_CODE() or PAGED_CODE_LOCKED() (`#define FSP_KU_CODE
  // PAGED_CODE(); ...`): a function that starts with it starts with that assertion. `assertion` is
  // "PAGED_CODE" or "PAGED_CODE_LOCKED".
  void add_paged_code_macro(const std::string& name, const std::string& assertion) {
    paged_code_macros_.emplace(name, assertion);
  }
  // The assertion the macro runs, or "" when it runs none.
  std::string_view paged_code_macro(std::string_view name) const {
    auto it = paged_code_macros_.find(name);
    return it == paged_code_macros_.end() ? std::string_view() : std::string_view(it->second);
  }

  // The rule for a listed identifier; nullptr when it is not listed.
  const BlankRule* find(std::string_view identifier) const {
    if (identifier.empty()) return nullptr;
    size_t len = identifier.size() < 63 ? identifier.size() : 63;
    if (!(length_filter_[static_cast<unsigned char>(identifier[0])] & (uint64_t{1} << len)))
      return nullptr;
    auto it = rules_.find(identifier);
    return it == rules_.end() ? nullptr : &it->second;
  }

 private:
  void add(std::string_view name, BlankRule rule);

  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, BlankRule, NameHash, std::equal_to<>> rules_;
  std::unordered_map<std::string, std::string, NameHash, std::equal_to<>> paged_code_macros_;
  // Bit L of length_filter_[c] is set when a listed name starts with byte c and has length L
  // (63 for 63 and longer): most identifiers are rejected without hashing.
  std::array<uint64_t, 256> length_filter_{};
};

struct PrepassResult {
  std::string text;               // same length as the input; every '\n' kept; blanked bytes
                                  // are spaces
  std::vector<Annotation> items;  // recorded items, source order
  bool changed_length = false;    // must stay false (lengths never change)
};

// One lexing pass: comments, string and character literals (raw strings included) and whole
// preprocessor lines are never touched. In C files (lang == Language::C) the WDK's SEH keyword
// macros (try/except/finally/leave) are blanked too.
PrepassResult prepass(std::string_view text, const Dialect& dialect, Language lang);

// Whether a macro body gives the macro a section meaning: it mentions code_seg, alloc_text,
// data_seg, bss_seg, const_seg, __declspec(allocate(...)), a pragma operator (__pragma, _Pragma)
// or a built-in placement macro.
bool body_has_placement(std::string_view macro_body);

// True for a modern SAL name by shape: `_[A-Z][A-Za-z0-9_]*_` with a lower-case letter.
bool is_sal_shaped(std::string_view identifier);

}  // namespace pagewise
