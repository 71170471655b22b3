// The inline-expectation fixture runner (shared/design.md, "Tests: inline expectations").
// Each tests/fixtures/<family>/<case>.c|.cpp file, and each <family>/<case>/ folder, is analysed
// as one unit. A line carrying `// expect: rule-a, rule-b` must get exactly those findings; any
// other finding fails the case; `rule-a(warning)` also checks the severity, `rule-a(site)` expects
// a place listed in the evidence of a finding of rule-a in the same function (one finding per
// function and rule), `rule-a(suppressed)` a finding silenced in the source. `// section: NAME` on
// a function's name line asserts its final section. Prints one line per case and a closing
// "N passed, N failed".

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "frontend/parser.hpp"

namespace fs = std::filesystem;
using namespace pagewise;

namespace {

struct Expectations {
  std::map<std::pair<std::string, uint32_t>, std::vector<std::string>>
      findings;                                                      // (file, line) → ids
  std::map<std::pair<std::string, uint32_t>, std::string> sections;  // (file, line) → section
};

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

void read_expectations(const std::string& path, Expectations& ex) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto e = line.find("// expect:");
    if (e != std::string::npos) {
      std::string list = line.substr(e + 10);
      auto other = list.find("//");
      if (other != std::string::npos) list = list.substr(0, other);
      std::stringstream ss(list);
      std::string id;
      while (std::getline(ss, id, ',')) {
        id = trim(id);
        if (!id.empty()) ex.findings[{path, n}].push_back(id);
      }
    }
    auto s = line.find("// section:");
    if (s != std::string::npos) {
      std::string rest = line.substr(s + 11);
      auto other = rest.find("//");
      if (other != std::string::npos) rest = rest.substr(0, other);
      std::stringstream ss(rest);
      std::string name;
      ss >> name;
      ex.sections[{path, n}] = name;
    }
  }
}

// Returns the failures of one case; empty when it passes.
std::vector<std::string> run_case(const fs::path& input) {
  std::vector<std::string> failures;
  AnalysisOptions opts;
  opts.inputs = {input.string()};
  opts.threads = 1;
  // The advice notes are the advice family's subject; elsewhere they would only add a
  // small-paged-section note to every small fixture that pages code.
  opts.advice = input.parent_path().filename() == "advice";
  Analysis a = run_analysis(opts);

  Expectations ex;
  std::set<std::string> read;  // a file analysed under two configurations is read once
  for (const auto& f : a.files)
    if (read.insert(f->path).second) read_expectations(f->path, ex);

  // An expectation with a severity, `rule(warning)`, is compared with the finding's severity too.
  std::map<std::pair<std::string, uint32_t>, std::vector<std::string>> got;
  for (const Finding& f : a.findings) {
    bool with_severity = false;
    auto key = std::make_pair(f.file, f.pos.line);
    if (ex.findings.count(key))
      for (const std::string& id : ex.findings.at(key))
        if (id == f.rule_id + "(" + severity_name(f.severity) + ")") with_severity = true;
    // A finding silenced in the source is expected as `rule(suppressed)`.
    if (f.suppressed)
      got[key].push_back(f.rule_id + "(suppressed)");
    else
      got[key].push_back(with_severity ? f.rule_id + "(" + severity_name(f.severity) + ")"
                                       : f.rule_id);
    // The finding's other sites in its function, expected as `rule(site)`.
    for (const EvidenceStep& step : f.evidence)
      if (step.other_site)
        got[{step.file.empty() ? f.file : step.file, step.pos.line}].push_back(
            f.rule_id + (f.suppressed ? "(suppressed site)" : "(site)"));
  }
  auto all_keys = got;
  for (const auto& [k, v] : ex.findings) all_keys[k];
  for (const auto& [k, unused] : all_keys) {
    std::vector<std::string> want =
        ex.findings.count(k) ? ex.findings.at(k) : std::vector<std::string>{};
    std::vector<std::string> have = got.count(k) ? got.at(k) : std::vector<std::string>{};
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    if (want == have) continue;
    std::ostringstream msg;
    msg << k.first << ":" << k.second << ": expected [";
    for (size_t i = 0; i < want.size(); ++i) msg << (i ? ", " : "") << want[i];
    msg << "] got [";
    for (size_t i = 0; i < have.size(); ++i) msg << (i ? ", " : "") << have[i];
    msg << "]";
    for (const Finding& f : a.findings)
      if (f.file == k.first && f.pos.line == k.second)
        msg << "\n      " << f.rule_id << ": " << f.message;
    failures.push_back(msg.str());
  }

  for (const auto& [k, section] : ex.sections) {
    bool found = false;
    for (const Model& m : a.models) {
      const Program& p = m.program;
      for (uint32_t f = 0; f < p.files.size(); ++f) {
        if (p.files[f]->path != k.first) continue;
        for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
          const Function& fn = p.files[f]->functions[i];
          if (fn.name_pos.line != k.second) continue;
          found = true;
          const std::string& actual = p.placement[f][i].section;
          if (actual != section)
            failures.push_back(k.first + ":" + std::to_string(k.second) + ": '" + fn.name +
                               "' expected section " + section + ", got " + actual);
        }
      }
    }
    if (!found)
      failures.push_back(k.first + ":" + std::to_string(k.second) +
                         ": `// section:` on a line where no function definition's name was found");
  }
  for (const InputProblem& p : a.discovery.problems)
    if (p.fatal) failures.push_back(p.path + ": " + p.message);
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: test_fixtures FIXTURES_DIR [CASE_FILTER]\n";
    return 2;
  }
  fs::path root = argv[1];
  std::string filter = argc > 2 ? argv[2] : "";
  std::vector<fs::path> cases;
  std::error_code ec;
  for (const auto& family : fs::directory_iterator(root, ec)) {
    if (!family.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(family.path(), ec)) {
      // Hidden folders are no cases: a `.pagewise-cache` a check of the family left behind.
      if (c.path().filename().string().rfind('.', 0) == 0) continue;
      if (c.is_directory() || is_source_path(c.path().string())) cases.push_back(c.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  int passed = 0, failed = 0;
  for (const fs::path& c : cases) {
    std::string name = fs::relative(c, root).string();
    if (!filter.empty() && name.find(filter) == std::string::npos) continue;
    std::vector<std::string> failures = run_case(c);
    if (failures.empty()) {
      ++passed;
      std::cout << "PASS " << name << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << name << "\n";
      for (const std::string& f : failures) std::cout << "    " << f << "\n";
    }
  }
  std::cout << "fixtures: " << passed << " passed, " << failed << " failed\n";
  return failed == 0 && passed > 0 ? 0 : 1;
}
