// Captures what the six SDKs really send with their richer features on, as fixtures.
//
//   node scripts/capture-sdk-traffic.mjs                 # every SDK, every variant
//   node scripts/capture-sdk-traffic.mjs posthog sentry  # some SDKs
//   node scripts/capture-sdk-traffic.mjs --build-only    # only bundle www/rich/ into www/dist/rich/
//   node scripts/capture-sdk-traffic.mjs posthog --variants=default   # while working on a page
//   node scripts/capture-sdk-traffic.mjs --inventory     # refresh inventory.json's observed fields
//
// Needs pkg/ and node_modules (bash scripts/build.sh) and Debian's chromium. For each SDK and
// variant it bundles www/rich/<sdk>.js, serves the pages with no CSP (inline scripts and blob:
// workers run, as on many sites), opens /rich/start.html (so the rich page's referrer carries a
// query) and follows its link to /rich/<sdk>.html?route=none&token=...&email=...#hash (the page's
// own guard off), then acts as a person would: types into the inputs, clicks the link, a data-
// attribute, a button (rage clicks), a non-interactive element (dead click), submits the form,
// runs the page's SDK calls (identify, groups, nested properties, errors, logs, the app's own
// fetch/XHR), navigates in-app (pushState), flushes, and finally leaves through a real link so
// unload beacons go out. Requests to any other host are answered locally and recorded too.
//
// Writes tests/fixtures/captures/<sdk>/<nn>-<channel>.json for every request the collector
// received (at most MAX_PER_CHANNEL per channel and run, preferring requests that carry event
// kinds not yet kept), and tests/fixtures/captures/summary.json (per SDK: channels seen, event
// kinds, transports, formats, where each canary appeared, storage the SDK wrote). Then run it with
// --inventory to carry what was observed into tests/fixtures/captures/inventory.json (the
// hand-written part, hooks and bypasses, stays) and check with node --test tests/js/inventory.test.mjs.
import { build } from 'esbuild';
import { gunzipSync, inflateSync, inflateRawSync } from 'node:zlib';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../www/serve.mjs';
import { decodeBody } from '../www/collector.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${root}tests/fixtures/captures`;
export const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
/** The setups each SDK is captured in (www/rich/<sdk>.js reads ?variant=). */
export const VARIANTS = {
  posthog: ['default', 'nobatch', 'nocompress'],
  segment: ['default', 'batching'],
  sentry: ['default', 'static', 'nocompress'],
  amplitude: ['default', 'noworker'],
  mixpanel: ['default', 'nobatch', 'get', 'beacon'],
  otel: ['default', 'simple'],
};
const MAX_PER_CHANNEL = 4;
const BODY_CAP = 256 * 1024;
const KEEP_HEADERS = ['content-type', 'content-encoding', 'authorization', 'referer', 'cookie', 'origin', 'user-agent',
  'sec-gpc', 'traceparent', 'tracestate', 'baggage', 'sentry-trace'];

