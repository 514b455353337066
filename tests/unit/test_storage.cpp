// The storage stage: log record framing, torn and corrupt tails, commit
// records, snapshot round trips and damage.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <functional>
#include <random>
#include <tuple>

#include "common/temporal.h"
#include "storage/codec.h"
#include "storage/commit_record.h"
#include "storage/crc32c.h"
#include "storage/database.h"
#include "storage/snapshot.h"
#include "storage/wal.h"

namespace kgq {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/kgq_storage_XXXXXX";
    path = ::mkdtemp(templ);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeAll(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}

std::vector<std::string> scanAll(const fs::path& p, WalScan* scan = nullptr) {
  std::vector<std::string> out;
  WalScan s = scanWal(p, [&](std::string_view r) { out.emplace_back(r); });
  if (scan) *scan = s;
  return out;
}

TEST(Crc32c, MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);  // the CRC-32C check value (RFC 3720)
  EXPECT_EQ(crc32c("", 0), 0u);
  std::string s(1000, 'x');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>(i * 7);
  EXPECT_EQ(crc32c(s.data() + 3, 500, crc32c(s.data(), 3)), crc32c(s.data(), 503)) << "continuation";
}

TEST(Codec, ValuesRoundTrip) {
  Encoder e;
  std::vector<Value> values = {Value(),
                               Value(true),
                               Value(false),
                               Value(std::int64_t{0}),
                               Value(std::int64_t{-1}),
                               Value(std::numeric_limits<std::int64_t>::min()),
                               Value(std::numeric_limits<std::int64_t>::max()),
                               Value(1.5),
                               Value(-0.0),
                               Value(""),
                               Value("Ünïcode ¶3"),
                               Value(ValueList{Value(1), Value("a"), Value(ValueList{Value(2.5)})})};
  for (const auto& v : values) e.value(v);
  Decoder d(e.buffer());
  for (const auto& v : values) EXPECT_EQ(d.value(), v);
  EXPECT_TRUE(d.done());
  Decoder cut(e.buffer().data(), e.buffer().size() - 1);
  EXPECT_THROW(
      for (std::size_t i = 0; i < values.size(); ++i) cut.value(), StorageError)
      << "never reads past the end";
  Encoder bad;
  EXPECT_THROW(bad.value(Value(NodeRef{1})), StorageError);
}

TEST(Wal, RecordsReadBackInOrder) {
  TempDir dir;
  auto path = dir.path / "wal.log";
  WalWriter w = WalWriter::create(path, 7);
  EXPECT_TRUE(w.empty());
  w.write("first");
  w.write(std::string(100000, 'z'));
  w.write("third");
  WalScan scan;
  auto records = scanAll(path, &scan);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], "first");
  EXPECT_EQ(records[1].size(), 100000u);
  EXPECT_EQ(records[2], "third");
  EXPECT_EQ(scan.generation, 7u);
  EXPECT_EQ(scan.validEnd, scan.fileSize);
  EXPECT_EQ(scan.validEnd, w.bytes());
  EXPECT_TRUE(scan.problem.empty());
}

TEST(Wal, EveryTornTailIsDroppedAndTheRestKept) {
  TempDir dir;
  auto path = dir.path / "wal.log";
  {
    WalWriter w = WalWriter::create(path, 1);
    w.write("kept one");
    w.write("kept two");
    w.write("the torn one");
  }
  std::string whole = readAll(path);
  std::size_t lastStart = whole.size() - (8 + std::string("the torn one").size());
  // Cut the file at every byte inside the last record: the first two always survive.
  for (std::size_t cut = lastStart; cut < whole.size(); ++cut) {
    writeAll(path, whole.substr(0, cut));
    WalScan scan;
    auto records = scanAll(path, &scan);
    ASSERT_EQ(records.size(), 2u) << "cut at " << cut;
    EXPECT_EQ(scan.validEnd, lastStart);
    EXPECT_EQ(scan.problem.empty(), cut == lastStart);
  }
  // Appending after a torn tail first cuts it away.
  writeAll(path, whole.substr(0, whole.size() - 3));
  WalScan scan;
  scanAll(path, &scan);
  {
    WalWriter w = WalWriter::append(path, scan.validEnd);
    w.write("after recovery");
  }
  auto records = scanAll(path);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2], "after recovery");
}

