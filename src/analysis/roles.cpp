#include "analysis/roles.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <span>

#include "analysis/macro_calls.hpp"
#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

namespace {

// `Foo->MajorFunction[IRP_MJ_READ]` → field "MajorFunction", base "Foo", index "IRP_MJ_READ".
struct FieldRef {
  std::string base;
  std::string field;
  std::string index;
};

FieldRef split_field(const std::string& lhs) {
  FieldRef r;
  std::string s = lhs;
  if (!s.empty() && s.back() == ']') {
    auto open = s.rfind('[');
    if (open != std::string::npos) {
      r.index = s.substr(open + 1, s.size() - open - 2);
      s = s.substr(0, open);
    }
  }
  size_t cut = std::string::npos, sep_len = 0;
  for (std::string_view sep : {"->", "."}) {
    size_t at = s.rfind(sep);
    if (at != std::string::npos && (cut == std::string::npos || at > cut)) {
      cut = at;
      sep_len = sep.size();
    }
  }
  if (cut == std::string::npos) {
    r.field = s;
    return r;
  }
  r.base = s.substr(0, cut);
  r.field = s.substr(cut + sep_len);
  return r;
}

// `a[b] = a[c] = Fn`: the value is what follows the last plain `=`.
std::string assigned_value(const std::string& rhs) {
  for (size_t i = rhs.size(); i-- > 0;) {
    if (rhs[i] != '=') continue;
    char before = i ? rhs[i - 1] : ' ';
    char after = i + 1 < rhs.size() ? rhs[i + 1] : ' ';
    if (after == '=' || before == '=' || before == '!' || before == '<' || before == '>') continue;
    return rhs.substr(i + 1);
  }
  return rhs;
}

using PS = PassiveSetting::Kind;

// The IRP major function a KMDF WDM-IRP callback registration names, if it names exactly one.
std::string irp_major_argument(const Call& c) {
  const IrpMajorArgument* row = find_irp_major_argument(c.callee);
  if (!row || row->arg < 0 || static_cast<size_t>(row->arg) >= c.args.size()) return {};
  std::string m = plain_name(c.args[static_cast<size_t>(row->arg)]);
  return m.rfind("IRP_MJ_", 0) == 0 ? m : std::string();
}

bool is_passive_value(const PassiveSetting& s, const std::string& rhs) {
  for (const char* v : s.values)
    if (v && (s.within ? rhs.find(v) != std::string::npos : rhs == v)) return true;
  return false;
}

// Whether the function sets the setting's field of `base` (written without spaces) to passive.
bool sets_passive(const Function& fn, const std::string& base, const PassiveSetting& s) {
  for (const Assignment& a : fn.assignments)
    if (a.lhs == base + "." + s.field && is_passive_value(s, a.rhs)) return true;
  return false;
}

// Whether every setting that lowers the callback registered through `field` of `base` is passive
// in the function (IoConnectInterruptEx's Irql and SynchronizeIrql for its ServiceRoutine).
bool lowered_by_settings(const Function& fn, const std::string& base, const std::string& field) {
  bool any = false;
  for (const PassiveSetting& s : passive_settings()) {
    if (!s.lowers || field != s.lowers) continue;
    if (!sets_passive(fn, base, s)) return false;
    any = true;
  }
  return any;
}

bool is_passive_level(const std::string& rhs) {
  return is_passive_value(passive_setting(PS::ExecutionLevel), rhs);
}

bool is_registration(const RoleBinding& b) {
  return b.source == RoleBinding::Source::RegistrationCall ||
         b.source == RoleBinding::Source::RegistrationField;
}

struct Site {
  int32_t file = -1;
  Pos pos;
  std::string text;
};

// What one function of the unit does with KMDF configuration structures, in source order: the
// same `attributes` or `queueConfig` variable is often reused for several objects in a row.
struct CreateUse {
  uint32_t offset = 0;
  const ObjectCreateApi* api = nullptr;
  bool paged_pool = false;  // WdfMemoryCreate/WdfLookasideListCreate from paged pool
  std::string config;       // the config variable given to it, "" if none
  std::string attributes;   // the attributes variable given to it, "" if none
  std::string handle;       // the object it creates (its last, out-parameter), "" if none
};

struct ConfigUse {
  std::vector<CreateUse> creates;
  // `attrs.ExecutionLevel = ...`: (variable, where, whether it is Passive)
  struct LevelSet {
    std::string var;
    Site site;
    bool passive;
  };
  std::vector<LevelSet> level_sets;
  // interrupt config variables with PassiveHandling = TRUE (a passive-level interrupt)
  std::map<std::string, Site> passive_interrupts;

