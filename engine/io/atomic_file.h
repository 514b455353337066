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
#pragma once

#include <filesystem>
#include <string>

namespace kgq {

// Throws ExportError naming the path and the system's reason.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kgq
