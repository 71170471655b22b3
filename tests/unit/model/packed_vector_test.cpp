// PackedVector: one pointer while empty, the std::vector behaviour the analysis relies on.
#include "model/packed_vector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pagewise {
namespace {

TEST(PackedVector, EmptyCostsOnePointerAndNoAllocation) {
  EXPECT_EQ(sizeof(PackedVector<std::string>), sizeof(void*));
  PackedVector<std::string> v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), 0u);
  EXPECT_EQ(v.begin(), v.end());
}

TEST(PackedVector, GrowsKeepsOrderAndCopiesDeeply) {
  PackedVector<std::string> v;
  for (int i = 0; i < 100; ++i) v.push_back("item number " + std::to_string(i));
  ASSERT_EQ(v.size(), 100u);
  EXPECT_EQ(v.front(), "item number 0");
  EXPECT_EQ(v.back(), "item number 99");
  PackedVector<std::string> copy = v;
  v[0] = "changed";
  EXPECT_EQ(copy[0], "item number 0");
  PackedVector<std::string> moved = std::move(copy);
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from one is empty
  EXPECT_EQ(moved.size(), 100u);
  moved.shrink_to_fit();
  EXPECT_EQ(moved.capacity(), 100u);
}

TEST(PackedVector, EmplaceFromOwnElementSurvivesGrowth) {
  PackedVector<std::string> v{"a long string that is not stored inline"};
  v.push_back(v[0]);
  EXPECT_EQ(v[1], v[0]);
}

TEST(PackedVector, EraseInsertAndCompareWithVector) {
  PackedVector<int> v{1, 2, 3, 4, 5};
  v.erase(v.begin() + 1, v.begin() + 3);
  EXPECT_EQ(v, (std::vector<int>{1, 4, 5}));
  std::vector<int> more{7, 8};
  v.insert(v.begin() + 1, more.begin(), more.end());
  EXPECT_EQ(v, (std::vector<int>{1, 7, 8, 4, 5}));
  v = std::vector<int>{9};
  EXPECT_EQ(v.to_vector(), (std::vector<int>{9}));
  v.clear();
  v.shrink_to_fit();
  EXPECT_EQ(v.capacity(), 0u);
}

}  // namespace
}  // namespace pagewise
