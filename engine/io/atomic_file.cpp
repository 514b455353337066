#include "io/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <random>

#include "common/errors.h"

namespace kgq {

namespace {
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err,
                       std::string hint = "check that the directory exists and is writable") {
  std::string reason = err ? std::string(": ") + std::strerror(err) : std::string();
  throw ExportError("cannot write '" + path.string() + "': " + what + reason, SourcePos{path.string(), 0, 0, {}},
                    std::move(hint));
}

// Returns 0 or the errno of the failed write.
int writeAll(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// A character device or FIFO: there is no file to replace, so the bytes go
// where the user pointed (a FIFO without a reader is refused, not waited on).
void writeThrough(const std::filesystem::path& path, const std::string& content, bool fifo) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | (fifo ? O_NONBLOCK : 0));
  if (fd < 0) {
    if (fifo && errno == ENXIO) fail(path, "the FIFO has no reader", 0, "start the reader first, or export to a file");
    fail(path, "open", errno);
  }
  if (fifo) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  int err = writeAll(fd, content);
  if (::close(fd) != 0 && !err) err = errno;
  if (err) fail(path, "write", err);
}

// The temporaries of `path` are named .NAME.kgq-tmp-PID-RANDOM beside it: hidden, and recognisable as
// kgq's and as belonging to NAME and to process PID.
std::string temporaryPrefix(const std::filesystem::path& path) {
  return "." + path.filename().string() + ".kgq-tmp-";
}

// A process killed while writing (SIGKILL, a power cut) leaves its temporary behind. The next write of the
// same file removes those whose process no longer runs on this machine; a live writer's (a concurrent
// export, a PID reused since) is left alone. Anything but a regular file with that name is left too.
void removeStaleTemporaries(const std::filesystem::path& path) {
  const std::string prefix = temporaryPrefix(path);
  auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    char* stop = nullptr;
    long pid = std::strtol(name.c_str() + prefix.size(), &stop, 10);
    if (pid <= 0 || *stop != '-' || pid == ::getpid()) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) ::unlink(it->path().c_str());
  }
}

// Writes `content` to a new temporary file beside `path` (flushed to disk) and returns its name;
// nothing is replaced yet. A replaced file's permission bits (and owner, where allowed) are kept.
std::filesystem::path stageRegular(const std::filesystem::path& path, const std::string& content,
                                   const struct stat* old, unsigned newFileMode) {
  removeStaleTemporaries(path);
  std::random_device rd;
  auto tmp = path.parent_path() / (temporaryPrefix(path) + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  // A new file gets newFileMode (0666 for exports, as `>` gives) less the umask; a replaced one its old bits.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, old ? (old->st_mode & 07777) : newFileMode);
  if (fd < 0) fail(path, "create a temporary file", errno);
  auto abandon = [&](const char* what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(path, what, err);
  };
  if (old) {
    // open() applied the umask: restore the exact bits, and the owner where we may (root).
    if (::fchmod(fd, old->st_mode & 07777) != 0) abandon("keep its permissions", errno);
    if (::fchown(fd, old->st_uid, old->st_gid) != 0) {
      // Not permitted for another user's file: the group alone may still be kept.
      [[maybe_unused]] int ignored = ::fchown(fd, static_cast<uid_t>(-1), old->st_gid);
    }
  }
  if (int err = writeAll(fd, content)) abandon("write", err);
  if (::fsync(fd) != 0) abandon("flush", errno);
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "flush", err);
  }
  return tmp;
}

enum class Way { Replace, CharDevice, Fifo };

struct Staged {
  std::filesystem::path path;    // as the user named it
  std::filesystem::path target;  // a symbolic link followed
  Way way = Way::Replace;
  std::filesystem::path tmp;     // Replace: the staged content
  const std::string* content = nullptr;
};

// Decides how `path` is written and, for a regular (or missing) file, stages its content.
Staged stage(const std::filesystem::path& path, const std::string& content, unsigned newFileMode) {
  Staged out{path, path, Way::Replace, {}, &content};
  // stat follows a symbolic link, so the link's target is what gets replaced or written.
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf) != nullptr) {
      out.target = buf;
    } else if (errno == ENOENT) {
      // A dangling link: create the file it names, relative to the link's directory.
      ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
      if (n < 0) fail(path, "read the symbolic link", errno);
      std::filesystem::path to(std::string(buf, static_cast<std::size_t>(n)));
      out.target = to.is_absolute() ? to : path.parent_path() / to;
    } else {
      fail(path, "follow the symbolic link", errno, "point the export at a regular file");
    }
  }
  if (::stat(out.target.c_str(), &st) != 0) {
    if (errno != ENOENT) fail(path, "inspect the file", errno);
    out.tmp = stageRegular(out.target, content, nullptr, newFileMode);
    return out;
  }
  if (S_ISREG(st.st_mode)) {
    out.tmp = stageRegular(out.target, content, &st, newFileMode);
    return out;
  }
  if (S_ISCHR(st.st_mode)) return out.way = Way::CharDevice, out;
  if (S_ISFIFO(st.st_mode)) return out.way = Way::Fifo, out;
  const char* what = S_ISDIR(st.st_mode) ? "it is a directory" : S_ISBLK(st.st_mode) ? "it is a block device"
                                                                                        : "it is not a regular file";
  fail(path, what, 0, "export to a regular file");
}
}  // namespace

void writeFilesAtomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files,
                          unsigned newFileMode) {
  std::vector<Staged> staged;
  auto dropFrom = [&](std::size_t i) {
    for (; i < staged.size(); ++i)
      if (!staged[i].tmp.empty()) ::unlink(staged[i].tmp.c_str());
  };
  try {
    for (const auto& [path, content] : files) staged.push_back(stage(path, content, newFileMode));
  } catch (...) {
    dropFrom(0);  // nothing was replaced: every old file is as it was
    throw;
  }
  for (std::size_t i = 0; i < staged.size(); ++i) {
    const Staged& f = staged[i];
    if (f.way != Way::Replace) {
      try {
        writeThrough(f.target, *f.content, f.way == Way::Fifo);
      } catch (...) {
        dropFrom(i + 1);
        throw;
      }
      continue;
    }
    if (::rename(f.tmp.c_str(), f.target.c_str()) != 0) {
      int err = errno;
      dropFrom(i);
      fail(f.path, "rename into place", err);
    }
  }
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& content, unsigned newFileMode) {
  writeFilesAtomically({{path, content}}, newFileMode);
}

}  // namespace kgq
