// Network enforcement: wraps fetch, fetchLater, XMLHttpRequest, navigator.sendBeacon and the Blob
// constructor of a window (and of its same-origin iframes) so that every request bound for a
// known telemetry host is guarded whole before it leaves the page: its query (events in
// `?data=`, unknown parameters dropped), the headers the page set, and its body, redacted by the
// Rust codecs. A path of a telemetry host that the endpoint table does not know is blocked.
//
// Everything on the way out is synchronous: a beacon at unload does not survive an async step
// (lost in 3 of 3 runs), so bodies are read from memory (Blob parts are remembered when the Blob
// is made) and redacted, decompressed and recompressed inside Wasm in the same call. Only a
// fetch whose body lives in a Request object is read asynchronously. A guard may answer a
// request that can wait (an async fetch, XHR, element load or worker request, never a beacon,
// fetchLater or keepalive fetch) with a Promise: the browser extension redacts those in its
// service worker (see decide()).
//
// Every URL is read once: a URL object whose string form changes between reads cannot show one
// address to the check and another to the network. Requests are recognized by a brand check,
// so Requests and URLs from other realms (same-origin iframes) are read as such.

import { compileEndpoints, lazyEndpoints, classify, normalizePath } from './endpoints.js';
import { wrapWorkers } from './intercept-workers.js';

const NATIVE = (name) => `function ${name}() { [native code] }`;
const MAX_REMEMBERED_BLOB = 8 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// The RequestInit members fetch reads, each read once (inherited getters included).
const INIT_KEYS = ['method', 'headers', 'body', 'referrer', 'referrerPolicy', 'mode', 'credentials', 'cache', 'redirect',
  'integrity', 'keepalive', 'signal', 'priority', 'duplex', 'window', 'activateAfter'];
