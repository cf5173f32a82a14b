// mixpanel-browser: events, people and group updates pass before_send_events / _people /
// _groups, except what the SDK sends with `skip_hooks` ($identify, $create_alias when requests
// are not batched): the integration wraps the instance's track so nothing skips them. Session
// recording (/record) and feature flags (/flags) have no hook: off unless `intercepted`.

import { purgeStorage } from '../purge.js';
import { guardRef, redactWith, heldUntilReady, storageAllowedNow, followStorage, chain } from './guard-ref.js';

/**
 * `hooks` for `mixpanel.init(token, { hooks: mixpanelHooks(guard) })`: before_send_events,
 * before_send_people and before_send_groups, all synchronous (null drops). Before the engine is
 * ready an event is withheld; pass `{ mixpanel }` to have it tracked again once it is.
 */
export function mixpanelHooks(guard, options = {}) {
  return hooks(guardRef(guard, 'mixpanelHooks'), options);
}

function hooks(ref, { mixpanel, queueLimit = 500 } = {}) {
  const held = heldUntilReady(ref, queueLimit);
  const retrack = (event) => event.event && mixpanel.track(event.event, event.properties);
  const make = (resend) => (event) => {
    if (event === null || event === undefined) return null;
    if (ref.guard) return redactWith(ref, 'mixpanel', event);
    if (!ref.failed && mixpanel && resend) held.push(event, resend);
    return null;
  };
  // People and group updates withheld before the engine is ready are dropped: the SDK has no
  // call that resends an update object as it was.
  return { before_send_events: make(retrack), before_send_people: make(null), before_send_groups: make(null) };
}

/**
 * The page's mixpanel.init config with every channel guarded:
 * `mixpanel.init(TOKEN, mixpanelConfig(guard, { api_host, ... }, { mixpanel }))`.
 * Until storage is allowed: no persistence and no request batching (the batch queue keeps raw
 * payloads in localStorage). `intercepted: true` leaves recording and flags as configured.
 */
export function mixpanelConfig(guard, config = {}, { mixpanel, intercepted = false, queueLimit = 500 } = {}) {
  const ref = guardRef(guard, 'mixpanelConfig');
  // The loader snippet queues calls until the library arrives, then replays identify() and
  // alias() (which skip every hook) before any callback of ours can run: only the network can
  // guard them.
  if (mixpanel && mixpanel.__SV && !mixpanel.__loaded && !intercepted) {
    throw new TypeError('mixpanelConfig: the loader snippet replays queued identify/alias calls past every hook; install mixpanel-browser from npm, or run intercept(guard) and pass { intercepted: true }');
  }
  const allowed = storageAllowedNow(ref);
  const own = hooks(ref, { mixpanel, queueLimit });
  const theirs = config.hooks ?? {};
  const out = {
    ...config,
    hooks: {
      ...theirs,
      before_send_events: chain(theirs.before_send_events, own.before_send_events),
      before_send_people: chain(theirs.before_send_people, own.before_send_people),
      before_send_groups: chain(theirs.before_send_groups, own.before_send_groups),
    },
    loaded: (instance) => {
      noSkippedHooks(instance);
      if (typeof config.loaded === 'function') config.loaded(instance);
    },
  };
  if (!allowed) {
    out.disable_persistence = true;
    out.batch_requests = false;
  }
  if (!intercepted) {
    out.record_sessions_percent = 0;
    out.flags = false;
  }
  // Remote settings rewrite the config after init (recording back on, hooks replaced): what
  // this integration sets must hold, so the vendor's settings are not applied.
  out.remote_settings_mode = 'disabled';
  if (mixpanel) {
    followStorage(ref, allowed, (ok) => {
      mixpanel.set_config({ disable_persistence: !ok });
      if (!ok) purgeStorage(globalThis);
    });
  }
  return out;
}

// The options track() documents; anything else is internal.
const TRACK_OPTIONS = ['transport', 'send_immediately'];

// identify() and alias() call `this.track(name, props, { skip_hooks: true })` (a minified build
// renames the key): the instance's track is wrapped so that only documented options reach the
// SDK.
function noSkippedHooks(instance) {
  const track = instance.track;
  if (typeof track !== 'function' || track.__consentGuard) return;
  const wrapped = function (name, props, options, callback) {
    if (options && typeof options === 'object') {
      const kept = Object.fromEntries(TRACK_OPTIONS.filter((k) => k in options).map((k) => [k, options[k]]));
      return track.call(this, name, props, kept, callback);
    }
    return track.apply(this, arguments);
  };
  wrapped.__consentGuard = true;
  instance.track = wrapped;
}
