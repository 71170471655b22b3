#include "fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pagewise::fuzz {

namespace fs = std::filesystem;

namespace {

std::string make_scratch_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pagewise-fuzz-XXXXXX";
  if (!mkdtemp(pattern.data())) broken_promise("cannot make a scratch folder");
  return pattern;
}

struct Scratch {
  std::string dir = make_scratch_dir();
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

}  // namespace

const std::string& scratch_dir() { return scratch().dir; }

std::string put_file(const std::string& name, std::string_view text) {
  std::string path = scratch_dir() + "/" + name;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) broken_promise("cannot write a scratch file");
  return path;
}

void clear_scratch() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(scratch_dir(), ec)) fs::remove_all(e.path(), ec);
}

std::vector<std::string_view> split_parts(std::string_view text, char sep, size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    size_t at = text.find(sep);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

void broken_promise(const char* what) {
  std::fprintf(stderr, "pagewise fuzz: broken promise: %s\n", what);
  std::abort();
}

}  // namespace pagewise::fuzz
