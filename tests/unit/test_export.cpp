#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "io/atomic_file.h"
#include "format/format.h"
#include "io/export.h"
#include "io/render.h"
#include "session/session.h"

namespace kgq {

void PrintTo(const Value& v, std::ostream* os) { *os << renderValue(v, Graph()); }

namespace {

namespace fs = std::filesystem;

fs::path tempDir() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("kgq_export_" + std::to_string(rd()));
  fs::create_directories(dir);
  return dir;
}

std::string readAll(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A graph whose values exercise quoting, types, lists, unicode and empty strings.
Graph trickyGraph() {
  Session s;
  s.runOne(
      "CREATE (a:Person:Author {id: 'a1', name: 'Ann \"The Pen\" O\\'Neil, Jr.', born: 1970, h: 1.5, ok: true,"
      " tags: ['x,y', 'z \"q\"'], nums: [1, 2], empty: '', note: 'line1\\nline2'}),"
      " (b:City {id: 'b2', name: 'Zürich', population: 420000, ratio: 0.1}),"
      " (c:Thing {id: 'c3', name: '<tag> & \\'amp\\''}),"
      " (a)-[:LIVES_IN {since: 1999, source: '¶3'}]->(b), (b)-[:NEAR {km: 2.5}]->(c), (c)-[:SELF]->(c)");
  return std::move(s.graph());
}

// Labels, properties and relationships compared by position: ids are reassigned on load.
void expectSameGraph(const Graph& a, const Graph& b) {
  ASSERT_EQ(a.nodeCount(), b.nodeCount());
  ASSERT_EQ(a.relCount(), b.relCount());
  auto labelsOf = [](const Graph& g, NodeId n) {
    std::vector<std::string> out;
    for (auto l : g.node(n).labels) out.push_back(g.labels().name(l));
    return out;
  };
  auto propsOf = [](const Graph& g, const PropertyMap& props) {
    std::map<std::string, Value> out;
    for (const auto& [k, v] : props) out[g.keys().name(k)] = v;
    return out;
  };
  for (NodeId n = 0; n < a.nodeCount(); ++n) {
    EXPECT_EQ(labelsOf(a, n), labelsOf(b, n)) << "node " << n;
    EXPECT_EQ(propsOf(a, a.nodeProperties(n)), propsOf(b, b.nodeProperties(n))) << "node " << n;
  }
  for (RelId r = 0; r < a.relCount(); ++r) {
    EXPECT_EQ(a.types().name(a.rel(r).type), b.types().name(b.rel(r).type));
    EXPECT_EQ(a.relStart(r), b.relStart(r));
    EXPECT_EQ(a.relEnd(r), b.relEnd(r));
    EXPECT_EQ(propsOf(a, a.relProperties(r)), propsOf(b, b.relProperties(r))) << "rel " << r;
  }
}

TEST(Export, CsvRoundTripGivesAnIdenticalGraph) {
  Graph g = trickyGraph();
  auto dir = tempDir();
  writeCsvDirectory(g, wholeGraph(g), dir / "out");
  Graph back = loadCsvDirectory(dir / "out");
  expectSameGraph(g, back);
  EXPECT_NE(readAll(dir / "out" / "nodes.csv").find("id:ID,:LABEL"), std::string::npos);
  fs::remove_all(dir);
}

// Defect 8 of issue 16: lists neo4j-admin's `a;b` cannot hold (an element with `;`, an empty
// element, an empty list, text that looks like the other form) and labels with `;` come back as they were.
TEST(Export, CsvListCellsAndLabelsThatSemicolonsCannotHoldRoundTrip) {
  Session s;
  s.runOne(
      "CREATE (:`A;B` {id: 'n1', xs: ['a;b', '', 'c'], one: [''], none: [], br: ['[\"x\"]'], ok: ['p', 'q'],"
      " nums: [1, 2]}), (:C {id: 'n2', xs: ['[x]'], br: ['[1]']})");
  auto dir = tempDir();
  writeCsvDirectory(s.graph(), wholeGraph(s.graph()), dir);
  std::string nodes = readAll(dir / "nodes.csv");
  EXPECT_NE(nodes.find("p;q"), std::string::npos) << "lists neo4j-admin can read stay in its form\n" << nodes;
  EXPECT_NE(nodes.find("1;2"), std::string::npos) << nodes;
  Graph back = loadCsvDirectory(dir);
  expectSameGraph(s.graph(), back);
  EXPECT_EQ(back.nodeValue(0, "none"), Value(ValueList{}));
  EXPECT_EQ(back.nodeValue(0, "one"), Value(ValueList{Value(std::string())}));
  EXPECT_EQ(back.labels().name(back.node(0).labels[0]), "A;B");
  fs::remove_all(dir);
}

// Defect 8 of issue 16: edges.csv failing must not leave a new nodes.csv beside the old edges.
TEST(Export, ACsvExportThatFailsOnOneFileReplacesNone) {
  Session s;
  s.runOne("CREATE (:A {id: 'a'})-[:T]->(:B {id: 'b'})");
  auto dir = tempDir();
  {
    std::ofstream(dir / "nodes.csv") << "old nodes\n";
    std::ofstream(dir / "kgq-meta.json") << "old meta\n";
  }
  fs::create_directory(dir / "edges.csv");  // cannot be replaced by a file
  EXPECT_THROW(writeCsvDirectory(s.graph(), wholeGraph(s.graph()), dir), ExportError);
  EXPECT_EQ(readAll(dir / "nodes.csv"), "old nodes\n");
  EXPECT_EQ(readAll(dir / "kgq-meta.json"), "old meta\n");
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"edges.csv", "kgq-meta.json", "nodes.csv"})) << "no temporary is left";
  fs::remove_all(dir);
}

