#include "graph/column.h"

#include <bit>
#include <functional>
#include <stdexcept>

namespace kgq {

namespace {
constexpr unsigned kLengthBits = 24;
constexpr std::uint64_t kMaxLength = (std::uint64_t{1} << kLengthBits) - 1;
constexpr std::uint64_t kMaxOffset = (std::uint64_t{1} << (64 - kLengthBits)) - 1;

std::uint64_t mixHash(std::uint64_t seed, std::uint64_t v) {
  seed ^= v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}
std::uint64_t hashNumber(double d) { return mixHash(1, std::hash<double>{}(d)); }
std::uint64_t hashString(std::string_view s) { return mixHash(2, std::hash<std::string_view>{}(s)); }
}  // namespace

ValueColumn::Kind ValueColumn::kindOf(const Value& v) {
  switch (v.type()) {
    case ValueType::Int: return Kind::Int;
    case ValueType::Float: return Kind::Float;
    case ValueType::Bool: return Kind::Bool;
    case ValueType::String: return v.asString().size() <= kMaxLength ? Kind::String : Kind::General;
    default: return Kind::General;
  }
}

std::string_view ValueColumn::stringAt(std::size_t i) const {
  std::uint64_t w = words_[i];
  return std::string_view(arena_).substr(w >> kLengthBits, w & kMaxLength);
}

Value ValueColumn::getOther(std::size_t i) const {
  switch (kind_) {
    case Kind::Int: return Value(static_cast<std::int64_t>(words_[i]));
    case Kind::Float: return Value(std::bit_cast<double>(words_[i]));
    case Kind::Bool: return Value(words_[i] != 0);
    case Kind::String: return Value(stringAt(i));
    case Kind::General: return general_[i];
    case Kind::Empty: break;
  }
  return Value();
}

void ValueColumn::reserve(std::size_t n) {
  present_.reserve((n + 63) / 64);
  if (kind_ == Kind::General) general_.reserve(n);
  else words_.reserve(n);
}

void ValueColumn::grow(std::size_t n) {
  if (n <= size_) return;
  size_ = n;
  present_.resize((n + 63) / 64);
  if (kind_ == Kind::General) general_.resize(n);
  else if (kind_ != Kind::Empty) words_.resize(n);
}

void ValueColumn::setPresent(std::size_t i, bool on) {
  std::uint64_t bit = std::uint64_t{1} << (i & 63);
  bool was = (present_[i >> 6] & bit) != 0;
  if (was == on) return;
  present_[i >> 6] ^= bit;
  count_ += on ? 1 : static_cast<std::size_t>(-1);
}

// A column whose values were all removed takes the kind of the next one.
void ValueColumn::reset(Kind k) {
  kind_ = k;
  words_.clear();
  arena_.clear();
  garbage_ = 0;
  general_.clear();
  if (k == Kind::General) general_.resize(size_);
  else if (k != Kind::Empty) words_.resize(size_);
}

void ValueColumn::toGeneral() {
  std::vector<Value> all(size_);
  for (std::size_t i = 0; i < size_; ++i)
    if (has(i)) all[i] = get(i);
  reset(Kind::General);
  general_ = std::move(all);
}

std::uint64_t ValueColumn::storeString(std::string_view s) {
  std::uint64_t offset = arena_.size();
  arena_.append(s);
  return offset << kLengthBits | s.size();
}

void ValueColumn::releaseString(std::size_t i) {
  garbage_ += words_[i] & kMaxLength;
  words_[i] = 0;
}

// Overwritten strings leave their old bytes behind; once they are most of the
// arena, rewrite it.
void ValueColumn::compactArena() {
  if (garbage_ < 4096 || garbage_ * 2 < arena_.size()) return;
  std::string fresh;
  fresh.reserve(arena_.size() - garbage_);
  for (std::size_t i = 0; i < size_; ++i) {
    if (!has(i)) continue;
    std::string_view s = stringAt(i);
    std::uint64_t offset = fresh.size();
    fresh.append(s);
    words_[i] = offset << kLengthBits | s.size();
  }
  arena_ = std::move(fresh);
  garbage_ = 0;
}

void ValueColumn::set(std::size_t i, Value v) {
  if (v.isNull()) {
    if (!has(i)) return;
    if (kind_ == Kind::String) releaseString(i);
    else if (kind_ == Kind::General) general_[i] = Value();
    setPresent(i, false);
    if (kind_ == Kind::String) compactArena();
    return;
  }
  grow(i + 1);
  Kind k = kindOf(v);
  if (count_ == 0 || (count_ == 1 && has(i))) reset(k);
  else if (k != kind_ && kind_ != Kind::General) toGeneral();
  if (kind_ == Kind::String && arena_.size() + v.asString().size() > kMaxOffset) toGeneral();
  switch (kind_) {
    case Kind::Int: words_[i] = static_cast<std::uint64_t>(v.asInt()); break;
    case Kind::Float: words_[i] = std::bit_cast<std::uint64_t>(v.asFloat()); break;
    case Kind::Bool: words_[i] = v.asBool() ? 1 : 0; break;
    case Kind::String:
      if (has(i)) releaseString(i);
      words_[i] = storeString(v.asString());
      break;
    case Kind::General: general_[i] = std::move(v); break;
    case Kind::Empty: break;
  }
  setPresent(i, true);
  if (kind_ == Kind::String) compactArena();
}

void ValueColumn::truncate(std::size_t n) {
  if (n >= size_) return;
  for (std::size_t i = n; i < size_; ++i) {
    if (!has(i)) continue;
    if (kind_ == Kind::String) releaseString(i);
    setPresent(i, false);
  }
  size_ = n;
  present_.resize((n + 63) / 64);
  if (n & 63) present_.back() &= (std::uint64_t{1} << (n & 63)) - 1;
  if (kind_ == Kind::General) general_.resize(n);
  else if (kind_ != Kind::Empty) words_.resize(n);
  if (kind_ == Kind::String) compactArena();
}

bool ValueColumn::equalsAt(std::size_t i, const Value& v) const {
  switch (kind_) {
    case Kind::String: return v.isString() && v.asString() == stringAt(i);
    case Kind::Int:
      if (v.isInt()) return static_cast<std::int64_t>(words_[i]) == v.asInt();
      break;
    case Kind::General: return general_[i] == v;
    default: break;
  }
  return get(i) == v;
}

bool ValueColumn::sameAt(std::size_t i, std::size_t j) const {
  switch (kind_) {
    case Kind::String: return stringAt(i) == stringAt(j);
    case Kind::Int: return words_[i] == words_[j];
    case Kind::General: return general_[i] == general_[j];
    default: return get(i) == get(j);
  }
}

std::uint64_t ValueColumn::hashOf(const Value& v) {
  if (v.isNumber()) return hashNumber(v.asNumber());
  if (v.isString()) return hashString(v.asString());
  return v.hash();
}

std::uint64_t ValueColumn::hashAt(std::size_t i) const {
  switch (kind_) {
    case Kind::String: return hashString(stringAt(i));
    case Kind::Int: return hashNumber(static_cast<double>(static_cast<std::int64_t>(words_[i])));
    case Kind::Float: return hashNumber(std::bit_cast<double>(words_[i]));
    case Kind::General: return hashOf(general_[i]);
    default: return hashOf(get(i));
  }
}

ValueColumn ValueColumn::fromParts(Parts p) {
  auto fail = [](const char* what) { throw std::invalid_argument(std::string("column: ") + what); };
  if (p.kind == Kind::General) fail("a general column has no flat parts");
  if (p.kind > Kind::General) fail("unknown kind");
  if (p.present.size() != (p.size + 63) / 64) fail("presence bitmap of the wrong length");
  if ((p.size & 63) && (p.present.back() >> (p.size & 63)) != 0) fail("presence past the end");
  std::size_t count = 0;
  for (auto w : p.present) count += static_cast<std::size_t>(std::popcount(w));
  if (count != p.count) fail("count disagrees with the presence bitmap");
  if (p.kind == Kind::Empty ? !p.words.empty() || p.count != 0 : p.words.size() != p.size)
    fail("values of the wrong length");
  if (p.kind != Kind::String ? !p.arena.empty() || p.garbage != 0 : p.garbage > p.arena.size())
    fail("string arena out of place");
  if (p.kind == Kind::String && p.arena.size() > kMaxOffset) fail("string arena too long");
  ValueColumn c;
  c.kind_ = p.kind;
  c.size_ = p.size;
  c.count_ = p.count;
  c.garbage_ = p.garbage;
  c.present_ = std::move(p.present);
  c.words_ = std::move(p.words);
  c.arena_ = std::move(p.arena);
  if (c.kind_ == Kind::String)
    for (std::size_t i = 0; i < c.size_; ++i) {
      std::uint64_t w = c.words_[i];
      if (c.has(i) && (w >> kLengthBits) + (w & kMaxLength) > c.arena_.size()) fail("string outside the arena");
    }
  return c;
}

}  // namespace kgq
