// Name resolution inside one unit: which function a call or a function-pointer argument names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/model.hpp"

namespace pagewise {

// What a call reaches, and how sure the name is.
struct Resolution {
  std::vector<FunctionId> targets;
  // A member call whose receiver's type is not known, where several classes define the method:
  // the call goes to each of them, and this is how many there are (0 otherwise).
  uint32_t unknown_receiver_of = 0;
};

class Resolver {
 public:
  explicit Resolver(const Program& p);

  // The functions a call written as `callee` inside `caller` reaches: `Foo`, `Cls::Foo`,
  // `this->Foo`, and `obj->Foo` / `obj.Foo` / `a.b->Foo` by the receiver's type where it is known
  // (a local, parameter, global or field of the caller's class declared with a class of the unit,
  // a pointer, reference or smart pointer to one, and its base classes), else every method of that
  // name. Overloads the argument count (`nargs` >= 0) tells apart are left out. Empty when the
  // callee is not a function of the unit (a system routine, a function pointer).
  Resolution resolve(std::string_view callee, FunctionId caller, int nargs = -1) const;
  std::vector<FunctionId> callees(std::string_view callee, FunctionId caller) const {
    return resolve(callee, caller).targets;
  }

  // The function an argument or right-hand side names: `Fn`, `&Fn`, `(PDRIVER_DISPATCH)Fn`,
  // `Cls::Fn`. nullopt when it names none.
  std::optional<FunctionId> function_named(std::string_view expression, FunctionId context) const;

  // Every method of the unit named as `obj->Method` / `obj.Method` names it (`Method` of any
  // class): the candidates of a member call that `callees` finds ambiguous.
  std::vector<FunctionId> methods_named(std::string_view callee) const;

 private:
  struct ClassInfo {
    bool declared = false;  // its body is in the unit (else only its methods' definitions are)
    std::unordered_map<std::string, std::string> fields;  // name → type as written
    std::vector<std::string> bases;
    std::vector<std::string> derived;
  };
  void merge_namespaced_declarations(const std::unordered_set<std::string>& with_definitions);
  std::string class_named(std::string type, int depth = 0) const;
  std::string type_of_receiver(const std::string& name, FunctionId caller,
                               const std::string& cls) const;
  std::string field_type(const std::string& cls, const std::string& field) const;
  std::string member_class(std::string type, bool arrow) const;
  std::vector<FunctionId> method_of(const std::string& cls, const std::string& method) const;
  bool visible(FunctionId id, FunctionId caller) const;
  Resolution by_method_name(const std::string& name, bool member_access, int nargs) const;
  // The class of the object a member chain designates (`a->b.c`: what c is or points to).
  std::string chain_class(const std::vector<std::string>& parts, const std::vector<bool>& arrow,
                          bool deref, FunctionId caller, const std::string& cls) const;
  Resolution destructor_of(const std::string& deleted, FunctionId caller,
                           const std::string& cls) const;
  std::vector<FunctionId> by_type(const std::string& callee, FunctionId caller,
                                  const std::string& cls, bool& known) const;

  const Program& p_;
  std::unordered_map<std::string, std::vector<FunctionId>> by_method_;  // last name component
  std::unordered_map<std::string, ClassInfo> classes_;                  // by name as declared
  std::unordered_map<std::string, std::string> class_alias_;  // typedef name, short name → name
  std::unordered_set<uint32_t> compiled_;  // files the unit compiles (not headers it includes)
  std::unordered_map<std::string, std::string> type_alias_;  // `typedef T Name;`, `#define Name T`
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

// An expression without its leading casts and enclosing parentheses:
// `(PDEVICE_RELATIONS)(Irp->IoStatus.Information)` → `Irp->IoStatus.Information`; "" when a
// parenthesis does not close.
std::string without_casts(std::string_view expression);

}  // namespace pagewise
