// CRC-32C (Castagnoli), the checksum of log records and snapshots: the
// polynomial ext4, iSCSI and RocksDB use, with an SSE4.2 instruction for it on
// x86-64 (a table otherwise), so checksumming costs far less than the fsync.
// Not Boost.CRC: its table-driven crc_optimal took 200 ms over a 64 MiB
// snapshot where the instruction takes 7.5 ms, a third of a reopen's budget;
// Debian 12 packages no C/C++ CRC-32C library.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kgq {

// Continues `crc` (0 to start) over `n` bytes.
std::uint32_t crc32c(const void* data, std::size_t n, std::uint32_t crc = 0);

}  // namespace kgq
