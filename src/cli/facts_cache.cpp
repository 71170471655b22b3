#include "cli/facts_cache.hpp"

#include <functional>
#include <string_view>

namespace pagewise {

namespace {

// Two unrelated 64-bit hashes of the same bytes: a key is then 128 bits of content, so two texts
// that differ are taken for one only with odds no run will meet.
struct ContentHash {
  uint64_t fnv = 14695981039346656037ull;
  std::string bytes_for_std;

  void add(std::string_view s) {
    for (unsigned char c : s) {
      fnv ^= c;
      fnv *= 1099511628211ull;
    }
    // Separates fields, so ("ab", "c") and ("a", "bc") differ.
    fnv ^= 0xff;
    fnv *= 1099511628211ull;
    bytes_for_std += std::to_string(std::hash<std::string_view>{}(s));
    bytes_for_std += ',';
  }
  void add(uint64_t v) { add(std::to_string(v)); }
  uint64_t second() const { return std::hash<std::string>{}(bytes_for_std); }
};

}  // namespace

void FactsCache::begin_run() {
  std::lock_guard<std::mutex> lock(mu_);
  ++run_;
}

void FactsCache::end_run() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();)
    it = it->second.run == run_ ? std::next(it) : entries_.erase(it);
}

std::unique_ptr<FileFacts> FactsCache::find(const std::string& key) {
  std::shared_ptr<const FileFacts> facts;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    it->second.run = run_;
    facts = it->second.facts;
    ++hits_;
  }
  return std::make_unique<FileFacts>(*facts);
}

void FactsCache::store(const std::string& key, const FileFacts& facts) {
  auto copy = std::make_shared<const FileFacts>(facts);
  std::lock_guard<std::mutex> lock(mu_);
  entries_[key] = {std::move(copy), run_};
}

size_t FactsCache::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

size_t FactsCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

uint64_t analysis_context_fingerprint(const std::vector<FileScan>& scans,
                                      const std::vector<std::string>& blanked,
                                      const ConditionConfig& conditions) {
  ContentHash h;
  for (const FileScan& scan : scans) {
    h.add(scan.macros.size());
    for (const MacroDef& m : scan.macros) {
      h.add(m.name);
      h.add(m.function_like ? 1 : 0);
      for (const std::string& p : m.params) h.add(p);
      h.add(m.body);
    }
  }
  for (const std::string& b : blanked) h.add(b);
  for (const auto& [name, value] : conditions.defined) {
    h.add(name);
    h.add(value);
  }
  for (const std::string& u : conditions.undefined) h.add(u);
  for (const std::string& d : conditions.defined_no_value) h.add(d);
  return h.fnv ^ (h.second() * 31);
}

std::string source_fingerprint(const SourceFile& source) {
  ContentHash h;
  h.add(source.text);
  h.add(source.size);
  h.add(source.readable ? 1 : 0);
  h.add(source.parse ? 1 : 0);
  for (const std::string& p : source.problems) h.add(p);
  return std::to_string(h.fnv) + ':' + std::to_string(h.second());
}

std::string facts_key(const std::string& path, const std::string& fingerprint,
                      const std::vector<InactiveRange>& inactive, uint64_t context) {
  std::string key = path + '\0' + fingerprint + ':' + std::to_string(context);
  for (const InactiveRange& r : inactive)
    key += ' ' + std::to_string(r.begin) + '-' + std::to_string(r.end);
  return key;
}

std::string facts_key(const SourceFile& source, const std::vector<InactiveRange>& inactive,
                      uint64_t context) {
  return facts_key(source.path, source_fingerprint(source), inactive, context);
}

}  // namespace pagewise
