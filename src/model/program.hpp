// Program: one unit (driver) after link: its files' facts, the final section of every function and
// global, and the name table. Model: the Program plus what inference computed for the rules.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/facts.hpp"
#include "model/unit.hpp"

namespace pagewise {

enum class SectionClass : uint8_t { Resident, Pageable, Init };

// How a function or a global ended up in its section, and the line that put it there.
struct Placement {
  std::string section = ".text";  // the linker default for code; data uses .data/.bss/.rdata
  SectionClass cls = SectionClass::Resident;
  enum class How : uint8_t {
    Default,    // nothing placed it: the linker default (resident)
    AllocText,  // #pragma alloc_text (also NDIS_*_FUNCTION)
    CodeSeg,    // #pragma code_seg state (also __pragma(code_seg) in macros)
    Declspec,   // __declspec(code_seg(...)) on the definition or a declaration
    DataSeg,
    BssSeg,
    ConstSeg,
    Allocate,  // __declspec(allocate(...))
  } how = How::Default;
  int32_t file = -1;        // index into Program::files of the placing text; -1 for Default
  Pos pos;                  // where the placing text is written
  std::string text;         // the pragma or declspec as written
  std::string macro;        // the macro it came through, if any
  int32_t macro_file = -1;  // where that macro is defined; -1 when its meaning is built in
  Pos macro_pos;
  // Left resident on purpose by a `#pragma code_seg()` that closes no pageable region (it follows
  // a push, or nothing pageable was in force) or that is written inside the definition's header
  // (after its annotations): the pragma's file and line. -1 when resident only by default.
  int32_t kept_resident_file = -1;
  Pos kept_resident_pos;
};

struct FunctionId {
  uint32_t file = 0;   // index into Program::files
  uint32_t index = 0;  // index into that file's functions
  bool operator==(const FunctionId& o) const { return file == o.file && index == o.index; }
};

// A global variable: Program::files[file]->data[index].
struct DataId {
  uint32_t file = 0;
  uint32_t index = 0;
};

struct Program {
  const Unit* unit = nullptr;
  std::vector<const FileFacts*> files;
  std::vector<std::vector<Placement>> placement;                     // [file][function]
  std::vector<std::vector<Placement>> data_placement;                // [file][data item]
  std::unordered_map<std::string, std::vector<FunctionId>> by_name;  // qualified name as written
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> macros;  // name → (file, index)
  // The data items that are data, in file order: `DRIVER_DISPATCH Foo;` reads like a global but
  // declares the function Foo, and is left out.
  std::vector<DataId> globals;

  const Function& function(FunctionId id) const { return files[id.file]->functions[id.index]; }
  const Placement& placement_of(FunctionId id) const { return placement[id.file][id.index]; }
  const std::string& path(uint32_t file) const { return files[file]->path; }
  const DataItem& data(DataId id) const { return files[id.file]->data[id.index]; }
  const Placement& placement_of(DataId id) const { return data_placement[id.file][id.index]; }
};

// Pageable = the section name starts with upper-case PAGE; INIT is discarded after init.
SectionClass classify_section(const std::string& section);

}  // namespace pagewise
