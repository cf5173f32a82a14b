// Segment analytics-next: every event (track, page, identify, group, alias, screen) passes the
// `before` plugin, batched or not. Its own /m metrics carry no event data. Persistence is decided
// when the SDK loads (analytics-next cannot switch it later).

import { guardRef, redactWhenReady, storageAllowedNow } from './guard-ref.js';

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

/**
 * AnalyticsBrowser.load's second argument with, unless storage is allowed when the page loads,
 * `disableClientPersistence` (ids, traits and the retry queue kept in memory only):
 * `AnalyticsBrowser.load({ writeKey, plugins: [segmentPlugin(guard)] }, segmentLoadOptions(guard, { ...yours }))`.
 */
export function segmentLoadOptions(guard, options = {}) {
  const ref = guardRef(guard, 'segmentLoadOptions');
  if (storageAllowedNow(ref)) return { ...options };
  // `user.persist` / `group.persist` of the page would otherwise win over the global switch.
  return {
    ...options,
    disableClientPersistence: true,
    user: { ...(options.user ?? {}), persist: false },
    group: { ...(options.group ?? {}), persist: false },
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
