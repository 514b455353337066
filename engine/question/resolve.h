// Entity resolution for questions: an EntityRef of the statement -> one node
// (the rules are graph/resolve_entity.h's).
#pragma once

#include <string>

#include "ast/ast.h"
#include "graph/resolve_entity.h"

namespace kgq {

inline NodeId resolveEntity(const Graph& g, const ast::EntityRef& ref, const std::string& source) {
  return resolveEntity(g, ref.text, SourcePos{source, ref.pos.line, ref.pos.column, {}});
}

}  // namespace kgq
