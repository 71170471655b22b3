// The Windows side of platform.hpp (MSVC or mingw-w64). Every call into the system takes wide
// (UTF-16) paths, so no name is squeezed through the ANSI code page.
#ifdef _WIN32

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
// psapi after windows.h: it needs its types.
#include <fcntl.h>
#include <io.h>
#include <psapi.h>
#include <shellapi.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>

#include "platform/platform.hpp"

namespace pagewise::platform {

namespace {

std::wstring wide(const std::string& utf8_text) {
  if (utf8_text.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8_text.data(), static_cast<int>(utf8_text.size()),
                              nullptr, 0);
  std::wstring w(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8_text.data(), static_cast<int>(utf8_text.size()), w.data(),
                      n);
  return w;
}

std::string narrow(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr,
                              nullptr);
  std::string s(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                      nullptr);
  return s;
}

std::string system_message(DWORD code) {
  wchar_t* text = nullptr;
  DWORD n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::wstring w = n && text ? std::wstring(text, n) : L"error " + std::to_wstring(code);
  if (text) LocalFree(text);
  while (!w.empty() && (w.back() == L'\n' || w.back() == L'\r' || w.back() == L'.')) w.pop_back();
  return narrow(w);
}

}  // namespace

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  int n = 0;
  wchar_t** wargv = CommandLineToArgvW(GetCommandLineW(), &n);
  if (!wargv) return std::vector<std::string>(argv, argv + argc);
  std::vector<std::string> args;
  for (int i = 0; i < n; ++i) args.push_back(narrow(wargv[i]));
  LocalFree(wargv);
  return args;
}

// Long: every way a read can fail is told apart, and the handle closed on each.
WholeFile read_whole_file(const std::string& path) {
  // FILE_SHARE_DELETE: a file being read may be replaced meanwhile (replace_file by another
  // process), as on POSIX; this read goes on with the old bytes.
  HANDLE h = CreateFileW(wide(path).c_str(), GENERIC_READ,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE)
    return {WholeFile::Status::cannot_open, {}, system_message(GetLastError())};
  LARGE_INTEGER size{};
  if (GetFileType(h) != FILE_TYPE_DISK || !GetFileSizeEx(h, &size)) {
    CloseHandle(h);
    return {WholeFile::Status::not_regular, {}, {}};
  }
  WholeFile f;
  f.bytes.resize(static_cast<size_t>(size.QuadPart));
  size_t got = 0;
  while (got < f.bytes.size()) {
    DWORD want = static_cast<DWORD>(std::min<size_t>(f.bytes.size() - got, 1u << 30));
    DWORD r = 0;
    if (!ReadFile(h, f.bytes.data() + got, want, &r, nullptr)) {
      std::string why = system_message(GetLastError());
      CloseHandle(h);
      return {WholeFile::Status::read_failed, {}, why};
    }
    if (r == 0) break;
    got += r;
  }
  CloseHandle(h);
  f.bytes.resize(got);
  return f;
}

std::optional<FileIdentity> file_identity(const std::string& path) {
  // FILE_FLAG_BACKUP_SEMANTICS opens folders too.
  HANDLE h = CreateFileW(wide(path).c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return std::nullopt;
  BY_HANDLE_FILE_INFORMATION info{};
  bool ok = GetFileInformationByHandle(h, &info);
  CloseHandle(h);
  if (!ok) return std::nullopt;
  return FileIdentity{info.dwVolumeSerialNumber,
                      (static_cast<uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow};
}

uint64_t peak_memory_kb() {
  PROCESS_MEMORY_COUNTERS pmc{};
  pmc.cb = sizeof pmc;
  if (!GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc)) return 0;
  return static_cast<uint64_t>(pmc.PeakWorkingSetSize) / 1024;
}

bool stdout_is_terminal() {
  DWORD mode = 0;
  return GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
}

bool stderr_is_terminal() {
  DWORD mode = 0;
  return GetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), &mode) != 0;
}

void binary_stdout() {
  std::fflush(stdout);
  _setmode(_fileno(stdout), _O_BINARY);
}

void binary_stdin() { _setmode(_fileno(stdin), _O_BINARY); }

