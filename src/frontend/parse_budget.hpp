// How many bytes of source workers may parse at the same time. Parsing is where memory peaks
// (file_stage.cpp says how much), so bounding the bytes in flight bounds the memory whatever the
// number of workers.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace pagewise {

class ParseBudget {
 public:
  explicit ParseBudget(uint64_t bytes) : bytes_(bytes) {}
  ParseBudget(const ParseBudget&) = delete;
  ParseBudget& operator=(const ParseBudget&) = delete;

  // Holds `bytes` of the budget for its lifetime, waiting until they are free. A file larger than
  // the whole budget holds all of it: it is parsed alone.
  class Slot {
   public:
    Slot(ParseBudget& budget, uint64_t bytes)
        : budget_(budget), bytes_(std::min(bytes, budget.bytes_)) {
      std::unique_lock<std::mutex> lock(budget_.mu_);
      budget_.freed_.wait(lock, [&] { return budget_.in_flight_ + bytes_ <= budget_.bytes_; });
      budget_.in_flight_ += bytes_;
    }
    ~Slot() {
      {
        std::lock_guard<std::mutex> lock(budget_.mu_);
        budget_.in_flight_ -= bytes_;
      }
      budget_.freed_.notify_all();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    ParseBudget& budget_;
    uint64_t bytes_;
  };

  // Bytes held by slots now.
  uint64_t in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return in_flight_;
  }

 private:
  const uint64_t bytes_;
  std::mutex mu_;
  std::condition_variable freed_;
  uint64_t in_flight_ = 0;
};

}  // namespace pagewise
