// DOT through Boost's write_graphviz with our own vertex, edge and graph writers.
// A picture answers a question, so it shows what the question was about: the
// focus nodes (a path's ends, a neighbourhood's centre, CONNECT's terminals) are
// drawn bold with a double border; a neighbourhood is ranked by hop count (one
// column per distance) and a path or CONNECT tree reads from its first focus
// outwards. Each label present gets its own shape and colour (Paul Tol's
// colour-blind-safe "light" palette), explained by a small legend. Labels stay
// short: long names wrap, edges say type, year and source paragraph, and the
// role on a second line. What Graphviz 2.42 mishandles is avoided (clusters, labels
// on flat edges): io/render.cpp draws these files in-process.
// Boost's graphviz writer trips GCC's maybe-uninitialized analysis inside Boost itself.
#pragma GCC diagnostic push
#if !defined(__clang__)  // clang has no such warning (and warns that it does not know it)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/graphviz.hpp>
#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>

#include "common/calendar_point.h"
#include "common/strings.h"
#include "io/export.h"

namespace kgq {

namespace {

struct Style {
  const char* shape;
  const char* fill;
};

// Paul Tol's "light" scheme: told apart with any colour vision and dark text reads on each.
constexpr const char* kFills[] = {"#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF",
                                  "#44BB99", "#BBCC33", "#AAAA00", "#DDDDDD"};
// 16 shapes, none with a double border (that marks the focus). 16 and 9 share no factor, so the
// first 144 labels of a picture get different (shape, colour) pairs and the first 9 differ in both.
constexpr const char* kShapes[] = {"ellipse", "box",      "hexagon", "diamond", "octagon",   "house",
                                   "parallelogram", "note", "cylinder", "invhouse", "trapezium", "component",
                                   "tab",     "folder",   "box3d",   "egg"};
constexpr std::size_t kNoLabel = static_cast<std::size_t>(-1);

// A DOT file is a picture: what Graphviz cannot draw is shown, not kept. Control characters and
// bytes that are not UTF-8 become U+FFFD (a NUL would end the string inside Graphviz), and a label
// is cut at a character boundary with an ellipsis, well below Graphviz's 16 KiB token limit.
constexpr std::size_t kMaxDotLabelBytes = 2000;

std::string quoteDot(const std::string& s) {
  constexpr auto kNone = std::string::npos;
  auto badFrom = [&](std::size_t i) {
    auto at = invalidUtf8At(std::string_view(s).substr(i));
    return at ? i + *at : kNone;
  };
  std::string out = "\"";
  std::size_t bad = badFrom(0);
  for (std::size_t i = 0; i < s.size();) {
    if (out.size() > kMaxDotLabelBytes) {
      out += "\u2026";
      break;
    }
    if (i == bad) {
      out += "\uFFFD";
      bad = badFrom(++i);
      continue;
    }
    char c = s[i];
    auto u = static_cast<unsigned char>(c);
    std::size_t len = std::min<std::size_t>(u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4, s.size() - i);
    if (c == '\n') out += "\\n";
    else if (c == '\r') {
    } else if (u < 0x20 || u == 0x7F) out += "\uFFFD";
    else {
      if (c == '"' || c == '\\') out += '\\';
      out.append(s, i, len);
    }
    i += len;
  }
  return out + "\"";
}

// Characters, not bytes: a UTF-8 continuation byte does not count.
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Words onto lines of about `columns` characters, at most `maxLines` of them (the last one ends in
// an ellipsis when words are left over). A word longer than a line keeps its own line.
std::string wrap(const std::string& text, std::size_t columns, std::size_t maxLines) {
  std::vector<std::string> lines;
  std::string word;
  std::size_t i = 0;
  bool cut = false;
  auto place = [&]() {
    if (word.empty()) return;
    if (!lines.empty() && width(lines.back()) + 1 + width(word) <= columns) lines.back() += " " + word;
    else if (lines.size() < maxLines) lines.push_back(word);
    else cut = true;
    word.clear();
  };
  for (; i < text.size() && !cut; ++i) {
    if (text[i] == ' ' || text[i] == '\n') place();
    else word += text[i];
  }
  place();
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return cut ? out + " \u2026" : out;
}

std::size_t firstLabel(const Graph& g, NodeId n) {
  const auto& ls = g.node(n).labels;
  return ls.empty() ? kNoLabel : ls[0];
}

using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                       boost::property<boost::edge_index_t, std::size_t>>;

// Hop counts over the picture's own relationships (either direction) from the first focus node,
// then from the first node of each part not reached yet: a path reads from its start, a CONNECT
// tree from its first terminal, any other answer from its first node.
std::unordered_map<NodeId, int> hopsFromFocus(const Graph& g, const Subgraph& s) {
  std::unordered_map<NodeId, int> hops;
  std::unordered_map<NodeId, std::vector<NodeId>> next;
  for (RelId r : s.rels) {
    next[g.relStart(r)].push_back(g.relEnd(r));
    next[g.relEnd(r)].push_back(g.relStart(r));
  }
  std::vector<NodeId> starts(s.focus.begin(), s.focus.begin() + (s.focus.empty() ? 0 : 1));
  starts.insert(starts.end(), s.nodes.begin(), s.nodes.end());
  for (NodeId start : starts) {
    if (!hops.emplace(start, 0).second) continue;
    std::deque<NodeId> queue{start};
    while (!queue.empty()) {
      NodeId n = queue.front();
      queue.pop_front();
      for (NodeId m : next[n])
        if (hops.emplace(m, hops[n] + 1).second) queue.push_back(m);
    }
  }
  return hops;
}

}  // namespace

void writeDot(const Graph& g, const Subgraph& s, std::ostream& out, DotOptions opts) {
  std::map<NodeId, std::size_t> index;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) index[s.nodes[i]] = i;

