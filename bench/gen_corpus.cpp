// pagewise-gen-corpus: writes a deterministic synthetic corpus of Windows kernel driver sources
// for the benchmark. Real driver trees cannot be committed and differ from machine to machine; a
// generated corpus gives every run the same input of a chosen size.
//
// usage: pagewise-gen-corpus OUT_DIR [--lines N] [--seed S]
//
// Each driver is a folder with a .vcxproj naming its sources, a shared header and several .c or
// .cpp files, shaped like WDM and KMDF samples: SAL annotations, paged sections placed in all the
// usual ways, spin locks, DPCs, dispatch routines, KMDF callback structs, C++ classes. Names,
// counts and nesting are drawn from a seeded generator, so no two functions are alike (the parser
// cannot reuse work between them) yet the same seed always writes the same bytes.

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ---- text helpers ------------------------------------------------------------------------------

void append_one(std::string& s, std::string_view v) { s += v; }
template <std::integral I>
void append_one(std::string& s, I v) {
  s += std::to_string(v);
}
template <typename... A>
std::string cat(const A&... a) {
  std::string s;
  (append_one(s, a), ...);
  return s;
}

std::string hex(unsigned v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%X", v);
  return buf;
}

std::string upper(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    // CamelCase → CAMEL_CASE, the way driver headers spell their macros.
    if (i > 0 && c >= 'A' && c <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z') out += '_';
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ---- deterministic randomness ------------------------------------------------------------------

// splitmix64: tiny and the same on every platform and standard library, unlike the std
// distributions, so a seed names one corpus everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for a corpus; n > 0.
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1)));
  }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  template <typename C>
  const auto& pick(const C& c) {
    return c[below(std::size(c))];
  }

 private:
  uint64_t state_;
};

// Draws `n` distinct entries of a word list, in a random order.
template <typename C>
std::vector<std::string> pick_distinct(Rng& rng, const C& words, size_t n) {
  std::vector<std::string> all(std::begin(words), std::end(words));
  n = std::min(n, all.size());
  for (size_t i = 0; i < n; ++i) std::swap(all[i], all[i + rng.below(all.size() - i)]);
  all.resize(n);
  return all;
}

// ---- vocabulary --------------------------------------------------------------------------------

constexpr std::string_view kCompanies[] = {
    "Contoso",    "Fabrikam",     "Northwind", "Tailspin", "Woodgrove", "Litware", "Adatum",
    "Proseware",  "Wingtip",      "Lucerne",   "Coho",     "Alpine",    "Trey",    "Humongous",
    "Margie",     "Datum",        "Relecloud", "Wide",     "Blue",      "Fourth",  "Graphic",
    "Southridge", "Consolidated", "Lamna",     "Tasmanian"};
constexpr std::string_view kDeviceKinds[] = {
    "Serial", "Usb",     "Pci",       "Nvme",    "Audio",   "Sensor",  "Gpio",   "I2c",
    "Spi",    "Hid",     "Net",       "Disk",    "Storage", "Filter",  "Bus",    "Camera",
    "Touch",  "Battery", "Thermal",   "Fan",     "Uart",    "Dma",     "Crypto", "Led",
    "Modem",  "Wlan",    "Smartcard", "Scanner", "Tpm",     "Keyboard"};
constexpr std::string_view kNouns[] = {
    "Queue",    "Buffer",     "Request",   "Packet", "Ring",     "Channel",     "Port",
    "Endpoint", "Register",   "Interrupt", "Timer",  "Context",  "Config",      "Table",
    "Entry",    "Descriptor", "Frame",     "Stream", "Session",  "Pipe",        "Block",
    "Sector",   "Page",       "Slot",      "Event",  "Counter",  "Stats",       "State",
    "Power",    "Resource",   "Adapter",   "Target", "Transfer", "Mailbox",     "Doorbell",
    "Fifo",     "Window",     "Lane",      "Link",   "Firmware", "Calibration", "Sample",
    "Command",  "Response",   "Capability"};
constexpr std::string_view kVerbs[] = {
    "Initialize", "Start",  "Stop",    "Reset",   "Process", "Handle",    "Complete", "Cancel",
    "Flush",      "Read",   "Write",   "Update",  "Query",   "Set",       "Get",      "Validate",
    "Allocate",   "Free",   "Release", "Submit",  "Prepare", "Configure", "Enable",   "Disable",
    "Copy",       "Map",    "Unmap",   "Track",   "Notify",  "Poll",      "Drain",    "Insert",
    "Remove",     "Lookup", "Load",    "Save",    "Refresh", "Arm",       "Disarm",   "Program",
    "Decode",     "Encode", "Check",   "Recover", "Retire",  "Schedule"};
constexpr std::string_view kCounterFields[] = {
    "ReadCount",  "WriteCount",       "OutstandingIo",  "PendingCount", "ErrorCount",
    "RetryCount", "BytesTransferred", "InterruptCount", "DpcCount",     "QueueDepth",
    "PeakDepth",  "ResetCount",       "TimeoutCount",   "DroppedCount", "SequenceNumber",
    "Generation", "ActiveRequests",   "CompletedCount", "OverrunCount", "WakeCount"};
constexpr std::string_view kFlagFields[] = {
    "Started",      "Stopping",  "Removed",       "SurpriseRemoved", "InterruptEnabled",
    "Paused",       "PowerDown", "HardwareReady", "Initialized",     "ResetPending",
    "ArmedForWake", "Draining",  "Throttled"};
constexpr std::string_view kBufferFields[] = {
    "Scratch",     "RegisterShadow", "History",     "TxBuffer", "RxBuffer",
    "ConfigSpace", "Mailbox",        "Descriptors", "EventLog", "Staging"};
constexpr std::string_view kLockFields[] = {"Lock", "SpinLock", "DeviceLock", "StateLock"};
constexpr std::string_view kQueuedLockFields[] = {"QueueLock", "ListLock", "RequestLock"};
constexpr std::string_view kWdfLockFields[] = {"WdfLock", "HistoryLock", "RequestSpinLock"};
constexpr std::string_view kDpcFields[] = {"Dpc", "CompletionDpc", "WorkDpc"};
constexpr std::string_view kTimerFields[] = {"Timer", "WatchdogTimer", "PollTimer"};
constexpr std::string_view kEventFields[] = {"StopEvent", "RemoveEvent", "IdleEvent", "ReadyEvent"};
constexpr std::string_view kListFields[] = {"PendingList", "RequestList", "CompletionList",
                                            "WorkList"};
constexpr std::string_view kStateNames[] = {"Idle",     "Starting", "Running", "Paused",
                                            "Stopping", "Stopped",  "Failed",  "Removed"};
constexpr std::string_view kIoctlNames[] = {
    "GET_STATS",    "RESET",         "SET_CONFIG",    "GET_CONFIG",     "START_CAPTURE",
    "STOP_CAPTURE", "QUERY_VERSION", "READ_REGISTER", "WRITE_REGISTER", "FLUSH",
    "SET_MODE",     "GET_STATE",     "ARM_WAKE",      "CLEAR_ERRORS"};
constexpr std::string_view kParamNames[] = {"Count",   "Length", "Index", "Flags", "Value",
                                            "Timeout", "Slot",   "Size",  "Mask",  "Offset"};
constexpr std::string_view kComments[] = {
    "The hardware latches the value on the next clock edge.",
    "Keep the counters consistent with what the DPC sees.",
    "A surprise removal may race with this path.",
    "Do not touch the registers once the device has left D0.",
    "Requests are completed outside the lock.",
    "The firmware expects the doorbell to be rung last.",
    "Retry a bounded number of times; the controller may be busy.",
    "This mirrors the sequence in the hardware specification.",
    "Only the low bits are meaningful here.",
    "Callers hold a reference on the device."};

// ---- the code writer ---------------------------------------------------------------------------

