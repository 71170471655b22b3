// The files of a generated driver, one writer each. Each returns the file and records in the
// Driver what the header must declare.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gen/driver.hpp"

namespace pwgen {

// A module of generic helpers: the bulk of each driver.
OutFile module_file(Driver& d, Rng& rng, std::string_view stem);

OutFile wdm_driver_file(Driver& d, Rng& rng);
OutFile wdm_dispatch_file(Driver& d, Rng& rng);
OutFile wdm_pnp_file(Driver& d, Rng& rng);
// The DPCs (and, for WDM, the ISR); both frameworks have one.
OutFile dpc_file(Driver& d, Rng& rng);

OutFile kmdf_driver_file(Driver& d, Rng& rng);
OutFile kmdf_device_file(Driver& d, Rng& rng);
OutFile kmdf_queue_file(Driver& d, Rng& rng);
OutFile kmdf_interrupt_file(Driver& d, Rng& rng);

// A C++ driver's helper classes: declarations in <prefix>objects.h, members in objects.cpp.
OutFile class_file(Driver& d, Rng& rng);

std::string driver_header(const Driver& d, Rng& rng);
std::string objects_header(const Driver& d);
std::string trace_header(const Driver& d, Rng& rng);
std::string vcxproj(const Driver& d, Rng& rng);

size_t count_lines(const std::string& s);

// One whole driver in memory: modules first (they fix the helpers the fixed files call), then
// the framework files, the headers that declare it all, and the project.
Driver build_driver(int index, uint64_t seed);

}  // namespace pwgen
