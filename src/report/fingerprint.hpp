// Stable identities for findings, so code-scanning tools recognise the same finding in the next
// commit: nothing that changes when code merely moves (line and column numbers) goes in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "report/artifact_path.hpp"

namespace pagewise {

// What identifies one finding across commits. `artifact` is the path relative to the scanned
// root, so the checkout's location does not matter.
struct FindingIdentity {
  std::string_view rule_id;
  std::string_view artifact;
  std::string_view function;
  std::string_view message;
};

// The message with standalone numbers replaced by '#' (line numbers, "file.c:42", byte counts)
// and whitespace runs collapsed. Digits inside identifiers ("Dpc2") are kept: they name things.
std::string normalised_message(std::string_view message);

// 16 lowercase hex digits.
std::string fingerprint_hash(const FindingIdentity& id);

// Appends ":<n>" to each hash, n counting the earlier occurrences of the same hash plus one, so
// two findings that would collide stay distinct and keep their ordinals while their order holds.
std::vector<std::string> with_ordinals(const std::vector<std::string>& hashes);

// The SARIF `partialFingerprints` value of each finding, in order (a baseline matches findings by
// it): its hash with ordinals, or the fingerprint it carries (a finding absent since the
// baseline keeps the baseline's).
std::vector<std::string> finding_fingerprints(const std::vector<Finding>& findings,
                                              const ArtifactRoot& base);

}  // namespace pagewise
