// Binder: checks a parsed query against openCypher's static rules and annotates
// the AST for the planner — every variable gets a row slot, aggregates are lifted
// out of projections, result columns are named. Throws SemanticError (with the
// statement's position) for undefined or re-bound variables, misplaced
// aggregates, unknown functions, wrong argument counts and literal type errors.
#pragma once

#include <map>
#include <string>

#include "ast/ast.h"
#include "common/notification.h"
#include "graph/graph.h"

namespace kgq {

// What a variable is known to hold. Value is "anything"; Scalar, List and Map
// are known from the expression that defined them and can never be a node or a
// relationship (a List may still be a relationship list for a variable-length pattern).
enum class VarKind { Node, Rel, RelList, Path, Value, Scalar, List, Map };

struct VarInfo {
  int slot = -1;
  VarKind kind = VarKind::Value;
  // ORDER BY after DISTINCT or aggregation: an incoming variable it may read only inside an
  // expression that repeats a projection item (which then reads the item's slot instead).
  bool hidden = false;
};

// The variables visible at one point of a query: name -> slot.
using Scope = std::map<std::string, VarInfo, std::less<>>;

// Binds `query` in place. `source` names the input for error positions.
// With a graph, every label, relationship type and property key the query reads
// is resolved against the graph's interners (ast::NameRes), and each the graph
// lacks gets a notification in `query.notifications` with the closest existing
// name; names a write clause of the statement may introduce stay Deferred and
// unreported. Without a graph names stay Unbound (looked up when read).
void bindQuery(ast::Query& query, const std::string& source = "<query>", const Graph* graph = nullptr);

// Resolves the relationship types (VIA) and labels (LABELS) of a question, with
// a notification in `out` for each the graph lacks.
void bindQuestion(ast::Question& question, const Graph& graph, Notifications& out, const std::string& source);

}  // namespace kgq
