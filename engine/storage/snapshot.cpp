#include "storage/snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <span>
#include <type_traits>

#include "common/errors.h"
#include "storage/codec.h"
#include "storage/crc32c.h"
#include "storage/file_io.h"

namespace kgq {

namespace {

constexpr char kMagic[8] = {'K', 'G', 'Q', 'S', 'N', 'A', 'P', '1'};
// Version 2 added the schema section (indexes and constraints); version 3 lets values be temporal
// (codec tags 7..12); version 4 stores the tables whole (node label sets, relationship rows, the
// adjacency, typed property columns) as raw little-endian arrays. Versions 1 to 3 still read.
constexpr std::uint32_t kVersion = 4;
constexpr std::uint32_t kFirstWholeTables = 4;
// The arrays are the tables' bytes as they lie in memory.
static_assert(std::endian::native == std::endian::little, "snapshot arrays are little-endian");
static_assert(sizeof(RelData) == 12 && sizeof(EdgeData) == 8 && sizeof(LabelSetId) == 4);
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
  // A whole array after the items so far, in blocks of its own (written from the array itself).
  template <typename T>
  void array(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    flush();
    const char* p = reinterpret_cast<const char*>(values.data());
    for (std::size_t left = values.size_bytes(); left > 0;) {
      std::size_t n = std::min(left, kBlockBytes / sizeof(T) * sizeof(T));
      std::uint32_t head[2] = {static_cast<std::uint32_t>(n), crc32c(p, n)};
      f_.writeAll(std::string_view(reinterpret_cast<const char*>(head), sizeof head));
      f_.writeAll(std::string_view(p, n));
      bytes_ += sizeof head + n;
      p += n;
      left -= n;
    }
  }
  std::uint64_t bytes() const { return bytes_; }

 private:
  FileHandle& f_;
  Encoder enc_;
  std::uint64_t bytes_ = 0;
};

// Elements of T stored at any byte offset, read through memcpy (a block's payload
// need not be aligned for T), so that a vector fills from them in one pass
// without zeroing first.
template <typename T>
class UnalignedIter {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  using pointer = const T*;
  using reference = T;
  explicit UnalignedIter(const char* p) : p_(p) {}
  T operator*() const {
    T v;
    std::memcpy(&v, p_, sizeof v);
    return v;
  }
  UnalignedIter& operator++() {
    p_ += sizeof(T);
    return *this;
  }
  UnalignedIter operator++(int) {
    UnalignedIter was = *this;
    p_ += sizeof(T);
    return was;
  }
  UnalignedIter& operator--() {
    p_ -= sizeof(T);
    return *this;
  }
  UnalignedIter& operator+=(difference_type n) {
    p_ += n * static_cast<difference_type>(sizeof(T));
    return *this;
  }
  difference_type operator-(const UnalignedIter& o) const {
    return static_cast<difference_type>((p_ - o.p_) / static_cast<std::ptrdiff_t>(sizeof(T)));
  }
  bool operator==(const UnalignedIter& o) const { return p_ == o.p_; }

 private:
  const char* p_;
};

// Reads a snapshot's blocks through one buffer the size of a block, checking each
// block's checksum before anything in it is used.
class BlockReader {
 public:
  BlockReader(FileHandle& f, std::uint64_t fileSize) : f_(f), fileSize_(fileSize) {}
  Decoder& item() {
    while (dec_.done()) dec_ = Decoder(block());
    return dec_;
  }
  // A count read from the file: more items than bytes in the file means damage (and no huge reserve).
  std::uint64_t count(Decoder& d) {
    std::uint64_t n = d.varint();
    if (n > fileSize_) Decoder::fail("count larger than the file");
    return n;
  }
  // The n values BlockWriter::array wrote (blocks of whole elements), copied once
  // from the buffer into the result, which is never zeroed first.
  template <typename T>
  std::vector<T> array(std::uint64_t n) {
    return wholeBlocks<std::vector<T>>(n);
  }
  std::string string(std::uint64_t n) { return wholeBlocks<std::string>(n); }

