// GraphMeta: what a graph's property keys and relationship types mean to the
// question statements and the DOT writer, so that no code hard-codes them: the
// node key people read (display) and the one with other names (aliases), the
// relationship keys that bound validity in time, cite a source or qualify a step,
// and how each relationship type reads in a sentence.
//
// A graph loaded from files carries what its kgq-meta.json declares (io/graph_meta_file.h,
// docs/graph-metadata.md); every other graph carries the defaults below, which
// are the conventional keys: name, aliases, source, since, until, year, role.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kgq {

struct GraphMeta {
  // An empty key means "none": no node has aliases, no relationship cites a source, ...
  std::string displayKey = "name";
  std::string aliasKey = "aliases";
  std::string sourceKey = "source";
  // AS OF y keeps a relationship unless validFrom > y, pointInTime > y or validUntil <= y.
  std::string validFromKey = "since";
  std::string validUntilKey = "until";
  std::string pointInTimeKey = "year";
  // Relationship keys whose string value completes a qualified phrase ({qualifier}); the first present wins.
  std::vector<std::string> qualifierKeys = {"role"};

  // How a relationship type reads between its start and end node: "holds role".
  // `qualified`, when set, replaces "<phrase> <end>" if a qualifier is present:
  // "views {object} as {qualifier}".
  struct Verb {
    std::string phrase;
    std::string qualified;
    bool operator==(const Verb&) const = default;
  };
  std::map<std::string, Verb, std::less<>> verbs;  // by relationship type

  bool hasTimeKeys() const { return !validFromKey.empty() || !validUntilKey.empty() || !pointInTimeKey.empty(); }

  // The declared verb of `type`, else one derived from its name (derivedVerb).
  Verb verbFor(std::string_view type) const;

  // HOLDS_ROLE -> "holds role": the name in lower case with spaces, after "is" unless
  // its first word is a common English verb (CAPITAL_OF -> "is capital of"); a phrase
  // ending in " as" takes its complement from a qualifier (VIEWS_AS -> "views {object} as {qualifier}").
  static Verb derivedVerb(std::string_view type);

  bool operator==(const GraphMeta&) const = default;
};

}  // namespace kgq
