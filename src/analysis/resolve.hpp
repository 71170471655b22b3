// Name resolution inside one unit: which function a call or a function-pointer argument names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.hpp"

namespace pagewise {

class Resolver {
 public:
  explicit Resolver(const Program& p);

  // The functions a call written as `callee` inside `caller` reaches: `Foo`, `Cls::Foo`,
  // `obj->Foo` / `obj.Foo` (by method name when unambiguous), `this->Foo`. Empty when the callee is
  // not a function of the unit (a system routine, a function pointer, an ambiguous method).
  std::vector<FunctionId> callees(std::string_view callee, FunctionId caller) const;

  // The function an argument or right-hand side names: `Fn`, `&Fn`, `(PDRIVER_DISPATCH)Fn`,
  // `Cls::Fn`. nullopt when it names none.
  std::optional<FunctionId> function_named(std::string_view expression, FunctionId context) const;

  // Every method of the unit named as `obj->Method` / `obj.Method` names it (`Method` of any
  // class): the candidates of a member call that `callees` finds ambiguous.
  std::vector<FunctionId> methods_named(std::string_view callee) const;

 private:
  const Program& p_;
  std::unordered_map<std::string, std::vector<FunctionId>> by_method_;  // last name component
};

// `&Adapter->Lock` → `Adapter->Lock`: the text that names a lock or object in messages.
std::string strip_address_of(std::string_view expression);

// The member an expression ends in: `ext->Buffer` → `Buffer`, `a.b.c` → `c`, `ext->Table[3]` →
// `Table`, `&ctx->LockHandle` → `LockHandle`; a plain name is itself.
std::string last_member(std::string_view expression);

// Whether an expression names a structure field (`ext->Buffer`, `cfg.Field`) rather than a plain
// variable.
bool names_field(std::string_view expression);

// The identifier an expression reduces to after casts, `&`, `*` and parentheses, or "" if it is
// not a plain (possibly qualified) name.
std::string plain_name(std::string_view expression);

}  // namespace pagewise
