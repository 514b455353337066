#include "storage/snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <map>
#include <random>

#include "common/errors.h"
#include "storage/codec.h"
#include "storage/crc32c.h"
#include "storage/file_io.h"

namespace kgq {

namespace {

constexpr char kMagic[8] = {'K', 'G', 'Q', 'S', 'N', 'A', 'P', '1'};
// Version 2 added the schema section (indexes and constraints); version 3 lets values be temporal
// (codec tags 7..12). Versions 1 and 2 still read.
constexpr std::uint32_t kVersion = 3;
constexpr std::size_t kHeaderBytes = 32;
constexpr std::size_t kBlockBytes = 1 << 20;
constexpr std::uint32_t kMaxBlockBytes = 1u << 26;  // a larger length is damage, not data
constexpr std::uint32_t kEndMarker = 0x21444E45;   // "END!"

class BlockWriter {
 public:
  explicit BlockWriter(FileHandle& f) : f_(f) {}
  // The encoder for the next item; an item never straddles two blocks.
  Encoder& item() {
    if (enc_.buffer().size() >= kBlockBytes) flush();
    return enc_;
  }
  void flush() {
    const std::string& payload = enc_.buffer();
    if (payload.empty()) return;
    std::uint32_t head[2] = {static_cast<std::uint32_t>(payload.size()), crc32c(payload.data(), payload.size())};
    f_.writeAll(std::string_view(reinterpret_cast<const char*>(head), sizeof head));
    f_.writeAll(payload);
    bytes_ += sizeof head + payload.size();
    enc_.buffer().clear();
  }
  std::uint64_t bytes() const { return bytes_; }

 private:
  FileHandle& f_;
  Encoder enc_;
  std::uint64_t bytes_ = 0;
};

class BlockReader {
 public:
  BlockReader(FileHandle& f, std::uint64_t fileSize) : f_(f), fileSize_(fileSize) {}
  Decoder& item() {
    while (dec_.done()) next();
    return dec_;
  }
  // A count read from the file: more items than bytes in the file means damage (and no huge reserve).
  std::uint64_t count(Decoder& d) {
    std::uint64_t n = d.varint();
    if (n > fileSize_) Decoder::fail("count larger than the file");
    return n;
  }

 private:
  void next() {
    std::uint32_t head[2];
    if (f_.readUpTo(reinterpret_cast<char*>(head), sizeof head) != sizeof head) Decoder::fail("file ends early");
    if (head[0] == 0 || head[0] > kMaxBlockBytes) Decoder::fail("bad block length");
    buf_.resize(head[0]);
    if (f_.readUpTo(buf_.data(), head[0]) != head[0]) Decoder::fail("file ends early");
    if (crc32c(buf_.data(), buf_.size()) != head[1]) Decoder::fail("checksum mismatch");
    dec_ = Decoder(buf_.data(), buf_.size());
  }

