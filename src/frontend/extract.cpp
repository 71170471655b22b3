#include "frontend/extract.hpp"

#include <tree_sitter/api.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace pagewise {

namespace {

// Node kinds the walker cares about, as symbol ids of one grammar, so the walk compares integers
// instead of strings.
enum Kind : uint8_t {
  kOther,
  kError,
  kTranslationUnit,
  kFunctionDefinition,
  kDeclaration,
  kFieldDeclaration,
  kCallExpression,
  kIf,
  kSwitch,
  kFor,
  kForRange,
  kWhile,
  kDo,
  kExpressionStatement,
  kConditionalExpression,
  kClassSpecifier,
  kStructSpecifier,
  kUnionSpecifier,
  kFieldDeclarationList,
  kCompoundStatement,
  kPreprocIf,
  kPreprocIfdef,
  kPreprocElse,
  kPreprocElif,
  kPreprocElifdef,
  kLinkageSpecification,
  kDeclarationList,
  kNamespaceDefinition,
  kTemplateDeclaration,
  kFunctionDeclarator,
  kPointerDeclarator,
  kReferenceDeclarator,
  kParenthesizedDeclarator,
  kAttributedDeclarator,
  kInitDeclarator,
  kArrayDeclarator,
  kIdentifier,
  kStorageClassSpecifier,
  kTypeQualifier,
  kLambdaExpression,
  kReturn,
  kGoto,
  kLabeled,
  kBreak,
  kContinue,
  kCase,
  kSehTry,
  kTry,
  kAssignment,
  kElseClause,
  kArgumentList,
  kInitializerList,
  kComment,
  kFieldExpression,
  kFieldIdentifier,
  kParameterDeclaration,
  kPointerExpression,
  kUpdateExpression,
  kTypeDefinition,
  kTypeIdentifier,
  kKindCount
};

struct KindName {
  Kind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {
    {kError, "ERROR"},
    {kTranslationUnit, "translation_unit"},
    {kFunctionDefinition, "function_definition"},
    {kDeclaration, "declaration"},
    {kFieldDeclaration, "field_declaration"},
    {kCallExpression, "call_expression"},
    {kIf, "if_statement"},
    {kSwitch, "switch_statement"},
    {kFor, "for_statement"},
    {kForRange, "for_range_loop"},
    {kWhile, "while_statement"},
    {kDo, "do_statement"},
    {kExpressionStatement, "expression_statement"},
    {kConditionalExpression, "conditional_expression"},
    {kClassSpecifier, "class_specifier"},
    {kStructSpecifier, "struct_specifier"},
    {kUnionSpecifier, "union_specifier"},
    {kFieldDeclarationList, "field_declaration_list"},
    {kCompoundStatement, "compound_statement"},
    {kPreprocIf, "preproc_if"},
    {kPreprocIfdef, "preproc_ifdef"},
    {kPreprocElse, "preproc_else"},
    {kPreprocElif, "preproc_elif"},
    {kPreprocElifdef, "preproc_elifdef"},
    {kLinkageSpecification, "linkage_specification"},
    {kDeclarationList, "declaration_list"},
    {kNamespaceDefinition, "namespace_definition"},
    {kTemplateDeclaration, "template_declaration"},
    {kFunctionDeclarator, "function_declarator"},
    {kPointerDeclarator, "pointer_declarator"},
    {kReferenceDeclarator, "reference_declarator"},
    {kParenthesizedDeclarator, "parenthesized_declarator"},
    {kAttributedDeclarator, "attributed_declarator"},
    {kInitDeclarator, "init_declarator"},
    {kArrayDeclarator, "array_declarator"},
    {kIdentifier, "identifier"},
    {kStorageClassSpecifier, "storage_class_specifier"},
    {kTypeQualifier, "type_qualifier"},
    {kLambdaExpression, "lambda_expression"},
    {kReturn, "return_statement"},
    {kGoto, "goto_statement"},
    {kLabeled, "labeled_statement"},
    {kBreak, "break_statement"},
    {kContinue, "continue_statement"},
    {kCase, "case_statement"},
    {kSehTry, "seh_try_statement"},
    {kTry, "try_statement"},
    {kAssignment, "assignment_expression"},
    {kElseClause, "else_clause"},
    {kArgumentList, "argument_list"},
    {kInitializerList, "initializer_list"},
    {kComment, "comment"},
    {kFieldExpression, "field_expression"},
    {kFieldIdentifier, "field_identifier"},
    {kParameterDeclaration, "parameter_declaration"},
    {kPointerExpression, "pointer_expression"},
    {kUpdateExpression, "update_expression"},
    {kTypeDefinition, "type_definition"},
    {kTypeIdentifier, "type_identifier"},
};

struct Grammar {
  std::vector<Kind> kind_of;  // indexed by symbol id
  TSFieldId f_declarator = 0, f_body = 0, f_type = 0, f_function = 0, f_arguments = 0, f_name = 0,
            f_condition = 0, f_consequence = 0, f_alternative = 0, f_label = 0, f_value = 0,
            f_left = 0, f_right = 0, f_operator = 0, f_field = 0, f_parameters = 0, f_argument = 0;
  const char* declarator_name = nullptr;  // the grammar's own string: compared by address
};

Grammar make_grammar(const TSLanguage* lang) {
  Grammar g;
  g.kind_of.assign(ts_language_symbol_count(lang), kOther);
  // A name may stand for several symbols (aliases, hidden duplicates); map every one of them.
  for (TSSymbol s = 0; s < g.kind_of.size(); ++s) {
    const char* n = ts_language_symbol_name(lang, s);
    if (!n) continue;
    for (const auto& kn : kKindNames)
      if (std::strcmp(n, kn.name) == 0) g.kind_of[s] = kn.kind;
  }
  auto field = [&](const char* n) {
    return ts_language_field_id_for_name(lang, n, static_cast<uint32_t>(std::strlen(n)));
  };
  g.f_declarator = field("declarator");
  g.f_body = field("body");
  g.f_type = field("type");
  g.f_function = field("function");
  g.f_arguments = field("arguments");
  g.f_name = field("name");
  g.f_condition = field("condition");
  g.f_consequence = field("consequence");
  g.f_alternative = field("alternative");
  g.f_label = field("label");
  g.f_value = field("value");
  g.f_left = field("left");
  g.f_right = field("right");
  g.f_operator = field("operator");
  g.f_field = field("field");
  g.f_parameters = field("parameters");
  g.f_argument = field("argument");
  g.declarator_name = ts_language_field_name_for_id(lang, g.f_declarator);
  return g;
}

// One Grammar per language, built on first use (thread-safe static init).
extern "C" const TSLanguage* tree_sitter_c(void);
extern "C" const TSLanguage* tree_sitter_cpp(void);

const Grammar& grammar(Language lang) {
  static const Grammar c = make_grammar(tree_sitter_c());
  static const Grammar cpp = make_grammar(tree_sitter_cpp());
  return lang == Language::C ? c : cpp;
}

Pos pos_of(TSNode n) {
  TSPoint p = ts_node_start_point(n);
  return Pos{p.row + 1, p.column + 1, ts_node_start_byte(n)};
}

bool is_keyword(std::string_view name) {
  static constexpr std::string_view kKeywords[] = {
      "if",     "else",   "while",   "for",      "do",        "switch",      "case",
      "return", "sizeof", "__try",   "__except", "__finally", "__leave",     "try",
      "catch",  "except", "finally", "goto",     "default",   "__if_exists",
  };
  for (std::string_view k : kKeywords)
    if (name == k) return true;
  return false;
}

std::string squeeze(std::string_view s) {
  // Callee names and section-relevant texts are compared without white space: "obj -> Method".
  std::string out;
  out.reserve(s.size());
  for (char ch : s)
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') out.push_back(ch);
  return out;
}

std::string collapse_space(std::string_view s) {
  // Argument texts keep single spaces so messages read naturally.
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

class Walker {
 public:
  Walker(const Grammar& g, const ExtractInput& in, FileFacts& out) : g_(g), in_(in), out_(out) {}

  void run(TSNode root) {
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
          finish();
          return;
        }
        --depth;
      }
    }
  }

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

