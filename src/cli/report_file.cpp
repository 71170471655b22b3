#include "cli/report_file.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace pagewise {
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
bool render_into(const std::string& path, const std::function<void(std::ostream&)>& render,
                 std::ios::openmode mode) {
  std::ofstream out(path, mode);
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
  if (render_into(path, render, std::ios::binary | std::ios::trunc)) return true;
  error = "writing " + path + " failed" + because();
  return false;
}

}  // namespace

bool write_report_file(const std::string& path, const std::function<void(std::ostream&)>& render,
                       std::string& error) {
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
  int fd = -1;
  {
    StopSignalsBlocked blocked;
    fd = ::mkstemp(temp.data());
    if (fd >= 0) {
      std::memcpy(g_partial, temp.c_str(), temp.size() + 1);
      g_has_partial = 1;
    }
  }
  if (fd < 0) {
    // A file one may write in a folder one may not add to: only an update in place is possible.
    if (errno == EACCES && ::access(target.c_str(), W_OK) == 0)
      return write_in_place(target, render, error);
    error = "cannot write " + path + because();
    return false;
  }
  // mkstemp makes the file private; a report gets the mode any new file would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  bool ok = render_into(temp, render, std::ios::binary | std::ios::trunc);
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

void remove_partial_report_on_signal() {
  for (int sig : kStopSignals) {
    struct sigaction now {};
    if (::sigaction(sig, nullptr, &now) == 0 && now.sa_handler == SIG_IGN) continue;
    struct sigaction act {};
    act.sa_handler = on_stop_signal;
    sigemptyset(&act.sa_mask);
    ::sigaction(sig, &act, nullptr);
  }
}

}  // namespace pagewise
