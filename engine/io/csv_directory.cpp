// Replacing a CSV graph directory as one step: the new files go to a sibling
// directory (the directory's other files hard-linked in), which is fsynced and
// then exchanged with the old one by renameat2(RENAME_EXCHANGE). Any failure
// before the exchange leaves the old directory exactly as it was; after it the
// old one is removed. A file system without RENAME_EXCHANGE gets two renames,
// with a window in which only the sibling (named in the error) holds the graph.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "io/atomic_file.h"
#include "io/export.h"
#include "io/graph_meta_file.h"

namespace kgq {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& dir, const std::string& what, int err) {
  throw ExportError("cannot save to '" + dir.string() + "': " + what + ": " + std::strerror(err), {},
                    "the directory is unchanged; check that its parent exists and is writable");
}

void syncPath(const fs::path& p, const fs::path& dir) {
  int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(dir, "open " + p.string(), errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) fail(dir, "fsync " + p.string(), err);
}

bool isGraphFile(const fs::path& name) {
  return name == "nodes.csv" || name == "edges.csv" || name == kGraphMetaFile;
}

}  // namespace

void writeCsvDirectoryAtomically(const Graph& g, const Subgraph& s, const fs::path& dirIn) {
  fs::path dir = fs::absolute(dirIn).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();  // "graphs/x/" names "graphs/x"
  fs::path parent = dir.parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) fail(dir, "no directory " + parent.string(), ENOENT);
  bool replacing = fs::exists(dir, ec);
  if (replacing && !fs::is_directory(dir, ec)) fail(dir, "it is a file, not a directory", ENOTDIR);

  std::random_device rd;
  fs::path tmp = parent / ("." + dir.filename().string() + ".kgq-save-" + std::to_string(::getpid()) + "-" +
                           std::to_string(rd()));
  if (!fs::create_directory(tmp, ec)) fail(dir, "create " + tmp.string(), ec.value());
  try {
    if (replacing)
      for (const auto& e : fs::directory_iterator(dir)) {
        if (isGraphFile(e.path().filename())) continue;
        fs::copy(e.path(), tmp / e.path().filename(),
                 fs::copy_options::recursive | fs::copy_options::create_hard_links | fs::copy_options::copy_symlinks,
                 ec);
        if (ec) fail(dir, "keep " + e.path().string(), ec.value());
      }
    writeCsvDirectory(g, s, tmp);
    syncPath(tmp, dir);
    if (!replacing) {
      if (::rename(tmp.c_str(), dir.c_str()) != 0) fail(dir, "rename into place", errno);
    } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) fail(dir, "exchange with the new directory", errno);
      fs::path old = tmp;
      old += ".old";
      if (::rename(dir.c_str(), old.c_str()) != 0) fail(dir, "move the old directory aside", errno);
      if (::rename(tmp.c_str(), dir.c_str()) != 0) {
        int err = errno;
        ::rename(old.c_str(), dir.c_str());
        fail(dir, "rename into place", err);
      }
      tmp = old;
    }
    syncPath(parent, dir);
  } catch (const std::exception&) {
    fs::remove_all(tmp, ec);
    throw;
  }
  if (replacing) fs::remove_all(tmp, ec);  // the old directory, exchanged out
}

std::string saveGraph(const Graph& g, const fs::path& dir) {
  Subgraph s = wholeGraph(g);
  writeCsvDirectoryAtomically(g, s, dir);
  return "saved " + std::to_string(s.nodes.size()) + " nodes and " + std::to_string(s.rels.size()) +
         " relationships to " + dir.string() + " (nodes.csv, edges.csv, kgq-meta.json)";
}

}  // namespace kgq
