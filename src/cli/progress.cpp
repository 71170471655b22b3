#include "cli/progress.hpp"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include "platform/platform.hpp"

namespace pagewise {

bool progress_line_wanted() {
  if (!platform::stderr_is_terminal()) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  const char* ci = std::getenv("CI");
  return !(ci && *ci);
}

ProgressLine::ProgressLine(const RunProgress& progress, std::FILE* out)
    : progress_(progress), out_(out), thread_([this] { run(); }) {}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
  if (drawn_) {
    std::fputs("\r\033[K", out_);  // erase the line: the report or the prompt comes next
    std::fflush(out_);
  }
}

void ProgressLine::run() {
  using namespace std::chrono_literals;
  std::unique_lock<std::mutex> lock(mu_);
  // A run shorter than a second shows nothing.
  if (stop_cv_.wait_for(lock, 1s, [this] { return stop_; })) return;
  do {
    uint64_t units = progress_.units_total.load();
    std::string line;
    if (progress_.files_total.load() == 0)
      line = "pagewise: finding files";
    else if (progress_.files_parsed.load() < progress_.files_total.load() || units == 0)
      line = "pagewise: parsed " + std::to_string(progress_.files_parsed.load()) + "/" +
             std::to_string(progress_.files_total.load()) + " files";
    else
      line = "pagewise: checked " + std::to_string(progress_.units_checked.load()) + "/" +
             std::to_string(units) + " units";
    std::fprintf(out_, "\r\033[K%s", line.c_str());
    std::fflush(out_);
    drawn_ = true;
  } while (!stop_cv_.wait_for(lock, 200ms, [this] { return stop_; }));
}

}  // namespace pagewise
