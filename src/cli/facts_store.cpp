#include "cli/facts_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "cli/facts_codec.hpp"
#include "platform/platform.hpp"

#ifndef PAGEWISE_VERSION
#define PAGEWISE_VERSION "0.0.0"
#endif

namespace pagewise {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "PWFACTS\n";
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8;  // magic, version, key length, payload length
constexpr size_t kChecksumBytes = 8;
constexpr std::string_view kEntrySuffix = ".facts";
// Writes that may fail, none having succeeded, before writing is turned off: an unwritable folder
// costs this many tries.
constexpr size_t kMaxWriteFailures = 8;
// A temporary file older than this was left by a process that stopped while writing it.
constexpr auto kStaleTemporary = std::chrono::hours(1);

uint64_t rotl(uint64_t v, int s) { return (v << s) | (v >> (64 - s)); }

void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t get_le(std::string_view in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(in[at + i])) << (8 * i);
  return v;
}

std::string hex(uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<size_t>(i)] = digits[v & 0xf];
  return s;
}

std::string full_key(const std::string& key) { return build_identity() + "\n" + key; }

std::string entry_bytes(std::string_view key, std::string_view payload) {
  std::string out;
  out.reserve(kHeaderBytes + key.size() + payload.size() + kChecksumBytes);
  out += kMagic;
  put_le(out, kFactsFormatVersion, 4);
  put_le(out, key.size(), 4);
  put_le(out, payload.size(), 8);
  out += key;
  out += payload;
  put_le(out, store_checksum(out), 8);
  return out;
}

// The payload of an entry file, if it is whole, of this format and of exactly this key.
std::optional<std::string_view> entry_payload(std::string_view bytes, std::string_view key) {
  if (bytes.size() < kHeaderBytes + kChecksumBytes + key.size()) return std::nullopt;
  if (bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  if (get_le(bytes, 8, 4) != kFactsFormatVersion || get_le(bytes, 12, 4) != key.size())
    return std::nullopt;
  size_t payload = bytes.size() - kHeaderBytes - kChecksumBytes - key.size();
  if (get_le(bytes, 16, 8) != payload) return std::nullopt;
  size_t body = bytes.size() - kChecksumBytes;
  if (store_checksum(bytes.substr(0, body)) != get_le(bytes, body, 8)) return std::nullopt;
  if (bytes.substr(kHeaderBytes, key.size()) != key) return std::nullopt;
  return bytes.substr(kHeaderBytes + key.size(), payload);
}

// Marks the folder as a cache: version control and backup tools leave it alone.
void mark_cache_folder(const std::string& folder) {
  std::string ignore = folder + "/.gitignore";
  std::error_code ec;
  if (fs::exists(platform::os_path(ignore), ec)) return;
  std::string error;
  platform::replace_file(ignore, "# pagewise's facts cache\n*\n", error);
  platform::replace_file(folder + "/CACHEDIR.TAG",
                         "Signature: 8a477f597d28d172789f06886806bc55\n"
                         "# pagewise's facts cache (see https://bford.info/cachedir/)\n",
                         error);
}

struct EntryFile {
  fs::path path;
  uint64_t bytes = 0;
  fs::file_time_type used;
};

// The entry files of `folder`; temporary files left by stopped writers are removed on the way.
std::vector<EntryFile> list_entries(const std::string& folder) {
  std::vector<EntryFile> entries;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(platform::os_path(folder), ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = platform::utf8(it->path().filename());
    std::error_code e;
    auto time = it->last_write_time(e);
    if (e || !it->is_regular_file(e)) continue;
    if (name.find(platform::kTemporaryFileMarker) != std::string::npos) {
      if (now - time > kStaleTemporary) fs::remove(it->path(), e);
    } else if (name.size() > kEntrySuffix.size() && name.ends_with(kEntrySuffix)) {
      uint64_t size = it->file_size(e);
      if (!e) entries.push_back({it->path(), size, time});
    }
  }
  return entries;
}

}  // namespace

uint64_t store_checksum(std::string_view bytes) {
  constexpr uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xc2b2ae3d27d4eb4full;
  uint64_t h = bytes.size() * k1;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = rotl(h ^ (w * k1), 31) * k2;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  h = rotl(h ^ (tail * k1), 31) * k2;
  h ^= h >> 33;
  h *= k1;
  return h ^ (h >> 29);
}