  bool empty() const { return creates.empty() && level_sets.empty() && passive_interrupts.empty(); }

  // The create call that consumes `var` (as config or attributes) after `offset`; else the last
  // one before it.
  const CreateUse* consumer(const std::string& var, uint32_t offset, bool as_attributes) const {
    const CreateUse* before = nullptr;
    for (const CreateUse& c : creates) {
      const std::string& v = as_attributes ? c.attributes : c.config;
      if (v != var) continue;
      if (c.offset >= offset) return &c;
      before = &c;
    }
    return before;
  }

  // The ExecutionLevel the attributes variable of `create` was set to before it (and after the
  // previous create that used the same variable), if any.
  const LevelSet* level_of(const CreateUse& create) const {
    if (create.attributes.empty()) return nullptr;
    uint32_t since = 0;
    for (const CreateUse& c : creates)
      if (c.attributes == create.attributes && c.offset < create.offset) since = c.offset;
    const LevelSet* found = nullptr;
    for (const LevelSet& l : level_sets)
      if (l.var == create.attributes && l.site.pos.offset >= since &&
          l.site.pos.offset < create.offset)
        found = &l;
    return found;
  }

  std::optional<Site> passive_attributes_of(const CreateUse& create) const {
    const LevelSet* l = level_of(create);
    if (l && l->passive) return l->site;
    return std::nullopt;
  }
};

// The objects one call creates or configures, one per row of the routine (WdfLookasideListCreate
// gives attributes to the list and to its memory objects).
void add_create_uses(const Call& c, std::vector<CreateUse>& out) {
  auto arg = [&](int i) {
    return i >= 0 && static_cast<size_t>(i) < c.args.size() ? c.args[static_cast<size_t>(i)]
                                                            : std::string();
  };
  for (const ObjectCreateApi& api : object_create_apis()) {
    if (c.callee != api.api) continue;
    CreateUse cu;
    cu.offset = c.pos.offset;
    cu.api = &api;
    cu.config = strip_address_of(arg(api.config_arg));
    cu.attributes = strip_address_of(arg(api.attributes_arg));
    if (!c.args.empty()) cu.handle = strip_address_of(c.args.back());
    cu.paged_pool = api.pool_arg >= 0 && names_paged_pool(arg(api.pool_arg));
    out.push_back(std::move(cu));
  }
}

class RoleBinder {
 public:
  RoleBinder(const Program& p, const Resolver& r, std::vector<std::vector<FunctionInference>>& out)
      : p_(p), r_(r), out_(out) {}

  void run() {
    read_configs();
    declared_roles();
    registered_roles();
    entry_point();
    settle_governed();
  }

 private:
  // A binding of `role` written at `file`:`pos`, before the driver's configuration applies.
  static RoleBinding binding(const CallbackRole& role, RoleBinding::Source source,
                             std::string written, int32_t file, Pos pos) {
    RoleBinding b;
    b.role = role.name;
    b.irql = role.irql;
    b.certain = role.certain;
    b.source = source;
    b.written = std::move(written);
    b.file = file;
    b.pos = pos;
    return b;
  }

  // The binding added, or nullptr when the function already has the role from the same line.
  RoleBinding* add(FunctionId id, RoleBinding b) {
    auto& roles = out_[id.file][id.index].roles;
    for (const RoleBinding& existing : roles)
      if (existing.role == b.role && existing.file == b.file && existing.pos.line == b.pos.line)
        return nullptr;
    roles.push_back(std::move(b));
    return &roles.back();
  }

