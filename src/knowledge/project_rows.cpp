#include "knowledge/project_rows.hpp"

#include <deque>

namespace pagewise {

namespace {

// std::deque keeps addresses stable as rows are added, so a returned pointer and the names the
// rows point into stay valid until clear_project_rows().
struct ProjectRows {
  std::deque<std::string> strings;
  std::deque<LockApi> lock_apis;
  std::deque<CallbackRole> roles;

  const char* keep(const char* s) {
    if (s == nullptr) return nullptr;
    strings.emplace_back(s);
    return strings.back().c_str();
  }
};

ProjectRows& rows() {
  static ProjectRows r;
  return r;
}

}  // namespace

void add_project_lock_api(const LockApi& row) {
  LockApi copy = row;
  copy.name = rows().keep(row.name);
  copy.source = rows().keep(row.source);
  copy.global_lock = rows().keep(row.global_lock);
  rows().lock_apis.push_back(copy);
}

void add_project_role(const CallbackRole& row) {
  CallbackRole copy = row;
  copy.name = rows().keep(row.name);
  copy.source = rows().keep(row.source);
  rows().roles.push_back(copy);
}

void clear_project_rows() {
  rows().lock_apis.clear();
  rows().roles.clear();
  rows().strings.clear();
}

bool has_project_rows() { return !rows().lock_apis.empty() || !rows().roles.empty(); }

const LockApi* find_project_lock_api(std::string_view name) {
  for (const LockApi& a : rows().lock_apis)
    if (name == a.name) return &a;
  return nullptr;
}

const CallbackRole* find_project_role(std::string_view name) {
  for (const CallbackRole& r : rows().roles)
    if (name == r.name) return &r;
  return nullptr;
}

}  // namespace pagewise