  FileHandle& f_;
  std::uint64_t fileSize_;
  std::string buf_;
  Decoder dec_{nullptr, 0};
};

void encodeMeta(Encoder& e, const GraphMeta& m) {
  for (const auto* s : {&m.displayKey, &m.aliasKey, &m.sourceKey, &m.validFromKey, &m.validUntilKey,
                        &m.pointInTimeKey})
    e.str(*s);
  e.varint(m.qualifierKeys.size());
  for (const auto& q : m.qualifierKeys) e.str(q);
  e.varint(m.verbs.size());
  for (const auto& [type, verb] : m.verbs) {
    e.str(type);
    e.str(verb.phrase);
    e.str(verb.qualified);
  }
}

GraphMeta decodeMeta(Decoder& d) {
  GraphMeta m;
  for (auto* s : {&m.displayKey, &m.aliasKey, &m.sourceKey, &m.validFromKey, &m.validUntilKey, &m.pointInTimeKey})
    *s = std::string(d.str());
  m.qualifierKeys.clear();
  for (std::uint64_t n = d.varint(); n > 0; --n) m.qualifierKeys.emplace_back(d.str());
  for (std::uint64_t n = d.varint(); n > 0; --n) {
    std::string type(d.str());
    GraphMeta::Verb v;
    v.phrase = d.str();
    v.qualified = d.str();
    m.verbs.emplace(std::move(type), std::move(v));
  }
  return m;
}

// Present elements of one property column: the last one first (its id absolute),
// so that the reader sizes the column once, then the others as (gap from the
// previous id, value) items, ascending.
template <typename Has, typename Get>
void writeColumn(BlockWriter& w, std::uint32_t key, std::size_t count, std::size_t elements, Has has, Get get) {
  Encoder& head = w.item();
  head.varint(key);
  head.varint(count);
  std::size_t last = elements;
  while (last > 0 && !has(last - 1)) --last;
  if (last == 0) return;
  Encoder& first = w.item();
  first.varint(last - 1);
  first.value(get(last - 1));
  std::size_t prev = 0;
  for (std::size_t i = 0; i + 1 < last; ++i) {
    if (!has(i)) continue;
    Encoder& e = w.item();
    e.varint(i - prev);
    e.value(get(i));
    prev = i;
  }
}

std::filesystem::path tempBeside(const std::filesystem::path& path) {
  std::random_device rd;
  auto tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  return tmp;
}

}  // namespace

SnapshotInfo writeSnapshot(const Graph& g, const std::filesystem::path& path, std::uint64_t logGeneration) {
  auto tmp = tempBeside(path);
  try {
    FileHandle f = FileHandle::open(tmp, O_WRONLY | O_CREAT | O_EXCL);
    Encoder header;
    header.raw(kMagic, sizeof kMagic);
    header.u32(kVersion);
    header.u32(0);  // flags
    header.u64(logGeneration);
    header.u32(0);  // reserved
    header.u32(crc32c(header.buffer().data(), header.buffer().size()));
    f.writeAll(header.buffer());

    BlockWriter w(f);
    encodeMeta(w.item(), g.meta());
    for (const StringInterner* names : {&g.labels(), &g.types(), &g.keys()}) {
      w.item().varint(names->size());
      for (const auto& name : names->names()) w.item().str(name);
    }

    // Label sets as the nodes use them, numbered in first-use order.
    std::map<std::vector<LabelId>, std::uint32_t> sets;
    std::vector<std::uint32_t> setOf(g.nodeCount());
    for (NodeId n = 0; n < g.nodeCount(); ++n) {
      auto labels = g.nodeLabels(n);  // a deleted node has none
      auto [it, added] = sets.try_emplace(std::vector<LabelId>(labels.begin(), labels.end()),
                                          static_cast<std::uint32_t>(sets.size()));
      setOf[n] = it->second;
    }
    std::vector<const std::vector<LabelId>*> byIndex(sets.size());
    for (const auto& [labels, i] : sets) byIndex[i] = &labels;
    w.item().varint(byIndex.size());
    for (const auto* labels : byIndex) {
      Encoder& e = w.item();
      e.varint(labels->size());
      for (auto l : *labels) e.varint(l);
    }

    w.item().varint(g.nodeCount());
    for (auto s : setOf) w.item().varint(s);
    setOf = {};
    w.item().varint(g.relCount());
    for (RelId r = 0; r < g.relCount(); ++r) {
      const RelData& rel = g.rel(r);
      Encoder& e = w.item();
      e.varint(rel.start);
      e.varint(rel.end);
      e.varint(rel.type);
    }

    // Tombstones: the ids stay taken (log records after this snapshot refer to later ones).
    for (bool ofNodes : {true, false}) {
      std::size_t count = ofNodes ? g.nodeCount() - g.liveNodeCount() : g.relCount() - g.liveRelCount();
      w.item().varint(count);
      std::size_t prev = 0, end = ofNodes ? g.nodeCount() : g.relCount();
      for (std::size_t i = 0; i < end; ++i) {
        bool alive = ofNodes ? g.nodeAlive(static_cast<NodeId>(i)) : g.relAlive(static_cast<RelId>(i));
        if (alive) continue;
        w.item().varint(i - prev);
        prev = i;
      }
    }

    std::vector<KeyId> nodeKeys, relKeys;
    for (KeyId k = 0; k < g.keys().size(); ++k) {
      if (g.nodeKeyCount(k)) nodeKeys.push_back(k);
      if (g.relKeyCount(k)) relKeys.push_back(k);
    }
    w.item().varint(nodeKeys.size());
    for (KeyId k : nodeKeys)
      writeColumn(
          w, k, g.nodeKeyCount(k), g.nodeCount(), [&](std::size_t i) { return g.hasNodeProperty(i, k); },
          [&](std::size_t i) { return g.nodeValue(i, k); });
    w.item().varint(relKeys.size());
    for (KeyId k : relKeys)
      writeColumn(
          w, k, g.relKeyCount(k), g.relCount(), [&](std::size_t i) { return g.hasRelProperty(i, k); },
          [&](std::size_t i) { return g.relValue(i, k); });

    w.item().varint(g.schema().defs().size());
    for (const auto& def : g.schema().defs()) w.item().value(def.toValue());

    w.flush();
    Encoder& end = w.item();
    end.u32(kEndMarker);
    end.u64(g.nodeCount());
    end.u64(g.relCount());
    w.flush();
    f.sync();
    SnapshotInfo info{logGeneration, kHeaderBytes + w.bytes()};
    f.close();
    if (::rename(tmp.c_str(), path.c_str()) != 0) throwSystemError(path, "rename a new snapshot over", errno);
    syncDirectory(path.parent_path().empty() ? "." : path.parent_path());
    return info;
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

Graph readSnapshot(const std::filesystem::path& path, SnapshotInfo* info) {
  FileHandle f = FileHandle::open(path, O_RDONLY);
  std::uint64_t fileSize = f.size();
  try {
    char header[kHeaderBytes];
    if (f.readUpTo(header, kHeaderBytes) != kHeaderBytes) Decoder::fail("file ends inside its header");
    Decoder h(header, kHeaderBytes);
    char magic[8];
    h.raw(magic, 8);
    if (std::memcmp(magic, kMagic, 8) != 0) Decoder::fail("not a kgq snapshot");
    std::uint32_t version = h.u32();
    if (version < 1 || version > kVersion) Decoder::fail("format version " + std::to_string(version) + " unknown");
    h.u32();
    std::uint64_t generation = h.u64();
    h.u32();
    if (h.u32() != crc32c(header, kHeaderBytes - 4)) Decoder::fail("header checksum mismatch");

    BlockReader r(f, fileSize);
    Graph g;
    g.setJournaling(false);  // a load is not undone change by change
    GraphMeta meta = decodeMeta(r.item());
    for (StringInterner* names : {&g.labels(), &g.types(), &g.keys()}) {
      std::uint64_t n = r.count(r.item());
      for (std::uint64_t i = 0; i < n; ++i)
        if (names->intern(r.item().str()) != i) Decoder::fail("names out of order");
    }
    g.setMeta(std::move(meta));  // before the properties: the name index fills as they load
    auto keyCount = g.keys().size();

    std::vector<LabelSetId> sets(r.count(r.item()));
    std::vector<LabelId> labels;
    for (auto& s : sets) {
      Decoder& d = r.item();
      labels.resize(r.count(d));
      for (auto& l : labels) {
        l = d.varint32();
        if (l >= g.labels().size()) Decoder::fail("label id out of range");
      }
      s = g.internLabels(labels);
    }

    std::uint64_t nodes = r.count(r.item());
    g.reserve(nodes, 0);
    for (std::uint64_t n = 0; n < nodes; ++n) {
      std::uint32_t s = r.item().varint32();
      if (s >= sets.size()) Decoder::fail("label set out of range");
      g.addNode(sets[s]);
    }
    std::uint64_t rels = r.count(r.item());
    g.reserve(0, rels);
    g.beginBulk();
    for (std::uint64_t i = 0; i < rels; ++i) {
      Decoder& d = r.item();
      NodeId s = d.varint32(), e = d.varint32();
      TypeId t = d.varint32();
      if (s >= nodes || e >= nodes || t >= g.types().size()) Decoder::fail("relationship refers past the graph");
      g.addRel(s, e, t, {});
    }
    g.endBulk();
    std::array<std::vector<std::uint32_t>, 2> dead;  // nodes, relationships
    for (int which = 0; which < 2; ++which) {
      std::uint64_t limit = which == 0 ? nodes : rels;
      dead[which].resize(r.count(r.item()));
      std::uint64_t id = 0;
      for (std::size_t i = 0; i < dead[which].size(); ++i) {
        id += r.item().varint();
        if (id >= limit || (i > 0 && id == dead[which][i - 1])) Decoder::fail("deleted id out of range");
        dead[which][i] = static_cast<std::uint32_t>(id);
      }
    }
    try {
      for (RelId rel : dead[1]) g.deleteRel(rel);
      for (NodeId n : dead[0]) g.deleteNode(n);
    } catch (const std::logic_error&) {
      Decoder::fail("a deleted node still has relationships");
    }
    g.maybeCompact();

    for (bool ofNodes : {true, false}) {
      std::uint64_t limit = ofNodes ? nodes : rels;
      for (std::uint64_t columns = r.count(r.item()); columns > 0; --columns) {
        Decoder& head = r.item();
        KeyId key = head.varint32();
        std::uint64_t count = r.count(head);
        if (key >= keyCount) Decoder::fail("property key out of range");
        std::uint64_t id = 0;
        for (std::uint64_t i = 0; i < count; ++i) {
          Decoder& d = r.item();
          std::uint64_t at = d.varint();
          id = i == 0 ? at : i == 1 ? at : id + at;
          Value v = d.value();
          if (id >= limit || v.isNull()) Decoder::fail("property out of range");
          if (ofNodes) g.setNodeProperty(static_cast<NodeId>(id), key, std::move(v));
          else g.setRelProperty(static_cast<RelId>(id), key, std::move(v));
        }
      }
    }

    if (version >= 2)
      for (std::uint64_t n = r.count(r.item()); n > 0; --n) {
        try {
          g.addSchema(SchemaDef::fromValue(r.item().value()));
        } catch (const std::invalid_argument&) {
          Decoder::fail("bad schema definition");
        }
      }

    Decoder& end = r.item();
    if (end.u32() != kEndMarker || end.u64() != nodes || end.u64() != rels) Decoder::fail("end marker missing");
    if (info) *info = SnapshotInfo{generation, fileSize};
    g.setJournaling(true);
    return g;
  } catch (const StorageError& e) {
    throw StorageError("snapshot '" + path.string() + "' is damaged: " + e.message(), {},
                       "restore the database directory from a backup, or re-create it with --import");
  }
}

}  // namespace kgq
