// The service worker: keeps the declarativeNetRequest rules in step with the settings, redacts
// and sends bodies relayed from pages whose CSP blocks Wasm (its own CSP allows
// 'wasm-unsafe-eval'), and keeps per-site counts from receipts (never values) for the popup.
import { compileEndpoints, classify } from '../../pkg/endpoints.js';
import { normalize, levelFor, stricter, summarize, addTo } from './settings.js';
import { buildRules } from './rules.js';
import { VendorGuards } from './guards.js';
import { policiesFor } from './minimal-policies.js';

let settings = normalize(undefined);
let table = compileEndpoints([]);
const guards = new VendorGuards();

async function load() {
  const stored = (await chrome.storage.local.get('settings')).settings;
  settings = normalize(stored);
  table = compileEndpoints(settings.endpoints);
  guards.configure(policiesFor(settings), settings.consent);
  const old = await chrome.declarativeNetRequest.getDynamicRules();
  const rules = buildRules(settings);
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

// Counts per site in session storage (cleared when the browser closes); updates are chained so
// concurrent receipts do not overwrite each other.
let counting = Promise.resolve();
function count(host, vendor, summary) {
  counting = counting
    .then(async () => {
      const { counts = {} } = await chrome.storage.session.get('counts');
      counts[host] = addTo(counts[host], summary, vendor);
      await chrome.storage.session.set({ counts });
    })
    .catch(() => {});
  return counting;
}

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function contentType(format) {
  if (format?.includes('form')) return 'application/x-www-form-urlencoded';
  if (format?.startsWith('json') || format?.startsWith('gzip+json') || format?.includes('otlp')) return 'application/json';
  return 'text/plain;charset=UTF-8';
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
  const frame = host(sender.origin && sender.origin !== 'null' ? sender.origin : sender.url);
  const top = host(sender.tab?.url) || frame;
  return { frame, top };
}

/** A frame inside a site takes the stricter of its own level and the site's. */
function levelOf(from) {
  return stricter(levelFor(settings, from.frame), levelFor(settings, from.top));
}

async function relayed(message, from) {
  await ready;
  let url;
  try {
    url = new URL(message.url);
  } catch {
    return;
  }
  const hit = classify(table, url);
  // Only telemetry paths: a page must not turn the worker into a sender of anything else.
  if (!hit || hit.kind !== 'telemetry') return;
  const { endpoint } = hit;
  const level = levelOf(from);
  if (level === 'block') return count(from.top, endpoint.vendor, summarize({ kept: false, dropped: [{ path: '', reason: 'blocked' }] }));
  const parts = {
    path: url.pathname,
    query: typeof message.query === 'string' ? message.query : '',
    params: endpoint.params,
    headers: Array.isArray(message.headers) ? message.headers : [],
    body: decode(typeof message.body === 'string' ? message.body : ''),
  };
  const result = level === 'allow'
    ? { ...parts, receipt: { kept: true, events: 0, dropped: [], changes: [] } }
    : guards.get(endpoint.preset).redactRequest({ ...parts, name: hit.name });
  await count(from.top, endpoint.vendor, summarize(result.receipt));
  if (!result.body) return;
  const target = url.origin + url.pathname + (result.query ? `?${result.query}` : '');
  await fetch(target, { method: 'POST', body: result.body, headers: { 'content-type': contentType(result.receipt.format) }, credentials: 'omit', keepalive: true }).catch(() => {});
}

chrome.runtime.onMessage.addListener((message, sender) => {
  if (sender.id !== chrome.runtime.id) return;
  const from = origin(sender);
  if (message?.type === 'relay') relayed(message, from);
  else if (message?.type === 'receipt') count(from.top, message.vendor, message.summary);
});
