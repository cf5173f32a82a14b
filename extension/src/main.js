// MAIN world, document_start, every frame: runs before any page script. Sends Global Privacy
// Control, and installs the package's interceptors, which follow the person's level for this
// site:
// - allow: requests pass unchanged;
// - strip: redacted by the service worker, never in the page (no engine is ever loaded here):
//   a request that can wait (an async fetch, XHR, element load, a worker's request) is handed to
//   the worker and back, redacted, and the page sends it itself, so the SDK reads the vendor's
//   own answer; one that cannot wait (a beacon, fetchLater, a keepalive fetch, a synchronous
//   XHR, anything while the page is going away) is handed over synchronously and the worker
//   sends it (keepalive while the page unloads); if neither is possible it is blocked;
// - block: blocked (declarativeNetRequest rules block them at the network too).
// Until the settings arrive (a few ms), requests wait for them; if none arrive within 3 s (the
// isolated world did not run), requests are blocked: nothing goes out undecided.
//
// Settings, requests, answers and receipts travel only on the private channel (channel.js): a
// page script can neither forge nor read them there. The built-ins this file relies on after
// page scripts run are kept at start; a page that rewrites the rest of JavaScript's built-ins can
// subvert any script in its page (and can send without the interceptor anyway: threat model).
import { installInterceptor } from '../../pkg/intercept.js';
import { openFromMain, SETTINGS, RELAY, REDACT, REDACTED, RECEIPT } from './channel.js';

// Kept before any page script can replace them.
const stringify = JSON.stringify.bind(JSON);
const parse = JSON.parse.bind(JSON);
const NativePromise = Promise;
const setTimer = setTimeout;
const listen = EventTarget.prototype.addEventListener;
const apply = Reflect.apply;
// Chrome 140+ (the manifest's minimum) has both.
const nativeFromBase64 = Uint8Array.fromBase64;
const nativeToBase64 = Uint8Array.prototype.toBase64;
const channel = openFromMain();

// Until this frame's settings arrive: block (fail closed), and GPC on.
let site = { level: 'block', gpc: true };
let configured = false; // true once this frame's settings arrived

// Not configurable: a page script cannot turn the person's GPC off for the scripts it embeds.
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => site.gpc, configurable: false, enumerable: true });

// Whether the page is going away (a real pagehide, not one a page script dispatched: isTrusted
// is each event's own unforgeable property): then no request waits for an answer, it is handed
// over for the worker to send.
let leaving = false;
listen.call(window, 'pagehide', (e) => { if (e.isTrusted) leaving = true; }, true);
listen.call(window, 'pageshow', (e) => { if (e.isTrusted) leaving = false; }, true);

const failed = (reason, detail) => ({ body: null, receipt: { kept: false, events: 0, dropped: [{ path: '', reason, detail }], changes: [] } });

// Receipts the worker has counted already (it redacted those requests).
const counted = new WeakSet();

/** Every decided request's receipt but those the worker counts goes to the isolated world. */
function report(receipt, request) {
  if (counted.has(receipt) || receipt.dropped.some((d) => d.reason === 'relayed')) return;
  try {
    channel.send(RECEIPT, stringify({ receipt, request }));
  } catch { /* counting is best effort */ }
}

const toBase64 = (bytes) => apply(nativeToBase64, bytes, []);
const fromBase64 = (text) => apply(nativeFromBase64, Uint8Array, [text]);

/** What the worker needs of a request: its URL with the query (redacted there), headers, body. */
function describe(parts, request) {
  const url = `${request?.url ?? ''}${parts.query ? `?${parts.query}` : ''}`;
  return { url, transport: request?.transport, headers: parts.headers, body: toBase64(parts.body) };
}

/** Hands the request over for the worker to redact and send; true when the relay took it. */
function relay(parts, request) {
  return channel.send(RELAY, stringify(describe(parts, request)), { cancelable: true });
}

// Requests waiting for the worker's answer, by id. The answer comes on the private channel only.
// A null-prototype object: no built-in a page script could replace is involved in reading it.
const waiting = Object.create(null);
let nextId = 0;
const ANSWER_TIMEOUT = 30000;

channel.on(REDACTED, (detail) => {
  let answer;
  try {
    answer = parse(detail);
  } catch {
    return;
  }
  const id = answer?.id;
  const resolve = waiting[id];
  if (!resolve) return;
  delete waiting[id];
  resolve(answer);
});

/** Asks the worker to redact the request and answer; a Promise of the result, or null when nobody took it. */
function ask(parts, request) {
  const id = ++nextId;
  let resolve;
  const answered = new NativePromise((r) => { resolve = r; });
  waiting[id] = resolve;
  if (!channel.send(REDACT, stringify({ id, ...describe(parts, request) }), { cancelable: true })) {
    delete waiting[id];
    return null;
  }
  setTimer(() => {
    if (!waiting[id]) return;
    delete waiting[id];
    resolve({ error: 'the service worker did not answer' });
  }, ANSWER_TIMEOUT);
  return answered.then((answer) => {
    if (!answer || typeof answer !== 'object' || answer.error || !answer.receipt || !Array.isArray(answer.receipt.dropped)) {
      return failed('internal_error', answer?.error ?? 'not redacted');
    }
    counted.add(answer.receipt);
    return {
      body: typeof answer.body === 'string' ? fromBase64(answer.body) : null,
      query: typeof answer.query === 'string' ? answer.query : '',
      headers: Array.isArray(answer.headers) ? answer.headers : [],
      receipt: answer.receipt,
    };
  });
}

function redactRequest(parts, options) {
  const request = options?.request;
  if (site.level === 'allow') {
    return { body: parts.body, query: parts.query, headers: parts.headers, receipt: { kept: true, events: 0, dropped: [], changes: [], format: 'allowed' } };
  }
  if (site.level === 'block') return failed('blocked', configured ? 'level: block' : 'no settings for this frame');
  if (options?.wait && !leaving) {
    const answer = ask(parts, request);
    if (answer) return answer;
  } else if (relay(parts, request)) {
    return failed('relayed', 'redacted and sent by the service worker');
  }
  return failed('blocked', 'no way to redact in this page');
}

const engine = { forPreset: () => ({ redactRequest }) };
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
    const level = next.level === 'allow' || next.level === 'strip' ? next.level : 'block';
    interceptor.setEndpoints(next.endpoints ?? []);
    site = { level, gpc: next.gpc !== false };
    configured = true;
  } catch { /* malformed settings change nothing */ }
  settled();
});
