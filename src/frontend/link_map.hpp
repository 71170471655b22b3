// The MSVC linker map reader (`link /MAP`): each function of the linked driver, its undecorated
// name, the image section it lies in and its exact size in bytes, for `--sizes FILE`
// (docs/sizes-map.md). The map is text; nothing here runs the toolchain or reads the binary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pagewise {

struct MapFunction {
  std::string symbol;  // as in the map: "?Init@CMiniport@@QEAAJXZ", "_DriverEntry@8", "DriverEntry"
  std::string name;    // undecorated, fully qualified: "Ns::CMiniport::Init", "DriverEntry"
  std::string section;  // image section: its group's name up to the first '$' (".text", "PAGE")
  std::string object;  // the map's Lib:Object column: "driver.obj", "BufferOverflowK:gs_cookie.obj"
  uint32_t section_number = 0;  // the map's section number (the NNNN of NNNN:offset)
  uint64_t offset = 0;          // within that section
  uint64_t bytes = 0;  // to the next symbol at a higher offset in the section, or its group's end
  bool is_static = false;  // listed under "Static symbols"
};

struct LinkMap {
  std::string module;  // the map's first line: the image's base name
  bool x86 = false;  // 32-bit addresses: C names carry x86 decoration (`_Foo@8`, `_Foo`, `@Foo@8`)
  std::vector<MapFunction> functions;  // in the map's order: publics, then static symbols
  // Functions of code groups whose decorated names are not undecorated (templates, conversion
  // operators, compiler-generated helpers such as `??_G` deleting destructors): left out of
  // `functions`, their symbols listed here.
  std::vector<std::string> unnamed;
};

// Parses the text of a map file. Returns false, with a one-line message in `error`, when the text
// is not a linker map (it has no "Publics by Value" table). Rows it cannot read are skipped.
bool parse_link_map(std::string_view text, LinkMap& out, std::string& error);

// Reads and parses the map file at `path`. A missing, unreadable, empty, binary or UTF-16 file,
// or one that is not a map, returns false with a message that names the path.
bool read_link_map(const std::string& path, LinkMap& out, std::string& error);

// The name a C++ source would qualify a decorated symbol with: "?Init@CMiniport@Ns@@QEAAJXZ" →
// "Ns::CMiniport::Init", "??1CQueue@@UEAA@XZ" → "CQueue::~CQueue", "??2@YAPEAX_K@Z" →
// "operator new". C names lose their decoration: "_Foo@8", "_Foo" (when x86), "@Foo@8", "Foo@@16"
// → "Foo". Returns "" for what it does not undecorate (see LinkMap::unnamed).
std::string undecorate_symbol(std::string_view symbol, bool x86);

}  // namespace pagewise
