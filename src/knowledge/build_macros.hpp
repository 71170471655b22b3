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

// A macro whose value the chosen configuration decides: one value in a debug configuration, another
// in a release one.
struct ConfigurationMacro {
  const char* name;
  const char* debug_value;
  const char* release_value;
  const char* source;
};

std::span<const ConfigurationMacro> configuration_macros();

}  // namespace pagewise
