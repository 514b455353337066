#include "help.h"

#include <algorithm>
#include <iterator>

#include "common/strings.h"
#include "planner/rules.h"
#include "common/notification.h"
#include "functions/registry.h"

namespace kgq {

namespace {

// The rules come from the planner's table, so the help cannot fall behind it.
const std::string& explainText() {
  static const std::string text = [] {
    std::string t = R"(EXPLAIN query prints the operators that would run, one per line, data flowing
upward, then the planner's rules that shaped the plan. PROFILE query runs it and
shows its rows, then the same plan with the rows each operator passed on and the
milliseconds spent in it. A plan does not depend on how a query is spelled: a
condition inline, in WHERE, as a parameter or in a later clause plans alike.
Examples:
  EXPLAIN MATCH (p:Person)-[:HOLDS_ROLE]->(r) RETURN p.name, r.name;
  PROFILE MATCH (c) WHERE c.name = 'Pakistan' MATCH (c)-[*1..2]-(x) RETURN count(DISTINCT x);
)";
    t += "Rules:\n";
    for (const auto& rule : plan::rewriteRules())
      t += "  " + std::string(rule.name) + ": " + std::string(rule.description) + "\n";
    return t;
  }();
  return text;
}

// One line per function of the registry, by category, so :help cannot miss one.
std::string functionsHelp() {
  std::size_t width = 0;
  for (const auto& f : functionRegistry()) width = std::max(width, f.signature.size());
  std::string out;
  std::optional<FunctionCategory> category;
  for (const auto& f : functionRegistry()) {
    if (f.category != category) {
      category = f.category;
      out += std::string(categoryTitle(f.category)) + ":\n";
    }
    out += "  " + std::string(f.signature) + std::string(width + 2 - f.signature.size(), ' ') +
           std::string(f.description) + "\n";
  }
  out += R"(count(DISTINCT x), collect(DISTINCT x), ... use each distinct value once.
Predicates: all(x IN l WHERE ...) any(...) none(...) single(...); lists: [x IN l WHERE ... | ...]
Function names are case-insensitive.
Examples:
  MATCH (n:Country) RETURN toUpper(n.name) AS name, size(n.name) AS letters;
  RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x] AS squares, coalesce(null, 'default') AS c;
  MATCH (p:Person) RETURN p.name, CASE WHEN p.name CONTAINS 'Lukashenko' THEN 'president' ELSE 'other' END AS role;
)";
  return out;
}

// The kinds come from the registry, so the help cannot fall behind it.
const std::string& notificationsText() {
  static const std::string text = [] {
  std::string t = R"(A statement that runs but probably does not mean what it says gets a
notification: a warning under the result (on stderr for scripts and -c, a
"notifications" member in JSON output) with the line:column and a hint. With
--strict each is an error and the statement does not run. Labels, types and keys
that a CREATE of the same statement introduces are never reported.
Kinds:
)";
  for (const auto& n : notificationRegistry()) t += "  " + std::string(n.code) + ": " + std::string(n.summary) + "\n";
  t += R"(To match an entity by any of its names, use entity(name): the node a name, alias,
unique prefix or unique word names, as PATH FROM resolves it.
Examples:
  MATCH (p:Persn) RETURN p.name;
  MATCH (p:Person {name: 'Lukashenko'}) RETURN p.name;
  MATCH (p:Person {name: entity('Lukashenko').name})-[:HOLDS_ROLE]->(r) RETURN r.name;
  MATCH (p) WHERE p = entity('Ryzhenkov') RETURN labels(p), p.name;
)";
  return t;
  }();
  return text;
}

