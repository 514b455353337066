// ValueColumn: one property key's values for all nodes (or all
// relationships), indexed by element id. A Value is 40 bytes and most graphs
// give a key one type everywhere, so a column keeps its values typed in one flat
// array of 8-byte words (ints, floats and bools as bits, strings as an
// offset/length into one byte arena) and switches to a general array of Values
// only when it meets a list or a second type. Presence is a bitmap. A column is
// as long as its highest set element, so below that an absent value still costs
// its 8-byte word (40 bytes in a general column): a key that only a few
// elements with high ids carry is stored densely all the same.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace kgq {

class ValueColumn {
 public:
  enum class Kind : std::uint8_t { Empty, Int, Float, Bool, String, General };

  Kind kind() const { return kind_; }
  bool has(std::size_t i) const { return i < size_ && ((present_[i >> 6] >> (i & 63)) & 1); }
  // The value of element i; null when absent. Ints are the common case of a
  // hot filter (`a.year > b.year`), so they skip the call.
  Value get(std::size_t i) const {
    if (!has(i)) return Value();
    if (kind_ == Kind::Int) return Value(static_cast<std::int64_t>(words_[i]));
    return getOther(i);
  }
  // Element i of a String column, without building a Value; precondition: kind() is String and has(i).
  std::string_view stringView(std::size_t i) const { return stringAt(i); }
  // Sets element i; a null value removes it.
  void set(std::size_t i, Value v);
  // Room for n elements, so that a bulk load does not regrow (and copy) the arrays.
  void reserve(std::size_t n);
  // Drops every element >= n (rollback of appended elements).
  void truncate(std::size_t n);
  std::size_t count() const { return count_; }

  // Value equality (Value::operator==, so 1 = 1.0) and a hash that agrees with
  // it, without building a Value for typed columns; element i must be present.
  bool equalsAt(std::size_t i, const Value& v) const;
  bool sameAt(std::size_t i, std::size_t j) const;
  std::uint64_t hashAt(std::size_t i) const;
  static std::uint64_t hashOf(const Value& v);

  // A typed column (kind() is not General) as its flat arrays, which a snapshot
  // stores whole so that reopening copies them instead of setting each value.
  struct Parts {
    Kind kind = Kind::Empty;
    std::size_t size = 0, count = 0, garbage = 0;
    std::vector<std::uint64_t> present, words;
    std::string arena;
  };
  struct PartsView {
    Kind kind;
    std::size_t size, count, garbage;
    std::span<const std::uint64_t> present, words;
    std::string_view arena;
  };
  PartsView parts() const { return {kind_, size_, count_, garbage_, present_, words_, arena_}; }
  // The column the parts describe; std::invalid_argument when they do not fit
  // together (a length, a count, a string outside the arena), so that no read of
  // the column can go out of bounds.
  static ValueColumn fromParts(Parts p);

 private:
  static Kind kindOf(const Value& v);
  Value getOther(std::size_t i) const;
  void reset(Kind k);
  void toGeneral();
  void grow(std::size_t n);
  void setPresent(std::size_t i, bool on);
  std::string_view stringAt(std::size_t i) const;
  std::uint64_t storeString(std::string_view s);
  void releaseString(std::size_t i);
  void compactArena();

  Kind kind_ = Kind::Empty;
  std::size_t size_ = 0;   // slots, present or not
  std::size_t count_ = 0;  // present slots
  std::vector<std::uint64_t> present_;
  // Int / Float / Bool: the bits; String: offset << 24 | length into arena_.
  std::vector<std::uint64_t> words_;
  std::string arena_;
  std::size_t garbage_ = 0;  // arena bytes no slot refers to any more
  std::vector<Value> general_;
};

}  // namespace kgq
