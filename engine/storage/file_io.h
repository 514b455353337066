// The few file operations durability rests on, each failing with StorageError
// naming the path and the system's reason: whole writes (retrying short ones),
// fsync of a file and of its directory (a rename is durable only once the
// directory is), and reading a file in blocks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace kgq {

[[noreturn]] void throwSystemError(const std::filesystem::path& path, const std::string& what, int err);

class FileHandle {
 public:
  FileHandle() = default;
  explicit FileHandle(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  FileHandle(FileHandle&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
  FileHandle& operator=(FileHandle&& o) noexcept;
  ~FileHandle();
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;

  // flags as for open(2); throws when it cannot be opened.
  static FileHandle open(const std::filesystem::path& path, int flags, int mode = 0644);
  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }
  explicit operator bool() const { return fd_ >= 0; }

  void writeAll(std::string_view data);
  // Reads up to n bytes; fewer only at the end of the file.
  std::size_t readUpTo(char* out, std::size_t n);
  void sync();
  std::uint64_t size() const;
  void truncate(std::uint64_t size);
  void close();

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

// Makes renames and creations in `dir` durable.
void syncDirectory(const std::filesystem::path& dir);

}  // namespace kgq
