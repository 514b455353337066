#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "common/errors.h"

namespace kgq {

namespace {
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
  throw ExportError("cannot write '" + path.string() + "': " + what + ": " + std::strerror(err),
                    SourcePos{path.string(), 0, 0, {}}, "check that the directory exists and is writable");
}
}  // namespace

void writeFileAtomically(const std::filesystem::path& path, const std::string& content) {
  std::random_device rd;
  auto tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "create a temporary file", errno);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      fail(path, "write", err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "flush", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename into place", err);
  }
}

}  // namespace kgq
