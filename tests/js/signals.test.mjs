// Consent signals fail safe, against the built package: malformed, odd and region-scoped
// signals never grant what should be denied, and followSignals(guard) sees a withdrawal however
// the page writes its dataLayer, before the next event. (Node has no page: the tests drive
// globalThis as the page would drive window.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { consentFromSignals, createGuardSync, followSignals } from 'consent-guard';

const pageview = { event: '$pageview', properties: { $current_url: 'https://x.example/' } };
const GRANT = ['consent', 'update', { analytics_storage: 'granted' }];
// A default grant: any later or earlier update overrides it, as gtag applies them.
const DEFAULT_GRANT = ['consent', 'default', { analytics_storage: 'granted' }];
const DENY = ['consent', 'update', { analytics_storage: 'denied' }];

/** A fresh page: an empty dataLayer and no CMP; returns cleanup. */
function page() {
  delete globalThis.dataLayer;
  globalThis.dataLayer = [];
  return () => {
    delete globalThis.dataLayer;
    delete globalThis.__tcfapi;
    delete globalThis.__gpp;
  };
}

test('Consent Mode regions: a region-scoped denial denies everywhere, a region-scoped grant decides nothing', () => {
  // Google's documented pattern: deny in the EEA, grant elsewhere. We cannot know the region.
  let { consent, sources } = consentFromSignals({
    consentMode: [
      ['consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', region: ['ES', 'DE'] }],
      ['consent', 'default', { ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'granted' }],
    ],
  });
  assert.equal(consent.marketing, 'denied');
  assert.equal(consent.analytics, 'granted');
  // The reverse (deny by default, grant in the US): the grant does not count.
  ({ consent, sources } = consentFromSignals({
    consentMode: [
      ['consent', 'default', { analytics_storage: 'denied' }],
      ['consent', 'default', { analytics_storage: 'granted', functionality_storage: 'granted', region: ['US'], wait_for_update: 500 }],
    ],
  }));
  assert.equal(consent.analytics, 'denied');
  assert.equal(consent.functional, 'unknown');
  assert.deepEqual(sources.consent_mode.detail.regionGrantsIgnored, ['analytics_storage', 'functionality_storage']);
  // A user's choice (a global update) still overrides a region-scoped default denial.
  ({ consent } = consentFromSignals({
    consentMode: [['consent', 'default', { analytics_storage: 'denied', region: ['FR'] }], GRANT],
  }));
  assert.equal(consent.analytics, 'granted');
  // An update is not undone by a later default.
  ({ consent } = consentFromSignals({ consentMode: [DENY, ['consent', 'default', { analytics_storage: 'granted' }]] }));
  assert.equal(consent.analytics, 'denied');
});

test("one malformed Consent Mode command keeps the source's denials and blocks every grant", () => {
  const consentMode = [
    ['consent', 'default', { ad_storage: 'denied' }],
    ['consent', 'update', { analytics_storage: 'granted' }],
    ['consent', 'update', { functionality_storage: 'yes please' }],
  ];
  const { consent, sources } = consentFromSignals({ consentMode, app: { marketing: true, analytics: true, functional: true } });
  assert.equal(consent.marketing, 'denied', "the earlier denial beats the app's grant");
  assert.equal(consent.analytics, 'unknown', 'no grant from a source with an error, and it blocks the app');
  assert.equal(consent.functional, 'unknown');
  assert.equal(sources.consent_mode.error.bit, 2, 'the error names the entry');
  assert.ok(!Object.values(sources.consent_mode.decisions).includes('granted'));
});

test('GPP with one corrupt section: the other sections deny, the string grants nothing', () => {
  // usnat corrupt (a 2-character body), usca intact.
  const { consent, sources } = consentFromSignals({ gpp: 'DBABrw~CU~BQgAAABA.QA', app: { sale_sharing: true, analytics: true } });
  assert.equal(sources.gpp.error.segment, 1);
  assert.equal(consent.sale_sharing, 'unknown', "the corrupt usnat blocks the app's grant of what it governs");
  assert.equal(consent.analytics, 'granted', 'usnat does not govern analytics');
  // A corrupt GPC subsection after a usnat opt-out: the opt-out stands.
  const out = consentFromSignals({ gpp: 'DBABrw~CUAQAAAAAACA.Q!~BQgAAABA.QA' });
  assert.ok(out.sources.gpp.error);
  assert.equal(out.consent.marketing, 'denied');
});

test('USP, TCF and app: a bad part elsewhere does not hide a denial', () => {
  assert.equal(consentFromSignals({ usp: '1?YN' }).consent.sale_sharing, 'denied');
  const app = consentFromSignals({ app: { analytics: true, marketing: false, personalization: 'sure' } });
  assert.equal(app.consent.marketing, 'denied');
  assert.equal(app.consent.analytics, 'unknown', 'an app object with a bad value grants nothing');
  assert.match(app.sources.app.error.message, /personalization/);
});

