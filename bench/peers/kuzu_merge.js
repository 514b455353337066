#!/usr/bin/env node
// Kuzu's side of bench/bulk_growth.py (npm kuzu@0.11.3, embedded, in-memory database, all cores).
//
//   NODE_PATH=.../node_modules node bench/peers/kuzu_merge.js RELS.CSV
//
// Schema as a Kuzu user writes it: NODE TABLE N(id STRING PRIMARY KEY), REL TABLE T(FROM N TO N).
// Then, timed, the statement that matches kgq's, in Kuzu's own words:
//   LOAD FROM 'RELS.CSV' (header = true) MERGE (a:N {id: s}) MERGE (b:N {id: t}) MERGE (a)-[:T]->(b)
// Prints one JSON object: seconds of the statement, the node and relationship counts, peak RSS (KiB).
"use strict";
const kuzu = require("kuzu");

const now = () => Number(process.hrtime.bigint()) / 1e9;

async function main() {
  const csv = process.argv[2];
  const db = new kuzu.Database(":memory:");
  const conn = new kuzu.Connection(db);
  await conn.query("CREATE NODE TABLE N(id STRING, PRIMARY KEY(id))");
  await conn.query("CREATE REL TABLE T(FROM N TO N)");
  const t0 = now();
  await conn.query(`LOAD FROM '${csv}' (header = true) ` +
                   "MERGE (a:N {id: s}) MERGE (b:N {id: t}) MERGE (a)-[:T]->(b)");
  const seconds = now() - t0;
  const count = async (q) => Number((await (await conn.query(q)).getAll())[0].c);
  const nodes = await count("MATCH (n:N) RETURN count(n) AS c");
  const rels = await count("MATCH ()-[r:T]->() RETURN count(r) AS c");
  console.log(JSON.stringify({ seconds, nodes, rels, rss_kb: process.resourceUsage().maxRSS }));
}

main().catch((e) => {
  console.error(String(e && e.stack || e));
  process.exit(1);
});
