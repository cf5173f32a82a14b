// Network enforcement: wraps fetch, XMLHttpRequest, navigator.sendBeacon and the Blob
// constructor of a window (and of its same-origin iframes) so that every request bound for a
// known telemetry endpoint has its body redacted by the Rust codecs before it leaves the page.
//
// Everything on the way out is synchronous: a beacon at unload does not survive an async step
// (WIRE.md: lost in 3 of 3 runs), so bodies are read from memory (Blob parts are remembered when
// the Blob is made) and redacted, decompressed and recompressed inside Wasm in the same call.
// Only a fetch whose body lives in a Request object is read asynchronously.

import { compileEndpoints, matchEndpoint } from './endpoints.js';

const NATIVE = (name) => `function ${name}() { [native code] }`;
const MAX_REMEMBERED_BLOB = 8 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown into the SDK's fetch when a body could not be read: it sees a network error. */
function blockedError() {
  return new TypeError('consent-guard blocked a telemetry request whose body it could not read');
}

// A function whose toString reads like a native one: Sentry takes a fresh fetch from a hidden
// iframe when window.fetch does not look native (WIRE.md).
function looksNative(fn, name) {
  Object.defineProperty(fn, 'toString', { value: () => NATIVE(name), configurable: true, writable: true });
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}

/**
 * Installs the interceptor on `win` for `guard`. Returns uninstall (idempotent).
 * Options: endpoints, builtin, allowOpaque, onReceipt(receipt, { vendor, url, transport }), frames.
 */
export function installInterceptor(guard, options = {}) {
  if (typeof options !== 'object' || options === null) throw new TypeError('intercept: options must be an object');
  const win = options.window ?? globalThis;
  const table = compileEndpoints(options.endpoints ?? [], { builtin: options.builtin ?? true });
  const ctx = {
    guard,
    table,
    allowOpaque: options.allowOpaque === true,
    onReceipt: typeof options.onReceipt === 'function' ? options.onReceipt : null,
    frames: options.frames !== false,
    installed: new Map(), // window -> restore()
  };
  installInto(win, ctx);
  const uninstall = () => {
    for (const restore of ctx.installed.values()) restore();
    ctx.installed.clear();
  };
  // For installers that learn their endpoints after they must install (the extension reads its
  // settings asynchronously at document_start): replaces the app entries, keeps the built-ins.
  uninstall.setEndpoints = (extra) => {
    ctx.table = compileEndpoints(extra, { builtin: options.builtin ?? true });
  };
  return uninstall;
}

function installInto(win, ctx) {
  if (ctx.installed.has(win)) return;
  const restores = [];
  const blobParts = new WeakMap();
  const env = { win, ctx, blobParts };
  if (typeof win.Blob === 'function') restores.push(wrapBlob(env));
  if (typeof win.fetch === 'function') restores.push(wrapFetch(env));
  if (typeof win.XMLHttpRequest === 'function') restores.push(wrapXhr(env));
  if (win.navigator && typeof win.navigator.sendBeacon === 'function') restores.push(wrapBeacon(env));
  if (ctx.frames && win.HTMLIFrameElement) restores.push(coverFrames(env));
  ctx.installed.set(win, () => restores.reverse().forEach((r) => r()));
}

// ---- decision ---------------------------------------------------------------------------------

function resolveUrl(win, raw) {
  try {
    // baseURI, not location: an about:blank iframe resolves against its parent's URL.
    return new URL(String(raw), win.document?.baseURI ?? win.location?.href);
  } catch {
    return null;
  }
}

/**
 * Redacts `bytes` bound for `endpoint`. Returns { kind: 'send', bytes } | { kind: 'answer' }
 * (every event dropped: the SDK gets a success) | { kind: 'block' } (unreadable or failed).
 */
function decide(ctx, endpoint, url, bytes, transport) {
  let result;
  try {
    const request = { vendor: endpoint.vendor, url: url.href, transport };
    result = ctx.guard.forPreset(endpoint.preset).redactBody(bytes, { allowOpaque: ctx.allowOpaque, request });
  } catch {
    result = { body: null, receipt: { kept: false, events: 0, dropped: [{ path: '', reason: 'internal_error' }], changes: [] } };
  }
  if (ctx.onReceipt) {
    try {
      ctx.onReceipt(result.receipt, { vendor: endpoint.vendor, url: url.origin + url.pathname, transport });
    } catch { /* a throwing callback changes nothing */ }
  }
  if (result.body) return { kind: 'send', bytes: result.body };
  const reasons = result.receipt.dropped.map((d) => d.reason);
  // `relayed`: another party (the extension's service worker) sends a redacted copy instead.
  const answered = ['consent', 'consent_pending', 'relayed'];
  const consentOnly = reasons.length > 0 && reasons.every((r) => answered.includes(r));
  return consentOnly ? { kind: 'answer' } : { kind: 'block' };
}

// Bodies the page can hand to fetch/XHR/sendBeacon, read synchronously. Returns
// { bytes, rebuild(bytes) } or null when the body cannot be read synchronously.
function readSync(env, body) {
  const { win, blobParts } = env;
  if (body === undefined || body === null) return { bytes: new Uint8Array(0), rebuild: () => body };
  if (typeof body === 'string') return { bytes: encoder.encode(body), rebuild: (b) => textOrBytes(b) };
  // Checked by internal slot, not instanceof: a frame's buffers come from another realm.
  if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), rebuild: (b) => b };
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return { bytes: new Uint8Array(body), rebuild: (b) => b };
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

