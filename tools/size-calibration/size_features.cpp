// pagewise-size-features: the size estimator's inputs and outputs, and its fit.
//
// usage:
//   pagewise-size-features FILE...
//     Runs pagewise's frontend on the files (one unit) and prints one CSV row per function
//     defined in them: file,name,line,<features...>,estimate.
//   pagewise-size-features --fit MEASURED.csv
//     Reads the calibration table written by calibrate.sh (columns name, measured, holdout and
//     the feature columns), fits the linear model on the rows with holdout = 0 and prints the
//     fitted model as C++ for size_estimate.cpp, then the error of the fitted model and of the
//     model compiled into pagewise, on the fitting rows and on the held-out rows.
//
// The fit: non-negative least squares of the relative error, sum(((y - yhat) / y)^2), so a
// 40-byte helper counts as much as a 2 KB dispatch routine (the advisor compares sizes against
// thresholds, where a relative error is what matters). Non-negative weights keep the model
// monotone: more work never makes a smaller estimate. Features are chosen by forward selection
// on 5-fold cross-validation inside the fitting rows; the held-out rows take no part in choosing
// or fitting anything.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/size_estimate.hpp"
#include "frontend/file_stage.hpp"
#include "frontend/source_file.hpp"

using namespace pagewise;

namespace {

// ---- features ----------------------------------------------------------------------------------

int print_features(const std::vector<std::string>& paths) {
  std::vector<SourceFile> sources;
  std::vector<FileScan> scans;
  for (const std::string& p : paths) {
    sources.push_back(read_source(p));
    if (!sources.back().readable) {
      std::cerr << "pagewise-size-features: cannot read " << p << "\n";
      return 2;
    }
    scans.push_back(scan_file(sources.back()));
  }
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  ConditionConfig conditions;
  FileContext ctx{&dialect, &conditions};
  Parser parser;
  std::cout << "file,name,line";
  for (size_t i = 0; i < kSizeFeatureCount; ++i)
    std::cout << ',' << size_feature_name(static_cast<SizeFeature>(i));
  std::cout << ",estimate\n";
  for (size_t i = 0; i < sources.size(); ++i) {
    FileFacts facts = analyze_file(sources[i], scans[i], ctx, parser);
    for (const Function& fn : facts.functions) {
      SizeFeatures x = size_features(fn);
      std::cout << paths[i] << ',' << fn.name << ',' << fn.pos.line;
      for (double v : x.value) std::cout << ',' << v;
      std::cout << ',' << estimate_code_bytes(fn) << '\n';
    }
  }
  return 0;
}

// ---- fit ---------------------------------------------------------------------------------------

struct Row {
  std::string name;
  double measured = 0;
  bool holdout = false;
  SizeFeatures x;
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  return out;
}

bool read_rows(const std::string& path, std::vector<Row>& rows) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  if (!std::getline(in, line)) return false;
  std::vector<std::string> header = split(line);
  auto column = [&](std::string_view name) -> int {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  };
  int c_name = column("name"), c_measured = column("measured"), c_holdout = column("holdout");
  std::vector<int> c_feature(kSizeFeatureCount);
  for (size_t i = 0; i < kSizeFeatureCount; ++i)
    c_feature[i] = column(size_feature_name(static_cast<SizeFeature>(i)));
  if (c_name < 0 || c_measured < 0 || c_holdout < 0) return false;
  for (int c : c_feature)
    if (c < 0) return false;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells = split(line);
    if (cells.size() < header.size()) continue;
    Row r;
    r.name = cells[c_name];
    r.measured = std::atof(cells[c_measured].c_str());
    r.holdout = cells[c_holdout] == "1";
    for (size_t i = 0; i < kSizeFeatureCount; ++i)
      r.x.value[i] = std::atof(cells[c_feature[i]].c_str());
    if (r.measured > 0) rows.push_back(std::move(r));
  }
  return true;
}

// Non-negative least squares of the relative error by cyclic coordinate descent: each step
// minimizes exactly along one coordinate and clips at zero. Column 0 is the intercept.
// How each row's squared error is weighted: by 1/y^2 (relative error, the default), by 1/y (between
// relative and absolute), or not at all (absolute bytes). Only the first is used for the model;
// the others are there to compare.
enum class Weighting { Relative, Sqrt, Absolute };
Weighting g_weighting = Weighting::Relative;
// Features the selection may not use. By default body_bytes: it counts comments and blank lines,
// which the calibration sources have few of and real drivers many, so a model that leans on it
// would overestimate well-commented code (calibrate.sh measures how much). `--exclude LIST`
// replaces the default; `--exclude ''` lets the selection use everything.
std::vector<size_t> g_excluded{static_cast<size_t>(SizeFeature::BodyBytes)};

