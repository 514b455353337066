// kgq serve's page: an editor, the answer as tables and as Graphviz's picture drawn by the server
// (POST /export, format svg: the DOT export's styling), and the graph explored by clicking.
// Everything it asks goes through the JSON API of engine/server/server.cpp; nothing comes from
// elsewhere (the Content-Security-Policy allows this origin only).
'use strict';

const token = new URLSearchParams(location.search).get('token');
const $ = (id) => document.getElementById(id);
const HISTORY_KEY = 'kgq.history';
const HISTORY_MAX = 100;

const state = {
  schema: null,           // GET /schema
  keywords: new Set(),    // the completer's keywords, for colouring
  view: null,             // what the picture shows: {statement, parameters, nodes: Set, rels: Set}
  selected: null,         // the element id ("kgq-n5") shown in the details panel
  picks: [],              // node ids picked for PATH
  names: new Map(),       // node id -> display name, from every answer seen
  running: null,          // the id of the /query in flight, for Cancel
  completion: null,       // {word, candidates, active}
};

// ---- the API ---------------------------------------------------------------------------------

async function api(method, path, body) {
  const headers = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
}

async function apiJson(method, path, body) {
  const res = await api(method, path, body);
  let doc;
  try {
    doc = await res.json();
  } catch (e) {
    doc = {error: {kind: 'RequestError', message: 'the server answered HTTP ' + res.status + ' without JSON'}};
  }
  return {ok: res.ok, status: res.status, doc};
}

// A statement of the page's own (a node's properties, its neighbours): its error is shown like any other.
async function ask(statement, parameters) {
  const {ok, doc} = await apiJson('POST', '/query', {statement, parameters});
  if (!ok) {
    showError(doc.error, statement);
    return null;
  }
  rememberNames(doc.results);
  return doc.results;
}

// ---- small DOM helpers -------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function setStatus(text) {
  $('status').textContent = text;
}

function displayKey() {
  return (state.schema && state.schema.meta && state.schema.meta.display) || 'name';
}

function sourceKey() {
  return (state.schema && state.schema.meta && state.schema.meta.source) || 'source';
}

function nodeName(node) {
  const p = node.properties || {};
  const name = p[displayKey()];
  return name !== undefined && name !== null ? String(name) : (node.labels || []).join(':') + ' ' + node.id;
}

