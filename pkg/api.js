// consent-guard: the JS API, shared by every entry. Checks inputs with precise messages and
// fails closed: nothing raw is ever returned because of an error. Where the Wasm module comes
// from is the entry's business (module-source.js): index.js streams the .wasm file, sync.js
// decodes the copy embedded in JS.

import {
  initSync,
  WasmGuard,
  validatePolicy as wasmValidatePolicy,
  presetPolicy as wasmPresetPolicy,
  presetNames as wasmPresetNames,
  consentFromSignals as wasmConsentFromSignals,
} from './wasm/consent_guard.js';
import { moduleBytes, compileModule } from './module-source.js';
import { readSignals as readPageSignals, followSignals as followPageSignals } from './signals.js';
import { PendingQueue } from './queue.js';
import { purgeStorage } from './purge.js';
import { installInterceptor } from './intercept.js';

export { PendingQueue };

/** An Error with a stable `code`, and for policy errors the first problem's `rule` and `path`. */
export class ConsentGuardError extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.name = 'ConsentGuardError';
    this.code = code;
    this.rule = extra.rule ?? null;
    this.path = extra.path ?? null;
    this.diagnostics = extra.diagnostics ?? [];
    if (extra.cause !== undefined) this.cause = extra.cause;
  }
}

// Module state: one Wasm instance per realm. A trap inside Wasm (a bug) may leave it corrupt,
// so after one every guard drops everything.
let loaded = false;
let broken = null;
let loading = null;
// Whether the module loaded is the lean one (consent-guard/lean): no request-body codecs, no
// consent-signal decoders. The first load decides for the whole page.
let lean = false;

const notLoaded = () => new ConsentGuardError(
  'MODULE_NOT_LOADED',
  "consent-guard: the Wasm module is not loaded yet: `await createGuard(…)` or `await loadModule()` first, or import from 'consent-guard/sync' to start synchronously",
);
const loadFailed = (cause) => new ConsentGuardError('MODULE_LOAD_FAILED', `consent-guard: the Wasm module did not load: ${cause?.message ?? cause}`, { cause });

function loadSync() {
  if (loaded) return;
  let found;
  try {
    found = moduleBytes();
  } catch (cause) {
    throw loadFailed(cause);
  }
  if (!found) throw notLoaded();
  try {
    initSync({ module: new WebAssembly.Module(found.bytes) });
    loaded = true;
    lean = found.lean;
  } catch (cause) {
    throw loadFailed(cause);
  }
}

async function loadAsync() {
  if (loaded) return;
  loading ??= (async () => {
    try {
      const compiled = await compileModule();
      if (!loaded) {
        initSync({ module: compiled.module });
        lean = compiled.lean;
      }
      loaded = true;
    } catch (cause) {
      loading = null;
      throw loadFailed(cause);
    }
  })();
  await loading;
}

/**
 * Loads the Wasm module once per realm (the default entry fetches the .wasm file, compiling it
 * as it streams). After it resolves, every synchronous function works, createGuardSync too.
 */
export async function loadModule() {
  await loadAsync();
}

const textEncoder = new TextEncoder();

function policyText(options) {
  const hasPolicy = options.policy !== undefined;
  const hasPreset = options.preset !== undefined;
  if (hasPolicy === hasPreset) {
    throw new ConsentGuardError('OPTIONS_INVALID', 'createGuard: pass exactly one of `policy` or `preset`');
  }
  if (hasPreset) {
    if (typeof options.preset !== 'string') {
      throw new ConsentGuardError('OPTIONS_INVALID', 'createGuard: `preset` must be a preset name string');
    }
    return JSON.stringify({ version: 1, extends: options.preset });
  }
  return toPolicyText(options.policy, 'createGuard');
}

function toPolicyText(policy, where) {
  if (typeof policy === 'string') return policy;
  if (typeof policy !== 'object' || policy === null) {
    throw new ConsentGuardError('OPTIONS_INVALID', `${where}: \`policy\` must be an object or a JSON string`);
  }
  try {
    return JSON.stringify(policy);
  } catch (cause) {
    throw new ConsentGuardError('POLICY_INVALID', `${where}: the policy cannot be serialized: ${cause.message}`, { cause });
  }
}