// Text with an indentation level and a line count (the corpus size is measured in lines).
class Code {
 public:
  explicit Code(int indent = 0) : indent_(indent) {}
  void line(std::string_view s) {
    if (!s.empty()) text_.append(static_cast<size_t>(indent_) * 4, ' ');
    text_ += s;
    text_ += '\n';
    ++lines_;
  }
  void blank() { line(""); }
  void in() { ++indent_; }
  void out() { --indent_; }
  // Lines that keep their own indentation: preprocessor directives, labels.
  void flush_left(std::string_view s) {
    text_ += s;
    text_ += '\n';
    ++lines_;
  }
  void append(const Code& other) {
    text_ += other.text_;
    lines_ += other.lines_;
  }
  int indent() const { return indent_; }
  size_t lines() const { return lines_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int indent_ = 0;
  size_t lines_ = 0;
};

// ---- the driver model --------------------------------------------------------------------------

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

std::string unique_name(Driver& d, Rng& rng, std::string_view middle) {
  for (int tries = 0;; ++tries) {
    std::string n = cat(d.prefix, middle, rng.pick(kNouns), rng.pick(kVerbs));
    if (tries > 20) n += std::to_string(d.names.size());
    if (d.names.insert(n).second) return n;
  }
}

// Identity, types and fields of one driver.
Driver plan_driver(int index, Rng& rng) {
  Driver d;
  std::string company(rng.pick(kCompanies));
  std::string kind(rng.pick(kDeviceKinds));
  d.title = company + kind;
  d.prefix = company.substr(0, 2) + kind.substr(0, std::min<size_t>(3, kind.size()));
  d.prefix[2] = static_cast<char>(d.prefix[2] >= 'a' ? d.prefix[2] - 'a' + 'A' : d.prefix[2]);
  d.up =
      upper(company.substr(0, 2)) + "_" + upper(kind.substr(0, std::min<size_t>(3, kind.size())));
  char dirname[96];
  std::snprintf(dirname, sizeof dirname, "%04d-%s", index, lower(d.title).c_str());
  d.dir = dirname;
  d.fw = rng.chance(50) ? Framework::Kmdf : Framework::Wdm;
  d.cpp = rng.chance(35);
  d.ext = d.cpp ? ".cpp" : ".c";
  d.allman = rng.chance(30);
  d.use_decl = rng.chance(70);
  d.wpp = d.fw == Framework::Kmdf && rng.chance(50);
  d.ctx_type = d.up + (d.fw == Framework::Kmdf ? "_DEVICE_CONTEXT" : "_DEVICE_EXTENSION");
  d.ctx_ptr = "P" + d.ctx_type;
  d.ctx_param =
      rng.pick(std::array<std::string_view, 4>{"DeviceContext", "DevExt", "Context", "Extension"});
  d.ctx_getter = d.prefix + "GetDeviceContext";
  std::string entry_noun(rng.pick(
      std::array<std::string_view, 5>{"Request", "Packet", "Transfer", "WorkItem", "Command"}));
  d.entry_type = d.up + "_" + upper(entry_noun);
  d.entry_ptr = "P" + d.entry_type;
  d.state_type = d.up + "_STATE";
  for (const std::string& s : pick_distinct(rng, kStateNames, static_cast<size_t>(rng.range(3, 6))))
    d.states.push_back(d.up + "_STATE_" + upper(s));
  d.pool_tag = d.up + "_POOL_TAG";
  static constexpr std::array<std::string_view, 3> kPaged = {"PAGED_CODE_SEG", "_PAGED",
                                                             "_PAGEABLE"};
  static constexpr std::array<std::string_view, 3> kInit = {"INIT_CODE_SEG", "_INIT", "_INITCODE"};
  size_t style = rng.below(3);
  d.paged_macro = style == 0 ? std::string(kPaged[0]) : d.up + std::string(kPaged[style]);
  d.init_macro = style == 0 ? std::string(kInit[0]) : d.up + std::string(kInit[style]);
  d.lock = rng.pick(kLockFields);
  d.qlock = rng.pick(kQueuedLockFields);
  d.wdflock = rng.pick(kWdfLockFields);
  d.dpc = rng.pick(kDpcFields);
  d.timer = rng.pick(kTimerFields);
  d.event = rng.pick(kEventFields);
  d.list = rng.pick(kListFields);
  d.state = rng.chance(50) ? "State" : "DeviceState";
  d.last_status = rng.chance(50) ? "LastStatus" : "LastError";
  d.counters = pick_distinct(rng, kCounterFields, static_cast<size_t>(rng.range(4, 9)));
  d.flags = pick_distinct(rng, kFlagFields, static_cast<size_t>(rng.range(3, 6)));
  for (const std::string& b :
       pick_distinct(rng, kBufferFields, static_cast<size_t>(rng.range(2, 4))))
    d.buffers.push_back({b, d.up + "_" + upper(b) + "_SIZE", 8 << rng.range(0, 5)});
  for (const std::string& s : pick_distinct(rng, kIoctlNames, static_cast<size_t>(rng.range(3, 8))))
    d.ioctls.push_back("IOCTL_" + d.up + "_" + s);
  d.names.insert("DriverEntry");
  return d;
}

// ---- function bodies ---------------------------------------------------------------------------

enum class Bail { Goto, Return, Record };

// What a body may do where it is being written, and which locals it ended up using (the function
// declares exactly those, as a real one would).
struct Body {
  const Driver* d = nullptr;
  Rng* rng = nullptr;
  std::string ctx;        // expression for the device context pointer
  std::string arg;        // a ULONG the body may read
  bool paged = false;     // pageable: stays at PASSIVE_LEVEL, takes no spin lock
  bool dispatch = false;  // runs at DISPATCH_LEVEL here
  size_t callable = 0;    // helpers [0, callable) may be called: no recursion
  Shape ret = Shape::Void;
  Bail bail = Bail::Record;
  std::string self_lock;  // C++ methods lock their own member
  int loop_depth = 0;
  int lock_depth = 0;
  bool used_goto = false;  // the Exit label is written only when something jumps to it
  bool uses_status = false, uses_index = false, uses_old_irql = false, uses_lock_handle = false,
       uses_entry = false, uses_link = false, uses_buffer = false, uses_interval = false;
};

std::string field(const Body& b, std::string_view name) { return cat(b.ctx, "->", name); }

std::string counter(Body& b) { return field(b, b.rng->pick(b.d->counters)); }
std::string flag(Body& b) { return field(b, b.rng->pick(b.d->flags)); }
const Buffer& buffer(Body& b) { return b.rng->pick(b.d->buffers); }

std::string value_expr(Body& b) {
  Rng& r = *b.rng;
  switch (r.below(b.loop_depth > 0 ? 8 : 6)) {
    case 0:
      return b.arg;
    case 1:
      return std::to_string(r.range(1, 64));
    case 2:
      return cat(b.arg, " + ", r.range(1, 16));
    case 3:
      return cat("(", b.arg, " & ", hex(static_cast<unsigned>(r.range(1, 255))), ")");
    case 4:
      return counter(b);
    case 5:
      return cat("sizeof(", b.d->entry_type, ")");
    default:
      b.uses_index = true;
      return cat("index * ", r.range(2, 8));
  }
}

std::string condition(Body& b) {
  Rng& r = *b.rng;
  switch (r.below(9)) {
    case 0:
      return cat(b.arg, " > ", r.range(0, 128));
    case 1:
      return flag(b);
    case 2:
      return cat("!", flag(b));
    case 3:
      return cat("(", b.arg, " & ", hex(1u << r.range(0, 15)), ") != 0");
    case 4:
      return cat(field(b, b.d->state), " == ", r.pick(b.d->states));
    case 5:
      return cat(counter(b), " >= ", r.range(2, 1000));
    case 6:
      b.uses_status = true;
      return "!NT_SUCCESS(status)";
    case 7:
      return cat("IsListEmpty(&", field(b, b.d->list), ")");
    default: {
      const Buffer& buf = buffer(b);
      return cat(b.arg, " < ", buf.size_macro, " && ", field(b, buf.name), "[", b.arg, "] != 0");
    }
  }
}

void open_block(Code& c, const Body& b, std::string_view head) {
  if (b.d->allman) {
    c.line(head);
    c.line("{");
  } else {
    c.line(cat(head, " {"));
  }
  c.in();
}
void close_block(Code& c) {
  c.out();
  c.line("}");
}
void else_block(Code& c, const Body& b, std::string_view head) {
  c.out();
  if (b.d->allman) {
    c.line("}");
    c.line(head);
    c.line("{");
  } else {
    c.line(cat("} ", head, " {"));
  }
  c.in();
}

// Leaves the function on a failure, the way this function does it. Under a lock nobody leaves.
void emit_bail(Code& c, Body& b) {
  if (b.lock_depth > 0 || b.bail == Bail::Record) {
    b.uses_status = true;
    c.line(cat(field(b, b.d->last_status), " = status;"));
  } else if (b.bail == Bail::Goto) {
    b.used_goto = true;
    c.line("goto Exit;");
  } else if (b.ret == Shape::Status) {
    c.line("return status;");
  } else if (b.ret == Shape::Bool) {
    c.line("return FALSE;");
  } else {
    c.line("return;");
  }
}

void emit_trace(Code& c, Body& b) {
  Rng& r = *b.rng;
  if (b.d->wpp) {
    c.line(cat("TraceEvents(TRACE_LEVEL_", r.chance(70) ? "INFORMATION" : "ERROR", ", TRACE_",
               upper(r.pick(kNouns)), ", \"%!FUNC! ", lower(r.pick(kNouns)), " %u\", ", b.arg,
               ");"));
  } else if (r.chance(50)) {
    c.line(cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_", r.chance(70) ? "INFO" : "ERROR",
               "_LEVEL, \"", b.d->title, ": %s ", lower(r.pick(kNouns)), "=%u\\n\", __FUNCTION__, ",
               b.arg, "));"));
  } else {
    c.line(cat("DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, \"", b.d->prefix, " ",
               lower(r.pick(kVerbs)), " %u\\n\", ", b.arg, ");"));
  }
}

void emit_simple(Code& c, Body& b) {
  Rng& r = *b.rng;
  switch (r.below(11)) {
    case 0:
      c.line(cat(counter(b), " += ", value_expr(b), ";"));
      break;
    case 1:
      c.line(cat(flag(b), " = ", r.chance(50) ? "TRUE" : "FALSE", ";"));
      break;
    case 2:
      c.line(cat(field(b, b.d->state), " = ", r.pick(b.d->states), ";"));
      break;
    case 3: {
      const Buffer& buf = buffer(b);
      c.line(cat(field(b, buf.name), "[", b.arg, " % ", buf.size_macro, "] = (UCHAR)(",
                 value_expr(b), ");"));
      break;
    }
    case 4: {
      const Buffer& buf = buffer(b);
      c.line(cat("RtlZeroMemory(", field(b, buf.name), ", sizeof(", field(b, buf.name), "));"));
      break;
    }
    case 5:
      c.line(cat("InterlockedIncrement(&", counter(b), ");"));
      break;
    case 6:
      c.line(cat("InterlockedExchange(&", counter(b), ", ", value_expr(b), ");"));
      break;
    case 7:
      c.line(cat("NT_ASSERT(", counter(b), " >= 0);"));
      break;
    case 8:
      c.line(cat("// ", r.pick(kComments)));
      break;
    case 9: {
      const Buffer& a = buffer(b);
      const Buffer& z = buffer(b);
      c.line(cat("RtlCopyMemory(", field(b, a.name), ", ", field(b, z.name), ", min(", a.size_macro,
                 ", ", z.size_macro, "));"));
      break;
    }
    default:
      emit_trace(c, b);
      break;
  }
}

void emit_statement(Code& c, Body& b, int depth);

void emit_block(Code& c, Body& b, int depth, int count) {
  for (int i = 0; i < count; ++i) emit_statement(c, b, depth);
}

// A call to an earlier helper that may run here: none that is pageable at DISPATCH_LEVEL.
bool emit_call(Code& c, Body& b, int depth) {
  if (b.callable == 0) return false;
  Rng& r = *b.rng;
  const Helper* h = nullptr;
  for (int tries = 0; tries < 4 && !h; ++tries) {
    const Helper& cand = b.d->helpers[r.below(b.callable)];
    // Resident code may be reached at DISPATCH_LEVEL, so only pageable code calls pageable
    // helpers, and never under a lock: the corpus is a correct driver, not a list of bugs.
    bool allowed = !cand.paged || (b.paged && b.lock_depth == 0);
    if (allowed) h = &cand;
  }
  if (!h) return false;
  std::string args = cat(b.ctx, ", ", value_expr(b));
  if (h->shape == Shape::Void) {
    c.line(cat(h->name, "(", args, ");"));
  } else if (h->shape == Shape::Bool) {
    open_block(c, b, cat("if (", r.chance(50) ? "" : "!", h->name, "(", args, "))"));
    emit_block(c, b, depth + 1, r.range(1, 2));
    close_block(c);
  } else {
    b.uses_status = true;
    c.line(cat("status = ", h->name, "(", args, ");"));
    open_block(c, b, "if (!NT_SUCCESS(status))");
    if (r.chance(40)) emit_trace(c, b);
    emit_bail(c, b);
    close_block(c);
  }
  return true;
}

void emit_if(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  open_block(c, b, cat("if (", condition(b), ")"));
  emit_block(c, b, depth + 1, r.range(1, 3));
  if (b.loop_depth > 0 && r.chance(15)) c.line(r.chance(50) ? "break;" : "continue;");
  int elses = r.chance(45) ? r.range(1, 3) : 0;
  for (int i = 0; i < elses; ++i) {
    bool last = i + 1 == elses && r.chance(60);
    else_block(c, b, last ? "else" : cat("else if (", condition(b), ")"));
    emit_block(c, b, depth + 1, r.range(1, 3));
    if (last) break;
  }
  close_block(c);
}

void emit_loop(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  b.uses_index = true;
  ++b.loop_depth;
  switch (r.below(3)) {
    case 0: {
      const Buffer& buf = buffer(b);
      open_block(
          c, b,
          cat("for (index = 0; index < ", r.chance(50) ? buf.size_macro : b.arg, "; index++)"));
      emit_block(c, b, depth + 1, r.range(1, 4));
      close_block(c);
      break;
    }
    case 1:
      c.line(cat("index = ", r.range(2, 32), ";"));
      open_block(c, b, cat("while (index > 0 && ", condition(b), ")"));
      emit_block(c, b, depth + 1, r.range(1, 3));
      c.line("index--;");
      close_block(c);
      break;
    default:
      c.line(cat("index = ", b.arg, ";"));
      c.line("do {");
      c.in();
      emit_block(c, b, depth + 1, r.range(1, 3));
      c.out();
      c.line(cat("} while (index-- > ", r.range(0, 4), ");"));
      break;
  }
  --b.loop_depth;
}

void emit_switch(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  bool on_state = r.chance(40);
  int cases = r.range(2, on_state ? static_cast<int>(b.d->states.size()) : 6);
  open_block(c, b,
             on_state ? cat("switch (", field(b, b.d->state), ")")
                      : cat("switch (", b.arg, " & ", hex(7), ")"));
  // Case labels sit one level in from the switch, as the WDK samples indent them.
  for (int i = 0; i < cases; ++i) {
    c.line(cat("case ", on_state ? b.d->states[static_cast<size_t>(i)] : std::to_string(i), ":"));
    c.in();
    emit_block(c, b, depth + 1, r.range(1, 3));
    c.line("break;");
    c.out();
  }
  c.line("default:");
  c.in();
  if (r.chance(50)) emit_simple(c, b);
  c.line("break;");
  c.out();
  close_block(c);
}

void emit_list_op(Code& c, Body& b) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  if (r.chance(50)) {
    b.uses_entry = true;
    c.line(cat("entry = (", d.entry_ptr, ")ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(",
               d.entry_type, "), ", d.pool_tag, ");"));
    open_block(c, b, "if (entry != NULL)");
    c.line(cat("entry->Id = ", value_expr(b), ";"));
    c.line(cat("entry->Length = ", b.arg, ";"));
    c.line(cat("InsertTailList(&", field(b, d.list), ", &entry->Link);"));
    close_block(c);
  } else {
    b.uses_entry = b.uses_link = true;
    open_block(c, b,
               cat(r.chance(50) ? "if" : "while", " (!IsListEmpty(&", field(b, d.list), "))"));
    c.line(cat("link = RemoveHeadList(&", field(b, d.list), ");"));
    c.line(cat("entry = CONTAINING_RECORD(link, ", d.entry_type, ", Link);"));
    c.line(cat(counter(b), " -= 1;"));
    c.line(cat("ExFreePoolWithTag(entry, ", d.pool_tag, ");"));
    close_block(c);
  }
}