  bool inactive(uint32_t offset) const {
    for (const auto& r : out_.inactive)
      if (offset >= r.begin && offset < r.end) return true;
    return false;
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

  bool enter(TSNode n, TSFieldId field, uint32_t depth) {
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

  // A class, struct or union with a body: its scope names its methods, and a named one (or one a
  // typedef names) is recorded. False when there is no body to walk.
  bool begin_class(TSNode n) {
    TSNode name = ts_node_child_by_field_id(n, g_.f_name);
    TSNode body = ts_node_child_by_field_id(n, g_.f_body);
    if (ts_node_is_null(body)) return false;
    Scope s{Scope::Class, ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
    s.class_name = ts_node_is_null(name) ? std::string() : squeeze(text(name));
    if (!s.class_name.empty() || !pending_aliases_.empty()) {
      ClassDecl c;
      c.name = current_class().empty() || s.class_name.empty()
                   ? s.class_name
                   : current_class() + "::" + s.class_name;
      c.pos = pos_of(n);
      if (in_.items)
        for (const Annotation& a : *in_.items)
          if (a.pos.offset >= ts_node_start_byte(n) && a.end <= ts_node_start_byte(body))
            c.annotations.push_back(a);
      if (pending_aliases_end_ >= ts_node_end_byte(n)) c.aliases = std::move(pending_aliases_);
      pending_aliases_.clear();
      uint32_t nf = ts_node_named_child_count(body);
      for (uint32_t k = 0; k < nf; ++k) {
        TSNode fd = ts_node_named_child(body, k);
        if (kind(fd) != kFieldDeclaration) continue;
        TSNode ft = ts_node_child_by_field_id(fd, g_.f_type);
        if (!ts_node_is_null(ft)) c.field_types.push_back(squeeze(text(ft)));
      }
      out_.classes.push_back(std::move(c));
    }
    scopes_.push_back(std::move(s));
    return true;
  }

  // `typedef struct _X { ... } X, *PX;`: the struct that follows is also called X.
  void note_typedef_names(TSNode n) {
    pending_aliases_.clear();
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
      TSNode d = ts_node_child(n, i);
      if (kind(d) == kTypeIdentifier) pending_aliases_.emplace_back(text(d));
    }
    pending_aliases_end_ = ts_node_end_byte(n);
  }

  bool has_class_body_inside(TSNode n) const {
    // Cheap test: only look one level down for a class/struct specifier.
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      Kind k = kind(ts_node_named_child(n, i));
      if (k == kClassSpecifier || k == kStructSpecifier || k == kUnionSpecifier) return true;
    }
    return false;
  }

  // A node inside a function: the body's steps (statements that branch, loop or jump), the calls
  // and the names it uses. Returns whether to descend into the node.
  bool enter_in_function(TSNode n, Kind k, TSFieldId field, uint32_t depth, Scope& fn) {
    uint32_t start = ts_node_start_byte(n);
    bool in_body = start >= fn.body_start && start < fn.body_end;
    if (!in_body) return true;
    if (k == kFunctionDefinition) {  // a method of a local class
      begin_function(n);
      return true;
    }
    Function& f = out_.functions[fn.function_index];
    bool opened_block = open_role_block(n, field, depth, fn, f);
    if (std::optional<bool> descend = enter_flow_step(n, k, depth, fn, f, opened_block))
      return *descend;
    return enter_expression(n, k, field, f);
  }

  // A direct child of an If/Loop/Switch/Try/Lambda opens the Block of its role (the condition,
  // the branch taken, the loop body, ...). True when it opened one.
  bool open_role_block(TSNode n, TSFieldId field, uint32_t depth, Scope& fn, Function& f) {
    if (fn.open.empty() || fn.open.back().depth + 1 != depth) return false;
    Step::Kind parent = f.steps[fn.open.back().step].kind;
    Step::Role role = Step::Role::Plain;
    bool wrap = true;
    switch (parent) {
      case Step::Kind::If:
        role = field == g_.f_condition     ? Step::Role::Cond
               : field == g_.f_consequence ? Step::Role::Then
               : field == g_.f_alternative ? Step::Role::Else
                                           : Step::Role::Plain;
        wrap = role != Step::Role::Plain;
        break;
      case Step::Kind::Loop:
        role = field == g_.f_body ? Step::Role::LoopBody : Step::Role::Header;
        wrap = ts_node_is_named(n);
        break;
      case Step::Kind::Switch:
        role = field == g_.f_body ? Step::Role::SwitchBody : Step::Role::Cond;
        wrap = ts_node_is_named(n);
        break;
      case Step::Kind::Try:
        role = field == g_.f_body ? Step::Role::TryBody : Step::Role::Handler;
        wrap = ts_node_is_named(n);
        break;
      case Step::Kind::Lambda:
        wrap = field == g_.f_body;
        break;
      default:
        wrap = false;
    }
    if (wrap) open_step(fn, f, n, depth, Step::Kind::Block, role);
    return wrap;
  }

  // Statements that shape the flow: each opens a step (closed when its node is left) or is a leaf
  // step. nullopt for any other node; else whether to descend into it.
  std::optional<bool> enter_flow_step(TSNode n, Kind k, uint32_t depth, Scope& fn, Function& f,
                                      bool opened_block) {
    switch (k) {
      case kCompoundStatement:
        if (!opened_block) open_step(fn, f, n, depth, Step::Kind::Block, Step::Role::Plain);
        return true;
      case kIf:
        enter_if(n, depth, fn, f);
        return true;
      case kSwitch:
        note_conditional(n, f);
        open_step(fn, f, n, depth, Step::Kind::Switch, Step::Role::Plain);
        return true;
      case kFor:
      case kForRange:
      case kWhile:
      case kDo:
        note_conditional(n, f);
        open_step(fn, f, n, depth, Step::Kind::Loop, Step::Role::Plain);
        return true;
      case kCase:
        open_step(fn, f, n, depth, Step::Kind::Case, Step::Role::Plain);
        return true;
      case kReturn:
        open_step(fn, f, n, depth, Step::Kind::Return, Step::Role::Plain);
        return true;
      case kLabeled: {
        uint32_t i = open_step(fn, f, n, depth, Step::Kind::Label, Step::Role::Plain);
        f.steps[i].ref = label_of(n, f);
        return true;
      }
      case kGoto: {
        uint32_t i = leaf_step(f, n, Step::Kind::Goto);
        f.steps[i].ref = label_of(n, f);
        return false;
      }
      case kBreak:
        leaf_step(f, n, Step::Kind::Break);
        return false;
      case kContinue:
        leaf_step(f, n, Step::Kind::Continue);
        return false;
      case kSehTry:
      case kTry:
        open_step(fn, f, n, depth, Step::Kind::Try, Step::Role::Plain);
        return true;
      case kLambdaExpression:
        open_step(fn, f, n, depth, Step::Kind::Lambda, Step::Role::Plain);
        return true;
      default:
        return std::nullopt;
    }
  }

  // An if statement's step keeps its condition's text (IRQL tests refine the entry IRQL).
  void enter_if(TSNode n, uint32_t depth, Scope& fn, Function& f) {
    note_conditional(n, f);
    uint32_t i = open_step(fn, f, n, depth, Step::Kind::If, Step::Role::Plain);
    TSNode cond = ts_node_child_by_field_id(n, g_.f_condition);
    f.conditions.push_back(ts_node_is_null(cond) ? std::string() : collapse_space(text(cond)));
    f.steps[i].ref = static_cast<uint32_t>(f.conditions.size() - 1);
  }

  // The label a labeled statement or a goto names, as an index into f.labels.
  uint32_t label_of(TSNode n, Function& f) {
    TSNode label = ts_node_child_by_field_id(n, g_.f_label);
    return label_index(f, ts_node_is_null(label) ? std::string() : squeeze(text(label)));
  }

  // Expressions: PAGED_CODE sites, conditional expressions, and the names the body uses.
  bool enter_expression(TSNode n, Kind k, TSFieldId field, Function& f) {
    switch (k) {
      case kCallExpression: {
        TSNode callee = ts_node_child_by_field_id(n, g_.f_function);
        if (!ts_node_is_null(callee)) {
          std::string name = squeeze(text(callee));
          if ((name == "PAGED_CODE" || name == "PAGED_CODE_LOCKED") && !in_lambda())
            f.paged_code.push_back(PagedCodeSite{name, pos_of(n)});
        }
        return true;
      }
      case kExpressionStatement: {
        TSNode e = ts_node_named_child(n, 0);
        if (!ts_node_is_null(e) && kind(e) == kConditionalExpression) note_conditional(n, f);
        return true;
      }
      case kIdentifier:
        if (field != g_.f_function && field != g_.f_declarator) name_use(n, f, false);
        return false;
      case kFieldExpression:
        if (address_operator_before(ts_node_start_byte(n)))
          address_field_end_ = ts_node_end_byte(n);
        return true;
      case kFieldIdentifier:
        if (field == g_.f_field) name_use(n, f, true);
        return false;
      default:
        return true;
    }
  }

  // Names that are not the function's own locals or parameters, and not ALL_CAPS constants.
  void name_use(TSNode n, Function& f, bool is_field) {
    std::string_view t = text(n);
    if (t.empty()) return;
    if (!is_field) {
      bool caps = true;
      for (char c : t)
        if (std::islower(static_cast<unsigned char>(c))) {
          caps = false;
          break;
        }
      if (caps) return;
      for (const std::string& p : f.parameters)
        if (p == t) return;
      for (const LocalObject& l : f.locals)
        if (l.name == t) return;
    }
    if (inside_sizeof(ts_node_start_byte(n))) return;  // sizeof(x) reads nothing
    NameUse u;
    auto it = name_ids_.find(t);
    if (it == name_ids_.end()) {
      out_.names.emplace_back(t);
      it = name_ids_.emplace(out_.names.back(), static_cast<uint32_t>(out_.names.size() - 1)).first;
    }
    u.name = it->second;
    u.before_step = static_cast<uint32_t>(f.steps.size());
    u.pos = pos_of(n);
    u.field = is_field;
    // `&name` / `&x->name`: the '&' stands before the identifier, or before the whole field
    // expression, which ends where its field name ends.
    u.address_taken = is_field ? address_field_end_ == ts_node_end_byte(n)
                               : address_operator_before(ts_node_start_byte(n));
    f.uses.push_back(u);
  }

  // `sizeof(name)` / `sizeof name`: the token before (past white space and '(') is sizeof.
  bool inside_sizeof(uint32_t offset) const {
    std::string_view t = in_.prepassed;
    while (offset > 0 && (t[offset - 1] == ' ' || t[offset - 1] == '\t' || t[offset - 1] == '(' ||
                          t[offset - 1] == '\n'))
      --offset;
    return offset >= 6 && t.compare(offset - 6, 6, "sizeof") == 0;
  }

  bool address_operator_before(uint32_t offset) const {
    while (offset > 0) {
      char c = in_.prepassed[offset - 1];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(') {
        --offset;
        continue;
      }
      return c == '&' && (offset < 2 || in_.prepassed[offset - 2] != '&');
    }
    return false;
  }

  uint32_t label_index(Function& f, std::string name) {
    for (uint32_t i = 0; i < f.labels.size(); ++i)
      if (f.labels[i] == name) return i;
    f.labels.push_back(std::move(name));
    return static_cast<uint32_t>(f.labels.size() - 1);
  }

  uint32_t open_step(Scope& fn, Function& f, TSNode n, uint32_t depth, Step::Kind kind,
                     Step::Role role) {
    Step st;
    st.kind = kind;
    st.role = role;
    st.pos = pos_of(n);
    f.steps.push_back(st);
    uint32_t i = static_cast<uint32_t>(f.steps.size() - 1);
    fn.open.push_back({i, depth, ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)});
    return i;
  }