test('GPC and DNT: strings and odd types read as on unless clearly off', () => {
  for (const on of [true, 1, '1', 'true', 'yes', 'TRUE', 2, 'maybe', [], {}]) {
    assert.equal(consentFromSignals({ gpc: on }).consent.marketing, 'denied', `gpc ${JSON.stringify(on)}`);
    assert.equal(consentFromSignals({ dnt: on }).consent.sale_sharing, 'denied', `dnt ${JSON.stringify(on)}`);
  }
  for (const off of [false, 0, '0', 'false', 'no', 'unspecified', '', null]) {
    const { consent } = consentFromSignals({ gpc: off, dnt: off, app: { marketing: true } });
    assert.equal(consent.marketing, 'granted', `off: ${JSON.stringify(off)}`);
  }
  const { sources } = consentFromSignals({ gpc: 'maybe' });
  assert.match(sources.gpc.error.message, /read as on/);
});

test('a mistyped signal is its own source error, never the whole evaluation', () => {
  const { consent, sources } = consentFromSignals({ gpc: 1, tcf: 42, usp: true, app: { analytics: true, functional: true } });
  assert.equal(consent.marketing, 'denied');
  assert.equal(consent.functional, 'granted', 'nothing that a bad source governs');
  assert.equal(consent.analytics, 'unknown', 'the unreadable TCF governs analytics');
  assert.match(sources.tcf.error.message, /must be a string/);
  assert.match(sources.usp.error.message, /must be a string/);
  // Unknown keys and a bad precedence are the caller's own errors.
  assert.throws(() => consentFromSignals({ tfc: 'x' }), { code: 'SIGNALS_INVALID' });
});

// The write styles a page uses; each one withdraws analytics. Those a hook sees apply at once;
// the others (index and length writes) when the next event polls.
const HOOKED = new Set(['push', 'reassigned array', 'unshift (an update beats the default after it)',
  'splice replacing the grant', 'arguments object', 'GTM-style push replacement', 'push assigned on a reference kept earlier']);
const WRITES = {
  'push': () => globalThis.dataLayer.push(DENY),
  'reassigned array': () => { globalThis.dataLayer = [DEFAULT_GRANT, DENY]; },
  'index write': () => { const dl = globalThis.dataLayer; dl[dl.length] = DENY; },
  'unshift (an update beats the default after it)': () => globalThis.dataLayer.unshift(DENY),
  'splice replacing the grant': () => { const dl = globalThis.dataLayer; dl.splice(dl.indexOf(DEFAULT_GRANT), 1); },
  'length truncation': () => { globalThis.dataLayer.length = 0; },
  'arguments object': () => { (function gtag() { globalThis.dataLayer.push(arguments); })('consent', 'update', { analytics_storage: 'denied' }); },
  'GTM-style push replacement': () => {
    const dl = globalThis.dataLayer;
    const before = dl.push;
    dl.push = function gtmPush(...args) { return before.apply(dl, args); };
    dl.push(DENY);
  },
  'push assigned on a reference kept earlier': () => {
    const kept = globalThis.dataLayer;
    kept.push = function (...args) { return Array.prototype.push.apply(kept, args); };
    kept.push(DENY);
  },
  'in-place overwrite of the last entry': () => { const dl = globalThis.dataLayer; dl[dl.length - 1] = DENY; },
};

for (const [name, write] of Object.entries(WRITES)) {
  test(`followSignals sees a withdrawal by ${name} before the next event`, () => {
    const cleanup = page();
    const guard = createGuardSync({ preset: 'posthog' });
    const stop = followSignals(guard);
    try {
      globalThis.dataLayer.push(DEFAULT_GRANT);
      assert.equal(guard.consent.analytics, 'granted');
      assert.notEqual(guard.redact(pageview), null);
      write();
      if (HOOKED.has(name)) assert.notEqual(guard.consent.analytics, 'granted', 'applied at once, before any event');
      assert.equal(guard.redact(pageview), null, 'the next event is dropped');
      assert.notEqual(guard.consent.analytics, 'granted');
    } finally {
      stop();
      guard.free();
      cleanup();
    }
  });
}

test('every redaction entry point polls first: explain, redactJson, redactBody, hold, and a companion', () => {
  const cleanup = page();
  const guard = createGuardSync({ preset: 'posthog' });
  const stop = followSignals(guard);
  const regrant = () => { globalThis.dataLayer.push(GRANT); assert.equal(guard.consent.analytics, 'granted'); };
  const withdrawUnseen = () => { const dl = globalThis.dataLayer; dl[dl.length] = DENY; };
  try {
    assert.equal(typeof stop.poll, 'function');
    for (const call of [
      () => guard.explain(pageview).event,
      () => guard.redactJson(JSON.stringify(pageview)),
      () => guard.redactBody(JSON.stringify(pageview)).body,
      () => (guard.hold(pageview, () => {}) === 'sent' ? 'sent' : null),
      () => guard.forPreset('segment').redactBody(JSON.stringify({ type: 'page', properties: {} })).body,
    ]) {
      regrant();
      withdrawUnseen();
      assert.equal(call(), null, String(call));
      assert.notEqual(guard.consent.analytics, 'granted');
    }
  } finally {
    stop();
    guard.free();
    cleanup();
  }
});

