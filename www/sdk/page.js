// Shared by the SDK demo pages: reads the page's settings from its URL, starts consent-guard on
// the chosen route, plants the canary PII, and renders what the app captured and each request the
// local collector received, with what consent-guard changed in it. Each SDK entry imports this
// module first, so on the interceptor route fetch/XHR/sendBeacon are wrapped before the SDK's own
// module runs.
//
//   ?route=hook|intercept|none   which way consent-guard is wired in (none: the page's own guard off)
//   ?consent=necessary|analytics|all
//   ?delay=ms                    hold the engine back this long (hook route; default 300)
//   ?trace=0                     do not record consent-guard's calls (bench/hooks.mjs times the hook)
import { createGuard, createGuardSync, blockTelemetry, intercept, BUILTIN_PURPOSES } from 'consent-guard/sync';
import { nodes, diffRows, preview, el } from '../diff.js';
import { decodeBody, decodeForm } from './body.js';

const params = new URLSearchParams(location.search);
export const route = params.get('route') ?? 'hook';
export const consentName = params.get('consent') ?? 'analytics';
const delay = Number(params.get('delay') ?? (route === 'hook' ? 300 : 0));

const GRANTS = {
  necessary: [],
  analytics: ['analytics'],
  all: BUILTIN_PURPOSES.filter((p) => p !== 'necessary'),
};

/** Every purpose decided: the named ones granted, the rest denied. */
export function consentFor(name) {
  const granted = GRANTS[name] ?? [];
  return Object.fromEntries(BUILTIN_PURPOSES.filter((p) => p !== 'necessary').map((p) => [p, granted.includes(p)]));
}

/** The personal data every page plants. None of it may reach the collector unless permitted. */
export const CANARY = {
  email: 'jane.doe@example.com',
  phone: '+1 415 555 0132',
  card: '4111 1111 1111 1111',
  name: 'Jane Doe',
  traits: { email: 'jane.doe@example.com', name: 'Jane Doe', phone: '+1 415 555 0132' },
  properties: { plan: 'pro', contact: 'jane.doe@example.com', phone: '+1 415 555 0132', card: '4111 1111 1111 1111' },
  error: 'payment failed for jane.doe@example.com',
};

const state = {
  route,
  consent: consentName,
  startedAt: performance.timeOrigin + performance.now(),
  readyAt: null,
  failed: null,
  receipts: [],
  captured: [],
};
window.__cg = state;

function remember(receipt, request) {
  reported = receipt;
  state.receipts.push({
    via: request?.transport ?? 'hook',
    events: receipt.events,
    kept: receipt.kept,
    dropped: receipt.dropped.length,
    reasons: receipt.dropped.map((d) => d.reason),
    changes: receipt.changes.length,
    format: receipt.format ?? null,
  });
}

// ---- what consent-guard did, call by call ---------------------------------------------------
// On the SDK demo pages (not the rich pages, which only share this module's start-up), every call
// the hooks or the interceptor make to the guard is recorded with its input and output, so each
// request the collector received can be shown beside what the SDK tried to send.

const recording = location.pathname.startsWith('/sdk/') && params.get('trace') !== '0';
const MAX_CALLS = 500;
/** { id, at, kind: event|body|request, label, before, after, receipt } */
const calls = [];
const traced = new WeakSet();
/** The receipt onReceipt handed over during the current redact() call. */
let reported;

function snapshot(value) {
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return undefined;
  }
}

function copyBytes(body) {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  return null;
}

function note(call) {
  if (calls.length >= MAX_CALLS) return;
  try {
    calls.push({ id: calls.length + 1, at: Date.now(), ...call() });
  } catch { /* recording is for the panel only; it never breaks the SDK's call */ }
}

function eventName(event, options) {
  const name = options?.name ?? event?.event ?? event?.type ?? event?.event_type ?? event?.name;
  return typeof name === 'string' ? name : '';
}

