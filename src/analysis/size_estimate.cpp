#include "analysis/size_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace pagewise {

namespace {

// Calls written in driver source that are not calls in the generated code. The WDK headers
// (wdm.h, ntddk.h, wdf.h) define these as FORCEINLINE functions, intrinsics or expression macros;
// which class a helper is in follows from its definition there: a load, a store or one locked
// instruction is Light; list operations with their integrity checks (FatalListEntryError), stack
// location copies, memory fills and copies, and the WDF_*_INIT structure initializers are Heavy.
struct CallCostRow {
  std::string_view name;
  CallCost cost;
};

constexpr CallCostRow kCallCosts[] = {
    // Expression macros and annotations: no code of their own in a free build.
    {"NT_SUCCESS", CallCost::Free},
    {"NT_ERROR", CallCost::Free},
    {"NT_WARNING", CallCost::Free},
    {"NT_INFORMATION", CallCost::Free},
    {"UNREFERENCED_PARAMETER", CallCost::Free},
    {"UNREFERENCED_LOCAL_VARIABLE", CallCost::Free},
    {"DBG_UNREFERENCED_PARAMETER", CallCost::Free},
    {"DBG_UNREFERENCED_LOCAL_VARIABLE", CallCost::Free},
    {"ASSERT", CallCost::Free},
    {"ASSERTMSG", CallCost::Free},
    {"NT_ASSERT", CallCost::Free},
    {"NT_ASSERTMSG", CallCost::Free},
    {"NT_ANALYSIS_ASSUME", CallCost::Free},
    {"_Analysis_assume_", CallCost::Free},
    {"__analysis_assume", CallCost::Free},
    {"__assume", CallCost::Free},
    {"C_ASSERT", CallCost::Free},
    {"static_assert", CallCost::Free},
    {"KdPrint", CallCost::Free},
    {"KdPrintEx", CallCost::Free},
    {"KdBreakPoint", CallCost::Free},
    {"CONTAINING_RECORD", CallCost::Free},
    {"FIELD_OFFSET", CallCost::Free},
    {"RTL_FIELD_SIZE", CallCost::Free},
    {"RTL_NUMBER_OF", CallCost::Free},
    {"ARRAYSIZE", CallCost::Free},
    {"ARGUMENT_PRESENT", CallCost::Free},
    {"CTL_CODE", CallCost::Free},
    {"min", CallCost::Free},
    {"max", CallCost::Free},
    {"FlagOn", CallCost::Free},
    {"BooleanFlagOn", CallCost::Free},
    {"SetFlag", CallCost::Free},
    {"ClearFlag", CallCost::Free},
    {"LOWORD", CallCost::Free},
    {"HIWORD", CallCost::Free},
    {"LOBYTE", CallCost::Free},
    {"HIBYTE", CallCost::Free},
    {"PAGE_ALIGN", CallCost::Free},
    {"BYTE_OFFSET", CallCost::Free},
    {"ROUND_TO_PAGES", CallCost::Free},
    {"BYTES_TO_PAGES", CallCost::Free},
    {"ALIGN_UP_BY", CallCost::Free},
    {"ALIGN_DOWN_BY", CallCost::Free},
    {"IoGetFunctionCodeFromCtlCode", CallCost::Free},
    {"METHOD_FROM_CTL_CODE", CallCost::Free},
    {"DEVICE_TYPE_FROM_CTL_CODE", CallCost::Free},
    // Accessors and one-instruction intrinsics.
    {"IoGetCurrentIrpStackLocation", CallCost::LightInline},
    {"IoGetNextIrpStackLocation", CallCost::LightInline},
    {"IoSkipCurrentIrpStackLocation", CallCost::LightInline},
    {"IoSetNextIrpStackLocation", CallCost::LightInline},
    {"IoMarkIrpPending", CallCost::LightInline},
    {"IoSetCancelRoutine", CallCost::LightInline},
    {"IoGetRemainingStackSize", CallCost::LightInline},
    {"InitializeListHead", CallCost::LightInline},
    {"IsListEmpty", CallCost::LightInline},
    {"PushEntryList", CallCost::LightInline},
    {"PopEntryList", CallCost::LightInline},
    {"KeGetCurrentIrql", CallCost::LightInline},
    {"KeInitializeSpinLock", CallCost::LightInline},
    {"KeMemoryBarrier", CallCost::LightInline},
    {"KeQueryTickCount", CallCost::LightInline},
    {"MmGetMdlByteCount", CallCost::LightInline},
    {"MmGetMdlByteOffset", CallCost::LightInline},
    {"MmGetMdlVirtualAddress", CallCost::LightInline},
    {"MmGetMdlPfnArray", CallCost::LightInline},
    {"MmInitializeMdl", CallCost::HeavyInline},
    // Helpers with checks, loops or many stores.
    {"InsertTailList", CallCost::HeavyInline},
    {"InsertHeadList", CallCost::HeavyInline},
    {"RemoveHeadList", CallCost::HeavyInline},
    {"RemoveTailList", CallCost::HeavyInline},
    {"RemoveEntryList", CallCost::HeavyInline},
    {"AppendTailList", CallCost::HeavyInline},
    {"IoCopyCurrentIrpStackLocationToNext", CallCost::HeavyInline},
    {"IoSetCompletionRoutine", CallCost::HeavyInline},
    {"RtlZeroMemory", CallCost::HeavyInline},
    {"RtlSecureZeroMemory", CallCost::HeavyInline},
    {"RtlCopyMemory", CallCost::HeavyInline},
    {"RtlMoveMemory", CallCost::HeavyInline},
    {"RtlFillMemory", CallCost::HeavyInline},
    {"RtlEqualMemory", CallCost::HeavyInline},
    {"memset", CallCost::HeavyInline},
    {"memcpy", CallCost::HeavyInline},
    {"memmove", CallCost::HeavyInline},
    {"memcmp", CallCost::HeavyInline},
};

// Families matched by prefix: Interlocked* intrinsics (one locked instruction; the Ex-prefixed
// ExInterlocked* routines are real calls), register and port accessors, and KMDF's WDF_*_INIT*
// structure initializers.
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

CallCost call_cost(std::string_view callee) {
  for (const CallCostRow& row : kCallCosts)
    if (row.name == callee) return row.cost;
  if (starts_with(callee, "Interlocked") || starts_with(callee, "_Interlocked"))
    return CallCost::LightInline;
  if (starts_with(callee, "READ_REGISTER_") || starts_with(callee, "WRITE_REGISTER_") ||
      starts_with(callee, "READ_PORT_") || starts_with(callee, "WRITE_PORT_") ||
      starts_with(callee, "__read") || starts_with(callee, "__write"))
    return CallCost::LightInline;
  if (starts_with(callee, "WDF_") && callee.find("_INIT") != std::string_view::npos)
    return CallCost::HeavyInline;
  return CallCost::Call;
}

std::string_view size_feature_name(SizeFeature f) {
  switch (f) {
    case SizeFeature::Calls:
      return "calls";
    case SizeFeature::CallArgs:
      return "call_args";
    case SizeFeature::StackArgs:
      return "stack_args";
    case SizeFeature::LightInline:
      return "light_inline";
    case SizeFeature::HeavyInline:
      return "heavy_inline";
    case SizeFeature::Ifs:
      return "ifs";
    case SizeFeature::Loops:
      return "loops";
    case SizeFeature::Switches:
      return "switches";
    case SizeFeature::Cases:
      return "cases";
    case SizeFeature::Returns:
      return "returns";
    case SizeFeature::Jumps:
      return "jumps";
    case SizeFeature::Assignments:
      return "assignments";
    case SizeFeature::Locals:
      return "locals";
    case SizeFeature::FieldUses:
      return "field_uses";
    case SizeFeature::GlobalUses:
      return "global_uses";
    case SizeFeature::ExpressionBytes:
      return "expr_bytes";
    case SizeFeature::BodyBytes:
      return "body_bytes";
    case SizeFeature::Count:
      break;
  }
  return "?";
}

SizeFeatures size_features(const Function& fn) {
  SizeFeatures x;
  double expression = 0;
  for (const Call& c : fn.calls) {
    CallCost cost = call_cost(c.callee);
    if (cost == CallCost::Free) continue;
    for (const std::string& a : c.args) expression += static_cast<double>(a.size());
    if (cost == CallCost::LightInline) {
      x[SizeFeature::LightInline] += 1;
    } else if (cost == CallCost::HeavyInline) {
      x[SizeFeature::HeavyInline] += 1;
    } else {
      x[SizeFeature::Calls] += 1;
      x[SizeFeature::CallArgs] += static_cast<double>(c.args.size());
      if (c.args.size() > 4) x[SizeFeature::StackArgs] += static_cast<double>(c.args.size() - 4);
    }
  }
  for (const Step& s : fn.steps) {
    switch (s.kind) {
      case Step::Kind::If:
        x[SizeFeature::Ifs] += 1;
        break;
      case Step::Kind::Loop:
        x[SizeFeature::Loops] += 1;
        break;
      case Step::Kind::Switch:
        x[SizeFeature::Switches] += 1;
        break;
      case Step::Kind::Case:
        x[SizeFeature::Cases] += 1;
        break;
      case Step::Kind::Return:
        x[SizeFeature::Returns] += 1;
        break;
      case Step::Kind::Goto:
      case Step::Kind::Break:
      case Step::Kind::Continue:
        x[SizeFeature::Jumps] += 1;
        break;
      default:
        break;
    }
  }
  for (const std::string& c : fn.conditions) expression += static_cast<double>(c.size());
  for (const Assignment& a : fn.assignments) expression += static_cast<double>(a.rhs.size());
  x[SizeFeature::Assignments] = static_cast<double>(fn.assignments.size());
  x[SizeFeature::Locals] = static_cast<double>(fn.locals.size());
  // Locals' uses are recorded for paged memory only; the model was fitted without them.
  for (const NameUse& u : fn.uses)
    if (!u.local) x[u.field ? SizeFeature::FieldUses : SizeFeature::GlobalUses] += 1;
  x[SizeFeature::ExpressionBytes] = expression;
  if (fn.end_offset > fn.body_pos.offset)
    x[SizeFeature::BodyBytes] = static_cast<double>(fn.end_offset - fn.body_pos.offset);
  return x;
}

// The fitted model. Printed by `pagewise-size-features --fit tools/size-calibration/measured.csv`
// (tools/size-calibration/calibrate.sh runs it); docs/size-estimates.md has the data, the feature
// selection and the measured error. Features not listed were not chosen by the selection.
constexpr double kIntercept = 0.91;
constexpr std::pair<SizeFeature, double> kWeights[] = {
    {SizeFeature::Calls, 13.171},       {SizeFeature::StackArgs, 13.170},
    {SizeFeature::HeavyInline, 40.020}, {SizeFeature::Ifs, 8.015},
    {SizeFeature::Loops, 17.200},       {SizeFeature::Cases, 16.087},
    {SizeFeature::Assignments, 4.173},  {SizeFeature::Locals, 4.871},
    {SizeFeature::FieldUses, 2.792},
};

const SizeModel& size_model() {
  static const SizeModel model = [] {
    SizeModel m;
    m.intercept = kIntercept;
    for (const auto& [feature, weight] : kWeights) m.weights[static_cast<size_t>(feature)] = weight;
    return m;
  }();
  return model;
}

uint32_t estimate_code_bytes(const SizeFeatures& features, const SizeModel& model) {
  double bytes = model.intercept;
  for (size_t i = 0; i < kSizeFeatureCount; ++i) bytes += model.weights[i] * features.value[i];
  if (!(bytes >= kMinimumCodeBytes)) return kMinimumCodeBytes;  // also catches NaN
  if (bytes > 1e9) return 1000000000u;
  return static_cast<uint32_t>(std::lround(bytes));
}

uint32_t estimate_code_bytes(const Function& fn) { return estimate_code_bytes(size_features(fn)); }

uint32_t function_alignment_bytes() { return 16; }

uint32_t aligned_code_bytes(uint32_t bytes) {
  uint32_t a = function_alignment_bytes();
  return (bytes + a - 1) / a * a;
}

}  // namespace pagewise
