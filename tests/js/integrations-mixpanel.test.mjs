// mixpanelConfig's wrapper of track: identify() and alias() pass an internal option that skips
// every hook (`skip_hooks`, renamed by the minified CDN build); only documented options reach
// the SDK, whatever the internal key is called. And the loader snippet's stub is refused.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';
import { mixpanelConfig } from 'consent-guard/integrations';

function fakeInstance() {
  const calls = [];
  return { calls, track(name, props, options) { calls.push({ name, options }); } };
}

test('only documented track options reach the SDK, so no internal key can skip the hooks', () => {
  const guard = createGuardSync({ preset: 'mixpanel' });
  const config = mixpanelConfig(guard, {});
  const mp = fakeInstance();
  config.loaded(mp);
  mp.track('$identify', { distinct_id: 'u' }, { skip_hooks: true });
  mp.track('$identify', { distinct_id: 'u' }, { Nc: true });
  mp.track('x', {}, { transport: 'sendBeacon', send_immediately: true, Zz: 1 });
  const cb = () => {};
  mp.track('y', {}, cb); // a callback in the options place passes as is
  assert.deepEqual(mp.calls.map((c) => c.options), [{}, {}, { transport: 'sendBeacon', send_immediately: true }, cb]);
  guard.free();
});

test("the page's loaded callback still runs, after the wrapper", () => {
  const guard = createGuardSync({ preset: 'mixpanel' });
  let seen = null;
  const config = mixpanelConfig(guard, { loaded: (mp) => { seen = mp.track.__consentGuard; } });
  config.loaded(fakeInstance());
  assert.equal(seen, true);
  guard.free();
});

test('the loader snippet stub is refused unless the page runs the interceptor', () => {
  const guard = createGuardSync({ preset: 'mixpanel' });
  const stub = Object.assign([], { __SV: 1.2 });
  assert.throws(() => mixpanelConfig(guard, {}, { mixpanel: stub }), /loader snippet/);
  assert.doesNotThrow(() => mixpanelConfig(guard, {}, { mixpanel: stub, intercepted: true }));
  guard.free();
});

test('remote settings, recording and flags stay off on the hook route', () => {
  const guard = createGuardSync({ preset: 'mixpanel' });
  const c = mixpanelConfig(guard, { remote_settings_mode: 'fallback', record_sessions_percent: 100, flags: true });
  assert.equal(c.remote_settings_mode, 'disabled');
  assert.equal(c.record_sessions_percent, 0);
  assert.equal(c.flags, false);
  guard.free();
});
