#include "storage/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/errors.h"

namespace kgq {

void throwSystemError(const std::filesystem::path& path, const std::string& what, int err) {
  throw StorageError("cannot " + what + " '" + path.string() + "': " + std::strerror(err), {},
                     err == ENOSPC ? "free disk space, then repeat the statement"
                                   : "check that the directory exists and is writable");
}

FileHandle& FileHandle::operator=(FileHandle&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    path_ = std::move(o.path_);
    o.fd_ = -1;
  }
  return *this;
}

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

FileHandle FileHandle::open(const std::filesystem::path& path, int flags, int mode) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) throwSystemError(path, "open", errno);
  return FileHandle(fd, path);
}

void FileHandle::writeAll(std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throwSystemError(path_, "write", errno);
    done += static_cast<std::size_t>(n);
  }
}

std::size_t FileHandle::readUpTo(char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    ssize_t got = ::read(fd_, out + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throwSystemError(path_, "read", errno);
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

void FileHandle::sync() {
  if (::fsync(fd_) != 0) throwSystemError(path_, "flush (fsync)", errno);
}

std::uint64_t FileHandle::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throwSystemError(path_, "stat", errno);
  return static_cast<std::uint64_t>(st.st_size);
}

void FileHandle::truncate(std::uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) throwSystemError(path_, "truncate", errno);
}

void FileHandle::close() {
  if (fd_ < 0) return;
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throwSystemError(path_, "close", errno);
}

void syncDirectory(const std::filesystem::path& dir) {
  FileHandle d = FileHandle::open(dir, O_RDONLY | O_DIRECTORY);
  d.sync();
}

}  // namespace kgq
