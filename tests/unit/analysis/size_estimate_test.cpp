// size_estimate: the code-size model. Functions are run through the real frontend; the calibration
// checks read the committed data in tools/size-calibration (measured with a real compiler).
#include "analysis/size_estimate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/file_stage.hpp"
#include "frontend/source_file.hpp"

namespace pagewise {
namespace {

// The functions of one C file given as text, through scan + pre-pass + parse + extract.
std::vector<Function> functions_of(const std::string& text, const std::string& path = "snippet.c") {
  SourceFile src;
  src.path = path;
  src.text = text;
  src.size = text.size();
  src.readable = true;
  src.parse = true;
  std::vector<FileScan> scans{scan_file(src)};
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  ConditionConfig cfg;
  FileContext ctx{&dialect, &cfg};
  Parser parser;
  return analyze_file(src, scans[0], ctx, parser).functions;
}

const Function& named(const std::vector<Function>& fns, const std::string& name) {
  for (const Function& f : fns)
    if (f.name == name) return f;
  throw std::runtime_error("no function " + name);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- the model's shape --------------------------------------------------------------------------

TEST(SizeEstimate, TrivialFunctionIsSmallAndPositive) {
  auto fns = functions_of("void Nothing(void) { }\nint Zero(void) { return 0; }\n");
  uint32_t nothing = estimate_code_bytes(named(fns, "Nothing"));
  uint32_t zero = estimate_code_bytes(named(fns, "Zero"));
  EXPECT_GE(nothing, 1u);
  EXPECT_LE(nothing, 8u) << "an empty body compiles to a single ret";
  EXPECT_GE(zero, 1u);
  EXPECT_LE(zero, 16u);
}

TEST(SizeEstimate, GrowsWithTheFunctionsWork) {
  auto fns = functions_of(
      "void A(PDEVICE_EXTENSION e) { }\n"
      "void B(PDEVICE_EXTENSION e) { KeSetEvent(&e->Event, 0, FALSE); }\n"
      "void C(PDEVICE_EXTENSION e) {\n"
      "  if (e->Count) KeSetEvent(&e->Event, 0, FALSE);\n"
      "}\n"
      "void D(PDEVICE_EXTENSION e) {\n"
      "  ULONG i;\n"
      "  if (e->Count) KeSetEvent(&e->Event, 0, FALSE);\n"
      "  for (i = 0; i < e->Count; i++) e->Table[i] = NULL;\n"
      "}\n"
      "void E(PDEVICE_EXTENSION e, ULONG code) {\n"
      "  ULONG i;\n"
      "  if (e->Count) KeSetEvent(&e->Event, 0, FALSE);\n"
      "  for (i = 0; i < e->Count; i++) e->Table[i] = NULL;\n"
      "  switch (code) {\n"
      "    case 1: e->Mode = 1; break;\n"
      "    case 2: e->Mode = 2; KeClearEvent(&e->Event); break;\n"
      "    default: InsertTailList(&e->List, &e->Entry); break;\n"
      "  }\n"
      "}\n");
  std::vector<uint32_t> sizes;
  for (const char* name : {"A", "B", "C", "D", "E"})
    sizes.push_back(estimate_code_bytes(named(fns, name)));
  for (size_t i = 1; i < sizes.size(); ++i)
    EXPECT_GT(sizes[i], sizes[i - 1])
        << "function " << char('A' + i) << " does more than " << char('A' + i - 1);
}

TEST(SizeEstimate, NoFeatureMakesAnEstimateSmaller) {
  // The fit is non-negative: more of anything never estimates fewer bytes.
  const SizeModel& m = size_model();
  EXPECT_GE(m.intercept, 0);
  SizeFeatures base;
  base[SizeFeature::Calls] = 3;
  base[SizeFeature::Ifs] = 2;
  uint32_t before = estimate_code_bytes(base);
  for (size_t i = 0; i < kSizeFeatureCount; ++i) {
    EXPECT_GE(m.weights[i], 0) << size_feature_name(static_cast<SizeFeature>(i));
    SizeFeatures more = base;
    more.value[i] += 5;
    EXPECT_GE(estimate_code_bytes(more), before) << size_feature_name(static_cast<SizeFeature>(i));
  }
}

TEST(SizeEstimate, CommentsDoNotChangeTheEstimate) {
  auto fns = functions_of(
      "NTSTATUS Plain(PIRP Irp) {\n"
      "  if (Irp->Cancel) return STATUS_CANCELLED;\n"
      "  IoCompleteRequest(Irp, IO_NO_INCREMENT);\n"
      "  return STATUS_SUCCESS;\n"
      "}\n"
      "NTSTATUS Commented(PIRP Irp) {\n"
      "  // A cancelled request is completed by whoever cancelled it; say so and leave.\n"
      "  if (Irp->Cancel) return STATUS_CANCELLED;  /* no completion here */\n"
      "  /*\n"
      "   * Everything else completes now: this device has no queue of its own, and the\n"
      "   * request's buffer is already filled in by the caller.\n"
      "   */\n"
      "  IoCompleteRequest(Irp, /* boost */ IO_NO_INCREMENT);\n"
      "\n"
      "  return STATUS_SUCCESS;\n"
      "}\n");
  EXPECT_EQ(estimate_code_bytes(named(fns, "Plain")), estimate_code_bytes(named(fns, "Commented")));
}

// ---- what the features count --------------------------------------------------------------------

TEST(SizeEstimate, CallsAreSortedByWhatTheyCompileTo) {
  EXPECT_EQ(call_cost("NT_SUCCESS"), CallCost::Free);
  EXPECT_EQ(call_cost("UNREFERENCED_PARAMETER"), CallCost::Free);
  EXPECT_EQ(call_cost("CONTAINING_RECORD"), CallCost::Free);
  EXPECT_EQ(call_cost("IoGetCurrentIrpStackLocation"), CallCost::LightInline);
  EXPECT_EQ(call_cost("InterlockedIncrement"), CallCost::LightInline);
  EXPECT_EQ(call_cost("WRITE_REGISTER_ULONG"), CallCost::LightInline);
  EXPECT_EQ(call_cost("InsertTailList"), CallCost::HeavyInline);
  EXPECT_EQ(call_cost("RtlZeroMemory"), CallCost::HeavyInline);
  EXPECT_EQ(call_cost("WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE"), CallCost::HeavyInline);
  EXPECT_EQ(call_cost("ExInterlockedInsertTailList"), CallCost::Call)
      << "an Ex routine, not the intrinsic";
  EXPECT_EQ(call_cost("KeAcquireSpinLock"), CallCost::Call);
  EXPECT_EQ(call_cost("WdfRequestComplete"), CallCost::Call);
  EXPECT_EQ(call_cost("ext->Callback"), CallCost::Call);
}

TEST(SizeEstimate, FeaturesCountTheBody) {
  auto fns = functions_of(
      "NTSTATUS F(PDEVICE_OBJECT d, PIRP irp) {\n"
      "  PIO_STACK_LOCATION s = IoGetCurrentIrpStackLocation(irp);\n"
      "  ULONG i, n = 0;\n"
      "  UNREFERENCED_PARAMETER(d);\n"
      "  if (!NT_SUCCESS(irp->IoStatus.Status)) return irp->IoStatus.Status;\n"
      "  for (i = 0; i < 4; i++) n += g_Table[i];\n"
      "  switch (s->MinorFunction) {\n"
      "    case 0: n++; break;\n"
      "    default: break;\n"
      "  }\n"
      "  RtlZeroMemory(&g_Buffer, sizeof(g_Buffer));\n"
      "  IoBuildSomething(1, 2, 3, 4, 5, 6);\n"
      "  return IoCallDriver(d, irp);\n"
      "}\n");
  SizeFeatures x = size_features(named(fns, "F"));
  EXPECT_EQ(x[SizeFeature::Calls], 2) << "IoBuildSomething, IoCallDriver";
  EXPECT_EQ(x[SizeFeature::CallArgs], 8);
  EXPECT_EQ(x[SizeFeature::StackArgs], 2);
  EXPECT_EQ(x[SizeFeature::LightInline], 1) << "IoGetCurrentIrpStackLocation";
  EXPECT_EQ(x[SizeFeature::HeavyInline], 1) << "RtlZeroMemory";
  EXPECT_EQ(x[SizeFeature::Ifs], 1);
  EXPECT_EQ(x[SizeFeature::Loops], 1);
  EXPECT_EQ(x[SizeFeature::Switches], 1);
  EXPECT_EQ(x[SizeFeature::Cases], 2);
  EXPECT_EQ(x[SizeFeature::Returns], 2);
  EXPECT_EQ(x[SizeFeature::Jumps], 2);
  EXPECT_EQ(x[SizeFeature::Locals], 3);
  EXPECT_GT(x[SizeFeature::Assignments], 0);
  EXPECT_GT(x[SizeFeature::FieldUses], 0);
  EXPECT_GT(x[SizeFeature::GlobalUses], 0);
  EXPECT_GT(x[SizeFeature::BodyBytes], 300);
}

TEST(SizeEstimate, Alignment) {
  EXPECT_EQ(function_alignment_bytes(), 16u);
  EXPECT_EQ(aligned_code_bytes(0), 0u);
  EXPECT_EQ(aligned_code_bytes(1), 16u);
  EXPECT_EQ(aligned_code_bytes(16), 16u);
  EXPECT_EQ(aligned_code_bytes(17), 32u);
}

// ---- against the calibration --------------------------------------------------------------------

struct Measured {
  double bytes = 0;
  bool holdout = false;
  SizeFeatures x;
};

// tools/size-calibration/measured.csv by function name.
std::map<std::string, Measured> calibration_table() {
  std::ifstream in(std::string(PW_SOURCE_DIR) + "/tools/size-calibration/measured.csv");
  std::map<std::string, Measured> out;
  std::string line;
  if (!std::getline(in, line)) return out;
  auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::stringstream ss(l);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    return cells;
  };
  std::vector<std::string> header = split(line);
  auto col = [&](std::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  while (std::getline(in, line)) {
    std::vector<std::string> c = split(line);
    if (c.size() != header.size()) continue;
    Measured m;
    m.bytes = std::stod(c[col("measured")]);
    m.holdout = c[col("holdout")] == "1";
    for (size_t i = 0; i < kSizeFeatureCount; ++i)
      m.x.value[i] = std::stod(c[col(size_feature_name(static_cast<SizeFeature>(i)))]);
    out[c[col("name")]] = m;
  }
  return out;
}

// The figures docs/size-estimates.md states for the model compiled into pagewise.
constexpr double kDocumentedMeanError = 18.2;       // percent, all calibration functions
constexpr double kDocumentedHeldOutError = 16.9;    // percent, the held-out fifth
constexpr double kDocumented90thPercentile = 37.3;  // percent, all calibration functions

TEST(SizeEstimate, CalibrationFunctionIsWithinTheDocumentedError) {
  auto table = calibration_table();
  ASSERT_FALSE(table.empty()) << "tools/size-calibration/measured.csv is missing";
  const std::string dir = std::string(PW_SOURCE_DIR) + "/tools/size-calibration/src/";
  // Dispatch routines of the kind the advisor weighs, estimated from the source as pagewise reads
  // it.
  for (const auto& [file, name] : std::vector<std::pair<std::string, std::string>>{
           {"pnp.c", "CalDispatchPnp"}, {"pnp.c", "CalAddDevice"}, {"hw.c", "CalCompletionDpc"}}) {
    auto fns = functions_of(read_text(dir + file), dir + file);
    ASSERT_TRUE(table.count(name)) << name;
    double measured = table[name].bytes;
    double estimate = estimate_code_bytes(named(fns, name));
    EXPECT_LE(std::fabs(estimate - measured) / measured * 100, kDocumented90thPercentile)
        << name << ": measured " << measured << ", estimated " << estimate;
  }
}

TEST(SizeEstimate, ModelReproducesTheDocumentedErrors) {
  // Recomputed from the committed features: fails when the weights change without a new
  // calibration run and docs update.
  auto table = calibration_table();
  ASSERT_GE(table.size(), 60u);
  double sum = 0, held_sum = 0;
  size_t held = 0;
  for (const auto& [name, m] : table) {
    double pct = std::fabs(estimate_code_bytes(m.x) - m.bytes) / m.bytes * 100;
    sum += pct;
    if (m.holdout) {
      held_sum += pct;
      ++held;
    }
  }
  ASSERT_GT(held, 0u);
  EXPECT_NEAR(sum / static_cast<double>(table.size()), kDocumentedMeanError, 0.1);
  EXPECT_NEAR(held_sum / static_cast<double>(held), kDocumentedHeldOutError, 0.1);
}

}  // namespace
}  // namespace pagewise
