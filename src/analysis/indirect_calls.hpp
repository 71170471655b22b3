// indirect_calls: what a call through a function pointer of the driver's own reaches. A table of
// functions indexed at run time (`Handlers[code](...)`, `(*Table[i])(...)`,
// `Table[i].Handler(...)`), a global (`g_Handler(...)`) or a field of one of the unit's
// structures (`ctx->Callback(...)`) reaches every function the unit ever stores there: named in
// the initializer, assigned in code, or placed by an aggregate initializer in field order.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/field_path.hpp"
#include "analysis/resolve.hpp"
#include "model/stored_pointers.hpp"

namespace pagewise {

// Every function the unit stores in a global or in a field of one of its structures.
StoredPointers stored_pointers(const Program& p, const Resolver& r);

// The functions a call through a pointer reaches, and the pointer as written, for the evidence.
struct IndirectTarget {
  std::vector<FunctionId> functions;
  std::string through;  // "g_Handler", "ctx->Callback", "Handlers[code]"
};

class IndirectCalls {
 public:
  IndirectCalls(const Program& p, const Resolver& r, const StoredPointers& stored);

  // What a call written as `callee` in `caller` reaches through a pointer the unit stores to, or
  // through a local variable of `caller` set from functions or such pointers; no functions when
  // `callee` is no such pointer (a name, a system routine, a parameter).
  IndirectTarget targets(std::string_view callee, FunctionId caller) const;

 private:
  IndirectTarget targets(std::string_view callee, FunctionId caller, bool follow_locals) const;
  IndirectTarget local_targets(const std::string& local, FunctionId caller) const;

  const Program& p_;
  const Resolver& r_;
  const StoredPointers& stored_;
  FieldPaths fields_;
  std::set<std::string, std::less<>> assigned_;  // plain names some function assigns to
};

// `(*ctx->Callback)` → `ctx->Callback`: the pointer a call goes through, past parentheses and `*`.
std::string called_pointer(std::string_view callee);

// The top-level elements of a brace initializer `{ a, {b, c}, .F = d }`: "a", "{b, c}", ".F = d".
std::vector<std::string> brace_elements(std::string_view initializer);

}  // namespace pagewise
