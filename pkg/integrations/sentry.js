// @sentry/browser: errors, transactions, spans, logs, metrics, feedback, sessions, client reports
// and session replay all leave through the client's transport as envelopes, and replay's and
// feedback's never pass beforeSend. So the integration guards the transport itself: every
// envelope is redacted whole by the Rust envelope codec (each item gated by its type, replay
// recordings decoded), exactly as guard.intercept() would, before it is sent.

import { guardRef, redactWith, redactWhenReady, heldUntilReady, chain } from './guard-ref.js';
import { sdkFetch } from '../intercept.js';

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

/** A Sentry `transport` option: `makeTransport(options, fetch)` with a fetch that guards every envelope. */
export function sentryTransport(guard, makeTransport, { onReceipt } = {}) {
  guardRef(guard, 'sentryTransport');
  const fetch = sdkFetch(guard, 'sentry', { onReceipt });
  return (options) => makeTransport(options, fetch);
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
