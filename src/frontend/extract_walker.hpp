// The walker of extract: one pass over a file's syntax tree, at file scope reading declarations
// (extract_declarations.cpp) and inside a function its body's steps, calls and name uses
// (extract_body.cpp); extract.cpp drives the walk.
#pragma once

#include <tree_sitter/api.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/conditions.hpp"
#include "frontend/extract.hpp"
#include "frontend/extract_grammar.hpp"

namespace pagewise::syntax {

class Walker {
 public:
  Walker(const Grammar& g, const ExtractInput& in, FileFacts& out) : g_(g), in_(in), out_(out) {}

  // Walks one tree: the whole file's, or one piece's of a file parsed in pieces, in order.
  void run(TSNode root);
  // After the last tree: drops the placeholders of unusable function nodes.
  void finish();

 private:
  // A step of the function's body that is still open: closed when its node is left.
  struct OpenStep {
    uint32_t step;   // index into Function::steps
    uint32_t depth;  // cursor depth of its node
    uint32_t node_start, node_end;
    TSSymbol symbol;
  };

  struct Scope {
    enum Type : uint8_t { Function, Class } type;
    uint32_t node_start, node_end;  // identifies the node that opened the scope
    TSSymbol symbol;
    size_t function_index = 0;  // into out_.functions
    uint32_t body_start = 0, body_end = 0;
    std::string class_name;
    std::vector<OpenStep> open;  // Function: the open steps, innermost last
  };

  Kind kind(TSNode n) const {
    TSSymbol s = ts_node_symbol(n);
    return s < g_.kind_of.size() ? g_.kind_of[s] : kOther;
  }

  std::string_view text(TSNode n) const {
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > in_.original.size()) e = static_cast<uint32_t>(in_.original.size());
    if (b > e) b = e;
    return in_.original.substr(b, e - b);
  }

  bool inactive(uint32_t offset) const { return inactive_range_at(out_.inactive, offset); }

  // A node wholly inside a branch the build switches off (`#if 0`, `#if DBG` in a release
  // build): not compiled, so none of its calls, assignments or uses are facts.
  bool compiled_out(TSNode n) const {
    const InactiveRange* r = inactive_range_at(out_.inactive, ts_node_start_byte(n));
    return r && ts_node_end_byte(n) <= r->end;
  }

  Scope* current_function() {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
      if (it->type == Scope::Function) return &*it;
    return nullptr;
  }

