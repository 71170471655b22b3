// Writing a report to -o FILE, all or nothing: the report goes to a temporary file beside FILE and
// is renamed over it once complete, so a full disk, a write error or an interrupt never leaves a
// truncated report where a complete one (or none) was.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace pagewise {

// Writes what `render` produces to `path`. False, with `error` saying what failed and why, when
// the report could not be written whole; `path` is then as it was before.
bool write_report_file(const std::string& path, const std::function<void(std::ostream&)>& render,
                       std::string& error);

// SIGINT, SIGTERM and SIGHUP remove the temporary file of a report being written, then end the
// process by the same signal (a shell shows status 128 + N: 130, 143). Signals the caller ignores
// (nohup) stay ignored. On Windows, Ctrl+C, Ctrl+Break and closing the console remove it.
void remove_partial_report_on_signal();

}  // namespace pagewise