double row_scale(double measured) {
  switch (g_weighting) {
    case Weighting::Relative:
      return 1.0 / measured;
    case Weighting::Sqrt:
      return 1.0 / std::sqrt(measured);
    case Weighting::Absolute:
      return 1.0;
  }
  return 1.0;
}

SizeModel fit(const std::vector<const Row*>& rows, const std::vector<size_t>& features) {
  size_t k = features.size() + 1;
  size_t n = rows.size();
  // Design matrix and target, each row divided by its measured size.
  std::vector<std::vector<double>> a(n, std::vector<double>(k));
  std::vector<double> b(n);
  for (size_t r = 0; r < n; ++r) {
    double s = row_scale(rows[r]->measured);
    b[r] = rows[r]->measured * s;
    a[r][0] = s;
    for (size_t j = 0; j < features.size(); ++j) a[r][j + 1] = rows[r]->x.value[features[j]] * s;
  }
  std::vector<double> w(k, 0.0), norm(k, 0.0), resid(b);
  for (size_t j = 0; j < k; ++j)
    for (size_t r = 0; r < n; ++r) norm[j] += a[r][j] * a[r][j];
  for (int sweep = 0; sweep < 200000; ++sweep) {
    double biggest = 0;
    for (size_t j = 0; j < k; ++j) {
      if (norm[j] == 0) continue;
      double g = 0;
      for (size_t r = 0; r < n; ++r) g += a[r][j] * resid[r];
      double next = std::max(0.0, w[j] + g / norm[j]);
      double d = next - w[j];
      if (d == 0) continue;
      for (size_t r = 0; r < n; ++r) resid[r] -= d * a[r][j];
      w[j] = next;
      biggest = std::max(biggest, std::fabs(d) * std::sqrt(norm[j]));
    }
    if (biggest < 1e-12) break;
  }
  SizeModel m;
  m.intercept = w[0];
  for (size_t j = 0; j < features.size(); ++j) m.weights[features[j]] = w[j + 1];
  return m;
}

struct Errors {
  size_t count = 0;
  double mean_pct = 0;  // mean absolute percentage error
  double median_pct = 0;
  double p90_pct = 0;
  double worst_pct = 0;
  double total_pct = 0;  // (sum of estimates - sum of measured) / sum of measured
  double within25 = 0;   // share of functions within 25 %
};

double pct_error(const Row& r, const SizeModel& m) {
  return 100.0 * std::fabs(estimate_code_bytes(r.x, m) - r.measured) / r.measured;
}

Errors errors(const std::vector<const Row*>& rows, const SizeModel& m) {
  Errors e;
  e.count = rows.size();
  if (rows.empty()) return e;
  std::vector<double> pct;
  double est = 0, meas = 0;
  for (const Row* r : rows) {
    pct.push_back(pct_error(*r, m));
    est += estimate_code_bytes(r->x, m);
    meas += r->measured;
  }
  std::sort(pct.begin(), pct.end());
  for (double p : pct) e.mean_pct += p;
  e.mean_pct /= static_cast<double>(pct.size());
  e.median_pct =
      pct.size() % 2 ? pct[pct.size() / 2] : (pct[pct.size() / 2 - 1] + pct[pct.size() / 2]) / 2;
  e.p90_pct = pct[std::min(
      pct.size() - 1, static_cast<size_t>(std::ceil(0.9 * static_cast<double>(pct.size()))) - 1)];
  e.worst_pct = pct.back();
  e.total_pct = 100.0 * (est - meas) / meas;
  e.within25 = 100.0 *
               static_cast<double>(
                   std::count_if(pct.begin(), pct.end(), [](double p) { return p <= 25.0; })) /
               static_cast<double>(pct.size());
  return e;
}

// Mean absolute percentage error of 5-fold cross-validation over `rows` with `features`.
double cross_validated(const std::vector<const Row*>& rows, const std::vector<size_t>& features) {
  const size_t folds = 5;
  double sum = 0;
  for (size_t f = 0; f < folds; ++f) {
    std::vector<const Row*> train, test;
    for (size_t i = 0; i < rows.size(); ++i) (i % folds == f ? test : train).push_back(rows[i]);
    SizeModel m = fit(train, features);
    for (const Row* r : test) sum += pct_error(*r, m);
  }
  return sum / static_cast<double>(rows.size());
}

