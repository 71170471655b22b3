// pagewise-triage: compares pagewise's JSON reports on public driver trees with the triage ledger
// (bench/triage/ledger.tsv), so the precision of the findings on real code is measured, not
// guessed.
//
// usage: pagewise-triage TREES.tsv LEDGER.tsv REPORT_DIR [--unjudged all|errors|none]
//
// TREES.tsv names each tree (name, repo, commit, set); REPORT_DIR/<name>.json is `pagewise check
// --format json` on it. A ledger row judges one finding by its location: repo, commit, rule, file,
// line, function, verdict (true, false, arguable) and a one-line reason. The output lists the
// findings not yet judged, the false findings still reported and the true findings no longer
// reported, then the counts per rule and per set of trees ("tuned": trees the fixes were made
// against; "held-out": trees judged last), and ends with the precision of error and warning
// findings.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

struct Tree {
  std::string name, repo, commit, set;
};

// A finding's identity across runs: trees are pinned, so the location does not move.
using Key = std::tuple<std::string, std::string, std::string, int, std::string>;  // repo rule file

struct Judgement {
  std::string verdict, reason;
  bool seen = false;
};

struct Reported {
  Key key;
  std::string tree, set, severity;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  std::stringstream in(line);
  for (std::string col; std::getline(in, col, '\t');) cols.push_back(col);
  return cols;
}

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "pagewise-triage: " << what << "\n";
  std::exit(2);
}

std::vector<Tree> read_trees(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("cannot read " + path);
  std::vector<Tree> trees;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto c = split_tabs(line);
    if (c.size() < 4) fail(path + ": a tree row has name, repo, commit and set: " + line);
    trees.push_back({c[0], c[1], c[2], c[3]});
  }
  return trees;
}

std::map<Key, Judgement> read_ledger(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("cannot read " + path);
  std::map<Key, Judgement> ledger;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto c = split_tabs(line);
    if (c.size() < 8) fail(path + ":" + std::to_string(n) + ": a ledger row has 8 columns");
    if (c[6] != "true" && c[6] != "false" && c[6] != "arguable")
      fail(path + ":" + std::to_string(n) + ": verdict must be true, false or arguable");
    Key k{c[0], c[2], c[3], std::stoi(c[4]), c[5]};
    if (!ledger.emplace(k, Judgement{c[6], c[7]}).second)
      fail(path + ":" + std::to_string(n) + ": this finding is judged twice");
  }
  return ledger;
}

std::vector<Reported> read_report(const Tree& t, const std::string& dir) {
  std::ifstream in(dir + "/" + t.name + ".json");
  if (!in) fail("no report for " + t.name + " in " + dir);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("findings")) fail("unreadable report for " + t.name);
  std::vector<Reported> out;
  for (const auto& f : j["findings"]) {
    std::string fn = f.value("function", "");
    Key k{t.repo, f.value("rule", ""), f.value("file", ""), f.value("line", 0),
          fn.empty() ? "-" : fn};
    out.push_back({k, t.name, t.set, f.value("severity", "")});
  }
  return out;
}

struct Tally {
  int t = 0, f = 0, a = 0, unjudged = 0;
  void add(const std::string& verdict) { verdict == "true" ? ++t : verdict == "false" ? ++f : ++a; }
};

std::string where(const Reported& r) {
  const auto& [repo, rule, file, line, fn] = r.key;
  return r.tree + "\t" + r.severity + "\t" + rule + "\t" + file + ":" + std::to_string(line) +
         "\t" + fn;
}

std::string percent(int num, int den) {
  if (den == 0) return "n/a (nothing judged)";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %% (%d of %d judged)", 100.0 * num / den, num, den);
  return buf;
}

void print_tally_table(const char* title, const std::map<std::string, Tally>& rows) {
  std::cout << "\n" << title << "\n";
  std::printf("  %-40s %6s %6s %9s %9s\n", "", "true", "false", "arguable", "unjudged");
  for (const auto& [name, t] : rows)
    std::printf("  %-40s %6d %6d %9d %9d\n", name.c_str(), t.t, t.f, t.a, t.unjudged);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4)
    fail("usage: pagewise-triage TREES.tsv LEDGER.tsv REPORT_DIR [--unjudged all|errors|none]");
  std::string show_unjudged = argc >= 6 && std::string(argv[4]) == "--unjudged" ? argv[5] : "all";
  auto trees = read_trees(argv[1]);
  auto ledger = read_ledger(argv[2]);

  std::vector<Reported> reported;
  for (const Tree& t : trees)
    for (auto& r : read_report(t, argv[3])) reported.push_back(std::move(r));

  std::map<std::string, Tally> by_rule, by_set, by_severity;
  std::vector<std::string> unjudged, still_false;
  for (const Reported& r : reported) {
    const std::string& rule = std::get<1>(r.key);
    auto it = ledger.find(r.key);
    Tally* tallies[] = {&by_rule[rule], &by_set[r.set + " " + r.severity],
                        &by_severity[r.severity]};
    if (it == ledger.end()) {
      for (Tally* t : tallies) ++t->unjudged;
      if (show_unjudged == "all" || (show_unjudged == "errors" && r.severity == "error"))
        unjudged.push_back(where(r));
      continue;
    }
    it->second.seen = true;
    for (Tally* t : tallies) t->add(it->second.verdict);
    if (it->second.verdict == "false") still_false.push_back(where(r) + "\t" + it->second.reason);
  }

  std::set<std::string> pinned;
  for (const Tree& t : trees) pinned.insert(t.repo);
  std::vector<std::string> lost;
  for (const auto& [k, j] : ledger) {
    if (j.seen || j.verdict != "true" || !pinned.count(std::get<0>(k))) continue;
    const auto& [repo, rule, file, line, fn] = k;
    lost.push_back(repo + "\t" + rule + "\t" + file + ":" + std::to_string(line) + "\t" + fn);
  }

  std::cout << "Not yet judged (" << unjudged.size() << "):\n";
  for (const auto& s : unjudged) std::cout << "  " << s << "\n";
  std::cout << "\nJudged false and still reported (" << still_false.size() << "):\n";
  for (const auto& s : still_false) std::cout << "  " << s << "\n";
  std::cout << "\nJudged true and no longer reported (" << lost.size() << "):\n";
  for (const auto& s : lost) std::cout << "  " << s << "\n";
  print_tally_table("Per rule:", by_rule);
  print_tally_table("Per set and severity:", by_set);

  const Tally& e = by_severity["error"];
  const Tally& w = by_severity["warning"];
  std::cout << "\nprecision: errors " << percent(e.t, e.t + e.f + e.a) << " true; warnings "
            << percent(w.t + w.a, w.t + w.f + w.a) << " true or arguable\n";
  return 0;
}
