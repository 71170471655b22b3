#include "text/text.hpp"

namespace pagewise {

std::string_view trim_front(std::string_view s, std::string_view chars) {
  size_t first = s.find_first_not_of(chars);
  return s.substr(first == std::string_view::npos ? s.size() : first);
}

std::string_view trim_back(std::string_view s, std::string_view chars) {
  size_t last = s.find_last_not_of(chars);
  return s.substr(0, last == std::string_view::npos ? 0 : last + 1);
}

std::string_view trim(std::string_view s, std::string_view chars) {
  return trim_back(trim_front(s, chars), chars);
}

}  // namespace pagewise
