// One-line drop-ins for each SDK's own hook. Each takes a Guard, or the Promise createGuard
// returns: events that arrive before the engine is ready are held (or, where a hook must answer
// synchronously, withheld and re-submitted once it is), never sent raw. Each uses its vendor's
// preset (or the guard itself when its policy extends that preset).

import { PendingQueue } from './queue.js';

/** Tracks a Guard or a Promise of one. If loading fails, everything is dropped from then on. */
function guardRef(guardOrPromise, where) {
  const ref = { guard: null, failed: false, ready: null };
  if (guardOrPromise && typeof guardOrPromise.forPreset === 'function') {
    ref.guard = guardOrPromise;
    ref.ready = Promise.resolve(ref.guard);
  } else if (guardOrPromise && typeof guardOrPromise.then === 'function') {
    ref.ready = Promise.resolve(guardOrPromise).then(
      (g) => (ref.guard = g),
      (e) => {
        ref.failed = true;
        throw e;
      },
    );
    ref.ready.catch(() => {});
  } else {
    throw new TypeError(`${where}: pass a Guard or the Promise from createGuard()`);
  }
  return ref;
}

/** Waits for the engine (async hooks), then redacts; null if it never loads. */
async function redactWhenReady(ref, preset, event, name) {
  try {
    await ref.ready;
  } catch {
    return null;
  }
  return redactWith(ref, preset, event, name);
}

/** Events withheld before the engine is ready; each one's `send` runs once it is. */
function heldUntilReady(ref, max) {
  const queue = new PendingQueue({ max });
  ref.ready.then(
    () => queue.take().forEach(({ event, send }) => send(event)),
    () => queue.clear(),
  );
  return queue;
}

/** Redacts with the preset's guard (as the event `name`, when given); null when it may not be sent or anything fails. */
function redactWith(ref, preset, event, name) {
  try {
    return ref.guard.forPreset(preset).redact(event, name === undefined ? undefined : { name });
  } catch {
    return null;
  }
}

// ---- PostHog ------------------------------------------------------------------------------------

/**
 * posthog-js `before_send` (synchronous; null drops). Before the engine is ready an event is
 * withheld; pass `{ posthog }` to have it captured again (and redacted) once it is.
 */
export function posthogBeforeSend(guard, { posthog, queueLimit = 500 } = {}) {
  const ref = guardRef(guard, 'posthogBeforeSend');
  const held = heldUntilReady(ref, queueLimit);
  const recapture = (event) => posthog.capture(event.event, event.properties, {
    $set: event.$set,
    $set_once: event.$set_once,
    timestamp: event.timestamp ? new Date(event.timestamp) : undefined,
  });
  return function before_send(event) {
    if (event === null || event === undefined) return event;
    if (ref.guard) return redactWith(ref, 'posthog', event);
    if (!ref.failed && posthog) held.push(event, recapture);
    return null;
  };
}

// ---- Segment ------------------------------------------------------------------------------------

/**
 * An analytics-next `before` plugin: `analytics.register(segmentPlugin(guard))`. Waits for the
 * engine (the hook is awaited). A dropped event is cancelled with `retry: false`.
 */
export function segmentPlugin(guard) {
  const ref = guardRef(guard, 'segmentPlugin');
  const run = async (ctx) => {
    const out = await redactWhenReady(ref, 'segment', ctx.event);
    if (out === null) cancel(ctx);
    for (const k of Object.keys(ctx.event)) delete ctx.event[k];
    Object.assign(ctx.event, out);
    return ctx;
  };
  return {
    name: 'consent-guard',
    type: 'before',
    version: '1.0.0',
    isLoaded: () => true,
    load: () => Promise.resolve(),
    track: run,
    page: run,
    identify: run,
    group: run,
    alias: run,
    screen: run,
  };
}

// Segment retries an event cancelled with its default ContextCancelation (retry: true). Its
// class is taken from ctx.cancel() so this package needs no Segment dependency.
function cancel(ctx) {
  let Cancelation;
  try {
    ctx.cancel();
  } catch (e) {
    Cancelation = e?.constructor;
  }
  if (typeof Cancelation === 'function') throw new Cancelation({ retry: false, reason: 'consent-guard', type: 'consent-guard' });
  throw new Error('consent-guard dropped the event');
}

// ---- Sentry -------------------------------------------------------------------------------------

/**
 * `beforeSend`, `beforeBreadcrumb` and `beforeSendSpan` for `Sentry.init({ ...sentryHooks(guard) })`.
 * beforeSend waits for the engine. The other two must answer synchronously: before the engine is
 * ready a breadcrumb is withheld (re-added through `{ sentry }` once it is), and a span, which
 * Sentry sends unmodified if the hook returns null or throws, is reduced to ids and timings.
 */
