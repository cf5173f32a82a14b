// The service worker: keeps the declarativeNetRequest rules in step with the settings, redacts
// and sends requests relayed from pages whose CSP blocks Wasm (its own CSP allows
// 'wasm-unsafe-eval'), and counts what happened to each site's telemetry for the popup.
//
// Every message comes from the extension's own isolated-world script, which a page cannot reach
// (channel.js), but nothing in a message decides anything: the site, the frame and so the level
// come from Chrome's record of the sender; the vendor and what may be sent from the endpoint
// table; the body and the URL's query go through the same redaction.
import { compileEndpoints, classify } from '../../pkg/endpoints.js';
import { normalize, levelFor, stricter, siteOf } from './settings.js';
import { buildRules } from './rules.js';
import { VendorGuards } from './guards.js';
import { policiesFor } from './minimal-policies.js';
import { Tally } from './counts.js';
import { deliver } from './deliver.js';

let settings = normalize(undefined);
let table = compileEndpoints([]);
const guards = new VendorGuards();
const tally = new Tally(chrome.storage.session);

async function load() {
  const stored = (await chrome.storage.local.get('settings')).settings;
  settings = normalize(stored);
  table = compileEndpoints(settings.endpoints);
  guards.configure(policiesFor(settings), settings.consent);
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
let ready = load();
const reload = () => {
  ready = ready.catch(() => {}).then(load);
  return ready;
};
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) reload();
});

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Where a message came from, from Chrome's own record of the sender (never the message). */
function origin(sender) {
  const host = (u) => {
    try {
      return new URL(u).hostname;
    } catch {
      return '';
    }
  };
  const frame = siteOf(host(sender.origin && sender.origin !== 'null' ? sender.origin : sender.url));
  const top = siteOf(host(sender.tab?.url)) || frame;
  return { frame, top };
}

/** A frame inside a site takes the stricter of its own level and the site's. */
function levelOf(from) {
  return stricter(levelFor(settings, from.frame), levelFor(settings, from.top));
}

const blockedReceipt = (detail) => ({ kept: false, events: 0, dropped: [{ path: '', reason: 'blocked', detail }], changes: [] });

// Relays not yet counted (the tests wait for them).
const inFlight = new Set();

async function relayed(message, from) {
  await ready;
  let url;
  try {
    url = new URL(message.url);
  } catch {
    return;
  }
  const hit = classify(table, url);
  const request = { url: url.origin + url.pathname, transport: 'relay' };
  // Only telemetry paths: a page must not turn the worker into a sender of anything else. (A
  // configuration fetch the page could not make itself is answered by the page, not sent.)
  if (!hit) return;
  if (hit.kind !== 'telemetry') return tally.add(from.top, hit.endpoint.vendor, blockedReceipt(`not a ${hit.endpoint.vendor} telemetry path`), { request });
  const { endpoint } = hit;
  const level = levelOf(from);
  if (level === 'block') return tally.add(from.top, endpoint.vendor, blockedReceipt('level: block'), { request });
  const parts = {
    path: url.pathname,
    query: url.search.slice(1),
    params: endpoint.params,
    headers: Array.isArray(message.headers) ? message.headers : [],
    body: decode(typeof message.body === 'string' ? message.body : ''),
  };
  let result;
  try {
    result = level === 'allow'
      ? { ...parts, receipt: { kept: true, events: 0, dropped: [], changes: [], format: 'allowed' } }
      : guards.get(endpoint.preset).redactRequest({ ...parts, name: hit.name });
  } catch (e) {
    const detail = e?.code === 'POLICY_INVALID' ? `the policy for ${endpoint.preset} does not load` : 'engine failed';
    return tally.add(from.top, endpoint.vendor, { kept: false, events: 0, dropped: [{ path: '', reason: 'internal_error', detail }], changes: [] }, { request });
  }
  let failure = null;
  if (result.body) {
    const target = url.origin + url.pathname + (result.query ? `?${result.query}` : '');
    failure = await deliver(target, result, { unloading: message.unloading === true });
  }
  return tally.add(from.top, endpoint.vendor, result.receipt, { request, failure });
}

chrome.runtime.onMessage.addListener((message, sender) => {
  if (sender.id !== chrome.runtime.id || !sender.tab) return;
  const from = origin(sender);
  if (message?.type === 'relay') {
    const done = relayed(message, from).catch((e) => console.warn(`consent-guard: relay failed: ${e?.message}`));
    inFlight.add(done);
    done.finally(() => inFlight.delete(done));
  } else if (message?.type === 'receipt' && message.receipt && typeof message.receipt === 'object') {
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
