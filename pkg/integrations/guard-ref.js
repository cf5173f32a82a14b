// What every integration shares: a Guard or the Promise createGuard returns, redaction that never
// throws into an SDK's hook (a failure drops), events withheld until the engine is ready, and the
// storage decision the integrations apply to SDK persistence.

import { PendingQueue } from '../queue.js';
import { storageGate } from '../storage-gate.js';

/** Tracks a Guard or a Promise of one. If loading fails, everything is dropped from then on. */
export function guardRef(guardOrPromise, where) {
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
  // The SDKs' writes to the device wait for storage consent (storage-gate.js): denied until the
  // guard is ready and says otherwise, and for good if it never loads.
  if (typeof globalThis.Storage === 'function' || typeof globalThis.Document === 'function') {
    storageGate(globalThis)(() => !storageAllowedNow(ref));
  }
  return ref;
}

/** Redacts with the preset's guard (as the event `name`, when given); null when it may not be sent or anything fails. */
export function redactWith(ref, preset, event, name) {
  if (!ref.guard) return null;
  try {
    return ref.guard.forPreset(preset).redact(event, name === undefined ? undefined : { name });
  } catch {
    return null;
  }
}

/** Waits for the engine (async hooks), then redacts; null if it never loads. */
export async function redactWhenReady(ref, preset, event, name) {
  try {
    await ref.ready;
  } catch {
    return null;
  }
  return redactWith(ref, preset, event, name);
}

/** Events withheld before the engine is ready; each one's `send` runs once it is. */
export function heldUntilReady(ref, max) {
  const queue = new PendingQueue({ max });
  ref.ready.then(
    () => queue.take().forEach(({ event, send }) => {
      try {
        send(event);
      } catch { /* the SDK refused it: nothing was sent raw */ }
    }),
    () => queue.clear(),
  );
  return queue;
}

/** Whether the SDK may store on the device now: only once the guard is ready and says so. */
export function storageAllowedNow(ref) {
  try {
    return ref.guard ? ref.guard.storageAllowed === true : false;
  } catch {
    return false;
  }
}

/**
 * Calls `apply(allowed)` when the storage decision differs from `initial`: once the guard is
 * ready, and on every consent change after.
 */
export function followStorage(ref, initial, apply) {
  let last = initial;
  const set = (allowed) => {
    if (allowed === last) return;
    last = allowed;
    try {
      apply(allowed);
    } catch { /* the SDK could not switch: it keeps what it had, which was the stricter setting or the user's */ }
  };
  ref.ready.then((g) => {
    set(storageAllowedNow(ref));
    try {
      g.onConsentChange(({ storageAllowed }) => set(storageAllowed === true));
    } catch { /* a freed guard: nothing more changes */ }
  }, () => {});
}

/** Runs the page's own hook (or chain of hooks) first, then ours; null anywhere drops. */
export function chain(theirs, ours) {
  const fns = (Array.isArray(theirs) ? theirs : theirs ? [theirs] : []).filter((f) => typeof f === 'function');
  if (fns.length === 0) return ours;
  return (value, ...rest) => {
    let v = value;
    for (const f of fns) {
      v = f(v, ...rest);
      if (v === null || v === undefined) return null;
    }
    return ours(v, ...rest);
  };
}

/** As chain, for hooks that may return a Promise (Sentry's beforeSend). */
export function chainAsync(theirs, ours) {
  if (typeof theirs !== 'function') return ours;
  return async (value, ...rest) => {
    const v = await theirs(value, ...rest);
    if (v === null || v === undefined) return null;
    return ours(v, ...rest);
  };
}
