#!/usr/bin/env node
// Differential testing of kgq against Kuzu (embedded, npm `kuzu`), issue #16.
//
//   node kuzu_diff.cjs random --kgq BIN --kuzu NODE_MODULES_DIR [--seed N] [--cases N] [--per-graph N]
//   node kuzu_diff.cjs saved  --kgq BIN --kuzu NODE_MODULES_DIR --src SOURCE_DIR
//
// `random` generates random graphs and random queries in the subset both engines share, runs each query
// on both and compares the rows as bags. `saved` exports the default graph with kgq's `EXPORT CSV`,
// converts the neo4j-admin CSV to Kuzu's table-per-label form, loads it with COPY FROM and runs every
// openCypher saved script on both. Any disagreement prints the seed, the query and both results and
// makes the exit status 1. See docs/reliability.md, "Differential testing".
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

function parseArgs(argv) {
  const args = { mode: argv[0], seed: 1, cases: 4000, perGraph: 100, verbose: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--kgq') args.kgq = next();
    else if (a === '--kuzu') args.kuzu = next();
    else if (a === '--src') args.src = next();
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--cases') args.cases = Number(next());
    else if (a === '--per-graph') args.perGraph = Number(next());
    else if (a === '--verbose') args.verbose = true;
    else throw new Error('unknown argument ' + a);
  }
  return args;
}

// ---------------------------------------------------------------------------------------------------
// Deterministic PRNG (mulberry32): the same seed gives the same graphs and queries on every machine.
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// ---------------------------------------------------------------------------------------------------
// neo4j-admin CSV (what `kgq --graph` reads and `EXPORT CSV` writes).

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false, i = 0, wasQuoted = false;
  const endField = () => { row.push(wasQuoted ? { q: field } : field); field = ''; wasQuoted = false; };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; wasQuoted = true; i++; continue; }
    if (c === ',') { endField(); i++; continue; }
    if (c === '\r') { i++; continue; }
    if (c === '\n') { endField(); rows.push(row); row = []; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { endField(); rows.push(row); }
  // A quoted empty field is an empty string; an unquoted one is absent (neo4j-admin).
  return rows.map((r) => r.map((f) => (typeof f === 'object' ? f.q : f === '' ? null : f)));
}

function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) || s === '' ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// Reads a neo4j-admin CSV directory into {nodes: [{key, labels, props}], rels: [{from, to, type, props}],
// nodeCols: [{name, type}], relCols: [{name, type}]}.
function readNeo4jAdmin(dir) {
  const header = (h) => {
    const i = h.lastIndexOf(':');
    return i < 0 ? { name: h, type: 'string' } : { name: h.slice(0, i), type: h.slice(i + 1) };
  };
  const convert = (raw, type) => {
    if (raw === null) return null;
    const base = type.replace(/\[\]$/, '');
    const one = (s) => {
      if (/^(int|long|short|byte)$/.test(base)) return Number(s);
      if (/^(float|double)$/.test(base)) return Number(s);
      if (base === 'boolean') return s === 'true';
      return s;
    };
    return type.endsWith('[]') ? raw.split(';').map(one) : one(raw);
  };
  const load = (file, special) => {
    const rows = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
    const cols = rows[0].map(header);
    const out = [];
    for (const r of rows.slice(1)) {
      const rec = { props: {} };
      cols.forEach((c, j) => {
        const v = j < r.length ? r[j] : null;
        if (special(c, v, rec)) return;
        const val = convert(v, c.type);
        if (val !== null) rec.props[c.name] = val;
      });
      out.push(rec);
    }
    return { cols: cols.filter((c) => c.name !== '' && !['ID', 'LABEL', 'START_ID', 'END_ID', 'TYPE'].includes(c.type)), out, all: cols };
  };
  let idProp = null;
  const nodes = load('nodes.csv', (c, v, rec) => {
    if (c.type === 'ID') { rec.key = v; if (c.name) { idProp = c.name; rec.props[c.name] = v; } return true; }
    if (c.type === 'LABEL') { rec.labels = v === null ? [] : v.split(';'); return true; }
    return false;
  });
  const rels = load('edges.csv', (c, v, rec) => {
    if (c.type === 'START_ID') { rec.from = v; return true; }
    if (c.type === 'END_ID') { rec.to = v; return true; }
    if (c.type === 'TYPE') { rec.type = v; return true; }
    return false;
  });
  const nodeCols = nodes.cols.slice();
  if (idProp && !nodeCols.some((c) => c.name === idProp)) nodeCols.unshift({ name: idProp, type: 'string' });
  return { nodes: nodes.out, rels: rels.out, nodeCols, relCols: rels.cols, idProp };
}