  uint32_t leaf_step(Function& f, TSNode n, Step::Kind kind) {
    Step st;
    st.kind = kind;
    st.pos = pos_of(n);
    f.steps.push_back(st);
    uint32_t i = static_cast<uint32_t>(f.steps.size() - 1);
    f.steps[i].end = i + 1;
    return i;
  }

  // Post-order facts: a call, an assignment or a local declaration is recorded when its node is
  // left, so the calls in its operands come first.
  void leave_in_function(TSNode n, Scope& fn) {
    uint32_t start = ts_node_start_byte(n);
    if (!(start >= fn.body_start && start < fn.body_end)) return;
    Function& f = out_.functions[fn.function_index];
    switch (kind(n)) {
      case kCallExpression:
        call(n, f);
        break;
      case kAssignment:
        assignment(n, f);
        break;
      case kUpdateExpression:
        increment(n, f);
        break;
      case kDeclaration:
        local_declaration(n, f);
        break;
      default:
        break;
    }
    // Close the steps this node opened (a node may have opened a role Block and a kind step).
    uint32_t end = ts_node_end_byte(n);
    TSSymbol sym = ts_node_symbol(n);
    while (!fn.open.empty()) {
      const OpenStep& o = fn.open.back();
      if (o.node_start != start || o.node_end != end || o.symbol != sym) break;
      f.steps[o.step].end = static_cast<uint32_t>(f.steps.size());
      fn.open.pop_back();
    }
  }

