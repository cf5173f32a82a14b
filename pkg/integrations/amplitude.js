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
  const plugin = {
    name: 'consent-guard',
    type: 'enrichment',
    [GUARD_PLUGIN]: true,
    // Amplitude hands its client to setup: from then on the client's plugin list is watched,
    // whichever way plugins are added (a module namespace's `add` cannot be wrapped).
    setup: async (config, client) => watchTimeline(client?.timeline, config),
    execute: (event) => redactWhenReady(ref, 'amplitude', event),
  };
  return plugin;
}

const WATCHED = Symbol.for('consent-guard.amplitude-timeline');
const GUARD_PLUGIN = Symbol.for('consent-guard.amplitude-guard');
const unguardedReplay = (p) => p?.name === REPLAY_PLUGIN && p.options?.handleSendEvents?.[GUARDED] !== true;
const refused = () => console.warn('consent-guard: session replay refused: make it with sessionReplayPlugin(amplitudeReplayOptions(guard, ...))');

/**
 * Enrichment plugins run in the order of the client's plugin list, and one after the guard's
 * would run on the event as it is sent. So, from the first guard plugin's setup on, the list is
 * watched: every guard plugin is kept at its end whenever a plugin lands in it (through
 * `register`, queued before init or added later, by the module or an instance); an unguarded
 * session replay plugin is refused before its setup, or removed as soon as it lands if its
 * registration began earlier; and a re-init, which clears the list, registers the guard again.
 */
function watchTimeline(timeline, config) {
  if (!timeline || typeof timeline.register !== 'function' || typeof timeline.deregister !== 'function' || !Array.isArray(timeline.plugins)) {
    console.warn('consent-guard: this Amplitude version does not expose its plugin list; plugins added later are not checked: add them before the guard, or use intercept(guard)');
    return;
  }
  if (timeline[WATCHED]) return;
  timeline[WATCHED] = true;
  const register = timeline.register.bind(timeline);
  const currentConfig = () => timeline.client?.config ?? config;

  const settle = () => {
    const list = timeline.plugins;
    for (const p of list) {
      if (unguardedReplay(p)) {
        refused();
        // After its register call has marked it installed, so the removal is complete.
        queueMicrotask(() => timeline.deregister(p.name, currentConfig()));
      }
    }
    const guards = list.filter((p) => p?.[GUARD_PLUGIN]);
    if (guards.length === 0 || list.slice(list.length - guards.length).every((p) => p?.[GUARD_PLUGIN])) return;
    for (const g of guards) list.splice(list.indexOf(g), 1);
    Array.prototype.push.apply(list, guards);
  };

  // Registration pushes onto the list after the plugin's (possibly slow) setup.
  const watchList = () => {
    const list = timeline.plugins;
    if (!Array.isArray(list) || list[WATCHED]) return;
    const push = list.push;
    Object.defineProperty(list, 'push', {
      value(...items) {
        const n = push.apply(this, items);
        settle();
        return n;
      },
      configurable: true,
      writable: true,
    });
    list[WATCHED] = true;
  };

  timeline.register = async (p, cfg) => {
    if (unguardedReplay(p)) {
      refused();
      return undefined;
    }
    const result = await register(p, cfg);
    watchList();
    settle();
    return result;
  };
  if (typeof timeline.reset === 'function') {
    const reset = timeline.reset.bind(timeline);
    timeline.reset = (...args) => {
      const guards = timeline.plugins.filter((p) => p?.[GUARD_PLUGIN]);
      const result = reset(...args);
      watchList();
      for (const g of guards) register(g, currentConfig()).catch(() => {});
      return result;
    };
  }
  watchList();
  settle();
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
 * finished. Works with the module (`import * as amplitude`) and with `createInstance()`. From
 * then on the client refuses a session replay plugin whose uploads are not guarded (made without
 * amplitudeReplayOptions) and keeps the guard's plugin after every plugin added later.
 */
export async function addAmplitudePlugin(amplitude, apiKey, options, guard) {
  const plugin = amplitudePlugin(guard);
  // A replay plugin added before this call was never checked: without guarded options made on
  // this page, it goes, queued right behind it so it is torn down before it records.
  const replayUnchecked = !guardedReplayMade;
  const removed = replayUnchecked ? amplitude.remove(REPLAY_PLUGIN).promise : null;
  await amplitude.init(apiKey, amplitudeConfig(guard, options)).promise;
  if (removed) await removed;
  await amplitude.add(plugin).promise;
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
