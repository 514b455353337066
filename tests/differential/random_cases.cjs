// Random graphs and random queries in the subset kgq and Kuzu share, run on both, rows compared as bags.
//
// A graph: 4-24 nodes with one label each of A, B, C (Kuzu: one label per node) and properties id
// (unique string, the node's identity when compared), num (int or null), name (string or null), flag
// (bool or null); up to 45 relationships of types R, S, T between random nodes (self-loops in half of
// the graphs, parallel relationships) with rid (unique int, the relationship's identity), w (int or
// null), tag (string or null). It is written as neo4j-admin CSV for `kgq --graph`, and loaded into Kuzu
// by the converter of kuzu_diff.cjs (relationships by COPY FROM, nodes by CREATE).
//
// A query is spelled once for kgq (openCypher) and once for Kuzu. The Kuzu spelling differs only where
// Kuzu's dialect or semantics differ by design:
//  - relationship uniqueness: openCypher matches a pattern as a trail (no relationship twice in one
//    MATCH), Kuzu as a walk; a variable-length hop gets Kuzu's TRAIL and each pair of single hops in one
//    MATCH gets `id(r1) <> id(r2)`;
//  - `type(r)` is `label(r)`; `WITH *` lists the variables;
//  - a CASE condition is wrapped in coalesce(..., false) (a Kuzu bug, see below: same meaning);
// and the comparison forgives two more: Kuzu's `collect()` of no rows is null and `sum()` of no values
// is null, where openCypher gives [] and 0.
// Shapes Kuzu cannot express, answers differently by design or gets wrong (bugs of 0.11.3, each named
// with its evidence where the generator leaves it out, and in docs/reliability.md) are not generated:
// label tests in WHERE and label disjunction, list comprehension, `WITH ... ORDER BY` without LIMIT,
// `null` inside `IN` lists (Kuzu's `3 IN [1, null]` is false, openCypher's null), string `+` with a null
// operand (Kuzu's `null + 'z'` is 'z'), `replace`, `toString`, `substring` (1-based in Kuzu), list
// indexing (1-based in Kuzu), unbounded `*` and lower bound 0, undirected hops on graphs with self-loops,
// and a variable-length hop in the same MATCH as another relationship (uniqueness across them would need
// list predicates over Kuzu's internal ids).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const d = require('./kuzu_diff.cjs');

const LABELS = ['A', 'B', 'C'];
const TYPES = ['R', 'S', 'T'];
const NAMES = ['al', 'bo', 'cy', 'dee', 'al bo', 'Bo', 'x,y', "o'k", ' cy '];
const TAGS = ['p', 'q', 'pq'];

function genGraph(r) {
  const n = r.int(4, 24);
  const nodes = [];
  for (let i = 0; i < n; i++) {
    // Every label occurs (Kuzu refuses a label it has no table for).
    const label = i < LABELS.length ? LABELS[i] : r.pick(LABELS);
    const props = { id: 'n' + i };
    if (r.chance(0.8)) props.num = r.int(-2, 6);
    if (r.chance(0.75)) props.name = r.pick(NAMES);
    if (r.chance(0.6)) props.flag = r.chance(0.5);
    nodes.push({ key: 'n' + i, labels: [label], props });
  }
  const m = r.int(TYPES.length, 45);
  // Half of the graphs have self-loops; queries on them use no undirected hop (see genQuery).
  const selfLoops = r.chance(0.5);
  const rels = [];
  for (let i = 0; i < m; i++) {
    const type = i < TYPES.length ? TYPES[i] : r.pick(TYPES);
    const props = { rid: i };
    if (r.chance(0.7)) props.w = r.int(0, 5);
    if (r.chance(0.5)) props.tag = r.pick(TAGS);
    const from = r.pick(nodes).key;
    let to = r.pick(nodes).key;
    if (!selfLoops) while (to === from) to = r.pick(nodes).key;
    rels.push({ from, to, type, props });
  }
  return {
    nodes, rels, idProp: 'id', selfLoops,
    nodeCols: [{ name: 'id', type: 'string' }, { name: 'num', type: 'int' }, { name: 'name', type: 'string' }, { name: 'flag', type: 'boolean' }],
    relCols: [{ name: 'rid', type: 'int' }, { name: 'w', type: 'int' }, { name: 'tag', type: 'string' }],
  };
}