  void assignment(TSNode n, Function& f) {
    TSNode left = ts_node_child_by_field_id(n, g_.f_left);
    TSNode right = ts_node_child_by_field_id(n, g_.f_right);
    TSNode op = ts_node_child_by_field_id(n, g_.f_operator);
    if (ts_node_is_null(left) || ts_node_is_null(right)) return;
    Assignment a;
    a.lhs = squeeze(text(left));
    a.op = ts_node_is_null(op) ? std::string("=") : std::string(text(op));
    a.rhs = collapse_space(text(right));
    a.pos = pos_of(n);
    f.assignments.push_back(std::move(a));
    uint32_t i = leaf_step(f, n, Step::Kind::Assign);
    f.steps[i].ref = static_cast<uint32_t>(f.assignments.size() - 1);
  }

  // `x++`, `--p->Count`: recorded as assignments with op "++" or "--".
  void increment(TSNode n, Function& f) {
    TSNode arg = ts_node_child_by_field_id(n, g_.f_argument);
    TSNode op = ts_node_child_by_field_id(n, g_.f_operator);
    if (ts_node_is_null(arg) || ts_node_is_null(op)) return;
    Assignment a;
    a.lhs = squeeze(text(arg));
    a.op = std::string(text(op));
    a.pos = pos_of(n);
    f.assignments.push_back(std::move(a));
    uint32_t i = leaf_step(f, n, Step::Kind::Assign);
    f.steps[i].ref = static_cast<uint32_t>(f.assignments.size() - 1);
  }

