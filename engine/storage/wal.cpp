#include "storage/wal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

#include "common/errors.h"
#include "storage/codec.h"
#include "storage/crc32c.h"

namespace kgq {

namespace {

// "KGQWAL0" and the format version: 1 the first log, 2 values may be temporal (codec tags
// 7..12). Every older version still reads; Database::open moves a database off an older log
// before it appends, so a log never holds what its version does not promise.
constexpr char kMagicStem[7] = {'K', 'G', 'Q', 'W', 'A', 'L', '0'};
constexpr std::uint32_t kMaxRecordBytes = 1u << 30;

std::uint32_t recordCrc(std::uint32_t length, std::string_view payload) {
  return crc32c(payload.data(), payload.size(), crc32c(&length, 4));
}

}  // namespace

WalFault WalFault::fromEnvironment() {
  WalFault f;
  const char* env = std::getenv("KGQ_WAL_FAULT");
  if (!env || !*env) return f;
  std::string spec(env);
  auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  if (colon != std::string::npos) f.atAppend = std::strtoull(spec.c_str() + colon + 1, nullptr, 10);
  if (kind == "short-write") f.kind = Kind::ShortWrite;
  else if (kind == "fsync") f.kind = Kind::Fsync;
  else if (kind == "enospc") f.kind = Kind::NoSpace;
  return f;
}

WalWriter WalWriter::create(const std::filesystem::path& path, std::uint64_t generation) {
  Encoder h;
  h.raw(kMagicStem, sizeof kMagicStem);
  h.u8(static_cast<std::uint8_t>('0' + kWalVersion));
  h.u64(generation);
  h.u32(crc32c(h.buffer().data(), h.buffer().size()));
  std::random_device rd;
  auto tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  try {
    FileHandle f = FileHandle::open(tmp, O_WRONLY | O_CREAT | O_EXCL);
    f.writeAll(h.buffer());
    f.sync();
    f.close();
    if (::rename(tmp.c_str(), path.c_str()) != 0) throwSystemError(path, "rename a new log over", errno);
    syncDirectory(path.parent_path().empty() ? "." : path.parent_path());
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  return append(path, kHeaderBytes);
}

WalWriter WalWriter::append(const std::filesystem::path& path, std::uint64_t end) {
  WalWriter w;
  w.file_ = FileHandle::open(path, O_WRONLY);
  if (w.file_.size() != end) {  // a torn tail: cut it so new records follow the last good one
    w.file_.truncate(end);
    w.file_.sync();
  }
  if (::lseek(w.file_.fd(), static_cast<off_t>(end), SEEK_SET) < 0) throwSystemError(path, "seek in", errno);
  w.end_ = end;
  return w;
}

void WalWriter::write(std::string_view payload) {
  if (broken_)
    throw StorageError("the log '" + file_.path().string() + "' could not be repaired after an earlier failure", {},
                       "leave kgq and reopen the database: every acknowledged commit is in the log");
  if (payload.size() > kMaxRecordBytes)
    throw StorageError("a commit of " + std::to_string(payload.size()) + " bytes is too large for one log record", {},
                       "commit the changes in smaller transactions");
  std::string frame;
  frame.reserve(8 + payload.size());
  auto length = static_cast<std::uint32_t>(payload.size());
  std::uint32_t crc = recordCrc(length, payload);
  frame.append(reinterpret_cast<const char*>(&length), 4);
  frame.append(reinterpret_cast<const char*>(&crc), 4);
  frame.append(payload);

  ++appends_;
  bool injected = fault_.kind != WalFault::Kind::None && appends_ == fault_.atAppend;
  try {
    if (injected && fault_.kind == WalFault::Kind::NoSpace)
      throwSystemError(file_.path(), "write", ENOSPC);
    if (injected && fault_.kind == WalFault::Kind::ShortWrite) {
      file_.writeAll(std::string_view(frame).substr(0, frame.size() / 2));
      throwSystemError(file_.path(), "write (short write)", EIO);
    }
    file_.writeAll(frame);
    if (injected && fault_.kind == WalFault::Kind::Fsync) throwSystemError(file_.path(), "flush (fsync)", EIO);
    file_.sync();
  } catch (const StorageError&) {
    // Whatever part of the record reached the file must not be replayed: cut back to the last acknowledged one.
    try {
      file_.truncate(end_);
      file_.sync();
      if (::lseek(file_.fd(), static_cast<off_t>(end_), SEEK_SET) < 0) throwSystemError(file_.path(), "seek in", errno);
    } catch (const StorageError&) {
      broken_ = true;
    }
    throw;
  }
  end_ += frame.size();
}

namespace {
WalHeader parseHeader(const std::filesystem::path& path, std::string_view data) {
  auto damaged = [&] {
    return StorageError("log '" + path.string() + "' has a damaged header", {},
                        "restore the database directory from a backup; the snapshot alone holds the state of the "
                        "last checkpoint");
  };
  if (data.size() < WalWriter::kHeaderBytes || std::memcmp(data.data(), kMagicStem, 7) != 0 ||
      crc32c(data.data(), 16) != Decoder(data.data() + 16, 4).u32())
    throw damaged();
  unsigned version = static_cast<unsigned char>(data[7]) - '0';
  if (version < 1 || version > 9) throw damaged();
  if (version > kWalVersion)
    throw StorageError("log '" + path.string() + "' has format version " + std::to_string(version) +
                           ", newer than this kgq reads (" + std::to_string(kWalVersion) + ")",
                       {}, "open the database with the kgq that wrote it, or a newer one");
  return WalHeader{Decoder(data.data() + 8, 8).u64(), version};
}
}  // namespace

WalHeader readWalHeader(const std::filesystem::path& path) {
  FileHandle f = FileHandle::open(path, O_RDONLY);
  char header[WalWriter::kHeaderBytes];
  std::size_t n = f.readUpTo(header, sizeof header);
  return parseHeader(path, std::string_view(header, n));
}

std::uint64_t walGeneration(const std::filesystem::path& path) { return readWalHeader(path).generation; }

WalScan scanWal(const std::filesystem::path& path, const std::function<void(std::string_view)>& onRecord) {
  FileHandle f = FileHandle::open(path, O_RDONLY);
  WalScan scan;
  scan.fileSize = f.size();
  std::string data(scan.fileSize, '\0');
  data.resize(f.readUpTo(data.data(), data.size()));
  WalHeader header = parseHeader(path, data);
  scan.generation = header.generation;
  scan.version = header.version;
  std::size_t at = WalWriter::kHeaderBytes;
  scan.validEnd = at;
  while (at < data.size()) {
    if (data.size() - at < 8) {
      scan.problem = "a record header is cut short";
      break;
    }
    Decoder head(data.data() + at, 8);
    std::uint32_t length = head.u32(), crc = head.u32();
    if (length == 0 || length > data.size() - at - 8) {
      scan.problem = length == 0 ? "a record has length 0" : "a record is cut short";
      break;
    }
    std::string_view payload(data.data() + at + 8, length);
    if (recordCrc(length, payload) != crc) {
      scan.problem = "a record fails its checksum";
      break;
    }
    onRecord(payload);
    ++scan.records;
    at += 8 + length;
    scan.validEnd = at;
  }
  return scan;
}

}  // namespace kgq