  // Styles by the order of the labels present (unlabelled nodes last): distinct within the picture.
  std::map<std::size_t, Style> styles;
  for (NodeId n : s.nodes) styles.emplace(firstLabel(g, n), Style{});
  std::size_t k = 0;
  for (auto& [label, st] : styles) {
    st = Style{kShapes[k % std::size(kShapes)], kFills[k % std::size(kFills)]};
    ++k;
  }

  // Every edge is drawn from the node nearer the start (by hops, then by position) to the farther
  // one, with its arrow reversed where the relationship points back: `dot` then ranks each node by
  // its distance, and the drawn graph has no cycle (Graphviz 2.42's dot leaks the virtual edges it
  // makes when it breaks cycles itself).
  bool neighbourhood = !s.hops.empty();
  std::unordered_map<NodeId, int> rank;
  for (const auto& [n, d] : s.hops) rank[n] = d;
  if (!neighbourhood) rank = hopsFromFocus(g, s);
  auto before = [&](NodeId a, NodeId b) {
    return std::make_pair(rank[a], index.at(a)) < std::make_pair(rank[b], index.at(b));
  };
  DotGraph dg(s.nodes.size());
  std::vector<bool> reversed(s.rels.size());
  for (std::size_t i = 0; i < s.rels.size(); ++i) {
    NodeId a = g.relStart(s.rels[i]), b = g.relEnd(s.rels[i]);
    reversed[i] = before(b, a);
    if (reversed[i]) std::swap(a, b);
    boost::add_edge(index.at(a), index.at(b), i, dg);
  }