void print_errors(const char* label, const Errors& e) {
  std::printf("| %s | %zu | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.0f %% | %+.1f %% |\n", label,
              e.count, e.mean_pct, e.median_pct, e.p90_pct, e.worst_pct, e.within25, e.total_pct);
}

int run_fit(const std::string& path) {
  std::vector<Row> all;
  if (!read_rows(path, all)) {
    std::cerr << "pagewise-size-features: cannot read the calibration table " << path << "\n";
    return 2;
  }
  std::vector<const Row*> train, held;
  for (const Row& r : all) (r.holdout ? held : train).push_back(&r);
  if (train.size() < 2 * kSizeFeatureCount) {
    std::cerr << "pagewise-size-features: " << train.size() << " fitting rows are too few\n";
    return 2;
  }

  // Forward selection: add the feature that lowers the cross-validated error most; stop when no
  // feature lowers it by a quarter of a percentage point.
  std::vector<size_t> chosen;
  double best = cross_validated(train, chosen);
  std::printf("## Feature selection (5-fold cross-validation on %zu fitting rows)\n\n",
              train.size());
  if (!g_excluded.empty()) {
    std::printf("Not offered to the selection:");
    for (size_t f : g_excluded)
      std::printf(" %s", std::string(size_feature_name(static_cast<SizeFeature>(f))).c_str());
    std::printf(".\n\n");
  }
  std::printf("| step | feature added | cross-validated mean abs. error |\n|---|---|---|\n");
  std::printf("| 0 | (intercept only) | %.1f %% |\n", best);
  for (int step = 1;; ++step) {
    size_t pick = kSizeFeatureCount;
    double pick_err = best;
    for (size_t f = 0; f < kSizeFeatureCount; ++f) {
      if (std::find(chosen.begin(), chosen.end(), f) != chosen.end()) continue;
      if (std::find(g_excluded.begin(), g_excluded.end(), f) != g_excluded.end()) continue;
      std::vector<size_t> trial = chosen;
      trial.push_back(f);
      double e = cross_validated(train, trial);
      if (e < pick_err) {
        pick_err = e;
        pick = f;
      }
    }
    if (pick == kSizeFeatureCount || best - pick_err < 0.25) break;
    chosen.push_back(pick);
    best = pick_err;
    std::printf("| %d | %s | %.1f %% |\n", step,
                std::string(size_feature_name(static_cast<SizeFeature>(pick))).c_str(), best);
  }

  // A feature the selection took can end up with weight 0 once later ones are in (the fit is
  // non-negative): drop those and refit until every chosen feature carries weight.
  SizeModel fitted = fit(train, chosen);
  std::vector<size_t> dropped;
  for (;;) {
    auto zero = std::find_if(chosen.begin(), chosen.end(),
                             [&](size_t f) { return fitted.weights[f] == 0; });
    if (zero == chosen.end()) break;
    dropped.push_back(*zero);
    chosen.erase(zero);
    fitted = fit(train, chosen);
  }

  // The enumerator names of SizeFeature, in order, to print the model as size_estimate.cpp has it.
  static const char* const kEnumerators[kSizeFeatureCount] = {
      "Calls",  "CallArgs",  "StackArgs",  "LightInline",     "HeavyInline", "Ifs",
      "Loops",  "Switches",  "Cases",      "Returns",         "Jumps",       "Assignments",
      "Locals", "FieldUses", "GlobalUses", "ExpressionBytes", "BodyBytes"};
  std::printf("\n## Fitted model (on the %zu fitting rows)\n\n", train.size());
  if (!dropped.empty()) {
    std::printf(
        "Chosen, then dropped because the non-negative fit gave them weight 0 once the later "
        "features were in:");
    for (size_t f : dropped)
      std::printf(" %s", std::string(size_feature_name(static_cast<SizeFeature>(f))).c_str());
    std::printf(" (cross-validated error without them: %.1f %%).\n\n",
                cross_validated(train, chosen));
  }
  std::printf("```cpp\n");
  std::printf("constexpr double kIntercept = %.2f;\n", fitted.intercept);
  std::printf("constexpr std::pair<SizeFeature, double> kWeights[] = {\n");
  for (size_t f = 0; f < kSizeFeatureCount; ++f) {
    if (fitted.weights[f] == 0) continue;
    std::printf("    {SizeFeature::%s, %.3f},\n", kEnumerators[f], fitted.weights[f]);
  }
  std::printf("};\n```\n\n");

  std::printf("## Errors\n\n");
  std::printf(
      "| model, rows | functions | mean abs. error | median | 90th percentile | worst | within 25 "
      "%% | total bytes |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  print_errors("just fitted, fitting rows", errors(train, fitted));
  print_errors("just fitted, held-out rows", errors(held, fitted));
  const SizeModel& built = size_model();
  std::vector<const Row*> every;
  for (const Row& r : all) every.push_back(&r);
  print_errors("in pagewise, fitting rows", errors(train, built));
  print_errors("in pagewise, held-out rows", errors(held, built));
  print_errors("in pagewise, all rows", errors(every, built));

  std::printf("\n## By measured size (model in pagewise, all rows)\n\n");
  std::printf(
      "| measured bytes | functions | mean abs. error | mean signed error | total bytes "
      "|\n|---|---|---|---|---|\n");
  const double bounds[] = {0, 50, 150, 400, 1e9};
  for (size_t b = 0; b + 1 < std::size(bounds); ++b) {
    size_t n = 0;
    double abs_sum = 0, signed_sum = 0, est = 0, meas = 0;
    for (const Row* r : every) {
      if (r->measured < bounds[b] || r->measured >= bounds[b + 1]) continue;
      double e = estimate_code_bytes(r->x, built);
      ++n;
      abs_sum += std::fabs(e - r->measured) / r->measured;
      signed_sum += (e - r->measured) / r->measured;
      est += e;
      meas += r->measured;
    }
    if (n == 0) continue;
    std::string range = bounds[b + 1] >= 1e9
                            ? std::to_string(static_cast<int>(bounds[b])) + " and more"
                            : std::to_string(static_cast<int>(bounds[b])) + "-" +
                                  std::to_string(static_cast<int>(bounds[b + 1]) - 1);
    std::printf("| %s | %zu | %.1f %% | %+.1f %% | %+.1f %% |\n", range.c_str(), n,
                100 * abs_sum / static_cast<double>(n), 100 * signed_sum / static_cast<double>(n),
                100 * (est - meas) / meas);
  }

  std::printf("\n## Worst estimates of the model in pagewise\n\n");
  std::printf("| function | held out | measured | estimate | error |\n|---|---|---|---|---|\n");
  std::vector<const Row*> sorted = every;
  std::sort(sorted.begin(), sorted.end(), [&](const Row* x, const Row* y) {
    return pct_error(*x, built) > pct_error(*y, built);
  });
  for (size_t i = 0; i < std::min<size_t>(8, sorted.size()); ++i) {
    const Row& r = *sorted[i];
    double est = estimate_code_bytes(r.x, built);
    std::printf("| %s | %s | %.0f | %.0f | %+.0f %% |\n", r.name.c_str(), r.holdout ? "yes" : "no",
                r.measured, est, 100.0 * (est - r.measured) / r.measured);
  }
  return 0;
}

}  // namespace