/** Records every redact, redactBody and redactRequest call made on `own`. */
function trace(own) {
  if (!recording || traced.has(own)) return;
  traced.add(own);
  const redact = own.redact.bind(own);
  own.redact = (event, options) => {
    const before = snapshot(event);
    reported = undefined;
    const out = redact(event, options);
    note(() => ({ kind: 'event', label: `hook event ${JSON.stringify(eventName(event, options))}`, before, after: out === null ? null : snapshot(out), receipt: reported }));
    return out;
  };
  const redactBody = own.redactBody.bind(own);
  own.redactBody = (body, options) => {
    const before = copyBytes(body);
    const result = redactBody(body, options);
    note(() => ({ kind: 'body', label: 'SDK transport body', before: { bytes: before }, after: result.body ? { bytes: copyBytes(result.body) } : null, receipt: result.receipt }));
    return result;
  };
  const redactRequest = own.redactRequest.bind(own);
  own.redactRequest = (request, options) => {
    const before = { path: String(request?.path ?? ''), query: String(request?.query ?? ''), headers: snapshot(request?.headers ?? []), bytes: copyBytes(request?.body) };
    const result = redactRequest(request, options);
    const after = result.body ? { path: before.path, query: String(result.query ?? ''), headers: snapshot(result.headers ?? []), bytes: copyBytes(result.body) } : null;
    note(() => ({ kind: 'request', label: `request ${before.path}`, before, after, receipt: result.receipt }));
    return result;
  };
}

/** This page's collector endpoint for a vendor: same origin, under /<vendor>/. */
export function collectorEndpoint(vendor) {
  return { vendor, hosts: [location.host], prefix: `/${vendor}` };
}

/**
 * Starts the guard for `vendor` on this page's route. Returns a Promise of the Guard (the hook
 * route hands this Promise to the integration, which holds events until it resolves).
 */
export function startGuard(vendor) {
  const options = { preset: vendor, consent: consentFor(consentName), onReceipt: route === 'hook' ? remember : undefined };
  const ready = (guard) => {
    state.readyAt = performance.timeOrigin + performance.now();
    window.__guard = guard;
    const own = guard.forPreset(vendor);
    trace(own);
    // bench/hooks.mjs times the hook's work on a real event this SDK handed to it.
    const redact = own.redact.bind(own);
    own.redact = (event, options) => {
      window.__sample ??= JSON.parse(JSON.stringify(event));
      return redact(event, options);
    };
    // Sentry's integration redacts whole envelopes at its transport.
    const redactBody = own.redactBody.bind(own);
    own.redactBody = (body, options) => {
      window.__sampleBody ??= typeof body === 'string' ? body : body.slice(0);
      return redactBody(body, options);
    };
    return guard;
  };
  const failed = (e) => {
    state.failed = e?.code ?? String(e);
    throw e;
  };
  if (route === 'intercept') {
    const endpoints = [collectorEndpoint(vendor)];
    try {
      const guard = createGuardSync(options);
      trace(guard.forPreset(vendor));
      intercept(guard, { endpoints, onReceipt: remember });
      return Promise.resolve(ready(guard));
    } catch (e) {
      // The engine cannot run here (a CSP without 'wasm-unsafe-eval'): block, never send raw.
      blockTelemetry({ endpoints });
      return Promise.reject(e).catch(failed);
    }
  }
  if (route === 'none') return new Promise(() => {});
  const promise = new Promise((r) => setTimeout(r, delay)).then(() => createGuard(options)).then(ready, failed);
  promise.catch(() => {});
  return promise;
}

/** The page's vendor, from its file name (/sdk/posthog.html). */
export const vendor = location.pathname.split('/').pop().replace(/\.html$/, '');

/**
 * Started while this module evaluates, before the SDK module that imports it next: on the
 * interceptor route fetch, XHR, sendBeacon and Blob are wrapped before the SDK keeps its own
 * reference to fetch.
 */
export const guard = startGuard(vendor);

/** Notes what the app handed to its SDK, for the "captured" panel. */
export function captured(kind, payload) {
  state.captured.push({ kind, payload });
  render();
}

// ---- the panel --------------------------------------------------------------------------------

let vendorName = '';
/** Collector records are this page's from its navigation on (the collector keeps older ones). */
const pageStart = performance.timeOrigin;

