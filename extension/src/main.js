// MAIN world, document_start, every frame: runs before any page script. Sends Global Privacy
// Control, and installs the package's interceptors with an engine that follows the person's
// level for this site:
// - allow: requests pass unchanged;
// - strip: redacted here, synchronously, when the page's CSP lets Wasm compile; otherwise the
//   body goes synchronously to the isolated world and the service worker redacts and sends it;
//   if neither is possible the request is blocked;
// - block: blocked (declarativeNetRequest rules block them at the network too).
// Until the settings arrive (a few ms), requests wait for them; if none arrive within 3 s (the
// isolated world did not run), requests are blocked: nothing goes out undecided.
//
// Settings, relays and receipts travel only on the private channel (channel.js): a page script
// can neither forge settings nor read them off the DOM.
import { installInterceptor } from '../../pkg/intercept.js';
import { openFromMain, SETTINGS, RELAY, RECEIPT } from './channel.js';
import { VendorGuards } from './guards.js';

// Kept before any page script can replace them.
const stringify = JSON.stringify.bind(JSON);
const parse = JSON.parse.bind(JSON);
const channel = openFromMain();

// Until this frame's settings arrive: block (fail closed), and GPC on.
let site = { level: 'block', consent: {}, policies: {}, endpoints: [], gpc: true };
let configured = false; // true once this frame's settings arrived
let wasm = true; // false once the engine failed to load in this page (CSP)
const guards = new VendorGuards();

// Not configurable: a page script cannot turn the person's GPC off for the scripts it embeds.
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => site.gpc, configurable: false, enumerable: true });

function receipt(reason, detail) {
  return { kept: false, events: 0, dropped: [{ path: '', reason, detail }], changes: [] };
}

/** Every decided request's receipt (but those the worker sends and counts) goes to the isolated world. */
function report(receipt, request) {
  if (receipt.dropped.some((d) => d.reason === 'relayed')) return;
  try {
    channel.send(RECEIPT, stringify({ receipt, request }));
  } catch { /* counting is best effort */ }
}

function toBase64(bytes) {
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * Hands the request to the isolated world; true when the relay took it (it cancels the event).
 * The worker reads the path and query from `url` and redacts both, as it redacts the body.
 */
function relay(parts, request) {
  const url = `${request?.url ?? ''}${parts.query ? `?${parts.query}` : ''}`;
  const detail = stringify({ url, transport: request?.transport, headers: parts.headers, body: toBase64(parts.body) });
  return channel.send(RELAY, detail, { cancelable: true });
}

function redactRequest(preset, parts, request) {
  if (site.level === 'allow') {
    return { body: parts.body, query: parts.query, headers: parts.headers, receipt: { kept: true, events: 0, dropped: [], changes: [], format: 'allowed' } };
  }
  if (site.level === 'block') return { body: null, receipt: receipt('blocked', configured ? 'level: block' : 'no settings for this frame') };
  if (wasm) {
    try {
      return guards.get(preset).redactRequest(parts);
    } catch (e) {
      if (e?.code === 'POLICY_INVALID') return { body: null, receipt: receipt('internal_error', `the policy for ${preset} does not load`) };
      if (e?.code !== 'MODULE_LOAD_FAILED') return { body: null, receipt: receipt('internal_error', 'engine failed') };
      wasm = false;
    }
  }
  if (relay(parts, request)) return { body: null, receipt: receipt('relayed', 'redacted and sent by the service worker') };
  return { body: null, receipt: receipt('blocked', 'no way to redact in this page') };
}

const engine = { forPreset: (preset) => ({ redactRequest: (parts, options) => redactRequest(preset, parts, options?.request) }) };
// Until this frame's settings arrive, every request waits for them: a level, a consent, an
// endpoint the person added must not be guessed (unknown, their endpoint's requests would go out
// raw). The isolated world sends them as soon as storage answers, which takes long on a busy
// machine: while the channel is open they are waited for (up to 30 s); a frame whose isolated
// world never answered stops waiting after 3 s. Then known endpoints are blocked.
let settled;
const hold = new Promise((resolve) => {
  settled = resolve;
  setTimeout(() => channel.open || resolve(), 3000);
  setTimeout(resolve, 30000);
});
const interceptor = installInterceptor(engine, { window, hold, onReceipt: report });

channel.on(SETTINGS, (detail) => {
  try {
    const next = parse(detail);
    const level = ['allow', 'strip', 'block'].includes(next.level) ? next.level : 'block';
    interceptor.setEndpoints(next.endpoints ?? []);
    site = { level, consent: next.consent ?? {}, policies: next.policies ?? {}, endpoints: next.endpoints ?? [], gpc: next.gpc !== false };
    guards.configure(site.policies, site.consent);
    configured = true;
  } catch { /* malformed settings change nothing */ }
  settled();
});
