// Subgraph: the nodes and relationships a result touches, for export.
#pragma once

#include <vector>

#include "result/query_result.h"
#include "graph/graph.h"

namespace kgq {

struct Subgraph {
  std::vector<NodeId> nodes;  // ascending, unique
  std::vector<RelId> rels;    // ascending, unique; their end nodes are in `nodes`
  // For pictures: the nodes the question was about (drawn highlighted) and, for a neighbourhood,
  // each node's hop count from the centre (its rank in the layout). Both only name nodes in `nodes`.
  std::vector<NodeId> focus;
  std::vector<std::pair<NodeId, int>> hops;
};

// Every node, relationship and path in the result's rows (inside lists and maps
// too), the result's extra relationships, and the end nodes of all relationships;
// with the result's focus and hop counts.
Subgraph subgraphOf(const QueryResult& r, const Graph& g);

Subgraph wholeGraph(const Graph& g);

}  // namespace kgq
