#include "graph/meta.h"

#include "common/strings.h"

namespace kgq {

GraphMeta::Verb GraphMeta::verbFor(std::string_view type) const {
  if (auto it = verbs.find(type); it != verbs.end()) return it->second;
  return derivedVerb(type);
}

GraphMeta::Verb GraphMeta::derivedVerb(std::string_view type) {
  std::string s = toLowerAscii(type);
  for (auto& c : s)
    if (c == '_') c = ' ';
  // A bare relation noun or preposition reads better with "is": CAPITAL_OF -> "is capital of".
  static const char* verbs[] = {"has", "holds", "is", "was", "led", "leads", "signed", "visited", "hosted",
                                "took", "participates", "cooperates", "supports", "discussed", "invokes",
                                "views", "established", "recognized", "recognised", "reciprocates", "resulted",
                                "commemorates", "strengthens", "aims", "concerns", "works", "represents",
                                "knows", "lives", "located", "opposes", "owns", "likes", "follows", "contains",
                                "includes", "uses", "borders", "belongs", "refers", "cites", "produces"};
  std::string first = s.substr(0, s.find(' '));
  bool isVerb = false;
  for (const char* v : verbs) isVerb = isVerb || first == v;
  Verb verb{isVerb ? s : "is " + s, {}};
  if (verb.phrase.ends_with(" as"))
    verb.qualified = verb.phrase.substr(0, verb.phrase.size() - 3) + " {object} as {qualifier}";
  return verb;
}

}  // namespace kgq
