// Writing files so that a reader never sees half of one: the content goes to a
// temporary file beside the target, is flushed to disk, then renamed over it.
// On failure the temporary is removed and the old file is left as it was.
//
// Only a regular file (or a missing one) is replaced that way, and a replaced
// file keeps its permission bits (and, where allowed, its owner). A symbolic
// link is followed, so the link stays and its target gets the content. A
// character device or a FIFO (/dev/null, /dev/stdout, a pipe a reader waits
// on) is written through, as a shell redirection would; a directory, a block
// device or a socket is refused.
//
// The temporary is .NAME.kgq-tmp-PID-RANDOM in the target's directory. A process killed while
// writing (SIGKILL, power loss) leaves it behind, hidden and never half of NAME; the next write of NAME
// removes those of processes that no longer run (docs/reliability.md, Crash-safe files).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace kgq {

// Throws ExportError naming the path and the system's reason. A file that did not exist is created
// with newFileMode less the umask (0666 as a shell's `>` does; 0600 for private files such as history).
void writeFileAtomically(const std::filesystem::path& path, const std::string& content, unsigned newFileMode = 0666);

// Several files that belong together (an export's nodes.csv and edges.csv): every one is
// staged in its temporary first, and only when all are written are they renamed into place,
// so a failure while writing any leaves all the old files as they were. (A failing rename,
// after the others succeeded, can still leave the earlier ones new: POSIX renames one file.)
void writeFilesAtomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files,
                          unsigned newFileMode = 0666);

}  // namespace kgq