  std::string current_class() const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (it->type == Scope::Function) return {};
      if (it->type == Scope::Class) return it->class_name;
    }
    return {};
  }

  // ---- the walk (extract.cpp) ----

  bool enter(TSNode n, TSFieldId field, uint32_t depth);

  void leave(TSNode n);

  // ---- file scope: functions, classes, declarations, data (extract_declarations.cpp) ----

  // A class, struct or union with a body: its scope names its methods, and a named one (or one a
  // typedef names) is recorded. False when there is no body to walk.
  bool begin_class(TSNode n);

  // `typedef struct _X { ... } X, *PX;`: the struct that follows is also called X.
  void note_typedef_names(TSNode n);
  void class_fields(TSNode body, ClassDecl& c, bool top);
  void function_parameters(TSNode fdecl, Function& f);

  bool has_class_body_inside(TSNode n) const;

  // Follows a declarator through its wrappers (pointer, reference, attributes, initializer,
  // parentheses, and array brackets when `through_arrays`) down to a node of kind `target`; a null
  // node when another kind comes first.
  TSNode unwrap_declarator(TSNode d, Kind target, bool through_arrays) const;

  // Follows a declarator down to the function_declarator inside it, if any.
  TSNode find_function_declarator(TSNode d) const;

  // The name node of a declarator that is not a function: `x`, `*x`, `x[4]`, `x = 1`.
  TSNode find_plain_name(TSNode d) const;

  // A function declarator's name, white space removed. A macro the pre-pass does not know between
  // the return type and the name (`VOID DECO CFoo::Bar()`, `VOID DECO Bar()`) is parsed into the
  // name, as its scope before an ERROR or a MISSING `::`: that word is left out, so the name is
  // `CFoo::Bar`, not `DECOCFoo::Bar`.
  std::string declarator_name(TSNode name) const;
  bool is_pointer_declarator(TSNode d) const;  // `*x`, `*x = v`

  bool has_specifier(TSNode n, std::initializer_list<std::string_view> words) const;

  bool only_space_and_comments(uint32_t b, uint32_t e) const;

  // Recorded pre-pass items that belong to a declaration starting at `start` whose name starts at
  // `name_start`: those just before it (separated only by white space, which includes other
  // blanked items) and those between its start and its name.
  std::vector<Annotation> items_for(uint32_t start, uint32_t name_start) const;

  void begin_function(TSNode n);

  void file_declaration(TSNode n);

  // The global data a file-scope declarator `d` declares (outside classes).
  DataItem data_item(TSNode d, const Declaration& decl, const std::string& type_text, bool is_const,
                     bool is_extern);

  // Identifiers anywhere in a file-scope initializer, each once. Iterative: a generated table can
  // nest deeper than the stack allows.
  void initializer_names(TSNode value, std::vector<std::string>& out);

  void field_declaration(TSNode n);

  // ---- inside a function: steps, calls, name uses (extract_body.cpp) ----

  // A node inside a function: the body's steps (statements that branch, loop or jump), the calls
  // and the names it uses. Returns whether to descend into the node.
  bool enter_in_function(TSNode n, Kind k, TSFieldId field, uint32_t depth, Scope& fn);

  // A direct child of an If/Loop/Switch/Try/Lambda opens the Block of its role (the condition,
  // the branch taken, the loop body, ...). True when it opened one.
  bool open_role_block(TSNode n, TSFieldId field, uint32_t depth, Scope& fn, Function& f);

  // Statements that shape the flow: each opens a step (closed when its node is left) or is a leaf
  // step. nullopt for any other node; else whether to descend into it.
  std::optional<bool> enter_flow_step(TSNode n, Kind k, uint32_t depth, Scope& fn, Function& f,
                                      bool opened_block);

  // An if statement's step keeps its condition's text (IRQL tests refine the entry IRQL).
  void enter_if(TSNode n, uint32_t depth, Scope& fn, Function& f);

  // The label a labeled statement or a goto names, as an index into f.labels.
  uint32_t label_of(TSNode n, Function& f);

  // Expressions: PAGED_CODE sites, conditional expressions, and the names the body uses.
  bool enter_expression(TSNode n, Kind k, TSFieldId field, Function& f);

  // Names that are not the function's own parameters, and not ALL_CAPS constants; its locals
  // only where they are followed (NameUse::local).
  void name_use(TSNode n, Function& f, bool is_field);

  // How the value of expression `e` (a name, or a field access) is used: see NameUse::Access.
  // True when it is followed through a member (`e->x`, `e.x`). A `local` handed to a routine is
  // an Argument only when the routine reads or writes through it.
  bool note_access(TSNode e, NameUse& u, bool local);

  // Whether a local's use is kept (NameUse::local).
  static bool followed_local(const NameUse& u, bool through_member);

  // Index of `t` in FileFacts::names, adding it the first time.
  uint32_t intern(std::string_view t);

  // `sizeof(name)` / `sizeof name`: the token before (past white space and '(') is sizeof.
  bool may_follow_local(uint32_t begin, uint32_t end) const;
  bool inside_sizeof(uint32_t offset) const;

  bool address_operator_before(uint32_t offset) const;

  uint32_t label_index(Function& f, std::string name);

  uint32_t open_step(Scope& fn, Function& f, TSNode n, uint32_t depth, Step::Kind kind,
                     Step::Role role);

  uint32_t leaf_step(Function& f, TSNode n, Step::Kind kind);
  void record_returned(TSNode n, Function& f, uint32_t step);

  // Records `a` and its Assign step.
  void assign_step(Function& f, TSNode n, Assignment a);

  // Post-order facts: a call, an assignment or a local declaration is recorded when its node is
  // left, so the calls in its operands come first.
  void leave_in_function(TSNode n, Scope& fn);

  void assignment(TSNode n, Function& f);

  // `x++`, `--p->Count`: recorded as assignments with op "++" or "--".
  void increment(TSNode n, Function& f);

  void local_declaration(TSNode n, Function& f);

  // `CLockGuard<T> guard(m_Lock);` reads like a function declaration to a parser that does not
  // know m_Lock is a variable; inside a body it is an object built from m_Lock.
  void constructed_local(TSNode d, const std::string& type_text, Function& f);

  // A lambda's body is its own function for PAGED_CODE purposes: its macros and branches are not
  // the enclosing function's.
  bool in_lambda() const;

  void note_conditional(TSNode n, Function& f);
  void note_paged_code(const std::string& name, TSNode n, Function& f);

  void call(TSNode n, Function& f);
  void deletion(TSNode n, Function& f);
  void record_condition(TSNode n, TSFieldId field, Function& f, uint32_t step);
  std::string result_destination(TSNode n) const;

  const Grammar& g_;
  const ExtractInput& in_;
  FileFacts& out_;
  std::vector<Scope> scopes_;
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> name_ids_;
  uint32_t address_field_end_ = UINT32_MAX;   // end of the last `&x->f` field expression entered
  std::vector<std::string> pending_aliases_;  // typedef names for the struct being entered
  uint32_t pending_aliases_end_ = 0;
};

}  // namespace pagewise::syntax
