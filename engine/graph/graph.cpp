#include "graph/graph.h"

#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/filter_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#include <algorithm>
#include <atomic>
#include <limits>
#include <stdexcept>

#include "common/strings.h"

namespace kgq {

namespace {
const std::vector<std::uint32_t> kNone;

Change change(Change::Kind kind, std::uint32_t id, std::uint32_t name = 0, Value before = Value()) {
  Change c(kind, id, name);
  c.setBefore(std::move(before));
  return c;
}
}  // namespace

// What Graph::compact hands the CSR constructor for each live relationship id.
struct Graph::LiveRel {
  const Graph* g;
  bool operator()(RelId r) const { return g->relAlive(r); }
};
struct Graph::RelEnds {
  const std::vector<RelData>* rels;
  std::pair<std::uint32_t, std::uint32_t> operator()(RelId r) const { return {(*rels)[r].start, (*rels)[r].end}; }
};
struct Graph::RelEdgeData {
  const std::vector<RelData>* rels;
  EdgeData operator()(RelId r) const { return EdgeData{r, (*rels)[r].type}; }
};

// ---- AdjCursor ----------------------------------------------------------------------

AdjCursor::AdjCursor(const Graph& g, NodeId n, AdjDirection dir) : csr_(g.csr_.get()), self_(n), dir_(dir), phase_(0) {
  if (g.csrDead_ > 0) dead_ = &g.relDead_;
  // Only the direction asked for is looked up: each lookup is a cache miss on a large graph.
  bool out = dir != AdjDirection::In, in = dir != AdjDirection::Out;
  outIt_ = outEnd_ = CsrGraph::out_edge_iterator();
  inIt_ = inEnd_ = CsrGraph::in_edge_iterator();
  if (n < boost::num_vertices(*csr_)) {
    if (out) std::tie(outIt_, outEnd_) = boost::out_edges(n, *csr_);
    if (in) std::tie(inIt_, inEnd_) = boost::in_edges(n, *csr_);
  }
  if (out && !g.deltaOut_.empty()) {
    const auto& o = g.deltaOut_.of(n);
    dOut_ = o.data(), dOutEnd_ = o.data() + o.size();
  }
  if (in && !g.deltaIn_.empty()) {
    const auto& i = g.deltaIn_.of(n);
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
          if (dead_ && d.id < dead_->size() && (*dead_)[d.id]) continue;
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
          if (dead_ && d.id < dead_->size() && (*dead_)[d.id]) continue;
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
  static std::atomic<std::uint64_t> instances{0};
  instance_ = instances.fetch_add(1, std::memory_order_relaxed) + 1;
  setMeta(GraphMeta{});
}

void Graph::setMeta(GraphMeta meta) {
  changed();
  meta_ = std::move(meta);
  auto keyOf = [&](const std::string& name) { return name.empty() ? kNoKey : keys_.intern(name); };
  nameKey_ = keyOf(meta_.displayKey);
  aliasesKey_ = keyOf(meta_.aliasKey);
  names_ = NameIndex();
  namesBuilt_ = false;
  verbs_.clear();
}

const GraphMeta::Verb& Graph::verbOf(TypeId type) const {
  if (verbs_.size() <= type) verbs_.resize(type + 1);
  auto& v = verbs_[type];
  if (!v) v = meta_.verbFor(types_.name(type));
  return *v;
}

const NameIndex& Graph::nameIndex() const {
  if (namesBuilt_) return names_;
  names_ = buildNameIndex();
  namesBuilt_ = true;
  return names_;
}

NameIndex Graph::buildNameIndex() const {
  NameIndex names;
  // A dead node has no properties. Names are mostly a column of strings: read
  // them in place rather than as a Value each.
  std::size_t named = nodeKeyCount(nameKey_) + nodeKeyCount(aliasesKey_), bytes = 0;
  for (KeyId key : {nameKey_, aliasesKey_})
    if (key < nodeCols_.size()) bytes += nodeCols_[key].parts().arena.size();
  names.reserve(named, bytes);
  std::string folded;
  for (KeyId key : {nameKey_, aliasesKey_}) {
    if (key >= nodeCols_.size()) continue;
    const ValueColumn& col = nodeCols_[key];
    bool strings = col.kind() == ValueColumn::Kind::String;
    for (auto n = NodeId{0}; n < nodeCount(); ++n) {
      if (!col.has(n)) continue;
      if (!strings) {
        indexNames(names, n, col.get(n));
        continue;
      }
      folded.assign(col.stringView(n));
      lowerAsciiInPlace(folded);  // foldCase, into one buffer
      names.add(folded, n);
    }
  }
  return names;
}

void Graph::adoptNameIndex(NameIndex names) {
  changed();
  names_ = std::move(names);
  namesBuilt_ = true;
}

Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;
Graph::~Graph() = default;

std::string Graph::foldCase(std::string_view s) { return toLowerAscii(s); }

void Graph::reserve(std::size_t moreNodes, std::size_t moreRels) {
  nodeLabels_.reserve(nodeCount() + moreNodes);
  rels_.reserve(relCount() + moreRels);
}

void Graph::beginBulk() {
  changed();
  bulk_ = true;
  journalingBeforeBulk_ = journaling_;
  journaling_ = false;
}

void Graph::endBulk() {
  changed();
  bulk_ = false;
  journaling_ = journalingBeforeBulk_;
  compact();
}

void Graph::compact() {
  changed();
  // Only live relationships enter the snapshot; each keeps its id in EdgeData. The
  // constructor reads them from rels_ through iterators: a copy of the ends and ids
  // would be new memory the size of rels_, and on big loads new memory is dear.
  boost::counting_iterator<RelId> first(0), last(static_cast<RelId>(rels_.size()));
  auto live = boost::make_filter_iterator(LiveRel{this}, first, last);
  auto liveEnd = boost::make_filter_iterator(LiveRel{this}, last, last);
  csr_ = std::make_unique<CsrGraph>(boost::edges_are_unsorted_multi_pass, boost::make_transform_iterator(live, RelEnds{&rels_}),
                                    boost::make_transform_iterator(liveEnd, RelEnds{&rels_}),
                                    boost::make_transform_iterator(live, RelEdgeData{&rels_}),
                                    static_cast<std::uint32_t>(nodeCount()));
  snapshotRels_ = rels_.size();
  relFolded_ = relDead_;
  csrDead_ = 0;
  deltaOut_.clear();
  deltaIn_.clear();
  deltaRels_ = 0;
  compactedAt_ = journal_.size();
  relNumbers_.clear();
}

void Graph::maybeCompact() {
  std::size_t stale = deltaRels_ + csrDead_;
  if (stale > std::max<std::size_t>(4096, snapshotRels_ / 8)) compact();
}

ValueColumn& Graph::nodeColumn(KeyId key) {
  changed();
  if (nodeCols_.size() <= key) nodeCols_.resize(key + 1);
  return nodeCols_[key];
}

ValueColumn& Graph::relColumn(KeyId key) {
  changed();
  if (relCols_.size() <= key) relCols_.resize(key + 1);
  return relCols_[key];
}

NodeId Graph::addNode(LabelSetId labels) {
  auto n = static_cast<NodeId>(nodeLabels_.size());
  nodeLabels_.push_back(labels);
  record(change(Change::Kind::AddNode, n));
  for (auto l : labelSets_.labels(labels)) {
    if (byLabel_.size() <= l) byLabel_.resize(l + 1);
    byLabel_[l].push_back(n);
    record(change(Change::Kind::AddLabel, n, l));
  }
  return n;
}

NodeId Graph::addNode(std::vector<LabelId> labels, PropertyMap props) {
  NodeId n = addNode(labelSets_.intern(labels));
  for (auto& [key, value] : props) setNodeProperty(n, key, std::move(value));
  return n;
}

void Graph::linkDelta(RelId id) {
  const RelData& r = rels_[id];
  // Delta lists stay in id order, so that an undone deletion returns to its place.
  auto put = [&](std::vector<AdjEntry>& list, AdjEntry e) {
    if (list.empty() || list.back().rel < id) return list.push_back(e);  // the usual case: the newest
    auto at = std::upper_bound(list.begin(), list.end(), id, [](RelId x, const AdjEntry& a) { return x < a.rel; });
    list.insert(at, e);
  };
  put(deltaOut_.make(r.start), AdjEntry{id, r.end, r.type});
  put(deltaIn_.make(r.end), AdjEntry{id, r.start, r.type});
  ++deltaRels_;
}

void Graph::unlinkDelta(RelId id) {
  const RelData& r = rels_[id];
  bool found = false;
  for (auto* delta : {&deltaOut_, &deltaIn_}) {
    NodeId n = delta == &deltaOut_ ? r.start : r.end;
    auto* entries = delta->find(n);
    if (!entries) continue;
    auto& list = *entries;
    // Usually the newest entry: search from the back.
    auto at = std::find_if(list.rbegin(), list.rend(), [&](const AdjEntry& e) { return e.rel == id; });
    if (at == list.rend()) continue;
    list.erase(std::next(at).base());
    if (list.empty()) delta->drop(n);
    found = true;
  }
  if (found) --deltaRels_;  // a relationship appended in bulk mode is in no list
}

RelId Graph::addRel(NodeId from, NodeId to, TypeId type, PropertyMap props) {
  changed();
  auto id = static_cast<RelId>(rels_.size());
  rels_.push_back(RelData{from, to, type});
  if (journaling_) {
    Change c = change(Change::Kind::AddRel, id, type);
    c.start = from, c.end = to;
    journal_.push_back(std::move(c));
  }
  if (byType_.size() <= type) byType_.resize(type + 1);
  byType_[type].push_back(id);
  if (!bulk_) linkDelta(id);
  for (auto& [key, value] : props) setRelProperty(id, key, std::move(value));
  return id;
}

void Graph::setNodeProperty(NodeId n, KeyId key, Value value) {
  changed();
  ValueColumn& col = nodeColumn(key);
  if (value.isNull() && !col.has(n)) return;
  ++nodePropertyStamp_;
  if (journaling_) {
    Value before = col.get(n);
    if (before == value && before.type() == value.type()) return;
    Change c = change(Change::Kind::SetNodeProperty, n, key, std::move(before));
    c.setValue(value);
    journal_.push_back(std::move(c));
  }
  bool named = namesBuilt_ && (key == nameKey_ || key == aliasesKey_);
  PropertyIndex* index = propertyIndex(key);
  if (col.has(n)) {
    if (named) unindexNames(n, col.get(n));
    if (index) index->erase(col, n);
  }
  if (named && !value.isNull()) indexNames(names_, n, value);  // before the move: no copy read back
  col.set(n, std::move(value));
  if (index && col.has(n)) index->insert(col, n);
}

void Graph::setRelProperty(RelId r, KeyId key, Value value) {
  changed();
  if (value.isNull() && !hasRelProperty(r, key)) return;
  if (journaling_) {
    Value before = relValue(r, key);
    if (before == value && before.type() == value.type()) return;
    Change c = change(Change::Kind::SetRelProperty, r, key, std::move(before));
    c.setValue(value);
    journal_.push_back(std::move(c));
  }
  relColumn(key).set(r, std::move(value));
  if (key < relNumbers_.size()) relNumbers_[key] = {};
}

std::span<const double> Graph::relNumbersInAdjacencyOrder(KeyId key) const {
  if (relNumbers_.size() <= key) relNumbers_.resize(key + 1);
  auto& numbers = relNumbers_[key];
  const auto& out = csr_->m_forward.m_edge_properties;
  const auto& in = csr_->m_backward.m_edge_properties;  // positions in `out`
  if (numbers.size() != out.size() + in.size()) {
    numbers.assign(out.size() + in.size(), std::numeric_limits<double>::quiet_NaN());
    if (key < relCols_.size())
      for (std::size_t i = 0; i < out.size(); ++i) {
        Value v = relCols_[key].get(out[i].id);
        if (v.isInt()) numbers[i] = static_cast<double>(v.asInt());
        else if (v.isFloat()) numbers[i] = v.asFloat();
      }
    for (std::size_t i = 0; i < in.size(); ++i) numbers[out.size() + i] = numbers[in[i]];
  }
  return numbers;
}

void Graph::addLabel(NodeId n, LabelId label) {
  if (hasLabel(n, label)) return;
  record(change(Change::Kind::AddLabel, n, label));
  nodeLabels_[n] = labelSets_.with(nodeLabels_[n], label);
  if (byLabel_.size() <= label) byLabel_.resize(label + 1);
  auto& list = byLabel_[label];
  auto at = std::lower_bound(list.begin(), list.end(), n);
  if (at == list.end() || *at != n) list.insert(at, n);  // a stale list may still hold it
}

void Graph::removeLabel(NodeId n, LabelId label) {
  if (!hasLabel(n, label)) return;
  auto labels = nodeLabels(n);
  auto pos = static_cast<std::int64_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
  record(change(Change::Kind::RemoveLabel, n, label, Value(pos)));
  nodeLabels_[n] = labelSets_.without(nodeLabels_[n], label);
  auto& list = byLabel_[label];
  if (!list.empty() && list.back() == n) list.pop_back();
  else {
    if (staleLabel_.size() <= label) staleLabel_.resize(label + 1);
    staleLabel_[label] = true;
  }
}

void Graph::deleteRel(RelId r) {
  if (!relAlive(r)) return;
  for (auto& [key, value] : relProperties(r)) setRelProperty(r, key, Value());
  record(change(Change::Kind::DeleteRel, r));
  if (relDead_.size() <= r) relDead_.resize(rels_.size());
  relDead_[r] = true;
  ++deadRels_;
  if (inSnapshot(r)) ++csrDead_;
  else unlinkDelta(r);
  TypeId type = rels_[r].type;
  auto& list = byType_[type];
  if (!list.empty() && list.back() == r) list.pop_back();
  else {
    if (staleType_.size() <= type) staleType_.resize(type + 1);
    staleType_[type] = true;
  }
}

void Graph::deleteNode(NodeId n) {
  if (!nodeAlive(n)) return;
  AdjCursor cursor(*this, n, AdjDirection::Both);
  AdjEntry e;
  if (cursor.next(e)) throw std::logic_error("deleteNode: the node still has relationships");
  for (auto& [key, value] : nodeProperties(n)) setNodeProperty(n, key, Value());
  auto labels = nodeLabels(n);
  while (!labels.empty()) {
    removeLabel(n, labels.back());  // the last first: each keeps its position for undo
    labels = nodeLabels(n);
  }
  record(change(Change::Kind::DeleteNode, n));
  if (nodeDead_.size() <= n) nodeDead_.resize(nodeLabels_.size());
  nodeDead_[n] = true;
  ++deadNodes_;
}

void Graph::indexNodeProperty(KeyId key) const {
  if (propertyIndexes_.size() <= key) propertyIndexes_.resize(key + 1);
  auto& index = propertyIndexes_[key];
  if (!index) index = std::make_unique<PropertyIndex>();
  if (key < nodeCols_.size()) index->build(nodeCols_[key], nodeCount());
}

void Graph::apply(const Change& c) {
  using K = Change::Kind;
  switch (c.kind) {
    case K::AddNode:
      if (c.id != nodeCount()) throw std::logic_error("apply: node id " + std::to_string(c.id) + " out of sequence");
      addNode(LabelSets::kEmpty);
      break;
    case K::AddRel:
      if (c.id != relCount()) throw std::logic_error("apply: relationship id " + std::to_string(c.id) + " out of sequence");
      addRel(c.start, c.end, c.name, {});
      break;
    case K::SetNodeProperty: setNodeProperty(c.id, c.name, c.value()); break;
    case K::SetRelProperty: setRelProperty(c.id, c.name, c.value()); break;
    case K::AddLabel: addLabel(c.id, c.name); break;
    case K::RemoveLabel: removeLabel(c.id, c.name); break;
    case K::DeleteNode: deleteNode(c.id); break;
    case K::DeleteRel: deleteRel(c.id); break;
    case K::SchemaAdd: {
      SchemaDef d = SchemaDef::fromValue(c.value());  // std::invalid_argument is a logic_error
      if (c.id != schema_.defs().size()) throw std::logic_error("apply: schema position out of sequence");
      addSchema(std::move(d));
      break;
    }
    case K::SchemaDrop:
      if (c.id >= schema_.defs().size()) throw std::logic_error("apply: no schema definition to drop");
      dropSchema(c.id);
      break;
  }
}

void Graph::addSchema(SchemaDef def) {
  for (const auto& k : def.keys) indexNodeProperty(keys_.intern(k));
  Value v = def.toValue();
  std::size_t at = schema_.defs().size();
  schema_.insert(at, std::move(def));
  Change c(Change::Kind::SchemaAdd, static_cast<std::uint32_t>(at));
  c.setValue(std::move(v));
  record(std::move(c));
}

void Graph::dropSchema(std::size_t at) {
  Value v = schema_.defs()[at].toValue();
  schema_.erase(at);
  Change c(Change::Kind::SchemaDrop, static_cast<std::uint32_t>(at));
  c.setValue(v);
  c.setBefore(v);
  record(std::move(c));
}

// The inverse of one change, applied with journaling off; `c` is the newest
// change not yet undone, so the graph is exactly as it was just after it.
void Graph::undo(const Change& c) {
  changed();
  using K = Change::Kind;
  switch (c.kind) {
    case K::AddNode: {
      // Its labels and properties were undone already (they came after it).
      NodeId n = c.id;
      nodeLabels_.pop_back();
      if (nodeDead_.size() > n) nodeDead_.resize(n);  // the columns are truncated once, at the end
      break;
    }
    case K::AddRel: {
      RelId r = c.id;
      auto& list = byType_[c.name];
      if (!list.empty() && list.back() == r) list.pop_back();
      if (r >= snapshotRels_) unlinkDelta(r);
      // else the snapshot holds it: rollbackTo rebuilds the snapshot at the end.
      rels_.pop_back();
      if (relDead_.size() > r) relDead_.resize(r);
      if (relFolded_.size() > r) relFolded_.resize(r);
      break;
    }
    case K::SetNodeProperty: setNodeProperty(c.id, c.name, c.before()); break;
    case K::SetRelProperty: setRelProperty(c.id, c.name, c.before()); break;
    case K::AddLabel: removeLabel(c.id, c.name); break;
    case K::RemoveLabel: {
      NodeId n = c.id;
      nodeLabels_[n] = labelSets_.withAt(nodeLabels_[n], c.name, static_cast<std::size_t>(c.before().asInt()));
      if (byLabel_.size() <= c.name) byLabel_.resize(c.name + 1);
      auto& list = byLabel_[c.name];
      auto at = std::lower_bound(list.begin(), list.end(), n);
      if (at == list.end() || *at != n) list.insert(at, n);
      break;
    }
    case K::DeleteNode:
      nodeDead_[c.id] = false;
      --deadNodes_;
      break;
    case K::SchemaAdd: schema_.erase(c.id); break;
    case K::SchemaDrop: schema_.insert(c.id, SchemaDef::fromValue(c.before())); break;
    case K::DeleteRel: {
      RelId r = c.id;
      relDead_[r] = false;
      --deadRels_;
      if (inSnapshot(r)) --csrDead_;
      else if (!bulk_) linkDelta(r);
      auto& list = byType_[rels_[r].type];
      auto at = std::lower_bound(list.begin(), list.end(), r);
      if (at == list.end() || *at != r) list.insert(at, r);
      break;
    }
  }
}

void Graph::rollbackTo(std::size_t sp) {
  changed();
  if (sp >= journal_.size()) return;
  ++nodePropertyStamp_;
  bool was = journaling_;
  journaling_ = false;
  try {
    for (std::size_t i = journal_.size(); i-- > sp;) undo(journal_[i]);
  } catch (...) {
    journaling_ = was;
    throw;
  }
  journaling_ = was;
  journal_.resize(sp);
  for (auto& col : nodeCols_) col.truncate(nodeCount());
  for (auto& col : relCols_) col.truncate(relCount());
  relNumbers_.clear();
  // A compaction since `sp` took in relationships (or nodes) that no longer
  // exist, or left out ones that live again: rebuild, so that the adjacency
  // lists exactly what and in the order it did at `sp`.
  if (compactedAt_ > sp) compact();
}

Value Graph::nodeValue(NodeId n, std::string_view key) const {
  auto k = keys_.find(key);
  return k ? nodeValue(n, *k) : Value();
}

Value Graph::relValue(RelId r, std::string_view key) const {
  auto k = keys_.find(key);
  return k ? relValue(r, *k) : Value();
}

bool Graph::nodePropertyIs(NodeId n, KeyId key, const Value& v) const {
  return hasNodeProperty(n, key) && nodeCols_[key].equalsAt(n, v);
}

bool Graph::relPropertyIs(RelId r, KeyId key, const Value& v) const {
  return hasRelProperty(r, key) && relCols_[key].equalsAt(r, v);
}

namespace {
PropertyMap propertiesAt(const std::vector<ValueColumn>& cols, std::size_t i) {
  PropertyMap out;
  for (std::size_t k = 0; k < cols.size(); ++k)
    if (cols[k].has(i)) out.emplace_back(static_cast<KeyId>(k), cols[k].get(i));
  return out;
}
}  // namespace

PropertyMap Graph::nodeProperties(NodeId n) const { return propertiesAt(nodeCols_, n); }
PropertyMap Graph::relProperties(RelId r) const { return propertiesAt(relCols_, r); }



std::size_t Graph::outDegree(NodeId n) const {
  if (csrDead_ > 0) {
    std::size_t d = 0;
    AdjCursor c(*this, n, AdjDirection::Out);
    for (AdjEntry e; c.next(e);) ++d;
    return d;
  }
  std::size_t d = n < boost::num_vertices(*csr_) ? boost::out_degree(n, *csr_) : 0;
  return d + deltaOut_.of(n).size();
}

std::size_t Graph::inDegree(NodeId n) const {
  if (csrDead_ > 0) {
    std::size_t d = 0;
    AdjCursor c(*this, n, AdjDirection::In);
    for (AdjEntry e; c.next(e);) ++d;
    return d;
  }
  std::size_t d = n < boost::num_vertices(*csr_) ? boost::in_degree(n, *csr_) : 0;
  return d + deltaIn_.of(n).size();
}

namespace {
// Drops from a lazily purged index list the elements `keep` rejects.
template <typename Keep>
void purge(std::vector<std::uint32_t>& list, std::vector<bool>& stale, std::uint32_t id, Keep keep) {
  if (id >= stale.size() || !stale[id]) return;
  list.erase(std::remove_if(list.begin(), list.end(), [&](std::uint32_t x) { return !keep(x); }), list.end());
  stale[id] = false;
}
}  // namespace

const std::vector<NodeId>& Graph::nodesWithLabel(LabelId label) const {
  if (label >= byLabel_.size()) return kNone;
  purge(byLabel_[label], staleLabel_, label, [&](NodeId n) { return hasLabel(n, label); });
  return byLabel_[label];
}

const std::vector<RelId>& Graph::relsWithType(TypeId type) const {
  if (type >= byType_.size()) return kNone;
  purge(byType_[type], staleType_, type, [&](RelId r) { return relAlive(r); });
  return byType_[type];
}

std::span<const NodeId> Graph::nodesWithProperty(KeyId key, const Value& v) const {
  if (key >= nodeCols_.size()) return {};
  if (!propertyIndex(key)) indexNodeProperty(key);
  return propertyIndexes_[key]->find(nodeCols_[key], v);
}

std::vector<NodeId> Graph::findByName(std::string_view text) const {
  std::vector<NodeId> out;
  nameIndex().forEachExact(foldCase(text), [&](NodeId n) { out.push_back(n); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
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

void Graph::indexNames(NameIndex& names, NodeId n, const Value& v) {
  forEachName(v, [&](const std::string& s) { names.add(foldCase(s), n); });
}

void Graph::unindexNames(NodeId n, const Value& v) {
  forEachName(v, [&](const std::string& s) { names_.remove(foldCase(s), n); });
}

std::string displayName(const Graph& g, NodeId n) {
  if (Value v = g.nodeValue(n, g.nameKey()); v.isString()) return v.asString();
  const auto& labels = g.node(n).labels;
  return (labels.empty() ? std::string("node") : g.labels().name(labels[0])) + "#" + std::to_string(n);
}

}  // namespace kgq
