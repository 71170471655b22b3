// The on-disk facts cache against parsing: analyses PATH... once on one thread (rules off) for
// every file's facts, then times encoding them, decoding them, and storing and finding them in a
// FactsStore in a fresh folder (file reads, checksums and decoding). Prints one JSON line:
// {"files","source_bytes","parse_extract_seconds","encode_seconds","decode_seconds",
//  "store_seconds","find_seconds","encoded_bytes","entry_bytes","decode_speedup","find_speedup"}
// where parse_extract_seconds is check's "prepass+parse+extract" stage.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/facts_codec.hpp"
#include "cli/facts_store.hpp"
#include "cli/pipeline.hpp"

using namespace pagewise;

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double seconds_of(F&& f) {
  auto t = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double stage_seconds(const RunStats& stats, const std::string& name) {
  for (const StageTime& s : stats.stages)
    if (s.stage == name) return s.seconds;
  return 0;
}

uint64_t folder_bytes(const std::filesystem::path& dir) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".facts") total += e.file_size();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  AnalysisOptions opts;
  for (int i = 1; i < argc; ++i) opts.inputs.push_back(argv[i]);
  opts.threads = 1;
  opts.run_rules = false;
  Analysis a = run_analysis(opts);
  double parse = stage_seconds(a.stats, "prepass+parse+extract");
  std::vector<std::string> encoded(a.files.size());
  double encode = seconds_of([&] {
    for (size_t i = 0; i < a.files.size(); ++i) encoded[i] = encode_facts(*a.files[i]);
  });
  size_t failed = 0, encoded_bytes = 0;
  double decode = seconds_of([&] {
    for (const std::string& e : encoded) {
      FileFacts f;
      failed += !decode_facts(e, f);
      encoded_bytes += e.size();
    }
  });
  auto dir = std::filesystem::temp_directory_path() / "pagewise-facts-bench";
  std::filesystem::remove_all(dir);
  FactsStore store(dir.string());
  double stored = seconds_of([&] {
    for (size_t i = 0; i < a.files.size(); ++i) store.store(std::to_string(i), *a.files[i]);
  });
  double found = seconds_of([&] {
    for (size_t i = 0; i < a.files.size(); ++i) failed += !store.find(std::to_string(i));
  });
  uint64_t entry_bytes = folder_bytes(dir);
  std::filesystem::remove_all(dir);
  std::printf(
      "{\"files\":%zu,\"source_bytes\":%llu,\"parse_extract_seconds\":%.3f,\"encode_seconds\":%.3f,"
      "\"decode_seconds\":%.3f,\"store_seconds\":%.3f,\"find_seconds\":%.3f,\"encoded_bytes\":%zu,"
      "\"entry_bytes\":%llu,\"decode_speedup\":%.1f,\"find_speedup\":%.1f,\"failed\":%zu}\n",
      a.files.size(), static_cast<unsigned long long>(a.stats.bytes), parse, encode, decode, stored,
      found, encoded_bytes, static_cast<unsigned long long>(entry_bytes), parse / decode,
      parse / found, failed);
  return failed == 0 ? 0 : 1;
}
