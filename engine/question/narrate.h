// Answers in words: each hop of a path as a line with relationship type, time and
// source, and a whole path as one plain-language sentence. Which properties give
// time, source and qualifiers, and how each type reads, come from the graph's
// GraphMeta (graph/meta.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace kgq {

// One per answer: the property keys it reads are resolved once (and the graph keeps
// each type's verb), so describing many hops costs no key lookups by name.
class Narrator {
 public:
  explicit Narrator(const Graph& g);

  // "Maxim Ryzhenkov -[HOLDS_ROLE ¶5]-> Foreign Minister of Belarus" (or <-[...]- when
  // the hop runs against the relationship's direction).
  std::string hopLine(NodeId from, RelId r);

  // "Maxim Ryzhenkov holds role Foreign Minister of Belarus (¶5), which is role of Belarus (¶5)."
  std::string pathInWords(const PathValue& p);

  // "(2015, ¶9)"-style details of a relationship; empty when it has neither.
  std::string relDetails(RelId r) const;

 private:
  Value relValue(RelId r, std::optional<KeyId> key) const { return key ? g_.relValue(r, *key) : Value(); }
  std::string timeOf(RelId r) const;
  std::optional<std::string> qualifierOf(RelId r) const;

  const Graph& g_;
  std::optional<KeyId> at_, from_, source_;
  std::vector<KeyId> qualifiers_;
};

}  // namespace kgq
