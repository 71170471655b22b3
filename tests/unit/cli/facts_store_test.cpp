// The on-disk facts store: a stored entry is found again, a damaged or foreign entry is a miss
// and is replaced by the next store, writers at once leave only whole entries, an unwritable
// folder fails nothing, and pruning keeps the most recently used entries under the bound.
#include "cli/facts_store.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cli/facts_codec.hpp"
#include "platform/platform.hpp"

namespace pagewise {
namespace {

namespace fs = std::filesystem;

class TempFolder {
 public:
  TempFolder() {
    std::string tmpl = (fs::temp_directory_path() / "pw-facts-store-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) root_ = tmpl;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::string path(const std::string& rel) const { return (root_ / rel).string(); }

 private:
  fs::path root_;
};

// Facts with a little of everything, told apart by `n`.
FileFacts sample_facts(int n) {
  FileFacts f;
  f.path = "drv/file" + std::to_string(n) + ".c";
  f.language = n % 2 ? Language::Cpp : Language::C;
  f.bytes = 1000 + static_cast<uint64_t>(n);
  f.names = {"g_Table", "Buffer"};
  Function fn;
  fn.name = "Dispatch" + std::to_string(n);
  fn.calls.push_back({"IoCompleteRequest", {"Irp", "IO_NO_INCREMENT"}, {3, 5, 40}, ""});
  fn.steps.push_back({Step::Kind::Block, Step::Role::Plain, 2, 0, {}});
  fn.steps.push_back({Step::Kind::Call, Step::Role::Plain, 2, 0, {3, 5, 40}});
  fn.uses.push_back({});
  fn.uses.back().name = 1;
  fn.saves_irql_parameter = -1;
  f.functions.push_back(fn);
  f.pragmas.push_back({});
  f.pragmas.back().names = {"Dispatch"};
  return f;
}

std::string read_bytes(const std::string& path) { return platform::read_whole_file(path).bytes; }

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(FactsStore, AMissThenAHit) {
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  EXPECT_EQ(store.find("a.c|k1"), nullptr);
  store.store("a.c|k1", sample_facts(1));
  auto found = store.find("a.c|k1");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, sample_facts(1));
  EXPECT_EQ(store.find("a.c|k2"), nullptr);
  EXPECT_EQ(store.hits(), 1u);
  EXPECT_EQ(store.misses(), 2u);
  EXPECT_EQ(store.stores(), 1u);
  EXPECT_EQ(store.write_problem(), "");
  // Another store object (a later run) on the same folder finds it too.
  FactsStore later(tmp.path("cache"));
  ASSERT_NE(later.find("a.c|k1"), nullptr);
  // The folder says it is a cache, so version control leaves it alone.
  EXPECT_TRUE(fs::exists(tmp.path("cache/.gitignore")));
  EXPECT_TRUE(fs::exists(tmp.path("cache/CACHEDIR.TAG")));
}

// Each damage is a miss, and the next store writes a whole entry in its place.
void expect_damage_is_a_miss(const std::string& what,
                             const std::function<std::string(std::string)>& damage) {
  SCOPED_TRACE(what);
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  store.store("key", sample_facts(2));
  std::string path = store.entry_path("key");
  std::string whole = read_bytes(path);
  write_bytes(path, damage(whole));
  EXPECT_EQ(store.find("key"), nullptr);
  store.store("key", sample_facts(2));
  EXPECT_EQ(read_bytes(path), whole);
  auto found = store.find("key");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, sample_facts(2));
}

TEST(FactsStore, ADamagedEntryIsAMissAndIsReplaced) {
  expect_damage_is_a_miss("empty", [](std::string) { return std::string(); });
  expect_damage_is_a_miss("truncated by one",
                          [](std::string s) { return s.substr(0, s.size() - 1); });
  expect_damage_is_a_miss("truncated to half",
                          [](std::string s) { return s.substr(0, s.size() / 2); });
  expect_damage_is_a_miss("a byte more", [](std::string s) { return s + 'x'; });
  expect_damage_is_a_miss("wrong magic", [](std::string s) { return s.replace(0, 2, "XX"); });
  expect_damage_is_a_miss("other version", [](std::string s) { return s.replace(8, 1, "\x7f"); });
  expect_damage_is_a_miss("payload byte flipped", [](std::string s) {
    s[s.size() - 20] ^= 0x10;
    return s;
  });
  expect_damage_is_a_miss("checksum flipped", [](std::string s) {
    s[s.size() - 1] ^= 0x01;
    return s;
  });
}

TEST(FactsStore, EveryTruncationOfAnEntryIsAMiss) {
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  store.store("key", sample_facts(3));
  std::string path = store.entry_path("key");
  std::string whole = read_bytes(path);
  for (size_t n = 0; n < whole.size(); ++n) {
    write_bytes(path, whole.substr(0, n));
    EXPECT_EQ(store.find("key"), nullptr) << n;
  }
}

// An entry of another key at this key's file name (a hash collision) is not taken for it.
TEST(FactsStore, AnEntryOfAnotherKeyIsAMiss) {
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  store.store("other", sample_facts(4));
  fs::copy_file(store.entry_path("other"), store.entry_path("key"));
  EXPECT_EQ(store.find("key"), nullptr);
  EXPECT_NE(store.find("other"), nullptr);
}

TEST(FactsStore, TheBuildIdentityNamesVersionAndExecutable) {
  const std::string& id = build_identity();
  EXPECT_EQ(id.rfind("pagewise ", 0), 0u);
  size_t exe = id.find(" exe:");
  ASSERT_NE(exe, std::string::npos);
  EXPECT_EQ(id.size() - exe - 5, 16u) << id;  // the executable was read and hashed
  EXPECT_EQ(&build_identity(), &id);
}

// Two stores on one folder (two runs at once), each with its own threads, write the same keys
// over and over: every entry left is whole and is one of the facts written, and no temporary
// file is left.
TEST(FactsStore, WritersAtOnceLeaveOnlyWholeEntries) {
  TempFolder tmp;
  const int kKeys = 16, kRounds = 40;
  auto writer = [&](int which) {
    FactsStore store(tmp.path("cache"));
    for (int r = 0; r < kRounds; ++r)
      for (int k = 0; k < kKeys; ++k) {
        store.store("key" + std::to_string(k), sample_facts(k * 2 + which));
        auto found = store.find("key" + std::to_string((k + 5) % kKeys));
        if (found) {
          EXPECT_EQ(found->functions.size(), 1u);
        }
      }
    EXPECT_EQ(store.write_problem(), "");
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) threads.emplace_back(writer, w % 2);
  for (std::thread& t : threads) t.join();
  FactsStore check(tmp.path("cache"));
  for (int k = 0; k < kKeys; ++k) {
    auto found = check.find("key" + std::to_string(k));
    ASSERT_NE(found, nullptr) << k;
    EXPECT_TRUE(*found == sample_facts(k * 2) || *found == sample_facts(k * 2 + 1));
  }
  for (const auto& e : fs::directory_iterator(tmp.path("cache")))
    EXPECT_EQ(e.path().filename().string().find(platform::kTemporaryFileMarker), std::string::npos);
}

TEST(FactsStore, AnUnwritableFolderFailsNothing) {
  TempFolder tmp;
  write_bytes(tmp.path("file"), "not a folder");
  FactsStore store(tmp.path("file/cache"));  // cannot be made: a file is in the way
  EXPECT_NO_THROW(store.store("key", sample_facts(5)));
  EXPECT_NO_THROW(store.store("key", sample_facts(5)));
  EXPECT_EQ(store.find("key"), nullptr);
  EXPECT_EQ(store.stores(), 0u);
  EXPECT_NE(store.write_problem().find("cannot make the cache folder"), std::string::npos);
  EXPECT_EQ(store.prune(), 0u);
}

// A folder that exists but refuses new files (here: its entries' names are taken by folders, so
// every rename fails) stops being written after a few failures.
TEST(FactsStore, FailedWritesTurnWritingOff) {
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  for (int k = 0; k < 20; ++k) {
    fs::create_directories(store.entry_path("key" + std::to_string(k)));
    fs::create_directories(store.entry_path("key" + std::to_string(k)) + "/inside");
    EXPECT_NO_THROW(store.store("key" + std::to_string(k), sample_facts(k)));
  }
  EXPECT_EQ(store.stores(), 0u);
  EXPECT_FALSE(store.write_problem().empty());
  for (const auto& e : fs::directory_iterator(tmp.path("cache")))
    EXPECT_EQ(e.path().filename().string().find(platform::kTemporaryFileMarker), std::string::npos);
}

// Failures in a folder that took writes are contention (Windows refuses to replace an entry
// another process reads), not an unwritable folder: writing goes on.
TEST(FactsStore, FailuresAfterASuccessKeepWritingOn) {
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  store.store("first", sample_facts(1));
  for (int k = 0; k < 20; ++k) {
    fs::create_directories(store.entry_path("key" + std::to_string(k)) + "/inside");
    store.store("key" + std::to_string(k), sample_facts(k));
  }
  store.store("last", sample_facts(2));
  EXPECT_EQ(store.stores(), 2u);
  EXPECT_NE(store.find("last"), nullptr);
}

TEST(FactsStore, PruneRemovesTheLeastRecentlyUsedOverTheBound) {
  TempFolder tmp;
  FactsStore store(tmp.path("cache"));
  for (int k = 0; k < 10; ++k) store.store("key" + std::to_string(k), sample_facts(k));
  uint64_t entry = fs::file_size(store.entry_path("key0"));
  // key0 is the oldest, key9 the newest; then key0 is used, so key1 becomes the oldest.
  auto base = fs::file_time_type::clock::now() - std::chrono::hours(10);
  for (int k = 0; k < 10; ++k)
    fs::last_write_time(store.entry_path("key" + std::to_string(k)),
                        base + std::chrono::minutes(k));
  ASSERT_NE(store.find("key0"), nullptr);
  // Stale and fresh temporary files of stopped writers.
  write_bytes(tmp.path("cache/.x.facts.tmp-1-0-0"), "partial");
  fs::last_write_time(tmp.path("cache/.x.facts.tmp-1-0-0"), base);
  write_bytes(tmp.path("cache/.y.facts.tmp-1-0-0"), "being written");

  FactsStore bounded(tmp.path("cache"), {entry * 8});  // pruned down to six entries
  EXPECT_EQ(bounded.prune(), 4u);
  for (int k : {1, 2, 3, 4}) EXPECT_FALSE(fs::exists(store.entry_path("key" + std::to_string(k))));
  for (int k : {0, 5, 6, 7, 8, 9}) EXPECT_NE(bounded.find("key" + std::to_string(k)), nullptr) << k;
  EXPECT_FALSE(fs::exists(tmp.path("cache/.x.facts.tmp-1-0-0")));
  EXPECT_TRUE(fs::exists(tmp.path("cache/.y.facts.tmp-1-0-0")));
  EXPECT_EQ(bounded.prune(), 0u);  // under the bound now
}

}  // namespace
}  // namespace pagewise
