#include "question/narrate.h"

#include "common/strings.h"
#include "question/resolve.h"

namespace kgq {

namespace {

// HOLDS_ROLE -> "holds role"; types already read as verb phrases in most schemas.
std::string verbPhrase(const std::string& type) {
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

Narrator::Narrator(const Graph& g)
    : g_(g),
      year_(g.keys().find("year")),
      since_(g.keys().find("since")),
      source_(g.keys().find("source")),
      role_(g.keys().find("role")) {}

std::string Narrator::yearOf(RelId r) const {
  if (Value v = relValue(r, year_); v.isInt()) return std::to_string(v.asInt());
  if (Value v = relValue(r, since_); v.isInt()) return "since " + std::to_string(v.asInt());
  return {};
}

const std::string& Narrator::phrase(TypeId type) {
  if (phrases_.size() <= type) phrases_.resize(type + 1);
  auto& p = phrases_[type];
  if (!p) p = verbPhrase(g_.types().name(type));
  return *p;
}

std::string Narrator::relDetails(RelId r) const {
  std::string year = yearOf(r);
  Value v = relValue(r, source_);
  std::string source = v.isString() ? v.asString() : std::string();
  if (year.empty() && source.empty()) return {};
  if (year.empty()) return source;
  if (source.empty()) return year;
  return year + ", " + source;
}

std::string Narrator::hopLine(NodeId from, RelId r) {
  bool forward = g_.relStart(r) == from;
  NodeId to = forward ? g_.relEnd(r) : g_.relStart(r);
  std::string label = g_.types().name(g_.rel(r).type);
  if (std::string d = relDetails(r); !d.empty()) label += " " + d;
  return displayName(g_, from) + (forward ? " -[" : " <-[") + label + (forward ? "]-> " : "]- ") +
         displayName(g_, to);
}

std::string Narrator::pathInWords(const PathValue& p) {
  if (p.rels.empty()) return displayName(g_, p.nodes[0]) + ".";
  std::string out;
  std::optional<NodeId> lastObject;
  for (RelId r : p.rels) {
    NodeId subject = g_.relStart(r), object = g_.relEnd(r);
    const std::string& verb = phrase(g_.rel(r).type);
    std::string clause = verb + " " + displayName(g_, object);
    // A type ending in AS takes its complement from `role`: VIEWS_AS {role: 'friendly partner'}
    // reads "views X as friendly partner".
    if (Value role = relValue(r, role_); role.isString() && verb.ends_with(" as"))
      clause = verb.substr(0, verb.size() - 3) + " " + displayName(g_, object) + " as " + role.asString();
    if (std::string d = relDetails(r); !d.empty()) clause += " (" + d + ")";
    if (lastObject && *lastObject == subject) out += ", which " + clause;
    else out += (out.empty() ? "" : "; ") + displayName(g_, subject) + " " + clause;
    lastObject = object;
  }
  return out + ".";
}

}  // namespace kgq