export function sentryHooks(guard, { sentry, queueLimit = 100 } = {}) {
  const ref = guardRef(guard, 'sentryHooks');
  const crumbs = heldUntilReady(ref, queueLimit);
  const readd = (breadcrumb) => sentry.addBreadcrumb(breadcrumb);
  return {
    // Sentry hands beforeSend error events, which carry no `type`: named as their envelope
    // item would be. A breadcrumb's own `type` (http, ui, ...) is not its kind of event.
    beforeSend: (event) => redactWhenReady(ref, 'sentry', event, event?.type === 'transaction' ? 'transaction' : 'event'),
    beforeBreadcrumb(breadcrumb) {
      if (ref.guard) return redactWith(ref, 'sentry', breadcrumb, 'breadcrumb');
      if (!ref.failed && sentry) crumbs.push(breadcrumb, readd);
      return null;
    },
    beforeSendSpan(span) {
      try {
        if (ref.guard) {
          const out = ref.guard.forPreset('sentry').redact(span, { name: 'span' });
          if (out !== null) return out;
        }
      } catch { /* fall through to the skeleton */ }
      return spanSkeleton(span);
    },
  };
}

// What is left of a span that may not be sent: Sentry cannot drop it from this hook.
function spanSkeleton(span) {
  const keep = ['trace_id', 'span_id', 'parent_span_id', 'start_timestamp', 'end_timestamp', 'timestamp', 'is_segment', 'status', 'op'];
  const out = { name: 'redacted', description: 'redacted', attributes: {}, data: {} };
  for (const k of keep) if (span && k in span) out[k] = span[k];
  return out;
}

// ---- Amplitude ----------------------------------------------------------------------------------

/**
 * An enrichment plugin. Add it after init, or Amplitude's own enrichment re-inserts the page
 * location: `amplitude.init(KEY).promise.then(() => amplitude.add(amplitudePlugin(guard)))`,
 * or use `addAmplitudePlugin(amplitude, KEY, options, guard)`.
 */
export function amplitudePlugin(guard) {
  const ref = guardRef(guard, 'amplitudePlugin');
  return {
    name: 'consent-guard',
    type: 'enrichment',
    setup: async () => undefined,
    execute: (event) => redactWhenReady(ref, 'amplitude', event),
  };
}

/** `amplitude.init(apiKey, options)`, then the plugin once init has finished. */
export async function addAmplitudePlugin(amplitude, apiKey, options, guard) {
  const plugin = amplitudePlugin(guard);
  await amplitude.init(apiKey, options).promise;
  await amplitude.add(plugin).promise;
  return plugin;
}

// ---- Mixpanel -----------------------------------------------------------------------------------

/**
 * `hooks` for `mixpanel.init(token, { hooks: mixpanelHooks(guard) })`: before_send_events and
 * before_send_people, both synchronous (null drops). Before the engine is ready an event is
 * withheld; pass `{ mixpanel }` to have it tracked again once it is.
 */
export function mixpanelHooks(guard, { mixpanel, queueLimit = 500 } = {}) {
  const ref = guardRef(guard, 'mixpanelHooks');
  const held = heldUntilReady(ref, queueLimit);
  const retrack = (event) => event.event && mixpanel.track(event.event, event.properties);
  const hook = (event) => {
    if (event === null || event === undefined) return null;
    if (ref.guard) return redactWith(ref, 'mixpanel', event);
    if (!ref.failed && mixpanel) held.push(event, retrack);
    return null;
  };
  return { before_send_events: hook, before_send_people: hook };
}

// ---- OpenTelemetry ------------------------------------------------------------------------------

/**
 * A SpanProcessor that redacts each ended span before handing it to `inner` (the exporting
 * processor): `new ConsentSpanProcessor(new BatchSpanProcessor(exporter), guard)`. Spans that
 * end before the engine is ready wait for it; spans that may not be sent never reach `inner`.
 */
export class ConsentSpanProcessor {
  #inner;
  #ref;
  #waiting = [];

  constructor(inner, guard) {
    if (!inner || typeof inner.onEnd !== 'function') throw new TypeError('ConsentSpanProcessor: pass the exporting SpanProcessor');
    this.#inner = inner;
    this.#ref = guardRef(guard, 'ConsentSpanProcessor');
    this.#ref.ready.then(
      () => this.#waiting.splice(0).forEach((s) => this.#pass(s)),
      () => this.#waiting.splice(0),
    );
  }

  onStart(span, context) {
    this.#inner.onStart?.(span, context);
  }

  onEnd(span) {
    if (this.#ref.guard) this.#pass(span);
    else if (!this.#ref.failed) this.#waiting.push(span);
  }

  #pass(span) {
    const view = {
      name: span.name,
      kind: span.kind,
      attributes: span.attributes,
      events: (span.events ?? []).map((e) => ({ name: e.name, attributes: e.attributes ?? {} })),
      status: span.status,
    };
    const out = redactWith(this.#ref, 'otel', view);
    if (out === null) return;
    const events = (span.events ?? []).map((e, i) => ({ ...e, ...(out.events?.[i] ?? { attributes: {} }) }));
    const redacted = Object.create(span, {
      name: { value: out.name ?? 'redacted', enumerable: true },
      attributes: { value: out.attributes ?? {}, enumerable: true },
      events: { value: events, enumerable: true },
      status: { value: out.status ?? span.status, enumerable: true },
    });
    this.#inner.onEnd(redacted);
  }

  async forceFlush() {
    await this.#ref.ready.catch(() => {});
    return this.#inner.forceFlush();
  }

  async shutdown() {
    await this.#ref.ready.catch(() => {});
    return this.#inner.shutdown();
  }
}