TEST(Wal, ACorruptRecordStopsTheScan) {
  TempDir dir;
  auto path = dir.path / "wal.log";
  {
    WalWriter w = WalWriter::create(path, 1);
    w.write("good");
    w.write("flipped");
    w.write("after");
  }
  std::string whole = readAll(path);
  std::size_t second = WalWriter::kHeaderBytes + 8 + 4;
  for (std::size_t at = second; at < second + 8 + 7; ++at) {  // every byte of the second record, header too
    std::string bad = whole;
    bad[at] ^= 0x10;
    writeAll(path, bad);
    WalScan scan;
    auto records = scanAll(path, &scan);
    ASSERT_EQ(records.size(), 1u) << "byte " << at;
    EXPECT_EQ(records[0], "good");
    EXPECT_FALSE(scan.problem.empty());
  }
  std::string badHeader = whole;
  badHeader[9] ^= 1;
  writeAll(path, badHeader);
  EXPECT_THROW(scanAll(path), StorageError) << "a damaged header is refused, not read as empty";
}

TEST(Wal, InjectedFailuresLeaveTheLogAsItWas) {
  for (auto kind : {WalFault::Kind::ShortWrite, WalFault::Kind::Fsync, WalFault::Kind::NoSpace}) {
    TempDir dir;
    auto path = dir.path / "wal.log";
    WalWriter w = WalWriter::create(path, 1);
    w.setFault(WalFault{kind, 2});
    w.write("acknowledged");
    auto before = w.bytes();
    EXPECT_THROW(w.write("this one fails"), StorageError);
    EXPECT_EQ(w.bytes(), before);
    EXPECT_EQ(fs::file_size(path), before) << "the failed record is cut away";
    w.write("the next one");
    auto records = scanAll(path);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0], "acknowledged");
    EXPECT_EQ(records[1], "the next one");
  }
}

TEST(CommitRecord, NamesAndChangesRoundTrip) {
  Graph g;
  NameCounts logged = NameCounts::of(g);
  g.labels().intern("Person");
  g.types().intern("KNOWS");
  g.keys().intern("since");
  std::vector<Change> changes(6);
  changes[0].kind = Change::Kind::AddNode;
  changes[0].id = 3;
  changes[1].kind = Change::Kind::AddLabel;
  changes[1].id = 3;
  changes[1].name = 0;
  changes[2].kind = Change::Kind::AddRel;
  changes[2].id = 9;
  changes[2].start = 3;
  changes[2].end = 1;
  changes[2].name = 0;
  changes[3].kind = Change::Kind::SetRelProperty;
  changes[3].id = 9;
  changes[3].name = 2;
  changes[3].setValue(Value(ValueList{Value(1), Value("x")}));
  changes[3].setBefore(Value("not logged"));
  changes[4].kind = Change::Kind::SetNodeProperty;
  changes[4].id = 3;
  changes[4].name = 2;  // null: removal
  changes[5].kind = Change::Kind::DeleteRel;
  changes[5].id = 4;
  std::string payload = encodeCommit(42, g, logged, changes);
  CommitRecord r = decodeCommit(payload);
  EXPECT_EQ(r.sequence, 42u);
  EXPECT_EQ(r.names[0], std::vector<std::string>{"Person"});
  EXPECT_EQ(r.names[1], std::vector<std::string>{"KNOWS"});
  EXPECT_EQ(r.names[2], std::vector<std::string>{"since"});
  ASSERT_EQ(r.changes.size(), changes.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(r.changes[i].kind, changes[i].kind);
    EXPECT_EQ(r.changes[i].id, changes[i].id);
    EXPECT_EQ(r.changes[i].start, changes[i].start);
    EXPECT_EQ(r.changes[i].end, changes[i].end);
    EXPECT_EQ(r.changes[i].name, changes[i].name);
    EXPECT_EQ(r.changes[i].value(), changes[i].value());
    EXPECT_TRUE(r.changes[i].before().isNull());
  }
  for (std::size_t cut = 0; cut < payload.size(); ++cut)
    EXPECT_THROW(decodeCommit(payload.substr(0, cut)), StorageError) << "cut at " << cut;
}

