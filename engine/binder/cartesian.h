// A MATCH whose patterns share no variable pairs every row of one with every row of
// the other: the row count is the product of theirs. Neo4j warns of it at plan time;
// kgq warns when binding (the patterns and the graph's counts are all it needs) and
// gives the session an estimate of the product to refuse one that cannot finish.
#pragma once

#include <set>
#include <string>

#include "ast/ast.h"
#include "common/notification.h"

namespace kgq {

class Graph;

struct ProductEstimate {
  double rowsAfter = 1;  // the estimated rows after the clause
  double product = 0;    // > 0: the clause pairs sides of more than one row each, into this many rows
};

// Adds a CartesianProduct notification to `out` when the clause pairs two or more sides
// of more than one estimated row each that share no variable: groups of its pattern parts,
// and the rows of the clauses before it (`rowsBefore`; a group that reads a variable bound
// earlier, in `bound`, joins those rows and is no side of its own). A group's estimate is
// its smallest node's (its label's size, or all nodes; one when an inline property or a
// WHERE equality pins it) times the graph's mean degree per relationship; it is meant to
// tell thousands from trillions, no better.
ProductEstimate checkCartesianProduct(const ast::MatchClause& m, const std::set<int>& bound, double rowsBefore,
                                      const Graph* graph, const std::string& source, Notifications& out);

}  // namespace kgq