// A string literal of kgq's language.
function quoted(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

// ---- values of the JSON answers ------------------------------------------------------------------

function walkValues(v, visit) {
  if (Array.isArray(v)) v.forEach((x) => walkValues(x, visit));
  else if (v && typeof v === 'object') {
    if (v._kind === 'node' || v._kind === 'relationship') visit(v);
    if (v._kind === 'path') {
      v.nodes.forEach(visit);
      v.relationships.forEach(visit);
    } else if (v._kind === undefined) Object.values(v).forEach((x) => walkValues(x, visit));
  }
}

function graphValues(results) {
  const nodes = new Set(), rels = new Set();
  for (const r of results) walkValues(r.rows, (v) => (v._kind === 'node' ? nodes : rels).add(v.id));
  return {nodes, rels};
}

function rememberNames(results) {
  for (const r of results || []) walkValues(r.rows, (v) => {
    if (v._kind === 'node') state.names.set(v.id, nodeName(v));
  });
}

function valueText(v) {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[' + v.map(valueText).join(', ') + ']';
  if (typeof v === 'object') {
    if (v._kind === 'node') return '(' + (v.labels || []).map((l) => ':' + l).join('') + ' ' + nodeName(v) + ')';
    if (v._kind === 'relationship') return '[:' + v.type + ']';
    if (v._kind === 'path') {
      let s = nodeName(v.nodes[0]);
      v.relationships.forEach((r, i) => {
        const a = v.nodes[i], b = v.nodes[i + 1];
        s += r.start === a.id ? ' -[:' + r.type + ']-> ' : ' <-[:' + r.type + ']- ';
        s += nodeName(b);
      });
      return s;
    }
    if (v._kind) return JSON.stringify(v.value !== undefined ? v.value : v);
    return '{' + Object.entries(v).map(([k, x]) => k + ': ' + valueText(x)).join(', ') + '}';
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function valueCell(v) {
  const td = el('td', {}, valueText(v));
  if (v === null) td.className = 'v-null';
  else if (v && v._kind === 'node') td.className = 'v-node';
  else if (v && v._kind === 'relationship') td.className = 'v-rel';
  return td;
}

// ---- tables --------------------------------------------------------------------------------------

function renderTables(results) {
  const box = $('tables');
  box.textContent = '';
  results.forEach((r, i) => {
    const n = r.rows ? r.rows.length : 0;
    const part = el('div', {class: 'result'});
    part.append(el('div', {class: 'caption'},
      (results.length > 1 ? 'Statement ' + (i + 1) + ': ' : '') + n + (n === 1 ? ' row' : ' rows')));
    for (const note of r.notifications || [])
      part.append(el('div', {class: 'note'}, (note.code ? note.code + ': ' : '') + (note.description || note.message || JSON.stringify(note))));
    if (r.columns && r.columns.length) {
      const table = el('table', {class: 'rows'},
        el('thead', {}, el('tr', {}, r.columns.map((c) => el('th', {}, c)))),
        el('tbody', {}, (r.rows || []).map((row) => el('tr', {}, row.map(valueCell)))));
      part.append(table);
    }
    box.append(part);
  });
}

// ---- errors --------------------------------------------------------------------------------------

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
  paintEditor();
}

// The error object of the API: kind, message, line, column, hint (and text, the CLI's rendering).
// `source` is the text that was sent, so that the line and the caret under it come from it.
function showError(error, source) {
  error = error || {kind: 'Error', message: 'unknown error'};
  const box = $('error');
  box.textContent = '';
  box.hidden = false;
  const where = error.line ? ' at line ' + error.line + ', column ' + error.column : '';
  box.append(el('div', {}, el('span', {class: 'kind'}, error.kind + where + ': '), error.message));
  if (error.line && source !== undefined) {
    const line = source.split('\n')[error.line - 1];
    if (line !== undefined) {
      box.append(el('pre', {class: 'caret'}, error.line + ':' + error.column + ' | ' + line + '\n' +
        ' '.repeat(String(error.line).length + String(error.column).length + 4 + error.column - 1) + '^'));
    }
  }
  if (error.hint) box.append(el('div', {class: 'hint'}, 'hint: ' + error.hint));
  if (error.line && source === editorSource().text) markErrorInEditor(error.line, error.column);
}

// ---- the editor ----------------------------------------------------------------------------------

const editor = () => $('editor');
let errorMark = null;  // offset of the error in the editor's text, coloured until the next edit

function editorSource() {
  const e = editor();
  if (e.selectionStart !== e.selectionEnd) return {text: e.value.slice(e.selectionStart, e.selectionEnd), offset: e.selectionStart};
  return {text: e.value, offset: 0};
}

function markErrorInEditor(line, column) {
  const e = editor();
  const {offset} = editorSource();
  const lines = e.value.slice(offset).split('\n');
  let at = offset;
  for (let i = 0; i < line - 1 && i < lines.length; ++i) at += lines[i].length + 1;
  at += column - 1;
  errorMark = Math.min(at, e.value.length);
  paintEditor();
}

const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?|`[^`\n]*`?)|(\$[A-Za-z_]\w*)|(\b\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b)|(:\s*[A-Za-z_]\w*)|([A-Za-z_]\w*)/g;

// The coloured copy of the text under the transparent textarea; `caretAt` puts an empty marker at
// that offset, whose position places the completion list.
function paintEditor(caretAt) {
  const text = editor().value;
  const pre = $('highlight');
  pre.textContent = '';
  let last = 0;
  const pieces = [];
  const plain = (s) => pieces.push([null, s]);
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) plain(text.slice(last, m.index));
    let cls = null;
    if (m[1]) cls = 't-com';
    else if (m[2]) cls = 't-str';
    else if (m[3]) cls = 't-par';
    else if (m[4]) cls = 't-num';
    else if (m[5]) cls = 't-lab';
    else if (m[6] && state.keywords.has(m[6].toUpperCase())) cls = 't-kw';
    pieces.push([cls, m[0]]);
    last = m.index + m[0].length;
  }
  if (last < text.length) plain(text.slice(last));
  // Split the pieces at the error mark and the caret marker.
  let pos = 0;
  for (const [cls, s] of pieces) {
    const cuts = [];
    for (const at of [errorMark, caretAt]) if (at !== null && at !== undefined && at >= pos && at < pos + s.length) cuts.push(at);
    cuts.sort((a, b) => a - b);
    let from = 0;
    for (const at of cuts) {
      appendPiece(pre, cls, s.slice(from, at - pos));
      from = at - pos;
      if (at === caretAt) pre.append(el('span', {id: 'caret-mark'}));
      if (at === errorMark) {
        const end = Math.max(1, (s.slice(from).match(/^\w+/) || [''])[0].length);
        appendPiece(pre, 't-err', s.slice(from, from + end));
        from += end;
      }
    }
    appendPiece(pre, cls, s.slice(from));
    pos += s.length;
  }
  if (caretAt !== undefined && caretAt >= text.length) pre.append(el('span', {id: 'caret-mark'}));
  if (errorMark !== null && errorMark >= text.length) pre.append(el('span', {class: 't-err'}, ' '));
  pre.append('\n');  // a last empty line must keep its height, as in the textarea
  pre.scrollTop = editor().scrollTop;
}

function appendPiece(pre, cls, s) {
  if (!s) return;
  pre.append(cls ? el('span', {class: cls}, s) : document.createTextNode(s));
}

// ---- completion (GET /complete: the REPL's Tab completer) ----------------------------------------

async function complete(explicit) {
  const e = editor();
  const text = e.value.slice(0, e.selectionStart);
  const res = await apiJson('GET', '/complete?text=' + encodeURIComponent(text));
  if (!res.ok) return;
  // The text may have changed while the answer came.
  if (e.value.slice(0, e.selectionStart) !== text) return;
  const {word, candidates} = res.doc;
  const useful = candidates.filter((c) => c !== word);
  if (!useful.length || (!explicit && !word)) return closeCompletion();
  if (explicit && candidates.length === 1) return acceptCompletion(word, candidates[0]);
  state.completion = {word, candidates, active: 0};
  const list = $('completions');
  list.textContent = '';
  candidates.forEach((c, i) => list.append(el('li', {class: i === 0 ? 'active' : '',
    onmousedown: (ev) => { ev.preventDefault(); acceptCompletion(word, c); }}, c)));
  paintEditor(e.selectionStart);
  const mark = $('caret-mark');
  const wrap = $('editor-wrap');
  list.hidden = false;
  if (mark) {
    list.style.left = Math.min(mark.offsetLeft, wrap.clientWidth - 170) + 'px';
    list.style.top = (mark.offsetTop - e.scrollTop + 20) + 'px';
  }
}

function closeCompletion() {
  state.completion = null;
  $('completions').hidden = true;
}

function moveCompletion(step) {
  const c = state.completion;
  c.active = (c.active + step + c.candidates.length) % c.candidates.length;
  [...$('completions').children].forEach((li, i) => li.classList.toggle('active', i === c.active));
  $('completions').children[c.active].scrollIntoView({block: 'nearest'});
}

function acceptCompletion(word, candidate) {
  const e = editor();
  const at = e.selectionStart;
  e.setRangeText(candidate, at - word.length, at, 'end');
  closeCompletion();
  onEdit();
  e.focus();
}

let completeTimer = null;

function onEdit() {
  errorMark = null;
  paintEditor();
}

function onEditorKey(ev) {
  const c = state.completion;
  if ((ev.ctrlKey || ev.metaKey) && ev.key === 'Enter') {
    ev.preventDefault();
    clearTimeout(completeTimer);
    closeCompletion();
    run();
  } else if (c && (ev.key === 'ArrowDown' || ev.key === 'ArrowUp')) {
    ev.preventDefault();
    moveCompletion(ev.key === 'ArrowDown' ? 1 : -1);
  } else if (c && (ev.key === 'Enter' || ev.key === 'Tab')) {
    ev.preventDefault();
    acceptCompletion(c.word, c.candidates[c.active]);
  } else if (c && ev.key === 'Escape') {
    ev.preventDefault();
    closeCompletion();
  } else if (ev.key === 'Tab' || (ev.ctrlKey && ev.key === ' ')) {
    ev.preventDefault();
    complete(true);
  }
}

function onEditorInput(ev) {
  onEdit();
  clearTimeout(completeTimer);
  const typedWord = ev.inputType === 'insertText' && /[\w:.$'"`]/.test(ev.data || '');
  if (typedWord) completeTimer = setTimeout(() => complete(false), 120);
  else closeCompletion();
}

