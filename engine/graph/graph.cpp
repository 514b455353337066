#include "graph/graph.h"

#include <algorithm>

#include "common/strings.h"

namespace kgq {

namespace {
const std::vector<std::uint32_t> kNone;
}

Graph::~Graph() = default;

Graph::Graph() : g_(std::make_unique<BoostGraph>()) {
  nameKey_ = keys_.intern("name");
  aliasesKey_ = keys_.intern("aliases");
}

std::string Graph::foldCase(std::string_view s) { return toLowerAscii(s); }

NodeId Graph::addNode(std::vector<LabelId> labels, PropertyMap props) {
  NodeData data;
  for (auto l : labels)
    if (std::find(data.labels.begin(), data.labels.end(), l) == data.labels.end()) data.labels.push_back(l);
  std::sort(props.begin(), props.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  data.props = std::move(props);
  auto n = static_cast<NodeId>(boost::add_vertex(std::move(data), *g_));
  for (auto l : (*g_)[n].labels) {
    if (byLabel_.size() <= l) byLabel_.resize(l + 1);
    byLabel_[l].push_back(n);
  }
  if (auto* v = nodeProperty(n, nameKey_)) indexNames(n, *v);
  if (auto* v = nodeProperty(n, aliasesKey_)) indexNames(n, *v);
  return n;
}

RelId Graph::addRel(NodeId from, NodeId to, TypeId type, PropertyMap props) {
  auto id = static_cast<RelId>(rels_.size());
  std::sort(props.begin(), props.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  boost::add_edge(from, to, EdgeData{id, type}, *g_);  // parallel edges are allowed
  rels_.push_back(RelData{from, to, type, std::move(props)});
  if (byType_.size() <= type) byType_.resize(type + 1);
  byType_[type].push_back(id);
  return id;
}

void Graph::setNodeProperty(NodeId n, KeyId key, Value value) {
  bool named = key == nameKey_ || key == aliasesKey_;
  if (named)
    if (auto* old = nodeProperty(n, key)) unindexNames(n, *old);
  setProperty((*g_)[n].props, key, std::move(value));
  if (named)
    if (auto* now = nodeProperty(n, key)) indexNames(n, *now);
}

void Graph::setRelProperty(RelId r, KeyId key, Value value) { setProperty(rels_[r].props, key, std::move(value)); }

void Graph::addLabel(NodeId n, LabelId label) {
  if (hasLabel(n, label)) return;
  (*g_)[n].labels.push_back(label);
  if (byLabel_.size() <= label) byLabel_.resize(label + 1);
  auto& list = byLabel_[label];
  list.insert(std::upper_bound(list.begin(), list.end(), n), n);
}

void Graph::rollback(Mark m) {
  while (rels_.size() > m.rels) {
    auto id = static_cast<RelId>(rels_.size() - 1);
    const RelData& r = rels_.back();
    auto& list = byType_[r.type];
    if (!list.empty() && list.back() == id) list.pop_back();
    boost::remove_out_edge_if(r.start, [&](const EdgeDesc& e) { return (*g_)[e].id == id; }, *g_);
    rels_.pop_back();
  }
  while (nodeCount() > m.nodes) {
    auto n = static_cast<NodeId>(nodeCount() - 1);
    if (auto* v = nodeProperty(n, nameKey_)) unindexNames(n, *v);
    if (auto* v = nodeProperty(n, aliasesKey_)) unindexNames(n, *v);
    for (auto l : (*g_)[n].labels) {
      auto& list = byLabel_[l];
      list.erase(std::remove(list.begin(), list.end(), n), list.end());
    }
    boost::remove_vertex(n, *g_);
  }
}

bool Graph::hasLabel(NodeId n, LabelId label) const {
  const auto& ls = (*g_)[n].labels;
  return std::find(ls.begin(), ls.end(), label) != ls.end();
}

const Value* Graph::nodeProperty(NodeId n, std::string_view key) const {
  auto k = keys_.find(key);
  return k ? nodeProperty(n, *k) : nullptr;
}

const Value* Graph::relProperty(RelId r, std::string_view key) const {
  auto k = keys_.find(key);
  return k ? relProperty(r, *k) : nullptr;
}

const std::vector<NodeId>& Graph::nodesWithLabel(LabelId label) const {
  return label < byLabel_.size() ? byLabel_[label] : kNone;
}

const std::vector<RelId>& Graph::relsWithType(TypeId type) const {
  return type < byType_.size() ? byType_[type] : kNone;
}

std::vector<NodeId> Graph::findByName(std::string_view text) const {
  std::vector<NodeId> out;
  auto [lo, hi] = names_.equal_range(foldCase(text));
  for (auto it = lo; it != hi; ++it)
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
template <typename F>
void forEachName(const Value& v, F&& f) {
  if (v.isString()) f(v.asString());
  else if (v.isList())
    for (const auto& e : v.asList())
      if (e.isString()) f(e.asString());
}
}  // namespace

void Graph::indexNames(NodeId n, const Value& v) {
  forEachName(v, [&](const std::string& s) { names_.emplace(foldCase(s), n); });
}

void Graph::unindexNames(NodeId n, const Value& v) {
  forEachName(v, [&](const std::string& s) {
    auto [lo, hi] = names_.equal_range(foldCase(s));
    for (auto it = lo; it != hi; ++it)
      if (it->second == n) {
        names_.erase(it);
        break;
      }
  });
}

}  // namespace kgq
