// The model of one generated driver: its identity, its device-context fields, its helpers and the
// files written so far.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gen/text.hpp"

namespace pwgen {

enum class Framework { Wdm, Kmdf };
// How a file puts its pageable functions into the PAGE section (paging-rules.md §1).
enum class Placement { AllocText, CodeSegRegion, SegMacro };
enum class Shape { Status, Void, Bool };

struct Helper {
  std::string name;
  Shape shape = Shape::Status;
  bool paged = false;  // in PAGE: only ever called at PASSIVE_LEVEL
  std::string param;   // the ULONG parameter after the context
};

struct Buffer {
  std::string name;
  std::string size_macro;
  int size = 16;
};

struct OutFile {
  std::string name;
  std::string text;
};

struct Driver {
  std::string dir;
  std::string title;   // "ContosoSerial"
  std::string prefix;  // "CoSer": starts every global name
  std::string up;      // "CO_SER": starts every macro
  Framework fw = Framework::Wdm;
  bool cpp = false;
  bool allman = false;     // control-statement braces on their own line
  bool use_decl = true;    // definitions say _Use_decl_annotations_ rather than repeat SAL
  bool wpp = false;        // KMDF drivers that trace with WPP
  std::string ext;         // ".c" or ".cpp"
  std::string ctx_type;    // CO_SER_DEVICE_EXTENSION
  std::string ctx_ptr;     // PCO_SER_DEVICE_EXTENSION
  std::string ctx_param;   // first parameter of every helper
  std::string ctx_getter;  // KMDF: the WDF_DECLARE_CONTEXT_TYPE accessor
  std::string entry_type, entry_ptr;
  std::string state_type;
  std::vector<std::string> states;
  std::string pool_tag;
  std::string paged_macro, init_macro;
  std::string lock, qlock, wdflock, dpc, timer, event, list, state, last_status;
  std::vector<std::string> counters, flags;
  std::vector<Buffer> buffers;
  std::vector<std::string> ioctls;
  std::vector<Helper> helpers;
  std::set<std::string> names;           // every global name, so none repeats
  std::vector<std::string> decls;        // header declarations, in file order
  std::vector<std::string> class_decls;  // C++ drivers: the class header's classes
  std::vector<OutFile> files;
};

// A global name not used yet in this driver: prefix, `middle`, a noun and a verb.
std::string unique_name(Driver& d, Rng& rng, std::string_view middle);

// Identity, types and fields of one driver.
Driver plan_driver(int index, Rng& rng);

}  // namespace pwgen
