// The directive reader and the #if evaluator (frontend/directives.*). The input's first line holds
// -D/-U switches ("-DDBG=1 -U_X86_ -DNTDDI_VERSION=0x0A000000"), the rest is the file. Besides not
// crashing, the documented promises are checked: ranges sorted and disjoint, lexing primitives
// returning offsets in [i, size], directives lying inside the text.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "frontend/conditions.hpp"
#include "frontend/directives.hpp"
#include "frontend/lex.hpp"
#include "fuzz_support.hpp"

using namespace pagewise;

namespace {

ConditionConfig read_switches(std::string_view line) {
  ConditionConfig cfg;
  while (!line.empty()) {
    size_t sp = line.find(' ');
    std::string_view word = line.substr(0, sp);
    line.remove_prefix(sp == std::string_view::npos ? line.size() : sp + 1);
    if (word.size() < 3 || word[0] != '-') continue;
    std::string_view body = word.substr(2);
    if (word[1] == 'U') {
      cfg.undefined.emplace(body);
    } else if (word[1] == 'D') {
      size_t eq = body.find('=');
      cfg.defined[std::string(body.substr(0, eq))] =
          eq == std::string_view::npos ? "" : std::string(body.substr(eq + 1));
    }
  }
  return cfg;
}

// Calls a lexing primitive at the first few places its construct starts and checks its promise.
template <typename Starts, typename Skip>
void check_primitive(std::string_view t, Starts starts, Skip skip, const char* name) {
  int tried = 0;
  for (size_t i = 0; i < t.size() && tried < 32; ++i) {
    if (!starts(i)) continue;
    ++tried;
    size_t r = skip(t, i);
    if (r != std::string_view::npos && (r < i || r > t.size())) fuzz::broken_promise(name);
  }
}

void check_lexing(std::string_view t) {
  auto at = [&](size_t i, const char* s) { return t.compare(i, std::strlen(s), s) == 0; };
  check_primitive(
      t, [&](size_t i) { return at(i, "/*"); }, lex::skip_block_comment, "skip_block_comment");
  check_primitive(
      t, [&](size_t i) { return at(i, "//"); }, lex::skip_line_comment, "skip_line_comment");
  check_primitive(
      t, [&](size_t i) { return t[i] == '"' || t[i] == '\''; }, lex::skip_quoted, "skip_quoted");
  check_primitive(
      t, [&](size_t i) { return t[i] == '"' && i > 0 && t[i - 1] == 'R'; }, lex::skip_raw_string,
      "skip_raw_string");
  check_primitive(
      t, [&](size_t i) { return lex::is_digit(static_cast<unsigned char>(t[i])); },
      lex::skip_number, "skip_number");
  check_primitive(
      t, [&](size_t i) { return t[i] == '#'; }, lex::skip_directive, "skip_directive");
  check_primitive(
      t, [&](size_t i) { return t[i] == ' ' || t[i] == '\n'; }, lex::skip_space_and_comments,
      "skip_space_and_comments");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = fuzz::as_text(data, size);
  auto parts = fuzz::split_parts(input, '\n', 2);
  ConditionConfig cfg = read_switches(parts.size() == 2 ? parts[0] : std::string_view());
  std::string_view text = parts.back();

  std::vector<Directive> ds = scan_directives(text);
  lex::LineCounter lines(text);
  for (const Directive& d : ds) {
    if (d.pos.offset > text.size() || d.end > text.size() || d.end < d.pos.offset)
      fuzz::broken_promise("directive outside the text");
    Pos p = lines.at(d.pos.offset);
    if (p.line != d.pos.line || p.col != d.pos.col) fuzz::broken_promise("directive position");
    if (d.name == "define") (void)parse_define(d);
    if (d.name == "pragma") (void)parse_pragma_text(d.text, d.pos);
  }
  std::vector<InactiveRange> ranges = inactive_ranges(ds, cfg);
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].begin > ranges[i].end) fuzz::broken_promise("inactive range reversed");
    if (i && ranges[i - 1].end > ranges[i].begin)
      fuzz::broken_promise("inactive ranges overlap or are unsorted");
  }
  // The same text read as the inside of `__pragma(...)`.
  (void)parse_pragma_text(text, Pos{});
  check_lexing(text);
  return 0;
}
