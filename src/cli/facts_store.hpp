// FileFacts kept on disk between runs (`check`'s incremental cache, issue 14): the same find/store
// shape as FactsCache (cli/facts_cache.hpp), with the same keys (facts_key), so the pipeline can
// ask the in-memory cache, then this store, then parse.
//
// The folder holds one file per entry, `<16 hex digits>.facts`, named by a hash of the entry's
// full key: the build identity (pagewise's version and a hash of the running executable's
// path, size and modification time), a newline, and the caller's key. An entry file is
//
//   magic "PWFACTS\n" | u32 kFactsFormatVersion | u32 key length | u64 payload length |
//   full key | payload (encode_facts) | u64 checksum of every byte before it
//
// (integers little-endian). A file that is short, long, of another magic, version or key (a
// hash collision, another build), whose checksum differs, or whose payload does not decode is a
// miss; the next store of that key replaces it. Every write goes to a temporary file of a unique
// name in the same folder, renamed over the entry (platform::replace_file), so a reader or a
// second process writing the same cache never sees part of an entry.
//
// Bounds: a hit sets the entry's modification time to now, so the times order entries by last
// use; prune() (once per run, at its end) removes the least recently used entries while the
// entries' total size is over max_bytes, down to three quarters of it, and removes temporary
// files a stopped process left (older than an hour).
//
// A folder that cannot be made or written does not fail the run and throws nothing: a folder that
// cannot be made turns writing off at once, eight failed writes without a successful one (a
// read-only folder) too; the first failure is kept in write_problem(), for the caller to report
// once if it wants.
// Every method is safe to call from several threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "cli/facts_codec.hpp"
#include "model/facts.hpp"

namespace pagewise {

struct FactsStoreOptions {
  uint64_t max_bytes = 1ull << 30;  // prune() keeps the entries' total size under this
};

class FactsStore {
 public:
  explicit FactsStore(std::string folder, FactsStoreOptions options = {});

  // The facts stored under `key` by this build, or null (a miss).
  std::unique_ptr<FileFacts> find(const std::string& key);
  // Stores `facts` under `key`, replacing any entry there. Does nothing once writing failed.
  void store(const std::string& key, const FileFacts& facts);
  // The same for what checking a unit gave (findings and sizes), under a key that names every
  // input of that check (unit_stream.cpp).
  bool find_unit(const std::string& key, UnitResult& out);
  void store_unit(const std::string& key, const UnitResult& result);
  // Removes least recently used entries over the size bound and stale temporary files. Returns
  // how many entries it removed.
  size_t prune();

  const std::string& folder() const { return folder_; }
  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }
  size_t stores() const { return stores_; }
  // The first write that failed ("" when none did): writing is off from then on.
  std::string write_problem() const;

  // The path of the entry file for `key` (tests corrupt it).
  std::string entry_path(const std::string& key) const;

 private:
  bool find_with(const std::string& key, const std::function<bool(std::string_view)>& decode);
  void store_payload(const std::string& key, const std::string& payload);
  bool make_folder();
  void writing_failed(const std::string& why);

  std::string folder_;
  FactsStoreOptions options_;
  std::atomic<size_t> hits_{0}, misses_{0}, stores_{0};
  std::atomic<bool> writable_{true};
  std::once_flag folder_made_;
  bool folder_ok_ = false;
  mutable std::mutex problem_mu_;
  std::string problem_;
  size_t failures_ = 0;
};

// What the facts of this pagewise depend on besides their key: "pagewise VERSION exe:HASH", a
// hash of the running executable's path, size and modification time (read once per process, on
// first use; "exe:?" when they cannot be read, then the version alone tells builds apart).
const std::string& build_identity();

// The checksum of entry files: 64 bits of a word-at-a-time multiply-and-rotate hash, for telling
// a damaged file from a whole one (not a cryptographic hash).
uint64_t store_checksum(std::string_view bytes);

}  // namespace pagewise