// A spin-lock region: raises to DISPATCH_LEVEL, so what runs inside must be resident.
void emit_lock_region(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  std::string acquire, release;
  size_t kind = r.below(d.fw == Framework::Kmdf ? 4 : 3);
  if (!b.self_lock.empty() && kind == 3) kind = 0;
  std::string lock = b.self_lock.empty() ? cat("&", field(b, d.lock)) : cat("&", b.self_lock);
  if (kind == 0 && b.dispatch) {
    acquire = cat("KeAcquireSpinLockAtDpcLevel(", lock, ");");
    release = cat("KeReleaseSpinLockFromDpcLevel(", lock, ");");
  } else if (kind == 0 || kind == 1) {
    b.uses_old_irql = true;
    acquire = cat("KeAcquireSpinLock(", lock, ", &oldIrql);");
    release = cat("KeReleaseSpinLock(", lock, ", oldIrql);");
  } else if (kind == 2) {
    b.uses_lock_handle = true;
    std::string suffix = b.dispatch ? "AtDpcLevel" : "";
    acquire =
        cat("KeAcquireInStackQueuedSpinLock", suffix, "(&", field(b, d.qlock), ", &lockHandle);");
    release =
        cat("KeReleaseInStackQueuedSpinLock", b.dispatch ? "FromDpcLevel" : "", "(&lockHandle);");
  } else {
    acquire = cat("WdfSpinLockAcquire(", field(b, d.wdflock), ");");
    release = cat("WdfSpinLockRelease(", field(b, d.wdflock), ");");
  }
  c.line(acquire);
  ++b.lock_depth;
  int n = r.range(1, 4);
  for (int i = 0; i < n; ++i) {
    size_t what = r.below(10);
    if (what < 3)
      emit_list_op(c, b);
    else if (what < 5 && depth < 3)
      emit_if(c, b, depth + 1);
    else if (what < 6)
      emit_call(c, b, depth + 1);
    else
      emit_simple(c, b);
  }
  --b.lock_depth;
  c.line(release);
}

// PASSIVE_LEVEL work that only pageable code does: waiting, paged pool, delays.
void emit_passive_op(Code& c, Body& b) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  switch (r.below(3)) {
    case 0:
      b.uses_status = true;
      c.line(cat("status = KeWaitForSingleObject(&", field(b, d.event),
                 ", Executive, KernelMode, FALSE, NULL);"));
      break;
    case 1:
      b.uses_buffer = true;
      c.line(cat("buffer = ExAllocatePool2(POOL_FLAG_PAGED, ", value_expr(b), " * sizeof(ULONG), ",
                 d.pool_tag, ");"));
      open_block(c, b, "if (buffer == NULL)");
      b.uses_status = true;
      c.line("status = STATUS_INSUFFICIENT_RESOURCES;");
      emit_bail(c, b);
      close_block(c);
      c.line(cat("RtlFillMemory(buffer, ", b.arg, " * sizeof(ULONG), ",
                 hex(static_cast<unsigned>(r.range(0, 255))), ");"));
      c.line(cat("ExFreePoolWithTag(buffer, ", d.pool_tag, ");"));
      break;
    default:
      b.uses_interval = true;
      c.line(cat("interval.QuadPart = -10 * 1000 * (LONGLONG)", r.range(1, 50), ";"));
      c.line("KeDelayExecutionThread(KernelMode, FALSE, &interval);");
      break;
  }
}

// Work done from resident code: kick the DPC, arm the timer, signal the event.
void emit_resident_op(Code& c, Body& b) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  switch (r.below(3)) {
    case 0:
      c.line(cat("KeInsertQueueDpc(&", field(b, d.dpc), ", NULL, NULL);"));
      break;
    case 1:
      b.uses_interval = true;
      c.line(cat("interval.QuadPart = -10 * 1000 * (LONGLONG)", r.range(1, 100), ";"));
      c.line(cat("KeSetTimer(&", field(b, d.timer), ", interval, &", field(b, d.dpc), ");"));
      break;
    default:
      c.line(cat("KeSetEvent(&", field(b, d.event), ", IO_NO_INCREMENT, FALSE);"));
      break;
  }
}

void emit_statement(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  // Deeper blocks lean to simple statements, which keeps nesting at the depth of real code.
  size_t roll = r.below(100);
  if (depth >= 4) roll = roll % 40;
  if (roll < 34) return emit_simple(c, b);
  if (roll < 38) {
    if (b.lock_depth == 0 && b.loop_depth == 0 && r.chance(30)) c.blank();
    return emit_simple(c, b);
  }
  if (roll < 56) {
    if (!emit_call(c, b, depth)) emit_simple(c, b);
    return;
  }
  if (roll < 70) return emit_if(c, b, depth);
  if (roll < 78) return depth < 3 ? emit_loop(c, b, depth) : emit_simple(c, b);
  if (roll < 83) return depth < 3 ? emit_switch(c, b, depth) : emit_simple(c, b);
  if (roll < 90) {
    if (!b.paged && b.lock_depth == 0 && depth < 3) return emit_lock_region(c, b, depth);
    return emit_simple(c, b);
  }
  if (roll < 94) return b.paged ? emit_passive_op(c, b) : emit_resident_op(c, b);
  emit_list_op(c, b);
}

// The locals a body used, declared at the top of the function.
void declare_locals(Code& c, const Body& b, bool status_declared) {
  const Driver& d = *b.d;
  if (b.uses_status && !status_declared) c.line("NTSTATUS status = STATUS_SUCCESS;");
  if (b.uses_index) c.line("ULONG index;");
  if (b.uses_old_irql) c.line("KIRQL oldIrql;");
  if (b.uses_lock_handle) c.line("KLOCK_QUEUE_HANDLE lockHandle;");
  if (b.uses_entry) c.line(cat(d.entry_ptr, " entry;"));
  if (b.uses_link) c.line("PLIST_ENTRY link;");
  if (b.uses_buffer) c.line("PVOID buffer;");
  if (b.uses_interval) c.line("LARGE_INTEGER interval;");
}

// ---- functions ---------------------------------------------------------------------------------

struct Param {
  std::string sal, type, name;
};

struct Signature {
  std::vector<std::string> annotations;  // _IRQL_requires_max_(...) and the like
  std::string ret, name;
  std::vector<Param> params;
  std::string qualifier;  // "Class::" for an out-of-line member
  bool is_const = false;
};

std::string param_list_line(const std::vector<Param>& ps, bool sal) {
  std::string s;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (i) s += ", ";
    if (sal && !ps[i].sal.empty()) s += ps[i].sal + " ";
    s += ps[i].type + " " + ps[i].name;
  }
  return ps.empty() ? "VOID" : s;
}

// The Windows layout: return type, then name, then one parameter a line, then `)`.
void emit_signature(Code& c, const Signature& s, bool sal, std::string_view end) {
  c.line(s.ret);
  if (s.params.empty()) {
    c.line(cat(s.qualifier, s.name, "(VOID)", s.is_const ? " const" : "", end));
    return;
  }
  c.line(cat(s.qualifier, s.name, "("));
  c.in();
  for (size_t i = 0; i < s.params.size(); ++i) {
    const Param& p = s.params[i];
    c.line(cat(sal && !p.sal.empty() ? p.sal + " " : "", p.type, " ", p.name,
               i + 1 < s.params.size() ? "," : ""));
  }
  c.line(cat(")", s.is_const ? " const" : "", end));
  c.out();
}

std::string prototype(const Signature& s) {
  Code c;
  for (const std::string& a : s.annotations) c.line(a);
  emit_signature(c, s, true, ";");
  return c.text();
}

// A whole definition: placement line, signature, locals, the body written beforehand, then the
// Exit label when the body jumps to it.
void emit_definition(Code& out, bool use_decl, Rng& rng, const Signature& s,
                     std::string_view placement, const std::vector<std::string>& fixed_locals,
                     const Body& b, const Code& inner, const Code& tail) {
  if (!placement.empty()) out.line(placement);
  bool compact = !use_decl && rng.chance(25);
  if (compact) {
    for (const std::string& a : s.annotations) out.line(a);
    out.line(cat(s.ret, " ", s.qualifier, s.name, "(", param_list_line(s.params, true), ")",
                 s.is_const ? " const" : ""));
  } else if (use_decl && s.qualifier.empty()) {
    out.line("_Use_decl_annotations_");
    emit_signature(out, s, false, "");
  } else {
    for (const std::string& a : s.annotations) out.line(a);
    emit_signature(out, s, true, "");
  }
  out.line("{");
  Code body(1);
  for (const std::string& l : fixed_locals) body.line(l);
  bool status_declared =
      std::any_of(fixed_locals.begin(), fixed_locals.end(),
                  [](const std::string& l) { return l.rfind("NTSTATUS status", 0) == 0; });
  declare_locals(body, b, status_declared);
  if (body.lines() > 0) body.blank();
  out.append(body);
  out.append(inner);
  out.append(tail);
  out.line("}");
  out.blank();
}

Body make_body(const Driver& d, Rng& rng, std::string ctx, std::string arg, bool paged,
               bool dispatch) {
  Body b;
  b.d = &d;
  b.rng = &rng;
  b.ctx = std::move(ctx);
  b.arg = std::move(arg);
  b.paged = paged;
  b.dispatch = dispatch;
  b.callable = d.helpers.size();
  return b;
}

std::string placement_line(const Driver& d, Placement p, bool paged) {
  return p == Placement::SegMacro && paged ? d.paged_macro : "";
}

std::string ret_type(Shape s) {
  return s == Shape::Status ? "NTSTATUS" : s == Shape::Bool ? "BOOLEAN" : "VOID";
}

// The closing of a body: the Exit label and what follows it, then the return.
Code body_tail(const Body& b, Rng& rng) {
  Code t(1);
  bool label = b.bail == Bail::Goto && b.used_goto;
  if (label) {
    t.blank();
    t.flush_left("Exit:");
    if (rng.chance(50))
      t.line(
          cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, \"%s: 0x%08X\\n\", "
              "__FUNCTION__, status));"));
    else
      t.line(cat(field(b, b.d->last_status), " = status;"));
  }
  if (b.ret == Shape::Status) {
    if (!label) t.blank();
    t.line("return status;");
  } else if (b.ret == Shape::Bool) {
    t.blank();
    t.line(cat("return ", rng.chance(50) ? cat(b.arg, " != 0") : std::string("TRUE"), ";"));
  }
  return t;
}

// One generic helper, defined in a module file and declared in the header.
void emit_helper(Code& out, Driver& d, Rng& rng, const Helper& h, size_t index,
                 Placement placement) {
  Signature s;
  s.annotations.push_back(h.paged ? "_IRQL_requires_max_(PASSIVE_LEVEL)"
                                  : "_IRQL_requires_max_(DISPATCH_LEVEL)");
  if (h.shape == Shape::Status && rng.chance(30)) s.annotations.push_back("_Must_inspect_result_");
  s.ret = ret_type(h.shape);
  s.name = h.name;
  s.params = {{rng.chance(60) ? "_Inout_" : "_In_", d.ctx_ptr, d.ctx_param},
              {"_In_", "ULONG", h.param}};
  d.decls.push_back(prototype(s));

  Body b = make_body(d, rng, d.ctx_param, h.param, h.paged, false);
  b.callable = index;
  b.ret = h.shape;
  b.bail = h.shape == Shape::Status && rng.chance(45) ? Bail::Goto : Bail::Return;
  if (h.shape == Shape::Status) b.uses_status = true;
  Code inner(1);
  if (h.paged) {
    inner.line("PAGED_CODE();");
    inner.blank();
  }
  if (rng.chance(20)) {
    inner.line("//");
    inner.line(cat("// ", rng.pick(kComments)));
    inner.line("//");
  }
  emit_block(inner, b, 1, rng.range(3, 10));
  std::vector<std::string> fixed;
  if (h.shape == Shape::Status) fixed.push_back("NTSTATUS status = STATUS_SUCCESS;");
  emit_definition(out, d.use_decl, rng, s, placement_line(d, placement, h.paged), fixed, b, inner,
                  body_tail(b, rng));
}

// ---- files -------------------------------------------------------------------------------------

void banner(Code& c, std::string_view file, std::string_view abstract) {
  c.line("/*++");
  c.blank();
  c.line("Module Name:");
  c.blank();
  c.line(cat("    ", file));
  c.blank();
  c.line("Abstract:");
  c.blank();
  c.line(cat("    ", abstract));
  c.blank();
  c.line("Environment:");
  c.blank();
  c.line("    Kernel mode only.");
  c.blank();
  c.line("--*/");
  c.blank();
}

// The top of a source file: banner, includes and, for alloc_text files, the pragma block naming
// every pageable function defined below.
Code file_prologue(const Driver& d, std::string_view file, std::string_view abstract, Placement p,
                   const std::vector<std::string>& paged_fns,
                   const std::vector<std::string>& init_fns) {
  Code c;
  banner(c, file, abstract);
  c.line(cat("#include \"", lower(d.prefix), ".h\""));
  if (d.cpp) c.line(cat("#include \"", lower(d.prefix), "objects.h\""));
  if (d.wpp) c.line(cat("#include \"", std::string(file.substr(0, file.find('.'))), ".tmh\""));
  c.blank();
  if (p == Placement::AllocText && (!paged_fns.empty() || !init_fns.empty())) {
    c.line("#ifdef ALLOC_PRAGMA");
    for (const std::string& f : init_fns) c.line(cat("#pragma alloc_text(INIT, ", f, ")"));
    for (const std::string& f : paged_fns) c.line(cat("#pragma alloc_text(PAGE, ", f, ")"));
    c.line("#endif");
    c.blank();
  }
  return c;
}

