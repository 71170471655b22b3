// Knowledge rows a project adds in its `.pagewise.toml` (its own lock helpers and callback role
// typedefs), with the same fields as the built-in tables. The look-ups (find_lock_api, find_role)
// consult them after the built-in rows. They are set before an analysis starts and only read
// while it runs, so worker threads share them without locking.
#pragma once

#include <string>

#include "knowledge/apis.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {

// A lock helper row; its strings are copied, so the caller's may go away.
void add_project_lock_api(const LockApi& row);
// A callback role row; its strings are copied.
void add_project_role(const CallbackRole& row);
// Forgets every project row (the next analysis may be of another project).
void clear_project_rows();
// Whether the project added any row (results that depend on the knowledge tables are then not
// reused from an earlier run).
bool has_project_rows();

const LockApi* find_project_lock_api(std::string_view name);
const CallbackRole* find_project_role(std::string_view name);

}  // namespace pagewise
