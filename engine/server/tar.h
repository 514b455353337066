// A POSIX ustar archive in memory: how a CSV export (three files) is one download.
#pragma once

#include <string>
#include <vector>

namespace kgq {

struct TarEntry {
  std::string name;  // at most 99 bytes, '/'-separated
  std::string data;
};

std::string writeTar(const std::vector<TarEntry>& entries);

}  // namespace kgq
