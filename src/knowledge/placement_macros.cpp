#include "knowledge/placement_macros.hpp"

namespace pagewise {

namespace {

using M = BuiltinPlacementMacro::Meaning;

constexpr const char* kNdisDoc =
    "https://learn.microsoft.com/windows-hardware/drivers/network/"
    "pageable-and-discardable-code-in-a-protocol-driver";
constexpr const char* kAcxIdiom =
    "microsoft/Windows-driver-samples: audio/Acx/Samples/Common/Private.h (idiom)";
constexpr const char* kUcmIdiom =
    "microsoft/Windows-driver-samples: usb/UcmUcsiAcpiSample/UcmUcsiAcpiSample/ProjectCommon.h "
    "(idiom)";

constexpr BuiltinPlacementMacro kMacros[] = {
    {"PAGED_CODE_SEG", M::Declspec, "PAGE", kAcxIdiom},
    {"INIT_CODE_SEG", M::Declspec, "INIT", kAcxIdiom},
    {"PAGED_CODE_SEG_BEGIN", M::RegionBegin, "PAGE", kUcmIdiom},
    {"PAGED_CODE_SEG_END", M::RegionEnd, "", kUcmIdiom},
    {"INIT_CODE_SEG_BEGIN", M::RegionBegin, "INIT", kUcmIdiom},
    {"INIT_CODE_SEG_END", M::RegionEnd, "", kUcmIdiom},
    {"NDIS_PAGEABLE_FUNCTION", M::AllocText, "PAGE", kNdisDoc},
    {"NDIS_PAGABLE_FUNCTION", M::AllocText, "PAGE", kNdisDoc},
    {"NDIS_INIT_FUNCTION", M::AllocText, "INIT", kNdisDoc},
};

}  // namespace

const BuiltinPlacementMacro* find_builtin_placement_macro(std::string_view name) {
  for (const auto& m : kMacros)
    if (name == m.name) return &m;
  return nullptr;
}

}  // namespace pagewise