// Everything a reader can observe, as text, so that two graphs compare in one assertion.
std::string describe(const Graph& g) {
  std::string out;
  for (const auto* names : {&g.labels(), &g.types(), &g.keys()}) {
    for (const auto& n : names->names()) out += n + ",";
    out += "\n";
  }
  auto props = [&](const PropertyMap& m) {
    std::string s;
    for (const auto& [k, v] : m) {
      s += std::to_string(k) + "=" + std::to_string(v.hash()) + (v.isString() ? v.asString() : "") + ";";
    }
    return s;
  };
  for (NodeId n = 0; n < g.nodeCount(); ++n) {
    out += "n" + std::to_string(n) + ":";
    for (auto l : g.nodeLabels(n)) out += std::to_string(l) + ",";
    out += props(g.nodeProperties(n)) + "\n";
  }
  for (RelId r = 0; r < g.relCount(); ++r) {
    const RelData& d = g.rel(r);
    out += "r" + std::to_string(r) + ":" + std::to_string(d.start) + ">" + std::to_string(d.end) + ":" +
           std::to_string(d.type) + " " + props(g.relProperties(r)) + " out" + std::to_string(g.outDegree(d.start)) +
           "\n";
  }
  for (LabelId l = 0; l < g.labels().size(); ++l) out += "label" + std::to_string(g.nodesWithLabel(l).size());
  for (TypeId t = 0; t < g.types().size(); ++t) out += "type" + std::to_string(g.relsWithType(t).size());
  return out;
}

// One of each temporal kind, moved by the random number so that the column holds many values.
Value temporalSample(std::mt19937& rng) {
  auto r = static_cast<std::int64_t>(rng() % 100000);
  switch (rng() % 7) {
    case 0: return Value(DateValue{r - 50000});
    case 1: return Value(LocalTimeValue{r * 863'999'999});
    case 2: return Value(TimeValue{r * 863'999'999, static_cast<std::int32_t>(r % 1000) * 60 - 30000});
    case 3: return Value(LocalDateTimeValue{r * 40'000 - 2'000'000'000, static_cast<std::int32_t>(r)});
    case 4: return Value(parseDateTime("2015-07-21T21:40:32.142[Europe/Minsk]"));
    case 5: return Value(DurationValue{r - 500, -r, r * 1000, static_cast<std::int32_t>(r * 3)});
    default: return Value(ValueList{Value(DateValue{r}), Value(parseDuration("PT-1.5S"))});
  }
}

