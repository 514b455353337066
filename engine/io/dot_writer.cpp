// DOT through Boost's write_graphviz with our own vertex, edge and graph writers:
// shape and colour by label from a fixed palette, a legend, node labels by the
// graph's display key, edge labels with type and time (the meta's point-in-time
// key, else its valid-from key), and quoting that survives any name.
// Boost's graphviz writer trips GCC's maybe-uninitialized analysis inside Boost itself.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/graphviz.hpp>
#include <algorithm>
#include <map>

#include "common/calendar_point.h"
#include "common/strings.h"
#include "io/export.h"

namespace kgq {

namespace {

struct Style {
  const char* shape;
  const char* fill;
};

// Stable within a graph: a label's style follows its interned id, so every
// export of one graph draws a label alike. Colours and shapes cycle with
// different periods, so the first 120 labels all look different.
Style styleFor(const Graph& g, const std::string& label) {
  static const char* fills[] = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
                                "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
                                "#a6cee3", "#fb9a99", "#cab2d6", "#e5c494", "#66c2a5", "#f4cae4",
                                "#b3e2cd", "#fdcdac", "#e6f5c9", "#f1e2cc", "#cbd5e8", "#decbe4"};
  static const char* shapes[] = {"box", "ellipse", "hexagon", "octagon", "diamond"};
  auto id = g.labels().find(label).value_or(0);
  return Style{shapes[id % 5], fills[id % 24]};
}

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

std::string firstLabel(const Graph& g, NodeId n) {
  const auto& ls = g.node(n).labels;
  return ls.empty() ? std::string() : g.labels().name(ls[0]);
}

using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                       boost::property<boost::edge_index_t, std::size_t>>;

}  // namespace

void writeDot(const Graph& g, const Subgraph& s, std::ostream& out) {
  DotGraph dg(s.nodes.size());
  std::map<NodeId, std::size_t> index;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) index[s.nodes[i]] = i;
  for (std::size_t i = 0; i < s.rels.size(); ++i)
    boost::add_edge(index.at(g.relStart(s.rels[i])), index.at(g.relEnd(s.rels[i])), i, dg);

  auto vertexWriter = [&](std::ostream& os, std::size_t v) {
    NodeId n = s.nodes[v];
    Style st = styleFor(g, firstLabel(g, n));
    os << "[label=" << quoteDot(displayName(g, n)) << ", shape=" << st.shape << ", fillcolor=\"" << st.fill
       << "\"]";
  };
  std::vector<KeyId> timeKeys;
  for (const std::string* name : {&g.meta().pointInTimeKey, &g.meta().validFromKey})
    if (auto k = name->empty() ? std::nullopt : g.keys().find(*name)) timeKeys.push_back(*k);
  std::vector<KeyId> qualifierKeys;
  for (const auto& name : g.meta().qualifierKeys)
    if (auto k = g.keys().find(name)) qualifierKeys.push_back(*k);
  auto edgeWriter = [&](std::ostream& os, const DotGraph::edge_descriptor& e) {
    RelId r = s.rels[boost::get(boost::edge_index, dg, e)];
    std::string label = g.types().name(g.rel(r).type);
    for (KeyId key : timeKeys)
      if (auto t = calendarPointOf(g.relValue(r, key))) {  // 2015, 2015-06, 2015-06-01
        label += " (" + t->text + ")";
        break;
      }
    for (KeyId key : qualifierKeys)  // the role on its own line: two edges of one type read apart
      if (Value v = g.relValue(r, key); v.isString()) {
        label += "\nas " + v.asString();
        break;
      }
    os << "[label=" << quoteDot(label) << "]";
  };
  auto graphWriter = [&](std::ostream& os) {
    os << "rankdir=LR;\n"
       << "node [style=filled, fontname=\"Helvetica\", fontsize=10];\n"
       << "edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n";
    std::map<std::string, Style> used;
    for (NodeId n : s.nodes) used.emplace(firstLabel(g, n), styleFor(g, firstLabel(g, n)));
    if (used.empty()) return;
    os << "subgraph cluster_legend {\nlabel=\"Legend\";\nstyle=dashed;\n";
    std::size_t i = 0;
    for (const auto& [label, st] : used)
      os << "legend_" << i++ << " [label=" << quoteDot(label.empty() ? "(no label)" : label) << ", shape=" << st.shape
         << ", fillcolor=\"" << st.fill << "\"];\n";
    os << "}\n";
  };
  boost::write_graphviz(out, dg, vertexWriter, edgeWriter, graphWriter);
}
#pragma GCC diagnostic pop

}  // namespace kgq
