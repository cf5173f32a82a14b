// Red team 16: intercept, followSignals and purge as functions that take the guard (40c770e).
// Forged, foreign, freed and companion guards; old-style calls in the README's patterns; and
// whether the consent followed from the page reaches every guard that sends.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { createGuardSync, createGuard, blockTelemetry, intercept, followSignals, purge, Guard } from '../../pkg/index.js';
import * as syncEntry from '../../pkg/sync.js';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const PH = 'https://us.i.posthog.com/e/';
const SEG = 'https://api.segment.io/v1/t';
const EMAIL = 'jane.doe@example.com';
const PH_BODY = JSON.stringify({ batch: [{ event: 'checkout', properties: { email: EMAIL, plan: 'pro' } }] });
const SEG_BODY = JSON.stringify({ type: 'track', event: 'checkout', anonymousId: 'a1', properties: { email: EMAIL, plan: 'pro' } });
const DENY = ['consent', 'update', { analytics_storage: 'denied' }];
const GRANT = ['consent', 'update', { analytics_storage: 'granted' }];

function fakeWindow() {
  const sent = [];
  const win = {
    sent,
    fetch: async (input, init) => {
      sent.push({ url: String(input.url ?? input), body: init?.body });
      return new Response('{}');
    },
    Blob, Request, Response, URLSearchParams, Headers,
    location: { href: 'https://app.example/page' },
    navigator: { sendBeacon: (url, data) => (sent.push({ url: String(url), body: data }), true) },
  };
  return win;
}

const bodyText = (b) => (b === undefined ? '' : typeof b === 'string' ? b : Buffer.from(b).toString());

/** Sends a telemetry request; 'sent' (with the body that left), 'answered' or 'blocked'. */
async function send(win, url, body) {
  const before = win.sent.length;
  try {
    await win.fetch(url, { method: 'POST', body });
  } catch {
    return { outcome: 'blocked' };
  }
  if (win.sent.length === before) return { outcome: 'answered' };
  return { outcome: 'sent', body: bodyText(win.sent.at(-1).body) };
}

function page() {
  delete globalThis.dataLayer;
  globalThis.dataLayer = [];
  return () => {
    delete globalThis.dataLayer;
  };
}

function untouched(win) {
  const { fetch, Blob: B } = win;
  return () => {
    assert.equal(win.fetch, fetch, 'fetch not wrapped');
    assert.equal(win.Blob, B, 'Blob not wrapped');
  };
}

// ---- the old methods ------------------------------------------------------------------------

test('the old methods are gone, from both entries, and nothing answers in their place', () => {
  const guard = createGuardSync({ preset: 'posthog' });
  for (const name of ['intercept', 'followSignals', 'purge']) {
    assert.equal(guard[name], undefined, `guard.${name}`);
    assert.equal(name in Guard.prototype, false);
    assert.equal(typeof syncEntry[name], 'function', `consent-guard/sync exports ${name}`);
    assert.equal(syncEntry[name], { intercept, followSignals, purge }[name], 'one function, both entries');
  }
  assert.equal(syncEntry.Guard, Guard);
});

test("README's network pattern with an old-style guard.intercept() call fails closed: telemetry is blocked", async () => {
  const win = fakeWindow();
  const endpoints = [{ vendor: 'posthog', hosts: ['ph.example.com'] }];
  let guard;
  try {
    guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
    guard.intercept({ window: win, endpoints }); // code written for the old API
  } catch {
    blockTelemetry({ window: win, endpoints });
  }
  assert.equal((await send(win, PH, PH_BODY)).outcome, 'blocked');
  assert.equal((await send(win, 'https://ph.example.com/e/', PH_BODY)).outcome, 'blocked');
  assert.equal(win.sent.length, 0);
});

