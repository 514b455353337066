// The payload of one log record: a commit's changes, oldest first, preceded by
// every label, type and key name interned since the previous record (in id
// order, so that replay interns them to the same ids; a name interned by a
// statement that failed is carried along harmlessly). `before` values are not
// logged: replay only redoes.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "graph/change.h"
#include "graph/graph.h"

namespace kgq {

// How many names of each interner the log (with its snapshot) already holds.
struct NameCounts {
  std::array<std::size_t, 3> counts{};  // labels, types, keys
  static NameCounts of(const Graph& g) { return {{g.labels().size(), g.types().size(), g.keys().size()}}; }
};

struct CommitRecord {
  std::uint64_t sequence = 0;                      // commits since the database was created
  std::array<std::vector<std::string>, 3> names;  // new labels, types, keys
  std::vector<Change> changes;
};

// Encodes the names of `g` past `logged` and `changes`.
std::string encodeCommit(std::uint64_t sequence, const Graph& g, const NameCounts& logged,
                         std::span<const Change> changes);
// Throws StorageError when the payload does not decode.
CommitRecord decodeCommit(std::string_view payload);

}  // namespace kgq
