#include "graph/graph.h"

#include <algorithm>
#include <boost/iterator/transform_iterator.hpp>

#include "common/strings.h"

namespace kgq {

namespace {
const std::vector<std::uint32_t> kNone;
const std::vector<AdjEntry> kNoEntries;

const std::vector<AdjEntry>& deltaOf(const std::unordered_map<NodeId, std::vector<AdjEntry>>& m, NodeId n) {
  auto it = m.find(n);
  return it == m.end() ? kNoEntries : it->second;
}
}  // namespace

// ---- AdjCursor ----------------------------------------------------------------------

AdjCursor::AdjCursor(const Graph& g, NodeId n, AdjDirection dir) : csr_(g.csr_.get()), self_(n), dir_(dir), phase_(0) {
  if (n < boost::num_vertices(*csr_)) {
    std::tie(outIt_, outEnd_) = boost::out_edges(n, *csr_);
    std::tie(inIt_, inEnd_) = boost::in_edges(n, *csr_);
  } else {
    outIt_ = outEnd_ = CsrGraph::out_edge_iterator();
    inIt_ = inEnd_ = CsrGraph::in_edge_iterator();
  }
  if (!g.deltaOut_.empty() || !g.deltaIn_.empty()) {
    const auto& o = deltaOf(g.deltaOut_, n);
    const auto& i = deltaOf(g.deltaIn_, n);
    dOut_ = o.data(), dOutEnd_ = o.data() + o.size();
    dIn_ = i.data(), dInEnd_ = i.data() + i.size();
  }
  if (dir == AdjDirection::In) phase_ = 2;
}

bool AdjCursor::next(AdjEntry& out) {
  while (true) {
    switch (phase_) {
      case 0:
        if (outIt_ != outEnd_) {
          auto e = *outIt_++;
          const EdgeData& d = (*csr_)[e];
          out = AdjEntry{d.id, static_cast<NodeId>(boost::target(e, *csr_)), d.type};
          return true;
        }
        phase_ = 1;
        break;
      case 1:
        if (dOut_ != dOutEnd_) {
          out = *dOut_++;
          return true;
        }
        phase_ = dir_ == AdjDirection::Both ? 2 : 4;
        break;
      case 2:
        if (inIt_ != inEnd_) {
          auto e = *inIt_++;
          auto src = static_cast<NodeId>(boost::source(e, *csr_));
          if (dir_ == AdjDirection::Both && src == self_) continue;  // the self-loop was seen going out
          const EdgeData& d = (*csr_)[e];
          out = AdjEntry{d.id, src, d.type};
          return true;
        }
        phase_ = 3;
        break;
      case 3:
        if (dIn_ != dInEnd_) {
          out = *dIn_++;
          if (dir_ == AdjDirection::Both && out.other == self_) continue;
          return true;
        }
        phase_ = 4;
        break;
      default:
        return false;
    }
  }
}

// ---- Graph ------------------------------------------------------------------------------

Graph::Graph() : csr_(std::make_unique<CsrGraph>()) {
  nameKey_ = keys_.intern("name");
  aliasesKey_ = keys_.intern("aliases");
}

Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;
Graph::~Graph() = default;

std::string Graph::foldCase(std::string_view s) { return toLowerAscii(s); }

void Graph::reserve(std::size_t moreNodes, std::size_t moreRels) {
  nodes_.reserve(nodeCount() + moreNodes);
  rels_.reserve(relCount() + moreRels);
}

void Graph::endBulk() {
  bulk_ = false;
  compact();
}

void Graph::compact() {
  auto edgeOf = [](const RelData& r) { return std::make_pair(r.start, r.end); };
  std::vector<EdgeData> props(rels_.size());
  for (std::size_t i = 0; i < rels_.size(); ++i) props[i] = EdgeData{static_cast<RelId>(i), rels_[i].type};
  auto first = boost::make_transform_iterator(rels_.cbegin(), edgeOf);
  auto last = boost::make_transform_iterator(rels_.cend(), edgeOf);
  csr_ = std::make_unique<CsrGraph>(boost::edges_are_unsorted_multi_pass, first, last, props.begin(),
                                    static_cast<std::uint32_t>(nodes_.size()));
  snapshotRels_ = rels_.size();
  deltaOut_.clear();
  deltaIn_.clear();
}

void Graph::maybeCompact() {
  std::size_t delta = rels_.size() - snapshotRels_;
  if (delta > std::max<std::size_t>(4096, snapshotRels_ / 8)) compact();
}

NodeId Graph::addNode(std::vector<LabelId> labels, PropertyMap props) {
  NodeData data;
  for (auto l : labels)
    if (std::find(data.labels.begin(), data.labels.end(), l) == data.labels.end()) data.labels.push_back(l);
  std::sort(props.begin(), props.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  data.props = std::move(props);
  auto n = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(std::move(data));
  for (auto l : nodes_[n].labels) {
    if (byLabel_.size() <= l) byLabel_.resize(l + 1);
    byLabel_[l].push_back(n);
  }
  if (auto* v = nodeProperty(n, nameKey_)) indexNames(n, *v);
  if (auto* v = nodeProperty(n, aliasesKey_)) indexNames(n, *v);
  invalidatePropertyIndexes();
  return n;
}

RelId Graph::addRel(NodeId from, NodeId to, TypeId type, PropertyMap props) {
  auto id = static_cast<RelId>(rels_.size());
  std::sort(props.begin(), props.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  rels_.push_back(RelData{from, to, type, std::move(props)});
  if (byType_.size() <= type) byType_.resize(type + 1);
  byType_[type].push_back(id);
  if (!bulk_) {
    deltaOut_[from].push_back(AdjEntry{id, to, type});
    deltaIn_[to].push_back(AdjEntry{id, from, type});
  }
  return id;
}

void Graph::setNodeProperty(NodeId n, KeyId key, Value value) {
  bool named = key == nameKey_ || key == aliasesKey_;
  if (named)
    if (auto* old = nodeProperty(n, key)) unindexNames(n, *old);
  setProperty(nodes_[n].props, key, std::move(value));
  if (named)
    if (auto* now = nodeProperty(n, key)) indexNames(n, *now);
  invalidatePropertyIndexes();
}

void Graph::setRelProperty(RelId r, KeyId key, Value value) { setProperty(rels_[r].props, key, std::move(value)); }

void Graph::addLabel(NodeId n, LabelId label) {
  if (hasLabel(n, label)) return;
  nodes_[n].labels.push_back(label);
  if (byLabel_.size() <= label) byLabel_.resize(label + 1);
  auto& list = byLabel_[label];
  list.insert(std::upper_bound(list.begin(), list.end(), n), n);
}

void Graph::rollback(Mark m) {
  while (rels_.size() > m.rels && rels_.size() > snapshotRels_) {
    auto id = static_cast<RelId>(rels_.size() - 1);
    const RelData& r = rels_.back();
    auto& list = byType_[r.type];
    if (!list.empty() && list.back() == id) list.pop_back();
    // The newest relationship is last in both of its delta lists.
    for (auto* delta : {&deltaOut_, &deltaIn_}) {
      NodeId n = delta == &deltaOut_ ? r.start : r.end;
      auto it = delta->find(n);
      if (it != delta->end() && !it->second.empty() && it->second.back().rel == id) {
        it->second.pop_back();
        if (it->second.empty()) delta->erase(it);
      }
    }
    rels_.pop_back();
  }
  while (nodes_.size() > m.nodes) {
    auto n = static_cast<NodeId>(nodes_.size() - 1);
    if (auto* v = nodeProperty(n, nameKey_)) unindexNames(n, *v);
    if (auto* v = nodeProperty(n, aliasesKey_)) unindexNames(n, *v);
    for (auto l : nodes_[n].labels) {
      auto& list = byLabel_[l];
      list.erase(std::remove(list.begin(), list.end(), n), list.end());
    }
    nodes_.pop_back();
  }
  invalidatePropertyIndexes();
}

bool Graph::hasLabel(NodeId n, LabelId label) const {
  const auto& ls = nodes_[n].labels;
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

std::size_t Graph::outDegree(NodeId n) const {
  std::size_t d = n < boost::num_vertices(*csr_) ? boost::out_degree(n, *csr_) : 0;
  return d + deltaOf(deltaOut_, n).size();
}

std::size_t Graph::inDegree(NodeId n) const {
  std::size_t d = n < boost::num_vertices(*csr_) ? boost::in_degree(n, *csr_) : 0;
  return d + deltaOf(deltaIn_, n).size();
}

const std::vector<NodeId>& Graph::nodesWithLabel(LabelId label) const {
  return label < byLabel_.size() ? byLabel_[label] : kNone;
}

const std::vector<RelId>& Graph::relsWithType(TypeId type) const {
  return type < byType_.size() ? byType_[type] : kNone;
}

const std::vector<NodeId>& Graph::nodesWithProperty(KeyId key, const Value& v) const {
  auto [it, fresh] = propertyIndexes_.try_emplace(key);
  auto& index = it->second;
  if (fresh)
    for (NodeId n = 0; n < nodes_.size(); ++n)
      if (const Value* p = nodeProperty(n, key)) index[*p].push_back(n);
  auto hit = index.find(v);
  return hit == index.end() ? kNone : hit->second;
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