namespace {

// The temporary file being written, for the console control handler (which Windows runs on a
// thread of its own): published whole before the flag is set.
wchar_t g_partial[32768];
std::atomic<bool> g_has_partial{false};

BOOL WINAPI on_console_stop(DWORD) {
  if (g_has_partial.load()) DeleteFileW(g_partial);
  return FALSE;  // the default handler then ends the process
}

bool render_into(const std::filesystem::path& path,
                 const std::function<void(std::ostream&)>& render) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  render(out);
  out.flush();
  bool ok = out.good();
  out.close();
  return ok && !out.fail();
}

}  // namespace

// Long: the cases of an existing target (folder, device) come first, then the temporary file.
bool write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& render, std::string& error) {
  std::wstring target = wide(path);
  DWORD attributes = GetFileAttributesW(target.c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
    error = "cannot write " + path + ": is a folder";
    return false;
  }
  // NUL, CON and the like are devices: written in place.
  std::error_code ec;
  auto st = std::filesystem::status(target, ec);
  if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    if (render_into(target, render)) return true;
    error = "writing " + path + " failed";
    return false;
  }
  std::mt19937_64 random(GetTickCount64() ^ GetCurrentProcessId());
  std::wstring temp = target + L".pagewise-" + std::to_wstring(random() % 1000000000);
  if (temp.size() >= std::size(g_partial)) {
    error = "cannot write " + path + ": the name is too long";
    return false;
  }
  HANDLE h = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                         nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    error = "cannot write " + path + ": " + system_message(GetLastError());
    return false;
  }
  CloseHandle(h);
  std::copy(temp.begin(), temp.end(), g_partial);
  g_partial[temp.size()] = L'\0';
  g_has_partial.store(true);
  bool ok = render_into(temp, render);
  if (!ok) error = "writing " + path + " failed";
  if (ok && !MoveFileExW(temp.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING)) {
    error = "cannot write " + path + ": " + system_message(GetLastError());
    ok = false;
  }
  g_has_partial.store(false);
  if (!ok) DeleteFileW(temp.c_str());
  return ok;
}

namespace {

// `.NAME.tmp-PID-N-R` beside `path` (see the POSIX side).
std::wstring unique_temporary_name(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  size_t slash = path.find_last_of("/\\");
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return wide(dir + "." + name + std::string(kTemporaryFileMarker) +
              std::to_string(GetCurrentProcessId()) + "-" + std::to_string(counter++) + "-" +
              std::to_string(salt % 1000000));
}

bool write_all(HANDLE h, std::string_view bytes) {
  while (!bytes.empty()) {
    DWORD want = static_cast<DWORD>(std::min<size_t>(bytes.size(), 1u << 30));
    DWORD wrote = 0;
    if (!WriteFile(h, bytes.data(), want, &wrote, nullptr) || wrote == 0) return false;
    bytes.remove_prefix(wrote);
  }
  return true;
}

}  // namespace

bool replace_file(const std::string& path, std::string_view bytes, std::string& error) {
  std::wstring temp = unique_temporary_name(path);
  HANDLE h = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                         nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    error = "cannot write " + path + ": " + system_message(GetLastError());
    return false;
  }
  bool ok = write_all(h, bytes);
  if (!ok) error = "writing " + path + " failed: " + system_message(GetLastError());
  CloseHandle(h);
  // A reader holding `path` open makes the replacement fail: the caller keeps the old file.
  if (ok && !MoveFileExW(temp.c_str(), wide(path).c_str(), MOVEFILE_REPLACE_EXISTING)) {
    error = "cannot write " + path + ": " + system_message(GetLastError());
    ok = false;
  }
  if (!ok) DeleteFileW(temp.c_str());
  return ok;
}

std::string executable_path() {
  std::wstring buf(MAX_PATH, L'\0');
  for (;;) {
    DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0) return {};
    if (n < buf.size()) return narrow(buf.substr(0, n));
    if (buf.size() >= 32768) return {};
    buf.resize(buf.size() * 2);
  }
}

void remove_partial_file_on_stop() { SetConsoleCtrlHandler(on_console_stop, TRUE); }

}  // namespace pagewise::platform

#endif
