// The byte encoding shared by the snapshot and the log: little-endian fixed
// words, LEB128 varints (zigzag for signed), length-prefixed strings and stored
// property values (null, bool, int, float, string, list, the temporal types). A Decoder never reads
// past its end: a short or malformed buffer throws StorageError, which the
// readers turn into "torn record" or "corrupt snapshot".
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/errors.h"
#include "common/value.h"

namespace kgq {

class Encoder {
 public:
  std::string& buffer() { return buf_; }
  const std::string& buffer() const { return buf_; }
  void u8(std::uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void u64(std::uint64_t v) { raw(&v, 8); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      buf_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    buf_.push_back(static_cast<char>(v));
  }
  void svarint(std::int64_t v) { varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
  void str(std::string_view s) {
    varint(s.size());
    buf_.append(s);
  }
  void raw(const void* p, std::size_t n) { buf_.append(static_cast<const char*>(p), n); }
  // A stored property value; throws StorageError for a value a graph cannot hold (map, node, ...).
  void value(const Value& v);

 private:
  std::string buf_;
};

class Decoder {
 public:
  Decoder(const char* p, std::size_t n) : p_(p), end_(p + n) {}
  explicit Decoder(std::string_view s) : Decoder(s.data(), s.size()) {}
  bool done() const { return p_ == end_; }
  std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }
  std::uint8_t u8() {
    need(1);
    return static_cast<std::uint8_t>(*p_++);
  }
  std::uint32_t u32() {
    std::uint32_t v;
    raw(&v, 4);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v;
    raw(&v, 8);
    return v;
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = u8();
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("varint longer than 10 bytes");
  }
  // A varint that must fit 32 bits (ids, counts).
  std::uint32_t varint32() {
    std::uint64_t v = varint();
    if (v > 0xFFFFFFFFu) fail("id out of range");
    return static_cast<std::uint32_t>(v);
  }
  std::int64_t svarint() {
    std::uint64_t v = varint();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  std::string_view str() {
    std::uint64_t n = varint();
    need(n);
    std::string_view s(p_, n);
    p_ += n;
    return s;
  }
  void raw(void* out, std::size_t n) {
    need(n);
    std::memcpy(out, p_, n);
    p_ += n;
  }
  const char* take(std::size_t n) {
    need(n);
    const char* at = p_;
    p_ += n;
    return at;
  }
  Value value();
  [[noreturn]] static void fail(const std::string& what);

 private:
  // Parts of temporal values, range-checked so a damaged file cannot make an invalid one.
  std::int64_t nanosOfDay();
  std::int32_t subSecond();
  std::int32_t offset();
  void need(std::uint64_t n) const {
    if (n > left()) fail("unexpected end of data");
  }
  const char* p_;
  const char* end_;
};

}  // namespace kgq
