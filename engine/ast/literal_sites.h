// Where a statement's string literals ended up in its (bound) AST, so that a
// cached statement can be re-run with other literals: every string literal
// expression and every quoted entity of a question, found by a walk over every
// place the AST can hold an expression.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"

namespace kgq::ast {

struct LiteralSite {
  Pos pos;
  Value* literal = nullptr;  // a string literal expression
  std::string* entity = nullptr;  // a question's entity text
};

struct LiteralSites {
  std::vector<LiteralSite> sites;
  // Positions of string literals that some text-derived name depends on (an
  // unaliased RETURN item is named after its text): changing them would change the result's columns.
  std::vector<Pos> named;
};

// Every string literal expression of the statement, and every entity of a
// question (quoted or not: the caller tells them apart by position).
LiteralSites findLiteralSites(Statement& statement);

}  // namespace kgq::ast
