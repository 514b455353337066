#include "question/narrate.h"

#include "common/strings.h"
#include "question/resolve.h"

namespace kgq {

namespace {

std::string yearOf(const Graph& g, RelId r) {
  for (const char* key : {"year", "since"}) {
    Value v = g.relValue(r, key);
    if (v.isInt()) return (std::string(key) == "since" ? "since " : "") + std::to_string(v.asInt());
  }
  return {};
}

std::string sourceOf(const Graph& g, RelId r) {
  Value v = g.relValue(r, "source");
  return v.isString() ? v.asString() : std::string();
}

// HOLDS_ROLE -> "holds role"; types already read as verb phrases in most schemas.
std::string phrase(const std::string& type) {
  std::string s = toLowerAscii(type);
  for (auto& c : s)
    if (c == '_') c = ' ';
  // A bare relation noun or preposition reads better with "is": CAPITAL_OF -> "is capital of".
  static const char* verbs[] = {"has", "holds", "is", "was", "led", "leads", "signed", "visited", "hosted",
                                "took", "participates", "cooperates", "supports", "discussed", "invokes",
                                "views", "established", "recognized", "recognised", "reciprocates", "resulted",
                                "commemorates", "strengthens", "aims", "concerns", "works", "represents",
                                "knows", "lives", "located"};
  std::string first = s.substr(0, s.find(' '));
  for (const char* v : verbs)
    if (first == v) return s;
  return "is " + s;
}

}  // namespace

std::string relDetails(const Graph& g, RelId r) {
  std::string year = yearOf(g, r), source = sourceOf(g, r);
  if (year.empty() && source.empty()) return {};
  if (year.empty()) return source;
  if (source.empty()) return year;
  return year + ", " + source;
}

std::string hopLine(const Graph& g, NodeId from, RelId r) {
  bool forward = g.relStart(r) == from;
  NodeId to = forward ? g.relEnd(r) : g.relStart(r);
  std::string label = g.types().name(g.rel(r).type);
  if (std::string d = relDetails(g, r); !d.empty()) label += " " + d;
  return displayName(g, from) + (forward ? " -[" : " <-[") + label + (forward ? "]-> " : "]- ") + displayName(g, to);
}

std::string pathInWords(const Graph& g, const PathValue& p) {
  if (p.rels.empty()) return displayName(g, p.nodes[0]) + ".";
  std::string out;
  std::optional<NodeId> lastObject;
  for (std::size_t i = 0; i < p.rels.size(); ++i) {
    RelId r = p.rels[i];
    NodeId subject = g.relStart(r), object = g.relEnd(r);
    std::string verb = phrase(g.types().name(g.rel(r).type));
    std::string clause = verb + " " + displayName(g, object);
    // A type ending in AS takes its complement from `role`: VIEWS_AS {role: 'friendly partner'}
    // reads "views X as friendly partner".
    if (Value role = g.relValue(r, "role"); role.isString() && verb.ends_with(" as"))
      clause = verb.substr(0, verb.size() - 3) + " " + displayName(g, object) + " as " + role.asString();
    if (std::string d = relDetails(g, r); !d.empty()) clause += " (" + d + ")";
    if (lastObject && *lastObject == subject) out += ", which " + clause;
    else out += (out.empty() ? "" : "; ") + displayName(g, subject) + " " + clause;
    lastObject = object;
  }
  return out + ".";
}

}  // namespace kgq