function writeNeo4jAdmin(g, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const nodeLines = ['id:ID,:LABEL,num:int,name,flag:boolean'];
  for (const n of g.nodes) nodeLines.push([n.key, n.labels.join(';'), n.props.num, n.props.name, n.props.flag].map(d.csvField).join(','));
  const relLines = [':START_ID,:END_ID,:TYPE,rid:int,w:int,tag'];
  for (const e of g.rels) relLines.push([e.from, e.to, e.type, e.props.rid, e.props.w, e.props.tag].map(d.csvField).join(','));
  fs.writeFileSync(path.join(dir, 'nodes.csv'), nodeLines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'edges.csv'), relLines.join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------------
// Queries. `q.kgq` and `q.kuzu` are the two spellings; bagCols / sumCols / ordered steer the comparison.

function genQuery(r, graph) {
  const nodes = []; // node variables in scope
  const rels = []; // single-hop relationship variables in scope
  let fresh = 0;
  const both = (s) => ({ kgq: s, kuzu: s });
  const cat = (...parts) => ({ kgq: parts.map((p) => (typeof p === 'string' ? p : p.kgq)).join(''), kuzu: parts.map((p) => (typeof p === 'string' ? p : p.kuzu)).join('') });

  const nodePat = (v) => {
    let s = '(' + v;
    if (r.chance(0.5)) s += ':' + r.pick(LABELS);
    if (r.chance(0.12)) s += ` {num: ${r.int(-1, 4)}}`;
    return s + ')';
  };
  const types = () => {
    if (r.chance(0.3)) return '';
    const t = r.pick(TYPES);
    if (r.chance(0.3)) { const u = r.pick(TYPES.filter((x) => x !== t)); return ':' + t + '|' + u; }
    return ':' + t;
  };
  // Kuzu matches a self-loop twice with an undirected hop (once per direction); openCypher (Neo4j, kgq)
  // once. So a graph with self-loops gets only directed hops.
  const dirs = graph.selfLoops ? 1 : 2;
  const arrow = (inner) => { const k = r.int(0, dirs); return k === 0 ? `-[${inner}]->` : k === 1 ? `<-[${inner}]-` : `-[${inner}]-`; };

  // A MATCH clause; `scope` decides whether the variables it binds may be null (OPTIONAL).
  const matchClause = (optional, startFrom) => {
    const hopsHere = [];
    const parts = [];
    const newNodes = [];
    const chain = (start) => {
      let s = start;
      const hops = r.int(1, 2);
      for (let h = 0; h < hops; h++) {
        const rv = 'r' + fresh++;
        const nv = 'n' + fresh++;
        hopsHere.push(rv);
        const map = r.chance(0.1) ? ` {w: ${r.int(0, 5)}}` : '';
        s += arrow(rv + types() + map) + nodePat(nv);
        newNodes.push(nv);
      }
      return s;
    };
    const varLength = !optional && r.chance(startFrom ? 0.3 : 0.2);
    let text;
    let kuzuText;
    if (varLength) {
      const a = startFrom || 'n' + fresh++, b = 'n' + fresh++;
      if (!startFrom) newNodes.push(a);
      newNodes.push(b);
      // No lower bound 0: Kuzu 0.11.3's `* TRAIL 0..2` finds more paths than there are trails.
      const lo = r.int(1, 2), hi = lo + r.int(0, 2);
      const t = types();
      const inner = `${t}*${lo}..${hi}`;
      const k = r.int(0, dirs);
      const pre = k === 1 ? '<-' : '-', post = k === 0 ? '->' : '-';
      const pv = r.chance(0.3) ? 'p' + fresh++ : null;
      text = `${pv ? pv + ' = ' : ''}${startFrom ? `(${a})` : nodePat(a)}${pre}[${inner}]${post}${nodePat(b)}`;
      kuzuText = text.replace(`*${lo}..${hi}`, `* TRAIL ${lo}..${hi}`);
      if (pv) newNodes.push({ path: pv });
    } else {
      const start = startFrom ? `(${startFrom})` : (() => { const v = 'n' + fresh++; newNodes.push(v); return nodePat(v); })();
      parts.push(chain(start));
      if (!startFrom && r.chance(0.2)) {
        const from = r.pick(newNodes);
        parts.push(chain(`(${from})`));
      }
      text = parts.join(', ');
      kuzuText = text;
    }
    const scoped = { nodes: newNodes.filter((x) => typeof x === 'string'), rels: hopsHere, paths: newNodes.filter((x) => typeof x === 'object').map((x) => x.path) };
    const uniq = [];
    for (let i = 0; i < hopsHere.length; i++) for (let j = i + 1; j < hopsHere.length; j++) uniq.push(`id(${hopsHere[i]}) <> id(${hopsHere[j]})`);
    return { text, kuzuText, scoped, uniq };
  };

  const intLit = () => String(r.int(-1, 5));
  const nameLit = () => "'" + r.pick(['al', 'bo', 'Bo', 'cy', 'dee', 'al bo', 'a', 'o', 'x,y']).replace(/'/g, "\\'") + "'";

  // Typed expressions over the variables in scope.
  const intExpr = (depth = 0) => {
    const k = r.int(0, depth > 1 ? 1 : 8);
    if (k === 7) return cat(intExpr(depth + 1), ` / ${r.int(1, 3)}`);
    if (k === 8) return cat('sign(', intExpr(depth + 1), ')');
    if (k === 0 || (nodes.length === 0 && rels.length === 0)) return both(intLit());
    if (k === 1) return both(r.chance(0.8) || !rels.length ? `${r.pick(nodes)}.num` : `${r.pick(rels)}.w`);
    if (k === 2) { const a = intExpr(depth + 1), b = intExpr(depth + 1); return cat(a, ` ${r.pick(['+', '-', '*'])} `, b); }
    if (k === 3) return cat('abs(', intExpr(depth + 1), ')');
    if (k === 4) return cat(`${r.pick(nodes)}.num % `, String(r.int(2, 3)));
    if (k === 5) return cat('coalesce(', intExpr(depth + 1), ', ', intLit(), ')');
    return both(`size(${r.pick(nodes)}.name)`);
  };
  const strExpr = () => {
    const v = r.pick(nodes);
    const k = r.int(0, 9);
    if (k === 6) return both(`trim(${v}.name)`);
    if (k === 7) return both(`${r.pick(['left', 'right'])}(${v}.name, ${r.int(0, 3)})`);
    if (k === 8) return both(`reverse(${v}.name)`);
    if (k === 9) return both(`${r.pick(['ltrim', 'rtrim'])}(${v}.name)`);
    if (k === 0) return both(`${v}.name`);
    if (k === 1) return both(`toUpper(${v}.name)`);
    if (k === 2) return both(`toLower(${v}.name)`);
    if (k === 3) return both(`${v}.id`);
    if (k === 4 && rels.length) return { kgq: `type(${r.pick(rels)})`, kuzu: null };
    return both(`coalesce(${v}.name, 'none')`);
  };
  const fixTypeFn = (e) => (e.kuzu === null ? { kgq: e.kgq, kuzu: e.kgq.replace(/^type\(/, 'label(') } : e);
  const pred = (depth = 0) => {
    const k = r.int(0, depth >= 2 ? 6 : 9);
    const v = nodes.length ? r.pick(nodes) : null;
    switch (k) {
      case 0: return cat(intExpr(1), ` ${r.pick(['=', '<>', '<', '<=', '>', '>='])} `, intExpr(1));
      case 1: return cat(fixTypeFn(strExpr()), ` ${r.pick(['=', '<>', '<', '>='])} `, nameLit());
      case 2: return both(`${v}.name ${r.pick(['STARTS WITH', 'ENDS WITH', 'CONTAINS'])} ${nameLit()}`);
      case 3: return both(`${v}.${r.pick(['num', 'name', 'flag'])} IS ${r.chance(0.5) ? '' : 'NOT '}NULL`);
      // No null inside the list: Kuzu's `3 IN [1, null]` is false, openCypher's null.
      case 4: return both(`${v}.num IN [${[intLit(), intLit(), intLit()].join(', ')}]`);
      case 5: return both(r.chance(0.5) ? `${v}.flag` : `${v}.flag = ${r.chance(0.5)}`);
      case 6: return both(`${v}.id ${r.pick(['=', '<>', '<'])} ${r.pick(nodes)}.id`);
      case 7: return cat(pred(depth + 1), ` ${r.pick(['AND', 'OR', 'XOR'])} `, pred(depth + 1));
      case 8: return cat('NOT (', pred(depth + 1), ')');
      default: return cat('(', pred(depth + 1), ')');
    }
  };
  const scalar = () => {
    const k = r.int(0, 8);
    if (k <= 2) return intExpr();
    if (k <= 4) return fixTypeFn(strExpr());
    // Kuzu 0.11.3 takes the ELSE branch for every row of a batch in which the condition is null for
    // some row, so its spelling guards the condition with coalesce(..., false): the same meaning.
    if (k === 5) { const c = pred(1); return { kgq: `CASE WHEN ${c.kgq} THEN 'yes' ELSE 'no' END`, kuzu: `CASE WHEN coalesce(${c.kuzu}, false) THEN 'yes' ELSE 'no' END` }; }
    if (k === 6) return cat(`CASE ${r.pick(nodes)}.num WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END`);
    if (k === 7) return pred(1);
    return both(`${r.pick(nodes)}.flag`);
  };
  const ident = () => {
    // A whole node or relationship, compared by its id / rid.
    if (rels.length && r.chance(0.3)) return both(r.pick(rels));
    return both(r.pick(nodes));
  };

  const q = { bagCols: [], sumCols: [], ordered: false };
  const clauses = { kgq: [], kuzu: [] };
  const push = (e) => { clauses.kgq.push(e.kgq); clauses.kuzu.push(e.kuzu); };
  const where = (m) => {
    const preds = [];
    if (r.chance(0.6)) preds.push(pred());
    const kgqW = preds.length ? ` WHERE ${preds[0].kgq}` : '';
    const kuzuPreds = preds.map((p) => `(${p.kuzu})`).concat(m.uniq);
    const kuzuW = kuzuPreds.length ? ` WHERE ${kuzuPreds.join(' AND ')}` : '';
    return { kgq: kgqW, kuzu: kuzuW };
  };

  // Optional leading UNWIND.
  let unwound = null;
  if (r.chance(0.1)) {
    unwound = 'u';
    push(both(`UNWIND [${[intLit(), intLit()].join(', ')}] AS u`));
  }
  const m = matchClause(false, null);
  nodes.push(...m.scoped.nodes);
  rels.push(...m.scoped.rels);
  const w = where(m);
  push({ kgq: `MATCH ${m.text}${w.kgq}`, kuzu: `MATCH ${m.kuzuText}${w.kuzu}` });
  if (unwound && r.chance(0.7)) {
    // Kuzu has no `WITH *` and cannot pass a path through WITH: the node and relationship variables are listed.
    const vars = ['u'].concat(nodes, rels).join(', ');
    m.scoped.paths.length = 0;
    push(both(`WITH ${vars} WHERE ${r.pick(nodes)}.num ${r.pick(['=', '<>', '>'])} u`));
  }
  if (r.chance(0.25)) {
    const om = matchClause(true, r.pick(nodes));
    // The WHERE of an OPTIONAL MATCH reads only the variables the optional pattern binds: Kuzu 0.11.3
    // answers `OPTIONAL MATCH (a)-->(b) WHERE outer.p IS NULL` as if nothing matched when outer.p is null
    // (openCypher, Neo4j and kgq match; docs/reliability.md).
    const outer = [nodes.slice(), rels.slice()];
    nodes.length = 0; rels.length = 0;
    nodes.push(...om.scoped.nodes);
    rels.push(...om.scoped.rels);
    const ow = where(om);
    nodes.unshift(...outer[0]);
    rels.unshift(...outer[1]);
    push({ kgq: `OPTIONAL MATCH ${om.text}${ow.kgq}`, kuzu: `OPTIONAL MATCH ${om.kuzuText}${ow.kuzu}` });
      }
  if (r.chance(0.15)) {
    // WITH DISTINCT keeps one node, then a second MATCH goes on from it. Not `WITH v ORDER BY v.id
    // LIMIT k MATCH (v)...`: Kuzu 0.11.3 lets nodes past the LIMIT through to the MATCH.
    const v = r.pick(nodes);
    push(both(`WITH DISTINCT ${v}`));
    nodes.length = 0; rels.length = 0; m.scoped.paths.length = 0; nodes.push(v);
    const m2 = matchClause(false, v);
    nodes.push(...m2.scoped.nodes);
    rels.push(...m2.scoped.rels);
    m.scoped.paths.push(...m2.scoped.paths);
    const w2 = where(m2);
    push({ kgq: `MATCH ${m2.text}${w2.kgq}`, kuzu: `MATCH ${m2.kuzuText}${w2.kuzu}` });
  } else if (r.chance(0.15)) {
    // WITH: group and filter on the count, then go on with the grouped node.
    const v = r.pick(nodes);
    push(both(`WITH ${v}, count(*) AS c WHERE c ${r.pick(['>', '>=', '='])} ${r.int(1, 3)}`));
    nodes.length = 0; rels.length = 0; m.scoped.paths.length = 0; nodes.push(v);
    if (r.chance(0.5)) {
      push(both(`RETURN ${v}.id AS c0, c AS c1`));
      return finish();
    }
  }

  const shape = r.int(0, 9);
  const items = [];
  if (shape <= 3) {
    // Projection, maybe DISTINCT.
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) items.push(r.chance(0.15) ? ident() : scalar());
    if (m.scoped.paths.length && r.chance(0.5)) items.push(both(r.chance(0.5) ? `length(${m.scoped.paths[0]})` : m.scoped.paths[0]));
    const distinct = r.chance(0.3) ? 'DISTINCT ' : '';
    push(cat(`RETURN ${distinct}`, ...items.flatMap((e, i) => [i ? ', ' : '', e, ` AS c${i}`])));
  } else if (shape <= 6) {
    // Aggregation with 0-2 grouping keys.
    const keys = r.int(0, 2);
    for (let i = 0; i < keys; i++) items.push(scalar());
    const v = r.pick(nodes);
    const aggs = [
      () => both('count(*)'),
      () => both(`count(${v}.num)`),
      () => both(`count(DISTINCT ${v}.name)`),
      () => { q.sumCols.push(items.length); return cat('sum(', intExpr(1), ')'); },
      () => cat('min(', intExpr(1), ')'),
      () => both(`max(${v}.name)`),
      () => { q.bagCols.push(items.length); return both(`collect(${v}.id)`); },
      () => { q.bagCols.push(items.length); return both(`collect(DISTINCT ${v}.num)`); },
      () => both(`avg(${v}.num)`),
    ];
    // A DISTINCT aggregate is the only aggregate of its query: next to another one Kuzu 0.11.3
    // counts wrongly (`count(DISTINCT a.x), count(b.y)` gives count(b.y) = 0).
    const first = r.int(0, aggs.length - 1);
    const distinctAgg = [2, 7];
    items.push(aggs[first]());
    if (!distinctAgg.includes(first) && r.chance(0.5)) {
      const second = r.pick([...aggs.keys()].filter((i) => !distinctAgg.includes(i)));
      items.push(aggs[second]());
    }
    push(cat('RETURN ', ...items.flatMap((e, i) => [i ? ', ' : '', e, ` AS c${i}`])));
  } else {
    // ORDER BY every returned column (a total order up to equal rows), then SKIP/LIMIT; compared in order.
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) items.push(scalar());
    const order = items.map((_, i) => `c${i}${r.chance(0.4) ? ' DESC' : ''}`).join(', ');
    const skip = r.chance(0.3) ? ` SKIP ${r.int(0, 3)}` : '';
    push(cat('RETURN ', ...items.flatMap((e, i) => [i ? ', ' : '', e, ` AS c${i}`]), ` ORDER BY ${order}${skip} LIMIT ${r.int(1, 8)}`));
    q.ordered = true;
  }
  return finish();

  function finish() {
    q.kgq = clauses.kgq.join(' ');
    q.kuzu = clauses.kuzu.join(' ');
    return q;
  }
}

function main(args) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kgq-kuzu-random-'));
  const kuzu = d.loadKuzu(args.kuzu);
  const t0 = Date.now();
  let cases = 0, failures = 0, graphs = 0, kgqMs = 0, kuzuMs = 0, nonEmpty = 0;
  const kuzuErrors = new Map();
  try {
    for (let g = 0; cases < args.cases; g++) {
      const graphSeed = args.seed * 100003 + g;
      const r = d.rng(graphSeed);
      const graph = genGraph(r);
      const dir = path.join(tmp, 'g');
      fs.rmSync(dir, { recursive: true, force: true });
      writeNeo4jAdmin(graph, dir);
      const session = d.kuzuSession(kuzu, d.convertToKuzu(graph, path.join(dir, 'kuzu'), { allPairs: true, nodesByCreate: true }));
      const n = Math.min(args.perGraph, args.cases - cases);
      const qs = [];
      for (let i = 0; i < n; i++) qs.push(genQuery(r, graph));
      const tk = Date.now();
      const kgqRes = d.runKgq(args.kgq, dir, qs.map((q) => q.kgq), tmp);
      kgqMs += Date.now() - tk;
      qs.forEach((q, i) => {
        if (process.env.KGQ_DIFF_TRACE) process.stderr.write(`graph ${graphSeed} query ${i + 1}: ${q.kuzu}\n`);
        const tz = Date.now();
        const kr = session.run(q.kuzu);
        kuzuMs += Date.now() - tz;
        const diff = d.compare(kgqRes[i], kr, q, 'id');
        if (kgqRes[i].rows && kgqRes[i].rows.length) nonEmpty++;
        if (diff) {
          failures++;
          if (failures <= 30) {
            console.log(`MISMATCH graph seed ${graphSeed} (--seed ${args.seed}, graph ${g}), query ${i + 1}\n  kgq query:  ${q.kgq}\n  kuzu query: ${q.kuzu}\n  ${diff}`);
          }
          if (kr.error) kuzuErrors.set(kr.error.slice(0, 60), (kuzuErrors.get(kr.error.slice(0, 60)) || 0) + 1);
        }
      });
      session.close();
      cases += n;
      graphs++;
      if (failures >= 30) break;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`differential: ${cases} random queries (${nonEmpty} with rows) on ${graphs} random graphs (seed ${args.seed}) in ${secs} s (kgq ${(kgqMs / 1000).toFixed(1)} s, Kuzu queries ${(kuzuMs / 1000).toFixed(1)} s), ${failures} disagreements`);
  if (failures) {
    for (const [e, c] of kuzuErrors) console.log(`  ${c} x Kuzu error: ${e}`);
    console.log('  reproduce: tests/differential/run.sh random KGQ SRC --seed ' + args.seed + ' --cases ' + args.cases);
  }
  return failures ? 1 : 0;
}

module.exports = { main, genGraph, genQuery, writeNeo4jAdmin };
