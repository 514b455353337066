// Writing files so that a reader never sees half of one: the content goes to a
// temporary file beside the target, is flushed to disk, then renamed over it.
// On failure the temporary is removed and the old file is left as it was.
#pragma once

#include <filesystem>
#include <string>

namespace kgq {

// Throws ExportError naming the path and the system's reason.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kgq