function keyBytes(key) {
  if (key === undefined || key === null) return undefined;
  if (typeof key === 'string') return textEncoder.encode(key);
  if (key instanceof Uint8Array) return key;
  if (key instanceof ArrayBuffer) return new Uint8Array(key);
  throw new ConsentGuardError('KEY_INVALID', 'createGuard: `key` must be a string, Uint8Array or ArrayBuffer');
}

function consentText(consent, where) {
  if (typeof consent !== 'object' || consent === null || Array.isArray(consent)) {
    throw new ConsentGuardError('CONSENT_INVALID', `${where}: consent must be an object of { purpose: true | false | 'granted' | 'denied' | 'unknown' }`);
  }
  return JSON.stringify(consent);
}

// Rethrows an Error thrown by the Wasm side as a ConsentGuardError.
function fromWasmError(e) {
  if (e instanceof ConsentGuardError) return e;
  if (e && typeof e.code === 'string') {
    const diagnostics = e.diagnosticsJson ? JSON.parse(e.diagnosticsJson) : [];
    return new ConsentGuardError(e.code, e.message, { rule: e.rule, path: e.path, diagnostics });
  }
  return new ConsentGuardError('INTERNAL_ERROR', `consent-guard: internal error: ${e?.message ?? e}`, { cause: e });
}

// JSON.stringify turns a Map or Set into `{}` without a word. A value that cannot cross as JSON
// is refused instead, so the caller gets a receipt that says why (measured: ~3 us on a 3 KB event).
class UnsupportedValue extends Error {}
function strictReplacer(_key, value) {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      if (value instanceof Map) throw new UnsupportedValue('Map value');
      if (value instanceof Set) throw new UnsupportedValue('Set value');
      if (value instanceof WeakMap || value instanceof WeakSet) throw new UnsupportedValue('WeakMap or WeakSet value');
    }
  }
  return value;
}

/** A body as bytes, or a string saying why it is not one (a detached buffer, a wrong type). */
function bodyBytes(body) {
  try {
    if (typeof body === 'string') return textEncoder.encode(body);
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice();
    if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return new Uint8Array(body).slice();
  } catch {
    return 'a detached or unreadable ArrayBuffer';
  }
  return 'a body must be a string, ArrayBuffer or typed array';
}

function droppedReceipt(reason, detail) {
  return { kept: false, events: 0, dropped: [{ path: '', reason, detail }], changes: [] };
}

let internals;

/** A compiled policy plus the user's consent; `redact` is synchronous. */
export class Guard {
  #inner;
  #onReceipt;
  #purposes;
  #queue;
  #key;
  #preset;
  #siblings = new Map();
  // onConsentChange listeners; companions share them with the guard they came from.
  #listeners = new Set();
  // followSignals pollers, shared with the companions of forPreset; run before every event.
  #pollers = new Set();
  // For a companion made by forPreset: the guard it came from, which owns the shared consent.
  #root = null;

  // What intercept(), followSignals() and purge() need of a guard. They are functions of their
  // own, not methods, so that a bundle which does not import them does not carry them.
  static {
    internals = {
      // A real guard (a Proxy, a subclass-less forgery or another copy's guard is not).
      isGuard: (value) => typeof value === 'object' && value !== null && #inner in value,
      // Companions share their guard's consent: what follows or clears it acts on the root.
      root: (guard) => guard.#root ?? guard,
      live: (guard, where) => guard.#live(where),
      queue: (guard) => guard.#queue,
      siblings: (guard) => guard.#siblings.values(),
      pollers: (guard) => guard.#pollers,
      purposes: (guard) => guard.#purposes,
    };
  }

