// The explorer page kgq serve answers at `/`: the files of engine/server/page/, compiled into the
// binary at build time (cmake/embed_files.cmake), so it needs no files beside it and no network.
#pragma once

#include <span>
#include <string_view>

namespace kgq {

struct PageFile {
  std::string_view path;  // "/index.html", "/app.js", ...
  std::string_view contentType;
  std::string_view body;
};

std::span<const PageFile> pageFiles();

}  // namespace kgq
