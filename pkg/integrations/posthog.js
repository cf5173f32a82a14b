// posthog-js: every channel it sends and what this integration does with it.
//   /e, /s (events, $snapshot replay, $$heatmap, $exception)  before_send redacts (replay: policy)
//   /i/v1/metrics                                             metrics.beforeSend redacts each sample
//   /i/v1/logs                                                withheld: the SDK adds the page URL and
//                                                             the distinct id after logs.beforeSend
//   /flags                                                    off (advanced_disable_flags): no hook
//   cookies / localStorage                                    memory until storage is allowed
// With `intercepted: true` (the page also runs intercept(guard), which reads every request
// whole) logs are redacted by their hook and /flags stays on.

import { purgeStorage } from '../purge.js';
import { guardRef, redactWith, heldUntilReady, storageAllowedNow, followStorage, chain } from './guard-ref.js';

/**
 * posthog-js `before_send` (synchronous; null drops). Before the engine is ready an event is
 * withheld; pass `{ posthog }` to have it captured again (and redacted) once it is.
 */
export function posthogBeforeSend(guard, options = {}) {
  return beforeSend(guardRef(guard, 'posthogBeforeSend'), options);
}

function beforeSend(ref, { posthog, queueLimit = 500 } = {}) {
  const held = heldUntilReady(ref, queueLimit);
  const recapture = (event) => posthog.capture(event.event, event.properties, {
    $set: event.$set,
    $set_once: event.$set_once,
    timestamp: event.timestamp ? new Date(event.timestamp) : undefined,
  });
  return function before_send(event) {
    if (event === null || event === undefined) return null;
    if (ref.guard) return redactWith(ref, 'posthog', event);
    if (!ref.failed && posthog) held.push(event, recapture);
    return null;
  };
}

/**
 * The page's posthog.init config with every channel guarded:
 * `posthog.init(KEY, posthogConfig(guard, { api_host, ... }, { posthog }))`.
 * Hooks the page set run first. Options: `posthog` (the instance: held events are captured
 * again, persistence switches when consent changes), `intercepted`, `queueLimit`.
 */
export function posthogConfig(guard, config = {}, { posthog, intercepted = false, queueLimit = 500 } = {}) {
  const ref = guardRef(guard, 'posthogConfig');
  const persistence = config.persistence ?? 'localStorage+cookie';
  const allowed = storageAllowedNow(ref);
  const logs = config.logs ?? {};
  const metrics = config.metrics ?? {};
  const out = {
    ...config,
    before_send: chain(config.before_send, beforeSend(ref, { posthog, queueLimit })),
    persistence: allowed ? persistence : 'memory',
    logs: {
      ...logs,
      beforeSend: chain(logs.beforeSend, intercepted ? (record) => redactWith(ref, 'posthog', record, '$log') : () => null),
    },
    metrics: { ...metrics, beforeSend: chain(metrics.beforeSend, (sample) => redactWith(ref, 'posthog', sample, '$metric')) },
  };
  if (!intercepted) out.advanced_disable_flags = true;
  if (posthog) {
    followStorage(ref, allowed, (ok) => {
      posthog.set_config({ persistence: ok ? persistence : 'memory' });
      if (!ok) purgeStorage(globalThis); // what was stored while it was allowed
    });
  }
  return out;
}
