// The service worker: keeps the declarativeNetRequest rules in step with the settings, is the
// only place that redacts (its CSP allows 'wasm-unsafe-eval'; no page ever loads the engine),
// and counts what happened to each site's telemetry for the popup. Pages hand it their
// telemetry requests two ways: `redact`, answered with the redacted request, which the page
// then sends itself (a request that can wait); `relay`, which it redacts and sends itself (a
// beacon, a keepalive fetch, anything while the page goes away).
//
// Every message comes from the extension's own isolated-world script, which a page cannot reach
// (channel.js), but nothing in a message decides anything: the site, the frame and so the level
// come from Chrome's record of the sender; the vendor and what may be sent from the endpoint
// table; the body and the URL's query go through the same redaction.
import { compileEndpoints, classify } from '../../pkg/endpoints.js';
import { normalize, levelFor, stricter, siteOf } from './settings.js';
import { buildRules } from './rules.js';
import { VendorGuards, loadEngine } from './guards.js';
import { policiesFor } from './minimal-policies.js';
import { Tally } from './counts.js';
import { deliver } from './deliver.js';

let settings = normalize(undefined);
let table = compileEndpoints([]);
const guards = new VendorGuards();
const tally = new Tally(chrome.storage.session);

// The engine compiles as the worker starts, while the settings are read: a worker starts when a
// page hands it telemetry (or the settings change), and the first request should not wait for
// both one after the other.
loadEngine().catch((e) => console.warn(`consent-guard: the engine does not load: ${e?.message}`));

/** Reads the settings (then calls `read`: redaction waits for that, not for the rules) and applies the rules. */
async function load(read) {
  const stored = (await chrome.storage.local.get('settings')).settings;
  settings = normalize(stored);
  table = compileEndpoints(settings.endpoints);
  guards.configure(policiesFor(settings), settings.consent);
  read();
  const old = await chrome.declarativeNetRequest.getDynamicRules();
  const rules = buildRules(settings, { extensionId: chrome.runtime.id });
  try {
    await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: old.map((r) => r.id), addRules: rules });
  } catch {
    // One refused rule (an endpoint regex too big for Chrome) must not cost the others, GPC first.
    await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: old.map((r) => r.id) });
    for (const rule of rules) {
      await chrome.declarativeNetRequest.updateDynamicRules({ addRules: [rule] }).catch((e) => console.warn(`consent-guard: rule ${rule.id} refused: ${e.message}`));
    }
  }
  // The stored settings now in force, rules included (the tests wait for this after a change).
  self.applied = JSON.stringify(stored ?? null);
}

// No settings stored yet means the defaults: every reader normalizes what it finds. Loads run
// one after another, so rules from an older read never land after newer ones.
let ready;
// What redaction waits for: the settings of the latest load, not its rules.
let current;
const reload = () => {
  let read;
  current = new Promise((resolve) => { read = resolve; });
  ready = (ready ?? Promise.resolve()).catch(() => {}).then(() => load(read));
  ready.catch(() => {}).finally(read); // a failed load still ends the wait (with the settings it had)
  return ready;
};
reload();
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) reload();
});

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Where a message came from, from Chrome's own record of the sender. The message's own `site`
 * (the sites its document was given a level for) can only make the level stricter: at pagehide
 * the tab may already show the next page, and a sandboxed frame has no origin of its own.
 */
function origin(sender, message) {
  const host = (u) => {
    try {
      return new URL(u).hostname;
    } catch {
      return '';
    }
  };
  const frame = siteOf(host(sender.origin && sender.origin !== 'null' ? sender.origin : sender.url));
  const top = siteOf(host(sender.tab?.url)) || frame;
  const claimed = message?.site && typeof message.site === 'object' ? message.site : {};
  const also = [claimed.frame, claimed.top].filter((h) => typeof h === 'string' && h !== '').map(siteOf);
  return { frame, top, also };
}

/** A frame inside a site takes the stricter of its own level and the site's. */
function levelOf(from) {
  let level = stricter(levelFor(settings, from.frame), levelFor(settings, from.top));
  for (const s of from.also ?? []) level = stricter(level, levelFor(settings, s));
  return level;
}

const blockedReceipt = (detail) => ({ kept: false, events: 0, dropped: [{ path: '', reason: 'blocked', detail }], changes: [] });

// Relays and answers not yet counted (the tests wait for them).
const inFlight = new Set();
// What pages have handed over in this worker's lifetime (the tests read it).
const traffic = { relay: 0, redact: 0, receipt: 0 };
self.traffic = traffic;

const failedReceipt = (detail) => ({ kept: false, events: 0, dropped: [{ path: '', reason: 'internal_error', detail }], changes: [] });

