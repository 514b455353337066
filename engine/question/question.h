// Runs the question statements — PATH, NEIGHBOURS, CONNECT — over the graph.
// Each answer comes as rows (paths, nodes, relationships) for CSV/JSON and as
// narrative lines for people (hop by hop with type, year and source paragraph).
#pragma once

#include <atomic>
#include <string>

#include "ast/ast.h"
#include "exec/executor.h"

namespace kgq {

// `traversal` is scratch kept across statements (see ExecContext). Without
// `narrate` the answer has rows only: the narrative lines are for table output.
QueryResult runQuestion(const ast::Question& q, Graph& g, const Limits& limits, const std::string& source,
                        const std::atomic<bool>* cancel = nullptr, TraversalScratch* traversal = nullptr,
                        bool narrate = true);

}  // namespace kgq
