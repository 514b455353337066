#include <gtest/gtest.h>

#include <random>
#include <set>

#include "exec/distinct_set.h"

namespace kgq {
namespace {

TEST(IdSet, AgreesWithStdSetThroughGrowth) {
  IdSet ids;
  std::set<std::uint64_t> want;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t k = rng() % 5000 + (i % 3 == 0 ? (std::uint64_t{1} << 32) : 0);
    EXPECT_EQ(ids.insert(k), want.insert(k).second) << k;
  }
  EXPECT_EQ(ids.size(), want.size());
}

TEST(DistinctSet, NodesRelationshipsAndOtherValuesAreKeptApart) {
  DistinctSet s;
  EXPECT_TRUE(s.insert(Value(NodeRef{3})));
  EXPECT_FALSE(s.insert(Value(NodeRef{3})));
  EXPECT_TRUE(s.insert(Value(RelRef{3})));
  EXPECT_FALSE(s.insert(Value(RelRef{3})));
  EXPECT_TRUE(s.insert(Value(3)));
  EXPECT_FALSE(s.insert(Value(3)));
  EXPECT_TRUE(s.insert(Value("3")));
  EXPECT_TRUE(s.insert(Value(ValueList{Value(NodeRef{3})})));
  EXPECT_FALSE(s.insert(Value(ValueList{Value(NodeRef{3})})));
}

}  // namespace
}  // namespace kgq
