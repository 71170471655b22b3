// Function bodies: statements drawn at random within what the place they are written in allows
// (no spin lock in pageable code, no pageable call at DISPATCH_LEVEL, no leaving a locked region).
#pragma once

#include <string>
#include <string_view>

#include "gen/driver.hpp"
#include "gen/text.hpp"

namespace pwgen {

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

// `ctx->name`.
std::string field(const Body& b, std::string_view name);

// Braces in the driver's style; `head` is the statement before the block ("if (x)").
void open_block(Code& c, const Body& b, std::string_view head);
void close_block(Code& c);
void else_block(Code& c, const Body& b, std::string_view head);

void emit_trace(Code& c, Body& b);
void emit_simple(Code& c, Body& b);
// `count` statements at nesting `depth`.
void emit_block(Code& c, Body& b, int depth, int count);

// The locals a body used, declared at the top of the function.
void declare_locals(Code& c, const Body& b, bool status_declared);

}  // namespace pwgen
