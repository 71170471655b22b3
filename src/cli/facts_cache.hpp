// FileFacts kept between the analyses of one process (`pagewise serve`): a file whose text,
// switched-off ranges and analysis context are what they were last time is not parsed again, so an
// edit re-parses the edited file and re-links its unit.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontend/file_stage.hpp"
#include "frontend/source_file.hpp"
#include "model/facts.hpp"

namespace pagewise {

class FactsCache {
 public:
  // A run begins: entries it does not use are dropped when it ends, so the cache holds at most the
  // facts of the last run and never grows with the number of edits.
  void begin_run();
  void end_run();
  // A copy of the facts stored under `key`, or null.
  std::unique_ptr<FileFacts> find(const std::string& key);
  void store(const std::string& key, const FileFacts& facts);
  size_t size() const;
  size_t hits() const;  // facts found, since the cache was made

 private:
  struct Entry {
    std::shared_ptr<const FileFacts> facts;
    uint64_t run = 0;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  uint64_t run_ = 0;
  size_t hits_ = 0;
};

// What every file's facts of a run depend on beyond the file itself: the dialect (built from the
// macros of every file of the run and the blanked macros) and the #if definitions.
uint64_t analysis_context_fingerprint(const std::vector<FileScan>& scans,
                                      const std::vector<std::string>& blanked,
                                      const ConditionConfig& conditions);

// The text of a file and how it was read, as 128 bits: two readings of a file with the same
// fingerprint give the same facts.
std::string source_fingerprint(const SourceFile& source);

// The key of one file's facts: its path, its text and how it was read, the ranges its unit switches
// off, and the run's context fingerprint.
std::string facts_key(const SourceFile& source, const std::vector<InactiveRange>& inactive,
                      uint64_t context);
// The same key from the file's path and source_fingerprint, without its text.
std::string facts_key(const std::string& path, const std::string& fingerprint,
                      const std::vector<InactiveRange>& inactive, uint64_t context);

}  // namespace pagewise