Graph sampleGraph(std::size_t nodes, std::size_t rels, unsigned seed) {
  std::mt19937 rng(seed);
  Graph g;
  GraphMeta meta;
  meta.displayKey = "title";
  meta.verbs["KNOWS"] = {"knows", ""};
  g.setMeta(meta);
  std::vector<LabelId> labels = {g.labels().intern("A"), g.labels().intern("B"), g.labels().intern("C")};
  std::vector<TypeId> types = {g.types().intern("T"), g.types().intern("U")};
  KeyId title = g.keys().intern("title"), n = g.keys().intern("n"), f = g.keys().intern("f"),
        list = g.keys().intern("list"), mixed = g.keys().intern("mixed"), when = g.keys().intern("when");
  g.keys().intern("unused");
  for (std::size_t i = 0; i < nodes; ++i) {
    std::vector<LabelId> ls;
    for (auto l : labels)
      if (rng() % 3 == 0) ls.push_back(l);
    PropertyMap p;
    p.emplace_back(title, Value("node " + std::to_string(i)));
    if (rng() % 2) p.emplace_back(n, Value(static_cast<std::int64_t>(rng()) - (std::int64_t{1} << 31)));
    if (rng() % 4 == 0) p.emplace_back(list, Value(ValueList{Value("x"), Value(static_cast<std::int64_t>(i))}));
    if (rng() % 5 == 0) p.emplace_back(mixed, rng() % 2 ? Value(true) : Value("yes"));
    if (rng() % 6 == 0) p.emplace_back(when, temporalSample(rng));
    std::sort(p.begin(), p.end(), [](auto& a, auto& b) { return a.first < b.first; });
    g.addNode(ls, p);
  }
  for (std::size_t i = 0; i < rels; ++i) {
    PropertyMap p;
    if (rng() % 2) p.emplace_back(f, Value(static_cast<double>(rng() % 1000) / 7));
    g.addRel(static_cast<NodeId>(rng() % nodes), static_cast<NodeId>(rng() % nodes), types[rng() % 2], p);
  }
  return g;
}

TEST(Snapshot, RoundTripKeepsIdsNamesPropertiesAndMeta) {
  TempDir dir;
  Graph g = sampleGraph(3000, 20000, 1);  // more than one block
  auto path = dir.path / "snapshot.kgq";
  SnapshotInfo written = writeSnapshot(g, path, 5);
  EXPECT_EQ(written.bytes, fs::file_size(path));
  SnapshotInfo read;
  Graph back = readSnapshot(path, &read);
  EXPECT_EQ(read.logGeneration, 5u);
  EXPECT_EQ(describe(back), describe(g));
  EXPECT_EQ(back.meta(), g.meta());
  EXPECT_EQ(back.findByName("node 17"), std::vector<NodeId>{17}) << "the name index follows the meta's display key";
  for (const auto& e : fs::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename(), "snapshot.kgq") << "no temporary file is left behind";

  Graph empty;
  writeSnapshot(empty, path, 1);
  EXPECT_EQ(describe(readSnapshot(path)), describe(empty));
}

TEST(Snapshot, DamageIsRefusedNotHalfLoaded) {
  TempDir dir;
  auto path = dir.path / "snapshot.kgq";
  Graph g = sampleGraph(500, 2000, 2);
  g.compact();  // the adjacency arrays are in the file too
  writeSnapshot(g, path, 1);
  std::string whole = readAll(path);
  std::mt19937 rng(3);
  for (int i = 0; i < 40; ++i) {
    std::string bad = whole;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    writeAll(path, bad);
    EXPECT_THROW(readSnapshot(path), StorageError);
  }
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, std::size_t{40}, whole.size() / 2, whole.size() - 1}) {
    writeAll(path, whole.substr(0, cut));
    EXPECT_THROW(readSnapshot(path), StorageError) << "cut at " << cut;
  }
}

// A statement's worth of changes: run `write` on the graph, commit what it journaled.
template <typename F>
void commitWrite(Database& db, Graph& g, F write) {
  std::size_t sp = g.savepoint();
  write(g);
  db.commit(g, g.changesSince(sp));
  g.clearJournal();
}

std::string describeLive(const Graph& g) {
  std::string out = describe(g);
  for (NodeId n = 0; n < g.nodeCount(); ++n) out += g.nodeAlive(n) ? "+" : "-";
  for (RelId r = 0; r < g.relCount(); ++r) out += g.relAlive(r) ? "+" : "-";
  return out;
}

// Each node's relationships as AdjCursor walks them (Both), sorted when the order may differ.
std::string adjacencyOf(const Graph& g, bool sorted) {
  std::string out;
  for (NodeId n = 0; n < g.nodeCount(); ++n) {
    std::vector<std::tuple<RelId, NodeId, TypeId>> seen;
    AdjCursor c = g.adjacency(n, AdjDirection::Both);
    for (AdjEntry e; c.next(e);) seen.emplace_back(e.rel, e.other, e.type);
    if (sorted) std::sort(seen.begin(), seen.end());
    out += std::to_string(n) + ":";
    for (auto [r, o, t] : seen) out += std::to_string(r) + ">" + std::to_string(o) + "/" + std::to_string(t) + ",";
    out += "\n";
  }
  return out;
}

