#include "question/narrate.h"

#include "common/calendar_point.h"

namespace kgq {

namespace {

std::optional<KeyId> keyOf(const Graph& g, const std::string& name) {
  return name.empty() ? std::nullopt : g.keys().find(name);
}

// "views {object} as {qualifier}" with both filled in, in one pass (a name may hold braces).
std::string expand(const std::string& pattern, const std::string& object, const std::string& qualifier) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 8, "{object}") == 0) out += object, i += 8;
    else if (pattern.compare(i, 11, "{qualifier}") == 0) out += qualifier, i += 11;
    else out += pattern[i++];
  }
  return out;
}

}  // namespace

Narrator::Narrator(const Graph& g)
    : g_(g),
      at_(keyOf(g, g.meta().pointInTimeKey)),
      from_(keyOf(g, g.meta().validFromKey)),
      source_(keyOf(g, g.meta().sourceKey)) {
  for (const auto& name : g.meta().qualifierKeys)
    if (auto k = keyOf(g, name)) qualifiers_.push_back(*k);
}

std::string Narrator::timeOf(RelId r) const {
  if (auto t = calendarPointOf(relValue(r, at_))) return t->text;
  if (auto t = calendarPointOf(relValue(r, from_))) return "since " + t->text;
  return {};
}

std::optional<std::string> Narrator::qualifierOf(RelId r) const {
  for (KeyId k : qualifiers_)
    if (Value v = g_.relValue(r, k); v.isString()) return v.asString();
  return std::nullopt;
}

std::string Narrator::relDetails(RelId r) const {
  std::string time = timeOf(r);
  Value v = relValue(r, source_);
  std::string source = v.isString() ? v.asString() : std::string();
  if (time.empty() && source.empty()) return {};
  if (time.empty()) return source;
  if (source.empty()) return time;
  return time + ", " + source;
}

std::string Narrator::hopLine(NodeId from, RelId r) {
  bool forward = g_.relStart(r) == from;
  NodeId to = forward ? g_.relEnd(r) : g_.relStart(r);
  std::string label = g_.types().name(g_.rel(r).type);
  // The qualifier tells two steps of one type apart (two VIEWS_AS, two roles in one event).
  if (auto q = qualifierOf(r)) label += " as " + *q + ",";
  if (std::string d = relDetails(r); !d.empty()) label += " " + d;
  if (label.back() == ',') label.pop_back();
  return displayName(g_, from) + (forward ? " -[" : " <-[") + label + (forward ? "]-> " : "]- ") +
         displayName(g_, to);
}

std::string Narrator::pathInWords(const PathValue& p) {
  if (p.rels.empty()) return displayName(g_, p.nodes[0]) + ".";
  // Written into one string: a sentence is a few clauses per hop, and an answer's time is mostly this.
  std::string out;
  std::optional<NodeId> lastObject;
  for (RelId r : p.rels) {
    NodeId subject = g_.relStart(r), object = g_.relEnd(r);
    if (lastObject && *lastObject == subject) {
      out += ", which ";
    } else {
      if (!out.empty()) out += "; ";
      out += displayName(g_, subject);
      out += ' ';
    }
    const GraphMeta::Verb& v = g_.verbOf(g_.rel(r).type);
    std::optional<std::string> qualifier = qualifierOf(r);
    if (qualifier && !v.qualified.empty()) {
      out += expand(v.qualified, displayName(g_, object), *qualifier);
    } else {
      out += v.phrase;
      out += ' ';
      out += displayName(g_, object);
      if (qualifier) out += " as " + *qualifier;  // "took part in the visit as head of the delegation"
    }
    if (std::string d = relDetails(r); !d.empty()) out += " (" + d + ")";
    lastObject = object;
  }
  out += '.';
  return out;
}

}  // namespace kgq
