// Text made safe for an HTML page: whatever bytes a source file or a message holds, the page stays
// well-formed UTF-8 and shows them as text, never as markup.
#pragma once

#include <string>
#include <string_view>

namespace pagewise {

// `s` as valid UTF-8: every byte that does not start or continue a well-formed sequence (overlong
// forms, surrogates and code points above U+10FFFF included) becomes U+FFFD. Control characters
// other than tab and newline become U+FFFD too, except form feed and carriage return, which old
// sources use as whitespace and which become a space.
std::string valid_utf8(std::string_view s);

// valid_utf8(s) with & < > " ' written as character references, fit for text and quoted
// attribute values alike.
std::string html_escape(std::string_view s);

// html_escape(s), with each `backtick span` of a message set as <code>: the rules quote the code
// to add that way. Unbalanced backticks are left as they are.
std::string html_message(std::string_view s);

}  // namespace pagewise