/**
 * Redacts a request a page handed over, as the page's level for it says. Returns null when its
 * URL is not a telemetry endpoint at all (nothing to count), else `{ vendor, request, url,
 * result }`: `result` is the engine's ({ body, query, headers, receipt }), or a blocked or
 * failed receipt with no body. `sendable`: the kinds of path whose requests may go out this way.
 */
async function redacted(message, from, sendable) {
  await current;
  let url;
  try {
    url = new URL(message.url);
  } catch {
    return null;
  }
  const hit = classify(table, url);
  if (!hit) return null;
  const { endpoint } = hit;
  const transport = ['fetch', 'xhr', 'element', 'worker'].includes(message.transport) && message.type === 'redact' ? message.transport : 'relay';
  const request = { url: url.origin + url.pathname, transport };
  const out = (result) => ({ vendor: endpoint.vendor, request, url, result });
  const body = decode(typeof message.body === 'string' ? message.body : '');
  if (!sendable.includes(hit.kind)) return out({ body: null, receipt: blockedReceipt(`not a ${endpoint.vendor} telemetry path`) });
  if (hit.kind === 'config' && body.length > 0) return out({ body: null, receipt: blockedReceipt('a configuration path with a body') });
  const level = levelOf(from);
  if (level === 'block') return out({ body: null, receipt: blockedReceipt('level: block') });
  const parts = {
    path: url.pathname,
    query: url.search.slice(1),
    params: endpoint.params,
    headers: Array.isArray(message.headers) ? message.headers : [],
    body,
  };
  try {
    if (level === 'allow') return out({ ...parts, receipt: { kept: true, events: 0, dropped: [], changes: [], format: 'allowed' } });
    await loadEngine(); // the load started above (once loaded, at once; after a failure, tried again)
    return out(guards.get(endpoint.preset).redactRequest({ ...parts, name: hit.name }));
  } catch (e) {
    return out({ body: null, receipt: failedReceipt(e?.code === 'POLICY_INVALID' ? `the policy for ${endpoint.preset} does not load` : 'engine failed') });
  }
}

/** A request the worker redacts and sends itself. */
async function relayed(message, from) {
  // Only telemetry paths: a page must not turn the worker into a sender of anything else. (A
  // configuration fetch is answered with `redact` and sent by the page, never from here.)
  const r = await redacted(message, from, ['telemetry']);
  if (!r) return;
  let failure = null;
  if (r.result.body) {
    const target = r.url.origin + r.url.pathname + (r.result.query ? `?${r.result.query}` : '');
    failure = await deliver(target, r.result, { unloading: message.unloading === true });
  }
  return tally.add(from.top, r.vendor, r.result.receipt, { request: r.request, failure });
}

function encode(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** A request the page sends itself once redacted here: the answer is the redacted request. */
async function answered(message, from) {
  const r = await redacted(message, from, ['telemetry', 'config']);
  if (!r) return { body: null, receipt: blockedReceipt('not a telemetry endpoint') };
  const { body, query, headers, receipt } = r.result;
  // Counted without holding the answer back (the tests wait for the count through inFlight).
  const count = tally.add(from.top, r.vendor, receipt, { request: r.request }).catch(() => {});
  inFlight.add(count);
  count.finally(() => inFlight.delete(count));
  return { body: body ? encode(body) : null, query: typeof query === 'string' ? query : '', headers: Array.isArray(headers) ? headers : [], receipt };
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id || !sender.tab) return;
  const from = origin(sender, message);
  if (message?.type === 'redact') {
    traffic.redact += 1;
    const done = answered(message, from).catch((e) => ({ error: `engine failed: ${e?.message}` }));
    inFlight.add(done);
    done.then(reply).finally(() => inFlight.delete(done));
    return true; // answers asynchronously
  }
  if (message?.type === 'relay') {
    traffic.relay += 1;
    const done = relayed(message, from).catch((e) => console.warn(`consent-guard: relay failed: ${e?.message}`));
    inFlight.add(done);
    done.finally(() => inFlight.delete(done));
  } else if (message?.type === 'receipt' && message.receipt && typeof message.receipt === 'object') {
    traffic.receipt += 1;
    tally.add(from.top, typeof message.vendor === 'string' ? message.vendor : null, message.receipt, { request: message.request });
  }
});

// For the tests: every relay taken so far delivered and counted, and the counts written.
self.settled = async () => {
  while (inFlight.size) await Promise.all([...inFlight]);
  await tally.idle();
};
self.resetCounts = async () => {
  await self.settled();
  await tally.reset();
  await tally.idle();
};
