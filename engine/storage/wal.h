// The write-ahead log: one append-only file of commit records, each
//   u32 payload length | u32 CRC-32C (of the length and the payload) | payload
// after a 20-byte header (magic "KGQWAL0" + the format version digit, the
// generation, header CRC). A
// record is acknowledged only after fsync. Recovery reads records in order and
// stops at the first one that is incomplete or whose checksum fails: a crash
// leaves at most the record being written torn, and that commit was never
// acknowledged.
//
// The generation pairs the log with the snapshot it follows (storage/snapshot.h):
// a checkpoint writes a snapshot naming generation G+1, then replaces the log by
// an empty one of generation G+1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "storage/file_io.h"

namespace kgq {

// Failures the log writer can be told to fake, to test what a failed commit
// leaves behind: KGQ_WAL_FAULT=short-write|fsync|enospc[:N] fails the Nth append
// of the process (default 1).
struct WalFault {
  enum class Kind { None, ShortWrite, Fsync, NoSpace } kind = Kind::None;
  std::uint64_t atAppend = 1;
  static WalFault fromEnvironment();
};

class WalWriter {
 public:
  // Creates an empty log of `generation` at `path` atomically (temporary file,
  // fsync, rename, directory fsync), replacing any log there.
  static WalWriter create(const std::filesystem::path& path, std::uint64_t generation);
  // Appends to an existing log whose valid part ends at `end` (found by scanWal).
  static WalWriter append(const std::filesystem::path& path, std::uint64_t end);

  // Frames, writes and fsyncs one record. On failure the log is cut back to its
  // previous end and StorageError is thrown; if even that fails, the writer
  // refuses every later append (the records before stay valid).
  void write(std::string_view payload);
  std::uint64_t bytes() const { return end_; }
  bool empty() const { return end_ <= kHeaderBytes; }
  void setFault(WalFault f) { fault_ = f; }

  static constexpr std::uint64_t kHeaderBytes = 20;

 private:
  FileHandle file_;
  std::uint64_t end_ = 0;
  std::uint64_t appends_ = 0;
  bool broken_ = false;
  WalFault fault_ = WalFault::fromEnvironment();
};

// The log format a new log is written in (see wal.cpp for what each version added).
inline constexpr unsigned kWalVersion = 2;

struct WalHeader {
  std::uint64_t generation = 0;
  unsigned version = 0;
};

struct WalScan {
  std::uint64_t generation = 0;
  unsigned version = 0;
  std::uint64_t records = 0;
  std::uint64_t validEnd = 0;  // bytes up to the end of the last good record
  std::uint64_t fileSize = 0;
  std::string problem;         // why the scan stopped before fileSize ("" when it did not)
};

// The generation (and format version) in the log's header; throws StorageError when the
// header is damaged or of a newer version than kWalVersion.
std::uint64_t walGeneration(const std::filesystem::path& path);
WalHeader readWalHeader(const std::filesystem::path& path);

// Calls `onRecord` for each complete record in order. Throws StorageError when the
// header itself is damaged (the generation is then unknown).
WalScan scanWal(const std::filesystem::path& path, const std::function<void(std::string_view)>& onRecord);

}  // namespace kgq
