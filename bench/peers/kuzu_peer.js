#!/usr/bin/env node
// Kuzu peer for the kgq benchmark (npm kuzu@0.11.3, embedded, in-memory database).
//
//   NODE_PATH=/tmp/kgq-bench/node_modules node bench/peers/kuzu_peer.js DATADIR [--load split|filter]
//                                                                        [--only W1,W4]
//
// Schema as a Kuzu user would write it: one node table per label (id STRING PRIMARY KEY, name,
// year) and one relationship table per type (FROM label TO label, since).  W1 = CREATE TABLEs +
// COPY FROM, in one of two ways:
//   split   (default, Kuzu's best case) one CSV per table, cut from nodes.csv/edges.csv BEFORE the
//           clock starts (cached in DATADIR/kuzu-split/), then COPY <table> FROM '<table>.csv'
//   filter  straight from the same two neo4j-admin files: COPY <table> FROM (LOAD WITH HEADERS
//           (...) FROM 'nodes.csv' WHERE label = '<table>' RETURN ...), one scan per table
// Kuzu uses all cores (2 here).
//   W2  MATCH p = (a {id: $s})-[* SHORTEST 1..30]-(b {id: $t}) RETURN length(p)   (-1 = no row;
//       1..5000 on the grid shape, whose paths are longer than Kuzu's default bound of 30)
//   W3  MATCH (a {id: $s})-[* TRAIL 1..2]-(b) RETURN count(DISTINCT b)   (TRAIL = openCypher
//       relationship-uniqueness semantics; Kuzu's default WALK counts a whenever it has a
//       neighbour, and in 0.11.3 `CALL recursive_pattern_semantic='TRAIL'` is accepted and shown
//       by current_setting but does not change the result, so the pattern says TRAIL itself)
//   W4  MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE a.year > b.year RETURN count(*)
//       (or meta.json's schema: its W4 labels and type, its int node property)
// Prints one JSON object like the Python peers (see peers/common.py).
"use strict";
const fs = require("fs");
const path = require("path");
const kuzu = require("kuzu");

// The kg generator's schema (must match gen_graph.py REL_TYPES); a dataset whose meta.json has a
// "schema" (bench/wordnet_shape.py) names its own labels, types, int properties and W4.
const KG_LABELS = ["Person", "Organization", "Country", "Treaty", "Issue"];
const KG_RELS = [
  ["KNOWS", "Person", "Person"],
  ["MEMBER_OF", "Person", "Organization"],
  ["SUPPORTS", "Person", "Issue"],
  ["OPPOSES", "Person", "Issue"],
  ["BASED_IN", "Organization", "Country"],
  ["PARTNER_OF", "Organization", "Organization"],
  ["PARTY_TO", "Country", "Treaty"],
  ["CONCERNS", "Treaty", "Issue"],
];

const now = () => Number(process.hrtime.bigint()) / 1e9;
const rssKb = () => process.resourceUsage().maxRSS; // KiB

// Cuts nodes.csv / edges.csv into one headed CSV per table (once; reused while newer than the input).
async function splitFiles(nodesCsv, edgesCsv, splitDir, nodeInt, relInt) {
  const stamp = path.join(splitDir, ".done");
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(edgesCsv).mtimeMs &&
      fs.statSync(stamp).mtimeMs >= fs.statSync(nodesCsv).mtimeMs) return;
  fs.mkdirSync(splitDir, { recursive: true });
  const cut = async (file, keyCol, header) => {
    const outs = new Map();
    const get = (key) => {
      let o = outs.get(key);
      if (!o) {
        o = { fd: fs.openSync(path.join(splitDir, key + ".csv"), "w"), buf: [header] };
        outs.set(key, o);
      }
      return o;
    };
    const flush = (o) => { fs.writeSync(o.fd, o.buf.join("\n") + "\n"); o.buf = []; };
    let rest = "";
    let first = true;
    for await (const chunk of fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 22 })) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop();
      for (const line of lines) {
        if (first) { first = false; continue; }
        if (!line) continue;
        const f = line.split(",");  // the generator never quotes
        const key = f[keyCol];
        f.splice(keyCol, 1);
        const o = get(key);
        o.buf.push(f.join(","));
        if (o.buf.length >= 100000) flush(o);
      }
    }
    if (rest) throw new Error(`${file}: no newline at the end`);
    for (const o of outs.values()) { flush(o); fs.closeSync(o.fd); }
  };
  await cut(nodesCsv, 1, `id,name,${nodeInt}`);
  await cut(edgesCsv, 2, `from,to,${relInt}`);
  fs.writeFileSync(stamp, "");
}