TEST(Snapshot, TheAdjacencyReadsBackWhetherStoredWholeOrRebuilt) {
  // After a compaction the snapshot arrays are the whole adjacency and the file
  // stores them; after a later change (a delta, a deleted relationship) it does not,
  // and reading rebuilds them. Either way the graph reads back the same.
  struct Case {
    const char* what;
    std::function<void(Graph&)> after;
    bool stored;
  };
  std::vector<Case> cases = {
      {"compacted", [](Graph&) {}, true},
      {"nodes created since", [](Graph& g) { g.addNode({}, {}), g.addNode({}, {}); }, true},
      {"deletions folded in",
       [](Graph& g) {
         for (RelId r = 0; r < g.relCount(); r += 5) g.deleteRel(r);
         g.compact();
       },
       true},
      {"a relationship deleted since", [](Graph& g) { g.deleteRel(3); }, false},
      {"a relationship created since", [](Graph& g) { g.addRel(1, 2, 0, {}); }, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    TempDir dir;
    Graph g = sampleGraph(300, 2500, 9);
    g.compact();
    c.after(g);
    g.clearJournal();
    EXPECT_EQ(g.snapshotIsExact(), c.stored);
    writeSnapshot(g, dir.path / "s.kgq", 1);
    Graph back = readSnapshot(dir.path / "s.kgq");
    EXPECT_EQ(describeLive(back), describeLive(g));
    EXPECT_TRUE(back.snapshotIsExact()) << "read back, the arrays are whole again";
    EXPECT_EQ(adjacencyOf(back, !c.stored), adjacencyOf(g, !c.stored));
    for (TypeId t = 0; t < g.types().size(); ++t) EXPECT_EQ(back.relsWithType(t), g.relsWithType(t));
    NodeId n = back.addNode({}, {});
    RelId r = back.addRel(n, 0, 0, {});
    EXPECT_EQ(back.relStart(r), n) << "the graph read back takes writes";
  }
}

TEST(Snapshot, TombstonesKeepTheirIds) {
  TempDir dir;
  Graph g = sampleGraph(200, 600, 4);
  g.deleteRel(5);
  for (RelId r = 0; r < g.relCount(); ++r)
    if (g.relAlive(r) && (g.relStart(r) == 7 || g.relEnd(r) == 7)) g.deleteRel(r);
  g.deleteNode(7);
  g.clearJournal();
  writeSnapshot(g, dir.path / "s.kgq", 1);
  Graph back = readSnapshot(dir.path / "s.kgq");
  EXPECT_FALSE(back.nodeAlive(7));
  EXPECT_FALSE(back.relAlive(5));
  EXPECT_EQ(back.liveNodeCount(), g.liveNodeCount());
  EXPECT_EQ(back.liveRelCount(), g.liveRelCount());
  EXPECT_EQ(describeLive(back), describeLive(g));
}

TEST(Database, CommitsReplayAfterACrashAndATornTailIsCut) {
  TempDir dir;
  auto path = dir.path / "db";
  Graph g;
  std::string expected;
  {
    Database db = Database::open(path, g);
    commitWrite(db, g, [](Graph& x) {
      NodeId a = x.addNode({x.labels().intern("P")}, {{x.keys().intern("k"), Value(1)}});
      NodeId b = x.addNode({x.labels().intern("Q")}, {});
      x.addRel(a, b, x.types().intern("KNOWS"), {{x.keys().intern("since"), Value(2001)}});
    });
    commitWrite(db, g, [](Graph& x) {
      x.setNodeProperty(1, x.keys().intern("name"), Value("b"));
      x.removeLabel(0, 0);
      x.addLabel(0, x.labels().intern("R"));
    });
    commitWrite(db, g, [](Graph& x) {
      x.deleteRel(0);
      x.deleteNode(0);
    });
    expected = describeLive(g);
    EXPECT_FALSE(db.logEmpty());
  }  // dropped without a checkpoint: as if the process had been killed
  {
    std::ofstream log(path / "wal.log", std::ios::binary | std::ios::app);
    log << std::string("\x30\x00\x00\x00\x01\x02", 6);  // a record header, then the crash
  }
  Graph back;
  RecoveryReport report;
  Database db = Database::open(path, back, &report);
  EXPECT_EQ(report.replayed, 3u);
  EXPECT_EQ(report.droppedBytes, 6u);
  EXPECT_EQ(describeLive(back), expected);
  // The next commit follows the last good record, and everything reopens once more.
  commitWrite(db, back, [](Graph& x) { x.addNode({}, {{x.keys().intern("late"), Value(true)}}); });
  expected = describeLive(back);
  Graph again;
  EXPECT_THROW(Database::open(path, again), StorageError) << "locked while `db` is open";
  db = Database::create(dir.path / "other", again);  // releases the lock on `path`
  Database reopened = Database::open(path, again, &report);
  EXPECT_EQ(report.replayed, 4u);
  EXPECT_EQ(report.droppedBytes, 0u);
  EXPECT_EQ(describeLive(again), expected);
}

TEST(Database, ACheckpointInterruptedAfterItsSnapshotLosesNothing) {
  TempDir dir;
  auto path = dir.path / "db";
  Graph g;
  std::string expected;
  {
    Database db = Database::open(path, g);
    commitWrite(db, g, [](Graph& x) { x.addNode({x.labels().intern("A")}, {}); });
    // The first half of a checkpoint: the snapshot of the next generation, then the "crash".
    writeSnapshot(g, path / Database::kSnapshotFile, 2);
    expected = describeLive(g);
  }
  Graph back;
  RecoveryReport report;
  Database db = Database::open(path, back, &report);
  EXPECT_TRUE(report.staleLog);
  EXPECT_EQ(report.replayed, 0u) << "the stale log's records are in the snapshot already";
  EXPECT_EQ(describeLive(back), expected);
  commitWrite(db, back, [](Graph& x) { x.addNode({x.labels().intern("B")}, {}); });
  db.checkpoint(back);
  EXPECT_TRUE(db.logEmpty());
  expected = describeLive(back);
  db = Database::create(dir.path / "other", g);
  Database reopened = Database::open(path, back, &report);
  EXPECT_EQ(describeLive(back), expected);
}

TEST(Database, CreateRefusesAnExistingDatabaseOrAForeignDirectory) {
  TempDir dir;
  Graph g;
  { Database db = Database::create(dir.path / "db", g); }
  EXPECT_THROW(Database::create(dir.path / "db", g), StorageError);
  fs::create_directories(dir.path / "foreign");
  writeAll(dir.path / "foreign" / "notes.txt", "mine");
  EXPECT_THROW(Database::open(dir.path / "foreign", g), StorageError);
  EXPECT_EQ(readAll(dir.path / "foreign" / "notes.txt"), "mine");
}

}  // namespace
}  // namespace kgq