export function mountPanel(vendor, actions) {
  vendorName = vendor;
  const root = document.getElementById('app');
  const links = el('p', {}, ['Route: ',
    ...['hook', 'intercept'].flatMap((r) => [el('a', { href: with_({ route: r }), textContent: r, className: r === route ? 'on' : '' }), ' ']),
    ' Consent: ',
    ...Object.keys(GRANTS).flatMap((c) => [el('a', { href: with_({ consent: c }), textContent: c, className: c === consentName ? 'on' : '' }), ' ']),
  ]);
  const toggles = el('p', { id: 'toggles' }, BUILTIN_PURPOSES.filter((p) => p !== 'necessary').map((p) => {
    const box = el('input', { type: 'checkbox', checked: consentFor(consentName)[p], id: `purpose-${p}` });
    box.addEventListener('change', () => window.__guard?.setConsent({ [p]: box.checked }));
    return el('label', {}, [box, ` ${p} `]);
  }));
  const buttons = el('p', {}, Object.entries(actions).map(([label, fn]) => {
    const b = el('button', { textContent: label, id: `act-${label.split(' ')[0].toLowerCase()}` });
    b.addEventListener('click', () => fn());
    return b;
  }));
  const head = el('thead', {}, [el('tr', {}, ['time', 'method', 'endpoint', 'size', 'what consent-guard changed', 'body as received']
    .map((h) => el('th', { textContent: h, scope: 'col' })))]);
  root.append(
    links,
    toggles,
    buttons,
    el('p', { id: 'status' }),
    el('section', { id: 'received' }, [
      el('h2', { textContent: 'Received by the collector' }),
      el('p', { className: 'note', textContent: recording
        ? 'One row per request the local collector received since this page loaded. Changes compare what the SDK handed to '
          + 'consent-guard with what it let through: the interceptor\'s request whose bytes the collector received, or the hook '
          + 'events whose unique values (ids, texts) the request carries.'
        : 'One row per request the local collector received since this page loaded (consent-guard\'s calls are not recorded: ?trace=0).' }),
      el('table', { id: 'requests', className: 'requests' }, [head, el('tbody')]),
      el('p', { id: 'unmatched', className: 'note' }),
    ]),
    el('div', { className: 'columns' }, [
      el('section', {}, [el('h2', { textContent: 'Captured by the app' }), el('pre', { id: 'captured' })]),
      el('section', {}, [el('h2', { textContent: 'Not sent: held back by consent-guard' }), el('ul', { id: 'withheld' }, [el('li', { className: 'none', textContent: recording ? 'Nothing so far.' : 'Not recorded (?trace=0).' })])]),
    ]),
  );
  render();
  refresh();
  setInterval(refresh, 1000);
  // For tests: a refresh that starts after any running one, so it sees every record so far.
  window.__panel = {
    async refresh() {
      await refreshing;
      await refresh();
    },
  };
}

function with_(change) {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(change)) p.set(k, v);
  return `?${p}`;
}

function render() {
  const out = document.getElementById('captured');
  if (!out) return;
  out.textContent = state.captured.map((c) => `${c.kind}: ${JSON.stringify(c.payload, null, 1)}`).join('\n\n');
  const status = document.getElementById('status');
  status.textContent = state.failed ? `consent-guard failed to start (${state.failed}): telemetry blocked`
    : state.readyAt ? `consent-guard ready (${route}); receipts: ${state.receipts.length}` : 'consent-guard loading: events are held';
}

// ---- matching requests to consent-guard's calls ---------------------------------------------

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function queryEntries(text) {
  return JSON.stringify([...new URLSearchParams(text)].sort());
}

function headerObject(pairs) {
  return Object.fromEntries((Array.isArray(pairs) ? pairs : []).map(([n, v]) => [String(n).toLowerCase(), v]));
}

