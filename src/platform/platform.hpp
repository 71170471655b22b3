// Everything pagewise asks of the operating system that the C++ standard library does not offer
// the same way on POSIX and Windows. posix.cpp and windows.cpp implement it; no other file of
// pagewise includes an operating-system header. Paths are UTF-8 std::string throughout pagewise:
// os_path() turns one into the form the system takes (wide on Windows), utf8() turns one back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pagewise::platform {

// A UTF-8 path as the file system takes it: on Windows the wide form, never the ANSI code page
// (which std::filesystem::path(std::string) and std::ifstream(std::string) would use there).
inline std::filesystem::path os_path(std::string_view utf8_path) {
  return std::filesystem::path(
      std::u8string_view(reinterpret_cast<const char8_t*>(utf8_path.data()), utf8_path.size()));
}
// A path the file system gave, as UTF-8 (path::string() is the ANSI code page under MSVC).
inline std::string utf8(const std::filesystem::path& p) {
  std::u8string s = p.u8string();
  return std::string(s.begin(), s.end());
}
// The same with forward slashes.
inline std::string generic_utf8(const std::filesystem::path& p) {
  std::u8string s = p.generic_u8string();
  return std::string(s.begin(), s.end());
}

// The process's arguments as UTF-8 (on Windows from the wide command line, so a folder named
// with any characters reaches pagewise intact).
std::vector<std::string> utf8_arguments(int argc, char** argv);

struct WholeFile {
  enum class Status { ok, cannot_open, not_regular, read_failed } status = Status::ok;
  std::string bytes;  // every byte of the file, read in binary mode (a Ctrl-Z byte is a byte)
  std::string error;  // the system's reason when status is not ok
};
// Reads a regular file whole. Opening a FIFO does not wait for a writer.
WholeFile read_whole_file(const std::string& path);

// Device and file number (inode on POSIX, volume serial and file index on Windows): one file
// however it is spelled or linked.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t file = 0;
  friend auto operator<=>(const FileIdentity&, const FileIdentity&) = default;
};
std::optional<FileIdentity> file_identity(const std::string& path);

// Whether names differing only in letter case are different files: false on Windows (NTFS's
// default; a case-sensitive folder there is rare enough to be read as the default).
constexpr bool kCaseSensitiveFileNames =
#ifdef _WIN32
    false;
#else
    true;
#endif

// Whether `\` separates folders in paths users type (and so cannot quote in their globs).
constexpr bool kBackslashSeparatesPaths = !kCaseSensitiveFileNames;

// The process's peak resident memory (Windows: peak working set), in KiB.
uint64_t peak_memory_kb();

bool stdout_is_terminal();
bool stderr_is_terminal();
// Reports are written byte for byte: on Windows standard output stops turning "\n" into "\r\n",
// so a report piped or redirected is the same file on every system.
void binary_stdout();
// The language server's input is framed by byte counts: on Windows standard input stops turning
// "\r\n" into "\n".
void binary_stdin();

// Writes what `render` produces to `path` all or nothing (a temporary file beside it, renamed over
// it when complete). False with `error` saying what failed and why; `path` is then as it was.
bool write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& render, std::string& error);
// Replaces `path` with `bytes` through a new file beside it with a name no other thread or process
// uses (`.NAME.tmp-…`), renamed over `path` once complete: a reader sees the old file or the new
// one whole, and two writers of one path at once leave one of their files whole. Unlike
// write_file_atomically it records nothing for the stop handler, so worker threads may call it at
// once; a process stopped mid-write may leave its temporary file (kTemporaryFileMarker).
// False with `error` saying what failed and why; nothing is left behind then.
bool replace_file(const std::string& path, std::string_view bytes, std::string& error);
// What every temporary file name of replace_file holds, so a cache can find and remove the ones
// a stopped process left.
constexpr std::string_view kTemporaryFileMarker = ".tmp-";

// The running program's own file (Linux: /proc/self/exe; Windows: GetModuleFileNameW), or ""
// when the system does not say.
std::string executable_path();

// Interrupting the process (POSIX: SIGINT, SIGTERM, SIGHUP, then ended by the same signal;
// Windows: Ctrl+C, Ctrl+Break, closing the console) removes the temporary file of a report
// being written.
void remove_partial_file_on_stop();

}  // namespace pagewise::platform