// What a rebuilt fetch takes over from a Request given as input.
const REQUEST_KEYS = ['method', 'mode', 'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'signal'];

/** Thrown into the SDK's fetch when a request was blocked: it sees a network error. */
function blockedError() {
  return new TypeError('consent-guard blocked a telemetry request it could not guard');
}

// A function whose toString reads like a native one: Sentry takes a fresh fetch from a hidden
// iframe when window.fetch does not look native.
function looksNative(fn, name) {
  Object.defineProperty(fn, 'toString', { value: () => NATIVE(name), configurable: true, writable: true });
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}

/**
 * Installs the interceptor on `win` for `guard`. Returns uninstall (idempotent).
 * Options: endpoints, builtin, allowOpaque, onReceipt(receipt, { vendor, url, transport }), frames,
 * credentials ('omit' by default: no cookies ride on telemetry fetches; 'keep' leaves them),
 * hold (a Promise: every request made before it settles waits for it, then is decided with
 * what is known then; for installers that learn their endpoints asynchronously).
 */
export function installInterceptor(guard, options = {}) {
  if (typeof options !== 'object' || options === null) throw new TypeError('intercept: options must be an object');
  const win = options.window ?? globalThis;
  // Checked now, compiled on the first request (classify reads ctx.table).
  let tableOf = lazyEndpoints(options.endpoints ?? [], { builtin: options.builtin ?? true });
  const ctx = {
    guard,
    get table() {
      return tableOf();
    },
    allowOpaque: options.allowOpaque === true,
    onReceipt: typeof options.onReceipt === 'function' ? options.onReceipt : null,
    frames: options.frames !== false,
    keepCredentials: options.credentials === 'keep',
    installed: new Map(), // window -> { restore }
    mark: Symbol('consent-guard'),
    hold: null,
  };
  if (options.hold && typeof options.hold.then === 'function') {
    ctx.hold = Promise.resolve(options.hold).then(() => {
      ctx.hold = null;
    }, () => {
      ctx.hold = null;
    });
  }
  installInto(win, ctx);
  const uninstall = () => {
    for (const record of ctx.installed.values()) record.restore();
    ctx.installed.clear();
  };
  // For installers that learn their endpoints after they must install (the extension reads its
  // settings asynchronously at document_start): replaces the app entries, keeps the built-ins.
  uninstall.setEndpoints = (extra) => {
    tableOf = lazyEndpoints(extra, { builtin: options.builtin ?? true });
  };
  return uninstall;
}

// A window is covered while its global carries this interceptor's mark: a frame that navigates
// keeps its WindowProxy but gets a fresh global, which must be covered again.
function covered(win, ctx) {
  try {
    return win[ctx.mark] === true;
  } catch {
    return true; // cross-origin now: not ours to cover
  }
}

function installInto(win, ctx) {
  if (covered(win, ctx)) return;
  const restores = [];
  const blobParts = new WeakMap();
  // The realm's own fetch, kept before it is wrapped: telemetry XHRs and beacons go out through
  // it, so they too leave with the origin as Referer and without cookies.
  const nativeFetch = typeof win.fetch === 'function' ? win.fetch : null;
  const env = { win, ctx, blobParts, requestUrl: brandCheck(win), nativeFetch };
  if (typeof win.Blob === 'function') restores.push(wrapBlob(env));
  if (typeof win.fetch === 'function') restores.push(wrapFetch(env));
  if (typeof win.fetchLater === 'function') restores.push(wrapFetchLater(env));
  if (typeof win.XMLHttpRequest === 'function') restores.push(wrapXhr(env));
  if (win.navigator && typeof win.navigator.sendBeacon === 'function') restores.push(wrapBeacon(env));
  if (typeof win.Worker === 'function' && win.MessageChannel && win.URL) restores.push(wrapWorkers(env, (m) => relayFromWorker(env, m)));
  if (win.HTMLScriptElement && win.HTMLImageElement) restores.push(wrapElementSources(env));
  if (ctx.frames && win.HTMLIFrameElement) restores.push(coverFrames(env));
  try {
    Object.defineProperty(win, ctx.mark, { value: true, configurable: true });
  } catch { /* a frozen window: covered once, by the installed map */ }
  ctx.installed.set(win, { restore: () => {
    restores.reverse().forEach((r) => r());
    try {
      delete win[ctx.mark];
    } catch { /* gone */ }
  } });
}

// ---- an SDK's own transport -------------------------------------------------------------------

/**
 * A fetch for an SDK's own transport option (Sentry's `makeFetchTransport(options, fetch)`,
 * Amplitude replay's `handleSendEvents`): every request made through it is `vendor` telemetry,
 * whatever its host (self-hosted, a first-party proxy), and is guarded whole as the interceptor
 * guards it. `guard` may be the Promise from createGuard: requests wait for it, and are blocked
 * if it fails. Nothing global is wrapped.
 */
export function sdkFetch(guard, vendor, options = {}) {
  const win = options.window ?? globalThis;
  const base = options.fetch ?? win.fetch;
  if (typeof base !== 'function') throw new TypeError('sdkFetch: no fetch to send with');
  const table = compileEndpoints([{ vendor, hosts: ['*'] }], { builtin: false });
  let inner = null;
  const make = (g) => {
    const ctx = {
      guard: g,
      table,
      classify: classifyOwn,
      allowOpaque: options.allowOpaque === true,
      onReceipt: typeof options.onReceipt === 'function' ? options.onReceipt : null,
      keepCredentials: options.credentials === 'keep',
      hold: null,
    };
    const env = { win, ctx, blobParts: new WeakMap(), requestUrl: brandCheck(win), nativeFetch: base };
    return redactingFetch(env, base);
  };
  const ready = Promise.resolve(guard);
  ready.catch(() => {});
  return function fetch(input, init) {
    return ready.then(
      (g) => (inner ??= make(g))(input, init),
      () => Promise.reject(blockedError()),
    );
  };
}

// An SDK's own request may sit under a proxy's prefix (`/ingest/api/1/envelope/`): the path is
// matched against the vendor's paths from each of its segments on.
function classifyOwn(table, url) {
  const segments = normalizePath(url.pathname).split('/').filter(Boolean);
  for (let k = 0; k < segments.length; k++) {
    const probe = new URL(url.href);
    probe.pathname = `/${segments.slice(k).join('/')}`;
    const hit = classify(table, probe);
    if (hit && hit.kind !== 'unknown') return hit;
  }
  // A path the table does not know (Sentry's `tunnel`) still carries this SDK's telemetry: its
  // body is read by its bytes, and what cannot be read is blocked.
  return { endpoint: table[0], kind: 'telemetry' };
}

// ---- reading a request ------------------------------------------------------------------------

/** The URL of a real Request (from any realm), or null: a brand check, not instanceof. */
function brandCheck(win) {
  const get = win.Request && Object.getOwnPropertyDescriptor(win.Request.prototype, 'url')?.get;
  return (x) => {
    if (!get || typeof x !== 'object' || x === null) return null;
    try {
      return get.call(x);
    } catch {
      return null;
    }
  };
}

function resolveUrl(win, raw) {
  try {
    // baseURI, not location: an about:blank iframe resolves against its parent's URL.
    return new URL(raw, win.document?.baseURI ?? win.location?.href);
  } catch {
    return null;
  }
}

/** Reads each RequestInit member once into a plain object (undefined members left out). */
function readInit(init) {
  const out = {};
  if (init === undefined || init === null) return out;
  for (const k of INIT_KEYS) {
    const v = init[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Header pairs from anything fetch accepts as headers (names lower-cased by Headers). */
function headerPairs(win, headers) {
  if (headers === undefined || headers === null) return [];
  const out = [];
  for (const [n, v] of new win.Headers(headers)) out.push([n, v]);
  return out;
}

// Bodies the page can hand to fetch/XHR/sendBeacon, read synchronously. Returns
// { bytes, rebuild(bytes) } or null when the body cannot be read synchronously.
function readSync(env, body) {
  const { win, blobParts } = env;
  if (body === undefined || body === null) return { bytes: new Uint8Array(0), rebuild: () => undefined };
  if (typeof body === 'string') return { bytes: encoder.encode(body), rebuild: (b) => textOrBytes(b) };
  // By internal slot, not instanceof: a frame's buffers come from another realm. A detached
  // buffer throws: unreadable, so blocked.
  try {
    if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice(), rebuild: (b) => b };
    if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return { bytes: new Uint8Array(body).slice(), rebuild: (b) => b };
  } catch {
    return null;
  }
  if (win.URLSearchParams && body instanceof win.URLSearchParams) {
    return { bytes: encoder.encode(body.toString()), rebuild: (b) => new win.URLSearchParams(decoder.decode(b)) };
  }
  if (win.Blob && body instanceof win.Blob) {
    const bytes = blobBytes(blobParts, body);
    if (!bytes) return null;
    return { bytes, rebuild: (b) => new win.Blob([b], { type: body.type }) };
  }
  return null; // FormData, ReadableStream, Document: not readable here
}

// Text in, text out when the result is still text, so the browser's default content type holds.
function textOrBytes(bytes) {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return bytes;
  return decoder.decode(bytes);
}

function blobBytes(blobParts, blob) {
  const parts = blobParts.get(blob);
  if (!parts) return null;
  const chunks = [];
  for (const part of parts) {
    if (typeof part === 'string') chunks.push(encoder.encode(part));
    else if (part instanceof Uint8Array) chunks.push(part);
    else {
      const inner = blobBytes(blobParts, part);
      if (!inner) return null;
      chunks.push(inner);
    }
  }
  return concat(chunks);
}

function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---- decision ---------------------------------------------------------------------------------

function blockedReceipt(detail) {
  return { kept: false, events: 0, dropped: [{ path: '', reason: 'blocked', detail }], changes: [] };
}

/**
 * Guards one request to a telemetry host. `hit` is its classification, `headers` the page's
 * header pairs, `bytes` its body. Returns { kind: 'send', url, headers, bytes } |
 * { kind: 'answer' } (every event dropped for consent: the SDK gets a success) |
 * { kind: 'block' } (unreadable, unknown path, or failed) |
 * { kind: 'pending', then } (only when `wait`: the guard answered with a Promise, and `then` is
 * a Promise of one of the three above).
 *
 * `wait`: the caller can wait for the decision (an async fetch, XHR, element load or worker
 * request, not at unload). A guard may then return a Promise of its result (the browser
 * extension redacts in its service worker); where the caller cannot wait (a beacon, fetchLater,
 * a keepalive fetch, a synchronous XHR) a Promise is an error, and the request is blocked.
 */
function decide(ctx, hit, url, transport, headers, bytes, { wait = false } = {}) {
  const { endpoint, kind } = hit;
  const request = { vendor: endpoint.vendor, url: url.origin + url.pathname, transport };
  let result;
  if (kind === 'unknown') {
    result = { body: null, receipt: blockedReceipt(`not a known ${endpoint.vendor} path`) };
  } else if (kind === 'config' && bytes.length > 0) {
    result = { body: null, receipt: blockedReceipt('a configuration path with a body') };
  } else {
    try {
      result = ctx.guard.forPreset(endpoint.preset).redactRequest(
        { path: url.pathname, query: url.search.slice(1), params: endpoint.params, headers, body: bytes, name: hit.name },
        { allowOpaque: ctx.allowOpaque, request, wait },
      );
    } catch {
      result = failedResult();
    }
  }
  if (result && typeof result.then === 'function') {
    const pending = Promise.resolve(result).then((r) => conclude(ctx, hit, url, request, r), () => conclude(ctx, hit, url, request, failedResult()));
    if (wait) return { kind: 'pending', then: pending };
    pending.catch(() => {});
    return { kind: 'block' };
  }
  return conclude(ctx, hit, url, request, result);
}

function failedResult() {
  return { body: null, receipt: { kept: false, events: 0, dropped: [{ path: '', reason: 'internal_error' }], changes: [] } };
}

/** The decision for a guard's result: reports its receipt, then send, answer or block. */
function conclude(ctx, hit, url, request, result) {
  if (!result || typeof result !== 'object' || !result.receipt || !Array.isArray(result.receipt.dropped)) result = failedResult();
  if (ctx.onReceipt) {
    try {
      ctx.onReceipt(result.receipt, request);
    } catch { /* a throwing callback changes nothing */ }
  }
  if (result.body) {
    const query = typeof result.query === 'string' && result.query ? `?${result.query}` : '';
    return { kind: 'send', url: url.origin + url.pathname + query, headers: result.headers ?? [], bytes: result.body };
  }
  const reasons = result.receipt.dropped.map((d) => d.reason);
  // `relayed`: another party (the extension's service worker) sends a redacted copy instead.
  // `policy`: the policy sends no such event at all (session replay by default).
  const answered = ['consent', 'consent_pending', 'relayed', 'policy'];
  const consentOnly = reasons.length > 0 && reasons.every((r) => answered.includes(r));
  return consentOnly ? { kind: 'answer' } : { kind: 'block' };
}

// ---- Blob -------------------------------------------------------------------------------------

// Remembers each Blob's parts (copied: the caller may reuse its buffers) so a beacon's Blob body
// can be read synchronously. Instances stay real Blobs: same prototype, same instanceof.
function wrapBlob({ win, blobParts }) {
  const Original = win.Blob;
  function Blob(parts, options) {
    if (!new.target) throw new TypeError("Failed to construct 'Blob': Please use the 'new' operator");
    const blob = Reflect.construct(Original, arguments, new.target === Blob ? Original : new.target);
    try {
      if (blob.size <= MAX_REMEMBERED_BLOB && parts && typeof parts[Symbol.iterator] === 'function') {
        const copy = [];
        for (const p of parts) {
          if (typeof p === 'string') copy.push(p);
          else if (p instanceof ArrayBuffer) copy.push(new Uint8Array(p.slice(0)));
          else if (ArrayBuffer.isView(p)) copy.push(new Uint8Array(p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength)));
          else if (p instanceof Original && blobParts.has(p)) copy.push(p);
          else return blob; // a File or a Blob made elsewhere: unreadable, so not remembered
        }
        blobParts.set(blob, copy);
      }
    } catch { /* remembering is best effort; an unremembered Blob is blocked, not sent raw */ }
    return blob;
  }
  Blob.prototype = Original.prototype;
  Object.setPrototypeOf(Blob, Original);
  looksNative(Blob, 'Blob');
  win.Blob = Blob;
  return () => {
    if (win.Blob === Blob) win.Blob = Original;
  };
}

// ---- fetch ------------------------------------------------------------------------------------

function wrapFetch(env) {
  const { win } = env;
  const original = win.fetch;
  const fetch = redactingFetch(env, original);
  // OpenTelemetry's exporter calls `fetch.__original` to skip instrumentation of its own uploads;
  // that path must still be redacted: it leads to a redacting wrapper of the uninstrumented fetch.
  const inner = typeof original.__original === 'function' ? redactingFetch(env, original.__original) : fetch;
  Object.defineProperty(fetch, '__original', { value: inner, configurable: true, writable: true });
  win.fetch = fetch;
  return () => {
    if (win.fetch === fetch) win.fetch = original;
  };
}

/** What fetch(input, init) is asked to do, each part read once. */
function readFetch(env, input, init) {
  const requestUrl = env.requestUrl(input);
  const isRequest = requestUrl !== null;
  const urlText = isRequest ? requestUrl : String(input);
  return { isRequest, urlText, url: resolveUrl(env.win, urlText), opts: readInit(init) };
}

/** The RequestInit for the rebuilt telemetry request. */
function rebuiltInit(env, call, decision) {
  const base = {};
  if (call.isRequest) for (const k of REQUEST_KEYS) base[k] = call.input[k];
  const opts = { ...base, ...call.opts };
  delete opts.body;
  delete opts.duplex;
  const method = String(opts.method ?? 'GET').toUpperCase();
  opts.headers = new env.win.Headers(decision.headers);
  if (method !== 'GET' && method !== 'HEAD' && decision.bytes.length > 0) opts.body = decision.rebuild(decision.bytes);
  // The page's address (with its query) must not ride along in Referer, nor cookies.
  opts.referrerPolicy = 'strict-origin';
  if (!env.ctx.keepCredentials) opts.credentials = 'omit';
  return opts;
}

function redactingFetch(env, original) {
  const { win, ctx } = env;
  const fetch = function fetch(input, init) {
    if (ctx.hold) return ctx.hold.then(() => fetch.call(this, input, init));
    let call;
    try {
      call = readFetch(env, input, init);
    } catch (e) {
      return Promise.reject(e); // an input with no string form: fetch itself would reject
    }
    call.input = input;
    const hit = call.url && (ctx.classify ?? classify)(ctx.table, call.url);
    // Not telemetry: the address checked is the address fetched.
    if (!hit) return original.call(this, call.isRequest ? input : call.urlText, init);
    const answer = () => new win.Response(hit.endpoint.okBody, { status: 200, headers: { 'content-type': 'application/json' } });
    const headerSource = 'headers' in call.opts ? call.opts.headers : call.isRequest ? input.headers : undefined;
    let headers;
    try {
      headers = headerPairs(win, headerSource);
    } catch {
      return Promise.reject(blockedError());
    }
    // A keepalive fetch may outlive the page: decided at once, as a beacon is.
    const keepalive = 'keepalive' in call.opts ? call.opts.keepalive === true : call.isRequest && input.keepalive === true;
    const go = (bytes, rebuild) => {
      const finish = (d) => {
        if (d.kind === 'answer') return answer();
        if (d.kind === 'block') throw blockedError();
        return original.call(this, d.url, rebuiltInit(env, call, { ...d, rebuild }));
      };
      const d = decide(ctx, hit, call.url, 'fetch', headers, bytes, { wait: !keepalive });
      if (d.kind === 'pending') return d.then.then(finish);
      try {
        return Promise.resolve(finish(d));
      } catch (e) {
        return Promise.reject(e);
      }
    };
    // As the Fetch standard reads it: init's body unless it is absent or null, then the Request's.
    const initBody = call.opts.body;
    if ((initBody !== undefined && initBody !== null) || !call.isRequest) {
      const read = readSync(env, initBody);
      if (!read) return Promise.reject(blockedError());
      return go(read.bytes, read.rebuild);
    }
    // The body is inside a Request: reading it is async, which is fine outside unload.
    let clone;
    try {
      clone = input.clone();
    } catch {
      return Promise.reject(blockedError());
    }
    return clone.arrayBuffer().then(
      (buf) => go(new Uint8Array(buf), (b) => b),
      () => Promise.reject(blockedError()),
    );
  };
  return looksNative(fetch, 'fetch');
}

// A request a worker handed over (intercept-workers.js): decided as the page's own, sent with
// the realm's fetch. Replies { pass } (not telemetry), { ok, status, headers, body } or { ok: false }.
async function relayFromWorker(env, message) {
  const { win, ctx } = env;
  if (ctx.hold) await ctx.hold;
  const url = typeof message?.url === 'string' ? resolveUrl(win, message.url) : null;
  if (!url) return { ok: false };
  const hit = classify(ctx.table, url);
  if (!hit) return { pass: true };
  const bytes = message.body instanceof Uint8Array ? message.body : new Uint8Array(0);
  const headers = Array.isArray(message.headers) ? message.headers.filter((h) => Array.isArray(h) && h.length === 2).map(([n, v]) => [String(n), String(v)]) : [];
  let d = decide(ctx, hit, url, 'worker', headers, bytes, { wait: message.keepalive !== true });
  if (d.kind === 'pending') d = await d.then;
  if (d.kind === 'answer') return { ok: true, status: 200, headers: [['content-type', 'application/json']], body: hit.endpoint.okBody };
  if (d.kind === 'block' || !env.nativeFetch) return { ok: false };
  const method = String(message.method ?? 'POST').toUpperCase();
  const init = { method, headers: new win.Headers(d.headers), referrerPolicy: 'strict-origin', credentials: ctx.keepCredentials ? 'same-origin' : 'omit' };
  if (method !== 'GET' && method !== 'HEAD' && d.bytes.length > 0) init.body = d.bytes;
  if (message.keepalive === true && d.bytes.length <= 60000) init.keepalive = true;
  const res = await env.nativeFetch.call(win, d.url, init);
  return { ok: true, status: res.status, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) };
}

// ---- resource loads ---------------------------------------------------------------------------

// A script or image whose address is a telemetry URL is a GET that carries its query (Mixpanel's
// pixel fallback, Sentry's report dialog with the user's name and email): decided like a bodiless
// request. Its address is rewritten to the redacted one, or it is never set.
function wrapElementSources(env) {
  const { win, ctx } = env;
  const restores = [];
  // The latest address asked of each element: a decision that comes later (`pending`) is applied
  // only if the page has not set another address meanwhile.
  const latest = new WeakMap();
  // The address is read once (String(value)) and only that text is ever set.
  const decideSrc = (el, token, text) => {
    const url = resolveUrl(win, text);
    const hit = url && classify(ctx.table, url);
    if (!hit) return { kind: 'send', url: text };
    const d = decide(ctx, hit, url, 'element', [], new Uint8Array(0), { wait: true });
    if (d.kind === 'pending') return d.then.then((dd) => (latest.get(el) === token ? dd : null));
    return d.kind === 'send' ? { kind: 'send', url: d.url } : { kind: 'block' };
  };
  const guardSrc = (el, raw) => {
    const token = {};
    latest.set(el, token);
    const text = String(raw);
    // Before the settings, which hosts are telemetry is not known yet: set once they are.
    if (ctx.hold) return { set: false, later: ctx.hold.then(() => (latest.get(el) === token ? decideSrc(el, token, text) : null)) };
    const r = decideSrc(el, token, text);
    if (typeof r.then === 'function') return { set: false, later: r };
    return r.kind === 'send' ? { set: true, value: r.url } : { set: false };
  };
  // A load that is never started fails as a blocked one would: with an error event.
  const fail = (el) => win.setTimeout(() => el.dispatchEvent(new win.Event('error')), 0);
  // A decision that came later: the address is set then (a connected script without a src
  // starts loading when it gets one), or the load fails.
  const settleLater = (el, later, set) => later.then((d) => {
    if (!d) return; // the page set another address meanwhile
    if (d.kind === 'send') set(d.url);
    else fail(el);
  }, () => fail(el));
  for (const Element of [win.HTMLScriptElement, win.HTMLImageElement]) {
    const proto = Element.prototype;
    const desc = Object.getOwnPropertyDescriptor(proto, 'src');
    if (!desc?.set) continue;
    Object.defineProperty(proto, 'src', {
      ...desc,
      set(value) {
        const g = guardSrc(this, value);
        if (g.set) desc.set.call(this, g.value);
        else if (g.later) settleLater(this, g.later, (url) => desc.set.call(this, url));
        else fail(this);
      },
    });
    restores.push(() => Object.defineProperty(proto, 'src', desc));
  }
  const setAttribute = win.Element.prototype.setAttribute;
  win.Element.prototype.setAttribute = function setAttribute_(name, value) {
    if (String(name).toLowerCase() === 'src' && (this instanceof win.HTMLScriptElement || this instanceof win.HTMLImageElement)) {
      const g = guardSrc(this, value);
      if (!g.set) {
        if (g.later) settleLater(this, g.later, (url) => setAttribute.call(this, name, url));
        else fail(this);
        return undefined;
      }
      return setAttribute.call(this, name, g.value);
    }
    return setAttribute.apply(this, arguments);
  };
  looksNative(win.Element.prototype.setAttribute, 'setAttribute');
  restores.push(() => {
    win.Element.prototype.setAttribute = setAttribute;
  });
  return () => restores.reverse().forEach((r) => r());
}

// fetchLater (deferred fetch, sent when the page goes away): like fetch, but it must answer
// synchronously, so a body inside a Request cannot be read and is blocked.
function wrapFetchLater(env) {
  const { win, ctx } = env;
  const original = win.fetchLater;
  const fetchLater = function fetchLater(input, init) {
    if (ctx.hold) {
      // Answers at once, registers once what to do is known.
      ctx.hold.then(() => fetchLater.call(this, input, init)).catch(() => {});
      return { activated: false };
    }
    const call = readFetch(env, input, init);
    call.input = input;
    const hit = call.url && classify(ctx.table, call.url);
    if (!hit) return original.call(this, call.isRequest ? input : call.urlText, init);
    const initBody = call.opts.body;
    const usesRequestBody = call.isRequest && (initBody === undefined || initBody === null);
    const read = usesRequestBody ? null : readSync(env, initBody);
    let headers = null;
    try {
      headers = headerPairs(win, 'headers' in call.opts ? call.opts.headers : call.isRequest ? input.headers : undefined);
    } catch { /* blocked below */ }
    const d = read && headers ? decide(ctx, hit, call.url, 'fetchLater', headers, read.bytes) : { kind: 'block' };
    if (d.kind === 'answer') return { activated: false };
    if (d.kind === 'block') throw blockedError();
    const opts = rebuiltInit(env, call, { ...d, rebuild: read.rebuild });
    if ('activateAfter' in call.opts) opts.activateAfter = call.opts.activateAfter;
    return original.call(this, d.url, opts);
  };
  looksNative(fetchLater, 'fetchLater');
  win.fetchLater = fetchLater;
  return () => {
    if (win.fetchLater === fetchLater) win.fetchLater = original;
  };
}

// ---- XMLHttpRequest ---------------------------------------------------------------------------

const networkError = (win) => new win.DOMException('consent-guard blocked this request', 'NetworkError');

// What each XHR was opened with, kept across installs: an XHR opened under one interceptor (or
// blockTelemetry) and sent after it was replaced is still known, and checked, by the next one.
const xhrOpened = new WeakMap();

// This install's view of an XHR another install opened: null when it is not telemetry here.
function stateFromOpen(win, ctx, record) {
  const target = resolveUrl(win, record.urlText);
  const hit = target && classify(ctx.table, target);
  return hit ? { method: record.method, url: target, hit, async: record.async, headers: record.headers } : null;
}

function wrapXhr(env) {
  const { win, ctx } = env;
  const proto = win.XMLHttpRequest.prototype;
  const { open, send, setRequestHeader } = proto;
  // Classified when it matters, with the table as it is then: an XHR opened before the settings
  // arrived (custom endpoints unknown) or under another install is still checked at send.
  const stateOf = (xhr) => {
    const record = xhrOpened.get(xhr);
    return record ? stateFromOpen(win, ctx, record) : null;
  };
  const wrappedOpen = function open_(method, url, async, user, password) {
    const urlText = String(url);
    const target = resolveUrl(win, urlText);
    const hit = target && classify(ctx.table, target);
    const record = { method: String(method), urlText, async: arguments.length < 3 ? true : async, headers: [] };
    xhrOpened.set(this, record);
    // Credentials in a telemetry URL never go: opened without them.
    if (hit) return open.call(this, method, urlText, record.async);
    return arguments.length <= 2 ? open.call(this, method, urlText) : open.call(this, method, urlText, async, user, password);
  };
  const wrappedSetRequestHeader = function setRequestHeader_(name, value) {
    const record = xhrOpened.get(this);
    if (!record) return setRequestHeader.apply(this, arguments);
    // Kept for the decision; set now too unless it is telemetry (a telemetry send reopens, which
    // clears what was set, and sets only the decided headers).
    record.headers.push([String(name), String(value)]);
    if (stateOf(this)) return undefined;
    return setRequestHeader.apply(this, arguments);
  };
  const wrappedSend = function send_(body) {
    const record = xhrOpened.get(this);
    if (ctx.hold && record) {
      // Before the settings, nobody knows which hosts are telemetry: an async XHR waits for
      // them; a synchronous one cannot, and fails as a network error would.
      if (record.async === false) throw networkError(win);
      ctx.hold.then(() => wrappedSend.call(this, body));
      return undefined;
    }
    const state = stateOf(this);
    if (!state) return send.apply(this, arguments);
    xhrOpened.delete(this);
    const read = readSync(env, state.method.toUpperCase() === 'GET' ? undefined : body);
    const d = read ? decide(ctx, state.hit, state.url, 'xhr', state.headers, read.bytes, { wait: state.async !== false }) : { kind: 'block' };
    if (d.kind === 'pending') {
      d.then.then((decided) => finishXhr.call(this, state, read, decided)).catch(() => settle(win, this, null));
      return undefined;
    }
    return finishXhr.call(this, state, read, d);
  };
  // What a decided XHR does: answered, blocked, or sent (as a fetch, or as itself).
  const finishXhr = function (state, read, d) {
    if (d.kind !== 'send') {
      // A synchronous XHR learns at once: a blocked one throws as a network failure would.
      if (state.async === false && d.kind === 'block') throw networkError(win);
      const answer = d.kind === 'answer' ? { status: 200, statusText: 'OK', text: state.hit.endpoint.okBody, url: '' } : null;
      settle(win, this, answer, state.async !== false);
      return undefined;
    }
    const payload = d.bytes.length > 0 ? read.rebuild(d.bytes) : null;
    if (state.async !== false && env.nativeFetch) {
      // Sent with the realm's own fetch, so it leaves with the origin as Referer and without
      // cookies (an XHR can set neither), then completed like the XHR it stands for.
      const init = { method: state.method, headers: d.headers, body: payload, referrerPolicy: 'strict-origin' };
      if (!ctx.keepCredentials) init.credentials = 'omit';
      env.nativeFetch.call(win, d.url, init).then(
        async (res) => settle(win, this, { status: res.status, statusText: res.statusText, text: await res.text(), url: res.url }),
        () => settle(win, this, null),
      );
      return undefined;
    }
    // Reopened: clears any header set before it was known to be telemetry.
    open.call(this, state.method, d.url, state.async);
    for (const [n, v] of d.headers) setRequestHeader.call(this, n, v);
    if (!ctx.keepCredentials) this.withCredentials = false;
    return send.call(this, payload);
  };
  looksNative(wrappedOpen, 'open');
  looksNative(wrappedSend, 'send');
  looksNative(wrappedSetRequestHeader, 'setRequestHeader');
  proto.open = wrappedOpen;
  proto.send = wrappedSend;
  proto.setRequestHeader = wrappedSetRequestHeader;
  return () => {
    if (proto.open === wrappedOpen) proto.open = open;
    if (proto.send === wrappedSend) proto.send = send;
    if (proto.setRequestHeader === wrappedSetRequestHeader) proto.setRequestHeader = setRequestHeader;
  };
}

// Completes an XHR that consent-guard answered itself or sent through fetch (`res`: status,
// text) or blocked (null: a network error), asynchronously as a real one would.
function settle(win, xhr, res, async = true) {
  const ok = res !== null;
  let response = ok ? res.text : '';
  if (ok && xhr.responseType === 'json') {
    try {
      response = JSON.parse(res.text);
    } catch {
      response = null;
    }
  }
  const props = {
    readyState: 4,
    status: ok ? res.status : 0,
    statusText: ok ? res.statusText : '',
    responseText: ok ? res.text : '',
    response,
    responseURL: ok ? res.url : '',
  };
  for (const [k, v] of Object.entries(props)) Object.defineProperty(xhr, k, { value: v, configurable: true });
  if (!async) return;
  win.setTimeout(() => {
    const fire = (type) => {
      const ev = new win.ProgressEvent(type);
      xhr.dispatchEvent(ev);
    };
    fire('readystatechange');
    fire(ok ? 'load' : 'error');
    fire('loadend');
  }, 0);
}

// ---- sendBeacon -------------------------------------------------------------------------------

// Wrapped on Navigator.prototype, so `Navigator.prototype.sendBeacon.call(navigator, …)` is
// covered too (and on the instance, if a script put one there).
function wrapBeacon(env) {
  const { win, ctx } = env;
  const nav = win.navigator;
  const proto = win.Navigator?.prototype;
  const holder = proto && Object.prototype.hasOwnProperty.call(proto, 'sendBeacon') ? proto : nav;
  const original = holder.sendBeacon;
  const sendBeacon = function sendBeacon(url, data) {
    if (ctx.hold) {
      ctx.hold.then(() => sendBeacon.call(this, url, data));
      return true;
    }
    const urlText = String(url);
    const target = resolveUrl(win, urlText);
    const hit = target && classify(ctx.table, target);
    if (!hit) return original.call(this, urlText, data);
    const read = readSync(env, data);
    const d = read ? decide(ctx, hit, target, 'beacon', [], read.bytes) : { kind: 'block' };
    if (d.kind === 'answer') return true; // queued, as far as the SDK knows; nothing to send
    if (d.kind === 'block') return false;
    const body = d.bytes.length > 0 ? read.rebuild(d.bytes) : undefined;
    if (env.nativeFetch) {
      // What sendBeacon is, as a fetch: keepalive, so it survives the page; but with the origin as
      // Referer and without cookies, which a beacon cannot choose. Like a beacon, a body whose
      // type a simple request may carry goes without a preflight.
      const type = typeof body === 'string' ? 'text/plain' : (body?.type ?? '');
      const simple = ['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'].includes(type.split(';')[0].trim().toLowerCase());
      const init = { method: 'POST', body, keepalive: true, referrerPolicy: 'strict-origin', mode: simple ? 'no-cors' : 'cors' };
      if (!ctx.keepCredentials) init.credentials = 'omit';
      try {
        env.nativeFetch.call(win, d.url, init).catch(() => {});
        return true;
      } catch {
        return false; // over the keepalive quota, as a beacon would be
      }
    }
    return original.call(this, d.url, body);
  };
  looksNative(sendBeacon, 'sendBeacon');
  holder.sendBeacon = sendBeacon;
  const own = holder !== nav && Object.prototype.hasOwnProperty.call(nav, 'sendBeacon') ? nav.sendBeacon : null;
  if (own) nav.sendBeacon = sendBeacon;
  return () => {
    if (holder.sendBeacon === sendBeacon) holder.sendBeacon = original;
    if (own && nav.sendBeacon === sendBeacon) nav.sendBeacon = own;
  };
}

// ---- same-origin frames and popups ------------------------------------------------------------

// Every same-origin window a script can reach gets covered before it can send: frames reached
// through contentWindow / contentDocument (Sentry's clean fetch), frames inserted by any DOM API
// (then reachable as window[n]), frames that navigate (a fresh global), <object> windows, and
// popups from window.open. Cross-origin frames run their own code and are not ours to cover.
function coverFrames(env) {
  const { win, ctx } = env;
  const restores = [];
  const cover = (frame) => {
    if (!frame || covered(frame, ctx)) return;
    try {
      void frame.document; // throws when cross-origin
      installInto(frame, ctx);
    } catch { /* cross-origin */ }
  };
  // The child browsing contexts, by index: whatever element holds them.
  const coverChildren = () => {
    let n = 0;
    try {
      n = win.length;
    } catch {
      return;
    }
    for (let i = 0; i < n; i++) {
      try {
        cover(win[i]);
      } catch { /* gone */ }
    }
  };
  for (const name of ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement']) {
    const proto = win[name]?.prototype;
    const desc = proto && Object.getOwnPropertyDescriptor(proto, 'contentWindow');
    if (!desc?.get) continue;
    const get = function contentWindow() {
      const frame = desc.get.call(this);
      cover(frame);
      return frame;
    };
    Object.defineProperty(proto, 'contentWindow', { ...desc, get });
    const docDesc = Object.getOwnPropertyDescriptor(proto, 'contentDocument');
    if (docDesc?.get) {
      Object.defineProperty(proto, 'contentDocument', {
        ...docDesc,
        get() {
          get.call(this);
          return docDesc.get.call(this);
        },
      });
    }
    restores.push(() => {
      Object.defineProperty(proto, 'contentWindow', desc);
      if (docDesc) Object.defineProperty(proto, 'contentDocument', docDesc);
    });
  }
  // Insertion APIs: a frame is covered as soon as the call that inserted it returns.
  const wrapAfter = (proto, name, kind = 'value') => {
    const desc = proto && Object.getOwnPropertyDescriptor(proto, name);
    const fn = desc && (kind === 'value' ? desc.value : desc.set);
    if (typeof fn !== 'function') return;
    const wrapped = function () {
      const out = fn.apply(this, arguments);
      coverChildren();
      return out;
    };
    looksNative(wrapped, name);
    Object.defineProperty(proto, name, kind === 'value' ? { ...desc, value: wrapped } : { ...desc, set: wrapped });
    restores.push(() => Object.defineProperty(proto, name, desc));
  };
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) wrapAfter(win.Node?.prototype, name);
  for (const name of ['append', 'prepend', 'before', 'after', 'replaceWith', 'replaceChildren', 'insertAdjacentElement', 'insertAdjacentHTML', 'setHTMLUnsafe']) {
    wrapAfter(win.Element?.prototype, name);
  }
  for (const name of ['innerHTML', 'outerHTML']) wrapAfter(win.Element?.prototype, name, 'set');
  for (const name of ['write', 'writeln']) wrapAfter(win.Document?.prototype, name);
  // What no wrapper sees (the parser inserting an <iframe>, a frame that navigates) is covered
  // before the next script runs (a mutation) or before its load handlers do (capture phase).
  if (typeof win.MutationObserver === 'function' && win.document) {
    const observer = new win.MutationObserver(coverChildren);
    try {
      observer.observe(win.document, { childList: true, subtree: true });
      restores.push(() => observer.disconnect());
    } catch { /* no document yet */ }
  }
  if (typeof win.addEventListener === 'function') {
    win.addEventListener('load', coverChildren, true);
    restores.push(() => win.removeEventListener('load', coverChildren, true));
  }
  // Popups: covered while they are same-origin (an about:blank popup is, until it navigates).
  if (typeof win.open === 'function') {
    const open = win.open;
    const wrapped = function open_() {
      const popup = open.apply(this, arguments);
      cover(popup);
      return popup;
    };
    looksNative(wrapped, 'open');
    win.open = wrapped;
    restores.push(() => {
      if (win.open === wrapped) win.open = open;
    });
  }
  coverChildren();
  return () => restores.reverse().forEach((r) => r());
}
