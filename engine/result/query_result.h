// What a statement produces: its rows, the changes it made and the words that
// explain it. Formatting, export and questions read results without depending
// on how they were executed.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/notification.h"
#include "common/value.h"
#include "graph/graph.h"

namespace kgq {

using Row = std::vector<Value>;

struct UpdateStats {
  std::uint64_t nodesCreated = 0;
  std::uint64_t relsCreated = 0;
  std::uint64_t propertiesSet = 0;
  std::uint64_t labelsAdded = 0;
  std::uint64_t nodesDeleted = 0;
  std::uint64_t relsDeleted = 0;
  std::uint64_t labelsRemoved = 0;
  bool any() const {
    return nodesCreated + relsCreated + propertiesSet + labelsAdded + nodesDeleted + relsDeleted + labelsRemoved > 0;
  }
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  UpdateStats stats;
  bool hasReturn = false;
  std::string plan;  // EXPLAIN output (set instead of rows), or PROFILE's (set with the rows)
  bool profiled = false;  // `plan` is a PROFILE: shown after the rows
  double elapsedMs = 0;
  // Questions (PATH, NEIGHBOURS, CONNECT) explain themselves in words: table output
  // prints these lines instead of the grid; CSV and JSON print the rows.
  std::vector<std::string> narrative;
  // Relationships that belong to the answer without appearing in a row (the
  // relationships among a neighbourhood's nodes); exports include them.
  std::vector<RelId> extraRels;
  // What a question was about (PATH's two ends, NEIGHBOURS' centre, CONNECT's terminals) and, for
  // NEIGHBOURS, each node's hop count from the centre: pictures highlight the one and rank by the other.
  std::vector<NodeId> focus;
  std::vector<std::pair<NodeId, int>> hops;
  std::vector<std::string> notes;  // e.g. "exported 12 nodes ... to x.dot"; table output only
  // What the reader should know about the statement (an unknown label, ...): every format shows them.
  std::vector<Notification> notifications;
};

}  // namespace kgq
