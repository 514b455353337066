#include "storage/database.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <system_error>

#include "common/errors.h"
#include "storage/snapshot.h"

namespace kgq {

namespace fs = std::filesystem;

namespace {

// Entries a half-finished creation may leave: the lock and temporary files.
bool onlyLeftovers(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name != Database::kLockFile && name.find(".tmp-") == std::string::npos) return false;
  }
  return !ec;
}

void removeLeftovers(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(e.path(), ec);
}

StringInterner& interner(Graph& g, int i) { return i == 0 ? g.labels() : i == 1 ? g.types() : g.keys(); }

void replay(Graph& g, const CommitRecord& r, std::uint64_t index) {
  for (int i = 0; i < 3; ++i)
    for (const auto& name : r.names[i]) {
      std::size_t expected = interner(g, i).size();
      if (interner(g, i).intern(name) != expected)
        throw StorageError("log record " + std::to_string(index) + " names '" + name + "' twice");
    }
  for (const Change& c : r.changes) {
    // The checksum vouches for the bytes, not for their sense: ids are checked before apply() trusts them.
    using K = Change::Kind;
    bool ok = true;
    switch (c.kind) {
      case K::AddNode: break;
      case K::AddRel: ok = c.start < g.nodeCount() && c.end < g.nodeCount() && c.name < g.types().size(); break;
      case K::SetNodeProperty: ok = c.id < g.nodeCount() && c.name < g.keys().size(); break;
      case K::SetRelProperty: ok = c.id < g.relCount() && c.name < g.keys().size(); break;
      case K::AddLabel:
      case K::RemoveLabel: ok = c.id < g.nodeCount() && c.name < g.labels().size(); break;
      case K::DeleteNode: ok = c.id < g.nodeCount(); break;
      case K::DeleteRel: ok = c.id < g.relCount(); break;
      case K::SchemaAdd: ok = c.id == g.schema().defs().size(); break;
      case K::SchemaDrop: ok = c.id < g.schema().defs().size(); break;
    }
    if (!ok) throw StorageError("a change refers past the graph");
    g.apply(c);
  }
}

}  // namespace

bool Database::holdsDatabase(const fs::path& dir) { return fs::exists(dir / kSnapshotFile); }

FileHandle Database::lock(const fs::path& dir) {
  FileHandle f = FileHandle::open(dir / kLockFile, O_RDWR | O_CREAT);
  if (::flock(f.fd(), LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK) throwSystemError(dir / kLockFile, "lock", err);
    char pid[32] = {};
    ssize_t n = ::pread(f.fd(), pid, sizeof pid - 1, 0);
    std::string who = n > 0 ? " (pid " + std::string(pid, static_cast<std::size_t>(n)) + ")" : "";
    throw StorageError("database '" + dir.string() + "' is open in another kgq process" + who, {},
                       "leave that kgq first: two processes writing one log would lose commits");
  }
  std::string pid = std::to_string(::getpid());
  f.truncate(0);
  if (::pwrite(f.fd(), pid.data(), pid.size(), 0) < 0) throwSystemError(dir / kLockFile, "write", errno);
  return f;
}

Database Database::create(const fs::path& dir, const Graph& graph) {
  std::error_code ec;
  if (holdsDatabase(dir))
    throw StorageError("'" + dir.string() + "' already holds a database", {},
                       "open it with kgq --db " + dir.string() + ", or --import into a new directory");
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw StorageError("'" + dir.string() + "' is not a directory", {}, "give --db a new or empty directory");
  if (fs::exists(dir) && !onlyLeftovers(dir))
    throw StorageError("'" + dir.string() + "' is not empty", {}, "give --db a new or empty directory");
  fs::create_directories(dir, ec);
  if (ec) throw StorageError("cannot create directory '" + dir.string() + "': " + ec.message());
  Database db;
  db.dir_ = dir;
  db.lock_ = lock(dir);
  removeLeftovers(dir);
  db.generation_ = 1;
  db.snapshotBytes_ = writeSnapshot(graph, dir / kSnapshotFile, db.generation_).bytes;
  db.startLog();
  db.logged_ = NameCounts::of(graph);
  return db;
}

