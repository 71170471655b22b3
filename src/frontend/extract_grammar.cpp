#include "frontend/extract_grammar.hpp"

#include <cstring>

namespace pagewise::syntax {

namespace {

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
    {kDeleteExpression, "delete_expression"},
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
    {kOptionalParameterDeclaration, "optional_parameter_declaration"},
    {kVariadicParameter, "variadic_parameter"},
    {kVariadicParameter, "variadic_parameter_declaration"},
    {kPointerExpression, "pointer_expression"},
    {kUpdateExpression, "update_expression"},
    {kTypeDefinition, "type_definition"},
    {kTypeIdentifier, "type_identifier"},
    {kSubscriptExpression, "subscript_expression"},
    {kCastExpression, "cast_expression"},
    {kParenthesizedExpression, "parenthesized_expression"},
    {kBaseClassClause, "base_class_clause"},
    {kAccessSpecifier, "access_specifier"},
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

}  // namespace

// One Grammar per language, built on first use (thread-safe static init).
extern "C" const TSLanguage* tree_sitter_c(void);
extern "C" const TSLanguage* tree_sitter_cpp(void);

const Grammar& grammar(Language lang) {
  static const Grammar c = make_grammar(tree_sitter_c());
  static const Grammar cpp = make_grammar(tree_sitter_cpp());
  return lang == Language::C ? c : cpp;
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
  std::string out;
  out.reserve(s.size());
  for (char ch : s)
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') out.push_back(ch);
  return out;
}

std::string collapse_space(std::string_view s) {
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

}  // namespace pagewise::syntax
