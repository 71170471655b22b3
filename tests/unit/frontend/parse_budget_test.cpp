// Workers parse at once only as many bytes as the budget allows; memory follows.
#include "frontend/parse_budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace pagewise {
namespace {

TEST(ParseBudget, SlotsWithinTheBudgetAreHeldTogether) {
  ParseBudget budget(100);
  ParseBudget::Slot a(budget, 40);
  ParseBudget::Slot b(budget, 60);
  EXPECT_EQ(budget.in_flight(), 100u);
}

TEST(ParseBudget, ASlotBeyondTheBudgetWaitsUntilOneIsFreed) {
  ParseBudget budget(100);
  std::atomic<bool> entered{false};
  std::thread second;
  {
    ParseBudget::Slot first(budget, 80);
    second = std::thread([&] {
      ParseBudget::Slot slot(budget, 30);
      entered = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(entered) << "80 + 30 bytes would exceed the budget of 100";
    EXPECT_EQ(budget.in_flight(), 80u);
  }
  second.join();
  EXPECT_TRUE(entered);
  EXPECT_EQ(budget.in_flight(), 0u);
}

TEST(ParseBudget, AFileLargerThanTheBudgetIsParsedAlone) {
  ParseBudget budget(100);
  {
    ParseBudget::Slot huge(budget, 5000);
    EXPECT_EQ(budget.in_flight(), 100u);
  }
  EXPECT_EQ(budget.in_flight(), 0u);
}

}  // namespace
}  // namespace pagewise
