#include "graph/resolve_entity.h"

#include <algorithm>
#include <set>

#include "common/strings.h"

namespace kgq {

namespace {

std::vector<std::string> words(std::string_view folded) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string candidateList(const Graph& g, const std::set<NodeId>& nodes) {
  std::vector<std::string> names;
  for (auto n : nodes) names.push_back("'" + displayName(g, n) + "'");
  std::sort(names.begin(), names.end());
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < 8; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > 8) s += ", ...";
  return s;
}

[[noreturn]] void ambiguous(const Graph& g, std::string_view text, const std::set<NodeId>& nodes, const SourcePos& at) {
  throw SemanticError("ambiguous name '" + std::string(text) + "': " + std::to_string(nodes.size()) +
                          " entities match: " + candidateList(g, nodes),
                      at, "write the full name in quotes");
}

}  // namespace

NodeId resolveEntity(const Graph& g, std::string_view text, const SourcePos& at) {
  std::string key = Graph::foldCase(text);
  const NameIndex& index = g.nameIndex();
  std::set<NodeId> exact;
  index.forEachExact(key, [&](NodeId n) { exact.insert(n); });
  if (exact.size() == 1) return *exact.begin();
  if (exact.size() > 1) ambiguous(g, text, exact, at);

  std::set<NodeId> prefixed;
  for (const auto& e : index.withPrefix(key)) prefixed.insert(e.node);
  if (prefixed.size() == 1) return *prefixed.begin();
  if (prefixed.size() > 1) ambiguous(g, text, prefixed, at);

  std::set<NodeId> wordHits;
  auto wanted = words(key);
  for (const auto& [name, node] : index.sorted()) {
    auto ws = words(name);
    if (!wanted.empty() && std::search(ws.begin(), ws.end(), wanted.begin(), wanted.end()) != ws.end())
      wordHits.insert(node);
  }
  if (wordHits.size() == 1) return *wordHits.begin();
  if (wordHits.size() > 1) ambiguous(g, text, wordHits, at);

  // Nothing matched: the closest names and aliases, best first, each entity once.
  const auto& all = index.sorted();
  std::vector<std::string_view> names;
  names.reserve(all.size());
  for (const auto& e : all) names.push_back(e.name);
  std::vector<NodeId> close;
  for (auto i : rankSuggestions(key, names, all.size()))
    if (std::find(close.begin(), close.end(), all[i].node) == close.end() && close.size() < 3)
      close.push_back(all[i].node);
  std::string hint = "no name or alias is close; try MATCH (n) WHERE n.name CONTAINS '...' RETURN n.name";
  if (!close.empty()) {
    hint = "did you mean ";
    for (std::size_t i = 0; i < close.size(); ++i) hint += (i ? ", '" : "'") + displayName(g, close[i]) + "'";
    hint += "?";
  }
  throw SemanticError("unknown entity '" + std::string(text) + "'", at, hint);
}

}  // namespace kgq
