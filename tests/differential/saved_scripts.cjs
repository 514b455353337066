// The saved scripts of the default graph on Kuzu: export the graph with kgq's `EXPORT CSV`, convert the
// neo4j-admin CSV to Kuzu tables, load it with COPY FROM, run every openCypher statement of
// graphs/pakistan_belarus/queries/*.kgq on both engines and compare the rows as bags.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const d = require('./kuzu_diff.cjs');

// kgq's own statements (PATH, NEIGHBOURS, CONNECT: the question language) have no openCypher form.
const KGQ_ONLY = /^(PATH|NEIGHBOURS|NEIGHBORS|CONNECT)\b/i;

// Where Kuzu's dialect differs from openCypher, the same question is spelled differently. These are
// the only rewrites (docs/reliability.md lists them for a user moving to Kuzu): lists are indexed from 1,
// a node has one label, `label()` (Kuzu) is `labels(n)[0]` and `type(r)` (openCypher).
// A label test in an expression (`NOT x:Agreement`) is `label(x) = 'Agreement'`. ORDER BY resolves a
// name to the variable before the RETURN alias of the same name (`RETURN part.name AS part ORDER BY
// part` orders by the node, which Kuzu refuses), so an ORDER BY key that is a RETURN alias becomes its
// expression. Label and type names are quoted: some are keywords in Kuzu (`Group`).
function splitTop(s) {
  const parts = [];
  let depth = 0, quote = null, cur = '';
  for (const c of s) {
    if (quote) { if (c === quote) quote = null; }
    else if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) { parts.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur.trim());
  return parts;
}
function orderByExpressions(q) {
  const m = /\bRETURN\s+(DISTINCT\s+)?([\s\S]*?)\s+ORDER\s+BY\s+([\s\S]*?)(\s+(SKIP|LIMIT)\b[\s\S]*)?$/i.exec(q);
  if (!m || m[1]) return q;
  const vars = new Set([...q.slice(0, m.index).matchAll(/[(\[]\s*([A-Za-z_]\w*)/g)].map((v) => v[1]));
  const alias = new Map();
  for (const item of splitTop(m[2])) {
    const a = /^([\s\S]+?)\s+AS\s+([A-Za-z_]\w*)$/i.exec(item);
    if (a) alias.set(a[2], a[1]);
  }
  const keys = splitTop(m[3]).map((k) => {
    const kk = /^([A-Za-z_]\w*)(\s+(ASC|DESC|ASCENDING|DESCENDING))?$/i.exec(k);
    return kk && alias.has(kk[1]) && vars.has(kk[1]) ? alias.get(kk[1]) + (kk[2] || '') : k;
  });
  return q.slice(0, m.index) + `RETURN ${m[2]} ORDER BY ${keys.join(', ')}${m[4] || ''}`;
}
function toKuzuDialect(q, names = []) {
  q = orderByExpressions(q).replace(/(\s)([a-z_]\w*):(\w+)/g, "$1label($2) = '$3'");
  for (const n of names) q = q.replace(new RegExp(`([:|])\\s*${n}\\b`, 'g'), `$1\`${n}\``);
  return q
    .replace(/\blabels\(([A-Za-z_][A-Za-z_0-9]*)\)\[0\]/g, 'label($1)')
    .replace(/\btype\(([A-Za-z_][A-Za-z_0-9]*)\)/g, 'label($1)')
    .replace(/([A-Za-z_0-9)\]])\[(\d+)\]/g, (m, before, k) => `${before}[${Number(k) + 1}]`);
}

function statements(text) {
  const noComments = text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
  return noComments.split(';').map((s) => s.trim()).filter((s) => s !== '');
}

function main(args) {
  const graphDir = path.join(args.src, 'graphs', 'pakistan_belarus');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kgq-kuzu-saved-'));
  try {
    const exportDir = path.join(tmp, 'export');
    const ex = spawnSync(args.kgq, ['--graph', graphDir, '-c',
      `MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r EXPORT CSV TO '${exportDir}'`], { encoding: 'utf8' });
    if (ex.status !== 0) throw new Error('kgq export failed: ' + ex.stderr);
    const graph = d.readNeo4jAdmin(exportDir);
    const stmts = d.convertToKuzu(graph, path.join(tmp, 'kuzu'));
    const kuzu = d.kuzuSession(d.loadKuzu(args.kuzu), stmts);
    const cases = [];
    const skipped = [];
    // First the whole graph, every property of every node and relationship: the export and the
    // conversion lose nothing.
    const bt = (n) => '`' + n + '`';
    cases.push({ file: '(whole graph)', index: 1, text: `MATCH (n) RETURN labels(n)[0] AS label, ` +
      graph.nodeCols.map((c, i) => `n.${bt(c.name)} AS p${i}`).join(', ') });
    cases.push({ file: '(whole graph)', index: 2, text: `MATCH (a)-[r]->(b) RETURN a.${bt(graph.idProp)} AS a, type(r) AS type, ` +
      `b.${bt(graph.idProp)} AS b, ` + graph.relCols.map((c, i) => `r.${bt(c.name)} AS p${i}`).join(', ') });
    const files = fs.readdirSync(path.join(graphDir, 'queries')).filter((f) => f.endsWith('.kgq')).sort();
    for (const f of files) {
      const ss = statements(fs.readFileSync(path.join(graphDir, 'queries', f), 'utf8'));
      const only = ss.filter((s) => KGQ_ONLY.test(s));
      if (only.length) { skipped.push(`${f} (${only[0].split(/\s/)[0]})`); continue; }
      ss.forEach((s, i) => cases.push({ file: f, index: i + 1, text: s }));
    }
    const kgqResults = d.runKgq(args.kgq, graphDir, cases.map((c) => c.text), tmp);
    const names = [...new Set(graph.nodes.flatMap((n) => n.labels).concat(graph.rels.map((r) => r.type)))];
    let failures = 0;
    cases.forEach((c, i) => {
      const kq = toKuzuDialect(c.text, names);
      const kr = kuzu.run(kq);
      // collect() has no defined order: its columns are compared as bags, other lists in order.
      const ret = /\bRETURN\s+(?:DISTINCT\s+)?([\s\S]*?)(\s+ORDER\s+BY\b[\s\S]*)?$/i.exec(c.text);
      const bagCols = ret ? splitTop(ret[1]).flatMap((item, j) => (/\bcollect\s*\(/i.test(item) ? [j] : [])) : [];
      const diff = d.compare(kgqResults[i], kr, { bagCols }, graph.idProp);
      const rows = kgqResults[i].rows ? kgqResults[i].rows.length : 0;
      if (diff) {
        failures++;
        console.log(`MISMATCH ${c.file} statement ${c.index}\n  query: ${c.text.replace(/\s+/g, ' ')}\n  on Kuzu: ${kq.replace(/\s+/g, ' ')}\n  ${diff}`);
      } else if (args.verbose) {
        console.log(`same rows (${rows}): ${c.file} statement ${c.index}`);
      }
    });
    kuzu.close();
    console.log(`saved scripts: ${cases.length - 2} openCypher statements from ${files.length - skipped.length} files ` +
      `and the whole graph (${graph.nodes.length} nodes, ${graph.rels.length} relationships) compared, ` +
      `${failures} differ; ${skipped.length} kgq-only files skipped: ${skipped.join(', ')}`);
    return failures ? 1 : 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { main, toKuzuDialect };
