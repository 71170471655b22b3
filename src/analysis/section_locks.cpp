#include "analysis/section_locks.hpp"

#include "knowledge/limits.hpp"

namespace pagewise {

namespace {

// Roles during which a driver typically locks a section for as long as the device is open or
// started (kernel/locking-pageable-code-or-data: "usually ... in DispatchCreate", unlocked in
// close, shutdown or unload).
bool opens_device(const RoleBinding& b) {
  if (b.role == "DRIVER_DISPATCH") return b.note == "IRP_MJ_CREATE";
  static const char* const kRoles[] = {
      "EVT_WDF_DEVICE_FILE_CREATE",      "DRIVER_ADD_DEVICE",
      "EVT_WDF_DRIVER_DEVICE_ADD",       "DRIVER_INITIALIZE",
      "EVT_WDF_DEVICE_PREPARE_HARDWARE", "EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT",
  };
  for (const char* r : kRoles)
    if (b.role == r) return true;
  return false;
}

// The open-time role of `id` or of one of its callers (one level: lock helpers are small).
const RoleBinding* open_role(const Model& m, FunctionId id) {
  for (const RoleBinding& b : m.at(id).roles) {
    if (opens_device(b)) return &b;
    // A dispatch routine known only by its declaration: its name says whether it opens.
    if (b.role == "DRIVER_DISPATCH" && b.note.empty()) {
      const std::string& name = m.program.function(id).name;
      if (name.find("Create") != std::string::npos || name.find("Open") != std::string::npos)
        return &b;
    }
  }
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const CallEdge& e : m.inferred[f][i].calls)
        if (e.callee == id)
          for (const RoleBinding& b : m.inferred[f][i].roles)
            if (opens_device(b)) return &b;
  return nullptr;
}

void find_section_unlocks(Model& m) {
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls)
        if (const SectionApi* api = find_section_api(c.callee))
          if (api->kind == SectionApi::Kind::Unlock)
            m.section_unlocks.push_back({{f, i}, c.pos, c.callee});
}

bool declares_locked(const Function& fn) {
  for (const PagedCodeSite& s : fn.paged_code)
    if (s.macro == "PAGED_CODE_LOCKED") return true;
  return false;
}

// The lock that keeps `id` resident whenever it runs (kernel/locking-pageable-code-or-data: code
// of a section locked with MmLockPagableCodeSection stays resident until the matching
// MmUnlockPagableImageSection). A lock held while the device is open covers every function of the
// section; a lock held between a lock at one time (binding, registration, initialization) and an
// unlock at another covers the functions that say they only run locked (PAGED_CODE_LOCKED()): the
// driver's own word on the order, which pagewise does not prove.
int32_t keeping_lock(const Model& m, FunctionId id) {
  const std::string& section = m.program.placement_of(id).section;
  int32_t held = -1;
  for (size_t l = 0; l < m.section_locks.size(); ++l) {
    const SectionLock& lock = m.section_locks[l];
    if (lock.section != section) continue;
    if (lock.while_open) return static_cast<int32_t>(l);
    if (lock.held && held < 0) held = static_cast<int32_t>(l);
  }
  if (held >= 0 && !m.section_unlocks.empty() && declares_locked(m.program.function(id)))
    return held;
  return -1;
}

void mark_kept_locked(Model& m) {
  if (m.section_locks.empty()) return;
  const Program& p = m.program;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      if (p.placement_of(FunctionId{f, i}).cls == SectionClass::Pageable)
        m.inferred[f][i].kept_locked = keeping_lock(m, {f, i});
}

}  // namespace

void find_section_locks(Model& m, const Resolver& r) {
  const Program& p = m.program;
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> data_by_name;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->data.size(); ++i)
      data_by_name.emplace(p.files[f]->data[i].name, std::make_pair(f, i));
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const ApiCall& c : m.inferred[f][i].api_calls) {
        const SectionApi* api = find_section_api(c.callee);
        if (!api || api->kind != SectionApi::Kind::LockByAddress || c.args.empty()) continue;
        SectionLock lock;
        lock.locker = {f, i};
        lock.pos = c.pos;
        lock.api = c.callee;
        lock.address = c.args[0];
        if (auto fn = r.function_named(c.args[0], {f, i})) {
          lock.names_function = true;
          lock.function = *fn;
          lock.section = p.placement_of(*fn).section;
          lock.cls = p.placement_of(*fn).cls;
        } else {
          auto d = data_by_name.find(plain_name(c.args[0]));
          if (d == data_by_name.end()) continue;
          lock.data = {d->second.first, d->second.second};
          lock.section = p.placement_of(lock.data).section;
          lock.cls = p.placement_of(lock.data).cls;
        }
        // Unlocked again before the function returns: not held while the device is open.
        bool unlocked_here = false;
        for (const ApiCall& u : m.inferred[f][i].api_calls)
          if (const SectionApi* ua = find_section_api(u.callee))
            unlocked_here |= ua->kind == SectionApi::Kind::Unlock && u.pos.offset > c.pos.offset;
        lock.held = !unlocked_here;
        if (const RoleBinding* b = unlocked_here ? nullptr : open_role(m, {f, i})) {
          lock.while_open = true;
          lock.open_role =
              b->role + (b->role == "DRIVER_DISPATCH" ? " for " + b->note : std::string());
        }
        m.section_locks.push_back(std::move(lock));
      }
  find_section_unlocks(m);
  mark_kept_locked(m);
}

}  // namespace pagewise