// Examples use the default graph (graphs/pakistan_belarus), so a newcomer can
// paste them straight into the REPL.
std::vector<HelpTopic> makeTopics() {
  static const std::string functionsText = functionsHelp();
  std::vector<HelpTopic> topics = {
    {"match", "find patterns: MATCH, OPTIONAL MATCH, variable length, shortestPath",
     R"(MATCH pattern [WHERE condition] ... RETURN ...
A pattern is nodes (var:Label {key: value}) joined by relationships -[var:TYPE]->,
<-[:TYPE]- or -[:A|B]- (either direction). Label expressions: (n:A|B) either,
(n:A&B) both, (n:!A) not A, (n:%) any label, (n:(A|B)&!C); -[r:!T]-> any type but T.
-[*1..3]- follows 1 to 3 relationships;
p = shortestPath((a)-[*]-(b)) finds a shortest path; the GQL selectors
p = ANY SHORTEST / ALL SHORTEST / SHORTEST k [GROUPS] / ANY k (a)-[*]-(b) choose
among the paths of each pair of ends. OPTIONAL MATCH keeps the row
with nulls when nothing matches.
Examples:
  MATCH (p:Person)-[:HOLDS_ROLE]->(r:Role) RETURN p.name, r.name;
  MATCH (city)-[:CAPITAL_OF]->(c:Country {name: 'Pakistan'}) RETURN city.name;
  MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(i) RETURN p.name, i.name;
  MATCH (a:Person {name: 'Maxim Ryzhenkov'})-[*1..2]-(c:Country) RETURN DISTINCT c.name;
  MATCH (n:Country|City) RETURN labels(n), n.name ORDER BY n.name LIMIT 5;
  MATCH p = SHORTEST 3 (a {name: 'Maxim Ryzhenkov'})-[*]-(b {name: 'Pakistan'}) RETURN length(p), p;
  MATCH p = shortestPath((a {name: 'Maxim Ryzhenkov'})-[*]-(b {name: 'Pakistan'})) RETURN length(p), p;
)"},
    {"where", "filter rows: comparisons, AND/OR/NOT, STARTS WITH, IN, IS NULL, patterns",
     R"(WHERE condition, after MATCH or WITH. Operators: = <> < <= > >=, AND OR XOR NOT,
STARTS WITH, ENDS WITH, CONTAINS, =~ (regular expression), IN [list], IS [NOT] NULL,
and patterns such as (a)-[:T]->() as conditions.
Examples:
  MATCH (a)-[r]->(b) WHERE r.year = 2015 RETURN a.name, type(r), b.name ORDER BY a.name;
  MATCH (n) WHERE n.name STARTS WITH 'Kashmir' RETURN n.name;
  MATCH (i:Issue) WHERE (i)<-[:DISCUSSED]-(:Person) RETURN i.name;
  MATCH (r:Role) WHERE NOT r.name CONTAINS 'Belarus' OR r.year IS NULL RETURN r.name;
)"},
    {"return", "shape results: RETURN, DISTINCT, aggregates, ORDER BY, SKIP, LIMIT",
     R"(RETURN expression [AS name], ... [ORDER BY expression [DESC], ...] [SKIP n] [LIMIT n]
Aggregates (count, collect, sum, avg, min, max) group by the other columns.
Examples:
  MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC LIMIT 5;
  MATCH ()-[r]->() RETURN DISTINCT type(r) AS type ORDER BY type SKIP 2 LIMIT 3;
  MATCH (p:Person)-[:TOOK_PART_IN]->(e:Event) RETURN p.name, collect(e.name) AS events;
  RETURN 1 + 2 AS three, 'kgq' AS name, [1, 2, 3] AS list, {a: 1} AS map;
)"},
    {"with", "chain query parts: WITH (project, aggregate, filter in the middle)",
     R"(WITH works like RETURN in the middle of a query: it passes on only the columns
it names, may aggregate, and may be followed by WHERE.
Examples:
  MATCH (p)-[:TOOK_PART_IN]->(e:Event) WITH e, count(p) AS people WHERE people > 1 RETURN e.name, people;
  MATCH (c:Country) WITH c ORDER BY c.name LIMIT 2 MATCH (c)-[r]-() RETURN c.name, count(r) AS links;
)"},
    {"unwind", "turn a list into rows: UNWIND",
     R"(UNWIND list AS name makes one row per element.
Examples:
  UNWIND range(1, 3) AS i RETURN i, i * i AS square;
  UNWIND ['Pakistan', 'Belarus'] AS name MATCH (c:Country {name: name}) RETURN c.name;
)"},
    {"load", "grow the graph from a spreadsheet: LOAD CSV [WITH HEADERS] FROM 'file' AS row",
     R"(LOAD CSV FROM 'file.csv' AS row makes one row per record: a list of strings
(row[0]); WITH HEADERS a map from the first record's names (row.name). An empty
field is null, "" the empty string; convert with toInteger(), date(), ...
The file is a path (relative to the working directory) or file:///abs/path;
FIELDTERMINATOR ';' (one character) changes the separator. Quotes follow RFC 4180
and the file must be UTF-8. linenumber() and file() tell where a row comes from.
Errors name file:line; a statement that fails changes nothing. kgq serve refuses
LOAD CSV. With MERGE it adds only what is new. (The examples read the graph's own
files, written by EXPORT GRAPH; a write reads all its rows first, so bind
linenumber() before it.)
Examples:
  EXPORT GRAPH TO 'kg';
  LOAD CSV FROM 'kg/edges.csv' AS row RETURN row LIMIT 2;
  LOAD CSV WITH HEADERS FROM 'kg/edges.csv' AS row RETURN row[':TYPE'] AS type, count(*) AS n ORDER BY n DESC LIMIT 3;
  LOAD CSV WITH HEADERS FROM 'kg/edges.csv' AS row WITH row, linenumber() AS line MERGE (t:RelType {name: row[':TYPE']}) ON CREATE SET t.firstLine = line;
)"},
    {"call", "run a procedure: CALL db.labels() and others",
     R"(CALL name(args) [YIELD field [AS name], ...] [WHERE ...] runs a procedure for each
row. Alone it may leave out YIELD and shows every field. CALL dbms.procedures()
lists the procedures, CALL dbms.functions() the functions.
Examples:
  CALL db.labels();
  CALL db.relationshipTypes() YIELD relationshipType AS t WHERE t STARTS WITH 'PART' RETURN t;
  CALL db.labels() YIELD label MATCH (n) WHERE label IN labels(n) RETURN label, count(n) AS nodes;
)"},
    {"union", "combine the rows of queries: UNION, UNION ALL",
     R"(q1 UNION q2 gives the rows of q1, then those of q2, keeping one of equal rows;
UNION ALL keeps them all. Each part is a whole query with its own variables and
must RETURN the same column names.
Examples:
  MATCH (p:Person) RETURN p.name AS name UNION MATCH (c:Country) RETURN c.name AS name;
  UNWIND [1, 2] AS x RETURN x UNION ALL UNWIND [2, 3] AS x RETURN x;
)"},
    {"subqueries", "queries inside queries: CALL { }, EXISTS { }, COUNT { }, COLLECT { }",
     R"(CALL { query } runs the query once per row and adds the rows it RETURNs (no row
from it drops the row; OPTIONAL CALL keeps it with nulls). It sees only the
variables it imports: CALL (a, b) { ... }, CALL (*) { ... }, or a leading WITH a, b.
Its RETURN may not reuse an outer name. Without RETURN (a unit subquery, e.g.
one that only writes) the rows pass on unchanged. UNION may be used inside.
EXISTS { pattern [WHERE ...] } or EXISTS { query } is true when there is a row;
COUNT { ... } counts the rows; COLLECT { query RETURN x } lists x. These see every
variable in scope and may not write. WHERE inside a pattern filters as MATCH's
WHERE does: (n:Person WHERE n.year > 1990), -[r WHERE r.year > 2000]->.
Examples:
  MATCH (c:Country) CALL (c) { MATCH (c)-[r]-() RETURN count(r) AS links } RETURN c.name, links ORDER BY links DESC;
  MATCH (c:Country) WHERE EXISTS { (c)<-[:CAPITAL_OF]-() } RETURN c.name;
  MATCH (c:Country) RETURN c.name, COUNT { (c)--() } AS degree, COLLECT { MATCH (c)<-[:CAPITAL_OF]-(x) RETURN x.name } AS capitals;
  MATCH (p:Person)-[r WHERE r.year >= 2015]->(x) RETURN p.name, type(r), x.name LIMIT 5;
)"},
    {"lists", "build values: reduce(), ||, map projection, pattern comprehension",
     R"(reduce(acc = init, x IN list | expr) folds a list. a || b joins two strings or
two lists. n {.name, .year, k: expr, .*, v} builds a map from a node,
relationship or map (null gives null). [(a)-[:R]->(b) WHERE ... | expr] lists
expr for each match of the pattern; its new variables are its own.
Examples:
  RETURN reduce(total = 0, x IN [1, 2, 3] | total + x) AS total, 'Pak' || 'istan' AS joined;
  MATCH (c:Country {name: 'Pakistan'}) RETURN c {.name, .description};
  MATCH (c:Country) RETURN c.name, [(c)<-[:CAPITAL_OF]-(x) | x.name] AS capitals;
)"},
    {"create", "add nodes and relationships: CREATE",
     R"(CREATE pattern adds every node and relationship the pattern names (nodes bound
by an earlier MATCH are reused). Without --db changes stay in memory: :save DIR
writes the whole graph as CSV; kgq --db DIR keeps every commit (:help save,
:help transactions).
Examples:
  CREATE (p:Person {name: 'Ada Example'})-[:VISITED {year: 2024}]->(c:City {name: 'Example City'});
  MATCH (a:Country {name: 'Pakistan'}) CREATE (a)-[:DISCUSSED]->(:Issue {name: 'Example issue'}) RETURN a.name;
)"},
    {"set", "correct a fact in place: SET, REMOVE",
     R"(SET n.key = value (null removes the key), SET n = {map} (replaces every property),
SET n += {map} (adds and overwrites; a null value removes), SET n:Label.
REMOVE n.key, REMOVE n:Label. Relationships take SET/REMOVE of properties.
Later clauses of the same statement read the new values.
Examples:
  MATCH (c:Country {name: 'Pakistan'}) SET c.capital = 'Islamabad' RETURN c.name, c.capital;
  MATCH (c:Country {name: 'Pakistan'}) SET c += {region: 'South Asia'}, c:Reviewed REMOVE c.region;
)"},
    {"delete", "remove nodes and relationships: DELETE, DETACH DELETE",
     R"(DELETE n, r, p deletes nodes, relationships and whole paths. A node that still
has relationships cannot be deleted: DETACH DELETE deletes them with it.
Deleted elements vanish from every query; reading a deleted node's properties
later in the same statement is an error.
Examples:
  MATCH (:Person {name: 'Ada Example'})-[r:VISITED]->() DELETE r;
  MATCH (p:Person {name: 'Ada Example'}) DETACH DELETE p;
)"},
    {"merge", "find or create: MERGE ... ON CREATE SET ... ON MATCH SET",
     R"(MERGE pattern matches the whole pattern or, when it does not exist, creates it
(its unbound parts); each row sees what earlier rows created. ON CREATE SET and
ON MATCH SET run on the element created or found. Node properties are looked up
through the property index. An undirected (a)-[:T]-(b) matches either direction
and creates a->b when there is none. LOAD CSV feeds it rows (:help load). FOREACH (x IN list | clauses) runs update clauses per element.
Examples:
  MERGE (c:City {name: 'Example City'}) ON CREATE SET c.added = 2024 RETURN c;
  MATCH (a:Country {name: 'Pakistan'}), (b:Country {name: 'Belarus'}) MERGE (a)-[:TRADES_WITH]->(b);
  UNWIND [{s: 'a', t: 'b'}] AS r MERGE (x:Item {id: r.s}) MERGE (y:Item {id: r.t}) MERGE (x)-[:T]->(y);
  FOREACH (name IN ['x', 'y'] | CREATE (:Tag {name: name}));
)"},
    {"indexes", "indexes and constraints: CREATE / DROP / SHOW INDEX, CONSTRAINT",
     R"(As in Neo4j 5:
  CREATE [RANGE|TEXT] INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.p[, n.q])
  CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:Label) REQUIRE n.p IS UNIQUE
      ... REQUIRE n.p IS NOT NULL   ... REQUIRE (n.p, n.q) IS NODE KEY
  DROP INDEX name [IF EXISTS]   DROP CONSTRAINT name [IF EXISTS]
  SHOW INDEXES   SHOW CONSTRAINTS
