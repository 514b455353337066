// Which writes must read their whole input before their first write.
//
// A CREATE or MERGE is eager by default: it reads every input row first, so that no
// read before it sees its writes and no read after it sees only some of them
// (openCypher runs clauses one after another). The rule `stream-writes` lets it
// write each row as the row arrives when that cannot change the answer: between
// the operators that read their whole input anyway (aggregation, sort, other
// writes), nothing reads the graph except the writes themselves, and each pair of
// those commutes (neither creates what the other finds, or both are MERGEs of one
// node of the same labels and keys, which find or create the same node in either
// order). This is the eagerness analysis of Neo4j's planner, with that one
// commuting case added; the gain is a bulk MERGE that holds no copy of its input.
#pragma once

#include "planner/logical_plan.h"

namespace kgq::plan {

// Sets `streams` on the writes of the plan's main pipeline that may stream, and
// records the rule when any does.
void streamWrites(LogicalPlan& plan);

}  // namespace kgq::plan
