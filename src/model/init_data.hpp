// INIT data that outlives initialization, as analysis/init_data.cpp finds it: INIT is discarded
// when DriverEntry (or the reinitialize routine) returns, so INIT data whose address is kept, or
// that code running later reads, is gone when it is used. The init/used-after-init rule words
// these facts.
#pragma once

#include <cstdint>
#include <string>

#include "model/facts.hpp"
#include "model/program.hpp"

namespace pagewise {

struct InitDataKept {
  enum class How : uint8_t {
    AddressStored,  // its address is stored in a field or a global, which outlive initialization
    ReadLater,      // a function that runs after initialization reads it
  } how = How::AddressStored;
  DataId data;
  FunctionId function;  // where it is stored or read
  Pos pos;
  // AddressStored: the field or global that keeps the address, as written ("ext->Name"), and the
  // routine that stores it there ("RtlInitUnicodeString"; "" for an assignment).
  std::string holder;
  bool holder_is_global = false;  // a global rather than a field
  std::string through;
};

}  // namespace pagewise
