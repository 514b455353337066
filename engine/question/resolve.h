// Entity resolution for questions: a name as a person writes it -> one node.
// Tries, in order and case-insensitively: an exact name or alias, a unique
// prefix of one, a unique whole word of one. An ambiguous name is a
// SemanticError listing the candidates; an unknown one suggests the closest
// names by edit distance.
#pragma once

#include <string>

#include "ast/ast.h"
#include "graph/graph.h"

namespace kgq {

NodeId resolveEntity(const Graph& g, const ast::EntityRef& ref, const std::string& source);

}  // namespace kgq