// ---- history (this browser's localStorage) -------------------------------------------------------

function loadHistory() {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(h) ? h : [];
  } catch (e) {
    return [];
  }
}

function addHistory(statement) {
  const h = loadHistory().filter((s) => s !== statement);
  h.unshift(statement);
  localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(0, HISTORY_MAX)));
  renderHistory();
}

function renderHistory() {
  const list = $('history');
  list.textContent = '';
  for (const s of loadHistory()) {
    list.append(el('li', {title: s + '\n\n(click: into the editor; double-click: run)',
      onclick: () => setEditor(s), ondblclick: () => { setEditor(s); run(); }}, s.replace(/\s+/g, ' ')));
  }
}

function setEditor(text) {
  editor().value = text;
  editor().setSelectionRange(text.length, text.length);
  onEdit();
}

// ---- running statements ----------------------------------------------------------------------------

async function run(text) {
  const source = text === undefined ? editorSource().text : text;
  if (!source.trim()) return;
  clearError();
  addHistory(source);
  const id = 'page-' + Date.now() + '-' + Math.floor(Math.random() * 1e9);
  state.running = id;
  $('cancel').disabled = false;
  $('run').disabled = true;
  setStatus('running…');
  const started = performance.now();
  let res;
  try {
    res = await apiJson('POST', '/query', {statement: source, id});
  } finally {
    state.running = null;
    $('cancel').disabled = true;
    $('run').disabled = false;
  }
  const ms = Math.round(performance.now() - started);
  const results = res.doc.results || [];
  rememberNames(results);
  renderTables(results);
  if (!res.ok) showError(res.doc.error, source);
  const rows = results.reduce((n, r) => n + (r.rows ? r.rows.length : 0), 0);
  setStatus(results.length + (results.length === 1 ? ' statement, ' : ' statements, ') + rows + (rows === 1 ? ' row' : ' rows') + ' in ' + ms + ' ms');
  const found = graphValues(results);
  if (!res.ok || (!found.nodes.size && !found.rels.size && !isQuestion(source))) {
    if (res.ok) clearGraph('This answer holds no nodes or relationships to draw.');
    return;
  }
  // The picture of the statement itself keeps what the DOT export shows (the question's focus,
  // a neighbourhood's ranks); a script of several statements is drawn from the ids it returned.
  if (await draw(source, {}, false)) return;
  if (found.nodes.size) await drawIds(found.nodes, found.rels);
  else clearGraph('This answer holds no nodes or relationships to draw.');
}