  void read_configs() {
    for (uint32_t f = 0; f < p_.files.size(); ++f) {
      const FileFacts& ff = *p_.files[f];
      for (uint32_t i = 0; i < ff.functions.size(); ++i) {
        const Function& fn = ff.functions[i];
        ConfigUse use;
        for (const Assignment& a : fn.assignments) {
          FieldRef ref = split_field(a.lhs);
          if (ref.field == passive_setting(PS::ExecutionLevel).field)
            use.level_sets.push_back({ref.base,
                                      {static_cast<int32_t>(f), a.pos, a.lhs + " = " + a.rhs},
                                      is_passive_level(a.rhs)});
          const PassiveSetting& handling = passive_setting(PS::PassiveHandling);
          if (ref.field == handling.field && is_passive_value(handling, a.rhs))
            use.passive_interrupts[ref.base] = {static_cast<int32_t>(f), a.pos,
                                                a.lhs + " = " + a.rhs};
        }
        for (const Call& c : fn.calls) add_create_uses(c, use.creates);
        std::sort(use.creates.begin(), use.creates.end(),
                  [](const CreateUse& x, const CreateUse& y) { return x.offset < y.offset; });
        // A passive device or driver makes the objects under it passive by default.
        for (const CreateUse& c : use.creates) {
          auto passive = use.passive_attributes_of(c);
          if (!passive) continue;
          if (c.api->object == ObjectCreateApi::Object::Device && !device_passive_)
            device_passive_ = passive;
          if (c.api->object == ObjectCreateApi::Object::Driver && !driver_passive_)
            driver_passive_ = passive;
        }
        // Most functions configure nothing: keeping an empty record for each made the binder
        // cost about 136 bytes per function of the unit (dense generated code).
        if (!use.empty()) uses_[{f, i}] = std::move(use);
      }
    }
  }

  // Is the object that `config` (registered at `offset`) configures passive-level, and why?
  std::optional<Site> passive_for_config(const ConfigUse& use, const std::string& config,
                                         uint32_t offset, ObjectCreateApi::Object kind) const {
    if (const CreateUse* c = use.consumer(config, offset, false)) {
      // An explicit level on the object's own attributes wins over what it would inherit.
      if (const auto* level = use.level_of(*c)) {
        if (level->passive) return level->site;
        return std::nullopt;
      }
    }
    // Queues and timers inherit the device's level, which inherits the driver's.
    if (kind == ObjectCreateApi::Object::Queue || kind == ObjectCreateApi::Object::Timer ||
        kind == ObjectCreateApi::Object::File) {
      if (device_passive_) return device_passive_;
      if (driver_passive_) return driver_passive_;
    }
    return std::nullopt;
  }

  // EvtCleanupCallback/EvtDestroyCallback (§4.3): PASSIVE_LEVEL for the objects the framework
  // always cleans up there (WDFMEMORY and WDFLOOKASIDE only from paged pool), and for an object
  // whose own attributes set ExecutionLevel = WdfExecutionLevelPassive; otherwise the documented
  // bound, DISPATCH_LEVEL, as a contract (a warning), whatever the callback's own annotation says.
  void settle_cleanup(const ConfigUse& use, const CreateUse& obj, RoleBinding& b) const {
    const std::string type = obj.api->handle_type;
    const std::string made_by = " created by " + std::string(obj.api->api);
    const PassiveCleanupObject* passive = find_passive_cleanup_object(type);
    if (passive && (!passive->paged_pool_only || obj.paged_pool)) {
      b.irql = Irql::Passive;
      b.note = "cleanup of a " + type + (passive->paged_pool_only ? " from paged pool" : "") +
               made_by + ", which the framework runs at PASSIVE_LEVEL";
      return;
    }
    if (auto level = use.passive_attributes_of(obj)) {
      b.irql = Irql::Passive;
      b.note = "cleanup of a " + type + made_by + " whose ExecutionLevel is Passive (" +
               p_.path(static_cast<uint32_t>(level->file)) + ":" + std::to_string(level->pos.line) +
               ")";
      return;
    }
    b.note = "cleanup of a " + type + made_by + ", which the framework may run at DISPATCH_LEVEL";
  }