async function main() {
  const dir = path.resolve(process.argv[2]);
  const pairs = fs.readFileSync(path.join(dir, "pairs.txt"), "utf8").split("\n").filter(Boolean).map((l) => l.split(/\s+/));
  const seeds = fs.readFileSync(path.join(dir, "seeds.txt"), "utf8").split("\n").map((s) => s.trim()).filter(Boolean);
  const out = { peer: "kuzu", version: kuzu.VERSION || "0.11.3", workloads: {}, answers: {}, notes: [] };
  const db = new kuzu.Database(":memory:");
  const conn = new kuzu.Connection(db);
  const all = async (q, params) => {
    let res;
    if (params) {
      const ps = await conn.prepare(q);
      res = await conn.execute(ps, params);
    } else {
      res = await conn.query(q);
    }
    return res.getAll();
  };
  // --only W1,W4: the other workloads are skipped (the load always runs: they need it)
  const oi = process.argv.indexOf("--only");
  const only = oi > 0 ? process.argv[oi + 1].split(",") : null;
  const run = async (name, fn) => {
    if (only && name !== "W1" && !only.includes(name)) return;
    const t0 = now();
    const [checksum, answers] = await fn();
    const seconds = now() - t0;
    out.workloads[name] = { seconds, checksum, rss_kb: rssKb() };
    if (answers) out.answers[name] = answers;
    process.stderr.write(`kuzu ${name}: ${seconds.toFixed(3)} s checksum ${checksum}\n`);
  };
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  const schema = meta.schema || {};
  const LABELS = schema.labels || KG_LABELS;
  const RELS = schema.rels || KG_RELS;
  const nodeInt = schema.node_int || "year";
  const relInt = schema.rel_int || "since";
  const [w4a, w4t, w4b] = schema.w4 || ["Person", "KNOWS", "Person"];
  const nodesCsv = path.join(dir, "nodes.csv");
  const edgesCsv = path.join(dir, "edges.csv");
  const li = process.argv.indexOf("--load");
  const loadMode = li > 0 ? process.argv[li + 1] : "split";
  const splitDir = path.join(dir, "kuzu-split");
  if (loadMode === "split") await splitFiles(nodesCsv, edgesCsv, splitDir, nodeInt, relInt);
  out.notes.push(`W1 load mode: ${loadMode}`);

  await run("W1", async () => {
    for (const l of LABELS) await all(`CREATE NODE TABLE ${l}(id STRING PRIMARY KEY, name STRING, ${nodeInt} INT64)`);
    for (const [t, a, b] of RELS) await all(`CREATE REL TABLE ${t}(FROM ${a} TO ${b}, ${relInt} INT64)`);
    if (loadMode === "split") {
      for (const l of LABELS) await all(`COPY ${l} FROM '${path.join(splitDir, l + ".csv")}' (header=true)`);
      for (const [t] of RELS) await all(`COPY ${t} FROM '${path.join(splitDir, t + ".csv")}' (header=true)`);
    } else {
      for (const l of LABELS)
        await all(`COPY ${l} FROM (LOAD WITH HEADERS (id STRING, label STRING, name STRING, ${nodeInt} INT64) ` +
                  `FROM '${nodesCsv}' (header=true) WHERE label = '${l}' RETURN id, name, ${nodeInt})`);
      for (const [t] of RELS)
        await all(`COPY ${t} FROM (LOAD WITH HEADERS (s STRING, e STRING, type STRING, ${relInt} INT64) ` +
                  `FROM '${edgesCsv}' (header=true) WHERE type = '${t}' RETURN s, e, ${relInt})`);
    }
    const n = Number((await all("MATCH (n) RETURN count(*) AS c"))[0].c);
    const m = Number((await all("MATCH ()-[r]->() RETURN count(*) AS c"))[0].c);
    return [n + m, null];
  });

  // Kuzu bounds every variable-length pattern (30 by default); the grid shape's paths are longer.
  const maxHops = meta.shape === "grid" ? 5000 : 30;
  if (maxHops > 30) {
    await all(`CALL var_length_extend_max_depth=${maxHops}`);
    out.notes.push(`W2 upper bound ${maxHops} (var_length_extend_max_depth)`);
  }
  await run("W2", async () => {
    const ps = await conn.prepare(`MATCH p = (a {id: $s})-[* SHORTEST 1..${maxHops}]-(b {id: $t}) RETURN length(p) AS len`);
    const ans = [];
    for (const [s, t] of pairs) {
      const rows = await (await conn.execute(ps, { s, t })).getAll();
      ans.push(rows.length ? Number(rows[0].len) : -1);
    }
    return [ans.reduce((a, b) => a + b, 0), ans];
  });

  await run("W3", async () => {
    const ps = await conn.prepare("MATCH (a {id: $s})-[* TRAIL 1..2]-(b) RETURN count(DISTINCT b) AS n");
    const ans = [];
    for (const s of seeds) {
      const rows = await (await conn.execute(ps, { s })).getAll();
      ans.push(Number(rows[0].n));
    }
    return [ans.reduce((a, b) => a + b, 0), ans];
  });

  await run("W4", async () => {
    const rows = await all(`MATCH (a:${w4a})-[:${w4t}]->(b:${w4b}) WHERE a.${nodeInt} > b.${nodeInt} RETURN count(*) AS n`);
    return [Number(rows[0].n), null];
  });
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  process.stderr.write(`kuzu peer failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
