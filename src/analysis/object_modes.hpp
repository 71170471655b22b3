// object_modes: flags an object is built with. A flag of a class that only the class's
// constructors set, each to a constant or from its arguments (WDF's FxVerifierLock::m_UseMutex),
// gives every object a mode fixed when it is built. Where a field's every stored object comes
// from a constructor that sets the flag to one constant (`new C(a, b)`, directly or through a
// factory's out-parameter), a method called on that field cannot take the branch of a test of
// the flag that needs the other value. The facts (ObjectModeTable) let inference count, for code
// on such a branch, only the calls whose receiver can be in its mode.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/resolve.hpp"
#include "model/inferred.hpp"
#include "model/program.hpp"

namespace pagewise {

class ObjectModes {
 public:
  // Reads the unit's classes, constructors and stores; fills `table` (flags, receiver sets).
  ObjectModes(const Program& p, const Resolver& r, ObjectModeTable* table);

  // The mode code on a branch of `if (condition)` in `fn` runs in (the then branch, or the else
  // branch): the condition tests a flag of fn's class that only constructors set. -1 otherwise.
  int32_t branch_mode(const std::string& condition, FunctionId fn, bool then_branch) const;

  // The receiver set (ObjectModeTable::receiver_sets) of a member call written `callee` in
  // `caller` that reaches `target`: the modes every object its receiver field can hold is in.
  // -1 when nothing is known.
  int32_t receiver_modes(std::string_view callee, FunctionId caller, FunctionId target) const;

  // The modes call `c` (in `caller`, reaching `target`) is made in: its receiver's, and the value
  // of each parameter flag of `target` it passes as a constant (`Destroy(dev, TRUE)`). -1 when
  // nothing is known.
  int32_t call_modes(const Call& c, FunctionId caller, FunctionId target) const;

  // Whether the unit has any flag only constructors set (else nothing here applies).
  bool empty() const { return table_->flags.empty(); }

 private:
  // What the objects an expression can designate are known to be: unknown, only null, or objects
  // whose modes all include `modes`.
  struct Designates {
    bool known = false;
    bool any = false;  // designates at least one object (not only null)
    std::vector<int32_t> modes;
  };
  static Designates unknown() { return {}; }
  static Designates null() { return {true, false, {}}; }
  static Designates merge(const Designates& a, const Designates& b);

  void find_flags();
  void find_parameter_flags();
  int32_t parameter_flag(const Function& fn, FunctionId id, std::string_view name) const;
  void disqualify_flags_set_elsewhere();
  void find_constructor_modes();
  // A store into a field: an assignment, or a call given its address (argument `arg`).
  struct Store {
    FunctionId fn;
    const Assignment* assignment = nullptr;
    const Call* call = nullptr;
    size_t arg = 0;
  };
  using StoresByField = std::unordered_map<std::string, std::vector<Store>>;
  void find_field_sets();
  StoresByField stores_into(const std::vector<std::pair<std::string, std::string>>& fields) const;
  Designates value_of(const std::string& expr, FunctionId fn, const std::string& cls,
                      int depth) const;
  Designates constructed(const std::string& args_text, size_t nargs, const std::string& cls) const;
  Designates local_value(const std::string& name, FunctionId fn, const std::string& cls,
                         int depth) const;
  Designates out_parameter(const Call& c, size_t arg, FunctionId fn, const std::string& cls,
                           int depth) const;
  Designates field_value(const std::vector<Store>& stores, const std::string& cls) const;
  int32_t flag_index(const std::string& cls, const std::string& flag) const;

  const Program& p_;
  const Resolver& r_;
  ObjectModeTable* table_;
  // Class name → its constructors (functions of the unit).
  std::unordered_map<std::string, std::vector<FunctionId>> constructors_;
  // "Class::flag" → index into table_->flags; a flag disqualified later maps to -1.
  std::unordered_map<std::string, int32_t> flag_index_;
  // Constructor (file << 32 | index) → the modes it builds its object in.
  std::unordered_map<uint64_t, std::vector<int32_t>> constructor_modes_;
  // "field\nClass" → receiver set index.
  std::unordered_map<std::string, int32_t> field_sets_;
  // Function (file << 32 | index) → its parameter flags: (parameter index, flag index).
  std::unordered_map<uint64_t, std::vector<std::pair<size_t, int32_t>>> parameter_flags_;
  // Receiver sets made for calls with constant arguments, by their modes (shared when equal).
  mutable std::map<std::vector<int32_t>, int32_t> call_sets_;
};

}  // namespace pagewise
