#include "frontend/extract.hpp"

#include <algorithm>

#include "frontend/extract_walker.hpp"

namespace pagewise {

namespace syntax {

void Walker::run(TSNode root) {
  TSTreeCursor cur = ts_tree_cursor_new(root);
  // Depth-first with one cursor: no recursion, so deeply nested input cannot exhaust the stack.
  uint32_t depth = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cur);
    bool descend = enter(node, ts_tree_cursor_current_field_id(&cur), depth);
    if (descend && ts_tree_cursor_goto_first_child(&cur)) {
      ++depth;
      continue;
    }
    for (;;) {
      leave(ts_tree_cursor_current_node(&cur));
      if (ts_tree_cursor_goto_next_sibling(&cur)) break;
      if (!ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
      }
      --depth;
    }
  }
}

bool Walker::enter(TSNode n, TSFieldId field, uint32_t depth) {
  if (ts_node_is_missing(n)) ++out_.parse.error_nodes;
  Kind k = kind(n);
  if (k == kError) ++out_.parse.error_nodes;
  Scope* fn = current_function();
  if (fn) return enter_in_function(n, k, field, depth, *fn);
  switch (k) {
    case kFunctionDefinition:
      begin_function(n);
      return true;
    case kDeclaration:
      file_declaration(n);
      return false;
    case kFieldDeclaration:
      field_declaration(n);
      return has_class_body_inside(n);  // a nested class: its methods are functions too
    case kClassSpecifier:
    case kStructSpecifier:
    case kUnionSpecifier:
      return begin_class(n);
    case kTypeDefinition:
      note_typedef_names(n);
      return true;
    case kTranslationUnit:
    case kError:
    case kFieldDeclarationList:
    case kPreprocIf:
    case kPreprocIfdef:
    case kPreprocElse:
    case kPreprocElif:
    case kPreprocElifdef:
    case kLinkageSpecification:
    case kDeclarationList:
    case kNamespaceDefinition:
    case kTemplateDeclaration:
    case kCompoundStatement:  // a body detached from its header by a parse error
      return true;
    default:
      // Types may hold class bodies with inline methods: `typedef struct X { ... } X;`
      return k == kOther && ts_node_child_count(n) > 0 && ts_node_named_child_count(n) < 64 &&
             ts_node_is_named(n) && has_class_body_inside(n);
  }
}

void Walker::leave(TSNode n) {
  if (scopes_.empty()) return;
  if (scopes_.back().type == Scope::Function) leave_in_function(n, scopes_.back());
  const Scope& s = scopes_.back();
  if (s.node_start == ts_node_start_byte(n) && s.node_end == ts_node_end_byte(n) &&
      s.symbol == ts_node_symbol(n)) {
    if (s.type == Scope::Function) {
      Function& f = out_.functions[s.function_index];
      if (ts_node_has_error(n)) {
        TSNode body = ts_node_child_by_field_id(n, g_.f_body);
        f.body_error = !ts_node_is_null(body) && ts_node_has_error(body);
      }
    }
    scopes_.pop_back();
  }
}

void Walker::finish() {
  // Drop the placeholders of unusable function nodes.
  out_.functions.erase(std::remove_if(out_.functions.begin(), out_.functions.end(),
                                      [](const Function& f) { return f.name.empty(); }),
                       out_.functions.end());
}

}  // namespace syntax

Extraction::Extraction(const ExtractInput& in, FileFacts& out)
    : walker_(std::make_unique<syntax::Walker>(syntax::grammar(out.language), in, out)),
      out_(out) {}

Extraction::~Extraction() = default;

void Extraction::add(const Tree& tree) {
  if (!tree) return;
  TSNode root = ts_tree_root_node(tree.get());
  out_.parse.has_error = out_.parse.has_error || ts_node_has_error(root);
  walker_->run(root);
}

void Extraction::finish() { walker_->finish(); }

void extract(const Tree& tree, const ExtractInput& in, FileFacts& out) {
  if (!tree) return;
  Extraction e(in, out);
  e.add(tree);
  e.finish();
}

}  // namespace pagewise
