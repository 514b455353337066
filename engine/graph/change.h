// Change: one elementary change to a Graph. The same records serve two readers:
// the undo journal (newest first, using `before`) that makes a statement or a
// transaction atomic, and the write-ahead log (oldest first, using `value`) that
// makes a commit durable. Composite writes are spelled as sequences of these, so
// both readers know only these kinds (ten, with the two of the schema):
//  - creating a node is AddNode, then AddLabel per label, then SetNodeProperty per key;
//  - deleting one first removes each property (SetNodeProperty to null, the old
//    value in `before`) and each label (RemoveLabel), then DeleteNode marks the id
//    dead; relationships alike. Undo replays the inverse of each, newest first.
// Ids (node, relationship, label, type, key) are the graph's own; a log writer
// records the names behind label/type/key ids it has not written yet.
#pragma once

#include <cstdint>
#include <memory>

#include "common/value.h"

namespace kgq {

struct Change {
  enum class Kind : std::uint8_t {
    AddNode,          // id: the new node (always nodeCount() at the time)
    AddRel,           // id: the new relationship; start, end, type
    SetNodeProperty,  // id, name (the key), value (null removes); before: previous value (null if absent)
    SetRelProperty,   // id, key, value, before
    AddLabel,         // id, name (the label); only recorded when the node did not have it
    RemoveLabel,      // id, name; only recorded when the node had it; before: its position (Int) in the
                      // node's label list, so that undo puts it back in place (redo ignores it)
    DeleteNode,       // id: marked dead; its labels, properties and relationships are gone already
    DeleteRel,        // id: marked dead; its properties are gone already
    SchemaAdd,        // id: position in the schema; value: the definition (SchemaDef::toValue)
    SchemaDrop,       // id: position; value and before: the definition dropped
  };
  Kind kind = Kind::AddNode;
  std::uint32_t id = 0;
  std::uint32_t start = 0;  // AddRel
  std::uint32_t end = 0;    // AddRel
  std::uint32_t name = 0;   // AddRel: TypeId; Set*Property: KeyId; Add/RemoveLabel: LabelId

  Change() = default;
  Change(Kind k, std::uint32_t i, std::uint32_t n = 0) : kind(k), id(i), name(n) {}
  Change(const Change& o) : kind(o.kind), id(o.id), start(o.start), end(o.end), name(o.name) {
    if (o.values_) values_ = std::make_unique<Values>(*o.values_);
  }
  Change(Change&&) noexcept = default;
  Change& operator=(const Change& o) {
    if (this != &o) *this = Change(o);
    return *this;
  }
  Change& operator=(Change&&) noexcept = default;

  const Value& value() const { return values_ ? values_->value : kNull; }
  const Value& before() const { return values_ ? values_->before : kNull; }
  void setValue(Value v) {
    if (values_ || !v.isNull()) values().value = std::move(v);
  }
  void setBefore(Value v) {
    if (values_ || !v.isNull()) values().before = std::move(v);
  }

 private:
  // Most changes (added nodes, relationships and labels) carry no value: the two values live
  // apart, so that a journal of a million added relationships holds 32 bytes for each, not 104.
  struct Values {
    Value value, before;
  };
  Values& values() {
    if (!values_) values_ = std::make_unique<Values>();
    return *values_;
  }
  static inline const Value kNull{};
  std::unique_ptr<Values> values_;
};

}  // namespace kgq
