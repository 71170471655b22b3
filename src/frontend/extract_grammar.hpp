// The tree-sitter side of extract: the node kinds and fields the walker reads, as one grammar's
// symbol and field ids (compared as integers, not strings), and the text helpers every part of
// the walk uses.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/facts.hpp"

namespace pagewise::syntax {

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
  kDeleteExpression,
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
  kOptionalParameterDeclaration,
  kVariadicParameter,
  kPointerExpression,
  kUpdateExpression,
  kTypeDefinition,
  kTypeIdentifier,
  kSubscriptExpression,
  kCastExpression,
  kParenthesizedExpression,
  kBaseClassClause,
  kAccessSpecifier,
  kKindCount
};

struct Grammar {
  std::vector<Kind> kind_of;  // indexed by symbol id
  TSFieldId f_declarator = 0, f_body = 0, f_type = 0, f_function = 0, f_arguments = 0, f_name = 0,
            f_condition = 0, f_consequence = 0, f_alternative = 0, f_label = 0, f_value = 0,
            f_left = 0, f_right = 0, f_operator = 0, f_field = 0, f_parameters = 0, f_argument = 0;
  const char* declarator_name = nullptr;  // the grammar's own string: compared by address
};

// The Grammar of a language, built on first use.
const Grammar& grammar(Language lang);

inline Pos pos_of(TSNode n) {
  TSPoint p = ts_node_start_point(n);
  return Pos{p.row + 1, p.column + 1, ts_node_start_byte(n)};
}

// True for a C/C++ keyword a broken parse can leave where a function name should be.
bool is_keyword(std::string_view name);
// Callee names and section-relevant texts are compared without white space: "obj -> Method".
std::string squeeze(std::string_view s);
// Argument texts keep single spaces so messages read naturally.
std::string collapse_space(std::string_view s);

}  // namespace pagewise::syntax
