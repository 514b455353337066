// Snapshot: the whole graph in one versioned binary file, so that a database
// reopens without parsing CSV. Ids are kept exactly (the log refers to them),
// names keep their interned ids, and deleted elements stay as tombstones.
//
// Layout: a 32-byte header (magic "KGQSNAP1", format version, the log
// generation the snapshot is followed by, header CRC), then blocks of
// (u32 length, u32 CRC-32C, payload) of about 1 MiB each, items never crossing
// a block, and a last block holding the end marker and the element counts. A
// reader therefore holds one block at a time (reopening costs no more memory
// than the graph), and a truncated or damaged file is refused, never half-loaded.
// Sections, in order: graph metadata; label, type and key names; label sets;
// nodes (their label set); relationships (start, end, type); deleted nodes and
// relationships; node property columns; relationship property columns; (version 2)
// the schema: declared indexes and constraints.
#pragma once

#include <cstdint>
#include <filesystem>

#include "graph/graph.h"

namespace kgq {

struct SnapshotInfo {
  std::uint64_t logGeneration = 0;  // the log whose records come after this snapshot
  std::uint64_t bytes = 0;
};

// Writes `g` to `path` atomically: a temporary file beside it, fsynced, renamed
// over `path`, the directory fsynced. Throws StorageError; the old file is then intact.
SnapshotInfo writeSnapshot(const Graph& g, const std::filesystem::path& path, std::uint64_t logGeneration);

// Reads a snapshot into a new Graph; throws StorageError naming the file on any damage.
Graph readSnapshot(const std::filesystem::path& path, SnapshotInfo* info = nullptr);

}  // namespace kgq