 private:
  template <typename Out>
  Out wholeBlocks(std::uint64_t n) {
    using T = typename Out::value_type;
    static_assert(std::is_trivially_copyable_v<T>);
    Out out;
    out.reserve(arrayStart(n, sizeof(T)));
    while (out.size() < n) {
      std::string_view b = block();
      if (b.size() % sizeof(T) != 0 || b.size() / sizeof(T) > n - out.size()) Decoder::fail("bad array block");
      out.insert(out.end(), UnalignedIter<T>(b.data()), UnalignedIter<T>(b.data() + b.size()));
    }
    return out;
  }
  std::uint64_t arrayStart(std::uint64_t n, std::size_t size) {
    if (!dec_.done()) Decoder::fail("an array does not start a block");
    if (n > fileSize_ / size) Decoder::fail("array larger than the file");
    return n;
  }
  // The next block's payload (valid until the next call), its checksum checked.
  std::string_view block() {
    std::uint32_t h[2];
    if (f_.readUpTo(reinterpret_cast<char*>(h), sizeof h) != sizeof h) Decoder::fail("file ends early");
    if (h[0] == 0 || h[0] > kMaxBlockBytes) Decoder::fail("bad block length");
    buf_.resize(h[0]);
    if (f_.readUpTo(buf_.data(), h[0]) != h[0]) Decoder::fail("file ends early");
    if (crc32c(buf_.data(), buf_.size()) != h[1]) Decoder::fail("checksum mismatch");
    return buf_;
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

// Present elements of one property column, after a head item that gives their
// count: the last one first (its id absolute), so that the reader sizes the column
// once, then the others as (gap from the previous id, value) items, ascending.
template <typename Has, typename Get>
void writeValues(BlockWriter& w, std::size_t elements, Has has, Get get) {
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

std::vector<std::uint32_t> readDeadIds(BlockReader& r, std::uint64_t limit) {
  std::vector<std::uint32_t> dead(r.count(r.item()));
  std::uint64_t id = 0;
  for (std::size_t i = 0; i < dead.size(); ++i) {
    id += r.item().varint();
    if (id >= limit || (i > 0 && id == dead[i - 1])) Decoder::fail("deleted id out of range");
    dead[i] = static_cast<std::uint32_t>(id);
  }
  return dead;
}

// The items writeValues wrote, set one by one.
void readValues(BlockReader& r, Graph& g, bool ofNodes, KeyId key, std::uint64_t count) {
  if (key >= g.keys().size()) Decoder::fail("property key out of range");
  std::uint64_t limit = ofNodes ? g.nodeCount() : g.relCount(), id = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    Decoder& d = r.item();
    std::uint64_t at = d.varint();
    id = i == 0 ? at : i == 1 ? at : id + at;
    Value v = d.value();
    if (id >= limit || v.isNull()) Decoder::fail("property out of range");
    if (ofNodes ? !g.nodeAlive(static_cast<NodeId>(id)) : !g.relAlive(static_cast<RelId>(id)))
      Decoder::fail("a deleted element has a property");
    if (ofNodes) g.setNodeProperty(static_cast<NodeId>(id), key, std::move(v));
    else g.setRelProperty(static_cast<RelId>(id), key, std::move(v));
  }
}

// Versions 1 to 3: label sets in first-use order, then every node, relationship and
// property value as its own item, appended one by one.
void readTablesOneByOne(BlockReader& r, Graph& g, std::uint64_t& nodes, std::uint64_t& rels) {
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

  nodes = r.count(r.item());
  g.reserve(nodes, 0);
  for (std::uint64_t n = 0; n < nodes; ++n) {
    std::uint32_t s = r.item().varint32();
    if (s >= sets.size()) Decoder::fail("label set out of range");
    g.addNode(sets[s]);
  }
  rels = r.count(r.item());
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
  auto deadNodes = readDeadIds(r, nodes);
  auto deadRels = readDeadIds(r, rels);
  try {
    for (RelId rel : deadRels) g.deleteRel(rel);
    for (NodeId n : deadNodes) g.deleteNode(n);
  } catch (const std::logic_error&) {
    Decoder::fail("a deleted node still has relationships");
  }
  g.maybeCompact();

  for (bool ofNodes : {true, false})
    for (std::uint64_t columns = r.count(r.item()); columns > 0; --columns) {
      Decoder& head = r.item();
      KeyId key = head.varint32();
      readValues(r, g, ofNodes, key, r.count(head));
    }
}

// Version 4: the tables as the writer's arrays, adopted whole (Graph::restore checks them).
void readWholeTables(BlockReader& r, Graph& g, std::uint64_t& nodes, std::uint64_t& rels) {
  std::uint64_t setCount = r.count(r.item());
  std::vector<LabelId> labels;
  for (std::uint64_t i = 0; i < setCount; ++i) {
    Decoder& d = r.item();
    labels.resize(r.count(d));
    for (auto& l : labels) {
      l = d.varint32();
      if (l >= g.labels().size()) Decoder::fail("label id out of range");
    }
    if (g.internLabels(labels) != i) Decoder::fail("label sets out of order");
  }
  nodes = r.count(r.item());
  auto nodeLabels = r.array<LabelSetId>(nodes);
  rels = r.count(r.item());
  auto relRows = r.array<RelData>(rels);
  auto deadNodes = readDeadIds(r, nodes);
  auto deadRels = readDeadIds(r, rels);
  std::optional<CsrArrays> csr;
  switch (r.item().u8()) {
    case 0: break;
    case 1: {
      std::uint64_t edges = rels - deadRels.size();
      csr = CsrArrays{r.array<std::uint32_t>(nodes + 1), r.array<std::uint32_t>(edges), r.array<EdgeData>(edges),
                      r.array<std::uint32_t>(nodes + 1), r.array<std::uint32_t>(edges),
                      r.array<std::uint32_t>(edges)};
      break;
    }
    default: Decoder::fail("bad adjacency flag");
  }
  try {
    g.restore(std::move(nodeLabels), std::move(relRows), deadNodes, deadRels, std::move(csr));
    for (bool ofNodes : {true, false})
      for (std::uint64_t columns = r.count(r.item()); columns > 0; --columns) {
        Decoder& head = r.item();
        KeyId key = head.varint32();
        auto kind = static_cast<ValueColumn::Kind>(head.u8());
        if (kind == ValueColumn::Kind::General) {
          readValues(r, g, ofNodes, key, r.count(head));
          continue;
        }
        ValueColumn::Parts parts;
        parts.kind = kind;
        parts.size = r.count(head);
        parts.count = r.count(head);
        parts.garbage = r.count(head);
        std::uint64_t arenaBytes = r.count(head);
        parts.present = r.array<std::uint64_t>((parts.size + 63) / 64);
        parts.words = r.array<std::uint64_t>(kind == ValueColumn::Kind::Empty ? 0 : parts.size);
        parts.arena = r.string(arenaBytes);
        g.restoreColumn(ofNodes, key, ValueColumn::fromParts(std::move(parts)));
      }
  } catch (const std::invalid_argument& e) {
    Decoder::fail(e.what());
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

    // Label sets by id (0 is the empty set), then the tables whole.
    const LabelSets& sets = g.labelSets();
    w.item().varint(sets.size());
    for (LabelSetId s = 0; s < sets.size(); ++s) {
      Encoder& e = w.item();
      auto labels = sets.labels(s);
      e.varint(labels.size());
      for (auto l : labels) e.varint(l);
    }
    w.item().varint(g.nodeCount());
    w.array(g.nodeLabelSets());
    w.item().varint(g.relCount());
    w.array(g.relRows());

    // Tombstones: the ids stay taken (log records after this snapshot refer to later ones).
    for (bool ofNodes : {true, false}) {
      std::size_t count = ofNodes ? g.nodeCount() - g.liveNodeCount() : g.relCount() - g.liveRelCount();
      w.item().varint(count);
      std::size_t prev = 0, end = count == 0 ? 0 : ofNodes ? g.nodeCount() : g.relCount();
      for (std::size_t i = 0; i < end; ++i) {
        bool alive = ofNodes ? g.nodeAlive(static_cast<NodeId>(i)) : g.relAlive(static_cast<RelId>(i));
        if (alive) continue;
        w.item().varint(i - prev);
        prev = i;
      }
    }

    // The adjacency when it is whole (no change since its last build); else the reader builds it.
    std::optional<CsrSpans> csr = g.exactSnapshotArrays();
    w.item().u8(csr ? 1 : 0);
    if (csr) {
      // Nodes created after the build have no row yet: give each an empty one.
      auto rowStarts = [&](std::span<const std::uint32_t> starts) {
        std::vector<std::uint32_t> all(starts.begin(), starts.end());
        all.resize(g.nodeCount() + 1, all.empty() ? 0 : all.back());
        return all;
      };
      w.array<std::uint32_t>(rowStarts(csr->outStart));
      w.array(csr->outTarget);
      w.array(csr->outEdge);
      w.array<std::uint32_t>(rowStarts(csr->inStart));
      w.array(csr->inSource);
      w.array(csr->inEdge);
    }

    for (bool ofNodes : {true, false}) {
      std::vector<KeyId> present;
      for (KeyId k = 0; k < g.keys().size(); ++k)
        if (ofNodes ? g.nodeKeyCount(k) : g.relKeyCount(k)) present.push_back(k);
      w.item().varint(present.size());
      for (KeyId k : present) {
        const ValueColumn& col = *g.propertyColumn(ofNodes, k);
        ValueColumn::PartsView parts = col.parts();
        Encoder& head = w.item();
        head.varint(k);
        head.u8(static_cast<std::uint8_t>(parts.kind));
        if (parts.kind == ValueColumn::Kind::General) {
          head.varint(col.count());
          writeValues(
              w, ofNodes ? g.nodeCount() : g.relCount(), [&](std::size_t i) { return col.has(i); },
              [&](std::size_t i) { return col.get(i); });
          continue;
        }
        head.varint(parts.size);
        head.varint(parts.count);
        head.varint(parts.garbage);
        head.varint(parts.arena.size());
        w.array(parts.present);
        w.array(parts.words);
        w.array(std::span<const char>(parts.arena));
      }
    }
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
    g.setMeta(std::move(meta));

    std::uint64_t nodes = 0, rels = 0;
    if (version >= kFirstWholeTables) readWholeTables(r, g, nodes, rels);
    else readTablesOneByOne(r, g, nodes, rels);

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