// Functions of a code_seg-region file are written in runs; the pragma switches between them.
class SectionRuns {
 public:
  SectionRuns(Code& c, Placement p) : c_(c), on_(p == Placement::CodeSegRegion) {}
  void enter(bool paged) {
    if (!on_ || paged == paged_) return;
    c_.flush_left(paged ? "#pragma code_seg(\"PAGE\")" : "#pragma code_seg()");
    c_.blank();
    paged_ = paged;
  }
  void finish() { enter(false); }

 private:
  Code& c_;
  bool on_;
  bool paged_ = false;
};

Placement pick_placement(const Driver& d, Rng& rng) {
  // alloc_text names C-linkage functions only, so C++ files use the other two.
  if (d.cpp) return rng.chance(50) ? Placement::CodeSegRegion : Placement::SegMacro;
  size_t k = rng.below(3);
  return k == 0 ? Placement::AllocText : k == 1 ? Placement::CodeSegRegion : Placement::SegMacro;
}

// A module of generic helpers: the bulk of each driver.
OutFile module_file(Driver& d, Rng& rng, std::string_view stem) {
  Placement p = pick_placement(d, rng);
  int count = rng.range(6, 22);
  int paged = rng.range(0, count);
  std::vector<std::string> paged_names;
  size_t first = d.helpers.size();
  for (int i = 0; i < count; ++i) {
    Helper h;
    h.name = unique_name(d, rng, "");
    // Code-seg files keep their pageable functions together, as such files do.
    h.paged = p == Placement::CodeSegRegion ? i < paged : rng.chance(50);
    size_t shape = rng.below(10);
    h.shape = shape < 6 ? Shape::Status : shape < 8 ? Shape::Void : Shape::Bool;
    h.param = rng.pick(kParamNames);
    if (h.paged) paged_names.push_back(h.name);
    d.helpers.push_back(h);
  }
  Code body;
  SectionRuns runs(body, p);
  d.decls.push_back(cat("//\n// ", stem, d.ext, "\n//\n"));
  for (size_t i = first; i < d.helpers.size(); ++i) {
    runs.enter(d.helpers[i].paged);
    Helper h = d.helpers[i];
    emit_helper(body, d, rng, h, i, p);
  }
  runs.finish();
  std::string name = cat(stem, d.ext);
  Code file = file_prologue(d, name, cat(stem, " handling for the ", d.title, " driver."), p,
                            paged_names, {});
  file.append(body);
  return {name, file.text()};
}

// A role routine: its signature comes from a role typedef in the header (DRIVER_DISPATCH,
// EVT_WDF_..., KDEFERRED_ROUTINE), so the definition repeats no SAL.
struct Role {
  std::string typedef_name;  // "DRIVER_DISPATCH"
  std::string pre;           // "_Dispatch_type_(IRP_MJ_READ)" lines, may be empty
  Signature sig;
};

void declare_role(Driver& d, const Role& r) {
  d.decls.push_back(cat(r.pre, r.pre.empty() ? "" : "\n",
                        d.cpp && r.typedef_name == "DRIVER_INITIALIZE" ? "extern \"C\" " : "",
                        r.typedef_name, " ", r.sig.name, ";\n"));
}

// Writes a role routine whose interior `fill` produces, with generated statements mixed in.
template <typename Fill>
void emit_role(Code& out, Driver& d, Rng& rng, Role r, Placement p, bool paged,
               std::string_view section, std::vector<std::string> fixed, Body b, Fill&& fill) {
  declare_role(d, r);
  Code inner(1);
  if (paged) {
    inner.line("PAGED_CODE();");
    inner.blank();
  }
  fill(inner, b);
  std::string place;
  if (p == Placement::SegMacro && !section.empty())
    place = section == "INIT" ? d.init_macro : d.paged_macro;
  Signature shown = r.sig;
  // Role routines mostly say _Use_decl_annotations_: their typedef carries the SAL.
  if (d.cpp && r.typedef_name == "DRIVER_INITIALIZE") shown.ret = "NTSTATUS";
  if (d.cpp && r.typedef_name == "DRIVER_INITIALIZE") out.line("extern \"C\"");
  emit_definition(out, d.use_decl || rng.chance(70), rng, shown, place, fixed, b, inner,
                  body_tail(b, rng));
}

Role role(std::string typedef_name, std::string pre, std::string ret, std::string name,
          std::vector<Param> params) {
  Role r;
  r.typedef_name = std::move(typedef_name);
  r.pre = std::move(pre);
  r.sig.ret = std::move(ret);
  r.sig.name = std::move(name);
  r.sig.params = std::move(params);
  return r;
}

std::string ext_from_device(const Driver& d, std::string_view device) {
  return cat(d.ctx_ptr, " devExt = (", d.ctx_ptr, ")", device, "->DeviceExtension;");
}

// Shared by file writers: where each function goes and which names alloc_text must list.
struct FilePlan {
  Placement placement;
  std::vector<std::string> paged, init;
};

// ---- WDM ---------------------------------------------------------------------------------------

OutFile wdm_driver_file(Driver& d, Rng& rng) {
  FilePlan fp{pick_placement(d, rng), {}, {}};
  std::string unload = d.prefix + "Unload";
  std::string add = d.prefix + "AddDevice";
  fp.init = {"DriverEntry"};
  fp.paged = {unload, add};
  Code c;
  SectionRuns runs(c, fp.placement);

  Role entry = role(
      "DRIVER_INITIALIZE", "", "NTSTATUS", "DriverEntry",
      {{"_In_", "PDRIVER_OBJECT", "DriverObject"}, {"_In_", "PUNICODE_STRING", "RegistryPath"}});
  if (fp.placement == Placement::CodeSegRegion)
    c.flush_left("#pragma code_seg(\"INIT\")"), c.blank();
  Body b = make_body(d, rng, "devExt", "RegistryPath->Length", false, false);
  b.ret = Shape::Status;
  b.uses_status = true;
  emit_role(c, d, rng, entry, fp.placement, false, "INIT", {"NTSTATUS status = STATUS_SUCCESS;"}, b,
            [&](Code& in, Body& bb) {
              in.line("UNREFERENCED_PARAMETER(RegistryPath);");
              in.blank();
              in.line(cat("DriverObject->DriverUnload = ", unload, ";"));
              in.line(cat("DriverObject->DriverExtension->AddDevice = ", add, ";"));
              const char* majors[][2] = {{"IRP_MJ_CREATE", "CreateClose"},
                                         {"IRP_MJ_CLOSE", "CreateClose"},
                                         {"IRP_MJ_READ", "ReadWrite"},
                                         {"IRP_MJ_WRITE", "ReadWrite"},
                                         {"IRP_MJ_DEVICE_CONTROL", "DeviceControl"},
                                         {"IRP_MJ_PNP", "Pnp"},
                                         {"IRP_MJ_POWER", "Power"},
                                         {"IRP_MJ_SYSTEM_CONTROL", "SystemControl"}};
              for (auto& m : majors)
                in.line(cat("DriverObject->MajorFunction[", m[0], "] = ", d.prefix, "Dispatch",
                            m[1], ";"));
              in.blank();
              if (rng.chance(50)) emit_trace(in, bb);
            });
  if (fp.placement == Placement::CodeSegRegion) c.flush_left("#pragma code_seg()"), c.blank();

  runs.enter(true);
  Role un = role("DRIVER_UNLOAD", "", "VOID", unload, {{"_In_", "PDRIVER_OBJECT", "DriverObject"}});
  Body ub = make_body(d, rng, "devExt", "0", true, false);
  emit_role(c, d, rng, un, fp.placement, true, "PAGE", {}, ub, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(DriverObject);");
    in.line(cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, \"", d.title,
                ": unloading\\n\"));"));
  });

  Role ad = role("DRIVER_ADD_DEVICE", "", "NTSTATUS", add,
                 {{"_In_", "PDRIVER_OBJECT", "DriverObject"},
                  {"_In_", "PDEVICE_OBJECT", "PhysicalDeviceObject"}});
  Body ab = make_body(d, rng, "devExt", "index", true, false);
  ab.ret = Shape::Status;
  ab.bail = Bail::Goto;
  ab.uses_index = true;
  emit_role(
      c, d, rng, ad, fp.placement, true, "PAGE",
      {"NTSTATUS status = STATUS_SUCCESS;", "PDEVICE_OBJECT deviceObject = NULL;",
       cat(d.ctx_ptr, " devExt;")},
      ab, [&](Code& in, Body& bb) {
        in.line(cat("status = IoCreateDevice(DriverObject, sizeof(", d.ctx_type,
                    "), NULL, FILE_DEVICE_UNKNOWN,"));
        in.line("                        FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);");
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("goto Exit;");
        bb.used_goto = true;
        close_block(in);
        in.blank();
        in.line(cat("devExt = (", d.ctx_ptr, ")deviceObject->DeviceExtension;"));
        in.line(cat("RtlZeroMemory(devExt, sizeof(", d.ctx_type, "));"));
        in.line("devExt->Self = deviceObject;");
        in.line(cat("KeInitializeSpinLock(&devExt->", d.lock, ");"));
        in.line(cat("KeInitializeSpinLock(&devExt->", d.qlock, ");"));
        in.line(cat("KeInitializeDpc(&devExt->", d.dpc, ", ", d.prefix, "DpcRoutine, devExt);"));
        in.line(cat("KeInitializeTimer(&devExt->", d.timer, ");"));
        in.line(cat("KeInitializeEvent(&devExt->", d.event, ", NotificationEvent, FALSE);"));
        in.line(cat("InitializeListHead(&devExt->", d.list, ");"));
        in.line(cat("devExt->", d.state, " = ", d.states[0], ";"));
        in.blank();
        in.line(
            "devExt->LowerDevice = IoAttachDeviceToDeviceStack(deviceObject, "
            "PhysicalDeviceObject);");
        open_block(in, bb, "if (devExt->LowerDevice == NULL)");
        in.line("status = STATUS_NO_SUCH_DEVICE;");
        in.line("goto Exit;");
        close_block(in);
        in.blank();
        emit_block(in, bb, 1, rng.range(2, 6));
        in.line("deviceObject->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;");
        in.line("deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;");
      });
  runs.finish();
  std::string name = "driver" + d.ext;
  Code file = file_prologue(
      d, name, cat("DriverEntry and AddDevice of the ", d.title, " driver."), fp.placement,
      fp.placement == Placement::AllocText ? fp.paged : std::vector<std::string>{},
      fp.placement == Placement::AllocText ? fp.init : std::vector<std::string>{});
  file.append(c);
  return {name, file.text()};
}

std::vector<Param> dispatch_params() {
  return {{"_In_", "PDEVICE_OBJECT", "DeviceObject"}, {"_Inout_", "PIRP", "Irp"}};
}

void complete_irp(Code& in, std::string_view info) {
  in.line("Irp->IoStatus.Status = status;");
  in.line(cat("Irp->IoStatus.Information = ", info, ";"));
  in.line("IoCompleteRequest(Irp, IO_NO_INCREMENT);");
}