int usage() {
  std::cerr << "usage: pagewise-size-features FILE...\n"
               "       pagewise-size-features --fit MEASURED.csv [--exclude FEATURE,...] "
               "[--weighting relative|sqrt|absolute]\n";
  return 2;
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage();
  if (args[0] != "--fit") {
    if (args[0].rfind("--", 0) == 0) return usage();
    return print_features(args);
  }
  if (args.size() < 2) return usage();
  for (size_t i = 2; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return usage();
    if (args[i] == "--weighting") {
      if (args[i + 1] == "relative")
        g_weighting = Weighting::Relative;
      else if (args[i + 1] == "sqrt")
        g_weighting = Weighting::Sqrt;
      else if (args[i + 1] == "absolute")
        g_weighting = Weighting::Absolute;
      else
        return usage();
    } else if (args[i] == "--exclude") {
      g_excluded.clear();
      std::stringstream ss(args[i + 1]);
      std::string name;
      while (std::getline(ss, name, ',')) {
        size_t f = 0;
        while (f < kSizeFeatureCount && size_feature_name(static_cast<SizeFeature>(f)) != name) ++f;
        if (f == kSizeFeatureCount) {
          std::cerr << "pagewise-size-features: no feature " << name << "\n";
          return 2;
        }
        g_excluded.push_back(f);
      }
    } else {
      return usage();
    }
  }
  return run_fit(args[1]);
}
