#include "storage/commit_record.h"

#include "storage/codec.h"

namespace kgq {

namespace {
const StringInterner& interner(const Graph& g, int i) {
  return i == 0 ? g.labels() : i == 1 ? g.types() : g.keys();
}
}  // namespace

std::string encodeCommit(std::uint64_t sequence, const Graph& g, const NameCounts& logged,
                         std::span<const Change> changes) {
  Encoder e;
  e.varint(sequence);
  for (int i = 0; i < 3; ++i) {
    const auto& names = interner(g, i).names();
    e.varint(names.size() - logged.counts[i]);
    for (std::size_t id = logged.counts[i]; id < names.size(); ++id) e.str(names[id]);
  }
  e.varint(changes.size());
  for (const Change& c : changes) {
    e.u8(static_cast<std::uint8_t>(c.kind));
    e.varint(c.id);
    switch (c.kind) {
      case Change::Kind::AddRel:
        e.varint(c.start);
        e.varint(c.end);
        e.varint(c.name);
        break;
      case Change::Kind::SetNodeProperty:
      case Change::Kind::SetRelProperty:
        e.varint(c.name);
        e.value(c.value());
        break;
      case Change::Kind::SchemaAdd:
      case Change::Kind::SchemaDrop: e.value(c.value()); break;
      case Change::Kind::AddLabel:
      case Change::Kind::RemoveLabel: e.varint(c.name); break;
      case Change::Kind::AddNode:
      case Change::Kind::DeleteNode:
      case Change::Kind::DeleteRel: break;
    }
  }
  return std::move(e.buffer());
}

CommitRecord decodeCommit(std::string_view payload) {
  Decoder d(payload);
  CommitRecord r;
  r.sequence = d.varint();
  for (auto& names : r.names) {
    std::uint64_t n = d.varint();
    if (n > d.left()) Decoder::fail("more names than bytes");
    for (; n > 0; --n) names.emplace_back(d.str());
  }
  std::uint64_t n = d.varint();
  if (n > d.left()) Decoder::fail("more changes than bytes");
  r.changes.reserve(n);
  for (; n > 0; --n) {
    Change c;
    std::uint8_t kind = d.u8();
    if (kind > static_cast<std::uint8_t>(Change::Kind::SchemaDrop)) Decoder::fail("unknown change kind");
    c.kind = static_cast<Change::Kind>(kind);
    c.id = d.varint32();
    switch (c.kind) {
      case Change::Kind::AddRel:
        c.start = d.varint32();
        c.end = d.varint32();
        c.name = d.varint32();
        break;
      case Change::Kind::SetNodeProperty:
      case Change::Kind::SetRelProperty:
        c.name = d.varint32();
        c.setValue(d.value());
        break;
      case Change::Kind::SchemaAdd:
      case Change::Kind::SchemaDrop: c.setValue(d.value()); break;
      case Change::Kind::AddLabel:
      case Change::Kind::RemoveLabel: c.name = d.varint32(); break;
      case Change::Kind::AddNode:
      case Change::Kind::DeleteNode:
      case Change::Kind::DeleteRel: break;
    }
    r.changes.push_back(std::move(c));
  }
  if (!d.done()) Decoder::fail("bytes after the last change");
  return r;
}

}  // namespace kgq