TEST(Export, CsvWithoutIdPropertiesUsesGeneratedIdsThatAreNotStored) {
  Session s;
  s.runOne("CREATE (:A {v: 1})-[:T {w: 'x'}]->(:B {u: 2.5})");
  auto dir = tempDir();
  writeCsvDirectory(s.graph(), wholeGraph(s.graph()), dir);
  Graph back = loadCsvDirectory(dir);
  expectSameGraph(s.graph(), back);
  EXPECT_TRUE(back.nodeValue(0, "id").isNull());
  fs::remove_all(dir);
}

TEST(Export, GraphmlRoundTripGivesAnIdenticalGraph) {
  Graph g = trickyGraph();
  auto dir = tempDir();
  std::ostringstream out;
  writeGraphml(g, wholeGraph(g), out);
  writeFileAtomically(dir / "g.graphml", out.str());
  Graph back = loadGraph(dir / "g.graphml");
  expectSameGraph(g, back);
  fs::remove_all(dir);
}

TEST(Export, SubgraphOfAResultHoldsItsElementsAndTheirEnds) {
  Graph g = trickyGraph();
  Session s(std::move(g));
  auto r = s.runOne("MATCH p = (a:Person)-[:LIVES_IN]->(b) RETURN p");
  auto sub = subgraphOf(r, s.graph());
  EXPECT_EQ(sub.nodes, (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(sub.rels, (std::vector<RelId>{0}));
  auto r2 = s.runOne("MATCH ()-[r:NEAR]->() RETURN [r] AS rs");
  auto sub2 = subgraphOf(r2, s.graph());
  EXPECT_EQ(sub2.nodes, (std::vector<NodeId>{1, 2}));
}

TEST(Export, DotQuotesNamesAndHasALegend) {
  Graph g = trickyGraph();
  std::ostringstream out;
  writeDot(g, wholeGraph(g), out);
  std::string dot = out.str();
  EXPECT_NE(dot.find("digraph"), std::string::npos);
  // A long name wraps; the whole of it is the tooltip.
  EXPECT_NE(dot.find(R"x(label="Ann \"The Pen\"\nO'Neil, Jr.")x"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"x(tooltip="Ann \"The Pen\" O'Neil, Jr.")x"), std::string::npos) << dot;
  EXPECT_NE(dot.find("subgraph legend"), std::string::npos);
  EXPECT_NE(dot.find(R"x(label="LIVES_IN 1999 ¶3")x"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"x(label="Person")x"), std::string::npos);
}

TEST(Export, DotCarriesElementIdsOnlyWhenAsked) {
  Graph g = trickyGraph();
  std::ostringstream plain, withIds;
  writeDot(g, wholeGraph(g), plain);
  writeDot(g, wholeGraph(g), withIds, DotOptions{.elementIds = true});
  EXPECT_EQ(plain.str().find("kgq-"), std::string::npos);
  for (NodeId n : wholeGraph(g).nodes)
    EXPECT_NE(withIds.str().find("id=\"kgq-n" + std::to_string(n) + "\""), std::string::npos) << withIds.str();
  for (RelId r : wholeGraph(g).rels)
    EXPECT_NE(withIds.str().find("id=\"kgq-r" + std::to_string(r) + "\""), std::string::npos) << withIds.str();
  // Graphviz keeps them as the ids of the SVG groups the page's clicks land on.
  std::string svg = renderDot(withIds.str(), PictureFormat::Svg);
  EXPECT_NE(svg.find("<g id=\"kgq&#45;n0\" class=\"node"), std::string::npos) << svg;
}

TEST(Export, AFailedExportLeavesNoFileAndTheOldOneIntact) {
  auto dir = tempDir();
  writeFileAtomically(dir / "keep.dot", "old");
  EXPECT_THROW(writeFileAtomically(dir / "missing" / "x.dot", "new"), ExportError);
  EXPECT_FALSE(fs::exists(dir / "missing"));
  // A directory in the way: rename fails, the temporary is removed.
  fs::create_directories(dir / "adir" / "inner");
  EXPECT_THROW(writeFileAtomically(dir / "adir", "new"), ExportError);
  std::size_t entries = 0;
  for (auto& e : fs::directory_iterator(dir)) entries += e.path().filename().string().find(".kgq-tmp-") != std::string::npos;
  EXPECT_EQ(entries, 0u);
  EXPECT_EQ(readAll(dir / "keep.dot"), "old");
  writeFileAtomically(dir / "keep.dot", "new");
  EXPECT_EQ(readAll(dir / "keep.dot"), "new");
  fs::remove_all(dir);
}

// Issue #16: the temporary-and-rename replaced device nodes, FIFOs and symbolic
// links with regular files and reset a file's mode to 0644.
TEST(Export, AReplacedFileKeepsItsMode) {
  auto dir = tempDir();
  auto file = dir / "private.dot";
  writeFileAtomically(file, "old");
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  writeFileAtomically(file, "new");
  EXPECT_EQ(readAll(file), "new");
  EXPECT_EQ(fs::status(file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  fs::remove_all(dir);
}

TEST(Export, ASymbolicLinkStaysALinkAndItsTargetGetsTheContent) {
  auto dir = tempDir();
  writeFileAtomically(dir / "real.dot", "old");
  fs::create_symlink("real.dot", dir / "link.dot");
  writeFileAtomically(dir / "link.dot", "new");
  EXPECT_TRUE(fs::is_symlink(dir / "link.dot"));
  EXPECT_EQ(readAll(dir / "real.dot"), "new");
  // A dangling link creates the file it names.
  fs::create_symlink("later.dot", dir / "dangling.dot");
  writeFileAtomically(dir / "dangling.dot", "made");
  EXPECT_TRUE(fs::is_symlink(dir / "dangling.dot"));
  EXPECT_EQ(readAll(dir / "later.dot"), "made");
  // A loop is an error, not a crash, and leaves the links.
  fs::create_symlink("loop2", dir / "loop1");
  fs::create_symlink("loop1", dir / "loop2");
  EXPECT_THROW(writeFileAtomically(dir / "loop1", "x"), ExportError);
  EXPECT_TRUE(fs::is_symlink(dir / "loop1"));
  fs::remove_all(dir);
}

TEST(Export, AFifoIsWrittenThroughOrRefusedWithoutAReader) {
  auto dir = tempDir();
  auto fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    writeFileAtomically(fifo, "nobody reads");
    ADD_FAILURE() << "a FIFO without a reader must be refused";
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.message()).find("no reader"), std::string::npos) << e.message();
  }
  EXPECT_TRUE(fs::is_fifo(fifo));
  std::string got;
  std::thread reader([&] {
    std::ifstream in(fifo);
    std::ostringstream ss;
    ss << in.rdbuf();
    got = ss.str();
  });
  // The reader's open may not have happened yet: retry while the FIFO has none.
  bool written = false;
  for (int i = 0; i < 500 && !written; ++i) {
    try {
      writeFileAtomically(fifo, "through the pipe");
      written = true;
    } catch (const ExportError&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  reader.join();
  EXPECT_TRUE(written);
  EXPECT_EQ(got, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));
  fs::remove_all(dir);
}

TEST(Export, ACharacterDeviceIsWrittenThroughNotReplaced) {
  auto dir = tempDir();
  auto dev = dir / "null";
  // A private copy of /dev/null (mknod needs root); a regression must not replace the real one.
  if (::mknod(dev.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0) {
    fs::remove_all(dir);
    GTEST_SKIP() << "mknod needs root";
  }
  writeFileAtomically(dev, "discarded");
  EXPECT_TRUE(fs::is_character_file(dev));
  auto full = dir / "full";
  ASSERT_EQ(::mknod(full.c_str(), S_IFCHR | 0666, ::makedev(1, 7)), 0);
  EXPECT_THROW(writeFileAtomically(full, "no space"), ExportError);  // ENOSPC is reported, not success
  EXPECT_TRUE(fs::is_character_file(full));
  fs::remove_all(dir);
}

TEST(Export, GraphmlErrorsNameFileLineAndColumn) {
  auto dir = tempDir();
  writeFileAtomically(dir / "bad.graphml",
                      "<?xml version=\"1.0\"?>\n<graphml>\n<graph>\n<node id=\"a\"/>\n<edge source=\"a\" "
                      "target=\"zz\"/>\n</graph>\n</graphml>\n");
  try {
    loadGraph(dir / "bad.graphml");
    FAIL() << "expected LoadError";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.pos().line, 5);
    EXPECT_NE(e.message().find("unknown node id 'zz'"), std::string::npos);
  }
  writeFileAtomically(dir / "broken.graphml", "<graphml>\n<graph>\n<node id=\"a\">\n</graph>");
  EXPECT_THROW(loadGraph(dir / "broken.graphml"), LoadError);
  fs::remove_all(dir);
}

// Issue #16: a list of lists (and null or an object in a list) was dropped without a word,
// `[["x","y"],["z"]]` loading as []. A property cannot hold them (as in Neo4j; CREATE and SET
// refuse them too), so the loader says where and what instead.
TEST(Export, GraphmlListElementsAPropertyCannotHoldAreLoadErrors) {
  auto dir = tempDir();
  auto graphml = [&](const std::string& value) {
    writeFileAtomically(dir / "l.graphml",
                        "<?xml version=\"1.0\"?>\n<graphml>\n"
                        "<key id=\"t\" for=\"node\" attr.name=\"tags\" attr.type=\"string\" attr.list=\"string\"/>\n"
                        "<graph>\n<node id=\"a\"><data key=\"t\">[\"ok\"]</data></node>\n"
                        "<node id=\"b\">\n  <data key=\"t\">" + value + "</data>\n</node>\n</graph>\n</graphml>\n");
    try {
      loadGraph(dir / "l.graphml");
    } catch (const LoadError& e) {
      return e;
    }
    ADD_FAILURE() << "expected a LoadError for " << value;
    return LoadError("none");
  };
  auto nested = graphml("[[&quot;x&quot;,&quot;y&quot;],[&quot;z&quot;]]");
  EXPECT_EQ(nested.pos().source, (dir / "l.graphml").string());
  EXPECT_EQ(nested.pos().line, 7);
  EXPECT_EQ(nested.message(), "list attribute 'tags' holds a nested list ([\"x\",\"y\"])");
  EXPECT_NE(nested.hint().find("cannot hold a list of lists"), std::string::npos) << nested.hint();
  auto null = graphml("[&quot;x&quot;,null]");
  EXPECT_EQ(null.message(), "list attribute 'tags' holds null (null)");
  EXPECT_EQ(null.pos().line, 7);
  auto object = graphml("[{&quot;k&quot;:1}]");
  EXPECT_EQ(object.message(), "list attribute 'tags' holds an object ({\"k\":1})");
  fs::remove_all(dir);
}

TEST(Export, ExportClauseWritesTheStatementsSubgraph) {
  auto dir = tempDir();
  Session s(trickyGraph());
  auto file = (dir / "q.graphml").string();
  auto r = s.runOne("MATCH (a:Person)-[r]->(b) RETURN a, r, b EXPORT GRAPHML TO '" + file + "'");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("exported 2 nodes and 1 relationships"), std::string::npos) << r.notes[0];
  Graph back = loadGraph(file);
  EXPECT_EQ(back.nodeCount(), 2u);
  EXPECT_EQ(back.relCount(), 1u);
  fs::remove_all(dir);
}


// Every `key=value` of the DOT line that declares `id`, e.g. attributesOf(dot, "3")["shape"].
std::map<std::string, std::string> attributesOf(const std::string& dot, const std::string& id) {
  std::map<std::string, std::string> out;
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(id + "[", 0) != 0 && line.rfind(id + " [", 0) != 0) continue;
    static const std::regex attr(R"re((\w+)=("(?:[^"\\]|\\.)*"|[^,\]]+))re");
    for (std::sregex_iterator it(line.begin(), line.end(), attr), end; it != end; ++it) {
      std::string v = (*it)[2];
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      out[(*it)[1]] = v;
    }
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// centre -> a -> x, centre <- b, a -> b (a link between two neighbours), x -> y.
Graph starGraph() {
  Session s;
  s.runOne(
      "CREATE (c:Hub {name: 'Centre'}), (a:Person {name: 'A'}), (b:Issue {name: 'B'}), (x:Role {name: 'X'}),"
      " (y:Position {name: 'Y'}), (c)-[:R {year: 2015, role: 'host'}]->(a), (b)-[:R]->(c), (a)-[:L]->(b),"
      " (a)-[:R]->(x), (x)-[:R]->(y)");
  return std::move(s.graph());
}

// The answer's edges, not the invisible ones that keep the legend in order.
std::size_t edgeCount(const std::string& dot) {
  std::size_t n = 0;
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) n += line.find("->") != std::string::npos && line.find("legend_") == std::string::npos;
  return n;
}

std::string dotOf(Session& s, const std::string& query) {
  auto r = s.runOne(query);
  std::ostringstream out;
  writeDot(s.graph(), subgraphOf(r, s.graph()), out);
  return out.str();
}

TEST(Pictures, ANeighbourhoodIsRankedByDistanceWithItsCentreHighlighted) {
  Session s(starGraph());
  std::string dot = dotOf(s, "NEIGHBOURS OF Centre DEPTH 2");
  // Nodes 0..3 in the picture are Centre, A, B, X (Y is 3 hops away).
  EXPECT_EQ(attributesOf(dot, "0")["class"], "focus") << dot;
  EXPECT_EQ(attributesOf(dot, "0")["peripheries"], "2");
  EXPECT_EQ(attributesOf(dot, "0")["fontname"], "Helvetica-Bold");
  for (const char* other : {"1", "2", "3"}) EXPECT_EQ(attributesOf(dot, other).count("class"), 0u) << other;
  EXPECT_NE(dot.find("{rank=same; 0;}"), std::string::npos) << dot;
  EXPECT_NE(dot.find("{rank=same; 1; 2;}"), std::string::npos) << dot;
  EXPECT_NE(dot.find("{rank=same; 3;}"), std::string::npos) << dot;
  // Only the spokes, as NEIGHBOURS lists them: A-[:L]->B joins two neighbours.
  EXPECT_EQ(edgeCount(dot), 3u) << dot;
  EXPECT_EQ(dot.find("label=\"L"), std::string::npos) << dot;
  // B-[:R]->Centre points at the centre: drawn outwards with its arrow reversed.
  EXPECT_NE(dot.find("0->2 [label=\"R\", dir=back]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("0->1 [label=\"R 2015\\nas host\"]"), std::string::npos) << dot;

  std::string linked = dotOf(s, "NEIGHBOURS OF Centre DEPTH 2 WITH LINKS");
  EXPECT_EQ(edgeCount(linked), 4u) << linked;
  // The link joins two nodes at distance 1: beside the edge (xlabel), as Graphviz 2.42 frees a
  // flat edge's label twice.
  EXPECT_NE(linked.find("1->2 [xlabel=\"L\", constraint=false]"), std::string::npos) << linked;
}

TEST(Pictures, PathEndsAndConnectTerminalsAreHighlighted) {
  Session s(starGraph());
  std::string path = dotOf(s, "PATH FROM B TO Y");  // B <-[:L]- A -> X -> Y: picture nodes A, B, X, Y
  EXPECT_EQ(count(path, "class=\"focus\""), 2u) << path;
  EXPECT_EQ(attributesOf(path, "1")["class"], "focus") << path;  // B
  EXPECT_EQ(attributesOf(path, "3")["class"], "focus") << path;  // Y
  // The path reads from its start: A-[:L]->B is drawn from B, its arrow reversed.
  EXPECT_NE(path.find("1->0 [label=\"L\", dir=back]"), std::string::npos) << path;
  std::string tree = dotOf(s, "CONNECT Centre, X, B");
  EXPECT_EQ(count(tree, "class=\"focus\""), 3u) << tree;
  EXPECT_EQ(attributesOf(tree, "1").count("class"), 0u) << tree;  // A only joins them
  // MATCH answers have no focus.
  EXPECT_EQ(count(dotOf(s, "MATCH (a)-[r]->(b) RETURN a, r, b"), "focus"), 0u);
}

TEST(Pictures, EachLabelOfAPictureHasItsOwnShapeAndColour) {
  Session s;
  std::string create = "CREATE ";
  for (int i = 0; i < 20; ++i) create += (i ? ", " : "") + std::string("(:L") + std::to_string(i) + " {name: 'n'})";
  s.runOne(create);
  std::string dot = dotOf(s, "MATCH (n) RETURN n");
  std::set<std::string> shapes, fills;
  std::set<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < 20; ++i) {
    auto a = attributesOf(dot, "legend_" + std::to_string(i));
    ASSERT_FALSE(a.empty()) << i << dot;
    pairs.emplace(a["shape"], a["fillcolor"]);
    if (i < 9) fills.insert(a["fillcolor"]);
    if (i < 16) shapes.insert(a["shape"]);
    EXPECT_NE(a["shape"], "doublecircle");  // a double border marks the focus
  }
  EXPECT_EQ(pairs.size(), 20u);
  EXPECT_EQ(fills.size(), 9u);
  EXPECT_EQ(shapes.size(), 16u);
  // Person and Issue, Role and Position: once alike, now apart.
  Session star(starGraph());
  std::string small = dotOf(star, "MATCH (n) RETURN n");
  std::set<std::string> styles;
  for (int i = 0; i < 5; ++i) {
    auto a = attributesOf(small, "legend_" + std::to_string(i));
    styles.insert(a["shape"]);
    styles.insert(a["fillcolor"]);
  }
  EXPECT_EQ(styles.size(), 10u) << small;
}

TEST(Pictures, GraphvizRendersSvgAndPngInMemory) {
  std::string svg = renderDot("digraph { a -> b; a [class=\"focus\"] }", PictureFormat::Svg);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("class=\"node focus\""), std::string::npos) << svg;
  std::string png = renderDot("digraph { a -> b }", PictureFormat::Png);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST(Pictures, GraphvizErrorsBecomeExportErrorsAndLeaveGraphvizUsable) {
  try {
    renderDot("digraph { a -> ; }", PictureFormat::Svg);
    FAIL() << "expected ExportError";
  } catch (const ExportError& e) {
    EXPECT_NE(e.message().find("syntax error"), std::string::npos) << e.message();
    EXPECT_FALSE(e.hint().empty());
  }
  EXPECT_THROW(renderDot("", PictureFormat::Png), ExportError);
  for (int i = 0; i < 3; ++i) EXPECT_NE(renderDot("digraph { x }", PictureFormat::Svg).find("<svg"), std::string::npos);
}

TEST(Pictures, ExportSvgAndPngWriteAtomically) {
  auto dir = tempDir();
  Session s(starGraph());
  auto svg = (dir / "a.svg").string();
  auto r = s.runOne("PATH FROM B TO Y EXPORT SVG TO '" + svg + "'");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("as SVG to"), std::string::npos) << r.notes[0];
  EXPECT_NE(readAll(svg).find("<svg"), std::string::npos);
  auto png = (dir / "a.png").string();
  s.runOne("NEIGHBOURS OF Centre EXPORT PNG TO '" + png + "'");
  EXPECT_EQ(readAll(png).substr(0, 4), "\x89PNG");
  writeFileAtomically(dir / "keep.svg", "old");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(dir.c_str(), W_OK) != 0) {  // root writes anyway
    EXPECT_THROW(s.runOne("PATH FROM B TO Y EXPORT SVG TO '" + (dir / "keep.svg").string() + "'"), ExportError);
    EXPECT_EQ(readAll(dir / "keep.svg"), "old");
  }
  fs::permissions(dir, fs::perms::owner_all);
  EXPECT_THROW(s.runOne("PATH FROM B TO Y EXPORT SVG TO '" + (dir / "no" / "such.svg").string() + "'"), ExportError);
  EXPECT_FALSE(fs::exists(dir / "no"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kgq