  /** @internal Use createGuard or createGuardSync. */
  constructor(options, token) {
    if (token !== GUARD_TOKEN) {
      throw new ConsentGuardError('OPTIONS_INVALID', 'use createGuard() or createGuardSync() to make a Guard');
    }
    const text = policyText(options);
    const key = keyBytes(options.key);
    if (options.queueLimit !== undefined && !(Number.isInteger(options.queueLimit) && options.queueLimit > 0)) {
      throw new ConsentGuardError('OPTIONS_INVALID', 'createGuard: `queueLimit` must be a positive integer');
    }
    if (options.onReceipt !== undefined && typeof options.onReceipt !== 'function') {
      throw new ConsentGuardError('OPTIONS_INVALID', 'createGuard: `onReceipt` must be a function');
    }
    const consent = options.consent === undefined ? undefined : consentText(options.consent, 'createGuard');
    try {
      this.#inner = new WasmGuard(text, key);
      if (consent !== undefined) this.#inner.setConsent(consent);
    } catch (e) {
      this.#inner?.free();
      throw fromWasmError(e);
    }
    this.#onReceipt = options.onReceipt;
    this.#key = key;
    this.#preset = options.preset ?? policyExtends(options.policy);
    this.#purposes = JSON.parse(this.#inner.purposes());
    this.#queue = new PendingQueue({ max: options.queueLimit ?? 500 });
  }

  /**
   * Redacts an event object. Returns a new object, or null when nothing may be sent.
   * `options.name` names the event for the event rules when the caller knows it better than the
   * event's own fields (a Sentry hook is handed error events, which carry no `type`).
   */
  redact(event, options) {
    this.#poll();
    return this.#run(event, false, false, options).event;
  }

  /** Redacts a raw JSON text (a request body). Returns text, or null when nothing may be sent. */
  redactJson(text, options) {
    this.#poll();
    return this.#run(text, true, false, options).event;
  }

  /** Redacts an event and returns what was done: `{ event, receipt }`. */
  explain(event, options) {
    this.#poll();
    return this.#run(event, typeof event === 'string', true, options);
  }

