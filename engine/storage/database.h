// Database: a directory that holds a graph durably, as Kuzu and Memgraph do it:
//   snapshot.kgq  the whole graph at the last checkpoint (storage/snapshot.h)
//   wal.log       every commit since, one checksummed record each (storage/wal.h)
//   LOCK          flock()ed while a kgq process has the database open
// A commit is acknowledged once its record is fsynced. Opening loads the
// snapshot, replays the log's complete records in order and cuts off a torn
// tail. A checkpoint writes a new snapshot naming the next log generation, then
// replaces the log by an empty one of that generation; a crash between the two
// leaves an old-generation log, which opening recognises as already contained in
// the snapshot. See docs/storage.md for the design and its measurements.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>

#include "graph/change.h"
#include "graph/graph.h"
#include "storage/commit_record.h"
#include "storage/file_io.h"
#include "storage/wal.h"

namespace kgq {

struct RecoveryReport {
  std::uint64_t replayed = 0;      // log records applied
  std::uint64_t droppedBytes = 0;  // torn or corrupt tail cut off
  std::string problem;             // why the tail was dropped
  bool staleLog = false;           // the log predated the snapshot (an interrupted checkpoint)
};

class Database {
 public:
  // Opens DIR, or creates an empty database there when DIR is missing or empty;
  // `graph` receives the recovered graph. Throws StorageError when DIR is locked
  // by another process, holds something else, or is damaged.
  static Database open(const std::filesystem::path& dir, Graph& graph, RecoveryReport* report = nullptr);
  // Creates a database in DIR holding `graph` (--import). DIR must be missing or
  // empty: an existing database is never overwritten.
  static Database create(const std::filesystem::path& dir, const Graph& graph);
  // Whether DIR holds a database (its snapshot).
  static bool holdsDatabase(const std::filesystem::path& dir);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  // Makes `changes` (just applied to `graph`) durable: returns once the record is
  // on disk; throws StorageError otherwise, the log then as it was. Runs a
  // checkpoint when the log has outgrown its threshold (a failing one is only
  // logged: the commit itself is durable).
  void commit(const Graph& graph, std::span<const Change> changes);
  // Writes `graph` (which must hold exactly the committed state) as the new
  // snapshot and empties the log.
  void checkpoint(const Graph& graph);

  const std::filesystem::path& dir() const { return dir_; }
  std::uint64_t logBytes() const { return wal_ ? wal_->bytes() - WalWriter::kHeaderBytes : 0; }
  bool logEmpty() const { return logBytes() == 0; }
  std::uint64_t snapshotBytes() const { return snapshotBytes_; }
  // A checkpoint follows the commit that takes the log past this many bytes:
  // the larger of 8 MiB and the snapshot's size (KGQ_CHECKPOINT_BYTES overrides).
  std::uint64_t checkpointThreshold() const;

  static constexpr const char* kSnapshotFile = "snapshot.kgq";
  static constexpr const char* kLogFile = "wal.log";
  static constexpr const char* kLockFile = "LOCK";

 private:
  Database() = default;
  static FileHandle lock(const std::filesystem::path& dir);
  void startLog();

  std::filesystem::path dir_;
  FileHandle lock_;
  std::optional<WalWriter> wal_;  // empty only after a checkpoint failed to start the next log
  std::uint64_t generation_ = 1;
  std::uint64_t sequence_ = 0;
  std::uint64_t snapshotBytes_ = 0;
  NameCounts logged_;
};

}  // namespace kgq
