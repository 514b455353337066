#include "io/csv_loader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"

namespace kgq {
namespace {

namespace fs = std::filesystem;

const fs::path kData = KGQ_TEST_DATA;

// A scratch directory for fixtures that are clearer next to their assertions.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("kgq_csv_loader_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& content) const {
    auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  fs::path path_;
};

template <typename F>
LoadError loadError(F&& load) {
  try {
    load();
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a LoadError";
  return LoadError("no error");
}

LoadError dirError(const fs::path& dir, const LoadOptions& opts = {}) {
  return loadError([&] { loadCsvDirectory(dir, opts); });
}

// Writes nodes.csv (and edges.csv unless null) into a fresh directory and
// returns the error of loading it.
LoadError csvError(const std::string& nodes, const char* edges, const LoadOptions& opts, TempDir& dir) {
  dir.write("nodes.csv", nodes);
  if (edges) dir.write("edges.csv", edges);
  return dirError(dir.path(), opts);
}

#define EXPECT_AT(error, file, lineNo, columnNo)            \
  do {                                                      \
    EXPECT_EQ((error).pos().source, (file).string());       \
    EXPECT_EQ((error).pos().line, lineNo);                  \
    EXPECT_EQ((error).pos().column, columnNo);              \
  } while (0)

#define EXPECT_MESSAGE_HAS(error, part) \
  EXPECT_NE((error).message().find(part), std::string::npos) << "message: " << (error).message()

Value prop(const Graph& g, NodeId n, std::string_view key) { return g.nodeValue(n, key); }

Value relProp(const Graph& g, RelId r, std::string_view key) { return g.relValue(r, key); }

std::vector<std::string> labelsOf(const Graph& g, NodeId n) {
  std::vector<std::string> out;
  for (auto l : g.node(n).labels) out.push_back(g.labels().name(l));
  return out;
}

std::size_t countLabel(const Graph& g, std::string_view label) {
  auto id = g.labels().find(label);
  return id ? g.nodesWithLabel(*id).size() : 0;
}

std::size_t countType(const Graph& g, std::string_view type) {
  auto id = g.types().find(type);
  return id ? g.relsWithType(*id).size() : 0;
}

std::string typeOf(const Graph& g, RelId r) { return g.types().name(g.rel(r).type); }

// --- the committed tiny graph -------------------------------------------------

TEST(CsvLoader, TinyGraphCounts) {
  Graph g = loadCsvDirectory(kData / "tiny");
  EXPECT_EQ(g.nodeCount(), 6u);
  EXPECT_EQ(g.relCount(), 7u);
  EXPECT_EQ(countLabel(g, "Person"), 3u);
  EXPECT_EQ(countLabel(g, "Employee"), 1u);
  EXPECT_EQ(countLabel(g, "Country"), 1u);
  EXPECT_EQ(countLabel(g, "City"), 2u);
  EXPECT_EQ(g.labels().size(), 4u);
  EXPECT_EQ(countType(g, "KNOWS"), 2u);
  EXPECT_EQ(countType(g, "LIVES_IN"), 3u);
  EXPECT_EQ(countType(g, "LOCATED_IN"), 2u);
  EXPECT_EQ(g.types().size(), 3u);
}

TEST(CsvLoader, TinyGraphProperties) {
  Graph g = loadCsvDirectory(kData / "tiny");
  // Nodes keep file order: alice, bob, carol, france, paris, lyon.
  EXPECT_EQ(prop(g, 0, "id"), Value("alice"));
  EXPECT_EQ(prop(g, 0, "name"), Value("Alice"));
  EXPECT_EQ(prop(g, 0, "born"), Value(std::int64_t{1990}));
  EXPECT_EQ(prop(g, 0, "height"), Value(1.68));
  EXPECT_EQ(prop(g, 0, "aliases"), Value(ValueList{"Ali", "Al"}));
  EXPECT_TRUE(prop(g, 0, "population").isNull());
  EXPECT_EQ(g.nodeProperties(0).size(), 5u);  // id, name, born, height, aliases
  EXPECT_EQ(labelsOf(g, 1), (std::vector<std::string>{"Person", "Employee"}));
  EXPECT_EQ(prop(g, 2, "name"), Value("Carol \"CJ\" Jones, Jr."));
  EXPECT_TRUE(prop(g, 2, "height").isNull());
  EXPECT_EQ(prop(g, 3, "aliases"), Value(ValueList{"République française"}));
  EXPECT_EQ(prop(g, 3, "population"), Value(std::int64_t{67750000}));
  EXPECT_EQ(prop(g, 4, "capital"), Value(true));
  EXPECT_EQ(prop(g, 5, "capital"), Value(false));
  EXPECT_EQ(labelsOf(g, 5), (std::vector<std::string>{"City"}));
}

TEST(CsvLoader, TinyGraphRelationships) {
  Graph g = loadCsvDirectory(kData / "tiny");
  EXPECT_EQ(g.relStart(0), 0u);
  EXPECT_EQ(g.relEnd(0), 1u);
  EXPECT_EQ(typeOf(g, 0), "KNOWS");
  EXPECT_EQ(relProp(g, 0, "since"), Value(std::int64_t{2010}));
  EXPECT_EQ(relProp(g, 0, "weight"), Value(0.9));
  EXPECT_TRUE(relProp(g, 1, "weight").isNull());
  EXPECT_EQ(typeOf(g, 5), "LOCATED_IN");
  EXPECT_EQ(g.relStart(5), 4u);
  EXPECT_EQ(g.relEnd(5), 3u);
  EXPECT_TRUE(g.relProperties(6).empty());
}

TEST(CsvLoader, TinyGraphNameLookup) {
  Graph g = loadCsvDirectory(kData / "tiny");
  EXPECT_EQ(g.findByName("ALICE"), std::vector<NodeId>{0});
  EXPECT_EQ(g.findByName("al"), std::vector<NodeId>{0});  // an alias
  EXPECT_EQ(g.findByName("carol \"cj\" jones, jr."), std::vector<NodeId>{2});
  EXPECT_EQ(g.findByName("city of light"), std::vector<NodeId>{4});
  EXPECT_EQ(g.findByName("République française"), std::vector<NodeId>{3});
  EXPECT_TRUE(g.findByName("nobody").empty());
}

TEST(CsvLoader, ExplicitFilesWithoutEdges) {
  Graph g = loadCsvFiles(kData / "tiny" / "nodes.csv", {});
  EXPECT_EQ(g.nodeCount(), 6u);
  EXPECT_EQ(g.relCount(), 0u);
}

TEST(CsvLoader, DirectoryWithoutEdgesFile) {
  TempDir dir;
  dir.write("nodes.csv", "id:ID\na\nb\n");
  Graph g = loadCsvDirectory(dir.path());
  EXPECT_EQ(g.nodeCount(), 2u);
  EXPECT_EQ(g.relCount(), 0u);
}

TEST(CsvLoader, HeaderOnlyFilesGiveAnEmptyGraph) {
  TempDir dir;
  dir.write("nodes.csv", "id:ID,name\n");
  dir.write("edges.csv", ":START_ID,:END_ID,:TYPE\n");
  Graph g = loadCsvDirectory(dir.path());
  EXPECT_EQ(g.nodeCount(), 0u);
  EXPECT_EQ(g.relCount(), 0u);
}

// --- every feature, in every line ending and with or without a BOM ------------

const std::string kFeatureNodes =
    "uid:ID(Thing),:LABEL,name,nick:string,age:int,big:long,small:short,tiny:byte,score:float,ratio:double,"
    "ok:boolean,initial:char,tags:string[],nums:int[],vals:double[],flags:boolean[],note,:IGNORE,more:LABEL\n"
    "1,A;B,First,\"\",42,-9223372036854775808,-7,+5,1.5,-2.5e-3,TRUE,x,a;b;c,1;-2;3,0.5;1e3,true;False,"
    "\"comma, \"\"quoted\"\"\nnewline\",ignored,C;A\n"
    "2,B,\"Second\",,,9223372036854775807,,,,,false,,\"\",,,,plain,,\n"
    "\n"
    "3,,Third,n3, 7 ,,,,-inf,1E+2,False,,;only,,,,,whatever,\n";

const std::string kFeatureEdges =
    ":TYPE,:START_ID(Thing),w:float,:END_ID(Thing),:IGNORE,tags:string[]\n"
    "REL,1,0.5,2,zzz,x;y\n"
    "REL,2,,3,,\n"
    "OTHER,3,,1,,\n"
    "\"SELF\",1,,1,,\n";

struct Variant {
  bool crlf;
  bool bom;
  LoadOptions::IdType idType;
};

std::string render(const std::string& lf, const Variant& v) {
  std::string out = v.bom ? "\xEF\xBB\xBF" : "";
  for (char c : lf) out += c == '\n' && v.crlf ? std::string("\r\n") : std::string(1, c);
  return out;
}

class CsvLoaderFeatures : public ::testing::TestWithParam<Variant> {};

TEST_P(CsvLoaderFeatures, EveryColumnKind) {
  const Variant v = GetParam();
  TempDir dir;
  dir.write("nodes.csv", render(kFeatureNodes, v));
  dir.write("edges.csv", render(kFeatureEdges, v));
  LoadOptions opts;
  opts.idType = v.idType;
  Graph g = loadCsvDirectory(dir.path(), opts);

  ASSERT_EQ(g.nodeCount(), 3u);
  bool integer = v.idType == LoadOptions::IdType::Integer;
  EXPECT_EQ(prop(g, 0, "uid"), integer ? Value(std::int64_t{1}) : Value("1"));
  EXPECT_EQ(labelsOf(g, 0), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(prop(g, 0, "name"), Value("First"));
  EXPECT_EQ(prop(g, 0, "nick"), Value(""));
  EXPECT_EQ(prop(g, 0, "age"), Value(std::int64_t{42}));
  EXPECT_EQ(prop(g, 0, "big"), Value(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(prop(g, 0, "small"), Value(std::int64_t{-7}));
  EXPECT_EQ(prop(g, 0, "tiny"), Value(std::int64_t{5}));
  EXPECT_EQ(prop(g, 0, "score"), Value(1.5));
  EXPECT_EQ(prop(g, 0, "ratio"), Value(-2.5e-3));
  EXPECT_EQ(prop(g, 0, "ok"), Value(true));
  EXPECT_EQ(prop(g, 0, "initial"), Value("x"));
  EXPECT_EQ(prop(g, 0, "tags"), Value(ValueList{"a", "b", "c"}));
  EXPECT_EQ(prop(g, 0, "nums"), Value(ValueList{std::int64_t{1}, std::int64_t{-2}, std::int64_t{3}}));
  EXPECT_EQ(prop(g, 0, "vals"), Value(ValueList{0.5, 1000.0}));
  EXPECT_EQ(prop(g, 0, "flags"), Value(ValueList{true, false}));
  std::string newline = v.crlf ? "\r\n" : "\n";  // quoted data is kept verbatim
  EXPECT_EQ(prop(g, 0, "note"), Value("comma, \"quoted\"" + newline + "newline"));
  EXPECT_EQ(g.nodeProperties(0).size(), 16u);  // every column but :LABEL, :IGNORE and more:LABEL
  EXPECT_EQ(g.keys().find("more"), std::nullopt);

  EXPECT_EQ(labelsOf(g, 1), (std::vector<std::string>{"B"}));
  EXPECT_EQ(prop(g, 1, "name"), Value("Second"));
  EXPECT_TRUE(prop(g, 1, "nick").isNull());  // unquoted empty: absent
  EXPECT_TRUE(prop(g, 1, "age").isNull());
  EXPECT_EQ(prop(g, 1, "big"), Value(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(prop(g, 1, "ok"), Value(false));
  EXPECT_TRUE(prop(g, 1, "tags").isNull());  // an empty array cell is absent, quoted or not
  EXPECT_EQ(prop(g, 1, "note"), Value("plain"));
  EXPECT_EQ(g.nodeProperties(1).size(), 5u);  // uid, name, big, ok, note

  EXPECT_TRUE(labelsOf(g, 2).empty());
  EXPECT_EQ(prop(g, 2, "nick"), Value("n3"));
  EXPECT_EQ(prop(g, 2, "age"), Value(std::int64_t{7}));  // blanks around numbers are fine
  EXPECT_EQ(prop(g, 2, "score"), Value(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(prop(g, 2, "ratio"), Value(100.0));
  EXPECT_EQ(prop(g, 2, "ok"), Value(false));
  EXPECT_EQ(prop(g, 2, "tags"), Value(ValueList{"", "only"}));

  ASSERT_EQ(g.relCount(), 4u);
  EXPECT_EQ(typeOf(g, 0), "REL");
  EXPECT_EQ(g.relStart(0), 0u);
  EXPECT_EQ(g.relEnd(0), 1u);
  EXPECT_EQ(relProp(g, 0, "w"), Value(0.5));
  EXPECT_EQ(relProp(g, 0, "tags"), Value(ValueList{"x", "y"}));
  EXPECT_TRUE(g.relProperties(1).empty());
  EXPECT_EQ(typeOf(g, 2), "OTHER");
  EXPECT_EQ(g.relStart(2), 2u);
  EXPECT_EQ(g.relEnd(2), 0u);
  EXPECT_EQ(typeOf(g, 3), "SELF");
  EXPECT_EQ(g.relStart(3), g.relEnd(3));
  EXPECT_EQ(countType(g, "REL"), 2u);
}

std::string variantName(const ::testing::TestParamInfo<Variant>& info) {
  const Variant& v = info.param;
  return std::string(v.crlf ? "Crlf" : "Lf") + (v.bom ? "Bom" : "") +
         (v.idType == LoadOptions::IdType::Integer ? "IntegerIds" : "StringIds");
}

INSTANTIATE_TEST_SUITE_P(LineEndingsBomAndIdTypes, CsvLoaderFeatures,
                         ::testing::Values(Variant{false, false, LoadOptions::IdType::String},
                                           Variant{true, false, LoadOptions::IdType::String},
                                           Variant{false, true, LoadOptions::IdType::String},
                                           Variant{true, true, LoadOptions::IdType::String},
                                           Variant{false, false, LoadOptions::IdType::Integer},
                                           Variant{true, true, LoadOptions::IdType::Integer}),
                         variantName);

TEST(CsvLoader, IntegerIdsCompareAsNumbers) {
  TempDir dir;
  dir.write("nodes.csv", "id:ID\n7\n42\n");
  dir.write("edges.csv", ":START_ID,:END_ID,:TYPE\n007,+42,R\n");
  LoadOptions opts;
  opts.idType = LoadOptions::IdType::Integer;
  Graph g = loadCsvDirectory(dir.path(), opts);
  ASSERT_EQ(g.relCount(), 1u);
  EXPECT_EQ(g.relStart(0), 0u);
  EXPECT_EQ(g.relEnd(0), 1u);
  EXPECT_EQ(prop(g, 0, "id"), Value(std::int64_t{7}));
}

TEST(CsvLoader, UnnamedIdIsNotStored) {
  TempDir dir;
  dir.write("nodes.csv", ":ID,name\nx,X\n");
  Graph g = loadCsvDirectory(dir.path());
  EXPECT_EQ(g.nodeProperties(0).size(), 1u);
  EXPECT_EQ(prop(g, 0, "name"), Value("X"));
}

TEST(CsvLoader, CustomArrayDelimiter) {
  TempDir dir;
  dir.write("nodes.csv", "id:ID,:LABEL,tags:string[]\nx,A|B,p|q;r\n");
  LoadOptions opts;
  opts.arrayDelimiter = '|';
  Graph g = loadCsvDirectory(dir.path(), opts);
  EXPECT_EQ(labelsOf(g, 0), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(prop(g, 0, "tags"), Value(ValueList{"p", "q;r"}));
}

TEST(CsvLoader, TemporalColumnsAsNeo4jAdminTypesThem) {
  TempDir dir;
  dir.write("nodes.csv",
            "id:ID,d:date,lt:localtime,t:time,ldt:localdatetime,dt:datetime,p:duration,ds:date[]\n"
            "x,2015-07-21,21:40:32.142,21:40+01:00,2015-07-21T21:40,2015-07-21T21:40[Europe/Minsk],P1Y2M,"
            "2015-07-21;1991-12\n"
            "y,,,,,,,\n");
  Graph g = loadCsvDirectory(dir.path());
  EXPECT_EQ(prop(g, 0, "d"), Value(parseDate("2015-07-21")));
  EXPECT_EQ(prop(g, 0, "lt"), Value(parseLocalTime("21:40:32.142")));
  EXPECT_EQ(prop(g, 0, "t"), Value(parseTime("21:40+01:00")));
  EXPECT_EQ(prop(g, 0, "ldt"), Value(parseLocalDateTime("2015-07-21T21:40")));
  EXPECT_EQ(temporalText(prop(g, 0, "dt")), "2015-07-21T21:40+03:00[Europe/Minsk]");
  EXPECT_EQ(prop(g, 0, "p"), Value(parseDuration("P14M")));
  EXPECT_EQ(prop(g, 0, "ds"), Value(ValueList{Value(parseDate("2015-07-21")), Value(parseDate("1991-12-01"))}));
  EXPECT_TRUE(prop(g, 1, "d").isNull());  // an empty cell is no property, as for the other types
}

TEST(CsvLoader, FailedLoadLeavesTheCurrentGraphAlone) {
  Graph current = loadCsvDirectory(kData / "tiny");
  EXPECT_THROW(current = loadCsvDirectory(kData / "bad" / "unknown_end_id"), LoadError);
  EXPECT_EQ(current.nodeCount(), 6u);
  EXPECT_EQ(current.relCount(), 7u);
}

// --- committed bad fixtures (also used by the end-to-end tests) ---------------

TEST(CsvLoaderErrors, CommittedBadInt) {
  auto dir = kData / "bad" / "bad_int";
  auto e = dirError(dir);
  EXPECT_AT(e, dir / "nodes.csv", 7, 3);
  EXPECT_EQ(e.message(), "cannot read 'abc' as int for column 'year:int'");
  EXPECT_EQ(e.render(), "LoadError: " + (dir / "nodes.csv").string() +
                            ":7:3: cannot read 'abc' as int for column 'year:int'");
}

TEST(CsvLoaderErrors, CommittedUnknownEndId) {
  auto dir = kData / "bad" / "unknown_end_id";
  auto e = dirError(dir);
  EXPECT_AT(e, dir / "edges.csv", 12, 2);
  EXPECT_EQ(e.message(), "unknown node id 'xyz' in :END_ID");
}

TEST(CsvLoaderErrors, CommittedUnknownType) {
  auto dir = kData / "bad" / "unknown_type";
  auto e = dirError(dir);
  EXPECT_AT(e, dir / "nodes.csv", 1, 3);
  EXPECT_MESSAGE_HAS(e, "unknown type 'foo' in column 3 'x:foo'; expected int, long, short, byte, float, double, "
                        "boolean, string, char, date, localtime, time, localdatetime, datetime, duration, an array type[]");
}

TEST(CsvLoaderErrors, CommittedUnterminatedQuote) {
  auto dir = kData / "bad" / "unterminated_quote";
  auto e = dirError(dir);
  EXPECT_AT(e, dir / "nodes.csv", 4, 2);
  EXPECT_MESSAGE_HAS(e, "unterminated quoted field starting on line 4");
}

TEST(CsvLoaderErrors, CommittedDirectoryWithoutNodes) {
  auto dir = kData / "bad" / "no_nodes";
  auto e = dirError(dir);
  EXPECT_AT(e, dir, 0, 0);
  EXPECT_EQ(e.message(), "no nodes.csv in this directory");
  EXPECT_FALSE(e.hint().empty());
}

// --- header errors ----------------------------------------------------------

TEST(CsvLoaderErrors, UnknownTypeInEdgesHeader) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,:END_ID,:TYPE,w:decimal\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 4);
  EXPECT_MESSAGE_HAS(e, "unknown type 'decimal' in column 4 'w:decimal'");
  EXPECT_MESSAGE_HAS(e, "START_ID, END_ID, TYPE, IGNORE");
}

TEST(CsvLoaderErrors, PointTypeGetsAHint) {
  TempDir dir;
  auto e = csvError("id:ID,at:point\na,x\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, "unknown type 'point'");
  EXPECT_NE(e.hint().find("point"), std::string::npos);
}

TEST(CsvLoaderErrors, BadTemporalCellNamesLineColumnAndWhy) {
  TempDir dir;
  auto e = csvError("id:ID,born:date\na,2000-01-01\nb,2000-02-30\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 3, 2);
  EXPECT_MESSAGE_HAS(e, "'2000-02-30' as date for column 'born:date'");
  EXPECT_MESSAGE_HAS(e, "February 2000 has 29 days");
  EXPECT_FALSE(e.hint().empty());
  auto zone = csvError("id:ID,at:datetime[]\na,2000-01-01T12:00Z;2000-01-01T12:00[Mars/Base]\n", nullptr, {}, dir);
  EXPECT_AT(zone, dir.path() / "nodes.csv", 2, 2);
  EXPECT_MESSAGE_HAS(zone, "(element 2 of");
  EXPECT_MESSAGE_HAS(zone, "unknown time zone 'Mars/Base'");
}

TEST(CsvLoaderErrors, UnknownArrayElementType) {
  TempDir dir;
  auto e = csvError("id:ID,x:foo[]\na,1\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, "unknown type 'foo[]' in column 2 'x:foo[]'");
}

TEST(CsvLoaderErrors, NodesWithoutIdColumn) {
  TempDir dir;
  auto e = csvError("name,:LABEL\nx,A\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 1);
  EXPECT_MESSAGE_HAS(e, "no :ID column");
}

TEST(CsvLoaderErrors, EdgesWithoutMandatoryColumnsNamesThem) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,since:int\na,1\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 1);
  EXPECT_MESSAGE_HAS(e, "has no :END_ID, :TYPE column");
}

TEST(CsvLoaderErrors, EdgesWithoutAnyMandatoryColumn) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", "from,to,kind\na,a,R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 1);
  EXPECT_MESSAGE_HAS(e, "has no :START_ID, :END_ID, :TYPE column");
}

TEST(CsvLoaderErrors, SecondIdColumn) {
  TempDir dir;
  auto e = csvError("id:ID,other:ID\na,b\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, "second :ID column 2 'other:ID' (the first is column 1 'id:ID')");
}

TEST(CsvLoaderErrors, SecondTypeColumn) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,:END_ID,:TYPE,:TYPE\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 4);
  EXPECT_MESSAGE_HAS(e, "second :TYPE");
}

TEST(CsvLoaderErrors, RelationshipColumnInNodesFile) {
  TempDir dir;
  auto e = csvError("id:ID,:START_ID\na,b\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, ":START_ID column 2 ':START_ID' is not allowed in a nodes file");
}

TEST(CsvLoaderErrors, LabelColumnInEdgesFile) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,:END_ID,:TYPE,:LABEL\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 4);
  EXPECT_MESSAGE_HAS(e, "not allowed in a relationships file");
}

TEST(CsvLoaderErrors, DuplicatePropertyColumn) {
  TempDir dir;
  auto e = csvError("id:ID,name,name:string\na,b,c\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 3);
  EXPECT_MESSAGE_HAS(e, "duplicate property 'name' in column 3 'name:string' (also in column 2 'name')");
}

TEST(CsvLoaderErrors, PropertyColumnWithoutName) {
  TempDir dir;
  auto e = csvError("id:ID,:int\na,1\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, "has no name");
}

TEST(CsvLoaderErrors, GroupOnPropertyColumn) {
  TempDir dir;
  auto e = csvError("id:ID,n:int(G)\na,1\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, "an ID group is only allowed on :ID, :START_ID and :END_ID");
}

TEST(CsvLoaderErrors, EmptyGroupName) {
  TempDir dir;
  auto e = csvError("id:ID()\na\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 1);
  EXPECT_MESSAGE_HAS(e, "empty ID group name");
}

TEST(CsvLoaderErrors, EdgesUseAnUnknownIdGroup) {
  TempDir dir;
  auto e = csvError("id:ID(Person)\na\n", ":START_ID(Person),:END_ID(Movie),:TYPE\na,a,R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 2);
  EXPECT_MESSAGE_HAS(e, "unknown ID group 'Movie' in column 2 ':END_ID(Movie)'");
  EXPECT_MESSAGE_HAS(e, "defines ID group 'Person'");
}

TEST(CsvLoaderErrors, EdgesUseTheGlobalGroupButNodesHaveOne) {
  TempDir dir;
  auto e = csvError("id:ID(Person)\na\n", ":START_ID,:END_ID(Person),:TYPE\na,a,R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 1);
  EXPECT_MESSAGE_HAS(e, "the global ID group in column 1 ':START_ID'");
}

// --- row errors -------------------------------------------------------------

TEST(CsvLoaderErrors, TooFewFields) {
  TempDir dir;
  auto e = csvError("id:ID,name,year:int\na,A,1\nb\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 3, 2);
  EXPECT_MESSAGE_HAS(e, "expected 3 fields as in the header, got 1: column 2 'name' is missing");
}

TEST(CsvLoaderErrors, TooManyFields) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,:END_ID,:TYPE\na,a,R,extra\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 2, 4);
  EXPECT_MESSAGE_HAS(e, "expected 3 fields as in the header, got 4");
  EXPECT_NE(e.hint().find("quote"), std::string::npos);
}

TEST(CsvLoaderErrors, LineNumberCountsNewlinesInQuotedFields) {
  TempDir dir;
  auto e = csvError("id:ID,note,year:int\r\na,\"two\r\nlines\",1\r\n\r\nb,\"x\",y2k\r\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 5, 3);
  EXPECT_EQ(e.message(), "cannot read 'y2k' as int for column 'year:int'");
}

TEST(CsvLoaderErrors, BadFloat) {
  TempDir dir;
  auto e = csvError("id:ID,h:float\na,1.2.3\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_EQ(e.message(), "cannot read '1.2.3' as float for column 'h:float'");
}

TEST(CsvLoaderErrors, FloatOutOfRange) {
  TempDir dir;
  auto e = csvError("id:ID,h:double\na,1e400\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_MESSAGE_HAS(e, "out of the double range");
}

TEST(CsvLoaderErrors, BadBoolean) {
  TempDir dir;
  auto e = csvError("id:ID,ok:boolean\na,yes\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_EQ(e.message(), "cannot read 'yes' as boolean for column 'ok:boolean'; expected true or false");
}

// Issue #16: short, byte and char were not range-checked.
TEST(CsvLoaderErrors, ShortByteAndCharAreRangeChecked) {
  TempDir dir;
  auto e = csvError("id:ID,n:short\na,32768\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_EQ(e.message(), "cannot read '32768' as short for column 'n:short': out of the 16-bit integer range "
                         "(-32768..32767)");
  e = csvError("id:ID,n:byte[]\na,1;-129\n", nullptr, {}, dir);
  EXPECT_EQ(e.message(), "cannot read '-129' (element 2 of '1;-129') as byte for column 'n:byte[]': out of the "
                         "8-bit integer range (-128..127)");
  e = csvError("id:ID,c:char\na,ab\n", nullptr, {}, dir);
  EXPECT_EQ(e.message(), "cannot read 'ab' as char for column 'c:char': a char is exactly one character (use string)");
  TempDir ok;
  ok.write("nodes.csv", "id:ID,s:short,b:byte,c:char\na,-32768,127,\u00e9\n");
  EXPECT_EQ(loadCsvDirectory(ok.path()).nodeCount(), 1u);
}

TEST(CsvLoaderErrors, IntegerOutOfRange) {
  TempDir dir;
  auto e = csvError("id:ID,n:long\na,9223372036854775808\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_EQ(e.message(),
            "cannot read '9223372036854775808' as long for column 'n:long': out of the 64-bit integer range");
}

TEST(CsvLoaderErrors, BadArrayElement) {
  TempDir dir;
  auto e = csvError("id:ID,nums:int[]\na,1;x;3\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_EQ(e.message(), "cannot read 'x' (element 2 of '1;x;3') as int for column 'nums:int[]'");
}

TEST(CsvLoaderErrors, BadEdgeProperty) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,:END_ID,:TYPE,since:int\na,a,R,1\na,a,R,soon\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 3, 4);
  EXPECT_EQ(e.message(), "cannot read 'soon' as int for column 'since:int'");
}

TEST(CsvLoaderErrors, DuplicateNodeIdNamesBothLines) {
  TempDir dir;
  auto e = csvError("id:ID,note\np1,\"multi\nline\"\n\np2,x\np1,again\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 6, 1);
  EXPECT_EQ(e.message(), "duplicate node id 'p1' in column 1 'id:ID': already defined on line 2");
}

TEST(CsvLoaderErrors, DuplicateIntegerIdAfterNormalising) {
  TempDir dir;
  LoadOptions opts;
  opts.idType = LoadOptions::IdType::Integer;
  auto e = csvError("id:ID\n1\n7\n007\n", nullptr, opts, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 4, 1);
  EXPECT_MESSAGE_HAS(e, "duplicate node id '007' in column 1 'id:ID': already defined on line 3");
}

TEST(CsvLoaderErrors, NonIntegerIdWithIntegerIdType) {
  TempDir dir;
  LoadOptions opts;
  opts.idType = LoadOptions::IdType::Integer;
  auto e = csvError("name,id:ID\nA,1\nB,b2\n", nullptr, opts, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 3, 2);
  EXPECT_EQ(e.message(), "cannot read 'b2' as an integer node id for column 'id:ID'");
}

TEST(CsvLoaderErrors, NonIntegerEdgeIdWithIntegerIdType) {
  TempDir dir;
  LoadOptions opts;
  opts.idType = LoadOptions::IdType::Integer;
  auto e = csvError("id:ID\n1\n", ":START_ID,:END_ID,:TYPE\n1,one,R\n", opts, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 2, 2);
  EXPECT_MESSAGE_HAS(e, "cannot read 'one' as an integer node id for column ':END_ID'");
}

TEST(CsvLoaderErrors, EmptyNodeId) {
  TempDir dir;
  auto e = csvError("name,id:ID\nA,\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_EQ(e.message(), "empty node id in column 2 'id:ID'");
}

TEST(CsvLoaderErrors, UnknownStartIdInGroup) {
  TempDir dir;
  auto e = csvError("id:ID(P)\na\n", ":START_ID(P),:END_ID(P),:TYPE\na,a,R\nq,a,R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 3, 1);
  EXPECT_EQ(e.message(), "unknown node id 'q' in :START_ID(P)");
}

// Relationship ends are looked up a batch of rows at a time; the error reported
// is still the first in file order, whichever kind it is.
std::string manyRels(int rows, const std::string& at, int line) {
  std::string edges = ":START_ID,w:int,:END_ID,:TYPE\n";
  for (int i = 2; i < rows + 2; ++i) edges += i == line ? at : "a," + std::to_string(i) + ",b,R\n";
  return edges;
}

TEST(CsvLoaderErrors, FirstErrorInFileOrderAcrossBatchedLookups) {
  TempDir dir;
  const std::string nodes = "id:ID\na\nb\n";
  for (int line : {2, 3, 66, 67, 130, 300}) {
    SCOPED_TRACE(line);
    auto edges = manyRels(400, "a,1,zz,R\n", line);
    edges += "a,x,b,R\n";  // a later bad int: the unknown id comes first
    auto e = csvError(nodes, edges.c_str(), {}, dir);
    EXPECT_AT(e, dir.path() / "edges.csv", line, 3);
    EXPECT_EQ(e.message(), "unknown node id 'zz' in :END_ID");
    // A bad int before a later unknown id is reported instead.
    auto badFirst = manyRels(400, "a,x,b,R\n", line) + "qq,1,b,R\n";
    e = csvError(nodes, badFirst.c_str(), {}, dir);
    EXPECT_AT(e, dir.path() / "edges.csv", line, 2);
    EXPECT_EQ(e.message(), "cannot read 'x' as int for column 'w:int'");
  }
  // In one row, columns are read left to right: the unknown :START_ID (column 1)
  // comes before the bad int (column 2), which comes before the unknown :END_ID.
  auto e = csvError(nodes, ":START_ID,w:int,:END_ID,:TYPE\na,1,b,R\nqq,x,zz,R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 3, 1);
  e = csvError(nodes, ":START_ID,w:int,:END_ID,:TYPE\na,1,b,R\na,x,zz,R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 3, 2);
  // A broken record (CSV syntax) after an unknown id in the same batch.
  e = csvError(nodes, ":START_ID,w:int,:END_ID,:TYPE\na,1,zz,R\na,1,b,\"R\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 2, 3);
}

// Rows of long ids end a batch before 64 rows (a batch holds about a megabyte);
// the relationships are the same.
TEST(CsvLoader, LongIdsInRelationshipBatches) {
  TempDir dir;
  auto id = [](int i) { return std::string(200000, 'k') + std::to_string(i); };
  std::string nodes = "id:ID\n", edges = ":START_ID,:END_ID,:TYPE,w:int\n";
  for (int i = 0; i < 4; ++i) nodes += id(i) + "\n";
  for (int i = 0; i < 30; ++i) edges += id(i % 4) + "," + id((i + 1) % 4) + ",R," + std::to_string(i) + "\n";
  edges += id(0) + ",nobody,R,30\n";
  dir.write("nodes.csv", nodes);
  dir.write("edges.csv", edges);
  auto e = dirError(dir.path());
  EXPECT_AT(e, dir.path() / "edges.csv", 32, 2);
  EXPECT_EQ(e.message(), "unknown node id 'nobody' in :END_ID");
  edges.resize(edges.rfind(id(0)));
  dir.write("edges.csv", edges);
  Graph g = loadCsvDirectory(dir.path());
  ASSERT_EQ(g.relCount(), 30u);
  for (RelId r = 0; r < 30; ++r) {
    EXPECT_EQ(g.rel(r).start, r % 4);
    EXPECT_EQ(g.rel(r).end, (r + 1) % 4);
    EXPECT_EQ(relProp(g, r, "w"), Value(static_cast<std::int64_t>(r)));
  }
}

TEST(CsvLoader, ManyRelationshipsKeepTheirOrderAndProperties) {
  TempDir dir;
  std::string nodes = "id:ID\n", edges = ":START_ID,:END_ID,:TYPE,w:int\n";
  for (int i = 0; i < 300; ++i) nodes += "x" + std::to_string(i) + "\n";
  for (int i = 0; i < 1000; ++i)
    edges += "x" + std::to_string(i % 300) + ",x" + std::to_string((i * 7) % 300) + "," + (i % 3 ? "R" : "S") + "," +
             (i % 5 ? std::to_string(i) : "") + "\n";
  for (auto idType : {LoadOptions::IdType::String, LoadOptions::IdType::Integer}) {
    LoadOptions opts;
    opts.idType = idType;
    std::string ns = nodes, es = edges;
    if (idType == LoadOptions::IdType::Integer) {
      std::erase(ns, 'x');
      std::erase(es, 'x');
    }
    dir.write("nodes.csv", ns);
    dir.write("edges.csv", es);
    Graph g = loadCsvDirectory(dir.path(), opts);
    ASSERT_EQ(g.relCount(), 1000u);
    for (RelId r = 0; r < 1000; ++r) {
      EXPECT_EQ(g.rel(r).start, r % 300);
      EXPECT_EQ(g.rel(r).end, (r * 7) % 300);
      EXPECT_EQ(typeOf(g, r), r % 3 ? "R" : "S");
      EXPECT_EQ(relProp(g, r, "w"), r % 5 ? Value(static_cast<std::int64_t>(r)) : Value());
    }
  }
}

TEST(CsvLoaderErrors, EmptyStartId) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":TYPE,:START_ID,:END_ID\nR,,a\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 2, 2);
  EXPECT_EQ(e.message(), "empty node id in column 2 ':START_ID'");
}

TEST(CsvLoaderErrors, EmptyRelationshipType) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", ":START_ID,:END_ID,:TYPE\na,a,R\na,a,\n", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 3, 3);
  EXPECT_EQ(e.message(), "empty relationship type in column 3 ':TYPE'");
}

TEST(CsvLoaderErrors, TextAfterClosingQuote) {
  TempDir dir;
  auto e = csvError("id:ID,name\na,\"A\"x\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 2, 2);
  EXPECT_MESSAGE_HAS(e, "after a closing quote");
}

// --- file errors ------------------------------------------------------------

TEST(CsvLoaderErrors, EmptyNodesFile) {
  TempDir dir;
  auto e = csvError("", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 1);
  EXPECT_EQ(e.message(), "empty file: expected a header line like 'id:ID,name,:LABEL'");
}

TEST(CsvLoaderErrors, BlankNodesFileWithBom) {
  TempDir dir;
  auto e = csvError("\xEF\xBB\xBF\r\n\n", nullptr, {}, dir);
  EXPECT_AT(e, dir.path() / "nodes.csv", 1, 1);
  EXPECT_MESSAGE_HAS(e, "empty file");
}

TEST(CsvLoaderErrors, EmptyEdgesFile) {
  TempDir dir;
  auto e = csvError("id:ID\na\n", "", {}, dir);
  EXPECT_AT(e, dir.path() / "edges.csv", 1, 1);
  EXPECT_EQ(e.message(), "empty file: expected a header line like ':START_ID,:END_ID,:TYPE'");
}

TEST(CsvLoaderErrors, DirectoryDoesNotExist) {
  auto missing = kData / "no_such_graph";
  auto e = dirError(missing);
  EXPECT_AT(e, missing, 0, 0);
  EXPECT_EQ(e.message(), "no such directory");
}

TEST(CsvLoaderErrors, DirectoryIsAFile) {
  auto file = kData / "tiny" / "nodes.csv";
  auto e = dirError(file);
  EXPECT_AT(e, file, 0, 0);
  EXPECT_MESSAGE_HAS(e, "not a directory");
}

TEST(CsvLoaderErrors, NodesFileDoesNotExist) {
  auto missing = kData / "tiny" / "people.csv";
  auto e = loadError([&] { loadCsvFiles(missing, {}); });
  EXPECT_AT(e, missing, 0, 0);
  EXPECT_EQ(e.message(), "no such file");
}

TEST(CsvLoaderErrors, EdgesFileDoesNotExist) {
  auto missing = kData / "tiny" / "knows.csv";
  auto e = loadError([&] { loadCsvFiles(kData / "tiny" / "nodes.csv", missing); });
  EXPECT_AT(e, missing, 0, 0);
  EXPECT_EQ(e.message(), "no such file");
}

TEST(CsvLoaderErrors, NodesFileIsADirectory) {
  auto e = loadError([&] { loadCsvFiles(kData / "tiny", {}); });
  EXPECT_AT(e, kData / "tiny", 0, 0);
  EXPECT_MESSAGE_HAS(e, "is a directory");
}

TEST(CsvLoaderErrors, NodesFileWithoutPermission) {
  TempDir dir;
  auto file = dir.write("nodes.csv", "id:ID\na\n");
  fs::permissions(file, fs::perms::none);
  if (std::ifstream(file).is_open()) GTEST_SKIP() << "running with permission to read anything (root?)";
  auto e = dirError(dir.path());
  EXPECT_AT(e, file, 0, 0);
  EXPECT_MESSAGE_HAS(e, "cannot open file");
}

#ifdef __linux__
// /proc/self/mem opens fine, but reading at offset 0 (an unmapped address)
// fails: a genuine read error even when running as root.
TEST(CsvLoaderErrors, NodesFileFailsToRead) {
  fs::path mem = "/proc/self/mem";
  if (!fs::exists(mem)) GTEST_SKIP() << "no /proc";
  auto e = loadError([&] { loadCsvFiles(mem, {}); });
  EXPECT_AT(e, mem, 0, 0);
  EXPECT_MESSAGE_HAS(e, "cannot read file");
}
#endif

}  // namespace
}  // namespace kgq
