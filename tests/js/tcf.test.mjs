// consent-guard's TCF v2.2 decoder agrees field by field with the IAB's reference library
// (@iabtechlabtcf/core) on 1 200 seeded random TC models, and never grants on broken strings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { consentFromSignals, createGuardSync } from 'consent-guard';
import { rng, syntheticGvl, randomTcString, referenceDecode } from './support/tcf-models.mjs';

const ours = (tcf) => consentFromSignals({ tcf }).sources.tcf;

test('agrees with @iabtechlabtcf/core on 1 200 random TC strings', () => {
  const r = rng(20261123);
  const gvl = syntheticGvl(500);
  const seen = { disclosed: 0, publisherTC: 0, restrictions: 0, ranges: 0 };
  for (let i = 0; i < 1200; i++) {
    const string = randomTcString(r, gvl);
    const want = referenceDecode(string);
    const got = ours(string);
    assert.equal(got.error, undefined, `#${i} ${string}: ${JSON.stringify(got.error)}`);
    assert.deepEqual(got.detail, want, `#${i} ${string}`);
    seen.disclosed += 'vendorsDisclosed' in want;
    seen.publisherTC += 'publisherTC' in want;
    seen.restrictions += want.publisherRestrictions.length > 0;
  }
  // The sample covers every part of the format.
  assert.ok(seen.disclosed > 100 && seen.publisherTC > 100 && seen.restrictions > 100, JSON.stringify(seen));
});

test('broken TC strings are errors with a position, and grant nothing', () => {
  const r = rng(7);
  const good = randomTcString(r, syntheticGvl(50));
  for (const bad of ['', 'not base64!', good.slice(0, 10), 'B' + good.slice(1), `${good}.~~~~`, `${good.split('.')[0]}.zAAA`]) {
    const { consent, sources } = consentFromSignals({ tcf: bad });
    assert.ok(sources.tcf.error, bad);
    assert.equal(typeof sources.tcf.error.bit, 'number');
    // Denials still readable before the error stand; nothing is granted.
    assert.ok(!Object.values(sources.tcf.decisions).includes('granted'), bad);
    for (const [p, d] of Object.entries(consent)) assert.ok(p === 'necessary' || d !== 'granted', `${p}=${d}`);
  }
});

test("a policy's consent_signals sets its guard's mapping; the module default stays", () => {
  const guard = createGuardSync({
    policy: { version: 1, purposes: ['support'], consent_signals: { gpc: ['support'], precedence: ['app', 'gpc'] } },
  });
  const signals = { gpc: true, app: { marketing: true } };
  const mine = guard.consentFromSignals(signals);
  assert.equal(mine.consent.support, 'denied', 'GPC denies what the policy maps it to');
  assert.equal(mine.consent.marketing, 'granted', 'and no longer marketing; the app decides it first');
  const dflt = consentFromSignals(signals);
  assert.equal(dflt.consent.marketing, 'denied');
  assert.equal(dflt.consent.support, undefined, 'the default knows only built-in purposes');
});

test('signals combine with any denial winning, unless the app orders them', () => {
  const gvl = syntheticGvl(10);
  const r = rng(1);
  let all;
  do all = randomTcString(r, gvl); while (!referenceDecode(all).purposeConsents.includes(1));
  const base = { app: { analytics: true, marketing: true }, gpc: true, usp: '1YYN',
    consentMode: [['consent', 'default', { analytics_storage: 'granted', ad_storage: 'granted' }]] };
  const { consent, sources } = consentFromSignals(base);
  assert.equal(consent.analytics, 'granted');
  assert.equal(consent.marketing, 'denied');
  assert.equal(consent.sale_sharing, 'denied');
  assert.equal(consent.ai_training, 'denied');
  assert.deepEqual(Object.keys(sources).sort(), ['app', 'consent_mode', 'gpc', 'usp']);
  assert.equal(consentFromSignals({ ...base, precedence: ['app', 'gpc'] }).consent.marketing, 'granted');
  assert.equal(consentFromSignals({ gpc: '1' }).consent.marketing, 'denied', 'Sec-GPC header value');
  assert.equal(consentFromSignals({ dnt: '1' }).consent.sale_sharing, 'denied');
  assert.throws(() => consentFromSignals({ tfc: 'x' }), { code: 'SIGNALS_INVALID' });
  assert.throws(() => consentFromSignals({ precedence: ['nope'] }), { code: 'SIGNALS_INVALID' });
});
