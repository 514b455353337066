#include <gtest/gtest.h>

#include <algorithm>

#include "graph/name_index.h"

namespace kgq {
namespace {

std::vector<NodeId> exact(const NameIndex& index, std::string_view name) {
  std::vector<NodeId> out;
  index.forEachExact(name, [&](NodeId n) { out.push_back(n); });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<std::string, NodeId>> prefixed(const NameIndex& index, std::string_view prefix) {
  std::vector<std::pair<std::string, NodeId>> out;
  for (const auto& e : index.withPrefix(prefix)) out.emplace_back(std::string(e.name), e.node);
  return out;
}

TEST(NameIndex, ExactLookupsFindEveryNodeWithTheName) {
  NameIndex index;
  index.add("minsk", 1);
  index.add("islamabad", 2);
  index.add("minsk", 7);  // two nodes may share a name
  EXPECT_EQ(exact(index, "minsk"), (std::vector<NodeId>{1, 7}));
  EXPECT_EQ(exact(index, "islamabad"), (std::vector<NodeId>{2}));
  EXPECT_TRUE(exact(index, "mins").empty());
}

TEST(NameIndex, PrefixesComeInNameThenNodeOrder) {
  NameIndex index;
  for (auto [name, n] : std::vector<std::pair<const char*, NodeId>>{
           {"pakistan", 5}, {"pakistan mission", 3}, {"belarus", 1}, {"pakistan", 2}, {"pak", 9}})
    index.add(name, n);
  EXPECT_EQ(prefixed(index, "pakistan"),
            (std::vector<std::pair<std::string, NodeId>>{{"pakistan", 2}, {"pakistan", 5}, {"pakistan mission", 3}}));
  EXPECT_EQ(prefixed(index, "b").size(), 1u);
  EXPECT_TRUE(prefixed(index, "x").empty());
  EXPECT_EQ(index.sorted().size(), 5u);
}

// The sorted view is a cache: every change must show in the next search.
TEST(NameIndex, ChangesShowInTheSortedView) {
  NameIndex index;
  index.add("sco", 1);
  EXPECT_EQ(prefixed(index, "s").size(), 1u);
  index.add("scotland", 2);
  EXPECT_EQ(prefixed(index, "s").size(), 2u);
  index.remove("sco", 1);
  EXPECT_EQ(prefixed(index, "s"), (std::vector<std::pair<std::string, NodeId>>{{"scotland", 2}}));
  EXPECT_TRUE(exact(index, "sco").empty());
  index.remove("scotland", 99);  // not there: nothing happens
  EXPECT_EQ(index.size(), 1u);
}

}  // namespace
}  // namespace kgq
