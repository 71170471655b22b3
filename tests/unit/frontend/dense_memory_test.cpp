// What the facts of a dense generated file cost per function (issue #12: peak memory per file at
// most 20 times its size). A line of `void f1(void){}void f2(void){}...` spends 19-24 bytes of
// source per function, so everything kept per function has to stay within a few hundred bytes.
// Counted from the facts' own sizes (no timing, no process memory), so the bound is exact.
#include <gtest/gtest.h>

#include <string>

#include "frontend/file_stage.hpp"
#include "model/facts.hpp"

namespace pagewise {
namespace {

FileFacts analyze_text(const std::string& text) {
  SourceFile src;
  src.path = "dense.c";
  src.text = text;
  src.size = text.size();
  src.readable = true;
  src.parse = true;
  FileScan scan = scan_file(src);
  std::vector<FileScan> scans{scan};
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  ConditionConfig cfg;
  FileContext ctx{&dialect, &cfg};
  Parser parser;
  return analyze_file(src, scans[0], ctx, parser);
}

template <class T>
size_t heap_bytes(const PackedVector<T>& v) {
  return v.capacity() == 0 ? 0 : sizeof(uint64_t) + v.capacity() * sizeof(T);
}

// The function record and the lists it owns (their elements' own strings are not counted: a
// tiny function's lists are empty, or its one body step holds none).
size_t bytes_of(const Function& f) {
  size_t n = sizeof(Function);
  if (f.name.size() >= sizeof(std::string)) n += f.name.capacity();
  n += heap_bytes(f.annotations) + heap_bytes(f.paged_code) + heap_bytes(f.calls) +
       heap_bytes(f.assignments) + heap_bytes(f.locals) + heap_bytes(f.labels) +
       heap_bytes(f.steps) + heap_bytes(f.uses) + heap_bytes(f.parameters) +
       heap_bytes(f.parameter_types) + heap_bytes(f.conditions) + heap_bytes(f.returned);
  return n;
}

TEST(DenseMemory, TinyFunctionCostsAtMostThreeHundredBytesOfFacts) {
  std::string text;
  const int count = 2000;
  for (int i = 1; i <= count; ++i) text += "void f" + std::to_string(i) + "(void){}";
  FileFacts facts = analyze_text(text);
  ASSERT_EQ(facts.functions.size(), static_cast<size_t>(count));
  size_t total = 0;
  for (const Function& f : facts.functions) total += bytes_of(f);
  EXPECT_LE(total / count, 300u) << "bytes of facts per empty function";
  // Only the body's Block step is allocated for an empty function.
  EXPECT_EQ(facts.functions[0].steps.size(), 1u);
  EXPECT_EQ(facts.functions[0].steps.capacity(), 1u);
}

}  // namespace
}  // namespace pagewise
