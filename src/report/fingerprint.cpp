#include "report/fingerprint.hpp"

#include <cstdint>
#include <map>

namespace pagewise {

namespace {

bool is_identifier_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// FNV-1a, 64 bits: tiny, fixed forever, and a collision inside one run is resolved by ordinals.
constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

void hash_field(uint64_t& h, std::string_view field) {
  for (char c : field) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  // A separator that cannot occur in text keeps ("ab","c") and ("a","bc") apart.
  h ^= 0xFF;
  h *= kFnvPrime;
}

}  // namespace

std::string normalised_message(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    char c = message[i];
    if (is_space(c)) {
      while (i < message.size() && is_space(message[i])) ++i;
      if (!out.empty() && i < message.size()) out += ' ';
      continue;
    }
    bool starts_number = is_digit(c) && (out.empty() || !is_identifier_char(out.back()));
    if (starts_number) {
      while (i < message.size() && is_digit(message[i])) ++i;
      out += '#';
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::string fingerprint_hash(const FindingIdentity& id) {
  uint64_t h = kFnvOffset;
  hash_field(h, id.rule_id);
  hash_field(h, id.artifact);
  hash_field(h, id.function);
  hash_field(h, normalised_message(id.message));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[h & 0xF];
    h >>= 4;
  }
  return out;
}

std::vector<std::string> with_ordinals(const std::vector<std::string>& hashes) {
  std::map<std::string, unsigned> seen;
  std::vector<std::string> out;
  out.reserve(hashes.size());
  for (const std::string& h : hashes) out.push_back(h + ":" + std::to_string(++seen[h]));
  return out;
}

std::vector<std::string> finding_fingerprints(const std::vector<Finding>& findings,
                                              const ArtifactRoot& base) {
  std::vector<std::string> hashes;
  hashes.reserve(findings.size());
  for (const Finding& f : findings)
    hashes.push_back(
        fingerprint_hash({f.rule_id, locate_artifact(base, f.file).path, f.function, f.message}));
  std::vector<std::string> out = with_ordinals(hashes);
  for (size_t i = 0; i < findings.size(); ++i)
    if (!findings[i].fingerprint.empty()) out[i] = findings[i].fingerprint;
  return out;
}

}  // namespace pagewise
