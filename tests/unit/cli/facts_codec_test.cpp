// The facts codec of the on-disk cache: the facts of every fixture come back equal, and no bytes
// (a truncated or damaged entry) crash the decoder or give facts whose indexes lead outside them.
#include "cli/facts_codec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "frontend/parser.hpp"

namespace pagewise {
namespace {

namespace fs = std::filesystem;

// The fixture cases, as tests/fixture_runner.cpp finds them: each source file or folder of a
// family.
std::vector<fs::path> fixture_cases() {
  std::vector<fs::path> cases;
  for (const auto& family : fs::directory_iterator(fs::path(PW_SOURCE_DIR) / "tests/fixtures")) {
    if (!family.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(family.path()))
      if (c.is_directory() || is_source_path(c.path().string())) cases.push_back(c.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// Every file's facts of every fixture, extracted as the fixture runner does (rules not run).
const std::vector<FileFacts>& fixture_facts() {
  static const std::vector<FileFacts> all = [] {
    std::vector<FileFacts> out;
    for (const fs::path& c : fixture_cases()) {
      AnalysisOptions opts;
      opts.inputs = {c.string()};
      opts.threads = 1;
      opts.run_rules = false;
      Analysis a = run_analysis(opts);
      for (const auto& f : a.files) out.push_back(*f);
    }
    return out;
  }();
  return all;
}

// The facts with the longest encoding: the richest shapes, for the damage tests.
const FileFacts& richest_fixture_facts() {
  const std::vector<FileFacts>& all = fixture_facts();
  return *std::max_element(all.begin(), all.end(), [](const FileFacts& a, const FileFacts& b) {
    return encode_facts(a).size() < encode_facts(b).size();
  });
}

TEST(FactsCodec, EveryFixtureFileRoundTrips) {
  const std::vector<FileFacts>& all = fixture_facts();
  ASSERT_GT(all.size(), 300u);
  for (const FileFacts& f : all) {
    SCOPED_TRACE(f.path);
    EXPECT_TRUE(facts_are_consistent(f));
    FileFacts back;
    ASSERT_TRUE(decode_facts(encode_facts(f), back));
    EXPECT_EQ(back, f);
  }
}

TEST(FactsCodec, EmptyFactsRoundTrip) {
  FileFacts back;
  back.path = "stale";
  ASSERT_TRUE(decode_facts(encode_facts(FileFacts{}), back));
  EXPECT_EQ(back, FileFacts{});
}

TEST(FactsCodec, EveryTruncationIsRejected) {
  std::string bytes = encode_facts(richest_fixture_facts());
  ASSERT_GT(bytes.size(), 1000u);
  for (size_t n = 0; n < bytes.size(); ++n) {
    FileFacts out;
    out.path = "stale";
    EXPECT_FALSE(decode_facts(std::string_view(bytes).substr(0, n), out)) << n;
    EXPECT_EQ(out, FileFacts{});
  }
}

TEST(FactsCodec, TrailingBytesAreRejected) {
  FileFacts out;
  EXPECT_FALSE(decode_facts(encode_facts(richest_fixture_facts()) + '\0', out));
}

// A damaged byte gives false, or facts that are consistent and encode to what they decoded from.
TEST(FactsCodec, DamagedBytesGiveFalseOrValidFacts) {
  std::string bytes = encode_facts(richest_fixture_facts());
  std::mt19937 random(14);
  size_t accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string damaged = bytes;
    int flips = 1 + static_cast<int>(random() % 3);
    for (int k = 0; k < flips; ++k)
      damaged[random() % damaged.size()] ^= static_cast<char>(1 + random() % 255);
    FileFacts out;
    if (!decode_facts(damaged, out)) continue;
    ++accepted;
    EXPECT_TRUE(facts_are_consistent(out));
    FileFacts again;
    ASSERT_TRUE(decode_facts(encode_facts(out), again));
    EXPECT_EQ(again, out);
  }
  // Most damage lands in text, which stays decodable; some must have been refused.
  EXPECT_LT(accepted, 5000u);
}

TEST(FactsCodec, HugeCountsAreRefusedWithoutAllocating) {
  FileFacts out;
  // The path claims 2^63 bytes.
  EXPECT_FALSE(decode_facts(std::string("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10), out));
  // The function list claims 2^40 functions: every field before it is one zero byte (ten fields,
  // ParseStats being three).
  std::string functions = std::string(10, '\0') + std::string("\x80\x80\x80\x80\x80\x20", 6);
  ASSERT_TRUE(decode_facts(std::string(10, '\0') + std::string(12, '\0'), out));
  EXPECT_FALSE(decode_facts(functions + std::string(12, '\0'), out));
  // Varints beyond 64 bits.
  EXPECT_FALSE(decode_facts(std::string("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x02", 10), out));
  EXPECT_FALSE(decode_facts(std::string(11, '\xff'), out));
}

TEST(FactsCodec, OutOfRangeEnumsAndIndexesAreRefused) {
  FileFacts f;
  f.language = Language::Cpp;
  std::string bytes = encode_facts(f);
  // path "", display_path "", then the language byte.
  ASSERT_EQ(bytes[2], 1);
  bytes[2] = 2;
  FileFacts out;
  EXPECT_FALSE(decode_facts(bytes, out));

  Function fn;
  fn.steps.push_back({Step::Kind::Call, Step::Role::Plain, 1, 0, {}});  // calls is empty
  f.functions = {fn};
  EXPECT_FALSE(decode_facts(encode_facts(f), out));
  f.functions[0].calls.emplace_back();
  EXPECT_TRUE(decode_facts(encode_facts(f), out));
  f.functions[0].steps[0].end = 0;  // a step that ends before itself
  EXPECT_FALSE(decode_facts(encode_facts(f), out));
  f.functions[0].steps[0].end = 1;
  f.functions[0].uses.push_back({});  // names is empty
  EXPECT_FALSE(decode_facts(encode_facts(f), out));
  f.names = {"g"};
  EXPECT_TRUE(decode_facts(encode_facts(f), out));
  EXPECT_EQ(out, f);
}

}  // namespace
}  // namespace pagewise

namespace pagewise {
namespace {

UnitResult sample_unit_result() {
  UnitResult r;
  Finding f;
  f.rule_id = "resident/irql";
  f.severity = Severity::Error;
  f.file = "drv/dpc.c";
  f.pos = {3, 6, 40};
  f.message = "'NicDpc' calls pageable 'Helper'";
  f.function = "NicDpc";
  f.unit = "drv";
  f.function_line = 3;
  f.function_name_line = 3;
  f.evidence = {{"drv/dpc.c", {3, 6, 40}, "DPC", false}, {"drv/dpc.c", {5, 2, 80}, "also", true}};
  f.suppressed = true;
  f.suppression_reason = "known";
  r.findings = {f, f};
  r.sizes.unit = "drv";
  r.sizes.functions = 2;
  r.sizes.pageable_now = 128;
  r.sizes.sections = {{"PAGE", SectionClass::Pageable, 128, 64, 1, 1}};
  return r;
}

bool same(const UnitResult& a, const UnitResult& b) {
  return encode_unit_result(a) == encode_unit_result(b);
}

TEST(UnitResultCodec, RoundTripsFindingsAndSizes) {
  UnitResult r = sample_unit_result();
  UnitResult back;
  ASSERT_TRUE(decode_unit_result(encode_unit_result(r), back));
  EXPECT_TRUE(same(r, back));
  EXPECT_EQ(back.findings[0].evidence[1].other_site, true);
  EXPECT_EQ(back.sizes.sections[0].cls, SectionClass::Pageable);
}

TEST(UnitResultCodec, EveryTruncationAndTrailingByteIsRejected) {
  std::string bytes = encode_unit_result(sample_unit_result());
  for (size_t n = 0; n < bytes.size(); ++n) {
    UnitResult out;
    EXPECT_FALSE(decode_unit_result(std::string_view(bytes).substr(0, n), out)) << n;
  }
  UnitResult out;
  EXPECT_FALSE(decode_unit_result(bytes + "x", out));
}

}  // namespace
}  // namespace pagewise