Database Database::open(const fs::path& dir, Graph& graph, RecoveryReport* report) {
  if (!holdsDatabase(dir)) {
    if (fs::exists(dir) && (!fs::is_directory(dir) || !onlyLeftovers(dir)))
      throw StorageError("'" + dir.string() + "' is not a kgq database (it has no " + kSnapshotFile + ")", {},
                         "give --db a new or empty directory, or create one from files with --db DIR --import PATH");
    Graph empty;
    Database db = create(dir, empty);
    graph = std::move(empty);
    spdlog::info("created database {}", dir.string());
    return db;
  }
  Database db;
  db.dir_ = dir;
  db.lock_ = lock(dir);
  removeLeftovers(dir);
  SnapshotInfo info;
  Graph g = readSnapshot(dir / kSnapshotFile, &info);
  db.generation_ = info.logGeneration;
  db.snapshotBytes_ = info.bytes;
  RecoveryReport rep;
  fs::path logPath = dir / kLogFile;
  if (!fs::exists(logPath)) {
    db.startLog();  // creation stopped between the snapshot and the log
  } else if (std::uint64_t logGeneration = walGeneration(logPath); logGeneration < db.generation_) {
    rep.staleLog = true;  // a checkpoint stopped after its snapshot: every record is in it already
    spdlog::info("recovery: {} is older than the snapshot (an interrupted checkpoint); starting a new log",
                 logPath.string());
    db.startLog();
  } else if (logGeneration > db.generation_) {
    throw StorageError("log '" + logPath.string() + "' (generation " + std::to_string(logGeneration) +
                           ") is newer than the snapshot (generation " + std::to_string(db.generation_) + ")",
                       {}, "the snapshot was replaced from elsewhere; restore the directory from a backup");
  } else {
    bool journaling = g.journaling();
    g.setJournaling(false);  // a replayed commit is never undone
    WalScan scan = scanWal(logPath, [&](std::string_view payload) {
      std::uint64_t index = rep.replayed + 1;
      try {
        replay(g, decodeCommit(payload), index);
      } catch (const StorageError& e) {
        throw StorageError("log '" + logPath.string() + "': record " + std::to_string(index) +
                               " passes its checksum but does not apply: " + e.message(),
                           {}, "restore the database directory from a backup");
      } catch (const std::exception& e) {
        throw StorageError("log '" + logPath.string() + "': record " + std::to_string(index) +
                               " passes its checksum but does not apply: " + e.what(),
                           {}, "restore the database directory from a backup");
      }
      ++rep.replayed;
    });
    g.setJournaling(journaling);
    g.clearJournal();
    db.sequence_ = rep.replayed;
    if (!scan.problem.empty()) {
      rep.droppedBytes = scan.fileSize - scan.validEnd;
      rep.problem = scan.problem;
      spdlog::warn("recovery: {} after {} good records; dropped the last {} bytes of {} (a commit that was "
                   "never acknowledged)",
                   scan.problem, rep.replayed, rep.droppedBytes, logPath.string());
    }
    db.wal_.emplace(WalWriter::append(logPath, scan.validEnd));
    if (rep.replayed) spdlog::info("recovery: replayed {} commits from {}", rep.replayed, logPath.string());
    if (scan.version < kWalVersion) {
      // New records may hold what the old format cannot say: fold the old log into a snapshot
      // (or, when it has no records, just replace it) and go on in a log of the current version.
      spdlog::info("{} has log format {}; moving to format {}", logPath.string(), scan.version, kWalVersion);
      if (rep.replayed) db.checkpoint(g);
      else db.startLog();
    }
  }
  db.logged_ = NameCounts::of(g);
  if (report) *report = rep;
  graph = std::move(g);
  return db;
}

void Database::startLog() {
  wal_.reset();
  wal_.emplace(WalWriter::create(dir_ / kLogFile, generation_));
  sequence_ = 0;
}

std::uint64_t Database::checkpointThreshold() const {
  if (const char* env = std::getenv("KGQ_CHECKPOINT_BYTES"))
    if (auto v = std::strtoull(env, nullptr, 10); v > 0) return v;
  return std::max<std::uint64_t>(8u << 20, snapshotBytes_);
}

void Database::commit(const Graph& graph, std::span<const Change> changes) {
  if (changes.empty()) return;  // names interned meanwhile travel with the next record
  if (!wal_) startLog();        // a checkpoint could not start it; no commit is acknowledged without it
  wal_->write(encodeCommit(sequence_ + 1, graph, logged_, changes));
  ++sequence_;
  logged_ = NameCounts::of(graph);
  if (wal_->bytes() > checkpointThreshold()) {
    try {
      checkpoint(graph);
    } catch (const Error& e) {
      spdlog::warn("checkpoint after the commit failed (the commit is durable in the log): {}", e.message());
    }
  }
}

void Database::checkpoint(const Graph& graph) {
  auto started = std::chrono::steady_clock::now();
  std::uint64_t logged = logBytes();
  SnapshotInfo info = writeSnapshot(graph, dir_ / kSnapshotFile, generation_ + 1);
  // From here the snapshot is the truth and the old log is stale: a crash now is
  // recovered by ignoring that log, and no commit may append to it any more.
  ++generation_;
  snapshotBytes_ = info.bytes;
  wal_.reset();
  startLog();
  logged_ = NameCounts::of(graph);
  spdlog::info("checkpoint of {}: snapshot {} bytes, {} log bytes folded in, {:.1f} ms", dir_.string(), info.bytes,
               logged, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
}

}  // namespace kgq