function isQuestion(s) {
  return /^\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(PATH|NEIGHBOURS|NEIGHBORS|CONNECT)\b/i.test(s);
}

async function cancel() {
  if (state.running) await apiJson('POST', '/cancel', {id: state.running});
}

// ---- the picture -----------------------------------------------------------------------------------

function clearGraph(message) {
  state.view = null;
  $('graph').textContent = '';
  $('graph').append(el('p', {class: 'muted'}, message));
}

// Draws what `statement` answers (Graphviz's layout and the DOT export's styling, from the server).
// Returns false when the server could not draw it; `quiet` leaves that unreported.
async function draw(statement, parameters, report = true, fresh) {
  const res = await api('POST', '/export', {statement, parameters, format: 'svg'});
  if (!res.ok) {
    if (report) {
      const doc = await res.json().catch(() => ({}));
      showError(doc.error, statement);
    }
    return false;
  }
  const svg = new DOMParser().parseFromString(await res.text(), 'image/svg+xml').documentElement;
  if (svg.nodeName !== 'svg') return false;
  // Graphviz writes no scripts, but labels are data: keep nothing that could run.
  svg.querySelectorAll('script, foreignObject').forEach((x) => x.remove());
  svg.querySelectorAll('*').forEach((x) => [...x.attributes].forEach((a) => {
    if (/^on/i.test(a.name) || (/href$/i.test(a.name) && /^\s*javascript:/i.test(a.value))) x.removeAttribute(a.name);
  }));
  // A node's <title> is its DOT name (a number): hovering shows its whole label instead.
  svg.querySelectorAll('g.node > title, g.edge > title').forEach((t) => {
    t.textContent = [...t.parentNode.querySelectorAll('text')].map((x) => x.textContent).join(' ');
  });
  const nodes = new Set(), rels = new Set();
  svg.querySelectorAll('g.node[id^="kgq-n"]').forEach((g) => nodes.add(Number(g.id.slice(5))));
  svg.querySelectorAll('g.edge[id^="kgq-r"]').forEach((g) => rels.add(Number(g.id.slice(5))));
  state.view = {statement, parameters, nodes, rels};
  const box = $('graph');
  box.textContent = '';
  box.append(document.importNode(svg, true));
  for (const id of fresh || []) {
    const g = document.getElementById('kgq-n' + id);
    if (g) g.classList.add('fresh');
  }
  markPicture();
  return true;
}