test('the old argument order, and anything but a guard first, is OPTIONS_INVALID and installs nothing', () => {
  const win = fakeWindow();
  const check = untouched(win);
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const endpoints = [{ vendor: 'posthog', hosts: ['ph.example.com'] }];
  const calls = [
    () => intercept({ window: win, endpoints }),
    () => intercept({ window: win }, guard),
    () => intercept(undefined, { window: win }),
    () => intercept(null),
    () => intercept(guard.forPreset, { window: win }),
    () => intercept(createGuard({ preset: 'posthog' }), { window: win }), // the Promise
    () => followSignals({ onChange() {} }),
    () => followSignals(),
    () => purge({ storage: false }),
    () => purge(),
  ];
  for (const call of calls) assert.throws(call, { code: 'OPTIONS_INVALID' }, String(call));
  check();
});

test('README pattern with a Promise passed to intercept fails closed', async () => {
  const win = fakeWindow();
  try {
    intercept(createGuard({ preset: 'posthog', consent: { analytics: true } }), { window: win });
  } catch {
    blockTelemetry({ window: win });
  }
  assert.equal((await send(win, PH, PH_BODY)).outcome, 'blocked');
});

// ---- forged and foreign guards ----------------------------------------------------------------

function forgeries(real) {
  const passThrough = { redactRequest: (parts) => ({ body: parts.body, query: parts.query, headers: parts.headers, receipt: { kept: true, events: 1, dropped: [], changes: [] } }) };
  return {
    'Object.create(Guard.prototype)': Object.assign(Object.create(Guard.prototype), { forPreset: () => passThrough }),
    'a Proxy of a real guard': new Proxy(real, { get: (t, k) => (k === 'forPreset' ? () => passThrough : Reflect.get(t, k)) }),
    'an object inheriting from a real guard': Object.assign(Object.create(real), { forPreset: () => passThrough }),
    'a plain object with a forged __proto__': { __proto__: Guard.prototype, forPreset: () => passThrough, redactRequest: passThrough.redactRequest },
  };
}

test('forged guards are refused before anything is installed (and never pass raw telemetry)', async () => {
  const real = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  for (const [name, fake] of Object.entries(forgeries(real))) {
    assert.ok(fake instanceof Guard, `${name} passes instanceof`);
    const win = fakeWindow();
    const check = untouched(win);
    let threw;
    try {
      intercept(fake, { window: win });
    } catch (e) {
      threw = e;
    }
    assert.ok(threw, `${name}: intercept refused`);
    check();
    try {
      followSignals(fake);
    } catch (e) {
      threw = e;
    }
    assert.ok(threw, `${name}: followSignals refused`);
  }
});

test('forged guards get the documented OPTIONS_INVALID, not an engine TypeError', () => {
  // README: "Anything else in the first place throws OPTIONS_INVALID".
  const real = createGuardSync({ preset: 'posthog' });
  for (const [name, fake] of Object.entries(forgeries(real))) {
    assert.throws(() => intercept(fake, { window: fakeWindow() }), { code: 'OPTIONS_INVALID' }, `intercept: ${name}`);
    assert.throws(() => followSignals(fake), { code: 'OPTIONS_INVALID' }, `followSignals: ${name}`);
    assert.throws(() => purge(fake, { storage: false }), { code: 'OPTIONS_INVALID' }, `purge: ${name}`);
  }
});

test('a guard from the global build is refused by the module functions, and the reverse; both fail closed', async () => {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [`${PKG}sync.js`], bundle: true, format: 'iife', globalName: 'cgGlobal16', write: false,
    platform: 'browser', logLevel: 'silent', logOverride: { 'empty-import-meta': 'silent' },
  });
  vm.runInThisContext(`(function () {\n${out.outputFiles[0].text}\nglobalThis.cgGlobal16 = cgGlobal16;\n})();`);
  const g = globalThis.cgGlobal16;
  try {
    const foreign = g.createGuardSync({ preset: 'posthog', consent: { analytics: true } });
    const own = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
    for (const [fn, guard] of [[intercept, foreign], [g.intercept, own]]) {
      const win = fakeWindow();
      try {
        fn(guard, { window: win });
        assert.fail('accepted a guard of another copy');
      } catch (e) {
        assert.equal(e.code, 'OPTIONS_INVALID');
        blockTelemetry({ window: win });
      }
      assert.equal((await send(win, PH, PH_BODY)).outcome, 'blocked');
    }
    // Each copy with its own guard redacts.
    const win = fakeWindow();
    g.intercept(foreign, { window: win });
    const r = await send(win, PH, PH_BODY);
    assert.equal(r.outcome, 'sent');
    assert.ok(!r.body.includes(EMAIL));
  } finally {
    delete globalThis.cgGlobal16;
  }
});