test('signals that cannot be evaluated leave no earlier grant standing', () => {
  const cleanup = page();
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const results = [];
  const stop = followSignals(guard, { precedence: ['nope'], onChange: (r) => results.push(r) });
  try {
    assert.equal(guard.consent.analytics, 'unknown');
    assert.equal(results.at(-1).error.code, 'SIGNALS_INVALID');
  } finally {
    stop();
    guard.free();
    cleanup();
  }
});

test('a CMP that fails after granting does not leave the grant standing', () => {
  const cleanup = page();
  let tcfListener;
  let gppListener;
  globalThis.__tcfapi = (command, _v, cb) => { if (command === 'addEventListener') tcfListener = cb; };
  globalThis.__gpp = (command, cb) => { if (command === 'addEventListener') gppListener = cb; };
  const guard = createGuardSync({ preset: 'posthog' });
  const stop = followSignals(guard, { app: { analytics: true } });
  try {
    assert.equal(guard.consent.analytics, 'granted');
    tcfListener({ tcString: 'CQuIxQAQuIxQAAKADCENCWFoAMNAAECAAIYgD5wA4AAgAEASwA-YADAwAQkAGAA4AEAA', gdprApplies: true, listenerId: 1 }, true);
    assert.equal(guard.consent.analytics, 'denied', 'that TC string lacks purpose 9');
    tcfListener({ listenerId: 1 }, false);
    assert.equal(guard.consent.analytics, 'unknown', "a failing CMP blocks the app's grant of what TCF governs");
    tcfListener({ gdprApplies: false, listenerId: 1 }, true);
    assert.equal(guard.consent.analytics, 'granted', 'TCF says it does not apply');
    gppListener({ listenerId: 2, eventName: 'signalStatus', pingData: { gppString: 'DBABrw~CUAQAAAAAACA.QA~BQgAAABA.QA' } }, true);
    assert.equal(guard.consent.marketing, 'denied');
    gppListener({ listenerId: 2, eventName: 'error', data: 'boom' }, true);
    assert.equal(guard.consent.analytics, 'unknown', 'a GPP error blocks what GPP governs, TCF purposes included');
  } finally {
    stop();
    guard.free();
    cleanup();
  }
});

test('hostile dataLayer entries never throw into the page and never grant', () => {
  const cleanup = page();
  const guard = createGuardSync({ preset: 'posthog' });
  const results = [];
  const stop = followSignals(guard, { onChange: (r) => results.push(r) });
  try {
    globalThis.dataLayer.push(['consent', 'default', { ad_storage: 'denied' }], GRANT);
    assert.equal(guard.consent.analytics, 'granted');
    const cyclic = { analytics_storage: 'granted' };
    cyclic.self = cyclic;
    const trap = new Proxy([], { get: (t, k) => (k === '0' ? (() => { throw new Error('trap'); })() : t[k]) });
    globalThis.dataLayer.push(['consent', 'update', cyclic], ['consent', 'update', { analytics_storage: 10n }], trap);
    const last = results.at(-1);
    assert.ok(last.sources.consent_mode.error, 'reported');
    assert.equal(guard.consent.analytics, 'unknown', 'no grant from a source with an error');
    assert.equal(guard.consent.marketing, 'denied', 'its denials stand');
  } finally {
    stop();
    guard.free();
    cleanup();
  }
});

test('a send callback that pushes a withdrawal while consent is applied is not lost', () => {
  const cleanup = page();
  const guard = createGuardSync({ policy: { version: 1, extends: 'posthog', unknown_consent: 'hold' } });
  const stop = followSignals(guard);
  const sent = [];
  try {
    assert.equal(guard.hold(pageview, (e) => { sent.push(e); globalThis.dataLayer.push(DENY); }), 'held');
    globalThis.dataLayer.push(GRANT); // releases the held event, whose send withdraws at once
    assert.equal(sent.length, 1);
    assert.equal(guard.consent.analytics, 'denied');
  } finally {
    stop();
    guard.free();
    cleanup();
  }
});

test('unsubscribe restores the page: a plain dataLayer, its own push, and no more polling', () => {
  const cleanup = page();
  const guard = createGuardSync({ preset: 'posthog' });
  const stop = followSignals(guard);
  try {
    const dl = globalThis.dataLayer;
    dl.push(GRANT);
    stop();
    const desc = Object.getOwnPropertyDescriptor(globalThis, 'dataLayer');
    assert.equal(desc.get, undefined);
    assert.equal(desc.value, dl);
    assert.equal(Object.getOwnPropertyDescriptor(dl, 'push'), undefined);
    assert.equal(dl.push, Array.prototype.push);
    dl.push(DENY);
    stop.poll();
    assert.equal(guard.consent.analytics, 'granted', 'no longer followed');
  } finally {
    guard.free();
    cleanup();
  }
});
