// The REPL's history file, in GNU readline's format with timestamps ("#<seconds>" before each entry, so
// that a multi-line statement comes back as one entry). Saving never writes the file in place: the whole
// new content goes to a temporary file in the same directory that is renamed over it (io/atomic_file), so a
// crash or a full disk leaves the old history, and two sessions never interleave half-written entries.
#pragma once

#include <cstddef>
#include <string>

namespace kgq {

// `existing` (a history file's text) with `entry` appended under `timestamp` ("#<seconds>"), keeping the
// last `keep` entries. Lines before the first timestamp (a file written without them) count one entry each.
std::string appendHistoryEntry(const std::string& existing, const std::string& timestamp,
                               const std::string& entry, std::size_t keep);

// Appends `entry` to the history file `path` and saves it through a temporary file: the file's entries
// written meanwhile by other sessions are kept. A new file is private (0600); an existing one keeps its
// mode; a symbolic link stays a link (its target is replaced); /dev/null or a FIFO is written through.
// Throws ExportError when it cannot.
void saveHistoryEntry(const std::string& path, const std::string& timestamp, const std::string& entry,
                      std::size_t keep);

}  // namespace kgq