  // Applies the driver's configuration to a role registered from `fn` through `config` for the
  // IRP major `irp_major` ("" when the registration names none). Returns the binding it added, or
  // nullptr when it added none: a cleanup callback whose object is not known, or a registration
  // already bound (the same role, line and major).
  RoleBinding* add_configured(FunctionId target, const CallbackRole& role, RoleBinding b,
                              uint32_t f, uint32_t i, const std::string& config,
                              const std::string& irp_major) {
    const Pos pos = b.pos;
    b.irp_major = irp_major;
    const ConfigUse& use = config_use_of(f, i);
    using O = ObjectCreateApi::Object;
    switch (role.governor) {
      case Governor::Queue:
      case Governor::Timer:
      case Governor::File: {
        O kind = role.governor == Governor::Queue   ? O::Queue
                 : role.governor == Governor::Timer ? O::Timer
                                                    : O::File;
        if (const CreateUse* c = use.consumer(config, pos.offset, false)) kind = c->api->object;
        // WdfIoQueueReadyNotify(queue, ...) names the queue object itself, not its config.
        std::string cfg = config;
        for (const auto& [key, other] : uses_)
          for (const CreateUse& c : other.creates)
            if (!c.handle.empty() && last_member(c.handle) == last_member(config) &&
                !c.config.empty() && c.api->object == kind &&
                !use.consumer(config, pos.offset, false)) {
              if (auto passive = passive_for_config(other, c.config, c.offset, kind)) {
                b.irql = Irql::Passive;
                b.note = "ExecutionLevel is Passive (" +
                         p_.path(static_cast<uint32_t>(passive->file)) + ":" +
                         std::to_string(passive->pos.line) + ")";
              }
              cfg.clear();
            }
        if (cfg.empty()) break;
        if (auto passive = passive_for_config(use, config, pos.offset, kind)) {
          b.irql = Irql::Passive;
          b.note = "ExecutionLevel is Passive (" + p_.path(static_cast<uint32_t>(passive->file)) +
                   ":" + std::to_string(passive->pos.line) + ")";
        } else if (role.governor != Governor::File) {
          b.note = role.governor == Governor::Queue
                       ? "the queue's ExecutionLevel is not Passive (nor its device's or driver's)"
                       : "the timer's ExecutionLevel is not Passive";
        }
        break;
      }
      case Governor::Object: {
        const CreateUse* obj = use.consumer(config, pos.offset, true);
        // Unknown object (or WdfObjectAllocateContext on an object of any type): no claim.
        if (!obj || !*obj->api->handle_type) return nullptr;
        settle_cleanup(use, *obj, b);
        break;
      }
      case Governor::Interrupt:  // below, once the config is known
      case Governor::None:
        break;
    }
    // KMDF passive-level interrupts (WDF_INTERRUPT_CONFIG.PassiveHandling = TRUE) run their ISR,
    // enable/disable and synchronize callbacks at PASSIVE_LEVEL holding a wait lock (§4.3).
    if (role.governor == Governor::Interrupt) {
      auto passive = use.passive_interrupts.find(config);
      if (passive != use.passive_interrupts.end()) {
        b.irql = Irql::Passive;
        b.note = "a passive-level interrupt (" + passive->second.text + " at " +
                 p_.path(static_cast<uint32_t>(passive->second.file)) + ":" +
                 std::to_string(passive->second.pos.line) + ")";
      }
    }
    // `MajorFunction[IRP_MJ_CREATE] = MajorFunction[IRP_MJ_CLOSE] = Fn;` registers Fn twice on
    // one line, once for each major.
    auto& roles = out_[target.file][target.index].roles;
    for (const RoleBinding& existing : roles)
      if (existing.role == b.role && existing.file == b.file && existing.pos.line == b.pos.line &&
          existing.irp_major == b.irp_major)
        return nullptr;
    roles.push_back(std::move(b));
    return &roles.back();
  }