OutFile wdm_dispatch_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::vector<std::string> paged = {d.prefix + "DispatchCreateClose",
                                    d.prefix + "DispatchSystemControl"};
  Code c;
  SectionRuns runs(c, p);
  std::vector<std::string> irp_locals = {
      ext_from_device(d, "DeviceObject"),
      "PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);",
      "NTSTATUS status = STATUS_SUCCESS;"};

  runs.enter(true);
  Role cc = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_CREATE)\n_Dispatch_type_(IRP_MJ_CLOSE)",
                 "NTSTATUS", paged[0], dispatch_params());
  Body b = make_body(d, rng, "devExt", "irpSp->MajorFunction", true, false);
  b.ret = Shape::Status;
  emit_role(c, d, rng, cc, p, true, "PAGE", irp_locals, b, [&](Code& in, Body& bb) {
    open_block(in, bb, "if (irpSp->MajorFunction == IRP_MJ_CREATE)");
    emit_block(in, bb, 2, rng.range(1, 3));
    else_block(in, bb, "else");
    emit_block(in, bb, 2, rng.range(1, 3));
    close_block(in);
    in.blank();
    complete_irp(in, "0");
  });

  Role sc = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)", "NTSTATUS", paged[1],
                 dispatch_params());
  Body sb = make_body(d, rng, "devExt", "irpSp->MinorFunction", true, false);
  sb.ret = Shape::Status;
  emit_role(c, d, rng, sc, p, true, "PAGE", irp_locals, sb, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(irpSp);");
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
  });

  runs.enter(false);
  Role rw = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_READ)\n_Dispatch_type_(IRP_MJ_WRITE)",
                 "NTSTATUS", d.prefix + "DispatchReadWrite", dispatch_params());
  Body rb = make_body(d, rng, "devExt", "length", false, false);
  rb.ret = Shape::Status;
  std::vector<std::string> rw_locals = irp_locals;
  rw_locals.push_back("ULONG length;");
  rb.uses_old_irql = true;
  emit_role(c, d, rng, rw, p, false, "", rw_locals, rb, [&](Code& in, Body& bb) {
    in.line("length = irpSp->MajorFunction == IRP_MJ_READ ? irpSp->Parameters.Read.Length");
    in.line("                                             : irpSp->Parameters.Write.Length;");
    open_block(in, bb, "if (length == 0)");
    in.line("status = STATUS_SUCCESS;");
    complete_irp(in, "0");
    in.line("return status;");
    close_block(in);
    in.blank();
    in.line(cat("KeAcquireSpinLock(&devExt->", d.lock, ", &oldIrql);"));
    ++bb.lock_depth;
    emit_block(in, bb, 2, rng.range(1, 4));
    --bb.lock_depth;
    in.line("IoMarkIrpPending(Irp);");
    in.line(cat("InsertTailList(&devExt->", d.list, ", &Irp->Tail.Overlay.ListEntry);"));
    in.line(cat("KeReleaseSpinLock(&devExt->", d.lock, ", oldIrql);"));
    in.blank();
    in.line(cat("KeInsertQueueDpc(&devExt->", d.dpc, ", NULL, NULL);"));
    in.line("status = STATUS_PENDING;");
  });

  Role dc = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)", "NTSTATUS",
                 d.prefix + "DispatchDeviceControl", dispatch_params());
  Body db = make_body(d, rng, "devExt", "inLength", false, false);
  db.ret = Shape::Status;
  std::vector<std::string> dc_locals = irp_locals;
  dc_locals.push_back("ULONG_PTR information = 0;");
  dc_locals.push_back("ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;");
  dc_locals.push_back("ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;");
  emit_role(c, d, rng, dc, p, false, "", dc_locals, db, [&](Code& in, Body& bb) {
    open_block(in, bb, "switch (irpSp->Parameters.DeviceIoControl.IoControlCode)");
    for (const std::string& io : d.ioctls) {
      in.line(cat("case ", io, ":"));
      in.in();
      if (rng.chance(50)) {
        open_block(in, bb, cat("if (outLength < sizeof(ULONG))"));
        in.line("status = STATUS_BUFFER_TOO_SMALL;");
        in.line("break;");
        close_block(in);
      }
      emit_block(in, bb, 2, rng.range(1, 4));
      in.line("information = sizeof(ULONG);");
      in.line("break;");
      in.out();
    }
    in.line("default:");
    in.in();
    in.line("status = STATUS_INVALID_DEVICE_REQUEST;");
    in.line("break;");
    in.out();
    close_block(in);
    in.blank();
    complete_irp(in, "information");
  });
  runs.finish();
  std::string name = "dispatch" + d.ext;
  Code file = file_prologue(d, name, "IRP dispatch routines.", p,
                            p == Placement::AllocText ? paged : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

OutFile wdm_pnp_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string pnp = d.prefix + "DispatchPnp";
  std::string power = d.prefix + "DispatchPower";
  std::string done = d.prefix + "StartCompletion";
  Code c;
  SectionRuns runs(c, p);
  std::vector<std::string> irp_locals = {
      ext_from_device(d, "DeviceObject"),
      "PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);",
      "NTSTATUS status = STATUS_SUCCESS;"};

  Role cr = role("IO_COMPLETION_ROUTINE", "", "NTSTATUS", done,
                 {{"_In_", "PDEVICE_OBJECT", "DeviceObject"},
                  {"_In_", "PIRP", "Irp"},
                  {"_In_reads_opt_(_Inexpressible_(\"varies\"))", "PVOID", "Context"}});
  Body cb = make_body(d, rng, "devExt", "0", false, true);
  emit_role(c, d, rng, cr, p, false, "", {}, cb, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(DeviceObject);");
    in.line("UNREFERENCED_PARAMETER(Irp);");
    in.line("KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);");
    in.line("return STATUS_MORE_PROCESSING_REQUIRED;");
  });

  Role pw = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_POWER)", "NTSTATUS", power,
                 dispatch_params());
  Body wb = make_body(d, rng, "devExt", "irpSp->MinorFunction", false, false);
  wb.ret = Shape::Status;
  emit_role(c, d, rng, pw, p, false, "", irp_locals, wb, [&](Code& in, Body& bb) {
    open_block(in, bb, "if (irpSp->MinorFunction == IRP_MN_SET_POWER)");
    emit_block(in, bb, 2, rng.range(1, 3));
    close_block(in);
    in.line("PoStartNextPowerIrp(Irp);");
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = PoCallDriver(devExt->LowerDevice, Irp);");
  });

  runs.enter(true);
  Role pn =
      role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_PNP)", "NTSTATUS", pnp, dispatch_params());
  Body pb = make_body(d, rng, "devExt", "irpSp->MinorFunction", true, false);
  pb.ret = Shape::Status;
  std::vector<std::string> pn_locals = irp_locals;
  pn_locals.push_back("KEVENT started;");
  emit_role(c, d, rng, pn, p, true, "PAGE", pn_locals, pb, [&](Code& in, Body& bb) {
    open_block(in, bb, "switch (irpSp->MinorFunction)");
    in.line("case IRP_MN_START_DEVICE:");
    in.in();
    in.line("KeInitializeEvent(&started, NotificationEvent, FALSE);");
    in.line("IoCopyCurrentIrpStackLocationToNext(Irp);");
    in.line(cat("IoSetCompletionRoutine(Irp, ", done, ", &started, TRUE, TRUE, TRUE);"));
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
    open_block(in, bb, "if (status == STATUS_PENDING)");
    in.line("KeWaitForSingleObject(&started, Executive, KernelMode, FALSE, NULL);");
    in.line("status = Irp->IoStatus.Status;");
    close_block(in);
    open_block(in, bb, "if (NT_SUCCESS(status))");
    emit_block(in, bb, 3, rng.range(1, 4));
    close_block(in);
    complete_irp(in, "0");
    in.line("return status;");
    in.out();
    in.blank();
    in.line("case IRP_MN_REMOVE_DEVICE:");
    in.in();
    emit_block(in, bb, 2, rng.range(1, 3));
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
    in.line("IoDetachDevice(devExt->LowerDevice);");
    in.line("IoDeleteDevice(DeviceObject);");
    in.line("return status;");
    in.out();
    in.blank();
    in.line("default:");
    in.in();
    in.line("break;");
    in.out();
    close_block(in);
    in.blank();
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
  });
  runs.finish();
  std::string name = "pnp" + d.ext;
  Code file = file_prologue(
      d, name, "Plug and Play and power IRPs.", p,
      p == Placement::AllocText ? std::vector<std::string>{pnp} : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

// The DPC that drains the pending list: resident, runs at DISPATCH_LEVEL.
void emit_dpc(Code& c, Driver& d, Rng& rng, Placement p, std::string_view name,
              bool completes_irps) {
  Role r = role("KDEFERRED_ROUTINE", "", "VOID", std::string(name),
                {{"_In_", "PKDPC", "Dpc"},
                 {"_In_opt_", "PVOID", "DeferredContext"},
                 {"_In_opt_", "PVOID", "SystemArgument1"},
                 {"_In_opt_", "PVOID", "SystemArgument2"}});
  Body b = make_body(d, rng, "devExt", "count", false, true);
  std::vector<std::string> locals = {cat(d.ctx_ptr, " devExt = (", d.ctx_ptr, ")DeferredContext;"),
                                     "ULONG count = 0;"};
  if (completes_irps) locals.push_back("PIRP irp;");
  b.uses_link = true;
  emit_role(c, d, rng, r, p, false, "", locals, b, [&](Code& in, Body& bb) {
    in.line("UNREFERENCED_PARAMETER(Dpc);");
    in.line("UNREFERENCED_PARAMETER(SystemArgument1);");
    in.line("UNREFERENCED_PARAMETER(SystemArgument2);");
    in.blank();
    in.line(cat("KeAcquireSpinLockAtDpcLevel(&devExt->", d.lock, ");"));
    open_block(in, bb, cat("while (!IsListEmpty(&devExt->", d.list, "))"));
    in.line(cat("link = RemoveHeadList(&devExt->", d.list, ");"));
    if (completes_irps) {
      in.line("irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);");
      in.line(cat("KeReleaseSpinLockFromDpcLevel(&devExt->", d.lock, ");"));
      in.line("irp->IoStatus.Status = STATUS_SUCCESS;");
      in.line("IoCompleteRequest(irp, IO_NO_INCREMENT);");
      in.line(cat("KeAcquireSpinLockAtDpcLevel(&devExt->", d.lock, ");"));
    } else {
      bb.uses_entry = true;
      in.line(cat("entry = CONTAINING_RECORD(link, ", d.entry_type, ", Link);"));
      in.line(cat("ExFreePoolWithTag(entry, ", d.pool_tag, ");"));
    }
    in.line("count++;");
    close_block(in);
    in.line(cat("KeReleaseSpinLockFromDpcLevel(&devExt->", d.lock, ");"));
    in.blank();
    emit_block(in, bb, 1, rng.range(2, 6));
    // Now and then a driver calls pageable code from its DPC, the bug pagewise exists to find;
    // a few such drivers keep the findings and evidence path of the benchmark busy.
    auto paged =
        std::find_if(d.helpers.begin(), d.helpers.end(), [](const Helper& h) { return h.paged; });
    if (paged != d.helpers.end() && rng.chance(15)) in.line(cat(paged->name, "(devExt, count);"));
  });
}

OutFile dpc_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  Code c;
  emit_dpc(c, d, rng, p, d.prefix + "DpcRoutine", d.fw == Framework::Wdm);
  if (rng.chance(60)) emit_dpc(c, d, rng, p, d.prefix + "TimerDpc", false);
  if (d.fw == Framework::Wdm) {
    Role isr = role("KSERVICE_ROUTINE", "", "BOOLEAN", d.prefix + "InterruptService",
                    {{"_In_", "PKINTERRUPT", "Interrupt"}, {"_In_", "PVOID", "ServiceContext"}});
    Body b = make_body(d, rng, "devExt", "status", false, true);
    b.callable = 0;
    emit_role(c, d, rng, isr, p, false, "",
              {cat(d.ctx_ptr, " devExt = (", d.ctx_ptr, ")ServiceContext;"), "ULONG status;"}, b,
              [&](Code& in, Body& bb) {
                in.line("UNREFERENCED_PARAMETER(Interrupt);");
                in.line("status = READ_REGISTER_ULONG((PULONG)devExt->Registers);");
                open_block(in, bb, "if (status == 0)");
                in.line("return FALSE;");
                close_block(in);
                in.line("WRITE_REGISTER_ULONG((PULONG)devExt->Registers, status);");
                in.line(cat("KeInsertQueueDpc(&devExt->", d.dpc, ", NULL, NULL);"));
                in.line("return TRUE;");
              });
  }
  std::string name = "dpc" + d.ext;
  Code file = file_prologue(d, name, "Deferred procedure calls and the interrupt path.", p, {}, {});
  file.append(c);
  return {name, file.text()};
}

// ---- KMDF --------------------------------------------------------------------------------------

