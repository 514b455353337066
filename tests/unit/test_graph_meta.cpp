// Graph metadata as data (graph/meta.h, io/graph_meta_file.h): the loaders read
// kgq-meta.json, questions and exports follow it, and without it a graph gets
// the documented defaults (docs/graph-metadata.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/errors.h"
#include "io/export.h"
#include "io/graph_meta_file.h"
#include "session/session.h"

namespace kgq {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("kgq_meta_" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A -[KNOWS]-> B -[KNOWS]-> C; the first relationship holds from 2010 by `valid_from` and
// carries a `since` of 2030 that only the default metadata would read as time.
void writeTimedGraph(const fs::path& dir) {
  write(dir / "nodes.csv", "id:ID,name\na,Alpha\nb,Beta\nc,Gamma\n");
  write(dir / "edges.csv", ":START_ID,:END_ID,:TYPE,valid_from:int,since:int\na,b,KNOWS,2010,2030\nb,c,KNOWS,,\n");
}

std::size_t rowCount(Session& s, const std::string& q) { return s.runOne(q).rows.size(); }

TEST(GraphMeta, AsOfReadsTheTimeKeyTheFileNames) {
  TempDir t;
  writeTimedGraph(t.path);
  write(t.path / kGraphMetaFile, R"({"time": {"valid_from": "valid_from"}})");
  Session s(loadCsvDirectory(t.path));
  EXPECT_EQ(s.graph().meta().validFromKey, "valid_from");
  EXPECT_EQ(s.graph().meta().validUntilKey, "") << "time members left out are none";
  EXPECT_EQ(rowCount(s, "PATH FROM Alpha TO Gamma AS OF 2009"), 0u);
  EXPECT_EQ(rowCount(s, "PATH FROM Alpha TO Gamma AS OF 2010"), 1u) << "`since` 2030 is not a time key here";
  EXPECT_EQ(s.runOne("PATH FROM Alpha TO Beta").rows[0][2], Value("Alpha knows Beta (since 2010)."));
}

TEST(GraphMeta, WithoutAFileTheDefaultsApply) {
  TempDir t;
  writeTimedGraph(t.path);
  Session s(loadCsvDirectory(t.path));
  EXPECT_EQ(s.graph().meta(), GraphMeta{});
  EXPECT_EQ(s.graph().meta().validFromKey, "since");
  EXPECT_EQ(s.graph().meta().displayKey, "name");
  // `since` (2030) is the valid-from key now; `valid_from` is a plain property.
  EXPECT_EQ(rowCount(s, "PATH FROM Alpha TO Gamma AS OF 2010"), 0u);
  EXPECT_EQ(rowCount(s, "PATH FROM Alpha TO Gamma AS OF 2030"), 1u);
  // A type without a verb reads by its derived phrase.
  EXPECT_EQ(s.runOne("PATH FROM Alpha TO Beta").rows[0][2], Value("Alpha knows Beta (since 2030)."));
}

TEST(GraphMeta, AsOfIsRefusedWhenTheGraphDeclaresNoTimeKeys) {
  TempDir t;
  writeTimedGraph(t.path);
  write(t.path / kGraphMetaFile, R"({"time": {}})");
  Session s(loadCsvDirectory(t.path));
  EXPECT_EQ(rowCount(s, "PATH FROM Alpha TO Gamma"), 1u);
  try {
    s.runOne("PATH FROM Alpha TO Gamma AS OF 2020");
    FAIL() << "AS OF without time keys must be an error";
  } catch (const SemanticError& e) {
    EXPECT_NE(e.message().find("AS OF"), std::string::npos) << e.message();
    EXPECT_NE(e.hint().find(kGraphMetaFile), std::string::npos) << e.hint();
  }
}

TEST(GraphMeta, DisplayAndAliasKeysComeFromTheFile) {
  TempDir t;
  write(t.path / "nodes.csv", "id:ID,title,other:string[],name\na,Alpha,First,Zed\nb,Beta,,\n");
  write(t.path / "edges.csv", ":START_ID,:END_ID,:TYPE\na,b,KNOWS\n");
  write(t.path / kGraphMetaFile, R"({"display": "title", "aliases": "other"})");
  Session s(loadCsvDirectory(t.path));
  EXPECT_EQ(displayName(s.graph(), 0), "Alpha");
  EXPECT_EQ(s.graph().findByName("first"), std::vector<NodeId>{0});
  EXPECT_TRUE(s.graph().findByName("zed").empty()) << "`name` is a plain property here";
  EXPECT_EQ(s.runOne("PATH FROM First TO Beta").rows[0][2], Value("Alpha knows Beta."));
}

// The loader builds the name index on another thread while the relationships load: it
// must be the index the graph would build itself, names and aliases (a list column) alike.
TEST(GraphMeta, TheNameIndexBuiltDuringTheLoadIsTheOneBuiltAfter) {
  TempDir t;
  std::string nodes = "id:ID,title,other:string[]\n", edges = ":START_ID,:END_ID,:TYPE\n";
  for (int i = 0; i < 3000; ++i) {
    nodes += "n" + std::to_string(i) + ",Title " + std::to_string(i % 997) + ",Alias " + std::to_string(i) + ";Shared\n";
    edges += "n" + std::to_string(i) + ",n" + std::to_string((i * 7 + 1) % 3000) + ",KNOWS\n";
  }
  write(t.path / "nodes.csv", nodes);
  write(t.path / "edges.csv", edges);
  write(t.path / kGraphMetaFile, R"({"display": "title", "aliases": "other"})");
  Graph g = loadCsvDirectory(t.path);
  auto entries = [](const NameIndex& names) {
    std::vector<std::pair<std::string, NodeId>> out;
    for (const auto& e : names.sorted()) out.emplace_back(std::string(e.name), e.node);
    return out;
  };
  auto during = entries(g.nameIndex());
  EXPECT_EQ(during.size(), 3000u * 3);
  EXPECT_EQ(during, entries(g.buildNameIndex()));
  EXPECT_EQ(g.findByName("shared").size(), 3000u);
  EXPECT_EQ(g.findByName("TITLE 5"), (std::vector<NodeId>{5, 1002, 1999, 2996}));
}

TEST(GraphMeta, NarrationVerbsComeFromTheFile) {
  const fs::path graph = fs::path(KGQ_SOURCE_DIR) / "graphs" / "pakistan_belarus";
  const std::string question = "PATH FROM Ryzhenkov TO 'Foreign Minister of Belarus' VIA HOLDS_ROLE";
  Session original(loadCsvDirectory(graph));
  ASSERT_EQ(original.graph().meta().verbFor("HOLDS_ROLE").phrase, "holds role");
  EXPECT_NE(original.runOne(question).rows.at(0)[2].asString().find("holds role"), std::string::npos);

  TempDir t;
  for (const char* f : {"nodes.csv", "edges.csv"}) fs::copy_file(graph / f, t.path / f);
  std::string meta = read(graph / kGraphMetaFile);
  auto at = meta.find("\"holds role\"");
  ASSERT_NE(at, std::string::npos);
  meta.replace(at, 12, "\"serves as\"");
  write(t.path / kGraphMetaFile, meta);
  Session edited(loadCsvDirectory(t.path));
  std::string words = edited.runOne(question).rows.at(0)[2].asString();
  EXPECT_NE(words.find("serves as Foreign Minister of Belarus"), std::string::npos) << words;
  EXPECT_EQ(words.find("holds role"), std::string::npos) << words;
}

GraphMeta unusualMeta() {
  GraphMeta m;
  m.displayKey = "title";
  m.aliasKey = "";
  m.sourceKey = "cite";
  m.validFromKey = "valid_from";
  m.validUntilKey = "";
  m.pointInTimeKey = "at";
  m.qualifierKeys = {"as_what", "role"};
  m.verbs["KNOWS"] = {"is acquainted with", ""};
  m.verbs["SEES_AS"] = {"sees as", "sees {object} as {qualifier}"};
  return m;
}

TEST(GraphMeta, CsvExportWritesTheFileAndAReloadKeepsIt) {
  TempDir t;
  Session s;
  s.runOne("CREATE (:P {title: 'A'})-[:KNOWS {at: 2001}]->(:P {title: 'B'})");
  s.graph().setMeta(unusualMeta());
  s.runOne("MATCH (n) RETURN n EXPORT CSV TO '" + (t.path / "out").string() + "'");
  ASSERT_TRUE(fs::exists(t.path / "out" / kGraphMetaFile));
  Graph back = loadCsvDirectory(t.path / "out");
  EXPECT_EQ(back.meta(), unusualMeta());
  EXPECT_EQ(displayName(back, 0), "A");
}

TEST(GraphMeta, GraphmlExportWritesASiblingFileThatTheLoaderReads) {
  TempDir t;
  Graph g;
  g.addNode({}, {{g.keys().intern("title"), Value("A")}});
  g.setMeta(unusualMeta());
  auto file = t.path / "g.graphml";
  exportSubgraph(g, Subgraph{{0}, {}, {}, {}}, ast::ExportFormat::GraphML, file.string());
  ASSERT_TRUE(fs::exists(t.path / (std::string("g.graphml.") + kGraphMetaFile)));
  EXPECT_EQ(loadGraph(file).meta(), unusualMeta());
}

TEST(GraphMeta, TheJsonFormReadsBackAsWritten) {
  EXPECT_EQ(parseGraphMeta(graphMetaJson(unusualMeta()), "m.json"), unusualMeta());
  EXPECT_EQ(parseGraphMeta(graphMetaJson(GraphMeta{}), "m.json"), GraphMeta{});
  EXPECT_EQ(parseGraphMeta("{}", "m.json"), GraphMeta{}) << "fields left out keep their defaults";
}

TEST(GraphMeta, MalformedFilesAreLoadErrorsWithAPlace) {
  auto error = [](const std::string& text) {
    try {
      parseGraphMeta(text, "m.json");
    } catch (const LoadError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << text;
    return LoadError("");
  };
  LoadError syntax = error("{\n  \"display\": \"name\",\n  oops\n}");
  EXPECT_EQ(syntax.pos().source, "m.json");
  EXPECT_EQ(syntax.pos().line, 3);
  EXPECT_NE(error(R"({"tiem": {}})").message().find("unknown field 'tiem'"), std::string::npos);
  EXPECT_NE(error(R"({"time": {"since": "since"}})").message().find("unknown field 'since' in time"), std::string::npos);
  EXPECT_NE(error(R"({"display": null})").message().find("display"), std::string::npos);
  EXPECT_NE(error(R"({"verbs": {"R": 3}})").message().find("verbs.R"), std::string::npos);
  EXPECT_NE(error(R"([1])").message().find("object"), std::string::npos);
}

TEST(GraphMeta, DerivedVerbsReadAsTheyDidWhenCodeChoseThem) {
  EXPECT_EQ(GraphMeta::derivedVerb("HOLDS_ROLE").phrase, "holds role");
  EXPECT_EQ(GraphMeta::derivedVerb("CAPITAL_OF").phrase, "is capital of");
  EXPECT_EQ(GraphMeta::derivedVerb("OPPOSES").phrase, "opposes");  // the bench's kg graph
  EXPECT_EQ(GraphMeta::derivedVerb("VIEWS_AS"), (GraphMeta::Verb{"views as", "views {object} as {qualifier}"}));
  GraphMeta m;
  m.verbs["CAPITAL_OF"] = {"is the capital city of", ""};
  EXPECT_EQ(m.verbFor("CAPITAL_OF").phrase, "is the capital city of");
  EXPECT_EQ(m.verbFor("LIVES_IN").phrase, "lives in");
}

}  // namespace
}  // namespace kgq
