// What the build of a kernel-mode driver defines for the preprocessor whatever its project says:
// the facts that decide `#if` branches in a kernel unit by default (the user's -D/-U and the
// project's own definitions come after them and win). One row per macro, with its source.
#pragma once

#include <cstdint>
#include <span>

namespace pagewise {

struct KernelBuildMacro {
  enum class State : uint8_t {
    Defined,         // defined, with `value`
    DefinedNoValue,  // defined, its value unknown (decides `defined(X)` and `#ifdef` only)
    Undefined,
  };
  const char* name;
  State state;
  const char* value;  // for Defined
  const char* source;
};

std::span<const KernelBuildMacro> kernel_build_macros();

}  // namespace pagewise
