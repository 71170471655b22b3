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
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
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

Tree Parser::parse(std::string_view text, Language lang, const Chunk& piece) {
  if (piece.begin == 0 && piece.end == text.size()) return parse(text, lang);
  TSParser* p = lang == Language::C ? c_ : cpp_;
  ts_parser_reset(p);
  TSRange range{{piece.begin_point.row, piece.begin_point.column},
                {piece.end_point.row, piece.end_point.column},
                piece.begin,
                piece.end};
  ts_parser_set_included_ranges(p, &range, 1);
  Tree tree(ts_parser_parse_string(p, nullptr, text.data(), static_cast<uint32_t>(text.size())));
  ts_parser_set_included_ranges(p, nullptr, 0);  // the next parse reads its whole text again
  return tree;
}

uint32_t large_top_level_error(const Tree& tree, uint32_t min_lines) {
  if (!tree) return UINT32_MAX;
  TSNode root = ts_tree_root_node(tree.get());
  if (!ts_node_has_error(root)) return UINT32_MAX;
  TSTreeCursor cur = ts_tree_cursor_new(root);
  uint32_t found = UINT32_MAX;
  if (ts_tree_cursor_goto_first_child(&cur)) {
    do {
      TSNode n = ts_tree_cursor_current_node(&cur);
      if (!ts_node_has_error(n)) continue;
      uint32_t lines = ts_node_end_point(n).row - ts_node_start_point(n).row + 1;
      bool to_end = ts_node_end_point(root).row - ts_node_end_point(n).row <= 1;
      // A large ERROR, or any broken top-level construct (not a function) that runs to the end.
      // (`int garbage { ...` reads as a "function" whose declarator is no function declarator.)
      bool function = std::strcmp(ts_node_type(n), "function_definition") == 0;
      if (function) {
        TSNode d = ts_node_child_by_field_name(n, "declarator", 10);
        function = !ts_node_is_null(d) && std::strcmp(ts_node_type(d), "identifier") != 0;
      }
      bool swallowing =
          (ts_node_is_error(n) && lines >= min_lines) || (to_end && lines >= 3 && !function);
      if (swallowing) {
        found = ts_node_start_byte(n);
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&cur));
  }
  ts_tree_cursor_delete(&cur);
  return found;
}

uint32_t count_function_definitions(const Tree& tree) {
  if (!tree) return 0;
  TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree.get()));
  uint32_t n = 0;
  for (;;) {
    // A definition inside another one is the damage talking (a swallowed file), not a function.
    bool function =
        std::strcmp(ts_node_type(ts_tree_cursor_current_node(&cur)), "function_definition") == 0;
    if (function) ++n;
    if (!function && ts_tree_cursor_goto_first_child(&cur)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cur))
      if (!ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        return n;
      }
  }
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