/** A side of a call as receipt paths: the event, or the body with `query.*` and `headers.*`. */
async function sideNodes(call, side) {
  const value = call[side];
  if (value === null || value === undefined) return null;
  if (call.kind === 'event') return nodes(value);
  const body = await decodeBody(value.bytes);
  const map = body.value === undefined ? new Map() : nodes(body.value);
  if (call.kind === 'request') {
    if (value.query) nodes(decodeForm(value.query), 'query', map);
    nodes(headerObject(value.headers), 'headers', map);
  }
  return map;
}

/** Decodes each call's two sides once, and notes its output's strings for matching. */
async function prepare(call) {
  if (call.prepared) return;
  call.prepared = true;
  try {
    call.beforeNodes = (await sideNodes(call, 'before')) ?? new Map();
    call.afterNodes = await sideNodes(call, 'after');
  } catch {
    call.beforeNodes = new Map();
    call.afterNodes = null;
  }
  call.strings = new Set();
  for (const v of call.afterNodes?.values() ?? []) if (typeof v === 'string' && v.length >= 8) call.strings.add(v);
  call.rows = diffRows(call.beforeNodes, call.afterNodes, call.receipt);
  if (call.after?.bytes) call.afterBase64 = base64(call.after.bytes);
}

/** record id -> the calls whose output it carries. Sticky: a row, once shown, keeps its calls. */
const matched = new Map();
const assigned = new Set();

function assign(records) {
  // Strings found in one call's output only: ids, messages, texts.
  const seen = new Map();
  for (const c of calls) for (const s of c.strings ?? []) seen.set(s, (seen.get(s) ?? 0) + 1);
  for (const r of records) {
    if (matched.has(r.id)) continue;
    const mine = [];
    const endpoint = `/${r.vendor}${r.path}`;
    // Exact: the interceptor's (or Sentry transport's) output bytes are what arrived.
    for (const c of calls) {
      if (assigned.has(c.id) || !c.after || c.kind === 'event') continue;
      if (c.kind === 'request' && c.after.path !== endpoint) continue;
      // A GET (no body) is known by its query: Mixpanel's ?data=, or none at all.
      const bodyless = !c.after.bytes || c.after.bytes.length === 0;
      const same = r.bytes > 0 ? c.afterBase64 === r.raw
        : bodyless && queryEntries(c.after.query ?? '') === JSON.stringify(Object.entries(r.query).sort());
      if (same) {
        mine.push(c);
        assigned.add(c.id);
        break;
      }
    }
    // Otherwise: calls whose output has values no other call has (ids, texts), at least half of
    // them found in this request (a stray one is not enough).
    if (mine.length === 0) {
      for (const c of calls) {
        if (assigned.has(c.id) || !c.afterNodes || c.at > r.at + 1000) continue;
        const unique = [...c.strings].filter((s) => seen.get(s) === 1);
        const found = unique.filter((s) => r.text.includes(JSON.stringify(s))).length;
        if (found > 0 && found * 2 >= unique.length) {
          mine.push(c);
          assigned.add(c.id);
        }
      }
    }
    matched.set(r.id, mine);
  }
}

// ---- the requests table -----------------------------------------------------------------------

function seconds(at) {
  return `+${((at - pageStart) / 1000).toFixed(2)} s`;
}

function size(r) {
  const query = new URLSearchParams(r.query).toString().length;
  if (r.bytes === 0 && query > 0) return `${query} B (query)`;
  return `${r.bytes} B`;
}

function changeItem(row) {
  const parts = row.call ? [el('span', { className: 'call', textContent: `${row.call}: ` })] : [];
  parts.push(el('mark', { className: `chg ${row.kind}`, textContent: row.path || '(whole event)' }), ' ');
  if (row.kind === 'rewritten') {
    parts.push(el('del', { textContent: preview(row.before.value, 60).text, title: preview(row.before.value).full }), ' → ',
      el('ins', { textContent: preview(row.after.value, 60).text, title: preview(row.after.value).full }), ' ');
  } else if (row.before && row.kind !== 'added') {
    parts.push(el('del', { textContent: preview(row.before.value, 60).text, title: preview(row.before.value).full }), ' ');
  }
  parts.push(el('small', { textContent: row.what }));
  return el('li', { className: row.kind, dataset: { path: row.path, kind: row.kind, call: String(row.callId) } }, parts);
}

