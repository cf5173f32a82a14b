// Before/after per path, for the playground and the SDK pages: both sides of a redaction are
// walked into paths written the way receipts write them (`properties.email`, `[0].$set`,
// `extra."a.b"`, `items[0].user`), and each path the receipt names, or whose value differs, is
// one row: path, value before, value after, what happened. Nothing here writes HTML: rows are
// data, and `diffTable` builds the DOM with textContent.

/** A key as receipts print it: bare when it can be, quoted otherwise (src/select.rs, format_key). */
export function formatKey(key) {
  if (key !== '' && /^[\x21-\x7e]+$/.test(key) && !/[.[\]"*]/.test(key)) return key;
  return `"${key.replace(/["\\]/g, '\\$&')}"`;
}

/** Every node of a JSON value by its receipt path, in document order (the root at `prefix`). */
export function nodes(value, prefix = '', out = new Map()) {
  out.set(prefix, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => nodes(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nodes(v, prefix ? `${prefix}.${formatKey(k)}` : formatKey(k), out);
  }
  return out;
}

function isLeaf(value) {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function isContainer(value) {
  return value !== null && typeof value === 'object';
}

/** Whether `path` is `ancestor` or inside it. */
export function isUnder(path, ancestor) {
  if (ancestor === '' || path === ancestor) return true;
  return path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

const ACTIONS = {
  drop: 'removed',
  replace: 'replaced',
  mask: 'masked',
  hash: 'hashed',
  truncate: 'truncated',
  url: 'URL rewritten',
  ip: 'IP truncated',
  time: 'time coarsened',
  user_agent: 'user agent reduced',
  bucket: 'bucketed',
  keep: 'kept',
};

/** What a receipt's changes at one path did, in words: `replaced (email, card) by @scan`. */
export function describeChanges(changes) {
  const byAction = new Map();
  for (const c of changes) {
    const entry = byAction.get(c.action) ?? { details: [], rules: new Set() };
    const detail = c.detector ?? c.note;
    if (detail && !entry.details.includes(detail)) entry.details.push(detail);
    entry.rules.add(c.rule);
    byAction.set(c.action, entry);
  }
  return [...byAction].map(([action, { details, rules }]) => {
    const what = ACTIONS[action] ?? action;
    return `${what}${details.length ? ` (${details.join(', ')})` : ''} by ${[...rules].join(', ')}`;
  }).join('; ');
}

/**
 * The rows of a redaction's diff. `before` and `after` are node maps (see `nodes`); `after` is
 * null when nothing is sent. `receipt` may be missing (then only the values speak).
 * Row: { path, before: {value}|null, after: {value}|null, kind, what }, kind one of
 * removed | rewritten | added | dropped | unchanged.
 */
export function diffRows(before, after, receipt, { unchanged = false } = {}) {
  const afterNodes = after ?? new Map();
  const rows = [];
  const covered = [];
  const cell = (map, path) => (map.has(path) ? { value: map.get(path) } : null);
  for (const d of receipt?.dropped ?? []) {
    covered.push(d.path);
    const why = [d.reason, d.missing?.length ? `missing ${d.missing.join(', ')}` : '', d.detail ?? ''].filter(Boolean).join(': ');
    rows.push({ path: d.path, before: cell(before, d.path), after: null, kind: 'dropped', what: `not sent (${why})${d.rule ? ` by ${d.rule}` : ''}` });
  }
  const byPath = new Map();
  for (const c of receipt?.changes ?? []) {
    if (!byPath.has(c.path)) byPath.set(c.path, []);
    byPath.get(c.path).push(c);
  }
  for (const [path, changes] of byPath) {
    if (covered.some((p) => isUnder(path, p) && p !== path)) continue; // inside a dropped event
    covered.push(path);
    const b = cell(before, path);
    const a = after ? cell(afterNodes, path) : null;
    const kind = a === null ? 'removed' : b === null ? 'added' : 'rewritten';
    rows.push({ path, before: b, after: a, kind, what: describeChanges(changes) });
  }
  // Differences the receipt does not name (and, if asked, the fields left as they were).
  if (after) {
    const paths = new Set();
    for (const [p, v] of before) if (isLeaf(v)) paths.add(p);
    for (const [p, v] of afterNodes) if (isLeaf(v)) paths.add(p);
    for (const path of paths) {
      if (covered.some((p) => isUnder(path, p))) continue;
      const b = cell(before, path);
      const a = cell(afterNodes, path);
      // An object or list on both sides (emptied on one): its members have rows of their own.
      if (b && a && isContainer(b.value) && isContainer(a.value) && Array.isArray(b.value) === Array.isArray(a.value)) continue;
      const same = b && a && JSON.stringify(b.value) === JSON.stringify(a.value);
      if (same && !unchanged) continue;
      const kind = same ? 'unchanged' : a === null ? 'removed' : b === null ? 'added' : 'rewritten';
      const what = same ? 'unchanged' : `${kind} (not in the receipt)`;
      rows.push({ path, before: b, after: a, kind, what });
    }
  }
  // Document order: where the path is in the event before, else where it is after.
  const order = new Map();
  for (const p of before.keys()) order.set(p, order.size);
  for (const p of afterNodes.keys()) if (!order.has(p)) order.set(p, order.size);
  const at = (r) => order.get(r.path) ?? Number.MAX_SAFE_INTEGER;
  return rows.map((r, i) => [r, i]).sort((x, y) => at(x[0]) - at(y[0]) || x[1] - y[1]).map(([r]) => r);
}

/** A value as short JSON text (`max` characters), and the whole of it. */
export function preview(value, max = 160) {
  let text;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return { text: text.length > max ? `${text.slice(0, max - 1)}…` : text, full: text };
}

/** An element with properties and children; text only ever through textContent. */
export function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else e[k] = v;
  }
  e.append(...children);
  return e;
}

/** A before or after cell: the value, or why there is none. */
export function valueCell(side, { missing }) {
  if (side === null) return el('td', { className: 'gone', textContent: missing });
  const { text, full } = preview(side.value);
  return el('td', {}, [el('code', { textContent: text, title: full })]);
}

/** The rows as a table: path | before | after | what happened. */
export function diffTable(rows, { id, empty = 'No field changed.' } = {}) {
  const head = el('thead', {}, [el('tr', {}, ['path', 'before', 'after', 'what happened'].map((h) => el('th', { textContent: h, scope: 'col' })))]);
  const body = el('tbody', {}, rows.length ? rows.map(diffRow) : [el('tr', {}, [el('td', { colSpan: 4, className: 'none', textContent: empty })])]);
  return el('table', { className: 'diff', ...(id ? { id } : {}) }, [head, body]);
}

export function diffRow(r) {
  return el('tr', { className: r.kind, dataset: { path: r.path, kind: r.kind } }, [
    el('td', {}, [el('code', { textContent: r.path || '(whole event)' })]),
    valueCell(r.before, { missing: '(absent)' }),
    valueCell(r.after, { missing: r.kind === 'dropped' ? '(not sent)' : '(removed)' }),
    el('td', { className: 'what', textContent: r.what }),
  ]);
}