  #run(input, raw, wantReceipt, options) {
    let name;
    if (options !== undefined && options !== null) {
      name = typeof options === 'object' ? options.name : undefined;
      if (name !== undefined && typeof name !== 'string') {
        return this.#fail('invalid_event', 'options.name must be a string', wantReceipt);
      }
    }
    let text;
    if (raw) {
      if (typeof input !== 'string') return this.#fail('invalid_event', 'redactJson takes a string', wantReceipt);
      text = input;
    } else {
      if (typeof input !== 'object' || input === null) {
        return this.#fail('invalid_event', 'an event must be an object or array', wantReceipt);
      }
      try {
        text = JSON.stringify(input, strictReplacer);
      } catch (e) {
        const detail = e instanceof UnsupportedValue ? e.message
          : /circular|cyclic/i.test(e?.message) ? 'cyclic object'
          : /bigint/i.test(e?.message) ? 'BigInt value'
          : e instanceof RangeError ? 'nesting too deep to serialize'
          : 'not serializable';
        return this.#fail('invalid_event', detail, wantReceipt);
      }
      if (typeof text !== 'string') return this.#fail('invalid_event', 'an event must serialize to JSON', wantReceipt);
    }
    // Paths and rule ids in the receipt only when someone reads it (the counters need neither).
    const readReceipt = wantReceipt || Boolean(this.#onReceipt);
    const call = this.#engine((inner) => inner.redact(text, name, readReceipt));
    if (!call.ok) return this.#fail(call.reason, call.detail, wantReceipt);
    const out = call.value;
    const receipt = readReceipt ? JSON.parse(this.#inner.lastReceipt()) : undefined;
    if (receipt && this.#onReceipt) this.#report(receipt);
    const event = out === undefined || out === null ? null : raw ? out : JSON.parse(out);
    return { event, receipt };
  }

  /**
   * Redacts a request body as it goes on the wire: JSON, gzip, `data=` forms, Sentry envelopes
   * or OTLP/JSON, recognized by its bytes and written back in the same format. Returns
   * `{ body: Uint8Array | null, receipt }`; null when nothing may be sent (all events dropped,
   * or a body it cannot read, unless `allowOpaque`).
   */
  redactBody(body, { allowOpaque = false } = {}) {
    this.#poll();
    const bytes = bodyBytes(body);
    if (typeof bytes === 'string') return this.#failBody('invalid_event', bytes);
    const call = this.#engine((inner) => inner.redactBody(bytes, allowOpaque === true));
    if (!call.ok) return this.#failBody(call.reason, call.detail);
    const out = call.value;
    const receipt = JSON.parse(this.#inner.lastReceipt());
    if (this.#onReceipt) this.#report(receipt);
    return { body: out ?? null, receipt };
  }

  /**
   * Redacts a whole telemetry request: `query` (the URL's query, without `?`; events in its
   * `data` are redacted like a body), `params` (the names whose values may pass, scanned; every
   * other parameter is dropped), `headers` ([name, value] pairs the page set; one with a
   * detected value is not sent) and `body`. Returns `{ body, query, headers, receipt }`;
   * `body` is null when the request must not go out.
   */
  redactRequest({ path = '', query = '', params = [], headers = [], body, name } = {}, { allowOpaque = false } = {}) {
    this.#poll();
    const fail = (reason, detail) => ({ body: null, query: '', headers: [], receipt: this.#fail(reason, detail, true).receipt });
    const bytes = bodyBytes(body ?? '');
    if (typeof bytes === 'string') return fail('invalid_event', bytes);
    let paramsText;
    let headersText;
    try {
      paramsText = JSON.stringify(Array.from(params, String));
      headersText = JSON.stringify(Array.from(headers, ([n, v]) => [String(n), String(v)]));
    } catch {
      return fail('invalid_event', 'params must be strings and headers [name, value] pairs');
    }
    if (name !== undefined && typeof name !== 'string') return fail('invalid_event', 'name must be a string');
    const call = this.#engine((inner) => inner.redactRequest(String(path), String(query), paramsText, headersText, bytes, allowOpaque === true, name));
    if (!call.ok) return fail(call.reason, call.detail);
    const parts = JSON.parse(this.#inner.lastRequest());
    const receipt = JSON.parse(this.#inner.lastReceipt());
    if (this.#onReceipt) this.#report(receipt);
    return { body: call.value ?? null, query: parts.query, headers: parts.headers, receipt };
  }

  // Calls into the engine unless it is broken or freed. A trap may leave the shared instance
  // corrupt: from then on every guard drops everything.
  #engine(call) {
    if (broken) return { ok: false, reason: 'internal_error', detail: 'engine failed earlier; dropping everything' };
    if (!this.#inner) return { ok: false, reason: 'internal_error', detail: 'guard was freed' };
    try {
      return { ok: true, value: call(this.#inner) };
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) broken = e;
      return { ok: false, reason: 'internal_error', detail: 'engine failed' };
    }
  }

  // The Wasm side of a guard that is still alive, or GUARD_FREED.
  #live(where) {
    if (!this.#inner) throw new ConsentGuardError('GUARD_FREED', `${where}: this guard was freed`);
    return this.#inner;
  }

  #failBody(reason, detail) {
    return { body: null, receipt: this.#fail(reason, detail, true).receipt };
  }

  /**
   * The guard for a vendor's preset: this one when its policy is (or extends) that preset,
   * otherwise a companion running the preset with this guard's key, consent and onReceipt.
   * Consent changes made here reach the companions.
   */
  forPreset(name) {
    this.#live('forPreset');
    if (name === this.#preset) return this;
    if (this.#root) return this.#root.forPreset(name);
    let sibling = this.#siblings.get(name);
    if (!sibling) {
      sibling = new Guard({ preset: name, key: this.#key, onReceipt: this.#onReceipt }, GUARD_TOKEN);
      sibling.#pollers = this.#pollers;
      sibling.#listeners = this.#listeners;
      sibling.#root = this;
      sibling.#copyConsent(this.consent);
      this.#siblings.set(name, sibling);
    }
    return sibling;
  }

  #copyConsent(state) {
    const known = Object.fromEntries(Object.entries(state).filter(([p]) => this.#purposes.includes(p)));
    this.#apply(known);
  }

  #fail(reason, detail, wantReceipt) {
    const receipt = droppedReceipt(reason, detail);
    if (this.#onReceipt) this.#report(receipt);
    return { event: null, receipt: wantReceipt ? receipt : undefined };
  }

  #report(receipt) {
    try {
      this.#onReceipt(receipt);
    } catch {
      // A throwing callback must not turn a redaction into a crash of the caller's SDK hook.
    }
  }

  /**
   * Merges `{ purpose: decision }` into the consent. Applies to the next event, and
   * re-evaluates the held events: granted ones are sent, denied ones dropped.
   */
  setConsent(partial) {
    // A companion's consent is its guard's: set there, it reaches every companion, and a later
    // change on the guard cannot undo it.
    if (this.#root) return this.#root.setConsent(partial);
    this.#apply(partial);
    this.#notify();
  }

  #apply(partial) {
    const text = consentText(partial, 'setConsent');
    const inner = this.#live('setConsent');
    try {
      inner.setConsent(text);
    } catch (e) {
      throw fromWasmError(e);
    }
    if (this.#siblings.size > 0) {
      const state = this.consent;
      for (const sibling of this.#siblings.values()) sibling.#copyConsent(state);
    }
    this.#release(this.#queue.take());
  }

  #notify() {
    if (this.#listeners.size === 0) return;
    const state = { consent: this.consent, storageAllowed: this.storageAllowed };
    for (const listener of [...this.#listeners]) {
      try {
        listener(state);
      } catch { /* one throwing listener must not stop the others */ }
    }
  }

  /**
   * Calls `listener({ consent, storageAllowed })` after every consent change (setConsent,
   * followSignals). The integrations use it to switch SDK persistence. Returns unsubscribe.
   */
  onConsentChange(listener) {
    if (typeof listener !== 'function') throw new ConsentGuardError('OPTIONS_INVALID', 'onConsentChange: pass a function');
    this.#live('onConsentChange');
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Whether the SDKs may store identifiers and traits on the device now: every purpose the
   * policy's `storage` names (default `["analytics"]`) is granted.
   */
  get storageAllowed() {
    return this.#live('storageAllowed').storageAllowed();
  }

  /**
   * Redacts `event` and delivers it with `send`, or holds it while the purposes it needs are
   * still undecided (policy `unknown_consent: "hold"`). Returns 'sent', 'held' or 'dropped'.
   */
  hold(event, send) {
    if (typeof send !== 'function') throw new ConsentGuardError('OPTIONS_INVALID', 'hold: send must be a function');
    this.#poll();
    const { event: out, receipt } = this.#run(event, false, true);
    if (out !== null) {
      deliver(send, out);
      return 'sent';
    }
    if (isPending(receipt)) {
      this.#queue.push(event, send);
      return 'held';
    }
    return 'dropped';
  }

  /** Takes over a queue filled before this guard existed, and re-evaluates it now. */
  adopt(queue) {
    if (!(queue instanceof PendingQueue)) throw new ConsentGuardError('OPTIONS_INVALID', 'adopt: pass a PendingQueue');
    this.#release(queue.take());
  }

  #release(items) {
    for (const item of items) {
      const { event: out, receipt } = this.#run(item.event, false, true);
      if (out !== null) deliver(item.send, out);
      else if (isPending(receipt)) this.#queue.push(item.event, item.send);
    }
  }

  /** Events held now. */
  get pending() {
    return this.#queue.size;
  }

  /** `{ purpose: 'granted' | 'denied' | 'unknown' }` for every purpose the policy knows. */
  get consent() {
    return JSON.parse(this.#live('consent').consent());
  }

  /** The purposes this guard's policy knows. */
  get purposes() {
    return [...this.#purposes];
  }

  /** Running totals across every call: events seen, kept, dropped (by reason), changes. */
  get counters() {
    return JSON.parse(this.#live('counters').counters());
  }

  #poll() {
    for (const poll of this.#pollers) {
      try {
        poll();
      } catch { /* the page's own hooks failing must not stop a redaction */ }
    }
  }

  /** Like the module's consentFromSignals, but with this policy's mapping and purposes. */
  consentFromSignals(signals = {}) {
    const inner = this.#live('consentFromSignals');
    return evaluateSignals(signals, (text) => inner.consentFromSignals(text), this.#purposes);
  }

  /** Releases the Wasm memory held by this guard (and its companions). */
  free() {
    for (const sibling of this.#siblings.values()) sibling.free();
    this.#siblings.clear();
    this.#inner?.free();
    this.#inner = undefined;
  }
}

const GUARD_TOKEN = Symbol('consent-guard');

// The preset a policy builds on, so forPreset(name) can reuse the guard itself.
function policyExtends(policy) {
  try {
    const p = typeof policy === 'string' ? JSON.parse(policy) : policy;
    return typeof p?.extends === 'string' ? p.extends : undefined;
  } catch {
    return undefined;
  }
}

// An event is held only when every event it dropped was dropped for undecided consent.
function isPending(receipt) {
  return receipt.dropped.length > 0 && receipt.dropped.every((d) => d.reason === 'consent_pending');
}

function deliver(send, event) {
  try {
    send(event);
  } catch { /* the integration's failure is not the guard's; the event was already redacted */ }
}

function checkOptions(options, where) {
  if (typeof options !== 'object' || options === null) {
    throw new ConsentGuardError('OPTIONS_INVALID', `${where}: options must be an object`);
  }
}

/** Loads the module (compiling asynchronously) and makes a guard. Rejects if it cannot load. */
export async function createGuard(options) {
  checkOptions(options, 'createGuard');
  await loadAsync();
  return new Guard(options, GUARD_TOKEN);
}

/**
 * Makes a guard without waiting: needs the module loaded already (after `loadModule()`), in Node,
 * or the 'consent-guard/sync' entry, which compiles its embedded copy on the spot.
 */
export function createGuardSync(options) {
  checkOptions(options, 'createGuardSync');
  loadSync();
  return new Guard(options, GUARD_TOKEN);
}

const leanMessage = (what) => `${what}: the Wasm module loaded in this page is the lean one (consent-guard/lean was loaded first), which has no request-body codecs and no consent-signal decoders; import 'consent-guard' instead of consent-guard/lean in this page`;

// With the lean module, intercept() and followSignals() still install, and fail closed: every
// telemetry request is refused, no consent signal grants anything. Throwing instead would leave
// a page without an interceptor or with its old grants when nothing catches it. Said once.
const warned = new Set();
function warnIfLean(what, consequence) {
  if (!lean || warned.has(what)) return;
  warned.add(what);
  console.warn(`consent-guard: ${leanMessage(what)}. ${consequence}`);
}

// The guard a standalone function acts on: for a companion (forPreset), the guard it came from,
// so the app's own rules and the shared consent apply.
function guardArgument(guard, where) {
  if (!internals.isGuard(guard)) throw new ConsentGuardError('OPTIONS_INVALID', `${where}: pass a guard from createGuard() as the first argument`);
  return internals.root(guard);
}

/**
 * Wraps fetch, XMLHttpRequest, navigator.sendBeacon and Blob so that every request bound for
 * a known telemetry endpoint is redacted by `guard` (with the vendor's preset) before it
 * leaves. Install it before any SDK loads. Returns uninstall.
 */
export function intercept(guard, options = {}) {
  const root = guardArgument(guard, 'intercept');
  internals.live(root, 'intercept');
  warnIfLean('intercept', 'Every telemetry request will be blocked.');
  return installInterceptor(root, options);
}

/**
 * Keeps `guard`'s consent in step with the page's signals (GPC, DNT, TCF and GPP event
 * listeners, US Privacy, dataLayer consent commands), combined with `app` decisions as
 * consentFromSignals does. A change applies to the next event: every redaction call first
 * polls for dataLayer writes no hook saw. Signals that cannot be evaluated at all leave every
 * purpose but `necessary` unknown, never the old grants. Returns unsubscribe (with `poll`).
 */
export function followSignals(target, { app, precedence, onChange } = {}) {
  const guard = guardArgument(target, 'followSignals');
  internals.live(guard, 'followSignals');
  warnIfLean('followSignals', "Every purpose but 'necessary' stays unknown.");
  const stop = followPageSignals(globalThis, (signals) => {
    let result;
    try {
      result = guard.consentFromSignals({ ...signals, app, precedence });
    } catch (e) {
      const consent = Object.fromEntries(internals.purposes(guard).filter((p) => p !== 'necessary').map((p) => [p, 'unknown']));
      result = { consent, sources: {}, error: { code: e?.code ?? 'INTERNAL_ERROR', message: String(e?.message ?? e) } };
    }
    try {
      guard.setConsent(result.consent);
    } catch {
      return; // a freed guard has nothing left to send
    }
    if (typeof onChange === 'function') {
      try {
        onChange(result);
      } catch { /* a throwing callback changes nothing */ }
    }
  });
  const poll = stop.poll;
  const pollers = internals.pollers(guard);
  pollers.add(poll);
  const unsubscribe = () => {
    pollers.delete(poll);
    stop();
  };
  unsubscribe.poll = poll;
  return unsubscribe;
}

/**
 * On denial or withdrawal: drops every event `guard` and its companions hold and (unless `storage: false`)
 * clears what PostHog, Segment, Mixpanel and Amplitude keep in localStorage, sessionStorage and
 * cookies. Returns `{ dropped, cleared: [{ sdk, store, key }] }`, never values.
 */
export function purge(target, { storage = true } = {}) {
  const guard = guardArgument(target, 'purge');
  let dropped = internals.queue(guard).clear();
  for (const companion of internals.siblings(guard)) dropped += internals.queue(companion).clear();
  return { dropped, cleared: storage ? purgeStorage(globalThis) : [] };
}

/**
 * The fail-closed fallback when the engine cannot load (a CSP without 'wasm-unsafe-eval', an
 * old browser): wraps fetch, XMLHttpRequest, sendBeacon and Blob like `intercept(guard)`, but
 * blocks every request bound for a telemetry endpoint. Needs no Wasm. Returns uninstall.
 */
export function blockTelemetry(options = {}) {
  const blocked = droppedReceipt('internal_error', 'engine unavailable');
  const stub = { redactRequest: () => ({ body: null, query: '', headers: [], receipt: blocked }) };
  return installInterceptor({ forPreset: () => stub }, options);
}

/** Checks a policy with the same code path as loading it. Returns diagnostics (empty if valid). */
export function validatePolicy(policy, options = {}) {
  loadSync();
  let text;
  try {
    text = toPolicyText(policy, 'validatePolicy');
  } catch (e) {
    return [{ code: 'POLICY_SYNTAX', message: e.message, rule: null, path: '' }];
  }
  return JSON.parse(wasmValidatePolicy(text, Boolean(options.key)));
}

/**
 * Decodes the consent signals given and combines them into one consent state (pure; reads
 * nothing from the page). Any source's denial wins unless `precedence` orders the sources.
 * Returns `{ consent, sources }`: `consent` fits `guard.setConsent`, `sources` holds each
 * source's decisions and decoded detail (for TCF: purposes, special features, vendors,
 * publisher restrictions) or its decoding error. A malformed signal never grants.
 */
export function consentFromSignals(signals = {}) {
  loadSync();
  return evaluateSignals(signals, wasmConsentFromSignals, BUILTIN_PURPOSES);
}

// `purposes`: what the answer names when the signals cannot be decoded at all (the lean module).
function evaluateSignals(signals, evaluate, purposes) {
  if (typeof signals !== 'object' || signals === null || Array.isArray(signals)) {
    throw new ConsentGuardError('SIGNALS_INVALID', 'consentFromSignals: pass an object { gpc, dnt, tcf, usp, consentMode, app, precedence }');
  }
  let text;
  try {
    text = JSON.stringify(signals);
  } catch (cause) {
    throw new ConsentGuardError('SIGNALS_INVALID', `consentFromSignals: signals cannot be serialized: ${cause.message}`, { cause });
  }
  if (lean) {
    // Fail safe, as when signals cannot be evaluated: nothing but `necessary` is decided, so an
    // app that applies the answer (setConsent) never keeps a grant the signals may withdraw.
    const consent = Object.fromEntries(purposes.filter((p) => p !== 'necessary').map((p) => [p, 'unknown']));
    return { consent, sources: {}, error: { code: 'FEATURE_UNAVAILABLE', message: leanMessage('consentFromSignals') } };
  }
  try {
    return JSON.parse(evaluate(text));
  } catch (e) {
    throw fromWasmError(e);
  }
}

/** The consent signals present in the page, read once (see consentFromSignals for decoding). */
export function readSignals(options) {
  return readPageSignals(globalThis, options);
}

/** The names of the built-in presets. */
export function presetNames() {
  loadSync();
  return JSON.parse(wasmPresetNames());
}

/** The policy JSON of a built-in preset, as an object. */
export function presetPolicy(name) {
  loadSync();
  const text = wasmPresetPolicy(String(name));
  if (text === undefined || text === null) {
    throw new ConsentGuardError('OPTIONS_INVALID', `unknown preset "${name}"; known: ${presetNames().join(', ')}`);
  }
  return JSON.parse(text);
}

export const BUILTIN_PURPOSES = Object.freeze([
  'necessary', 'functional', 'analytics', 'marketing', 'personalization', 'ai_training', 'sale_sharing',
]);
