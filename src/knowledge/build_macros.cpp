#include "knowledge/build_macros.hpp"

#include <array>

namespace pagewise {

namespace {

using S = KernelBuildMacro::State;

constexpr const char* kDriverModelSettings =
    "https://learn.microsoft.com/en-us/windows-hardware/drivers/develop/"
    "driver-model-settings-properties-for-driver-projects";

constexpr std::array<KernelBuildMacro, 3> kRows = {{
    // "When the compiler is passed the /kernel switch, it predefines a preprocessor macro that's
    // named _KERNEL_MODE and has the value 1."
    {"_KERNEL_MODE", S::Defined, "1",
     "https://learn.microsoft.com/en-us/cpp/build/reference/kernel-create-kernel-mode-binary"},
    // The KMDF version of a kernel-mode driver project (the Driver Model Settings property page);
    // its number depends on the project, so only whether it is defined is known.
    {"KMDF_VERSION_MAJOR", S::DefinedNoValue, "", kDriverModelSettings},
    // UMDF Version Major is a setting of user-mode (UMDF) driver projects only.
    {"UMDF_VERSION_MAJOR", S::Undefined, "", kDriverModelSettings},
}};

// "The configuration you choose sets the DBG preprocessor constant": 1 in a debug (checked)
// configuration, 0 in a release (free) one.
constexpr std::array<ConfigurationMacro, 1> kConfigurationRows = {{
    {"DBG", "1", "0",
     "https://learn.microsoft.com/en-us/windows-hardware/drivers/devtest/"
     "conditional-compilation-and-the-build-environment"},
}};

}  // namespace

std::span<const KernelBuildMacro> kernel_build_macros() { return kRows; }

std::span<const ConfigurationMacro> configuration_macros() { return kConfigurationRows; }

}  // namespace pagewise