OutFile kmdf_driver_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string cleanup = d.prefix + "EvtDriverContextCleanup";
  Code c;
  if (p == Placement::CodeSegRegion) c.flush_left("#pragma code_seg(\"INIT\")"), c.blank();
  Role entry = role(
      "DRIVER_INITIALIZE", "", "NTSTATUS", "DriverEntry",
      {{"_In_", "PDRIVER_OBJECT", "DriverObject"}, {"_In_", "PUNICODE_STRING", "RegistryPath"}});
  Body b = make_body(d, rng, "devExt", "RegistryPath->Length", false, false);
  b.ret = Shape::Status;
  emit_role(c, d, rng, entry, p, false, "INIT",
            {"NTSTATUS status;", "WDF_DRIVER_CONFIG config;", "WDF_OBJECT_ATTRIBUTES attributes;"},
            b, [&](Code& in, Body& bb) {
              if (d.wpp) in.line("WPP_INIT_TRACING(DriverObject, RegistryPath);");
              in.line("WDF_OBJECT_ATTRIBUTES_INIT(&attributes);");
              in.line(cat("attributes.EvtCleanupCallback = ", cleanup, ";"));
              in.blank();
              in.line(cat("WDF_DRIVER_CONFIG_INIT(&config, ", d.prefix, "EvtDeviceAdd);"));
              in.line(cat("config.DriverPoolTag = ", d.pool_tag, ";"));
              in.blank();
              in.line(
                  "status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, "
                  "WDF_NO_HANDLE);");
              open_block(in, bb, "if (!NT_SUCCESS(status))");
              if (d.wpp) in.line("WPP_CLEANUP(DriverObject);");
              in.line(cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, \"", d.title,
                          ": WdfDriverCreate 0x%08X\\n\", status));"));
              close_block(in);
            });
  if (p == Placement::CodeSegRegion) c.flush_left("#pragma code_seg()"), c.blank();
  SectionRuns runs(c, p);
  runs.enter(true);
  Role cl = role("EVT_WDF_OBJECT_CONTEXT_CLEANUP", "", "VOID", cleanup,
                 {{"_In_", "WDFOBJECT", "DriverObject"}});
  Body cb = make_body(d, rng, "devExt", "0", true, false);
  emit_role(c, d, rng, cl, p, true, "PAGE", {}, cb, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(DriverObject);");
    if (d.wpp) in.line("WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));");
  });
  runs.finish();
  std::string name = "driver" + d.ext;
  Code file = file_prologue(
      d, name, "DriverEntry and driver-wide callbacks.", p,
      p == Placement::AllocText ? std::vector<std::string>{cleanup} : std::vector<std::string>{},
      p == Placement::AllocText ? std::vector<std::string>{"DriverEntry"}
                                : std::vector<std::string>{});
  file.append(c);
  return {name, file.text()};
}