  void declared_roles() {
    auto by_annotation = [&](std::span<const Annotation> anns, FunctionId id, uint32_t file) {
      for (const Annotation& a : anns) {
        if (a.name != "_Function_class_" && a.name != "__drv_functionClass") continue;
        std::string role_name = plain_name(a.args);
        if (const CallbackRole* role = find_role(role_name))
          add(id, binding(*role, RoleBinding::Source::FunctionClass, a.name + "(" + a.args + ")",
                          static_cast<int32_t>(file), a.pos));
      }
    };
    for (uint32_t f = 0; f < p_.files.size(); ++f) {
      const FileFacts& ff = *p_.files[f];
      for (uint32_t i = 0; i < ff.functions.size(); ++i)
        by_annotation(ff.functions[i].annotations, {f, i}, f);
      for (const Declaration& d : ff.declarations) {
        auto it = p_.by_name.find(d.name);
        if (it == p_.by_name.end()) continue;
        const CallbackRole* role = d.type.empty() ? nullptr : find_role(d.type);
        for (FunctionId id : it->second) {
          RoleBinding* added = role ? add(id, binding(*role, RoleBinding::Source::Declaration,
                                                      d.type, static_cast<int32_t>(f), d.pos))
                                    : nullptr;
          // `_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH DispatchCreate;`
          if (added)
            for (const Annotation& a : d.annotations)
              if (a.name == "_Dispatch_type_" || a.name == "__drv_dispatchType") {
                added->note = plain_name(a.args);
                if (added->note.rfind("IRP_MJ_", 0) == 0) added->irp_major = added->note;
              }
          by_annotation(d.annotations, id, f);
        }
      }
    }
  }

  void registered_roles() {
    for (uint32_t f = 0; f < p_.files.size(); ++f) {
      const FileFacts& ff = *p_.files[f];
      for (uint32_t i = 0; i < ff.functions.size(); ++i) {
        const Function& fn = ff.functions[i];
        FunctionId here{f, i};
        // Registrations written inside the unit's function-like macros count where the macro is
        // used: `#define INIT_POLL_DPC(e) KeInitializeDpc(&(e)->Dpc, PollDpc, (e))`.
        std::vector<Call> calls = fn.calls.to_vector();
        for (const Call& c : fn.calls) {
          auto m = p_.macros.find(c.callee);
          if (m == p_.macros.end()) continue;
          const MacroDef& def = p_.files[m->second.first]->macros[m->second.second];
          if (def.function_like)
            for (Call inner : macro_calls(def, c.args, c.pos)) calls.push_back(std::move(inner));
        }
        for (const Call& c : calls) {
          // Routines reached through a table of function pointers register by their member name:
          // `Adapter->DmaOperations->GetScatterGatherList(...)`.
          std::string api = c.callee;
          size_t arrow = api.rfind("->");
          if (arrow != std::string::npos) api = api.substr(arrow + 2);
          for_each_arg_registration(api, [&](const ArgRegistration& reg) {
            if (reg.arg < 0 || static_cast<size_t>(reg.arg) >= c.args.size()) return;
            auto target = r_.function_named(c.args[reg.arg], here);
            const CallbackRole* role = find_role(reg.role);
            if (!target || !role) return;
            std::string config = c.args.empty() ? std::string() : strip_address_of(c.args[0]);
            std::string major = irp_major_argument(c);
            RoleBinding* added =
                add_configured(*target, *role,
                               binding(*role, RoleBinding::Source::RegistrationCall, api,
                                       static_cast<int32_t>(f), c.pos),
                               f, i, config, major);
            // A WDM IRP preprocess/dispatch callback runs at the IRQL its IRPs arrive at.
            if (added && !major.empty() && irp_major_arrives_at_passive(major) &&
                added->irql > Irql::Passive) {
              added->irql = Irql::Passive;
              added->note = major + " requests arrive at PASSIVE_LEVEL";
            }
          });
        }
        for (const Assignment& a : fn.assignments)
          if (a.op == "=") field_registration(fn, a, f, i);
      }
      for (const DataItem& d : ff.data) initializer_registrations(d, f);
    }
  }

  // A global structure's initializer registers each function by the field it fills: by position,
  // `const WSK_CLIENT_CONNECTION_DISPATCH d = { RecvFn, DiscFn, NULL };`, or by designator,
  // `{ .WskReceiveEvent = RecvFn }`.
  void initializer_registrations(const DataItem& d, uint32_t f) {
    for (size_t k = 0; k < d.initializer_elements.size(); ++k) {
      const std::string& element = d.initializer_elements[k];
      std::string field, value = element;
      const char* role_name = nullptr;
      if (element.rfind('.', 0) == 0) {
        size_t eq = element.find('=');
        if (eq == std::string::npos) continue;
        field = plain_name(element.substr(1, eq - 1));
        value = element.substr(eq + 1);
        if (const FieldRegistration* reg = find_field_registration(field)) role_name = reg->role;
      } else {
        for (const PositionalRegistration& r : positional_registrations())
          if (d.type == r.type && static_cast<size_t>(r.index) == k) {
            field = r.field;
            role_name = r.role;
          }
      }
      const CallbackRole* role = role_name ? find_role(role_name) : nullptr;
      auto target = role ? function_at_file_scope(value, f) : std::nullopt;
      if (!target) continue;
      RoleBinding b = binding(*role, RoleBinding::Source::RegistrationField, d.name + "." + field,
                              static_cast<int32_t>(f), d.pos);
      b.value = plain_name(value);
      add(*target, std::move(b));
    }
  }