// ---------------------------------------------------------------------------------------------------
// Converter: neo4j-admin CSV -> Kuzu's table-per-label form. Kuzu wants a schema: a node table per label
// (a node has exactly one label there) with a primary key, and a relationship table per type listing
// its FROM/TO label pairs. Every node table gets every node column and every relationship table every
// relationship column, so that a property read off an unlabelled node (`MATCH (n) WHERE n.year ...`) or a
// relationship of several types binds in Kuzu as it does in kgq (a missing value is null in both).
// Writes DIR/kuzu/*.csv and returns the statements (DDL and COPY) that load them.

const KUZU_TYPE = { int: 'INT64', long: 'INT64', short: 'INT64', byte: 'INT64', float: 'DOUBLE', double: 'DOUBLE',
  boolean: 'BOOLEAN', string: 'STRING' };
function kuzuType(t) {
  const base = t.replace(/\[\]$/, '');
  const k = KUZU_TYPE[base] || 'STRING';
  return t.endsWith('[]') ? k + '[]' : k;
}
function kuzuCsvValue(v) {
  // Kuzu's CSV list syntax is [a,b]; elements with a comma, bracket or quote are single-quoted.
  if (Array.isArray(v)) {
    return '[' + v.map((e) => (typeof e === 'string' && /[,\[\]'"{}]/.test(e) ? "'" + e.replace(/'/g, "\\'") + "'" : String(e))).join(',') + ']';
  }
  return v;
}

// nodesByCreate: one CREATE per label instead of COPY (COPY into a node table builds its primary-key
// index at about 0.3 s a table, which dominates the time of a tiny random graph).
function cypherLiteral(v) {
  if (Array.isArray(v)) return '[' + v.map(cypherLiteral).join(', ') + ']';
  if (typeof v === 'string') return "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
  return String(v);
}

function convertToKuzu(graph, outDir, { allPairs = false, nodesByCreate = false } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const q = (name) => '`' + name + '`';
  const stmts = [];
  const labelOf = new Map();
  const byLabel = new Map();
  for (const n of graph.nodes) {
    if (n.labels.length !== 1) {
      throw new Error(`node ${n.key} has labels [${n.labels.join(', ')}]: Kuzu needs exactly one label per node`);
    }
    labelOf.set(n.key, n.labels[0]);
    if (!byLabel.has(n.labels[0])) byLabel.set(n.labels[0], []);
    byLabel.get(n.labels[0]).push(n);
  }
  const keyCol = graph.idProp || '_key';
  const nodeCols = graph.nodeCols.filter((c) => c.name !== keyCol);
  for (const [label, ns] of byLabel) {
    const cols = [`${q(keyCol)} STRING PRIMARY KEY`].concat(nodeCols.map((c) => `${q(c.name)} ${kuzuType(c.type)}`));
    stmts.push(`CREATE NODE TABLE ${q(label)}(${cols.join(', ')})`);
    if (nodesByCreate) {
      stmts.push('CREATE ' + ns.map((n) => `(:${q(label)} {${[`${q(keyCol)}: ${cypherLiteral(n.key)}`]
        .concat(nodeCols.filter((c) => n.props[c.name] != null).map((c) => `${q(c.name)}: ${cypherLiteral(n.props[c.name])}`)).join(', ')}})`).join(', '));
      continue;
    }
    const file = path.join(outDir, `node_${label}.csv`);
    const lines = [[keyCol].concat(nodeCols.map((c) => c.name)).join(',')];
    for (const n of ns) lines.push([csvField(n.key)].concat(nodeCols.map((c) => csvField(kuzuCsvValue(n.props[c.name] ?? null)))).join(','));
    fs.writeFileSync(file, lines.join('\n') + '\n');
    stmts.push(`COPY ${q(label)} FROM '${file}' (header=true, escape='"')`);
  }
  const byType = new Map();
  for (const r of graph.rels) {
    const pair = labelOf.get(r.from) + '\u0000' + labelOf.get(r.to);
    if (!byType.has(r.type)) byType.set(r.type, new Map());
    const pairs = byType.get(r.type);
    if (!pairs.has(pair)) pairs.set(pair, []);
    pairs.get(pair).push(r);
  }
  const labels = [...byLabel.keys()];
  for (const [type, pairs] of byType) {
    const declared = allPairs ? labels.flatMap((a) => labels.map((b) => a + '\u0000' + b)) : [...pairs.keys()];
    const fromTo = declared.map((p) => { const [a, b] = p.split('\u0000'); return `FROM ${q(a)} TO ${q(b)}`; });
    const cols = fromTo.concat(graph.relCols.map((c) => `${q(c.name)} ${kuzuType(c.type)}`));
    stmts.push(`CREATE REL TABLE ${q(type)}(${cols.join(', ')})`);
    for (const [pair, rs] of pairs) {
      const [a, b] = pair.split('\u0000');
      const file = path.join(outDir, `rel_${type}_${a}_${b}.csv`);
      const lines = [['from', 'to'].concat(graph.relCols.map((c) => c.name)).join(',')];
      for (const r of rs) lines.push([csvField(r.from), csvField(r.to)].concat(graph.relCols.map((c) => csvField(kuzuCsvValue(r.props[c.name] ?? null)))).join(','));
      fs.writeFileSync(file, lines.join('\n') + '\n');
      stmts.push(`COPY ${q(type)} FROM '${file}' (from='${a}', to='${b}', header=true, escape='"')`);
    }
  }
  return stmts;
}

// ---------------------------------------------------------------------------------------------------
// Running both engines.

function loadKuzu(modDir) {
  return require(path.join(path.resolve(modDir), 'kuzu'));
}

function kuzuSession(kuzu, stmts) {
  // A small buffer pool and database size: the default reserves most of the memory, and creating a
  // database per random graph then costs about a second.
  const db = new kuzu.Database(":memory:", 512 * 2 ** 20, true, false, 2 ** 32);
  const conn = new kuzu.Connection(db);
  // One thread: the graphs are tiny, and ctest runs other tests on the other core.
  conn.setMaxNumThreadForExec(1);
  conn.setQueryTimeout(60000);
  for (const s of stmts) {
    try { const res = conn.querySync(s); res.getAllSync(); res.close(); } catch (e) { throw new Error(`Kuzu refused \`${s}\`: ${e.message}`); }
  }
  return {
    run(query) {
      try {
        const res = conn.querySync(query);
        const out = { columns: res.getColumnNamesSync(), rows: res.getAllSync() };
        res.close();
        return out;
      } catch (e) {
        return { error: e.message.split('\n')[0] };
      }
    },
    close() { conn.closeSync(); db.closeSync(); },
  };
}

// Runs the statements in one kgq process (`-f`, `--format json`: one JSON object per statement on a
// line). kgq stops at the first failing statement, so after a failure the rest run again in a new process.
function runKgq(bin, graphDir, queries, tmp) {
  const results = [];
  let start = 0;
  while (start < queries.length) {
    const file = path.join(tmp, 'queries.cypher');
    fs.writeFileSync(file, queries.slice(start).map((s) => s + ';\n').join(''));
    const args = (graphDir ? ['--graph', graphDir] : ['--empty']).concat(['-f', file, '--format', 'json']);
    const p = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const lines = p.stdout.split('\n').filter((l) => l.trim() !== '');
    for (const l of lines) results.push(JSON.parse(l));
    start += lines.length;
    if (start < queries.length) {
      if (p.status === 0) throw new Error(`kgq ran ${lines.length} of ${queries.length - start + lines.length} statements without an error`);
      const msg = p.stderr.split('\n').filter((l) => !/^\[warning\]/.test(l) && l.trim() !== '');
      results.push({ error: (msg[0] || `exit ${p.status}`).trim() });
      start++;
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------
// Normalising values: numbers by value (an integer-valued float equals the integer; floats to 12
// significant digits), nodes by their id property, relationships by `rid` (random graphs) or by
// endpoints, type and properties, paths as their node and relationship sequences. Columns whose
// values are collected lists are compared as bags (`collect()` has no defined order).

function normValue(v, idProp) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => normValue(x, idProp));
  if (v._kind === 'node') return { node: v.properties[idProp] };
  if (v._kind === 'relationship') return { rel: relKey(v.properties) };
  if (v._kind === 'path') return { path: v.nodes.map((n) => n.properties[idProp]), rels: v.relationships.map((r) => relKey(r.properties)) };
  if (v._nodes) return { path: v._nodes.map((n) => n[idProp]), rels: v._rels.map((r) => relKey(kuzuProps(r))) };
  if (v._src && v._label !== undefined) return { rel: relKey(kuzuProps(v)) };
  if (v._label !== undefined && v._id) return { node: v[idProp] };
  const out = {};
  for (const k of Object.keys(v).sort()) out[k] = normValue(v[k], idProp);
  return out;
}
function kuzuProps(r) {
  const p = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('_') && v !== null) p[k] = v;
  return p;
}
function relKey(props) { return props.rid !== undefined ? Number(props.rid) : JSON.stringify(props); }

const stable = (v) => JSON.stringify(v);

// kgq rows are arrays in column order; Kuzu rows are objects keyed by column name.
function normRows(result, idProp, bagCols, sumCols) {
  const rows = result.rows.map((r) => {
    const vals = Array.isArray(r) ? r : result.columns.map((c) => r[c]);
    return vals.map((v, j) => {
      let n = normValue(v, idProp);
      if (bagCols.has(j)) n = n === null ? [] : n.slice().sort((a, b) => (stable(a) < stable(b) ? -1 : stable(a) > stable(b) ? 1 : 0));
      if (sumCols.has(j) && n === null) n = 0;
      return n;
    });
  });
  return rows.map(stable);
}

function compare(kgqRes, kuzuRes, q, idProp) {
  if (kgqRes.error || kuzuRes.error) {
    if (kgqRes.error && kuzuRes.error && q.bothMayFail) return null;
    return `kgq: ${kgqRes.error || 'ok'}\n  kuzu: ${kuzuRes.error || 'ok'}`;
  }
  const bagCols = new Set(q.bagCols || []);
  const sumCols = new Set(q.sumCols || []);
  const a = normRows(kgqRes, idProp, bagCols, sumCols);
  const b = normRows(kuzuRes, idProp, bagCols, sumCols);
  if (q.ordered) {
    if (stable(a) === stable(b)) return null;
  } else {
    const sa = a.slice().sort(), sb = b.slice().sort();
    if (stable(sa) === stable(sb)) return null;
  }
  const show = (rows) => (rows.length > 12 ? rows.slice(0, 12).join('\n    ') + `\n    ... (${rows.length} rows)` : rows.join('\n    '));
  if (q.ordered) return `kgq (${a.length} rows, in order):\n    ${show(a)}\n  kuzu (${b.length} rows, in order):\n    ${show(b)}`;
  // Bags: show the rows only one engine has (with multiplicity).
  const minus = (x, y) => { const left = y.slice(); return x.filter((row) => { const i = left.indexOf(row); if (i < 0) return true; left.splice(i, 1); return false; }); };
  return `${a.length} rows from kgq, ${b.length} from kuzu; only from kgq:\n    ${show(minus(a, b).sort())}\n  only from kuzu:\n    ${show(minus(b, a).sort())}`;
}

module.exports = { rng, parseCsv, csvField, readNeo4jAdmin, convertToKuzu, loadKuzu, kuzuSession, runKgq, compare, parseArgs };

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  const mode = args.mode === 'random' ? require('./random_cases.cjs') : require('./saved_scripts.cjs');
  // Exit at once: letting Node tear down with Kuzu's native objects around has crashed at exit (0.11.3).
  process.exit(mode.main(args));
}