OutFile kmdf_device_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string add = d.prefix + "EvtDeviceAdd", prep = d.prefix + "EvtDevicePrepareHardware",
              rel = d.prefix + "EvtDeviceReleaseHardware", d0in = d.prefix + "EvtDeviceD0Entry",
              d0out = d.prefix + "EvtDeviceD0Exit";
  std::vector<std::string> paged = {add, prep, rel, d0out};
  Code c;
  SectionRuns runs(c, p);
  runs.enter(true);

  Role ad = role("EVT_WDF_DRIVER_DEVICE_ADD", "", "NTSTATUS", add,
                 {{"_In_", "WDFDRIVER", "Driver"}, {"_Inout_", "PWDFDEVICE_INIT", "DeviceInit"}});
  Body b = make_body(d, rng, "devExt", "index", true, false);
  b.ret = Shape::Status;
  b.bail = Bail::Return;
  b.uses_index = true;
  emit_role(
      c, d, rng, ad, p, true, "PAGE",
      {"NTSTATUS status;", "WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;",
       "WDF_OBJECT_ATTRIBUTES attributes;", "WDFDEVICE device;", cat(d.ctx_ptr, " devExt;")},
      b, [&](Code& in, Body& bb) {
        in.line("UNREFERENCED_PARAMETER(Driver);");
        in.blank();
        in.line("WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);");
        in.line(cat("pnpPowerCallbacks.EvtDevicePrepareHardware = ", prep, ";"));
        in.line(cat("pnpPowerCallbacks.EvtDeviceReleaseHardware = ", rel, ";"));
        in.line(cat("pnpPowerCallbacks.EvtDeviceD0Entry = ", d0in, ";"));
        in.line(cat("pnpPowerCallbacks.EvtDeviceD0Exit = ", d0out, ";"));
        in.line("WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);");
        in.blank();
        in.line(cat("WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ", d.ctx_type, ");"));
        in.line("status = WdfDeviceCreate(&DeviceInit, &attributes, &device);");
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("return status;");
        close_block(in);
        in.blank();
        in.line(cat("devExt = ", d.ctx_getter, "(device);"));
        in.line("devExt->Device = device;");
        in.line(cat("KeInitializeSpinLock(&devExt->", d.lock, ");"));
        in.line(cat("KeInitializeSpinLock(&devExt->", d.qlock, ");"));
        in.line(cat("KeInitializeDpc(&devExt->", d.dpc, ", ", d.prefix, "DpcRoutine, devExt);"));
        in.line(cat("KeInitializeTimer(&devExt->", d.timer, ");"));
        in.line(cat("KeInitializeEvent(&devExt->", d.event, ", NotificationEvent, FALSE);"));
        in.line(cat("InitializeListHead(&devExt->", d.list, ");"));
        in.line("WDF_OBJECT_ATTRIBUTES_INIT(&attributes);");
        in.line("attributes.ParentObject = device;");
        in.line(cat("status = WdfSpinLockCreate(&attributes, &devExt->", d.wdflock, ");"));
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("return status;");
        close_block(in);
        in.line(cat("status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_", d.up,
                    ", NULL);"));
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("return status;");
        close_block(in);
        emit_block(in, bb, 1, rng.range(1, 5));
        in.line(cat("status = ", d.prefix, "QueueInitialize(device);"));
      });

  Role pr = role("EVT_WDF_DEVICE_PREPARE_HARDWARE", "", "NTSTATUS", prep,
                 {{"_In_", "WDFDEVICE", "Device"},
                  {"_In_", "WDFCMRESLIST", "ResourcesRaw"},
                  {"_In_", "WDFCMRESLIST", "ResourcesTranslated"}});
  Body pb = make_body(d, rng, "devExt", "index", true, false);
  pb.ret = Shape::Status;
  pb.bail = Bail::Return;
  pb.uses_index = true;
  emit_role(
      c, d, rng, pr, p, true, "PAGE",
      {"NTSTATUS status = STATUS_SUCCESS;", cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);"),
       "PCM_PARTIAL_RESOURCE_DESCRIPTOR descriptor;", "WDF_INTERRUPT_CONFIG interruptConfig;"},
      pb, [&](Code& in, Body& bb) {
        in.line("UNREFERENCED_PARAMETER(ResourcesRaw);");
        in.blank();
        open_block(
            in, bb,
            "for (index = 0; index < WdfCmResourceListGetCount(ResourcesTranslated); index++)");
        in.line("descriptor = WdfCmResourceListGetDescriptor(ResourcesTranslated, index);");
        open_block(in, bb, "switch (descriptor->Type)");
        in.line("case CmResourceTypeMemory:");
        in.in();
        in.line(
            "devExt->Registers = MmMapIoSpaceEx(descriptor->u.Memory.Start, "
            "descriptor->u.Memory.Length,");
        in.line("                                   PAGE_READWRITE | PAGE_NOCACHE);");
        open_block(in, bb, "if (devExt->Registers == NULL)");
        in.line("return STATUS_INSUFFICIENT_RESOURCES;");
        close_block(in);
        in.line("devExt->RegistersLength = descriptor->u.Memory.Length;");
        in.line("break;");
        in.out();
        in.line("case CmResourceTypeInterrupt:");
        in.in();
        in.line(cat("WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, ", d.prefix, "EvtInterruptIsr, ",
                    d.prefix, "EvtInterruptDpc);"));
        in.line("interruptConfig.InterruptTranslated = descriptor;");
        in.line(
            "interruptConfig.InterruptRaw = WdfCmResourceListGetDescriptor(ResourcesRaw, index);");
        in.line(
            "status = WdfInterruptCreate(Device, &interruptConfig, WDF_NO_OBJECT_ATTRIBUTES, "
            "&devExt->Interrupt);");
        in.line("break;");
        in.out();
        in.line("default:");
        in.in();
        in.line("break;");
        in.out();
        close_block(in);
        close_block(in);
        in.blank();
        emit_block(in, bb, 1, rng.range(2, 6));
      });

  Role rl =
      role("EVT_WDF_DEVICE_RELEASE_HARDWARE", "", "NTSTATUS", rel,
           {{"_In_", "WDFDEVICE", "Device"}, {"_In_", "WDFCMRESLIST", "ResourcesTranslated"}});
  Body rb = make_body(d, rng, "devExt", "0", true, false);
  rb.ret = Shape::Status;
  emit_role(c, d, rng, rl, p, true, "PAGE",
            {"NTSTATUS status = STATUS_SUCCESS;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
            rb, [&](Code& in, Body& bb) {
              in.line("UNREFERENCED_PARAMETER(ResourcesTranslated);");
              open_block(in, bb, "if (devExt->Registers != NULL)");
              in.line("MmUnmapIoSpace(devExt->Registers, devExt->RegistersLength);");
              in.line("devExt->Registers = NULL;");
              close_block(in);
              emit_block(in, bb, 1, rng.range(1, 3));
            });

  Role dx =
      role("EVT_WDF_DEVICE_D0_EXIT", "", "NTSTATUS", d0out,
           {{"_In_", "WDFDEVICE", "Device"}, {"_In_", "WDF_POWER_DEVICE_STATE", "TargetState"}});
  Body xb = make_body(d, rng, "devExt", "(ULONG)TargetState", true, false);
  xb.ret = Shape::Status;
  emit_role(c, d, rng, dx, p, true, "PAGE",
            {"NTSTATUS status = STATUS_SUCCESS;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
            xb, [&](Code& in, Body& bb) {
              in.line(cat("KeCancelTimer(&devExt->", d.timer, ");"));
              emit_block(in, bb, 1, rng.range(1, 4));
            });

  // D0Entry runs on the way back to D0: it stays resident (paging-rules.md §4).
  runs.enter(false);
  Role de =
      role("EVT_WDF_DEVICE_D0_ENTRY", "", "NTSTATUS", d0in,
           {{"_In_", "WDFDEVICE", "Device"}, {"_In_", "WDF_POWER_DEVICE_STATE", "PreviousState"}});
  Body eb = make_body(d, rng, "devExt", "(ULONG)PreviousState", false, false);
  eb.ret = Shape::Status;
  emit_role(c, d, rng, de, p, false, "",
            {"NTSTATUS status = STATUS_SUCCESS;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
            eb, [&](Code& in, Body& bb) { emit_block(in, bb, 1, rng.range(2, 5)); });
  runs.finish();

  std::string name = "device" + d.ext;
  Code file = file_prologue(d, name, "Device creation and PnP/power callbacks.", p,
                            p == Placement::AllocText ? paged : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

std::vector<Param> io_params(bool with_lengths, bool ioctl) {
  std::vector<Param> ps = {{"_In_", "WDFQUEUE", "Queue"}, {"_In_", "WDFREQUEST", "Request"}};
  if (ioctl) {
    ps.push_back({"_In_", "size_t", "OutputBufferLength"});
    ps.push_back({"_In_", "size_t", "InputBufferLength"});
    ps.push_back({"_In_", "ULONG", "IoControlCode"});
  } else if (with_lengths) {
    ps.push_back({"_In_", "size_t", "Length"});
  }
  return ps;
}

OutFile kmdf_queue_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string init = d.prefix + "QueueInitialize";
  Code c;
  SectionRuns runs(c, p);
  runs.enter(true);
  Signature qs;
  qs.annotations = {"_IRQL_requires_(PASSIVE_LEVEL)"};
  qs.ret = "NTSTATUS";
  qs.name = init;
  qs.params = {{"_In_", "WDFDEVICE", "Device"}};
  d.decls.push_back(prototype(qs));
  Body qb = make_body(d, rng, "devExt", "0", true, false);
  qb.ret = Shape::Status;
  Code qi(1);
  qi.line("PAGED_CODE();");
  qi.blank();
  qi.line("WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);");
  qi.line(cat("queueConfig.EvtIoRead = ", d.prefix, "EvtIoRead;"));
  qi.line(cat("queueConfig.EvtIoWrite = ", d.prefix, "EvtIoWrite;"));
  qi.line(cat("queueConfig.EvtIoDeviceControl = ", d.prefix, "EvtIoDeviceControl;"));
  qi.line(cat("queueConfig.EvtIoStop = ", d.prefix, "EvtIoStop;"));
  qi.line(
      "status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, "
      "&devExt->DefaultQueue);");
  open_block(qi, qb, "if (!NT_SUCCESS(status))");
  qi.line("return status;");
  close_block(qi);
  qi.blank();
  qi.line("WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);");
  qi.line("queueConfig.PowerManaged = WdfFalse;");
  qi.line(
      "status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, "
      "&devExt->PendingQueue);");
  emit_definition(c, d.use_decl, rng, qs, placement_line(d, p, true),
                  {"NTSTATUS status;", "WDF_IO_QUEUE_CONFIG queueConfig;",
                   cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
                  qb, qi, body_tail(qb, rng));
  runs.enter(false);

  const char* rw[][2] = {{"EVT_WDF_IO_QUEUE_IO_READ", "EvtIoRead"},
                         {"EVT_WDF_IO_QUEUE_IO_WRITE", "EvtIoWrite"}};
  for (auto& k : rw) {
    Role r = role(k[0], "", "VOID", d.prefix + k[1], io_params(true, false));
    Body b = make_body(d, rng, "devExt", "(ULONG)Length", false, false);
    emit_role(c, d, rng, r, p, false, "",
              {"NTSTATUS status;", "PVOID data;",
               cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfIoQueueGetDevice(Queue));")},
              b, [&](Code& in, Body& bb) {
                in.line(cat("status = WdfRequestRetrieve", k[1][5] == 'R' ? "Output" : "Input",
                            "Buffer(Request, Length, &data, NULL);"));
                open_block(in, bb, "if (!NT_SUCCESS(status))");
                in.line("WdfRequestComplete(Request, status);");
                in.line("return;");
                close_block(in);
                in.line(cat("WdfSpinLockAcquire(devExt->", d.wdflock, ");"));
                ++bb.lock_depth;
                emit_block(in, bb, 2, rng.range(1, 4));
                --bb.lock_depth;
                in.line(cat("WdfSpinLockRelease(devExt->", d.wdflock, ");"));
                emit_block(in, bb, 1, rng.range(0, 3));
                in.line("WdfRequestCompleteWithInformation(Request, status, Length);");
              });
  }

  Role dc = role("EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL", "", "VOID", d.prefix + "EvtIoDeviceControl",
                 io_params(false, true));
  Body db = make_body(d, rng, "devExt", "(ULONG)InputBufferLength", false, false);
  emit_role(c, d, rng, dc, p, false, "",
            {"NTSTATUS status = STATUS_SUCCESS;", "size_t information = 0;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfIoQueueGetDevice(Queue));")},
            db, [&](Code& in, Body& bb) {
              open_block(in, bb, "switch (IoControlCode)");
              for (const std::string& io : d.ioctls) {
                in.line(cat("case ", io, ":"));
                in.in();
                open_block(in, bb, "if (OutputBufferLength < sizeof(ULONG))");
                in.line("status = STATUS_BUFFER_TOO_SMALL;");
                in.line("break;");
                close_block(in);
                emit_block(in, bb, 2, rng.range(1, 4));
                in.line("information = sizeof(ULONG);");
                in.line("break;");
                in.out();
              }
              in.line("default:");
              in.in();
              in.line("status = STATUS_INVALID_DEVICE_REQUEST;");
              in.line("break;");
              in.out();
              close_block(in);
              in.line("WdfRequestCompleteWithInformation(Request, status, information);");
            });

  Role st = role("EVT_WDF_IO_QUEUE_IO_STOP", "", "VOID", d.prefix + "EvtIoStop",
                 {{"_In_", "WDFQUEUE", "Queue"},
                  {"_In_", "WDFREQUEST", "Request"},
                  {"_In_", "ULONG", "ActionFlags"}});
  Body sb = make_body(d, rng, "devExt", "ActionFlags", false, true);
  emit_role(c, d, rng, st, p, false, "", {}, sb, [&](Code& in, Body& bb) {
    in.line("UNREFERENCED_PARAMETER(Queue);");
    open_block(in, bb, "if (ActionFlags & WdfRequestStopActionSuspend)");
    in.line("WdfRequestStopAcknowledge(Request, FALSE);");
    else_block(in, bb, "else if (ActionFlags & WdfRequestStopActionPurge)");
    in.line("WdfRequestCancelSentRequest(Request);");
    close_block(in);
  });
  runs.finish();
  std::string name = "queue" + d.ext;
  Code file = file_prologue(
      d, name, "I/O queues and their callbacks.", p,
      p == Placement::AllocText ? std::vector<std::string>{init} : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

OutFile kmdf_interrupt_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  Code c;
  Role isr = role("EVT_WDF_INTERRUPT_ISR", "", "BOOLEAN", d.prefix + "EvtInterruptIsr",
                  {{"_In_", "WDFINTERRUPT", "Interrupt"}, {"_In_", "ULONG", "MessageID"}});
  Body b = make_body(d, rng, "devExt", "MessageID", false, true);
  b.callable = 0;
  emit_role(c, d, rng, isr, p, false, "",
            {cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfInterruptGetDevice(Interrupt));"),
             "ULONG status;"},
            b, [&](Code& in, Body& bb) {
              in.line("status = READ_REGISTER_ULONG((PULONG)devExt->Registers);");
              open_block(in, bb, "if ((status & 1) == 0)");
              in.line("return FALSE;");
              close_block(in);
              in.line("WRITE_REGISTER_ULONG((PULONG)devExt->Registers, status);");
              in.line("WdfInterruptQueueDpcForIsr(Interrupt);");
              in.line("return TRUE;");
            });
  Role dpc =
      role("EVT_WDF_INTERRUPT_DPC", "", "VOID", d.prefix + "EvtInterruptDpc",
           {{"_In_", "WDFINTERRUPT", "Interrupt"}, {"_In_", "WDFOBJECT", "AssociatedObject"}});
  Body db = make_body(d, rng, "devExt", "count", false, true);
  emit_role(c, d, rng, dpc, p, false, "",
            {cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfInterruptGetDevice(Interrupt));"),
             "ULONG count = 0;"},
            db, [&](Code& in, Body& bb) {
              in.line("UNREFERENCED_PARAMETER(AssociatedObject);");
              in.line(cat("WdfSpinLockAcquire(devExt->", d.wdflock, ");"));
              ++bb.lock_depth;
              emit_block(in, bb, 2, rng.range(1, 4));
              --bb.lock_depth;
              in.line(cat("WdfSpinLockRelease(devExt->", d.wdflock, ");"));
              emit_block(in, bb, 1, rng.range(1, 4));
            });
  std::string name = "interrupt" + d.ext;
  Code file = file_prologue(d, name, "Interrupt service routine and its DPC.", p, {}, {});
  file.append(c);
  return {name, file.text()};
}

// ---- C++ objects ------------------------------------------------------------------------------

// A C++ driver's helper classes: declarations in <prefix>objects.h, members in objects.cpp.
OutFile class_file(Driver& d, Rng& rng) {
  Placement p = rng.chance(50) ? Placement::CodeSegRegion : Placement::SegMacro;
  Code c;
  SectionRuns runs(c, p);
  c.line("//");
  c.line("// Pool-backed allocation for the driver's objects.");
  c.line("//");
  c.line("void* __cdecl operator new(size_t Size, POOL_FLAGS Flags, ULONG Tag)");
  c.line("{");
  c.line("    return ExAllocatePool2(Flags, Size, Tag);");
  c.line("}");
  c.blank();
  c.line("void __cdecl operator delete(void* Pointer, size_t Size)");
  c.line("{");
  c.line("    UNREFERENCED_PARAMETER(Size);");
  c.line("    if (Pointer != nullptr) {");
  c.line(cat("        ExFreePoolWithTag(Pointer, ", d.pool_tag, ");"));
  c.line("    }");
  c.line("}");
  c.blank();
  int classes = rng.range(1, 3);
  for (int k = 0; k < classes; ++k) {
    std::string cls =
        cat(d.prefix, rng.pick(kNouns),
            rng.pick(std::array<std::string_view, 4>{"Ring", "Table", "Tracker", "Engine"}));
    if (!d.names.insert(cls).second) cls += std::to_string(k);
    std::string slots = upper(cls) + "_SLOTS";
    Code h;
    h.line(cat("#define ", slots, " ", 16 << rng.range(0, 3)));
    h.blank();
    h.line(cat("class ", cls));
    h.line("{");
    h.line("public:");
    h.in();
    h.line(cat("explicit ", cls, "(_In_ ", d.ctx_ptr,
               " Context) : m_Context(Context), m_Head(0), m_Tail(0), m_Count(0)"));
    h.line("{");
    h.line("    KeInitializeSpinLock(&m_Lock);");
    h.line("}");
    h.blank();
    h.line(cat("ULONG Count() const { return m_Count; }"));
    h.line(cat("BOOLEAN IsEmpty() const { return m_Count == 0; }"));
    h.blank();
    int methods = rng.range(4, 10);
    std::vector<Helper> ms;
    for (int i = 0; i < methods; ++i) {
      Helper m;
      m.name = cat(rng.pick(kVerbs), rng.pick(kNouns));
      bool dup =
          std::any_of(ms.begin(), ms.end(), [&](const Helper& o) { return o.name == m.name; });
      if (dup) m.name += std::to_string(i);
      m.paged = rng.chance(45);
      size_t shape = rng.below(10);
      m.shape = shape < 5 ? Shape::Status : shape < 8 ? Shape::Void : Shape::Bool;
      m.param = rng.pick(kParamNames);
      ms.push_back(m);
    }
    for (const Helper& m : ms) {
      h.line(m.paged ? "_IRQL_requires_max_(PASSIVE_LEVEL)"
                     : "_IRQL_requires_max_(DISPATCH_LEVEL)");
      h.line(cat(ret_type(m.shape), " ", m.name, "(_In_ ULONG ", m.param, ");"));
      h.blank();
    }
    h.out();
    h.line("private:");
    h.in();
    h.line(cat(d.ctx_ptr, " m_Context;"));
    h.line("KSPIN_LOCK m_Lock;");
    h.line("ULONG m_Head;");
    h.line("ULONG m_Tail;");
    h.line("ULONG m_Count;");
    h.line(cat("ULONG m_Slots[", slots, "];"));
    h.out();
    h.line("};");
    h.blank();
    d.class_decls.push_back(h.text());

    for (const Helper& m : ms) {
      runs.enter(m.paged);
      Signature s;
      s.annotations = {m.paged ? "_IRQL_requires_max_(PASSIVE_LEVEL)"
                               : "_IRQL_requires_max_(DISPATCH_LEVEL)"};
      s.ret = ret_type(m.shape);
      s.name = m.name;
      s.qualifier = cls + "::";
      s.params = {{"_In_", "ULONG", m.param}};
      Body b = make_body(d, rng, "m_Context", m.param, m.paged, false);
      b.self_lock = "m_Lock";
      b.ret = m.shape;
      b.bail = Bail::Return;
      if (m.shape == Shape::Status) b.uses_status = true;
      Code inner(1);
      if (m.paged) {
        inner.line("PAGED_CODE();");
        inner.blank();
      }
      if (!m.paged && rng.chance(50)) {
        b.uses_old_irql = true;
        inner.line("KeAcquireSpinLock(&m_Lock, &oldIrql);");
        inner.line(cat("m_Slots[m_Tail % ", slots, "] = ", m.param, ";"));
        inner.line("m_Tail++;");
        inner.line("m_Count++;");
        inner.line("KeReleaseSpinLock(&m_Lock, oldIrql);");
      }
      emit_block(inner, b, 1, rng.range(2, 8));
      std::vector<std::string> fixed;
      if (m.shape == Shape::Status) fixed.push_back("NTSTATUS status = STATUS_SUCCESS;");
      emit_definition(c, d.use_decl, rng, s, placement_line(d, p, m.paged), fixed, b, inner,
                      body_tail(b, rng));
    }
  }
  runs.finish();
  std::string name = "objects.cpp";
  Code file = file_prologue(d, name, "The driver's C++ objects.", p, {}, {});
  file.append(c);
  return {name, file.text()};
}

// ---- header, project ---------------------------------------------------------------------------

std::string driver_header(const Driver& d, Rng& rng) {
  Code c;
  std::string name = lower(d.prefix) + ".h";
  banner(c, name, cat("Shared definitions of the ", d.title, " driver."));
  c.line("#pragma once");
  c.blank();
  c.line(d.fw == Framework::Kmdf ? "#include <ntddk.h>"
                                 : (rng.chance(50) ? "#include <ntddk.h>" : "#include <wdm.h>"));
  if (d.fw == Framework::Kmdf) c.line("#include <wdf.h>");
  if (d.wpp) c.line("#include \"trace.h\"");
  c.blank();
  c.line("//");
  c.line("// Section placement: in front of one function.");
  c.line("//");
  c.line(cat("#define ", d.paged_macro, " __declspec(code_seg(\"PAGE\"))"));
  c.line(cat("#define ", d.init_macro, " __declspec(code_seg(\"INIT\"))"));
  c.blank();
  std::string tag = d.prefix.substr(0, 4);
  while (tag.size() < 4) tag += 'x';
  std::reverse(tag.begin(), tag.end());
  c.line(cat("#define ", d.pool_tag, " '", tag, "'"));
  for (const Buffer& b : d.buffers) c.line(cat("#define ", b.size_macro, " ", b.size));
  c.blank();
  unsigned code = 0x800;
  for (const std::string& io : d.ioctls)
    c.line(cat("#define ", io, " CTL_CODE(FILE_DEVICE_UNKNOWN, ", hex(code++),
               ", METHOD_BUFFERED, FILE_ANY_ACCESS)"));
  c.blank();
  if (d.fw == Framework::Kmdf) {
    c.line(cat("DEFINE_GUID(GUID_DEVINTERFACE_", d.up, ","));
    c.line(cat("    ", hex(static_cast<unsigned>(rng.next())), ", ",
               hex(static_cast<unsigned>(rng.below(65536))), ", ",
               hex(static_cast<unsigned>(rng.below(65536))),
               ", 0x8b, 0xca, 0xd5, 0xa0, 0xdd, 0xf9, 0x6d, 0x06);"));
    c.blank();
  }
  c.line("typedef enum _" + d.state_type + " {");
  c.in();
  for (size_t i = 0; i < d.states.size(); ++i) c.line(cat(d.states[i], i == 0 ? " = 0" : "", ","));
  c.out();
  c.line(cat("} ", d.state_type, ";"));
  c.blank();
  c.line(cat("typedef struct _", d.entry_type, " {"));
  c.in();
  c.line("LIST_ENTRY Link;");
  c.line("ULONG Id;");
  c.line("ULONG Length;");
  c.line(d.fw == Framework::Kmdf ? "WDFREQUEST Request;" : "PIRP Irp;");
  c.out();
  c.line(cat("} ", d.entry_type, ", *", d.entry_ptr, ";"));
  c.blank();
  c.line(cat("typedef struct _", d.ctx_type, " {"));
  c.in();
  if (d.fw == Framework::Kmdf) {
    c.line("WDFDEVICE Device;");
    c.line("WDFQUEUE DefaultQueue;");
    c.line("WDFQUEUE PendingQueue;");
    c.line("WDFINTERRUPT Interrupt;");
    c.line(cat("WDFSPINLOCK ", d.wdflock, ";"));
  } else {
    c.line("PDEVICE_OBJECT Self;");
    c.line("PDEVICE_OBJECT LowerDevice;");
  }
  c.line("PVOID Registers;");
  c.line("SIZE_T RegistersLength;");
  c.blank();
  c.line("//");
  c.line(cat("// ", d.lock, " protects ", d.list, " and the counters below."));
  c.line("//");
  c.line(cat("KSPIN_LOCK ", d.lock, ";"));
  c.line(cat("KSPIN_LOCK ", d.qlock, ";"));
  c.line(cat("LIST_ENTRY ", d.list, ";"));
  c.line(cat("KDPC ", d.dpc, ";"));
  c.line(cat("KTIMER ", d.timer, ";"));
  c.line(cat("KEVENT ", d.event, ";"));
  c.line(cat(d.state_type, " ", d.state, ";"));
  c.line(cat("NTSTATUS ", d.last_status, ";"));
  for (const std::string& f : d.counters) c.line(cat("LONG ", f, ";"));
  for (const std::string& f : d.flags) c.line(cat("BOOLEAN ", f, ";"));
  for (const Buffer& b : d.buffers) c.line(cat("UCHAR ", b.name, "[", b.size_macro, "];"));
  c.out();
  c.line(cat("} ", d.ctx_type, ", *", d.ctx_ptr, ";"));
  c.blank();
  if (d.fw == Framework::Kmdf) {
    c.line(cat("WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(", d.ctx_type, ", ", d.ctx_getter, ")"));
    c.blank();
  }
  for (const std::string& decl : d.decls) {
    std::string_view t = decl;
    // Declarations are stored with their own newlines; the writer counts them as lines.
    size_t start = 0;
    while (start < t.size()) {
      size_t nl = t.find('\n', start);
      if (nl == std::string_view::npos) nl = t.size();
      c.flush_left(t.substr(start, nl - start));
      start = nl + 1;
    }
    c.blank();
  }
  return c.text();
}

std::string objects_header(const Driver& d) {
  Code c;
  banner(c, lower(d.prefix) + "objects.h", "C++ objects of the driver.");
  c.line("#pragma once");
  c.blank();
  std::string text = c.text();
  for (const std::string& cls : d.class_decls) text += cls;
  return text;
}

std::string trace_header(const Driver& d, Rng& rng) {
  Code c;
  banner(c, "trace.h", "WPP tracing definitions.");
  c.line("#pragma once");
  c.blank();
  c.line("#define WPP_CONTROL_GUIDS \\");
  c.line(cat("    WPP_DEFINE_CONTROL_GUID(", d.title, "TraceGuid, (",
             hex(static_cast<unsigned>(rng.next())),
             ", 0x1234, 0x5678, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78), \\"));
  c.line("        WPP_DEFINE_BIT(MYDRIVER_ALL_INFO) \\");
  for (std::string_view n : kNouns) c.line(cat("        WPP_DEFINE_BIT(TRACE_", upper(n), ") \\"));
  c.line("        )");
  c.blank();
  c.line("#define WPP_FLAG_LEVEL_LOGGER(flag, level) WPP_LEVEL_LOGGER(flag)");
  c.line(
      "#define WPP_FLAG_LEVEL_ENABLED(flag, level) (WPP_LEVEL_ENABLED(flag) && "
      "WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)");
  c.blank();
  c.line("// begin_wpp config");
  c.line("// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);");
  c.line("// end_wpp");
  return c.text();
}

std::string vcxproj(const Driver& d, Rng& rng) {
  Code c;
  c.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
  c.line(
      "<Project DefaultTargets=\"Build\" ToolsVersion=\"12.0\" "
      "xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">");
  c.line("  <ItemGroup Label=\"ProjectConfigurations\">");
  for (std::string_view cfg : {"Debug", "Release"})
    for (std::string_view plat : {"x64", "ARM64"}) {
      c.line(cat("    <ProjectConfiguration Include=\"", cfg, "|", plat, "\">"));
      c.line(cat("      <Configuration>", cfg, "</Configuration>"));
      c.line(cat("      <Platform>", plat, "</Platform>"));
      c.line("    </ProjectConfiguration>");
    }
  c.line("  </ItemGroup>");
  c.line("  <PropertyGroup Label=\"Globals\">");
  c.line(cat("    <ProjectGuid>{", hex(static_cast<unsigned>(rng.next())).substr(2),
             "-C0DF-4CBE-9DBE-", hex(static_cast<unsigned>(rng.next())).substr(2),
             "}</ProjectGuid>"));
  c.line(cat("    <RootNamespace>", d.title, "</RootNamespace>"));
  c.line("  </PropertyGroup>");
  c.line("  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.Default.props\" />");
  c.line("  <PropertyGroup Label=\"Configuration\">");
  c.line("    <TargetVersion>Windows10</TargetVersion>");
  c.line("    <PlatformToolset>WindowsKernelModeDriver10.0</PlatformToolset>");
  c.line("    <ConfigurationType>Driver</ConfigurationType>");
  c.line(cat("    <DriverType>", d.fw == Framework::Kmdf ? "KMDF" : "WDM", "</DriverType>"));
  if (d.fw == Framework::Kmdf) {
    c.line("    <KMDF_VERSION_MAJOR>1</KMDF_VERSION_MAJOR>");
    c.line(cat("    <KMDF_VERSION_MINOR>", rng.range(15, 33), "</KMDF_VERSION_MINOR>"));
  }
  c.line("  </PropertyGroup>");
  c.line("  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.props\" />");
  c.line("  <ItemDefinitionGroup>");
  c.line("    <ClCompile>");
  c.line("      <WarningLevel>Level4</WarningLevel>");
  if (d.wpp) {
    c.line("      <WppEnabled>true</WppEnabled>");
    c.line("      <WppScanConfigurationData>trace.h</WppScanConfigurationData>");
  }
  c.line("    </ClCompile>");
  c.line("  </ItemDefinitionGroup>");
  c.line("  <ItemGroup>");
  for (const OutFile& f : d.files)
    if (f.name.ends_with(".c") || f.name.ends_with(".cpp"))
      c.line(cat("    <ClCompile Include=\"", f.name, "\" />"));
  c.line("  </ItemGroup>");
  c.line("  <ItemGroup>");
  for (const OutFile& f : d.files)
    if (f.name.ends_with(".h")) c.line(cat("    <ClInclude Include=\"", f.name, "\" />"));
  c.line("  </ItemGroup>");
  c.line("  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.targets\" />");
  c.line("</Project>");
  return c.text();
}

size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Builds one whole driver in memory: modules first (they fix the helpers the fixed files call),
// then the framework files, the headers that declare it all, and the project.
Driver build_driver(int index, uint64_t seed) {
  Rng rng(seed ^ (0xD1B54A32D192ED03ull * static_cast<uint64_t>(index + 1)));
  Driver d = plan_driver(index, rng);
  size_t target = static_cast<size_t>(rng.range(2000, 10000));
  size_t fixed_estimate = d.fw == Framework::Kmdf ? 900 : 800;
  size_t lines = 0;
  // Names the framework files take; a module must not overwrite them.
  std::set<std::string> stems = {"driver", "device", "queue",   "interrupt", "dispatch",
                                 "pnp",    "dpc",    "objects", "trace",     lower(d.prefix)};
  while (lines + fixed_estimate < target) {
    std::string stem = lower(rng.pick(kNouns));
    // A taken name gets a second word, as "queue" and "queuepower" would sit side by side.
    while (!stems.insert(stem).second) stem += lower(rng.pick(kNouns));
    OutFile f = module_file(d, rng, stem);
    lines += count_lines(f.text);
    d.files.push_back(std::move(f));
  }
  if (d.fw == Framework::Wdm) {
    d.files.push_back(wdm_driver_file(d, rng));
    d.files.push_back(wdm_dispatch_file(d, rng));
    d.files.push_back(wdm_pnp_file(d, rng));
  } else {
    d.files.push_back(kmdf_driver_file(d, rng));
    d.files.push_back(kmdf_device_file(d, rng));
    d.files.push_back(kmdf_queue_file(d, rng));
    d.files.push_back(kmdf_interrupt_file(d, rng));
  }
  d.files.push_back(dpc_file(d, rng));
  if (d.cpp) {
    d.files.push_back(class_file(d, rng));
    d.files.push_back({lower(d.prefix) + "objects.h", objects_header(d)});
  }
  if (d.wpp) d.files.push_back({"trace.h", trace_header(d, rng)});
  d.files.push_back({lower(d.prefix) + ".h", driver_header(d, rng)});
  return d;
}

// ---- main --------------------------------------------------------------------------------------

struct Options {
  std::string out;
  uint64_t lines = 1000000;
  uint64_t seed = 1;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "pagewise-gen-corpus: " << message << "\n"
            << "usage: pagewise-gen-corpus OUT_DIR [--lines N] [--seed S]\n";
  std::exit(2);
}

uint64_t parse_number(const std::string& flag, const char* text) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (!*text || *end || text[0] == '-') usage_error(flag + " wants a non-negative number");
  return v;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lines" || a == "--seed") {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      (a == "--lines" ? o.lines : o.seed) = parse_number(a, argv[++i]);
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: pagewise-gen-corpus OUT_DIR [--lines N] [--seed S]\n";
      std::exit(0);
    } else if (!a.empty() && a[0] == '-') {
      usage_error("unknown option " + a);
    } else if (o.out.empty()) {
      o.out = a;
    } else {
      usage_error("more than one OUT_DIR");
    }
  }
  if (o.out.empty()) usage_error("no OUT_DIR given");
  return o;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  if (!f) {
    std::cerr << "pagewise-gen-corpus: cannot write " << p.string() << "\n";
    std::exit(2);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  std::error_code ec;
  // The corpus is a function of the seed and size only: stale files from another run would
  // silently change it, so only an empty or new folder is accepted.
  if (fs::exists(o.out, ec) && !fs::is_empty(o.out, ec))
    usage_error(o.out + " exists and is not empty");
  fs::create_directories(o.out, ec);
  if (ec) usage_error("cannot create " + o.out + ": " + ec.message());

  uint64_t lines = 0, bytes = 0, files = 0;
  int drivers = 0;
  while (lines < o.lines) {
    Driver d = build_driver(drivers, o.seed);
    fs::path dir = fs::path(o.out) / d.dir;
    fs::create_directories(dir, ec);
    if (ec) usage_error("cannot create " + dir.string() + ": " + ec.message());
    for (const OutFile& f : d.files) {
      write_file(dir / f.name, f.text);
      lines += count_lines(f.text);
      bytes += f.text.size();
      ++files;
    }
    Rng proj_rng(o.seed + static_cast<uint64_t>(drivers));
    std::string proj = vcxproj(d, proj_rng);
    write_file(dir / (lower(d.title) + ".vcxproj"), proj);
    ++drivers;
  }
  std::printf("{\"drivers\":%d,\"files\":%llu,\"lines\":%llu,\"bytes\":%llu}\n", drivers,
              static_cast<unsigned long long>(files), static_cast<unsigned long long>(lines),
              static_cast<unsigned long long>(bytes));
  return 0;
}