function changesCell(r) {
  const mine = matched.get(r.id) ?? [];
  if (mine.length === 0) {
    const why = route === 'none' ? 'the page runs no consent-guard (route none)'
      : !recording ? 'not recorded (?trace=0)'
        : 'no consent-guard call matched: nothing of it was handed to the guard, or its values are not recognizable';
    return el('td', { className: 'changes none', textContent: why });
  }
  const rows = mine.flatMap((c) => c.rows.map((row) => ({ ...row, callId: c.id, call: mine.length > 1 ? c.label : '' })));
  const events = mine.filter((c) => c.kind === 'event').length;
  const by = mine.map((c) => (c.kind === 'request' ? 'the interceptor' : c.kind === 'body' ? 'the SDK transport hook' : ''));
  const source = events === mine.length ? (events === 1 ? mine[0].label : `${events} hook events`)
    : events === 0 ? [...new Set(by)].join(', ') : `${mine.length} calls`;
  const summary = `${source}: ${rows.length ? `${rows.length} field${rows.length === 1 ? '' : 's'} changed` : 'nothing changed'}`;
  return el('td', { className: 'changes', dataset: { changes: String(rows.length) } }, [
    el('div', { textContent: summary }),
    ...(rows.length ? [el('ul', { className: 'changes' }, rows.map(changeItem))] : []),
  ]);
}

function requestRow(r) {
  const endpoint = `/${r.vendor}${r.path}`;
  const query = new URLSearchParams(r.query).toString();
  const body = r.body !== null && r.body !== undefined ? JSON.stringify(r.body, null, 1) : r.text || '(empty)';
  return el('tr', { dataset: { id: String(r.id), endpoint } }, [
    el('td', { className: 'num', textContent: seconds(r.at), title: new Date(r.at).toISOString() }),
    el('td', { textContent: r.method }),
    el('td', { className: 'endpoint' }, [el('code', { textContent: endpoint })]),
    el('td', { className: 'num', textContent: size(r) }),
    changesCell(r),
    el('td', {}, [el('details', {}, [
      el('summary', { textContent: `${r.format}, ${r.events} event${r.events === 1 ? '' : 's'}` }),
      el('pre', { className: 'raw', textContent: `${query ? `?${query}\n\n` : ''}${body}` }),
    ])]),
  ]);
}

/** Record ids with a row, and ids of calls listed as not sent. */
const shown = new Set();
const listed = new Set();

function renderWithheld() {
  const list = document.getElementById('withheld');
  for (const c of calls) {
    if (c.after !== null || listed.has(c.id)) continue;
    listed.add(c.id);
    list.querySelector('li.none')?.remove();
    const why = (c.receipt?.dropped ?? []).map((d) => `${d.reason}${d.missing?.length ? ` (missing ${d.missing.join(', ')})` : ''}${d.detail ? ` (${d.detail})` : ''}`);
    list.append(el('li', { textContent: `${seconds(c.at)} ${c.label}: ${[...new Set(why)].join('; ') || 'dropped'}` }));
  }
}

let refreshing = null;

/** Brings the table up to date with the collector; one refresh at a time. */
function refresh() {
  refreshing ??= update().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function update() {
  try {
    const records = (await (await fetch(`/__collector?vendor=${vendorName}`)).json()).filter((r) => r.at >= pageStart);
    for (const c of calls) await prepare(c);
    assign(records);
    const body = document.querySelector('#requests tbody');
    for (const r of records) {
      if (shown.has(r.id)) continue;
      shown.add(r.id);
      body.append(requestRow(r));
    }
    renderWithheld();
    const open = calls.filter((c) => c.afterNodes && !assigned.has(c.id)).length;
    document.getElementById('unmatched').textContent = open
      ? `${open} redacted event${open === 1 ? '' : 's'} or request${open === 1 ? '' : 's'} not matched to a request yet (still queued in the SDK, or changed past recognition).`
      : '';
  } catch { /* the collector is optional for the panel */ }
  render();
}
