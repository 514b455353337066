#include "server/tar.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace kgq {

namespace {
void octal(char* field, std::size_t width, unsigned long long value) {
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}
}  // namespace

std::string writeTar(const std::vector<TarEntry>& entries) {
  auto now = static_cast<unsigned long long>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  std::string out;
  for (const auto& e : entries) {
    if (e.name.size() > 99) throw std::length_error("tar entry name too long: " + e.name);
    char h[512] = {};
    std::memcpy(h, e.name.data(), e.name.size());
    octal(h + 100, 8, 0644);  // mode
    octal(h + 108, 8, 0);     // uid
    octal(h + 116, 8, 0);     // gid
    octal(h + 124, 12, e.data.size());
    octal(h + 136, 12, now);
    h[156] = '0';  // a regular file
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memset(h + 148, ' ', 8);  // the checksum is summed with its own field as blanks
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    out.append(h, sizeof h);
    out += e.data;
    out.append((512 - e.data.size() % 512) % 512, '\0');
  }
  out.append(1024, '\0');  // two empty blocks end the archive
  return out;
}

}  // namespace kgq
