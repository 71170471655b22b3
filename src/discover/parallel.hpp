// The one thread pool of pagewise: discovery's walk and include reading, and the pipeline's
// per-file and per-unit stages all start their threads here.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace pagewise {

// Calls work(worker) for worker 0 on the calling thread and for workers 1 ... threads - 1 on
// threads of their own, and returns when every call has returned. When the system refuses a thread
// (std::thread throws std::system_error under a process or memory limit), the workers already
// started do the work between them: fewer threads, never std::terminate. `work` must therefore
// share its work through a queue rather than count on every worker running.
template <class Work>
void run_workers(unsigned threads, Work work) {
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads > 1 ? threads - 1 : 0);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  } catch (const std::exception&) {
    // The system refused a thread (or the memory for it): carry on with the ones running.
  }
  work(0u);
  for (std::thread& th : pool) th.join();
}

// Calls fn(i, worker) for every i in [0, n) on up to `threads` threads; `worker` (below
// `threads`) names the thread, for state each thread keeps (a parser). `fn` must only touch
// slot i of whatever it writes. Runs inline when one thread is enough.
template <class Fn>
void parallel_for_each_index(size_t n, unsigned threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&](unsigned worker) {
    for (size_t i = next++; i < n; i = next++) fn(i, worker);
  };
  size_t workers = std::min<size_t>(threads == 0 ? 1 : threads, n);
  if (workers <= 1) {
    work(0u);
    return;
  }
  run_workers(static_cast<unsigned>(workers), work);
}

// The thread count a caller asked for, with 0 meaning "as many as the hardware has".
inline unsigned effective_threads(unsigned requested) {
  if (requested != 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace pagewise
