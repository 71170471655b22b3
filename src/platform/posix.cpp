// The POSIX side of platform.hpp (Linux, macOS, the BSDs).
#ifndef _WIN32

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>

#include "platform/platform.hpp"

namespace pagewise::platform {

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

// Long: every way a read can fail is told apart, and the descriptor closed on each.
WholeFile read_whole_file(const std::string& path) {
  WholeFile f;
  // O_NONBLOCK: opening a FIFO that discovery let through (it changed since) must not wait for
  // a writer; the fstat below then turns it away. Reads of regular files ignore the flag.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return {WholeFile::Status::cannot_open, {}, std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return {WholeFile::Status::not_regular, {}, {}};
  }
  f.bytes.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < f.bytes.size()) {
    ssize_t r = ::read(fd, f.bytes.data() + got, f.bytes.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      return {WholeFile::Status::read_failed, {}, why};
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  ::close(fd);
  f.bytes.resize(got);
  return f;
}

std::optional<FileIdentity> file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
}

uint64_t peak_memory_kb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss);
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) != 0; }

bool stderr_is_terminal() { return isatty(STDERR_FILENO) != 0; }

void binary_stdout() {}

void binary_stdin() {}

namespace {

// The temporary file being written, for the signal handler: a fixed buffer, since a handler may
// only call async-signal-safe functions. Set and cleared with the stop signals blocked.
char g_partial[4096];
volatile sig_atomic_t g_has_partial = 0;

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_stop_signal(int sig) {
  if (g_has_partial) ::unlink(g_partial);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Blocks the stop signals for its lifetime, so the handler never sees a half-recorded name.
class StopSignalsBlocked {
 public:
  StopSignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kStopSignals) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~StopSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  StopSignalsBlocked(const StopSignalsBlocked&) = delete;
  StopSignalsBlocked& operator=(const StopSignalsBlocked&) = delete;

 private:
  sigset_t old_;
};

std::string because() { return errno ? std::string(": ") + std::strerror(errno) : std::string(); }

// Renders into a stream on `path`; false when opening, writing or closing failed.
bool render_into(const std::string& path, const std::function<void(std::ostream&)>& render) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  errno = 0;
  render(out);
  out.flush();
  bool ok = out.good();
  out.close();
  return ok && !out.fail();
}

// A device or FIFO (/dev/null, /dev/stdout, a pipe) is written in place: it cannot be replaced.
bool write_in_place(const std::string& path, const std::function<void(std::ostream&)>& render,
                    std::string& error) {
  errno = 0;
  if (render_into(path, render)) return true;
  error = "writing " + path + " failed" + because();
  return false;
}

// A new private file beside `target` named from `temp` (its XXXXXX replaced), given the mode any
// new file would get; -1 with errno set when it cannot be made.
int make_temp_beside(std::string& temp) {
  StopSignalsBlocked blocked;
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return fd;
  std::memcpy(g_partial, temp.c_str(), temp.size() + 1);
  g_has_partial = 1;
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  return fd;
}

}  // namespace

// Long: the cases of an existing target (folder, device, link) come first, then the temporary file.
bool write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& render, std::string& error) {
  std::string target = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      error = "cannot write " + path + ": is a folder";
      return false;
    }
    if (!S_ISREG(st.st_mode)) return write_in_place(path, render, error);
    // Through a link, the file it names is replaced, not the link.
    if (char* real = ::realpath(path.c_str(), nullptr)) {
      target = real;
      std::free(real);
    }
  }
  size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "." : target.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string temp = (slash == std::string::npos ? "" : dir) + "." + name + ".pagewise-XXXXXX";
  if (temp.size() >= sizeof g_partial) {
    error = "cannot write " + path + ": the name is too long";
    return false;
  }
  int fd = make_temp_beside(temp);
  if (fd < 0) {
    // A file one may write in a folder one may not add to: only an update in place is possible.
    if (errno == EACCES && ::access(target.c_str(), W_OK) == 0)
      return write_in_place(target, render, error);
    error = "cannot write " + path + because();
    return false;
  }
  ::close(fd);
  bool ok = render_into(temp, render);
  if (!ok) error = "writing " + path + " failed" + because();
  if (ok && ::rename(temp.c_str(), target.c_str()) != 0) {
    error = "cannot write " + path + because();
    ok = false;
  }
  StopSignalsBlocked blocked;
  if (!ok) ::unlink(temp.c_str());
  g_has_partial = 0;
  return ok;
}

namespace {

// `.NAME.tmp-PID-N-R` beside `path`: the process id and a per-process counter make it unique
// among writers of this machine; R (random per process) among machines sharing the folder.
std::string unique_temporary_name(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + name + std::string(kTemporaryFileMarker) + std::to_string(::getpid()) + "-" +
         std::to_string(counter++) + "-" + std::to_string(salt % 1000000);
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t w = ::write(fd, bytes.data(), bytes.size());
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(w));
  }
  return true;
}

}  // namespace

bool replace_file(const std::string& path, std::string_view bytes, std::string& error) {
  std::string temp = unique_temporary_name(path);
  // O_EXCL: never another writer's file; 0666 less the umask, as any new file.
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = "cannot write " + path + because();
    return false;
  }
  bool ok = write_all(fd, bytes);
  if (!ok) error = "writing " + path + " failed" + because();
  if (::close(fd) != 0 && ok) {
    error = "writing " + path + " failed" + because();
    ok = false;
  }
  if (ok && ::rename(temp.c_str(), path.c_str()) != 0) {
    error = "cannot write " + path + because();
    ok = false;
  }
  if (!ok) ::unlink(temp.c_str());
  return ok;
}

std::string executable_path() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf);
  return n > 0 && static_cast<size_t>(n) < sizeof buf ? std::string(buf, static_cast<size_t>(n))
                                                      : std::string();
}

void remove_partial_file_on_stop() {
  for (int sig : kStopSignals) {
    struct sigaction now {};
    if (::sigaction(sig, nullptr, &now) == 0 && now.sa_handler == SIG_IGN) continue;
    struct sigaction act {};
    act.sa_handler = on_stop_signal;
    sigemptyset(&act.sa_mask);
    ::sigaction(sig, &act, nullptr);
  }
}

}  // namespace pagewise::platform

#endif
