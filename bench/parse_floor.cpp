// pagewise-parse-floor: reads and parses the same files pagewise would, with the same grammar
// choice, and does nothing else. Its time is the floor the full `pagewise check` is compared
// against: whatever check spends above it is pagewise's own work (pre-pass, extract, analysis).
//
// usage: pagewise-parse-floor [-j N] [--prepass] PATH...
// prints: {"files":N,"bytes":N,"seconds":S,"threads":N,"files_with_errors":N,"peak_rss_kb":N,
//          "files_not_parsed":N,"cpu_seconds":S,"busiest_thread_cpu_seconds":S,"prepass":0|1}
//
// --prepass: parse the text after pagewise's built-in pre-pass (the unit's own placement macros
// are not learned). Raw driver source is full of SAL and section macros that send tree-sitter
// into error recovery, which costs more than the pre-pass saves: on driver code the raw parse is
// slower than the parse pagewise does. This mode is the stricter floor, read + pre-pass + parse.
// files_not_parsed: read but skipped as pagewise skips them (UTF-16, binary, over its size limit).
// cpu_seconds: user + system time of the process; with `seconds` it tells a busy machine (CPU time
// flat, wall time up) from a floor that scales badly (CPU time growing with the threads).
// busiest_thread_cpu_seconds: CPU time of the worker that worked longest (the main thread's
// includes the folder walk). cpu_seconds at -j1 over this figure at -jN is the speed-up the floor
// reaches when it has N idle cores: what is left after tail imbalance and contention.

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <tree_sitter/api.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "frontend/parser.hpp"
#include "frontend/prepass.hpp"
#include "frontend/source_file.hpp"  // kDefaultMaxParseBytes

namespace fs = std::filesystem;

namespace {

struct SourceFile {
  std::string path;
  std::uintmax_t size = 0;
};

struct Options {
  unsigned threads = 0;  // 0: one per core
  bool prepass = false;
  std::vector<std::string> paths;
};

// What one worker saw; summed after the join so the hot loop shares nothing but the index.
struct WorkerTotals {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t files_with_errors = 0;
  std::uint64_t not_parsed = 0;
  std::uint64_t unreadable = 0;
  double cpu_seconds = 0;  // the worker thread's own CPU time, set when it runs out of files
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "pagewise-parse-floor: " << message << "\n"
            << "usage: pagewise-parse-floor [-j N] [--prepass] PATH...\n";
  std::exit(2);
}

unsigned parse_thread_count(const std::string& text) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1 || n > 1024)
    usage_error("-j wants a number from 1 to 1024");
  return static_cast<unsigned>(n);
}

Options parse_options(int argc, char** argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-j" || arg == "--jobs") {
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      opts.threads = parse_thread_count(argv[++i]);
    } else if (arg.rfind("-j", 0) == 0 && arg.size() > 2) {
      opts.threads = parse_thread_count(arg.substr(2));
    } else if (arg == "--prepass") {
      opts.prepass = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: pagewise-parse-floor [-j N] [--prepass] PATH...\n";
      std::exit(0);
    } else if (!arg.empty() && arg[0] == '-') {
      usage_error("unknown option " + arg);
    } else {
      opts.paths.push_back(arg);
    }
  }
  if (opts.paths.empty()) usage_error("no PATH given");
  return opts;
}

void add_if_source(const fs::path& p, std::uintmax_t size, std::vector<SourceFile>& out) {
  std::string s = p.string();
  if (pagewise::is_source_path(s)) out.push_back({std::move(s), size});
}

// Walks one input like pagewise does: recursively, not following symlinked folders, skipping
// .git. A PATH that is a file is taken as is.
void collect(const fs::path& root, std::vector<SourceFile>& out) {
  std::error_code ec;
  auto status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    std::cerr << "pagewise-parse-floor: cannot read " << root.string() << "\n";
    std::exit(2);
  }
  if (fs::is_regular_file(status)) {
    add_if_source(root, fs::file_size(root, ec), out);
    return;
  }
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (entry.is_directory(ec)) {
      if (entry.path().filename() == ".git") it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(ec)) add_if_source(entry.path(), entry.file_size(ec), out);
  }
}

// Reads a whole file into buf, reusing its capacity so a worker allocates once, not per file.
bool read_whole_file(const std::string& path, std::string& buf) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  buf.resize(ok ? static_cast<std::size_t>(st.st_size) : 0);
  std::size_t got = 0;
  while (ok && got < buf.size()) {
    ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  buf.resize(got);  // the file may have shrunk since fstat
  ::close(fd);
  return ok;
}

