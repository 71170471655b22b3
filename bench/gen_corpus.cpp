// pagewise-gen-corpus: writes a deterministic synthetic corpus of Windows kernel driver sources
// for the benchmark. Real driver trees cannot be committed and differ from machine to machine; a
// generated corpus gives every run the same input of a chosen size.
//
// usage: pagewise-gen-corpus OUT_DIR [--lines N] [--seed S]
//
// Each driver is a folder with a .vcxproj naming its sources, a shared header and several .c or
// .cpp files, shaped like WDM and KMDF samples: SAL annotations, paged sections placed in all the
// usual ways, spin locks, DPCs, dispatch routines, KMDF callback structs, C++ classes. Names,
// counts and nesting are drawn from a seeded generator, so no two functions are alike (the parser
// cannot reuse work between them) yet the same seed always writes the same bytes.
//
// The writers live in gen/: text.hpp (random source, code writer), body.cpp (statements),
// function.cpp (signatures, definitions), one file per group of driver files, project.cpp.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "gen/files.hpp"

namespace fs = std::filesystem;

namespace {

struct Options {
  std::string out;
  uint64_t lines = 1000000;
  uint64_t seed = 1;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "pagewise-gen-corpus: " << message << "\n"
            << "usage: pagewise-gen-corpus OUT_DIR [--lines N] [--seed S]\n";
  std::exit(2);
}

uint64_t parse_number(const std::string& flag, const char* text) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (!*text || *end || text[0] == '-') usage_error(flag + " wants a non-negative number");
  return v;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lines" || a == "--seed") {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      (a == "--lines" ? o.lines : o.seed) = parse_number(a, argv[++i]);
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: pagewise-gen-corpus OUT_DIR [--lines N] [--seed S]\n";
      std::exit(0);
    } else if (!a.empty() && a[0] == '-') {
      usage_error("unknown option " + a);
    } else if (o.out.empty()) {
      o.out = a;
    } else {
      usage_error("more than one OUT_DIR");
    }
  }
  if (o.out.empty()) usage_error("no OUT_DIR given");
  return o;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  if (!f) {
    std::cerr << "pagewise-gen-corpus: cannot write " << p.string() << "\n";
    std::exit(2);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  std::error_code ec;
  // The corpus is a function of the seed and size only: stale files from another run would
  // silently change it, so only an empty or new folder is accepted.
  if (fs::exists(o.out, ec) && !fs::is_empty(o.out, ec))
    usage_error(o.out + " exists and is not empty");
  fs::create_directories(o.out, ec);
  if (ec) usage_error("cannot create " + o.out + ": " + ec.message());

  uint64_t lines = 0, bytes = 0, files = 0;
  int drivers = 0;
  while (lines < o.lines) {
    pwgen::Driver d = pwgen::build_driver(drivers, o.seed);
    fs::path dir = fs::path(o.out) / d.dir;
    fs::create_directories(dir, ec);
    if (ec) usage_error("cannot create " + dir.string() + ": " + ec.message());
    for (const pwgen::OutFile& f : d.files) {
      write_file(dir / f.name, f.text);
      lines += pwgen::count_lines(f.text);
      bytes += f.text.size();
      ++files;
    }
    // The project has its own random source: the sources' bytes do not depend on it.
    pwgen::Rng proj_rng(o.seed + static_cast<uint64_t>(drivers));
    write_file(dir / (pwgen::lower(d.title) + ".vcxproj"), pwgen::vcxproj(d, proj_rng));
    ++drivers;
  }
  std::printf("{\"drivers\":%d,\"files\":%llu,\"lines\":%llu,\"bytes\":%llu}\n", drivers,
              static_cast<unsigned long long>(files), static_cast<unsigned long long>(lines),
              static_cast<unsigned long long>(bytes));
  return 0;
}
