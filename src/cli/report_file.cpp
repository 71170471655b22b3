#include "cli/report_file.hpp"

#include "platform/platform.hpp"

namespace pagewise {

bool write_report_file(const std::string& path, const std::function<void(std::ostream&)>& render,
                       std::string& error) {
  return platform::write_file_atomically(path, render, error);
}

void remove_partial_report_on_signal() { platform::remove_partial_file_on_stop(); }

}  // namespace pagewise