// The picture of exactly these nodes and relationships (after an expansion, or for a script).
async function drawIds(nodes, rels, fresh) {
  const statement = 'MATCH (n) WHERE id(n) IN $nodes\n' +
    'OPTIONAL MATCH (n)-[r]->(m) WHERE id(r) IN $rels\nRETURN n, r, m';
  return draw(statement, {nodes: [...nodes], rels: [...rels]}, true, fresh);
}

function markPicture() {
  document.querySelectorAll('#graph g.selected, #graph g.picked').forEach((g) => g.classList.remove('selected', 'picked'));
  if (state.selected) {
    const g = document.getElementById(state.selected);
    if (g) g.classList.add('selected');
  }
  for (const id of state.picks) {
    const g = document.getElementById('kgq-n' + id);
    if (g) g.classList.add('picked');
  }
}

function clickedElement(ev) {
  return ev.target.closest('#graph g.node[id^="kgq-n"], #graph g.edge[id^="kgq-r"]');
}

function onGraphClick(ev) {
  const g = clickedElement(ev);
  if (!g) return;
  const id = Number(g.id.slice(5));
  if (g.id.startsWith('kgq-r')) return showRelationship(id);
  if (ev.shiftKey || ev.ctrlKey || ev.metaKey) return pick(id);
  showNode(id);
}

function onGraphDoubleClick(ev) {
  const g = clickedElement(ev);
  if (g && g.id.startsWith('kgq-n')) expand(Number(g.id.slice(5)));
}

// Double-click: the node's relationships and the nodes at their other ends join the picture.
async function expand(id) {
  const results = await ask('MATCH (n)-[r]-(m) WHERE id(n) = $id RETURN id(r) AS r, id(m) AS m', {id});
  if (!results || !state.view) return;
  const nodes = new Set(state.view.nodes), rels = new Set(state.view.rels);
  const fresh = [];
  nodes.add(id);
  for (const [r, m] of results[0].rows) {
    rels.add(r);
    if (!nodes.has(m)) fresh.push(m);
    nodes.add(m);
  }
  if (await drawIds(nodes, rels, fresh))
    setStatus('expanded: ' + fresh.length + ' new ' + (fresh.length === 1 ? 'node' : 'nodes') + ', ' + nodes.size + ' drawn');
}

// ---- the details panel -------------------------------------------------------------------------------