// CPU time of the calling thread. Unlike wall time it does not grow while other processes hold
// the cores, so the busiest worker's figure tells how the work split even on a loaded machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Whether pagewise would parse this text: it skips UTF-16 (BOM), binary files (a NUL byte) and
// files over its parse limit (frontend/source_file.cpp). The floor skips the same, so both parse
// the same bytes; the NUL scan stays in, as pagewise pays for it as well.
bool pagewise_parses(const std::string& text) {
  if (text.size() > pagewise::kDefaultMaxParseBytes) return false;
  if (text.size() >= 2) {
    auto b0 = static_cast<unsigned char>(text[0]), b1 = static_cast<unsigned char>(text[1]);
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) return false;
  }
  return std::memchr(text.data(), '\0', text.size()) == nullptr;
}

// One worker: takes the next file off the shared index until none are left. Its Parser and read
// buffer live for the whole run, as pagewise's per-thread state does.
// `dialect` is null for the raw floor; shared read-only by all workers otherwise.
void parse_files(const std::vector<SourceFile>& files, std::atomic<std::size_t>& next,
                 const pagewise::Dialect* dialect, WorkerTotals& totals) {
  pagewise::Parser parser;
  std::string text;
  for (;;) {
    std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
    if (i >= files.size()) {
      totals.cpu_seconds = thread_cpu_seconds();
      return;
    }
    const SourceFile& file = files[i];
    if (!read_whole_file(file.path, text)) {
      ++totals.unreadable;
      continue;
    }
    ++totals.files;
    totals.bytes += text.size();
    if (!pagewise_parses(text)) {
      ++totals.not_parsed;
      continue;
    }
    pagewise::Language lang = pagewise::language_for_path(file.path);
    pagewise::Tree tree;
    if (dialect) {
      tree = parser.parse(pagewise::prepass(text, *dialect, lang).text, lang);
    } else {
      tree = parser.parse(text, lang);
    }
    // Touch the root and nothing else: the floor must not do work pagewise's extract would do.
    if (!tree || ts_node_has_error(ts_tree_root_node(tree.get()))) ++totals.files_with_errors;
  }
}

long peak_rss_kb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

double cpu_seconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  Options opts = parse_options(argc, argv);
  auto start = std::chrono::steady_clock::now();

  std::vector<SourceFile> files;
  for (const auto& p : opts.paths) collect(p, files);
  // Largest first: a big file picked up last would leave the other threads idle at the tail.
  std::stable_sort(files.begin(), files.end(),
                   [](const SourceFile& a, const SourceFile& b) { return a.size > b.size; });

  unsigned threads =
      opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<WorkerTotals> totals(threads);
  std::atomic<std::size_t> next{0};
  pagewise::Dialect dialect = pagewise::Dialect::builtin();
  const pagewise::Dialect* dialect_ptr = opts.prepass ? &dialect : nullptr;
  std::vector<std::thread> workers;
  // The calling thread is worker 0, so -j1 runs exactly one parsing thread and no idle waiter.
  for (unsigned t = 1; t < threads; ++t)
    workers.emplace_back(parse_files, std::cref(files), std::ref(next), dialect_ptr,
                         std::ref(totals[t]));
  parse_files(files, next, dialect_ptr, totals[0]);
  for (auto& w : workers) w.join();

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WorkerTotals sum;
  double busiest = 0;
  for (const auto& t : totals) {
    busiest = std::max(busiest, t.cpu_seconds);
    sum.files += t.files;
    sum.bytes += t.bytes;
    sum.files_with_errors += t.files_with_errors;
    sum.not_parsed += t.not_parsed;
    sum.unreadable += t.unreadable;
  }
  if (sum.unreadable)
    std::cerr << "pagewise-parse-floor: " << sum.unreadable << " file(s) could not be read\n";

  std::printf(
      "{\"files\":%llu,\"bytes\":%llu,\"seconds\":%.6f,\"threads\":%u,\"files_with_errors\":%llu,"
      "\"peak_rss_kb\":%ld,\"files_not_parsed\":%llu,\"cpu_seconds\":%.3f,\"busiest_thread_cpu_"
      "seconds\":%.3f,\"prepass\":%d}\n",
      static_cast<unsigned long long>(sum.files), static_cast<unsigned long long>(sum.bytes),
      seconds, threads, static_cast<unsigned long long>(sum.files_with_errors), peak_rss_kb(),
      static_cast<unsigned long long>(sum.not_parsed), cpu_seconds(), busiest,
      opts.prepass ? 1 : 0);
  return sum.unreadable ? 1 : 0;
}