// ---- freed guards -----------------------------------------------------------------------------

test('a freed guard: intercept and followSignals refuse; an interceptor outliving its guard blocks', async () => {
  const freed = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  freed.free();
  const win = fakeWindow();
  const check = untouched(win);
  assert.throws(() => intercept(freed, { window: win }), { code: 'GUARD_FREED' });
  assert.throws(() => followSignals(freed), { code: 'GUARD_FREED' });
  check();
  assert.deepEqual(purge(freed, { storage: false }), { dropped: 0, cleared: [] });

  const main = createGuardSync({ preset: 'segment', consent: { analytics: true } });
  const win2 = fakeWindow();
  intercept(main, { window: win2 });
  assert.equal((await send(win2, PH, PH_BODY)).outcome, 'sent', 'a companion redacts while alive');
  main.free();
  for (const url of [PH, SEG]) {
    const r = await send(win2, url, url === PH ? PH_BODY : SEG_BODY);
    assert.notEqual(r.outcome, 'sent', `${url} after free`);
  }
});

// ---- companions -------------------------------------------------------------------------------

test('followSignals(main): a withdrawal only a poll sees reaches every companion before its next request', async () => {
  const cleanup = page();
  const main = createGuardSync({ preset: 'segment' });
  const stop = followSignals(main);
  const win = fakeWindow();
  intercept(main, { window: win });
  try {
    globalThis.dataLayer.push(GRANT);
    const late = main.forPreset('amplitude'); // made after followSignals: shares its poller
    assert.equal(late.consent.analytics, 'granted');
    assert.equal((await send(win, PH, PH_BODY)).outcome, 'sent');
    const dl = globalThis.dataLayer;
    dl[dl.length] = DENY; // an index write: no hook sees it
    assert.notEqual((await send(win, PH, PH_BODY)).outcome, 'sent', 'posthog companion');
    dl[dl.length] = GRANT;
    assert.equal((await send(win, SEG, SEG_BODY)).outcome, 'sent');
    dl[dl.length] = DENY;
    assert.notEqual((await send(win, SEG, SEG_BODY)).outcome, 'sent', 'the guard itself');
    dl[dl.length] = GRANT;
    assert.notEqual(late.redact({ event_type: 'x' }), null);
    dl[dl.length] = DENY;
    assert.equal(late.redact({ event_type: 'x' }), null, 'a companion made later');
  } finally {
    stop();
    cleanup();
  }
});

test('followSignals(companion): a withdrawal read from the page is not undone by the next consent change of its guard', async () => {
  // Found by this round: the companion's signals set its own consent only, and a later
  // setConsent on the guard it came from copied the guard's whole consent over it, so the
  // page's withdrawal was lost. followSignals(companion) now follows into the guard itself.
  const cleanup = page();
  const main = createGuardSync({ preset: 'segment', consent: { analytics: true } });
  const ph = main.forPreset('posthog');
  const win = fakeWindow();
  intercept(main, { window: win });
  const stop = followSignals(ph);
  try {
    globalThis.dataLayer.push(DENY);
    assert.equal(ph.consent.analytics, 'denied');
    assert.notEqual((await send(win, PH, PH_BODY)).outcome, 'sent');
    main.setConsent({ functional: true }); // the banner's functional toggle, nothing about analytics
    const r = await send(win, PH, PH_BODY);
    assert.notEqual(r.outcome, 'sent', `PostHog event sent after the page withdrew analytics: ${r.body}`);
    assert.equal(ph.consent.analytics, 'denied', 'the withdrawal the page signalled still stands');
  } finally {
    stop();
    cleanup();
  }
});

