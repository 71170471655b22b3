#include "cli/map_sizes.hpp"

#include <unordered_set>

namespace pagewise {

ExactSizes exact_sizes_of(const LinkMap& map) {
  ExactSizes out;
  std::unordered_set<std::string> ambiguous;
  auto add = [&](const std::string& key, uint64_t bytes) {
    if (ambiguous.count(key)) return;
    auto [it, inserted] = out.emplace(key, bytes);
    if (!inserted) {
      out.erase(it);
      ambiguous.insert(key);
    }
  };
  for (const MapFunction& f : map.functions) {
    if (f.name.empty()) continue;
    add(f.name, f.bytes);
    // Shorter qualifications: "A::B::C" → "B::C" → "C". A map name does not say which scopes
    // are namespaces; a free function of a namespace block is written "C" in the source, and a
    // bare name that two map functions reach is dropped as ambiguous anyway.
    for (size_t sep = f.name.find("::"); sep != std::string::npos; sep = f.name.find("::", sep + 2))
      add(f.name.substr(sep + 2), f.bytes);
  }
  return out;
}

bool read_exact_sizes(const std::string& path, ExactSizes& out, std::string& error) {
  LinkMap map;
  if (!read_link_map(path, map, error)) return false;
  if (map.functions.empty()) {
    error = path + ": the linker map lists no functions";
    return false;
  }
  out = exact_sizes_of(map);
  return true;
}

}  // namespace pagewise
