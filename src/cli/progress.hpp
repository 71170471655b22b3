// The progress line: on a terminal, a run that takes more than a second says how far it is
// (files parsed out of the total, then units checked) on one line of standard error, erased when
// the run ends. Never in a CI log or redirected output: only a terminal gets it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>

namespace pagewise {

// What the pipeline has done so far; its stages count, the progress line reads.
struct RunProgress {
  std::atomic<uint64_t> files_total{0}, files_parsed{0};
  std::atomic<uint64_t> units_total{0}, units_checked{0};
};

// True when standard error is a terminal (not TERM=dumb) and no CI system is running us (CI is
// set): the only case a progress line helps rather than litters.
bool progress_line_wanted();

// Draws `progress` on `out` from one second after construction, a few times a second, on a
// thread of its own; the destructor stops it and erases the line.
class ProgressLine {
 public:
  ProgressLine(const RunProgress& progress, std::FILE* out);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void run();

  const RunProgress& progress_;
  std::FILE* out_;
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace pagewise