  // The function a global's initializer names: the definition in the same file first (a static
  // function), else the unit's.
  std::optional<FunctionId> function_at_file_scope(const std::string& expression,
                                                   uint32_t f) const {
    auto it = p_.by_name.find(plain_name(expression));
    if (it == p_.by_name.end() || it->second.empty()) return std::nullopt;
    for (FunctionId id : it->second)
      if (id.file == f) return id;
    return it->second.front();
  }

  // `cfg.EvtIoRead = Fn`, `DriverObject->MajorFunction[IRP_MJ_READ] = Fn`.
  void field_registration(const Function& fn, const Assignment& a, uint32_t f, uint32_t i) {
    FieldRef ref = split_field(a.lhs);
    const FieldRegistration* reg = find_field_registration(ref.field);
    if (!reg) return;
    auto target = r_.function_named(assigned_value(a.rhs), {f, i});
    const CallbackRole* role = find_role(reg->role);
    if (!target || !role) return;
    for (const std::string& major : majors_registered(fn, a, ref)) {
      RoleBinding b = binding(*role, RoleBinding::Source::RegistrationField, a.lhs,
                              static_cast<int32_t>(f), a.pos);
      b.value = plain_name(assigned_value(a.rhs));
      RoleBinding* added = add_configured(*target, *role, std::move(b), f, i, ref.base, major);
      if (!added) continue;
      if (!ref.index.empty()) added->note = major.empty() ? ref.index : major;
      // Other drivers may send these at up to DISPATCH_LEVEL (IRP_MJ_INTERNAL_DEVICE_CONTROL).
      const IrpMajor* mj = find_irp_major(major);
      if (mj && mj->up_to_dispatch && added->irql < Irql::Dispatch) {
        added->irql = Irql::Dispatch;
        added->certain = false;
      }
      // IoConnectInterruptEx, CONNECT_FULLY_SPECIFIED with Irql = SynchronizeIrql =
      // PASSIVE_LEVEL: a passive-level ISR (Windows 8 and later, §5.1).
      if (added->irql > Irql::Passive && lowered_by_settings(fn, ref.base, ref.field)) {
        added->irql = Irql::Passive;
        added->note = "a passive-level interrupt (" + ref.base +
                      ".Irql and .SynchronizeIrql are PASSIVE_LEVEL)";
      }
    }
  }

  // The IRP majors an assignment registers its routine for: none ("") for a field that is no
  // array; the one it names, `MajorFunction[IRP_MJ_READ]`; or, for an index that is a variable
  // (`for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = Fn;`),
  // every major that no later assignment of the function gives to another routine.
  static std::vector<std::string> majors_registered(const Function& fn, const Assignment& a,
                                                    const FieldRef& ref) {
    bool variable = !ref.index.empty() && ref.index.rfind("IRP_MJ_", 0) != 0 &&
                    (std::isalpha(static_cast<unsigned char>(ref.index[0])) || ref.index[0] == '_');
    if (!variable) return {ref.index.rfind("IRP_MJ_", 0) == 0 ? ref.index : std::string()};
    std::set<uint8_t> replaced;
    for (const Assignment& later : fn.assignments) {
      if (later.pos.offset <= a.pos.offset || later.op != "=") continue;
      FieldRef r = split_field(later.lhs);
      const IrpMajor* m = find_irp_major(r.index);
      if (m && r.field == ref.field && r.base == ref.base) replaced.insert(m->code);
    }
    std::vector<std::string> out;
    std::set<uint8_t> seen;  // aliases after their primary name
    for (const IrpMajor& m : irp_majors())
      if (!replaced.count(m.code) && seen.insert(m.code).second) out.push_back(m.name);
    return out;
  }