  void local_declaration(TSNode n, Function& f) {
    TSNode type = ts_node_child_by_field_id(n, g_.f_type);
    std::string type_text = ts_node_is_null(type) ? std::string() : squeeze(text(type));
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
      TSNode d = ts_node_child(n, i);
      TSNode name = find_plain_name(d);
      if (ts_node_is_null(name) && kind(d) == kFunctionDeclarator) {
        // `CLockGuard<T> guard(m_Lock);` reads like a function declaration to a parser that does
        // not know m_Lock is a variable; inside a body it is an object built from m_Lock.
        TSNode fname = ts_node_child_by_field_id(d, g_.f_declarator);
        TSNode params = ts_node_child_by_field_id(d, g_.f_parameters);
        if (ts_node_is_null(fname) || kind(fname) != kIdentifier) continue;
        LocalObject local;
        local.type = type_text;
        local.name = squeeze(text(fname));
        local.pos = pos_of(fname);
        if (!ts_node_is_null(params)) {
          uint32_t np = ts_node_named_child_count(params);
          for (uint32_t k = 0; k < np; ++k)
            local.args.push_back(collapse_space(text(ts_node_named_child(params, k))));
        }
        f.locals.push_back(std::move(local));
        uint32_t st = leaf_step(f, fname, Step::Kind::Local);
        f.steps[st].ref = static_cast<uint32_t>(f.locals.size() - 1);
        continue;
      }
      if (ts_node_is_null(name)) continue;
      LocalObject local;
      local.type = type_text;
      local.name = squeeze(text(name));
      local.pos = pos_of(name);
      if (kind(d) == kInitDeclarator) {
        TSNode value = ts_node_child_by_field_id(d, g_.f_value);
        if (!ts_node_is_null(value)) {
          Kind vk = kind(value);
          if (vk == kArgumentList || vk == kInitializerList) {
            uint32_t nargs = ts_node_named_child_count(value);
            for (uint32_t k = 0; k < nargs; ++k) {
              TSNode arg = ts_node_named_child(value, k);
              if (kind(arg) != kComment) local.args.push_back(collapse_space(text(arg)));
            }
          } else {
            Assignment a;
            a.lhs = local.name;
            a.op = "=";
            a.rhs = collapse_space(text(value));
            a.pos = pos_of(d);
            f.assignments.push_back(std::move(a));
            uint32_t s = leaf_step(f, d, Step::Kind::Assign);
            f.steps[s].ref = static_cast<uint32_t>(f.assignments.size() - 1);
          }
        }
      }
      f.locals.push_back(std::move(local));
      uint32_t s = leaf_step(f, name, Step::Kind::Local);
      f.steps[s].ref = static_cast<uint32_t>(f.locals.size() - 1);
    }
  }

  // A lambda's body is its own function for PAGED_CODE purposes: its macros and branches are not
  // the enclosing function's.
  bool in_lambda() const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (it->type != Scope::Function) continue;
      for (const OpenStep& o : it->open)
        if (out_.functions[it->function_index].steps[o.step].kind == Step::Kind::Lambda)
          return true;
      return false;
    }
    return false;
  }

  void note_conditional(TSNode n, Function& f) {
    if (f.first_conditional.line == 0 && !in_lambda()) f.first_conditional = pos_of(n);
  }

  void call(TSNode n, Function& f) {
    TSNode callee = ts_node_child_by_field_id(n, g_.f_function);
    if (ts_node_is_null(callee)) return;
    std::string name = squeeze(text(callee));
    if (name == "PAGED_CODE" || name == "PAGED_CODE_LOCKED") return;
    Call c;
    c.callee = std::move(name);
    c.pos = pos_of(n);
    TSNode args = ts_node_child_by_field_id(n, g_.f_arguments);
    if (!ts_node_is_null(args)) {
      uint32_t count = ts_node_named_child_count(args);
      c.args.reserve(count);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode a = ts_node_named_child(args, i);
        if (ts_node_is_missing(a) || kind(a) == kComment) continue;
        // Arguments name locks, functions, flags and levels: a few hundred bytes say it all, and a
        // cap keeps nested calls (f(g(g(...)))) from costing memory quadratic in their depth.
        std::string_view arg = text(a);
        c.args.push_back(collapse_space(arg.substr(0, std::min<size_t>(arg.size(), 512))));
      }
    }
    f.calls.push_back(std::move(c));
    uint32_t i = leaf_step(f, n, Step::Kind::Call);
    f.steps[i].ref = static_cast<uint32_t>(f.calls.size() - 1);
  }

  void leave(TSNode n) {
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

  // Follows a declarator down to the function_declarator inside it, if any.
  TSNode find_function_declarator(TSNode d) const {
    for (int guard = 0; guard < 64 && !ts_node_is_null(d); ++guard) {
      switch (kind(d)) {
        case kFunctionDeclarator:
          return d;
        case kPointerDeclarator:
        case kReferenceDeclarator:
        case kAttributedDeclarator:
        case kInitDeclarator:
          d = ts_node_child_by_field_id(d, g_.f_declarator);
          break;
        case kParenthesizedDeclarator:
          d = ts_node_named_child(d, 0);
          break;
        default:
          return TSNode{};
      }
    }
    return TSNode{};
  }

  // The name node of a declarator that is not a function: `x`, `*x`, `x[4]`, `x = 1`.
  TSNode find_plain_name(TSNode d) const {
    for (int guard = 0; guard < 64 && !ts_node_is_null(d); ++guard) {
      switch (kind(d)) {
        case kIdentifier:
          return d;
        case kPointerDeclarator:
        case kReferenceDeclarator:
        case kAttributedDeclarator:
        case kInitDeclarator:
        case kArrayDeclarator:
          d = ts_node_child_by_field_id(d, g_.f_declarator);
          break;
        case kParenthesizedDeclarator:
          d = ts_node_named_child(d, 0);
          break;
        default:
          return TSNode{};
      }
    }
    return TSNode{};
  }

  bool has_specifier(TSNode n, std::initializer_list<std::string_view> words) const {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      Kind k = kind(c);
      if (k != kStorageClassSpecifier && k != kTypeQualifier) continue;
      std::string_view t = text(c);
      for (auto w : words)
        if (t == w) return true;
    }
    return false;
  }

  bool only_space_and_comments(uint32_t b, uint32_t e) const {
    std::string_view t = in_.prepassed;
    e = std::min<uint32_t>(e, static_cast<uint32_t>(t.size()));
    for (uint32_t i = b; i < e;) {
      char ch = t[i];
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
        ++i;
      } else if (ch == '/' && i + 1 < e && t[i + 1] == '/') {
        while (i < e && t[i] != '\n') ++i;
      } else if (ch == '/' && i + 1 < e && t[i + 1] == '*') {
        size_t close = t.find("*/", i + 2);
        if (close == std::string_view::npos || close + 2 > e) return false;
        i = static_cast<uint32_t>(close + 2);
      } else {
        return false;
      }
    }
    return true;
  }

  // Recorded pre-pass items that belong to a declaration starting at `start` whose name starts at
  // `name_start`: those just before it (separated only by white space, which includes other
  // blanked items) and those between its start and its name.
  std::vector<Annotation> items_for(uint32_t start, uint32_t name_start) const {
    std::vector<Annotation> found;
    if (!in_.items || in_.items->empty()) return found;
    const auto& items = *in_.items;
    auto first_after =
        std::lower_bound(items.begin(), items.end(), start,
                         [](const Annotation& a, uint32_t off) { return a.end <= off; });
    // Backwards over items that end at or before start with only white space in between.
    auto it = first_after;
    uint32_t limit = start;
    while (it != items.begin()) {
      auto prev = it - 1;
      if (prev->end > limit) break;
      bool blank = only_space_and_comments(prev->end, limit);
      if (!blank) break;
      limit = prev->pos.offset;
      it = prev;
    }
    for (auto p = it; p != first_after; ++p) found.push_back(*p);
    for (auto p = first_after; p != items.end() && p->pos.offset < name_start; ++p)
      if (p->pos.offset >= start) found.push_back(*p);
    return found;
  }

  void begin_function(TSNode n) {
    TSNode decl = ts_node_child_by_field_id(n, g_.f_declarator);
    TSNode fdecl = find_function_declarator(decl);
    TSNode body = ts_node_child_by_field_id(n, g_.f_body);
    Scope s{Scope::Function, ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
    if (ts_node_is_null(fdecl) || ts_node_is_null(body) || inactive(ts_node_start_byte(n))) {
      // Not a usable function (e.g. K&R leftovers); still scope it so its calls go nowhere.
      s.body_start = s.body_end = 0;
      s.function_index = out_.functions.size();
      out_.functions.emplace_back();  // nameless: finish() drops it
      scopes_.push_back(std::move(s));
      return;
    }
    TSNode name_node = ts_node_child_by_field_id(fdecl, g_.f_declarator);
    if (ts_node_is_null(name_node)) name_node = fdecl;
    if (is_keyword(squeeze(text(name_node)))) {
      // A statement misread as a definition (`__except (...) {...}` after a broken try).
      s.body_start = s.body_end = 0;
      s.function_index = out_.functions.size();
      out_.functions.emplace_back();
      scopes_.push_back(std::move(s));
      return;
    }
    Function f;
    std::string cls = current_class();
    std::string name = squeeze(text(name_node));
    f.enclosing_class = cls;
    f.name = cls.empty() || name.find("::") != std::string::npos ? name : cls + "::" + name;
    f.pos = pos_of(n);
    f.name_pos = pos_of(name_node);
    f.body_pos = pos_of(body);
    TSPoint endp = ts_node_end_point(body);
    f.end_line = endp.row + 1;
    f.end_offset = ts_node_end_byte(body);
    f.annotations = items_for(ts_node_start_byte(n), ts_node_start_byte(name_node));
    TSNode params = ts_node_child_by_field_id(fdecl, g_.f_parameters);
    if (!ts_node_is_null(params)) {
      uint32_t np = ts_node_named_child_count(params);
      for (uint32_t k = 0; k < np; ++k) {
        TSNode pd = ts_node_named_child(params, k);
        if (kind(pd) != kParameterDeclaration) continue;
        TSNode pname = find_plain_name(ts_node_child_by_field_id(pd, g_.f_declarator));
        if (!ts_node_is_null(pname)) f.parameters.emplace_back(text(pname));
      }
    }
    f.is_inline = has_specifier(n, {"inline", "__inline", "__inline__", "__forceinline"});
    for (const auto& a : f.annotations)
      if (a.name == "FORCEINLINE") f.is_inline = true;
    TSNode type = ts_node_child_by_field_id(n, g_.f_type);
    f.header_error = (!ts_node_is_null(type) && ts_node_has_error(type)) || ts_node_has_error(decl);
    TSNode prev = ts_node_prev_sibling(n);
    if (!ts_node_is_null(prev) && kind(prev) == kError) f.header_error = true;
    s.function_index = out_.functions.size();
    s.body_start = ts_node_start_byte(body);
    s.body_end = ts_node_end_byte(body);
    out_.functions.push_back(std::move(f));
    scopes_.push_back(std::move(s));
  }

  void file_declaration(TSNode n) {
    if (inactive(ts_node_start_byte(n))) return;
    TSNode type = ts_node_child_by_field_id(n, g_.f_type);
    std::string type_text = ts_node_is_null(type) ? std::string() : squeeze(text(type));
    bool is_extern = has_specifier(n, {"extern"});
    bool is_const = has_specifier(n, {"const"});
    uint32_t count = ts_node_child_count(n);
    bool first = true;
    for (uint32_t i = 0; i < count; ++i) {
      if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
      TSNode d = ts_node_child(n, i);
      TSNode fdecl = find_function_declarator(d);
      uint32_t anno_start = ts_node_start_byte(n);
      if (!ts_node_is_null(fdecl)) {
        TSNode name = ts_node_child_by_field_id(fdecl, g_.f_declarator);
        if (ts_node_is_null(name)) continue;
        Declaration decl;
        std::string cls = current_class();
        std::string nm = squeeze(text(name));
        decl.name = cls.empty() || nm.find("::") != std::string::npos ? nm : cls + "::" + nm;
        decl.is_function = true;
        decl.pos = pos_of(name);
        decl.annotations = items_for(anno_start, first ? ts_node_start_byte(name) : anno_start);
        out_.declarations.push_back(std::move(decl));
      } else {
        TSNode name = find_plain_name(d);
        if (ts_node_is_null(name)) continue;
        // `DRIVER_DISPATCH DispatchCreate;` reads like a variable of type DRIVER_DISPATCH; link
        // decides whether it is a role declaration (the name is a function) or data.
        Declaration decl;
        decl.name = squeeze(text(name));
        decl.type = type_text;
        decl.pos = pos_of(name);
        decl.annotations = items_for(anno_start, first ? ts_node_start_byte(name) : anno_start);
        if (current_class().empty()) {
          DataItem item;
          item.name = decl.name;
          item.type = type_text;
          item.initialized = kind(d) == kInitDeclarator;
          if (item.initialized)
            initializer_names(ts_node_child_by_field_id(d, g_.f_value), item.initializer_names);
          for (TSNode k = d; !ts_node_is_null(k);) {
            Kind kk = kind(k);
            if (kk == kArrayDeclarator) item.is_array = true;
            if (kk == kPointerDeclarator) item.is_pointer = true;
            if (kk != kInitDeclarator && kk != kArrayDeclarator && kk != kPointerDeclarator) break;
            k = ts_node_child_by_field_id(k, g_.f_declarator);
          }
          item.is_const = is_const;
          item.is_extern = is_extern;
          item.pos = decl.pos;
          item.annotations = decl.annotations;
          out_.data.push_back(std::move(item));
        }
        out_.declarations.push_back(std::move(decl));
      }
      first = false;
    }
  }

  // Identifiers anywhere in a file-scope initializer, each once. Iterative: a generated table can
  // nest deeper than the stack allows.
  void initializer_names(TSNode value, std::vector<std::string>& out) {
    if (ts_node_is_null(value)) return;
    std::vector<TSNode> stack{value};
    std::unordered_set<std::string_view> seen;
    while (!stack.empty()) {
      TSNode n = stack.back();
      stack.pop_back();
      if (kind(n) == kIdentifier) {
        std::string_view t = text(n);
        if (seen.insert(t).second) out.emplace_back(t);
        continue;
      }
      for (uint32_t i = ts_node_named_child_count(n); i > 0; --i)
        stack.push_back(ts_node_named_child(n, i - 1));
    }
  }

  void field_declaration(TSNode n) {
    // Method prototypes inside a class body carry SAL and role annotations too.
    if (inactive(ts_node_start_byte(n))) return;
    uint32_t count = ts_node_child_count(n);
    TSNode type = ts_node_child_by_field_id(n, g_.f_type);
    for (uint32_t i = 0; i < count; ++i) {
      if (ts_node_field_name_for_child(n, i) != g_.declarator_name) continue;
      TSNode fdecl = find_function_declarator(ts_node_child(n, i));
      if (ts_node_is_null(fdecl)) {
        // `static KDEFERRED_ROUTINE TimerDpc;` in a class declares a member of a callback type.
        TSNode name = ts_node_child(n, i);
        if (ts_node_is_null(type) || !ts_node_is_named(name) || kind(name) == kFieldDeclarationList)
          continue;
        std::string nm = squeeze(text(name));
        if (nm.empty() || !std::all_of(nm.begin(), nm.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            }))
          continue;
        Declaration decl;
        std::string cls = current_class();
        decl.name = cls.empty() ? nm : cls + "::" + nm;
        decl.type = squeeze(text(type));
        decl.pos = pos_of(name);
        decl.annotations = items_for(ts_node_start_byte(n), ts_node_start_byte(name));
        out_.declarations.push_back(std::move(decl));
        continue;
      }
      TSNode name = ts_node_child_by_field_id(fdecl, g_.f_declarator);
      if (ts_node_is_null(name)) continue;
      Declaration decl;
      std::string cls = current_class();
      std::string nm = squeeze(text(name));
      decl.name = cls.empty() ? nm : cls + "::" + nm;
      decl.is_function = true;
      decl.pos = pos_of(name);
      decl.annotations = items_for(ts_node_start_byte(n), ts_node_start_byte(name));
      out_.declarations.push_back(std::move(decl));
    }
  }

  void finish() {
    // Drop the placeholders of unusable function nodes.
    out_.functions.erase(std::remove_if(out_.functions.begin(), out_.functions.end(),
                                        [](const Function& f) { return f.name.empty(); }),
                         out_.functions.end());
  }

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

}  // namespace

void extract(const Tree& tree, const ExtractInput& in, FileFacts& out) {
  if (!tree) return;
  TSNode root = ts_tree_root_node(tree.get());
  out.parse.has_error = ts_node_has_error(root);
  Walker w(grammar(out.language), in, out);
  w.run(root);
}

}  // namespace pagewise