/** The planted values: www/rich/rich.js's CANARIES, read from the source so they never drift. */
async function canaries() {
  const src = await import('node:fs').then((fs) => fs.readFileSync(`${root}www/rich/rich.js`, 'utf8'));
  const block = src.slice(src.indexOf('export const CANARIES = {'), src.indexOf('};', src.indexOf('export const CANARIES = {')));
  const found = Object.fromEntries([...block.matchAll(/^\s+(\w+): '([^']+)',/gm)].map((m) => [m[1], m[2]]));
  // a canary inside another would be reported where only the other one is
  for (const [a, va] of Object.entries(found)) {
    for (const [b, vb] of Object.entries(found)) if (a !== b && vb.includes(va)) throw new Error(`canary ${a} (${va}) is inside ${b} (${vb})`);
  }
  return found;
}

export async function buildRich() {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(SDKS.map((s) => [s, `www/rich/${s}.js`])),
    outdir: 'www/dist/rich',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

// ---- decoding nested encodings ----------------------------------------------------------------

const isGzip = (b) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;
const isZlib = (b) => b.length > 2 && b[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(b[1]);

function tryJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Bytes → { encoding, value } where value is parsed JSON (or text) after undoing gzip/zlib. */
function unpack(bytes) {
  let encoding = 'none';
  let buf = bytes;
  try {
    if (isGzip(buf)) { buf = gunzipSync(buf); encoding = 'gzip'; } else if (isZlib(buf)) { buf = inflateSync(buf); encoding = 'zlib'; }
  } catch {
    try { buf = inflateRawSync(bytes); encoding = 'deflate-raw'; } catch { return { encoding: 'binary', value: null }; }
  }
  const text = buf.toString('utf8');
  const json = tryJson(text);
  if (json !== undefined) return { encoding, value: json };
  // rrweb/JSONL payloads: one JSON value per line
  const lines = text.split('\n').filter(Boolean).map(tryJson);
  if (lines.length > 1 && lines.every((l) => l !== undefined)) return { encoding: `${encoding}+lines`, value: lines };
  return { encoding, value: text };
}

/**
 * A Sentry envelope as the server reads it: header line, then item header + payload pairs where a
 * `length` in the item header counts payload bytes (binary payloads: replay_recording).
 */
export function parseEnvelope(raw) {
  const items = [];
  let pos = raw.indexOf(0x0a);
  if (pos < 0) return null;
  const header = tryJson(raw.subarray(0, pos).toString('utf8'));
  if (!header) return null;
  pos += 1;
  while (pos < raw.length) {
    const nl = raw.indexOf(0x0a, pos);
    const end = nl < 0 ? raw.length : nl;
    const itemHeader = tryJson(raw.subarray(pos, end).toString('utf8'));
    if (!itemHeader) return null;
    pos = end + 1;
    let payload;
    if (typeof itemHeader.length === 'number') {
      payload = raw.subarray(pos, pos + itemHeader.length);
      pos += itemHeader.length + 1;
    } else {
      const pnl = raw.indexOf(0x0a, pos);
      const pend = pnl < 0 ? raw.length : pnl;
      payload = raw.subarray(pos, pend);
      pos = pend + 1;
    }
    items.push({ header: itemHeader, payload });
  }
  return { header, items };
}

/** Sentry replay_recording payload: `{"segment_id":n}\n` + events (JSON, or zlib-deflated JSON). */
function decodeReplayRecording(payload) {
  const nl = payload.indexOf(0x0a);
  const head = tryJson(payload.subarray(0, nl).toString('utf8'));
  const rest = payload.subarray(nl + 1);
  const { encoding, value } = unpack(rest);
  return { head, encoding, events: value };
}

/**
 * The deep decode of a body: nested encodings undone, so planted values can be found wherever
 * they sit. Returns { value, nested: [descriptions] } or null when there is nothing beyond the
 * collector's decode.
 */
export function deepDecode(sdk, record, raw) {
  const nested = [];
  const walk = (v, path) => {
    if (typeof v === 'string') {
      // PostHog compresses rrweb events itself: gzip bytes kept as a latin1 string
      if (v.length > 2 && v.charCodeAt(0) === 0x1f && v.charCodeAt(1) === 0x8b) {
        const u = unpack(Buffer.from(v, 'latin1'));
        if (u.value !== null) { nested.push(`${path}: gzip bytes as a latin1 string → ${u.encoding} JSON`); return walk(u.value, `${path}⟨gzip⟩`); }
      }
      const t = v.trim();
      if ((t.startsWith('{') || t.startsWith('[')) && t.length > 2) {
        const j = tryJson(t);
        if (j !== undefined && typeof j === 'object') { nested.push(`${path}: JSON text in a string`); return walk(j, `${path}⟨json⟩`); }
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${path}.${k}`)]));
    return v;
  };
  if (sdk === 'sentry') {
    const env = parseEnvelope(raw);
    if (!env) return null;
    const items = env.items.map(({ header, payload }) => {
      if (header.type === 'replay_recording') {
        const rec = decodeReplayRecording(payload);
        nested.push(`replay_recording payload: {"segment_id"} line + ${rec.encoding} JSON array of rrweb events`);
        return { header, payload: { segment: rec.head, encoding: rec.encoding, events: walk(rec.events, '$replay_recording') } };
      }
      const j = tryJson(payload.toString('utf8'));
      return { header, payload: j === undefined ? `<${payload.length} bytes>` : walk(j, `$${header.type}`) };
    });
    return { value: { header: env.header, items }, nested };
  }
  let value = record.body;
  if (value === null || value === undefined) {
    const u = unpack(raw);
    if (u.value === null) return null;
    nested.push(`body: ${u.encoding}`);
    value = u.value;
  }
  const walked = walk(value, '$');
  return nested.length ? { value: walked, nested } : null;
}

// ---- finding planted values -------------------------------------------------------------------

function forms(value) {
  const out = new Set([value, encodeURIComponent(value), new URLSearchParams({ x: value }).toString().slice(2)]);
  return [...out];
}

function findIn(tree, needles, path, hits, prefix = '') {
  if (typeof tree === 'string') {
    for (const [name, fs] of needles) if (fs.some((f) => tree.includes(f))) hits.push({ canary: name, where: `${prefix}${path}` });
  } else if (Array.isArray(tree)) {
    tree.forEach((x, i) => findIn(x, needles, `${path}[${i}]`, hits, prefix));
  } else if (tree && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) {
      // URLs as keys (PostHog's $heatmap_data) would put ports and queries into the path
      const kp = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : /^\w+:\/\//.test(k) ? `${path}{url}` : `${path}[${JSON.stringify(k.length > 60 ? `${k.slice(0, 57)}...` : k)}]`;
      for (const [name, fs] of needles) if (fs.some((f) => k.includes(f))) hits.push({ canary: name, where: `${prefix}${path}{key}`, in: 'key' });
      findIn(v, needles, kp, hits, prefix);
    }
  }
}

function planted(record, deep, headers, needles) {
  const hits = [];
  for (const [k, v] of Object.entries(record.query ?? {})) findIn(v, needles, `query.${k}`, hits);
  for (const [k, v] of Object.entries(headers)) findIn(v, needles, `header.${k}`, hits);
  if (record.body !== null && record.body !== undefined) findIn(record.body, needles, '$', hits);
  if (deep) {
    // only what the collector's decode did not already show
    const deeper = [];
    findIn(deep.value, needles, '$', deeper, 'decoded:');
    const shown = new Set(hits.map((h) => `${h.canary}|${h.where}`));
    hits.push(...deeper.filter((h) => !shown.has(`${h.canary}|${h.where.replace(/⟨[^⟩]*⟩/g, '').slice(8)}`)));
  }
  // anything only visible in the raw bytes
  const rawText = Buffer.from(record.raw ?? '', 'base64').toString('latin1');
  for (const [name, fs] of needles) {
    if (fs.some((f) => rawText.includes(f)) && !hits.some((h) => h.canary === name)) hits.push({ canary: name, where: 'raw' });
  }
  // one entry per canary and place; long lists of array indexes collapse to the first few
  const seen = new Map();
  for (const h of hits) {
    const key = `${h.canary}|${h.where.replace(/\[\d+\]/g, '[]')}|${h.in ?? ''}`;
    const list = seen.get(key) ?? [];
    list.push(h);
    seen.set(key, list);
  }
  return [...seen.values()].flatMap((l) => l.slice(0, 3).map((h, i) => (i === 2 && l.length > 3 ? { ...h, more: l.length - 3 } : h)));
}

// ---- channels -----------------------------------------------------------------------------------

function sentryTypes(deep) {
  return [...new Set((deep?.value?.items ?? []).map((i) => i.header.type))].sort();
}

/** The event kinds a request carries (event names, item types, record kinds). */
function kindsOf(sdk, record, deep) {
  const b = record.body;
  const arr = (x) => (Array.isArray(x) ? x : x ? [x] : []);
  switch (sdk) {
    case 'posthog':
      if (record.path.includes('/logs')) return ['logs'];
      return arr(Array.isArray(b) ? b : b?.batch ?? (b?.event ? b : null)).map((e) => e.event).filter(Boolean);
    case 'segment':
      return arr(b?.batch ?? b).map((e) => e.type ?? (e.series ? 'metrics' : undefined)).filter(Boolean);
    case 'sentry':
      return (deep?.value?.items ?? []).map((i) => (i.header.type === 'event' ? `event:${i.payload?.exception ? 'exception' : i.payload?.message || i.payload?.logentry ? 'message' : 'other'}` : i.header.type));
    case 'amplitude':
      if (Array.isArray(b?.events)) return b.events.map((e) => (typeof e === 'string' ? 'rrweb' : e.event_type));
      return [];
    case 'mixpanel':
      if (record.path.startsWith('/record')) return ['rrweb'];
      return arr(b).map((e) => e?.event ?? (e?.$group_key ? `groups:${Object.keys(e).find((k) => k.startsWith('$') && k !== '$group_key' && k !== '$group_id' && k !== '$token') ?? 'other'}` : e?.$set ? 'engage:$set' : e?.$set_once ? 'engage:$set_once' : e?.$union ? 'engage:$union' : e?.$group_key ? 'groups:$set' : Object.keys(e ?? {}).find((k) => k.startsWith('$')) ?? 'other')).filter(Boolean);
    case 'otel':
      return Object.keys(b ?? {});
    default:
      return [];
  }
}

/** The channel a request belongs to: endpoint (and, for Sentry, the envelope's item types). */
export function channelOf(sdk, record, deep) {
  const p = record.path.replace(/\/+$/, '');
  if (record.offhost) return `offhost:${record.host}${p.replace(/[0-9a-f]{8,}|[A-Z0-9]{12,}/g, '*')}`;
  switch (sdk) {
    case 'posthog':
      if (p.startsWith('/array/')) return 'config';
      return p.replace(/^\//, '').replace(/\//g, '_') || 'root';
    case 'sentry':
      return `envelope:${sentryTypes(deep).join('+')}`;
    case 'amplitude':
      if (p.startsWith('/config')) return 'config';
      if (p.startsWith('/sessions')) return 'sessions_v2_track';
      return p.replace(/^\//, '').replace(/\//g, '_');
    case 'mixpanel': {
      const name = p.replace(/^\//, '').replace(/\//g, '_');
      if (['track', 'engage', 'groups'].includes(name)) {
        const form = record.method === 'GET' ? 'get' : Array.isArray(record.body) && record.body.length > 0 && !String(record.format).includes('form') ? 'json' : 'form';
        return `${name}:${form}`;
      }
      return name;
    }
    default:
      return p.replace(/^\//, '').replace(/\//g, '_');
  }
}

const slug = (c) => c.replace(/^offhost:/, 'offhost-').replace(/[^\w.-]+/g, '_').replace(/_+/g, '_').slice(0, 80);

function capJson(value) {
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= BODY_CAP) return { value, truncated: false };
  return { value: `${text.slice(0, BODY_CAP)}…`, truncated: text.length };
}

function keptHeaders(h = {}) {
  const out = {};
  for (const [k, v] of Object.entries(h)) {
    if (!KEEP_HEADERS.includes(k) && !k.startsWith('x-')) continue;
    out[k] = k === 'authorization' ? `${String(v).split(' ')[0]} <redacted>` : v;
  }
  return out;
}

/** Runs first in every page: reports each fetch / XHR / sendBeacon to the capture script. */
const TRANSPORT_PROBE = `(() => {
  const report = (transport, method, url, body) => {
    try {
      const u = new URL(url, location.href);
      let bytes = -1;
      if (body == null) bytes = 0;
      else if (typeof body === 'string') bytes = new TextEncoder().encode(body).length;
      else if (body instanceof Blob) bytes = body.size;
      else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) bytes = body.byteLength;
      else if (body instanceof URLSearchParams) bytes = new TextEncoder().encode(body.toString()).length;
      // sessionStorage outlives the page (same tab, same origin): read back from /rich/next.html
      const log = JSON.parse(sessionStorage.getItem('__cg_transport') || '[]');
      log.push({ transport, method: String(method || 'GET').toUpperCase(), url: u.pathname + u.search, bytes });
      sessionStorage.setItem('__cg_transport', JSON.stringify(log));
    } catch {}
  };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const req = input instanceof Request ? input : null;
    report(init?.keepalive || req?.keepalive ? 'fetch-keepalive' : 'fetch', init?.method ?? req?.method, req ? req.url : String(input), init?.body);
    return fetch0.apply(this, arguments);
  };
  // looks native, or Sentry fetches from a sandbox iframe that it then removes (and sends nothing)
  const native = (f, name) => Object.defineProperty(f, 'toString', { value: () => 'function ' + name + '() { [native code] }' });
  native(window.fetch, 'fetch');
  const open0 = XMLHttpRequest.prototype.open;
  const send0 = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) { this.__cg = [method, url]; return open0.apply(this, arguments); };
  XMLHttpRequest.prototype.send = function (body) { if (this.__cg) report('xhr', this.__cg[0], this.__cg[1], body); return send0.apply(this, arguments); };
  const beacon0 = navigator.sendBeacon?.bind(navigator);
  if (beacon0) navigator.sendBeacon = native(function sendBeacon(url, data) { report('beacon', 'POST', url, data); return beacon0(url, data); }, 'sendBeacon');
})();`;

// ---- one run ------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(browser, server, base, sdk, variant, C) {
  server.collector.records.length = 0;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const seen = []; // what the browser says about each request (transport)
  const offhost = [];
  await context.route((url) => /^https?:/.test(url.protocol) && !url.href.startsWith(base), async (routed) => {
    const req = routed.request();
    const u = new URL(req.url());
    const raw = req.postDataBuffer() ?? Buffer.alloc(0);
    const decoded = raw.length ? decodeBody(raw, req.headers()['content-encoding']) : { format: 'empty', value: null };
    offhost.push({
      offhost: true, host: u.host, vendor: sdk, method: req.method(), path: u.pathname, query: Object.fromEntries(u.searchParams),
      headers: await req.allHeaders(), bytes: raw.length, raw: raw.toString('base64'), format: decoded.format, body: decoded.value,
      transport: req.resourceType(), at: Date.now(),
    });
    await routed.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  context.on('request', (req) => {
    if (!req.url().startsWith(base)) return;
    const u = new URL(req.url());
    const vendor = u.pathname.split('/')[1];
    if (vendor !== sdk) return;
    seen.push({ method: req.method(), url: u.pathname + u.search, type: req.resourceType(), bytes: req.postDataBuffer()?.length ?? 0, used: false });
  });
  // The SDKs' transports, reported by the page itself (Playwright misses requests sent while the
  // page unloads).
  await context.addInitScript(TRANSPORT_PROBE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const query = new URLSearchParams({ to: sdk, ref_token: C.referrer_token, ref_email: C.referrer_email, route: 'none', variant, token: C.url_token, email: C.url_email });
  await page.goto(`${base}/rich/start.html?${query}#section-${C.url_hash}`);
  await Promise.all([page.waitForURL(`**/rich/${sdk}.html**`), page.click('#go')]);
  page.on('console', (m) => { if (process.env.CAPTURE_DEBUG && m.type() === 'error') console.log(`[${sdk} console] ${m.text().slice(0, 300)}`); });
  await page.waitForFunction(() => window.__rich, null, { timeout: 15000 }).catch((e) => {
    throw new Error(`${sdk}/${variant}: the page did not start (${errors.join(' | ') || e.message})`);
  });
  await sleep(2500); // remote config, recorders start
  // as a person would
  await page.click('#rich-email');
  await page.keyboard.type(C.typed_email, { delay: 5 });
  await page.click('#rich-text');
  await page.keyboard.type(C.typed_text, { delay: 5 });
  await page.click('#rich-password');
  await page.keyboard.type(C.typed_password, { delay: 5 });
  await page.click('#rich-link');
  await page.click('#rich-data');
  for (let i = 0; i < 4; i++) await page.click('#rich-button', { delay: 0 });
  await page.click('#rich-dead');
  await page.click('#rich-submit');
  await page.mouse.wheel(0, 400);
  await sleep(500);
  await page.evaluate(() => window.__rich.api());
  await sleep(1500);
  await page.evaluate(() => window.__rich.spa());
  await sleep(1500);
  await page.click('#rich-button');
  await page.evaluate(() => Promise.race([window.__rich.flush(), new Promise((r) => setTimeout(r, 8000))]));
  await sleep(1000);
  const storage = await page.evaluate(() => ({
    localStorage: Object.keys(localStorage).sort(),
    sessionStorage: Object.keys(sessionStorage).filter((k) => k !== '__cg_transport').sort(),
    cookies: document.cookie.split(/;\s*/).filter(Boolean).map((c) => c.split('=')[0]).sort(),
  }));
  // leave through a real link: unload and pagehide handlers send what they hold
  await page.evaluate(() => window.scrollTo(0, 0));
  await Promise.all([page.waitForURL('**/rich/next.html**'), page.click('#rich-next')]);
  await sleep(2500);
  const sent = (await page.evaluate(() => JSON.parse(sessionStorage.getItem('__cg_transport') || '[]'))).map((e) => ({ ...e, used: false }));
  await context.close();
  await sleep(300);
  const records = [...server.collector.records.filter((r) => r.vendor === sdk), ...offhost].sort((a, b) => a.at - b.at);
  for (const r of records) {
    if (r.offhost) continue;
    const url = r.path === undefined ? '' : `/${sdk}${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ''}`;
    const own = sent.find((s) => !s.used && s.method === r.method && s.url.split('?')[0] === url.split('?')[0] && (s.bytes === r.bytes || s.bytes === -1))
      ?? sent.find((s) => !s.used && s.method === r.method && s.url.split('?')[0] === url.split('?')[0]);
    if (own) {
      own.used = true;
      r.transport = own.transport;
      continue;
    }
    const match = seen.find((s) => !s.used && s.method === r.method && s.url.split('?')[0] === url.split('?')[0] && (s.bytes === r.bytes || s.bytes === 0))
      ?? seen.find((s) => !s.used && s.method === r.method && s.url.split('?')[0] === url.split('?')[0]);
    if (match) match.used = true;
    r.transport = match?.type ?? 'unknown';
  }
  if (process.env.CAPTURE_DEBUG) console.log(JSON.stringify(sent.filter((s) => !s.used)), records.filter((r) => r.transport === 'unknown').map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.bytes}`));
  return { records, storage, errors };
}

// ---- inventory ----------------------------------------------------------------------------------

/**
 * Refreshes what was observed in tests/fixtures/captures/inventory.json from summary.json: per
 * channel the paths, methods, transports, formats, variants, event kinds, and where each planted
 * value was found (personal_data). What was written by hand (hook, bypasses_hooks, nested
 * encodings, notes, storage notes, not_captured) is kept; a new channel gets `hook: "TODO"`.
 */
export function refreshInventory(summary, inventory, fixtures = {}) {
  const inv = inventory ?? { sdks: {} };
  for (const sdk of SDKS) {
    const seen = summary[sdk];
    if (!seen) continue;
    // headers as they reached the collector, per channel (from the fixtures)
    const headers = {};
    for (const f of fixtures[sdk] ?? []) {
      const h = (headers[f.channel] ??= { names: new Set(), referer: new Set() });
      Object.keys(f.headers).forEach((k) => h.names.add(k));
      const ref = f.headers.referer;
      if (ref) h.referer.add(new URL(ref).pathname === '/' && !new URL(ref).search ? 'origin only' : 'full page URL (query included)');
    }
    const entry = (inv.sdks[sdk] ??= { channels: [] });
    entry.storage_observed = seen.storage.default ?? Object.values(seen.storage)[0];
    for (const [id, ch] of Object.entries(seen.channels)) {
      let c = entry.channels.find((x) => x.id === id);
      if (!c) {
        c = { id, endpoint: ch.paths[0], hook: 'TODO', bypasses_hooks: 'TODO', integration: 'TODO', interceptor: 'TODO' };
        entry.channels.push(c);
      }
      const byPath = new Map();
      for (const [canary, wheres] of Object.entries(ch.planted)) {
        for (const w of wheres) {
          const decoded = w.startsWith('decoded:');
          const path = decoded ? w.slice(8) : w;
          const p = byPath.get(path) ?? { path, ...(decoded ? { after_decoding: true } : {}), canaries: [] };
          if (!p.canaries.includes(canary)) p.canaries.push(canary);
          byPath.set(path, p);
        }
      }
      Object.assign(c, {
        observed: {
          paths: ch.paths,
          methods: ch.methods,
          transports: ch.transports.sort(),
          formats: ch.formats.sort(),
          variants: ch.variants,
          event_kinds: [...new Set(ch.kinds)].sort(),
          headers: [...(headers[id]?.names ?? [])].sort(),
          referer: [...(headers[id]?.referer ?? [])].sort(),
        },
        personal_data: [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path)),
      });
    }
  }
  return inv;
}

// ---- main ---------------------------------------------------------------------------------------

async function main(argv) {
  if (argv.includes('--inventory')) {
    const fs = await import('node:fs');
    const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : undefined);
    const fixtures = Object.fromEntries(SDKS.map((sdk) => [sdk, fs.existsSync(`${OUT}/${sdk}`)
      ? fs.readdirSync(`${OUT}/${sdk}`).map((f) => JSON.parse(fs.readFileSync(`${OUT}/${sdk}/${f}`, 'utf8'))) : []]));
    const inv = refreshInventory(read(`${OUT}/summary.json`), read(`${OUT}/inventory.json`), fixtures);
    writeFileSync(`${OUT}/inventory.json`, `${JSON.stringify(inv, null, 1)}\n`);
    return;
  }
  await buildRich();
  if (argv.includes('--build-only')) return;
  const wanted = argv.filter((a) => SDKS.includes(a));
  const sdks = wanted.length ? wanted : SDKS;
  const C = await canaries();
  const needles = Object.entries(C).map(([k, v]) => [k, forms(v)]);
  const server = await startServer({ port: 0, csp: null });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const summaryPath = `${OUT}/summary.json`;
  const summary = existsSync(summaryPath) ? JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(summaryPath, 'utf8'))) : {};
  summary.canaries = C;
  try {
    for (const sdk of sdks) {
      const dir = `${OUT}/${sdk}`;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const channels = {};
      const storage = {};
      let n = 0;
      const only = argv.find((a) => a.startsWith('--variants='))?.slice(11).split(',');
      for (const variant of VARIANTS[sdk].filter((v) => !only || only.includes(v))) {
        const started = Date.now();
        const { records, storage: st, errors } = await run(browser, server, base, sdk, variant, C);
        storage[variant] = st;
        const kept = {};
        let written = 0;
        for (const r of records) {
          const raw = Buffer.from(r.raw ?? '', 'base64');
          const deep = deepDecode(sdk, r, raw);
          const channel = channelOf(sdk, r, deep);
          const kinds = kindsOf(sdk, r, deep);
          const headers = keptHeaders(r.headers);
          const found = planted(r, deep, headers, needles);
          const ch = (channels[channel] ??= { requests: 0, variants: [], methods: [], transports: [], formats: [], kinds: [], planted: {}, paths: [] });
          ch.requests += 1;
          for (const [list, v] of [[ch.variants, variant], [ch.methods, r.method], [ch.transports, r.transport], [ch.formats, r.format], [ch.paths, r.offhost ? `${r.host}${r.path}` : r.path], ...kinds.map((k) => [ch.kinds, k])]) {
            if (!list.includes(v)) list.push(v);
          }
          for (const f of found) {
            const where = f.where.replace(/\[\d+\]/g, '[]') + (f.in === 'key' ? ' (key)' : '');
            (ch.planted[f.canary] ??= []).includes(where) || ch.planted[f.canary].push(where);
          }
          // keep: up to MAX_PER_CHANNEL per channel and run, the first of each new kind first
          const k = (kept[channel] ??= { count: 0, kinds: new Set() });
          const newKind = kinds.some((x) => !k.kinds.has(x));
          if (k.count >= MAX_PER_CHANNEL && !(newKind && k.count < MAX_PER_CHANNEL * 2)) continue;
          k.count += 1;
          kinds.forEach((x) => k.kinds.add(x));
          const binary = !['json', 'gzip+json', 'form-base64', 'gzip+form-base64', 'form-urlencoded', 'form', 'empty', 'envelope', 'text'].includes(r.format) || (deep && deep.nested.length > 0);
          const body = capJson(r.body);
          const fixture = {
            sdk,
            variant,
            channel,
            method: r.method,
            path: r.path,
            ...(r.offhost ? { host: r.host } : {}),
            query: r.query,
            transport: r.transport,
            headers,
            format: r.format,
            bytes: r.bytes,
            kinds,
            body: body.value,
            ...(body.truncated ? { body_truncated_from: body.truncated } : {}),
            ...(deep ? { nested: deep.nested, decoded: capJson(deep.value).value } : {}),
            ...(binary && raw.length ? { raw_base64: raw.length > BODY_CAP ? raw.subarray(0, BODY_CAP).toString('base64') : raw.toString('base64'), ...(raw.length > BODY_CAP ? { raw_truncated_from: raw.length } : {}) } : {}),
            planted: found,
          };
          n += 1;
          written += 1;
          writeFileSync(`${dir}/${String(n).padStart(2, '0')}-${slug(channel)}.json`, `${JSON.stringify(fixture, null, 1)}\n`);
        }
        console.log(`${sdk}/${variant}: ${records.length} requests, ${written} kept, ${Date.now() - started} ms${errors.length ? `; page errors: ${[...new Set(errors)].join(' | ').slice(0, 300)}` : ''}`);
      }
      summary[sdk] = { channels: Object.fromEntries(Object.entries(channels).sort()), storage };
    }
  } finally {
    await browser.close();
    server.close();
  }
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 1)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