  // Where a callback is registered is more specific than its typedef declaration: it knows the
  // object and its configuration (a queue's or timer's ExecutionLevel, a passive-level
  // interrupt). So a registration replaces the declaration's claim for the same role. Without a
  // visible registration, a cleanup callback's object is unknown, and pagewise makes no claim
  // (most objects clean up at PASSIVE_LEVEL).
  void settle_governed() {
    for (auto& file : out_)
      for (FunctionInference& inf : file) {
        auto registered = [&](const std::string& role) {
          for (const RoleBinding& b : inf.roles)
            if (b.role == role && is_registration(b)) return true;
          return false;
        };
        std::vector<RoleBinding> kept;
        for (RoleBinding& b : inf.roles) {
          bool declared = !is_registration(b);
          if (declared && registered(b.role)) continue;
          const CallbackRole* role = find_role(b.role);
          if (role && role->governor == Governor::Object && declared) {
            b.irql = Irql::Passive;
            b.note = "the object it cleans up is not known, so its IRQL is not either";
          }
          kept.push_back(std::move(b));
        }
        inf.roles = std::move(kept);
      }
  }

  void entry_point() {
    // The loader calls DriverEntry (through the WDK's GsDriverEntry) at PASSIVE_LEVEL.
    auto it = p_.by_name.find("DriverEntry");
    if (it == p_.by_name.end()) return;
    const CallbackRole* role = find_role("DRIVER_INITIALIZE");
    if (!role) return;
    for (FunctionId id : it->second)
      add(id, binding(*role, RoleBinding::Source::EntryPoint, std::string(),
                      static_cast<int32_t>(id.file), p_.function(id).name_pos));
  }

  const Program& p_;
  const Resolver& r_;
  std::vector<std::vector<FunctionInference>>& out_;
  // What each function configures, for the functions that configure something.
  std::map<std::pair<uint32_t, uint32_t>, ConfigUse> uses_;

  const ConfigUse& config_use_of(uint32_t f, uint32_t i) const {
    static const ConfigUse kNothing;
    auto it = uses_.find({f, i});
    return it == uses_.end() ? kNothing : it->second;
  }
  std::optional<Site> device_passive_, driver_passive_;
};

}  // namespace

std::string how_bound(const RoleBinding& b) {
  using S = RoleBinding::Source;
  switch (b.source) {
    case S::Declaration:
      return "declared as " + b.written;
    case S::FunctionClass:
      return "declared with " + b.written;
    case S::RegistrationCall:
      return "registered as " + b.role + " by " + b.written + "(...)";
    case S::RegistrationField:
      return "registered as " + b.role + " by " + b.written + " = " + b.value;
    case S::EntryPoint:
      return "the driver's entry point";
  }
  return {};
}

void bind_roles(const Program& p, const Resolver& r,
                std::vector<std::vector<FunctionInference>>& out) {
  RoleBinder(p, r, out).run();
}

std::vector<std::string> passive_interrupt_objects(const Program& p) {
  // WdfInterruptCreate(Device, &config, &attributes, &Interrupt) with config.PassiveHandling =
  // TRUE.
  std::vector<std::string> out;
  for (const FileFacts* ff : p.files)
    for (const Function& fn : ff->functions)
      for (const Call& c : fn.calls) {
        const ObjectCreateApi* api = find_object_create_api(c.callee);
        if (!api || api->object != ObjectCreateApi::Object::Interrupt || api->config_arg < 0)
          continue;
        // The interrupt object is the out-parameter after the config and the attributes.
        size_t handle = static_cast<size_t>(std::max(api->config_arg, api->attributes_arg)) + 1;
        if (c.args.size() <= handle) continue;
        std::string config = strip_address_of(c.args[static_cast<size_t>(api->config_arg)]);
        if (sets_passive(fn, config, passive_setting(PS::PassiveHandling)))
          out.push_back(last_member(strip_address_of(c.args[handle])));
      }
  return out;
}

bool unit_uses_passive_execution_level(const Program& p) {
  for (const FileFacts* ff : p.files)
    for (const Function& fn : ff->functions)
      for (const Assignment& a : fn.assignments)
        if (is_passive_level(a.rhs)) return true;
  return false;
}

}  // namespace pagewise