test('followSignals(companion): the guard it came from, which runs the same poller, follows too', async () => {
  const cleanup = page();
  const main = createGuardSync({ preset: 'segment', consent: { analytics: true } });
  const win = fakeWindow();
  intercept(main, { window: win });
  const stop = followSignals(main.forPreset('posthog'));
  try {
    globalThis.dataLayer.push(DENY);
    const r = await send(win, SEG, SEG_BODY);
    assert.notEqual(r.outcome, 'sent', `Segment event sent after the page withdrew analytics: ${r.body}`);
    assert.equal(main.consent.analytics, 'denied', 'the page withdrew analytics');
  } finally {
    stop();
    cleanup();
  }
});

test('purge(companion) acts on the guard it came from: its held events go, storage is cleared, nothing is released later', () => {
  const main = createGuardSync({ policy: { version: 1, extends: 'posthog', unknown_consent: 'hold' } });
  const sent = [];
  assert.equal(main.hold({ event: '$pageview', properties: { email: EMAIL } }, (e) => sent.push(e)), 'held');
  const seg = main.forPreset('segment');
  assert.equal(seg.hold({ type: 'track', event: 'x' }, (e) => sent.push(e)), 'dropped', 'presets do not hold');
  globalThis.localStorage = { length: 1, key: () => 'ajs_user_id', getItem: () => 'u', removeItem() { this.length = 0; } };
  try {
    const r = purge(seg);
    assert.equal(r.dropped, 1, "the guard's held event is dropped through its companion");
    assert.deepEqual(r.cleared.map((c) => c.key), ['ajs_user_id']);
  } finally {
    delete globalThis.localStorage;
  }
  assert.equal(main.pending, 0);
  assert.deepEqual(purge(main, { storage: false }), { dropped: 0, cleared: [] });
  main.setConsent({ analytics: true });
  assert.equal(sent.length, 0, 'a purged event is never released');
});

test("setConsent on a companion is the guard's: a later change on the guard cannot undo it", () => {
  const main = createGuardSync({ preset: 'segment', consent: { analytics: true } });
  const ph = main.forPreset('posthog');
  ph.setConsent({ analytics: false });
  assert.equal(main.consent.analytics, 'denied', 'the withdrawal reached the guard');
  main.setConsent({ functional: true });
  assert.equal(ph.consent.analytics, 'denied', 'and stands after an unrelated change on the guard');
  assert.equal(ph.forPreset('amplitude'), main.forPreset('amplitude'), "a companion's companions are the guard's");
});

test("intercept(companion): requests for the guard's own vendor still get the guard's own rules", async () => {
  // Found by this round: for the vendor the guard it came from runs, a companion made a
  // companion of its own running the bare preset, so the app's rules did not apply. Given a
  // companion, intercept now installs the guard it came from.
  const main = createGuardSync({
    policy: { version: 1, extends: 'segment', rules: [{ id: 'secret', select: ['**.secret_field'], purposes: ['marketing'] }] },
    consent: { analytics: true },
  });
  const body = JSON.stringify({ type: 'track', event: 'x', anonymousId: 'a1', properties: { secret_field: 'TOPSECRET' } });
  const direct = fakeWindow();
  intercept(main, { window: direct });
  const viaMain = await send(direct, SEG, body);
  assert.equal(viaMain.outcome, 'sent');
  assert.ok(!viaMain.body.includes('TOPSECRET'), 'the rule applies through the guard');
  const win = fakeWindow();
  intercept(main.forPreset('posthog'), { window: win });
  const r = await send(win, SEG, body);
  assert.ok(r.outcome !== 'sent' || !r.body.includes('TOPSECRET'), `the app's rule was skipped: ${r.body}`);
});
