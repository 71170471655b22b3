// field_path: which structure field an access written in a function names (`ext->Log.Buffer` is
// the Log.Buffer of the driver's TRACE_EXTENSION), so that a fact about one field of one structure
// type does not spread to every field of the same name. Used by analysis/memory.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/program.hpp"

namespace pagewise {

// The variable an access follows to reach its one member: `buf->Count`, `((PX)buf)->Objects[i]`
// and `buf.Count` give `buf`; "" for a deeper access (`ext->Log.Buffer`) or a root that is no
// plain name.
std::string member_root(std::string_view access);

class FieldPaths {
 public:
  explicit FieldPaths(const Program& p);

  // "TRACE_EXTENSION::Log.Buffer" for `ext->Log.Buffer` written in `fn`; "" when the access does
  // not name a field of a structure the unit declares (a system structure such as an IRP, whose
  // fields hold a value per instance: one IRP's IoStatus.Information says nothing about another's)
  // or when the structure cannot be told (two of the unit's structures declare the first field
  // and the root's type is not one of them).
  std::string key(std::string_view access, const Function& fn) const;

  // The unit's structure a declared type names (`PTRACE_EXTENSION` is not known: pointer typedefs
  // are not recorded), or "".
  std::string class_named(std::string_view type) const;

 private:
  std::string root_class(std::string_view root, std::string_view cast_type,
                         const Function& fn) const;

  const Program& p_;
  std::unordered_map<std::string, std::string> class_by_name_;           // name or alias → class
  std::unordered_map<std::string, std::vector<std::string>> declarers_;  // field → classes
  std::unordered_map<std::string, std::string> global_types_;
};

}  // namespace pagewise
