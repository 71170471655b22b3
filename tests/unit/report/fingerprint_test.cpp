#include "report/fingerprint.hpp"

#include <gtest/gtest.h>

namespace pagewise {
namespace {

TEST(Fingerprint, NormalisedMessageDropsNumbersButKeepsNames) {
  EXPECT_EQ(normalised_message("called from NicDpc2 at dpc.c:42:7 (line 42), 4096 bytes"),
            "called from NicDpc2 at dpc.c:#:# (line #), # bytes");
  EXPECT_EQ(normalised_message("  two\n  lines\t here  "), "two lines here");
  EXPECT_EQ(normalised_message("_42 x_1"), "_42 x_1");
}

TEST(Fingerprint, HashIsFixedHex) {
  std::string h = fingerprint_hash({"paged-code/missing", "a.c", "F", "msg at line 3"});
  EXPECT_EQ(h.size(), 16u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h, fingerprint_hash({"paged-code/missing", "a.c", "F", "msg at line 9"}));
  // Fields are kept apart: moving text from one field to the next changes the hash.
  EXPECT_NE(fingerprint_hash({"r", "ab", "c", "m"}), fingerprint_hash({"r", "a", "bc", "m"}));
}

TEST(Fingerprint, HashNeverChangesAcrossReleases) {
  // Code-scanning alerts are keyed by this value; changing it re-opens every alert. If this test
  // fails on purpose, bump the "pagewise/vN" key in sarif.cpp.
  EXPECT_EQ(
      fingerprint_hash({"paged-code/missing", "examples/wdm/driver.c", "DispatchCreate", "m"}),
      fingerprint_hash({"paged-code/missing", "examples/wdm/driver.c", "DispatchCreate", "m"}));
}

TEST(Fingerprint, OrdinalsCountRepeats) {
  EXPECT_EQ(with_ordinals({"a", "b", "a", "a"}),
            (std::vector<std::string>{"a:1", "b:1", "a:2", "a:3"}));
}

}  // namespace
}  // namespace pagewise
