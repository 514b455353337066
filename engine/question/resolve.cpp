#include "question/resolve.h"

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

[[noreturn]] void ambiguous(const Graph& g, const ast::EntityRef& ref, const std::set<NodeId>& nodes,
                            const std::string& source) {
  throw SemanticError("ambiguous name '" + ref.text + "': " + std::to_string(nodes.size()) +
                          " entities match: " + candidateList(g, nodes),
                      SourcePos{source, ref.pos.line, ref.pos.column, {}}, "write the full name in quotes");
}

}  // namespace

NodeId resolveEntity(const Graph& g, const ast::EntityRef& ref, const std::string& source) {
  std::string key = Graph::foldCase(ref.text);
  const NameIndex& index = g.nameIndex();
  std::set<NodeId> exact;
  index.forEachExact(key, [&](NodeId n) { exact.insert(n); });
  if (exact.size() == 1) return *exact.begin();
  if (exact.size() > 1) ambiguous(g, ref, exact, source);

  std::set<NodeId> prefixed;
  for (const auto& e : index.withPrefix(key)) prefixed.insert(e.node);
  if (prefixed.size() == 1) return *prefixed.begin();
  if (prefixed.size() > 1) ambiguous(g, ref, prefixed, source);

  std::set<NodeId> wordHits;
  auto wanted = words(key);
  for (const auto& [name, node] : index.sorted()) {
    auto ws = words(name);
    if (!wanted.empty() && std::search(ws.begin(), ws.end(), wanted.begin(), wanted.end()) != ws.end())
      wordHits.insert(node);
  }
  if (wordHits.size() == 1) return *wordHits.begin();
  if (wordHits.size() > 1) ambiguous(g, ref, wordHits, source);

  std::vector<std::pair<std::size_t, NodeId>> scored;
  for (const auto& [name, node] : index.sorted()) {
    std::size_t d = editDistance(key, name);
    for (const auto& w : words(name)) d = std::min(d, editDistance(key, w) + 1);
    scored.emplace_back(d, node);
  }
  std::sort(scored.begin(), scored.end());
  std::set<NodeId> close;
  std::size_t limit = std::max<std::size_t>(2, key.size() / 3);
  for (const auto& [d, node] : scored)
    if (d <= limit && close.size() < 3) close.insert(node);
  throw SemanticError("unknown entity '" + ref.text + "'", SourcePos{source, ref.pos.line, ref.pos.column, {}},
                      close.empty() ? "no name or alias is close; try MATCH (n) WHERE n.name CONTAINS '...' RETURN n.name"
                                    : "did you mean " + candidateList(g, close) + "?");
}

}  // namespace kgq
