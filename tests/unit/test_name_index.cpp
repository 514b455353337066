#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>

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

// Many adds and removes (the table grows, removed entries pile up and are
// compacted away) against a plain multimap doing the same.
TEST(NameIndex, AgreesWithAMultimapThroughGrowthAndRemovals) {
  NameIndex index;
  std::multimap<std::string, NodeId> model;
  std::mt19937 rng(11);
  auto name = [&] { return "n" + std::to_string(rng() % 300) + std::string(rng() % 3 ? 0 : 20, 'x'); };
  for (int step = 0; step < 20000; ++step) {
    std::string text = name();
    auto node = static_cast<NodeId>(rng() % 50);
    if (rng() % 3 == 0) {
      index.remove(text, node);
      auto [lo, hi] = model.equal_range(text);
      for (auto it = lo; it != hi; ++it)
        if (it->second == node) {
          model.erase(it);
          break;
        }
    } else {
      index.add(text, node);
      model.emplace(text, node);
    }
    if (step % 997 == 0 || step == 19999) {
      ASSERT_EQ(index.size(), model.size()) << step;
      for (int k = 0; k < 300; ++k) {
        std::string probe = "n" + std::to_string(k);
        std::vector<NodeId> want;
        for (auto [lo, hi] = model.equal_range(probe); lo != hi; ++lo) want.push_back(lo->second);
        std::sort(want.begin(), want.end());
        ASSERT_EQ(exact(index, probe), want) << probe << " at step " << step;
      }
      std::vector<std::pair<std::string, NodeId>> all;
      for (const auto& e : index.sorted()) all.emplace_back(std::string(e.name), e.node);
      std::vector<std::pair<std::string, NodeId>> expected(model.begin(), model.end());
      std::sort(expected.begin(), expected.end());
      ASSERT_EQ(all, expected) << step;
    }
  }
}

}  // namespace
}  // namespace kgq
