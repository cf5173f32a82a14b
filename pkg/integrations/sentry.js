// @sentry/browser: errors, transactions, spans, logs, metrics, feedback, sessions, client reports
// and session replay all leave through the client's transport as envelopes, and replay's and
// feedback's never pass beforeSend. So the integration guards the transport itself: every
// envelope handed to `send` is serialized, redacted whole by the Rust envelope codec (each item
// gated by its type, replay recordings decoded), as intercept(guard) would, and what is left is
// handed on. Transports that wrap others (offline, multiplexed) get only redacted envelopes.

import { guardRef, redactWith, redactWhenReady, heldUntilReady, chain } from './guard-ref.js';

/**
 * The page's Sentry.init options with the transport guarded:
 * `Sentry.init(sentryConfig(guard, { dsn, ... }, { sentry: Sentry }))`. Envelopes made before the
 * engine is ready wait for it; if it never loads, none is sent. `onReceipt(receipt, request)`
 * sees each envelope's receipt.
 */
export function sentryConfig(guard, config = {}, { sentry, onReceipt } = {}) {
  guardRef(guard, 'sentryConfig');
  if (typeof sentry?.makeFetchTransport !== 'function') {
    throw new TypeError('sentryConfig: pass { sentry } (the @sentry/browser namespace): its makeFetchTransport sends the guarded envelopes');
  }
  if (config.transport !== undefined) {
    throw new TypeError('sentryConfig: the config already has a transport; guard it with sentryTransport(guard, yourMakeTransport)');
  }
  return { ...config, transport: sentryTransport(guard, sentry.makeFetchTransport, { onReceipt }) };
}

/**
 * A Sentry `transport` option around any transport factory (makeFetchTransport,
 * makeBrowserOfflineTransport(...), makeMultiplexedTransport(...)): every envelope is redacted
 * before the inner transport sees it. One that may not be sent at all is not handed on.
 */
export function sentryTransport(guard, makeTransport, { onReceipt } = {}) {
  const ref = guardRef(guard, 'sentryTransport');
  if (typeof makeTransport !== 'function') throw new TypeError('sentryTransport: pass a transport factory such as Sentry.makeFetchTransport');
  return (options) => {
    const inner = makeTransport(options);
    return {
      ...inner,
      async send(envelope) {
        try {
          await ref.ready;
        } catch {
          return {}; // the engine never loaded: nothing is sent
        }
        const guarded = redactEnvelope(ref, envelope, onReceipt);
        return guarded ? inner.send(guarded) : {};
      },
      flush: (timeout) => inner.flush(timeout),
    };
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// [headers, [[itemHeader, payload], ...]] as Sentry serializes it: JSON lines, a binary payload
// with its `length`.
function serializeEnvelope([headers, items]) {
  const parts = [encoder.encode(JSON.stringify(headers))];
  for (const [itemHeader, payload] of items) {
    const bytes = payload instanceof Uint8Array ? payload : encoder.encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
    // A sized item counts bytes (Sentry may have counted a string's characters).
    const head = payload instanceof Uint8Array || 'length' in itemHeader ? { ...itemHeader, length: bytes.length } : itemHeader;
    parts.push(encoder.encode(`\n${JSON.stringify(head)}\n`), bytes);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// The redacted bytes back into an envelope: JSON payloads as objects, sized ones as bytes.
function parseEnvelope(bytes) {
  let at = 0;
  const line = () => {
    let end = bytes.indexOf(10, at);
    if (end < 0) end = bytes.length;
    const text = decoder.decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const headers = JSON.parse(line());
  const items = [];
  while (at < bytes.length) {
    const head = line();
    if (head.trim() === '') continue;
    const itemHeader = JSON.parse(head);
    let payload;
    if (typeof itemHeader.length === 'number') {
      payload = bytes.slice(at, at + itemHeader.length);
      at += itemHeader.length + 1;
    } else {
      payload = JSON.parse(line());
    }
    items.push([itemHeader, payload]);
  }
  return [headers, items];
}

/** The envelope as it may be sent, or null when nothing in it may be. */
function redactEnvelope(ref, envelope, onReceipt) {
  try {
    const { body, receipt } = ref.guard.forPreset('sentry').redactBody(serializeEnvelope(envelope));
    if (typeof onReceipt === 'function') {
      try {
        onReceipt(receipt, { vendor: 'sentry', transport: 'sentry-transport' });
      } catch { /* a throwing callback changes nothing */ }
    }
    if (!body) return null;
    const out = parseEnvelope(body);
    return out[1].length > 0 ? out : null;
  } catch {
    return null;
  }
}

/**
 * replayIntegration options: each rrweb event is redacted before Sentry records it (dropped
 * while the policy blocks replay, or before the engine is ready). The transport still checks
 * every recording it sends.
 */
export function sentryReplayOptions(guard, options = {}) {
  const ref = guardRef(guard, 'sentryReplayOptions');
  return {
    ...options,
    beforeAddRecordingEvent: chain(options.beforeAddRecordingEvent, (event) => redactWith(ref, 'sentry', event, 'replay_recording')),
  };
}

/**
 * Per-event hooks (`beforeSend`, `beforeBreadcrumb`, `beforeSendSpan`) for pages that keep their
 * own transport. They do not see feedback, sessions, replay, logs or metrics: prefer
 * sentryConfig, which guards all of them.
 */
export function sentryHooks(guard, { sentry, queueLimit = 100 } = {}) {
  const ref = guardRef(guard, 'sentryHooks');
  const crumbs = heldUntilReady(ref, queueLimit);
  const readd = (breadcrumb) => sentry.addBreadcrumb(breadcrumb);
  return {
    // Sentry hands beforeSend error events, which carry no `type`: named as their envelope
    // item would be. A breadcrumb's own `type` (http, ui, ...) is not its kind of event.
    beforeSend: (event) => redactWhenReady(ref, 'sentry', event, event?.type === 'transaction' ? 'transaction' : 'event'),
    beforeSendTransaction: (event) => redactWhenReady(ref, 'sentry', event, 'transaction'),
    beforeBreadcrumb(breadcrumb) {
      if (ref.guard) return redactWith(ref, 'sentry', breadcrumb, 'breadcrumb');
      if (!ref.failed && sentry) crumbs.push(breadcrumb, readd);
      return null;
    },
    beforeSendSpan(span) {
      const out = redactWith(ref, 'sentry', span, 'span');
      return out !== null ? out : spanSkeleton(span);
    },
    beforeSendLog: (log) => redactWith(ref, 'sentry', log, 'log'),
    beforeSendMetric: (metric) => redactWith(ref, 'sentry', metric, 'trace_metric'),
  };
}

// What is left of a span that may not be sent: Sentry cannot drop it from this hook.
function spanSkeleton(span) {
  const keep = ['trace_id', 'span_id', 'parent_span_id', 'start_timestamp', 'end_timestamp', 'timestamp', 'is_segment', 'status', 'op'];
  const out = { name: 'redacted', description: 'redacted', attributes: {}, data: {} };
  for (const k of keep) if (span && k in span) out[k] = span[k];
  return out;
}
