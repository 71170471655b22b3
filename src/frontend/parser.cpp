#include "frontend/parser.hpp"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>
#include <string>

extern "C" const TSLanguage* tree_sitter_c(void);
extern "C" const TSLanguage* tree_sitter_cpp(void);

namespace pagewise {

namespace {

std::string lower_extension(std::string_view path) {
  auto slash = path.find_last_of("/\\");
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

TSParser* make_parser(const TSLanguage* lang, const char* what) {
  TSParser* p = ts_parser_new();
  if (!ts_parser_set_language(p, lang)) {
    ts_parser_delete(p);
    throw std::runtime_error(std::string("tree-sitter rejected the ") + what +
                             " grammar (ABI out of the runtime's range)");
  }
  return p;
}

}  // namespace

Language language_for_path(std::string_view path) {
  return lower_extension(path) == "c" ? Language::C : Language::Cpp;
}

bool is_source_path(std::string_view path) {
  static const char* const kExts[] = {"c", "cc", "cpp", "cxx", "h", "hh", "hpp", "hxx", "inl"};
  auto ext = lower_extension(path);
  return std::any_of(std::begin(kExts), std::end(kExts), [&](const char* e) { return ext == e; });
}

Tree& Tree::operator=(Tree&& o) noexcept {
  if (this != &o) {
    if (tree_) ts_tree_delete(tree_);
    tree_ = o.tree_;
    o.tree_ = nullptr;
  }
  return *this;
}

Tree::~Tree() {
  if (tree_) ts_tree_delete(tree_);
}

Parser::Parser() {
  c_ = make_parser(tree_sitter_c(), "C");
  cpp_ = make_parser(tree_sitter_cpp(), "C++");
}

Parser::~Parser() {
  ts_parser_delete(c_);
  ts_parser_delete(cpp_);
}

Tree Parser::parse(std::string_view text, Language lang) {
  TSParser* p = lang == Language::C ? c_ : cpp_;
  ts_parser_reset(p);
  return Tree(ts_parser_parse_string(p, nullptr, text.data(), static_cast<uint32_t>(text.size())));
}

std::string grammar_self_check() {
  try {
    Parser parser;
    const char* snippet = "int f(int x) { return x + 1; }\n";
    for (Language lang : {Language::C, Language::Cpp}) {
      Tree t = parser.parse(snippet, lang);
      if (!t) return "tree-sitter returned no tree for a one-line snippet";
      if (ts_node_has_error(ts_tree_root_node(t.get())))
        return std::string("the ") + (lang == Language::C ? "C" : "C++") +
               " grammar reports errors on a one-line snippet";
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace pagewise