const std::string& build_identity() {
  static const std::string identity = [] {
    // The executable's path, size and modification time: every build (a relink) changes them, and
    // reading them costs nothing, where hashing the bytes of a debug build took tens of
    // milliseconds and its size in memory on every run.
    std::string exe = platform::executable_path();
    std::error_code size_ec, time_ec;
    uint64_t size = exe.empty() ? 0 : fs::file_size(platform::os_path(exe), size_ec);
    auto time =
        exe.empty() ? fs::file_time_type() : fs::last_write_time(platform::os_path(exe), time_ec);
    bool known = !exe.empty() && !size_ec && !time_ec;
    std::string stamp =
        exe + '\n' + std::to_string(size) + '\n' + std::to_string(time.time_since_epoch().count());
    return std::string("pagewise " PAGEWISE_VERSION " exe:") +
           (known ? hex(store_checksum(stamp)) : std::string("?"));
  }();
  return identity;
}

FactsStore::FactsStore(std::string folder, FactsStoreOptions options)
    : folder_(std::move(folder)), options_(options) {}

std::string FactsStore::entry_path(const std::string& key) const {
  return folder_ + "/" + hex(store_checksum(full_key(key))) + std::string(kEntrySuffix);
}

std::unique_ptr<FileFacts> FactsStore::find(const std::string& key) {
  auto facts = std::make_unique<FileFacts>();
  return find_with(key, [&](std::string_view payload) { return decode_facts(payload, *facts); })
             ? std::move(facts)
             : nullptr;
}

void FactsStore::store(const std::string& key, const FileFacts& facts) {
  store_payload(key, encode_facts(facts));
}

bool FactsStore::find_unit(const std::string& key, UnitResult& out) {
  return find_with(key, [&](std::string_view payload) { return decode_unit_result(payload, out); });
}

void FactsStore::store_unit(const std::string& key, const UnitResult& result) {
  store_payload(key, encode_unit_result(result));
}

bool FactsStore::find_with(const std::string& key,
                           const std::function<bool(std::string_view)>& decode) {
  std::string path = entry_path(key);
  platform::WholeFile f = platform::read_whole_file(path);
  std::optional<std::string_view> payload;
  if (f.status == platform::WholeFile::Status::ok) payload = entry_payload(f.bytes, full_key(key));
  if (!payload || !decode(*payload)) {
    ++misses_;
    return false;
  }
  // Recently used: pruning removes it last. A read-only cache keeps its old times.
  std::error_code ec;
  fs::last_write_time(platform::os_path(path), fs::file_time_type::clock::now(), ec);
  ++hits_;
  return true;
}

void FactsStore::store_payload(const std::string& key, const std::string& payload) {
  if (!writable_ || !make_folder()) return;
  std::string bytes = entry_bytes(full_key(key), payload);
  std::string error;
  if (platform::replace_file(entry_path(key), bytes, error))
    ++stores_;
  else
    writing_failed(error);
}

bool FactsStore::make_folder() {
  std::call_once(folder_made_, [this] {
    std::error_code ec;
    fs::path dir = platform::os_path(folder_);
    fs::create_directories(dir, ec);
    folder_ok_ = fs::is_directory(dir, ec);
    if (!folder_ok_) {
      writable_ = false;
      writing_failed("cannot make the cache folder " + folder_ + ": " + ec.message());
      return;
    }
    mark_cache_folder(folder_);
  });
  return folder_ok_;
}

void FactsStore::writing_failed(const std::string& why) {
  std::lock_guard<std::mutex> lock(problem_mu_);
  if (problem_.empty()) problem_ = why;
  // A folder that never took a write is not writable; one that did only met contention (on
  // Windows a replacement fails while another process reads the entry).
  if (++failures_ >= kMaxWriteFailures && stores_ == 0) writable_ = false;
}

std::string FactsStore::write_problem() const {
  std::lock_guard<std::mutex> lock(problem_mu_);
  return problem_;
}

size_t FactsStore::prune() {
  std::vector<EntryFile> entries = list_entries(folder_);
  uint64_t total = 0;
  for (const EntryFile& e : entries) total += e.bytes;
  if (total <= options_.max_bytes) return 0;
  std::sort(entries.begin(), entries.end(),
            [](const EntryFile& a, const EntryFile& b) { return a.used < b.used; });
  uint64_t target = options_.max_bytes / 4 * 3;
  size_t removed = 0;
  for (const EntryFile& e : entries) {
    if (total <= target) break;
    std::error_code ec;
    if (fs::remove(e.path, ec)) ++removed;
    total -= e.bytes;
  }
  return removed;
}

}  // namespace pagewise
