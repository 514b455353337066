#include <gtest/gtest.h>

#include <functional>
#include <limits>

#include <string>

#include "graph/column.h"
#include "graph/label_sets.h"
#include "graph/property_index.h"

namespace kgq {
namespace {

TEST(ValueColumn, KeepsOneTypeTypedAndTracksPresence) {
  ValueColumn c;
  c.set(3, Value(7));
  EXPECT_EQ(c.kind(), ValueColumn::Kind::Int);
  EXPECT_FALSE(c.has(0));
  EXPECT_FALSE(c.has(100)) << "past the end is absent";
  EXPECT_TRUE(c.get(0).isNull());
  EXPECT_EQ(c.get(3), Value(7));
  EXPECT_TRUE(c.get(3).isInt());
  EXPECT_EQ(c.count(), 1u);
}

TEST(ValueColumn, AnotherTypeTurnsTheColumnGeneralAndKeepsEveryValue) {
  ValueColumn c;
  c.set(0, Value(1));
  c.set(2, Value(3));
  c.set(1, Value("two"));
  EXPECT_EQ(c.kind(), ValueColumn::Kind::General);
  EXPECT_TRUE(c.get(0).isInt());
  EXPECT_EQ(c.get(0), Value(1));
  EXPECT_EQ(c.get(1), Value("two"));
  EXPECT_EQ(c.get(2), Value(3));
  c.set(3, Value(2.5));
  EXPECT_TRUE(c.get(3).isFloat()) << "an int column does not turn 2.5 into an int";
}

TEST(ValueColumn, IntAndFloatStayDistinctTypes) {
  ValueColumn c;
  c.set(0, Value(1.0));
  c.set(1, Value(std::int64_t{1}));
  EXPECT_TRUE(c.get(0).isFloat());
  EXPECT_TRUE(c.get(1).isInt());
}

TEST(ValueColumn, ListsAreStoredWhole) {
  ValueColumn c;
  c.set(0, Value(ValueList{Value("a"), Value("b")}));
  c.set(1, Value("c"));
  EXPECT_EQ(c.get(0), Value(ValueList{Value("a"), Value("b")}));
  EXPECT_EQ(c.get(1), Value("c"));
}

TEST(ValueColumn, NullRemovesAndAnEmptiedColumnTakesTheNextType) {
  ValueColumn c;
  c.set(0, Value(1));
  c.set(1, Value(2));
  c.set(0, Value());
  EXPECT_FALSE(c.has(0));
  EXPECT_EQ(c.count(), 1u);
  c.set(1, Value());
  EXPECT_EQ(c.count(), 0u);
  c.set(1, Value("now a string"));
  EXPECT_EQ(c.kind(), ValueColumn::Kind::String);
  EXPECT_EQ(c.get(1), Value("now a string"));
}

TEST(ValueColumn, OverwrittenStringsReadBackAfterTheArenaIsCompacted) {
  ValueColumn c;
  std::string big(1000, 'x');
  for (int round = 0; round < 20; ++round)
    for (std::size_t i = 0; i < 10; ++i) c.set(i, Value(big + std::to_string(round * 10 + static_cast<int>(i))));
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(c.get(i), Value(big + std::to_string(190 + i)));
  c.set(4, Value(""));
  EXPECT_EQ(c.get(4), Value(""));
  EXPECT_TRUE(c.has(4)) << "an empty string is a value";
}

TEST(ValueColumn, TruncateDropsTheTail) {
  ValueColumn c;
  for (std::size_t i = 0; i < 130; ++i) c.set(i, Value("s" + std::to_string(i)));
  c.truncate(65);
  EXPECT_EQ(c.count(), 65u);
  EXPECT_FALSE(c.has(65));
  EXPECT_FALSE(c.has(129));
  EXPECT_EQ(c.get(64), Value("s64"));
  c.set(100, Value("back"));
  EXPECT_FALSE(c.has(70)) << "regrowing does not resurrect truncated values";
  EXPECT_EQ(c.get(100), Value("back"));
}

TEST(ValueColumn, EqualityAndHashAgreeWithValueAcrossIntAndFloat) {
  ValueColumn ints, strings;
  ints.set(0, Value(1));
  strings.set(0, Value("p1"));
  EXPECT_TRUE(ints.equalsAt(0, Value(1.0)));
  EXPECT_EQ(ints.hashAt(0), ValueColumn::hashOf(Value(1.0)));
  EXPECT_FALSE(ints.equalsAt(0, Value("1")));
  EXPECT_TRUE(strings.equalsAt(0, Value("p1")));
  EXPECT_EQ(strings.hashAt(0), ValueColumn::hashOf(Value("p1")));
  EXPECT_FALSE(strings.equalsAt(0, Value("p2")));
}

ValueColumn::Parts partsOf(const ValueColumn& c) {
  ValueColumn::PartsView v = c.parts();
  ValueColumn::Parts p;
  p.kind = v.kind;
  p.size = v.size, p.count = v.count, p.garbage = v.garbage;
  p.present.assign(v.present.begin(), v.present.end());
  p.words.assign(v.words.begin(), v.words.end());
  p.arena = v.arena;
  return p;
}

TEST(ValueColumn, FlatPartsRebuildTheSameColumn) {
  ValueColumn strings, ints;
  for (std::size_t i = 0; i < 200; i += 3) strings.set(i, Value("s" + std::to_string(i)));
  strings.set(3, Value("overwritten"));  // leaves garbage in the arena
  strings.set(6, Value());
  for (std::size_t i = 1; i < 130; i += 7) ints.set(i, Value(static_cast<std::int64_t>(i) - 50));
  for (const ValueColumn* c : {&strings, &ints}) {
    ValueColumn back = ValueColumn::fromParts(partsOf(*c));
    EXPECT_EQ(back.kind(), c->kind());
    EXPECT_EQ(back.count(), c->count());
    for (std::size_t i = 0; i < 210; ++i) {
      EXPECT_EQ(back.has(i), c->has(i)) << i;
      EXPECT_EQ(back.get(i), c->get(i)) << i;
    }
    back.set(205, c->get(1).isNull() ? Value("new") : c->get(1));
    EXPECT_EQ(back.get(205), c->get(1).isNull() ? Value("new") : c->get(1)) << "the rebuilt column takes writes";
  }
}

TEST(ValueColumn, PartsThatDoNotFitTogetherAreRefused) {
  ValueColumn c;
  for (std::size_t i = 0; i < 70; i += 2) c.set(i, Value("v" + std::to_string(i)));
  std::vector<std::pair<const char*, std::function<void(ValueColumn::Parts&)>>> damage = {
      {"count", [](ValueColumn::Parts& p) { ++p.count; }},
      {"bitmap length", [](ValueColumn::Parts& p) { p.present.push_back(0); }},
      {"presence past the end", [](ValueColumn::Parts& p) { p.present.back() |= std::uint64_t{1} << 63; }},
      {"values length", [](ValueColumn::Parts& p) { p.words.pop_back(); }},
      {"string outside the arena", [](ValueColumn::Parts& p) { p.words[0] = std::uint64_t{1} << 40 | 3; }},
      {"garbage past the arena", [](ValueColumn::Parts& p) { p.garbage = p.arena.size() + 1; }},
      {"general has no parts", [](ValueColumn::Parts& p) { p.kind = ValueColumn::Kind::General; }},
      {"unknown kind", [](ValueColumn::Parts& p) { p.kind = static_cast<ValueColumn::Kind>(9); }},
      {"arena on ints", [](ValueColumn::Parts& p) { p.kind = ValueColumn::Kind::Int; }},
  };
  for (auto& [what, change] : damage) {
    SCOPED_TRACE(what);
    ValueColumn::Parts p = partsOf(c);
    change(p);
    EXPECT_THROW(ValueColumn::fromParts(std::move(p)), std::invalid_argument);
  }
}

TEST(LabelSets, KeepOrderDropDuplicatesAndShareIds) {
  LabelSets sets;
  std::vector<LabelId> ba{2, 1, 2};
  auto s = sets.intern(ba);
  EXPECT_EQ(std::vector<LabelId>(sets.labels(s).begin(), sets.labels(s).end()), (std::vector<LabelId>{2, 1}));
  std::vector<LabelId> same{2, 1};
  EXPECT_EQ(sets.intern(same), s);
  std::vector<LabelId> ab{1, 2};
  EXPECT_NE(sets.intern(ab), s) << "order is part of the set";
  EXPECT_TRUE(sets.has(s, 1));
  EXPECT_FALSE(sets.has(s, 0));
  EXPECT_EQ(sets.labels(LabelSets::kEmpty).size(), 0u);
}

TEST(LabelSets, LabelsPastTheMaskAreFound) {
  LabelSets sets;
  std::vector<LabelId> big{70, 3};
  auto s = sets.intern(big);
  EXPECT_TRUE(sets.has(s, 70));
  EXPECT_FALSE(sets.has(s, 71));
  auto t = sets.with(s, 64);
  EXPECT_TRUE(sets.has(t, 64));
  EXPECT_FALSE(sets.has(s, 64));
  EXPECT_EQ(sets.with(t, 3), t);
}

std::vector<NodeId> found(const PropertyIndex& index, const ValueColumn& c, const Value& v) {
  auto s = index.find(c, v);
  return {s.begin(), s.end()};
}

TEST(PropertyIndex, FindsSingleAndRepeatedValuesInOrder) {
  ValueColumn c;
  for (NodeId n = 0; n < 1000; ++n) c.set(n, Value("id" + std::to_string(n)));
  c.set(1000, Value("id5"));
  c.set(1001, Value("id5"));
  PropertyIndex index;
  index.build(c, 1002);
  EXPECT_EQ(found(index, c, Value("id7")), (std::vector<NodeId>{7}));
  EXPECT_EQ(found(index, c, Value("id5")), (std::vector<NodeId>{5, 1000, 1001}));
  EXPECT_TRUE(found(index, c, Value("nope")).empty());
  EXPECT_TRUE(found(index, c, Value(7)).empty());
}

TEST(PropertyIndex, FollowsEraseAndInsert) {
  ValueColumn c;
  PropertyIndex index;
  index.build(c, 0);
  for (NodeId n = 0; n < 100; ++n) {
    c.set(n, Value(static_cast<std::int64_t>(n % 10)));
    index.insert(c, n);
  }
  EXPECT_EQ(found(index, c, Value(3)).size(), 10u);
  EXPECT_EQ(found(index, c, Value(3.0)).size(), 10u) << "1 = 1.0 as in Value equality";
  for (NodeId n = 0; n < 100; n += 10) {
    index.erase(c, n + 3);
    c.set(n + 3, Value(42));
    index.insert(c, n + 3);
  }
  EXPECT_TRUE(found(index, c, Value(3)).empty());
  EXPECT_EQ(found(index, c, Value(42)), (std::vector<NodeId>{3, 13, 23, 33, 43, 53, 63, 73, 83, 93}));
  index.erase(c, 13);
  EXPECT_EQ(found(index, c, Value(42)).size(), 9u);
}

// NaN equals nothing, itself included: such values are left out of the index, so
// that no slot keeps pointing at a node that erase() could not find again (after
// a rollback truncates the column, such a slot would be read past its end).
TEST(PropertyIndex, ValuesUnequalToThemselvesAreNotIndexed) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ValueColumn c;
  PropertyIndex index;
  index.build(c, 0);
  for (NodeId n = 0; n < 50; ++n) {
    c.set(n, n % 2 ? Value(nan) : Value(ValueList{Value(nan)}));
    index.insert(c, n);
  }
  EXPECT_TRUE(found(index, c, Value(nan)).empty());
  EXPECT_EQ(index.size(), 0u);
  for (NodeId n = 0; n < 50; ++n) index.erase(c, n);
  c.truncate(0);
  c.set(0, Value(1.5));
  index.insert(c, 0);
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(found(index, c, Value(1.5)), (std::vector<NodeId>{0}));
  EXPECT_TRUE(found(index, c, Value(nan)).empty());
}

}  // namespace
}  // namespace kgq