Every node property already has a hash index for equality, built on first use;
declaring an index builds it at once (SHOW INDEXES: indexProvider kgq-hash-1).
Constraints are checked at the end of every statement: a write that breaks one
fails with a ConstraintError naming the label, key, value and the existing node,
and changes nothing; a constraint that existing data breaks is not created.
A MERGE on a uniquely constrained key seeks by that key. With --db they are kept
in the database; :save (CSV) does not write them. Schema commands run outside
BEGIN ... COMMIT. Without a name, one is made up (index_Label_key, constraint_Label_key_unique).
Examples:
  CREATE CONSTRAINT country_name IF NOT EXISTS FOR (c:Country) REQUIRE c.name IS UNIQUE;
  CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name);
  SHOW CONSTRAINTS;
  SHOW INDEXES;
  DROP INDEX person_name IF EXISTS;
)"},
    {"transactions", "atomic statements and BEGIN / COMMIT / ROLLBACK",
     R"(Every statement is atomic: on an error, a timeout or Ctrl-C all its changes are
undone. BEGIN opens a transaction (the prompt shows kgq(tx)>), COMMIT keeps its
changes, ROLLBACK undoes them all. A failing statement inside a transaction
undoes only itself; the transaction stays open. Transactions do not nest.
Leaving the REPL with one open asks whether to commit (default: roll back); a
script that ends with one open rolls it back with a warning.
Without a database, changes live in memory only: save with :save DIR or start
kgq with --db DIR.
Examples:
  BEGIN;
  MATCH (c:Country {name: 'Pakistan'}) SET c.checked = true;
  ROLLBACK;
)"},
    {"explain", "show the plan of a query: EXPLAIN (without running it), PROFILE (with rows and times)",
     explainText()},
    {"notifications", "warnings about unknown labels, types and keys, and names that are aliases; --strict",
     notificationsText()},
    {"path", "how are two entities linked: PATH FROM a TO b",
     R"(PATH [ALL SHORTEST | TOP k] FROM entity TO entity [options] [AS OF time]
An entity is a name or alias, any case, quoted when it has spaces; a unique prefix
or whole word of a name is enough. The answer reads hop by hop with relationship
types, years and source paragraphs. Options: MAX hops, VIA TYPE|TYPE,
AVOID entity, ..., DIRECTED (follow arrows only), WEIGHTED BY key (the cheapest
path by a numeric relationship property instead of the fewest hops; with TOP k
the k cheapest; a relationship without the property is not followed).
AS OF 2015 (or 2015-06, 2015-06-01, date('2015-06')) ignores relationships that
started later or had ended by then (see :help temporal).
Examples:
  PATH FROM Ryzhenkov TO Pakistan;
  PATH ALL SHORTEST FROM Lukashenko TO 'Kashmir issue';
  PATH TOP 3 FROM Ryzhenkov TO Pakistan MAX 4;
  PATH FROM Ryzhenkov TO Pakistan AVOID "Lukashenko's visit to Pakistan";
  PATH FROM Pakistan TO Belarus AS OF 1995;
)"},
    {"neighbours", "what surrounds an entity: NEIGHBOURS OF a [DEPTH n]",
     R"(NEIGHBOURS OF entity [DEPTH n] [VIA TYPE|...] [LABELS Label|...] [OUTGOING | INCOMING]
              [WITH LINKS] [AS OF year]
(NEIGHBORS works too.) Shows the entity's own properties, then the nodes within
n hops (1 by default) by distance, each with the relationships that join it to
the level nearer the centre. WITH LINKS adds the links among the neighbours.
Examples:
  NEIGHBOURS OF SCO;
  NEIGHBOURS OF SCO DEPTH 2;
  NEIGHBOURS OF 'Belarusian delegation' WITH LINKS;
  NEIGHBOURS OF Pakistan LABELS Person|Organization OUTGOING;
)"},
    {"connect", "how do several entities hang together: CONNECT a, b, c",
     R"(CONNECT entity, entity, ... [MAX hops] [VIA TYPE|...] [AVOID entity, ...] [AS OF year]
Finds a small set of relationships that joins all the entities (a Steiner tree).
Examples:
  CONNECT Lukashenko, SCO, "Kashmir issue";
  CONNECT Ryzhenkov, Belarus MAX 4;
)"},
    {"export", "write a result as a picture (SVG, PNG, DOT) or as data (GraphML, CSV); :show",
     R"(statement EXPORT SVG|PNG|DOT|GRAPHML|CSV TO 'file' writes the nodes and
relationships of that statement's answer (CSV: a directory with nodes.csv and
edges.csv, which :load and --graph read back). SVG and PNG are drawn by kgq
itself through Graphviz's library; DOT is the same picture as Graphviz source.
A picture marks what the question was about (a path's two ends, the centre of a
neighbourhood, CONNECT's entities: bold, double border), puts a neighbourhood's
nodes in one column per distance, draws each label in its own shape and colour
(colour-blind safe, with a small legend) and labels relationships with type,
year, source paragraph and role. :export FORMAT FILE does the same for the last
result; with no last result, or one without nodes (after a CREATE), it refuses:
:save DIR writes the whole graph. :show draws the last result to a temporary SVG
and opens it (with xdg-open, when DISPLAY or WAYLAND_DISPLAY is set), otherwise
prints where the file is. Files are written atomically: a failed export leaves
no half-written file and the old one intact; a CSV directory is replaced whole.
Examples:
  PATH FROM Ryzhenkov TO Pakistan EXPORT SVG TO 'ryzhenkov.svg';
  NEIGHBOURS OF SCO DEPTH 2 EXPORT PNG TO 'sco.png';
  CONNECT Lukashenko, SCO, Kashmir EXPORT DOT TO 'connect.dot';
  NEIGHBOURS OF SCO DEPTH 2 EXPORT GRAPHML TO 'sco.graphml';
  MATCH (p:Person)-[r]->(x) RETURN p, r, x EXPORT CSV TO 'people';
  :export svg last.svg
  :export dot last.dot
)"},
    {"save", "keeping changes: :save DIR (CSV), kgq --db DIR (a database), :checkpoint",
     R"(:save DIR writes the whole graph as CSV (nodes.csv, edges.csv, kgq-meta.json) in
one step: a new directory beside DIR, flushed to disk, then swapped with DIR, so
DIR is either the old graph or the new one; DIR's other files are kept. The
statement EXPORT GRAPH TO 'DIR' does the same (in scripts and kgq -c). Rows keep
the graph's order (new nodes and relationships last), so a saved file diffs well.
kgq --db DIR opens (or creates) a database: every commit is in its log on disk
before the statement returns, and reopening replays it. kgq --db DIR --import PATH
creates one from CSV or GraphML. :checkpoint writes the snapshot now (kgq also
does when the log grows past the snapshot's size, and on a clean exit).
Examples:
  CREATE (:Country {id: 'nepal', name: 'Nepal'});
  :save my_graph
  EXPORT GRAPH TO 'my_graph';
)"},
    {"temporal", "dates, times and durations: date('2015-07-21'), duration('P1M'), AS OF 2015-06",
     R"(Values: date, localtime, time (with an offset), localdatetime, datetime (with an
offset or a named zone such as Europe/Minsk) and duration. Make them from ISO 8601
text (date('2015-07-21'), date('2015-W30-2'), date('2015-202'), date('2015-07'),
datetime('2015-07-21T21:40[Europe/Minsk]'), duration('P1Y2M10DT2H')), from maps
(date({year: 2015, month: 7, day: 21}), duration({days: 14, hours: 16})) or, with
no argument, from the statement's clock: date(), datetime(), time(), localtime(),
localdatetime() (the same instant all through one statement; X.realtime() is the
running clock). Read parts with .year .month .day .week .dayOfWeek .quarter
.ordinalDay .hour .minute .second .millisecond .nanosecond .timezone .offset
.epochSeconds .epochMillis; durations have .years .months .days .hours ...
Arithmetic: date + duration (months first, the day clamped to the month's end),
duration + duration, duration * number; duration.between(a, b), duration.inMonths,
inDays, inSeconds; date.truncate('month', d). Dates compare and sort; durations
are equal or not, but not smaller or larger. CSV columns may be typed date,
localtime, time, localdatetime, datetime, duration (and date[] ...).
Questions take AS OF 2015, AS OF 2015-06, AS OF 2015-06-01 or AS OF date('2015-06'):
a relationship dated by year, month or day is compared at the coarser precision.
Examples:
  RETURN date('2015-01-31') + duration('P1M') AS d;
  RETURN duration.between(date('1991-12-01'), date('2015-07-21')) AS d;
  RETURN date('2015-07-21').dayOfWeek AS dow, date.truncate('quarter', date('2015-07-21')) AS q;
  PATH FROM Pakistan TO Belarus AS OF 2015-06;
)"},
    {"serve", "explore the graph over HTTP: kgq serve and its JSON API",
     R"(kgq serve [--graph DIR | --db DIR] [--port N] [--bind ADDR] [--token T] [--allow-writes]
answers HTTP requests on the loaded graph and prints its URL (127.0.0.1:7475 by
default; --port 0 takes a free port). POST /query {"statement": ..., "parameters":
{...}} answers {"results": [...]}, each statement's object as --format json prints
it, and "error": {kind, message, line, column, hint, text} when one fails.
POST /export {"statement": ..., "format": "svg"} downloads the answer (dot, svg, png,
graphml, or csv as a tar); EXPORT ... TO a file is refused. GET /schema lists labels,
types, keys and patterns; GET /scripts the graph's saved question scripts;
GET /complete?text=... what Tab would offer at the end of text.
Opened in a browser, the printed URL is an explorer page: an editor with Tab
completion (Ctrl-Enter runs), answers as tables and as pictures (click a node
for its properties and cited paragraphs, double-click to expand, Shift-click two
nodes for the PATH between them), the saved scripts, history and export buttons.
GET /api lists the endpoints.
A request may carry "timeout" (ms) and "maxRows", at most the server's --timeout
(default 60000) and --max-rows, and an "id" that POST /cancel {"id": ...} stops.
One statement runs at a time. Requests are read-only unless --allow-writes (a
statement that would write is refused before it runs); BEGIN/COMMIT are refused.
A --bind other than loopback needs a token (--token, or one is generated and
printed), sent as Authorization: Bearer TOKEN on every request.
Examples:
  curl -s -H 'Content-Type: application/json' -d '{"statement": "MATCH (c:Country) RETURN c.name"}' http://127.0.0.1:7475/query
  MATCH (c:Country) RETURN c.name;
)"},
    {"functions", "the functions expressions may call", {}},  // generated from the registry
    {"params", "parameters: $name in queries, :param, --param",
     R"($name in a query is a parameter. Set one with :param name => expression (in the
REPL or a script) or --param name=JSON on the command line; :params lists them.
Examples:
  :param year => 2015
  MATCH (a)-[r]->(b) WHERE r.year = $year RETURN a.name, type(r), b.name;
  :params
)"},
    {"formats", "output: table, csv, json; :limit, :timing",
     R"(:format table (for people: columns fit the terminal, long cells wrap or end in …),
:format csv and :format json (for programs; one JSON object per statement).
--format does the same on the command line. :limit N shows N rows of a table and
summarises the rest; :limit 0 shows all. :timing on|off shows the time of each
statement after its row count.
Examples:
  :format csv
  MATCH (c:Country) RETURN c.name;
  :format table
  :limit 3
  MATCH (n) RETURN n.name;
)"},
  };
  for (auto& t : topics)
    if (t.name == "functions") t.text = functionsText;
  return topics;
}

}  // namespace

const std::vector<HelpTopic>& helpTopics() {
  static const std::vector<HelpTopic> topics = makeTopics();
  return topics;
}

std::optional<HelpTopic> findHelpTopic(std::string_view name) {
  std::string key = toLowerAscii(name);
  if (key == "neighbors") key = "neighbours";
  if (key == "optional" || key == "shortestpath") key = "match";
  if (key == "order" || key == "skip" || key == "limit" || key == "distinct") key = "return";
  if (key == "parameters" || key == "param") key = "params";
  if (key == "format") key = "formats";
  if (key == "profile" || key == "rules") key = "explain";
  for (const auto& t : helpTopics())
    if (t.name == key) return t;
  return std::nullopt;
}

}  // namespace kgq