namespace kgq {
namespace {
std::vector<std::string> schemaText(const Graph& g) {
  std::vector<std::string> out;
  for (const auto& d : g.schema().defs()) out.push_back(d.createStatement());
  return out;
}

Graph graphWithSchema() {
  Graph g;
  SchemaDef unique{SchemaDef::Kind::Unique, "person_id", "Person", {"id"}};
  SchemaDef key{SchemaDef::Kind::NodeKey, "k", "Person", {"id", "name"}};
  SchemaDef text{SchemaDef::Kind::TextIndex, "t", "City", {"name"}};
  g.addSchema(unique);
  g.addSchema(key);
  g.addSchema(text);
  g.dropSchema(1);
  return g;
}
}  // namespace

TEST(Schema, DefinitionsRoundTripThroughTheLogAndTheSnapshot) {
  Graph g = graphWithSchema();
  const std::vector<std::string> expected{"CREATE CONSTRAINT person_id FOR (n:Person) REQUIRE n.id IS UNIQUE",
                                          "CREATE TEXT INDEX t FOR (n:City) ON (n.name)"};
  EXPECT_EQ(schemaText(g), expected);

  // The log: the journal's records, encoded, decoded and replayed onto an empty graph.
  Graph empty;
  std::string payload = encodeCommit(1, g, NameCounts::of(empty), g.changesSince(0));
  CommitRecord r = decodeCommit(payload);
  Graph replayed;
  for (auto& names : r.names[2]) replayed.keys().intern(names);
  for (const Change& c : r.changes) replayed.apply(c);
  EXPECT_EQ(schemaText(replayed), expected);

  // Undo takes them back, in any mix.
  g.rollbackTo(3);
  EXPECT_EQ(schemaText(g).size(), 3u);
  g.rollbackTo(0);
  EXPECT_TRUE(g.schema().empty());

  // The snapshot.
  TempDir dir;
  Graph h = graphWithSchema();
  h.clearJournal();
  writeSnapshot(h, dir.path / "s.kgq", 1);
  EXPECT_EQ(schemaText(readSnapshot(dir.path / "s.kgq")), expected);

  // A definition that does not decode is damage, not a crash.
  Change bad(Change::Kind::SchemaAdd, 0);
  bad.setValue(Value(ValueList{Value(9), Value("x")}));
  EXPECT_THROW(Graph().apply(bad), std::logic_error);
}

}  // namespace kgq