  auto vertexWriter = [&](std::ostream& os, std::size_t v) {
    NodeId n = s.nodes[v];
    const Style& st = styles.at(firstLabel(g, n));
    std::string name = displayName(g, n);
    std::string shown = wrap(name, 18, 3);
    os << "[label=" << quoteDot(shown) << ", shape=" << st.shape << ", fillcolor=\"" << st.fill << "\"";
    if (shown != name) os << ", tooltip=" << quoteDot(name);
    if (opts.elementIds) os << ", id=\"kgq-n" << n << "\"";
    if (std::find(s.focus.begin(), s.focus.end(), n) != s.focus.end())
      os << ", class=\"focus\", peripheries=2, penwidth=2.5, fontname=\"Helvetica-Bold\"";
    os << "]";
  };
  std::vector<KeyId> timeKeys;
  for (const std::string* name : {&g.meta().pointInTimeKey, &g.meta().validFromKey})
    if (auto key = name->empty() ? std::nullopt : g.keys().find(*name)) timeKeys.push_back(*key);
  std::optional<KeyId> sourceKey = g.meta().sourceKey.empty() ? std::nullopt : g.keys().find(g.meta().sourceKey);
  std::vector<KeyId> qualifierKeys;
  for (const auto& name : g.meta().qualifierKeys)
    if (auto key = g.keys().find(name)) qualifierKeys.push_back(*key);
  auto edgeWriter = [&](std::ostream& os, const DotGraph::edge_descriptor& e) {
    std::size_t i = boost::get(boost::edge_index, dg, e);
    RelId r = s.rels[i];
    std::string label = g.types().name(g.rel(r).type);
    for (KeyId key : timeKeys)
      if (auto t = calendarPointOf(g.relValue(r, key))) {  // 2015, 2015-06, 2015-06-01
        label += " " + t->text;
        break;
      }
    if (sourceKey)
      if (Value v = g.relValue(r, *sourceKey); v.isString() && !v.asString().empty())
        label += " " + wrap(v.asString(), 16, 1);
    for (KeyId key : qualifierKeys)  // the role on its own line: two edges of one type read apart
      if (Value v = g.relValue(r, key); v.isString()) {
        label += "\n" + wrap("as " + v.asString(), 28, 2);
        break;
      }
    NodeId a = g.relStart(r), b = g.relEnd(r);
    // A link within one distance is a "flat" edge in dot. Its label goes beside it (xlabel): a flat
    // edge with a label makes Graphviz 2.42's dot layout free one rank array twice (flat_edges).
    bool flat = neighbourhood && rank[a] == rank[b];
    os << (flat ? "[xlabel=" : "[label=") << quoteDot(label);
    if (reversed[i]) os << ", dir=back";
    if (flat) os << ", constraint=false";
    if (opts.elementIds) os << ", id=\"kgq-r" << r << "\"";
    os << "]";
  };
  auto graphWriter = [&](std::ostream& os) {
    os << "rankdir=LR;\n"
       << "nodesep=0.25;\n"
       << "node [style=filled, fontname=\"Helvetica\", fontsize=10, margin=\"0.08,0.04\"];\n"
       << "edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\", fontcolor=\"#333333\", arrowsize=0.7];\n";
    // A neighbourhood: one column per hop count.
    std::map<int, std::vector<std::size_t>> byHops;
    for (const auto& [n, d] : s.hops) byHops[d].push_back(index.at(n));
    for (auto& [d, members] : byHops) {
      std::sort(members.begin(), members.end());
      os << "{rank=same;";
      for (std::size_t v : members) os << " " << v << ";";
      os << "}\n";
    }
    if (styles.empty()) return;
    // The legend: one small node per label in a column of its own, kept in order by invisible
    // edges. Not a cluster: Graphviz 2.42's dot leaks the virtual nodes of every cluster it lays out.
    os << "subgraph legend {\nrank=same;\nnode [fontsize=8, height=0.2, width=0.3, margin=\"0.04,0.02\"];\n";
    std::size_t i = 0;
    for (const auto& [label, st] : styles)
      os << "legend_" << i++ << " [label=" << quoteDot(label == kNoLabel ? "(no label)" : g.labels().name(static_cast<LabelId>(label)))
         << ", shape=" << st.shape << ", fillcolor=\"" << st.fill << "\", class=\"legend\"];\n";
    for (std::size_t j = 1; j < i; ++j) os << "legend_" << j - 1 << " -> legend_" << j << " [style=invis];\n";
    os << "}\n";
  };
  boost::write_graphviz(out, dg, vertexWriter, edgeWriter, graphWriter);
}
#pragma GCC diagnostic pop

}  // namespace kgq
