// A parallel loop over indices for discovery's I/O-bound steps (reading #include lines).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace pagewise {

// Calls fn(i) for every i in [0, n) on up to `threads` threads. `fn` must only touch slot i of
// whatever it writes. Runs inline when one thread is enough.
template <class Fn>
void parallel_for_each_index(size_t n, unsigned threads, Fn fn) {
  size_t workers = std::min<size_t>(threads == 0 ? 1 : threads, n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  } catch (...) {
    // The system refused a thread: the ones already running (and this one) share the work.
  }
  work();
  for (std::thread& th : pool) th.join();
}

// The thread count a caller asked for, with 0 meaning "as many as the hardware has".
inline unsigned effective_threads(unsigned requested) {
  if (requested != 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace pagewise