namespace kgq {
namespace {

const fs::path kStorageData = fs::path(KGQ_TEST_DATA) / "storage";

NodeId cityNamed(const Graph& g, const char* name) {
  for (NodeId n = 0; n < g.nodeCount(); ++n)
    if (g.nodeAlive(n) && g.nodeValue(n, "name") == Value(name)) return n;
  ADD_FAILURE() << "no city " << name;
  return 0;
}

// The fixtures were written by older kgq builds (tests/data/storage/README.md).
TEST(OlderFormats, Version1To3DatabasesOpenAndGoOnInTheCurrentFormats) {
  for (std::string version : {"v1", "v2", "v3"}) {
    SCOPED_TRACE(version);
    const bool oldLog = version != "v3";  // v3's log is of today's format
    TempDir dir;
    auto path = dir.path / "db";
    fs::copy(kStorageData / version, path, fs::copy_options::recursive);
    ASSERT_EQ(readWalHeader(path / Database::kLogFile).version, oldLog ? 1u : kWalVersion);
    std::string expected;
    {
      Graph g;
      RecoveryReport report;
      Database db = Database::open(path, g, &report);
      EXPECT_EQ(report.replayed, version == "v1" ? 3u : 4u);
      EXPECT_EQ(g.liveNodeCount(), 3u);
      NodeId minsk = cityNamed(g, "Minsk"), islamabad = cityNamed(g, "Islamabad");
      cityNamed(g, "Lahore");
      EXPECT_EQ(g.nodeValue(minsk, "founded"), Value(1067));
      EXPECT_EQ(g.nodeValue(minsk, "area"), Value(409.5));
      EXPECT_EQ(g.nodeValue(minsk, "capital"), Value(true));
      EXPECT_EQ(g.nodeValue(minsk, "tags"), Value(ValueList{Value("a"), Value("b")}));
      EXPECT_EQ(g.nodeValue(minsk, "population"), Value(1996553));
      EXPECT_TRUE(g.nodeValue(islamabad, "founded").isNull());
      ASSERT_EQ(g.liveRelCount(), 1u);
      EXPECT_EQ(g.relValue(0, g.keys().find("since").value()), Value(2015));
      EXPECT_EQ(g.schema().defs().size(), version == "v1" ? 0u : 2u);
      // An old log was folded into a snapshot; what follows goes into a log of today's format.
      EXPECT_EQ(readWalHeader(path / Database::kLogFile).version, kWalVersion);
      EXPECT_EQ(db.logEmpty(), oldLog);
      commitWrite(db, g, [&](Graph& x) {
        x.setNodeProperty(minsk, x.keys().intern("recognised"), Value(parseDate("1991-12-25")));
        x.setNodeProperty(islamabad, x.keys().intern("at"), Value(parseDateTime("1967-08-14T12:00[Asia/Karachi]")));
      });
      expected = describeLive(g);
    }
    {
      Graph back;
      RecoveryReport report;
      Database db = Database::open(path, back, &report);
      EXPECT_EQ(report.replayed, oldLog ? 1u : 5u);
      EXPECT_EQ(describeLive(back), expected);
      EXPECT_EQ(temporalText(back.nodeValue(cityNamed(back, "Islamabad"), "at")),
                "1967-08-14T12:00+05:00[Asia/Karachi]");
      db.checkpoint(back);  // a snapshot of today's format
    }
    Graph again;
    RecoveryReport report;
    Database db = Database::open(path, again, &report);
    EXPECT_EQ(report.replayed, 0u);
    EXPECT_EQ(describeLive(again), expected);
    EXPECT_EQ(again.schema().defs().size(), version == "v1" ? 0u : 2u);
  }
}

TEST(OlderFormats, ALogOfANewerFormatIsRefusedByName) {
  TempDir dir;
  auto path = dir.path / "db";
  fs::copy(kStorageData / "v1", path, fs::copy_options::recursive);
  std::string log = readAll(path / Database::kLogFile);
  log[7] = '9';
  std::uint32_t crc = crc32c(log.data(), 16);
  log.replace(16, 4, reinterpret_cast<const char*>(&crc), 4);
  writeAll(path / Database::kLogFile, log);
  Graph g;
  try {
    Database::open(path, g);
    ADD_FAILURE() << "a log of format 9 opened";
  } catch (const StorageError& e) {
    EXPECT_NE(e.message().find("format version 9, newer than this kgq reads"), std::string::npos) << e.message();
  }
}

TEST(Database, TemporalValuesSurviveTheLogAndACheckpoint) {
  TempDir dir;
  auto path = dir.path / "db";
  std::vector<Value> values = {Value(parseDate("2015-07-21")),
                               Value(parseLocalTime("21:40:32.142876543")),
                               Value(parseTime("21:40-05:30")),
                               Value(parseLocalDateTime("1969-12-31T23:59:59.5")),
                               Value(parseDateTime("2015-10-25T02:30[Europe/Berlin]")),
                               Value(parseDateTime("2015-07-21T21:40:32+01:00")),
                               Value(parseDuration("P1Y2M3DT-4H0.5S")),
                               Value(ValueList{Value(parseDate("1991-12-25")), Value(parseDuration("PT1S"))})};
  auto check = [&](const Graph& g) {
    ASSERT_EQ(g.liveNodeCount(), values.size());
    for (NodeId n = 0; n < values.size(); ++n) {
      Value v = g.nodeValue(n, "v");
      EXPECT_TRUE(v == values[n]) << temporalText(values[n]);
      EXPECT_EQ(temporalText(v), temporalText(values[n]));  // a zone is kept by name
    }
  };
  {
    Graph g;
    Database db = Database::open(path, g);
    for (const auto& v : values) commitWrite(db, g, [&](Graph& x) { x.addNode({}, {{x.keys().intern("v"), v}}); });
  }
  Graph fromLog;
  RecoveryReport report;
  Database db = Database::open(path, fromLog, &report);
  EXPECT_EQ(report.replayed, values.size());
  check(fromLog);
  db.checkpoint(fromLog);
  db = Database::create(dir.path / "other", fromLog);  // releases the lock
  Graph fromSnapshot;
  Database reopened = Database::open(path, fromSnapshot, &report);
  EXPECT_EQ(report.replayed, 0u);
  check(fromSnapshot);
}

}  // namespace
}  // namespace kgq
