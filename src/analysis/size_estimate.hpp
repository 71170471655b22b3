// size_estimate: how many bytes of x64 code a function compiles to, guessed from its source facts
// alone (no compiler, no build). A linear model over counts the frontend already records (calls
// and their arguments, branches, loops, cases, assignments, field accesses, ...), fitted by
// least squares to functions compiled with a real x86-64 compiler. The method, the data and the
// measured error are in docs/size-estimates.md; the calibration is tools/size-calibration/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/facts.hpp"

namespace pagewise {

// The features the model reads, in a fixed order (the order of SizeFeatures::value and of the
// weights).
enum class SizeFeature : uint8_t {
  Calls,            // calls that stay calls in the generated code
  CallArgs,         // arguments passed to those calls
  StackArgs,        // arguments past the fourth (x64 passes them on the stack)
  LightInline,      // WDK FORCEINLINE helpers and intrinsics of a few instructions
  HeavyInline,      // WDK FORCEINLINE helpers that expand to a dozen instructions or more
  Ifs,              // if statements
  Loops,            // for, while, do
  Switches,         // switch statements
  Cases,            // case and default labels
  Returns,          // return statements
  Jumps,            // goto, break, continue
  Assignments,      // assignments, compound assignments, ++/--, initialized locals
  Locals,           // local variables declared
  FieldUses,        // `p->f` / `s.f` reads and writes
  GlobalUses,       // globals read or written
  ExpressionBytes,  // characters of conditions, call arguments and assigned values (no comments)
  BodyBytes,        // characters between the braces of the body, comments and blanks included
  Count
};

constexpr size_t kSizeFeatureCount = static_cast<size_t>(SizeFeature::Count);

struct SizeFeatures {
  std::array<double, kSizeFeatureCount> value{};
  double& operator[](SizeFeature f) { return value[static_cast<size_t>(f)]; }
  double operator[](SizeFeature f) const { return value[static_cast<size_t>(f)]; }
};

// A short column name for CSV output and docs ("calls", "call_args", ...).
std::string_view size_feature_name(SizeFeature f);

// How a call written in the source turns into code in a driver build.
enum class CallCost : uint8_t {
  Call,         // a real call instruction (kernel routines, the driver's own functions, pointers)
  LightInline,  // a FORCEINLINE accessor or intrinsic: one to four instructions
  HeavyInline,  // a FORCEINLINE helper with checks or several stores
  Free,         // a macro that produces no code of its own (NT_SUCCESS, UNREFERENCED_PARAMETER)
};

// What the WDK headers make of a call to `callee` (as written).
CallCost call_cost(std::string_view callee);

SizeFeatures size_features(const Function& fn);

// The fitted model: intercept + sum of weight * feature, never below kMinimumCodeBytes.
struct SizeModel {
  double intercept = 0;
  std::array<double, kSizeFeatureCount> weights{};
};
const SizeModel& size_model();

// A function's code is never empty: even `{ }` compiles to a `ret`.
constexpr uint32_t kMinimumCodeBytes = 1;

uint32_t estimate_code_bytes(const SizeFeatures& features, const SizeModel& model = size_model());

// Estimated bytes of the function's own code, without the padding that aligns the next function.
uint32_t estimate_code_bytes(const Function& fn);

// Compilers start each x64 function on a 16-byte boundary (MSVC and gcc alike), padding the gap
// with int3 or nop bytes; a section's size is the sum of its functions rounded up to this.
uint32_t function_alignment_bytes();

// `bytes` rounded up to the function alignment: the space the function takes in its section.
uint32_t aligned_code_bytes(uint32_t bytes);

}  // namespace pagewise