function propertyTable(props) {
  const keys = Object.keys(props || {}).sort();
  if (!keys.length) return el('p', {class: 'muted'}, 'no properties');
  return el('table', {}, keys.map((k) => el('tr', {}, el('td', {class: 'key'}, k), el('td', {}, valueText(props[k])))));
}

function paragraphOrder(source) {
  const m = /\d+/.exec(source);
  return m ? Number(m[0]) : Infinity;
}

async function showNode(id) {
  state.selected = 'kgq-n' + id;
  markPicture();
  const results = await ask('MATCH (n) WHERE id(n) = $id OPTIONAL MATCH (n)-[r]-(m) RETURN n, r, m', {id});
  if (!results || !results[0].rows.length) return;
  const rows = results[0].rows;
  const node = rows[0][0];
  const box = $('props');
  box.textContent = '';
  box.append(el('div', {class: 'title'}, nodeName(node)),
    el('div', {}, (node.labels || []).map((l) => el('span', {class: 'chip'}, l))),
    el('div', {class: 'actions'},
      el('button', {onclick: () => expand(id), title: 'or double-click the node'}, 'Expand neighbours'),
      el('button', {onclick: () => pick(id), title: 'or Shift-click the node'}, 'Pick for PATH')),
    propertyTable(node.properties));
  // The paragraphs of the source that the node's relationships cite, each with what it says.
  const cites = new Map();
  const key = sourceKey();
  for (const [, r, m] of rows) {
    if (!r) continue;
    const source = r.properties && r.properties[key];
    const label = source === undefined || source === null ? '(no citation)' : String(source);
    const phrase = (r.start === id ? '→ ' + r.type + ' ' : '← ' + r.type + ' from ') + nodeName(m);
    if (!cites.has(label)) cites.set(label, []);
    cites.get(label).push(phrase);
  }
  const heading = el('h2', {}, 'Cited paragraphs');
  box.append(heading);
  if (!cites.size) box.append(el('p', {class: 'muted'}, 'No relationship of this node cites a source.'));
  for (const label of [...cites.keys()].sort((a, b) => paragraphOrder(a) - paragraphOrder(b) || a.localeCompare(b))) {
    box.append(el('div', {class: 'cite'}, el('span', {class: 'para'}, label), ' ',
      cites.get(label).map((p) => el('div', {}, p))));
  }
  box.append(el('p', {class: 'muted'}, 'The graph records the paragraph numbers of its source article (' + key +
    '), not the article itself.'));
}

async function showRelationship(id) {
  state.selected = 'kgq-r' + id;
  markPicture();
  const results = await ask('MATCH (a)-[r]->(b) WHERE id(r) = $id RETURN a, r, b', {id});
  if (!results || !results[0].rows.length) return;
  const [a, r, b] = results[0].rows[0];
  const source = r.properties && r.properties[sourceKey()];
  const box = $('props');
  box.textContent = '';
  box.append(el('div', {class: 'title'}, nodeName(a) + ' -[:' + r.type + ']-> ' + nodeName(b)),
    source !== undefined && source !== null ? el('div', {class: 'cite'}, 'cites ', el('span', {class: 'para'}, String(source))) : null,
    propertyTable(r.properties));
}

// ---- PATH between two picked nodes ---------------------------------------------------------------------

function pick(id) {
  const i = state.picks.indexOf(id);
  if (i >= 0) state.picks.splice(i, 1);
  else state.picks.push(id);
  if (state.picks.length > 2) state.picks.shift();
  markPicture();
  renderPicks();
  if (state.picks.length === 2) askPath();
}

function renderPicks() {
  const box = $('picks');
  box.textContent = '';
  if (!state.picks.length) {
    box.append(el('p', {class: 'muted'}, 'Shift-click two nodes (or use “Pick for PATH”) to ask the PATH between them.'));
    return;
  }
  const names = state.picks.map((id) => state.names.get(id) || 'node ' + id);
  box.append(el('div', {}, 'From ', el('b', {}, names[0]), names[1] ? ' to ' : '', names[1] ? el('b', {}, names[1]) : ' — pick one more'),
    el('div', {class: 'actions'},
      state.picks.length === 2 ? el('button', {onclick: askPath}, 'Ask PATH') : null,
      el('button', {onclick: () => { state.picks = []; markPicture(); renderPicks(); }}, 'Clear')));
}

