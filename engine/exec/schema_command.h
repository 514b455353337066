// CREATE / DROP / SHOW of indexes and constraints on a graph's schema (graph/schema.h).
#pragma once

#include <string>

#include "ast/ast.h"
#include "graph/graph.h"
#include "result/query_result.h"

namespace kgq {

// Runs one schema command. A CREATE CONSTRAINT that existing data breaks throws
// ConstraintError (the caller rolls the statement back, as for any statement);
// a name that is taken or missing is a SemanticError at the name.
QueryResult runSchemaCommand(const ast::SchemaCommand& cmd, Graph& g, const std::string& source);

}  // namespace kgq
