// CRC-32C (Castagnoli), the checksum of log records and snapshots: the
// polynomial ext4, iSCSI and RocksDB use, with an SSE4.2 instruction for it on
// x86-64 (a table otherwise), so checksumming costs far less than the fsync.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kgq {

// Continues `crc` (0 to start) over `n` bytes.
std::uint32_t crc32c(const void* data, std::size_t n, std::uint32_t crc = 0);

}  // namespace kgq