async function askPath() {
  const [a, b] = state.picks;
  for (const id of [a, b]) {
    if (!state.names.has(id)) await ask('MATCH (n) WHERE id(n) = $id RETURN n', {id});
  }
  renderPicks();
  const statement = 'PATH FROM ' + quoted(state.names.get(a)) + ' TO ' + quoted(state.names.get(b));
  setEditor(statement);
  await run(statement);
}

// ---- exports (downloads) ---------------------------------------------------------------------------------

async function exportAs(format) {
  const view = state.view || {statement: editorSource().text, parameters: {}};
  if (!view.statement.trim()) return setStatus('nothing to export: run a statement first');
  clearError();
  const res = await api('POST', '/export', {statement: view.statement, parameters: view.parameters, format});
  if (!res.ok) {
    const doc = await res.json().catch(() => ({}));
    return showError(doc.error, view.statement);
  }
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') || '';
  const name = (/filename="([^"]+)"/.exec(disposition) || [null, 'kgq-answer.' + format])[1];
  const url = URL.createObjectURL(blob);
  const a = el('a', {href: url, download: name});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  setStatus('downloaded ' + name + ' (' + blob.size + ' bytes)');
}

// ---- the saved scripts of the graph ----------------------------------------------------------------------

async function loadScripts() {
  const {ok, doc} = await apiJson('GET', '/scripts');
  if (!ok) return showError(doc.error);
  const list = $('scripts');
  list.textContent = '';
  $('scripts-empty').hidden = doc.scripts.length > 0;
  for (const s of doc.scripts) {
    const question = (s.text.match(/^\/\/\s*(.*)$/m) || [null, ''])[1];
    list.append(el('li', {title: s.text, 'data-name': s.name,
      onclick: () => { setEditor(s.text.trim()); run(s.text); }}, s.name.replace(/_/g, ' '),
    question ? el('span', {class: 'muted'}, ' — ' + question) : null));
  }
}

async function loadSchema() {
  const {ok, doc} = await apiJson('GET', '/schema');
  if (!ok) {
    $('graph-info').textContent = 'cannot read the schema';
    return showError(doc.error);
  }
  state.schema = doc;
  $('graph-info').textContent = doc.nodes + ' nodes · ' + doc.relationships + ' relationships · ' +
    doc.labels.length + ' labels · ' + (doc.writable ? 'writable' : 'read-only');
}

async function loadKeywords() {
  // The completer's keywords (the REPL's Tab list) are the ones coloured.
  const {ok, doc} = await apiJson('GET', '/complete?text=');
  if (!ok) return;
  for (const k of doc.candidates) for (const w of k.split(' ')) state.keywords.add(w.toUpperCase());
  paintEditor();
}

// ---- start ---------------------------------------------------------------------------------------------

function start() {
  const e = editor();
  e.addEventListener('keydown', onEditorKey);
  e.addEventListener('input', onEditorInput);
  e.addEventListener('scroll', () => { $('highlight').scrollTop = e.scrollTop; });
  e.addEventListener('blur', () => setTimeout(closeCompletion, 150));
  $('run').addEventListener('click', () => run());
  $('cancel').addEventListener('click', cancel);
  $('clear-history').addEventListener('click', () => { localStorage.removeItem(HISTORY_KEY); renderHistory(); });
  document.querySelectorAll('button.export').forEach((b) => b.addEventListener('click', () => exportAs(b.dataset.format)));
  $('graph').addEventListener('click', onGraphClick);
  $('graph').addEventListener('dblclick', onGraphDoubleClick);
  window.addEventListener('unhandledrejection', (ev) => showError({kind: 'RequestError', message: String(ev.reason)}));
  renderHistory();
  clearGraph('Run a statement that returns nodes, relationships or paths to draw it.');
  Promise.all([loadSchema(), loadScripts(), loadKeywords()]).then(() => { document.body.dataset.ready = 'true'; });
  paintEditor();
}

start();