function redactingFetch(env, original) {
  const { win, ctx } = env;
  const fetch = function fetch(input, init) {
    const isRequest = win.Request && input instanceof win.Request;
    const url = resolveUrl(win, isRequest ? input.url : input);
    const endpoint = url && matchEndpoint(ctx.table, url);
    if (!endpoint) return original.apply(this, arguments);
    const answer = () => new win.Response(endpoint.okBody, { status: 200, headers: { 'content-type': 'application/json' } });
    const go = (bytes, rebuild) => {
      const d = decide(ctx, endpoint, url, bytes, 'fetch');
      if (d.kind === 'answer') return Promise.resolve(answer());
      if (d.kind === 'block') return Promise.reject(blockedError());
      const body = rebuild(d.bytes);
      if (isRequest) return original.call(this, new win.Request(input, { ...init, body }));
      return original.call(this, input, { ...init, body });
    };
    const initBody = init && 'body' in init ? init.body : undefined;
    if (initBody !== undefined || !isRequest) {
      const read = readSync(env, initBody);
      if (!read) return Promise.reject(blockedError());
      return go(read.bytes, read.rebuild);
    }
    // The body is inside a Request: reading it is async, which is fine outside unload.
    return input.clone().arrayBuffer().then(
      (buf) => go(new Uint8Array(buf), (b) => (b.length === 0 && buf.byteLength === 0 ? undefined : b)),
      () => Promise.reject(blockedError()),
    );
  };
  return looksNative(fetch, 'fetch');
}

// ---- XMLHttpRequest ---------------------------------------------------------------------------

function wrapXhr(env) {
  const { win, ctx } = env;
  const proto = win.XMLHttpRequest.prototype;
  const { open, send } = proto;
  const targets = new WeakMap();
  const wrappedOpen = function open_(method, url) {
    targets.set(this, resolveUrl(win, url));
    return open.apply(this, arguments);
  };
  const wrappedSend = function send_(body) {
    const url = targets.get(this);
    const endpoint = url && matchEndpoint(ctx.table, url);
    if (!endpoint) return send.apply(this, arguments);
    const read = readSync(env, body);
    const d = read ? decide(ctx, endpoint, url, read.bytes, 'xhr') : { kind: 'block' };
    if (d.kind === 'send') return send.call(this, read.rebuild(d.bytes));
    settle(win, this, d.kind === 'answer' ? endpoint.okBody : null);
    return undefined;
  };
  looksNative(wrappedOpen, 'open');
  looksNative(wrappedSend, 'send');
  proto.open = wrappedOpen;
  proto.send = wrappedSend;
  return () => {
    if (proto.open === wrappedOpen) proto.open = open;
    if (proto.send === wrappedSend) proto.send = send;
  };
}

// Completes an XHR that consent-guard answered itself (`body`: success) or blocked (null:
// a network error), asynchronously as a real one would.
function settle(win, xhr, body) {
  const ok = body !== null;
  const props = {
    readyState: 4,
    status: ok ? 200 : 0,
    statusText: ok ? 'OK' : '',
    responseText: ok ? body : '',
    response: ok ? body : '',
    responseURL: '',
  };
  for (const [k, v] of Object.entries(props)) Object.defineProperty(xhr, k, { value: v, configurable: true });
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

function wrapBeacon(env) {
  const { win, ctx } = env;
  const nav = win.navigator;
  const original = nav.sendBeacon;
  const sendBeacon = function sendBeacon(url, data) {
    const target = resolveUrl(win, url);
    const endpoint = target && matchEndpoint(ctx.table, target);
    if (!endpoint) return original.apply(this, arguments);
    const read = readSync(env, data);
    const d = read ? decide(ctx, endpoint, target, read.bytes, 'beacon') : { kind: 'block' };
    if (d.kind === 'answer') return true; // queued, as far as the SDK knows; nothing to send
    if (d.kind === 'block') return false;
    return original.call(this, url, read.rebuild(d.bytes));
  };
  looksNative(sendBeacon, 'sendBeacon');
  nav.sendBeacon = sendBeacon;
  return () => {
    if (nav.sendBeacon === sendBeacon) nav.sendBeacon = original;
  };
}

// ---- same-origin iframes ----------------------------------------------------------------------

// A script reaching into a same-origin iframe (Sentry's clean fetch) gets a window that is
// already covered. Cross-origin frames run their own code and are not ours to cover.
function coverFrames(env) {
  const { win, ctx } = env;
  const proto = win.HTMLIFrameElement.prototype;
  const desc = Object.getOwnPropertyDescriptor(proto, 'contentWindow');
  if (!desc?.get) return () => {};
  const get = function contentWindow() {
    const frame = desc.get.call(this);
    if (frame && !ctx.installed.has(frame)) {
      try {
        void frame.document; // throws when cross-origin
        installInto(frame, ctx);
      } catch { /* cross-origin */ }
    }
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
  return () => {
    Object.defineProperty(proto, 'contentWindow', desc);
    if (docDesc) Object.defineProperty(proto, 'contentDocument', docDesc);
  };
}
