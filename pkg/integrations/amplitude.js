// Amplitude browser: events (/2/httpapi) pass enrichment plugins; session replay (/sessions/v2/
// track) never does, but its plugin takes a transport (`handleSendEvents`), which is guarded like
// the interceptor guards a request. Identity storage is decided at init (it cannot switch later).

import { guardRef, redactWhenReady, storageAllowedNow } from './guard-ref.js';
import { sdkFetch } from '../intercept.js';

const REPLAY_PLUGIN = '@amplitude/plugin-session-replay-browser';
const GUARDED = Symbol.for('consent-guard.guarded');
// Whether the page made replay options through amplitudeReplayOptions (a replay plugin added
// before addAmplitudePlugin cannot be inspected, only removed).
let guardedReplayMade = false;

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

/**
 * amplitude.init options that store nothing on the device (identity in memory, the unsent queue
 * in memory) unless storage is allowed when the SDK starts.
 */
export function amplitudeConfig(guard, options = {}) {
  const ref = guardRef(guard, 'amplitudeConfig');
  // Amplitude's own diagnostics (the user agent and API key, every 5 minutes, to a host of its
  // own) pass no plugin.
  if (storageAllowedNow(ref)) return { ...options, enableDiagnostics: false };
  const out = { ...options, identityStorage: 'none', storageProvider: memoryStorage(), enableDiagnostics: false };
  // Remote config may switch storing features back on (page URL enrichment): not fetched while
  // nothing may be stored.
  out.fetchRemoteConfig = false;
  out.remoteConfig = { ...(options.remoteConfig ?? {}), fetchRemoteConfig: false };
  // Page URL enrichment keeps the current and previous page address (queries included) in
  // sessionStorage: off while nothing may be stored.
  if (options.autocapture !== false) {
    out.autocapture = { ...(typeof options.autocapture === 'object' && options.autocapture ? options.autocapture : {}), pageUrlEnrichment: false };
  }
  return out;
}

/**
 * sessionReplayPlugin options whose uploads are guarded: `sessionReplayPlugin(amplitudeReplayOptions(guard, { ... }))`.
 * Replay is blocked unless the policy says `replay: "redact"`; then each upload is decoded and
 * every string in it redacted.
 */
export function amplitudeReplayOptions(guard, options = {}, { onReceipt } = {}) {
  const ref = guardRef(guard, 'amplitudeReplayOptions');
  const fetch = sdkFetch(guard, 'amplitude', { onReceipt });
  const handleSendEvents = ({ url, method, headers, body, keepalive }) => fetch(url, { method, headers, body, keepalive });
  handleSendEvents[GUARDED] = true;
  guardedReplayMade = true;
  // The recording is kept in IndexedDB with storeType 'idb': in memory while nothing may be stored.
  return { ...options, ...(storageAllowedNow(ref) ? {} : { storeType: 'memory' }), handleSendEvents };
}

/**
 * `amplitude.init(apiKey, amplitudeConfig(guard, options))`, then the plugin once init has
 * finished. From then on `amplitude.add` refuses a session replay plugin whose uploads are not
 * guarded (made without amplitudeReplayOptions: its traffic passes no plugin), and keeps the
 * guard's plugin after every enrichment plugin added later (one added after it would put back
 * what it removed).
 */
export async function addAmplitudePlugin(amplitude, apiKey, options, guard) {
  const plugin = amplitudePlugin(guard);
  const add = amplitude.add.bind(amplitude);
  const remove = amplitude.remove.bind(amplitude);
  const refuse = () => console.warn('consent-guard: session replay refused: make it with sessionReplayPlugin(amplitudeReplayOptions(guard, ...))');
  amplitude.add = (p) => {
    if (p?.name === REPLAY_PLUGIN && p.options?.handleSendEvents?.[GUARDED] !== true) {
      refuse();
      return { promise: Promise.resolve() };
    }
    if (p === plugin || !p || p.type === 'destination') return add(p);
    const promise = add(p).promise.then(async () => {
      await remove(plugin.name).promise;
      await add(plugin).promise;
    });
    return { promise };
  };
  // A replay plugin added before this call was never checked: without guarded options made on
  // this page, it goes, queued right behind it so it is torn down before it records.
  const unguardedReplay = !guardedReplayMade;
  const removed = unguardedReplay ? remove(REPLAY_PLUGIN).promise : null;
  await amplitude.init(apiKey, amplitudeConfig(guard, options)).promise;
  if (removed) await removed;
  await add(plugin).promise;
  return plugin;
}

// Amplitude's Storage<Event[]> kept in memory: the unsent queue (raw events, before any plugin
// ran) must not land in localStorage while storage is not allowed.
function memoryStorage() {
  const map = new Map();
  return {
    isEnabled: async () => true,
    get: async (key) => map.get(key),
    getRaw: async (key) => (map.has(key) ? JSON.stringify(map.get(key)) : undefined),
    set: async (key, value) => void map.set(key, value),
    remove: async (key) => void map.delete(key),
    reset: async () => map.clear(),
  };
}
