// The public API of the built package, imported by name as a user would.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as cg from 'consent-guard';
import * as integrations from 'consent-guard/integrations';
import { createGuard, createGuardSync, validatePolicy, presetNames, presetPolicy, ConsentGuardError } from 'consent-guard';

const event = () => ({
  event: '$pageview',
  properties: {
    $current_url: 'https://shop.example.com/checkout?utm_source=mail&token=SECRET1&email=jane%40example.com',
    title: 'Checkout - Jane Doe',
    message: 'call +1 415 555 0132',
  },
});

// The values each entry declares in its .d.ts (classes, functions, consts; types have no runtime
// side), read from the files the package ships.
function declaredValues(file) {
  const text = readFileSync(new URL(`../../pkg/${file}`, import.meta.url), 'utf8');
  return [...text.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]).sort((a, b) => a.localeCompare(b));
}
const runtime = (m) => Object.keys(m).sort((a, b) => a.localeCompare(b));

test('each entry exports at runtime exactly what its types declare', async () => {
  assert.deepEqual(runtime(cg), declaredValues('index.d.ts'));
  assert.deepEqual(runtime(await import('consent-guard/sync')), declaredValues('index.d.ts'));
  assert.deepEqual(runtime(integrations), declaredValues('integrations.d.ts'));
  assert.deepEqual(runtime(await import('consent-guard/endpoints')), declaredValues('endpoints.d.ts'));
  assert.ok(declaredValues('index.d.ts').includes('loadModule'), 'the parser reads the declarations');
});

test('createGuard resolves to a guard whose redact is synchronous', async () => {
  const guard = await createGuard({ preset: 'posthog', consent: { analytics: true } });
  const input = event();
  const before = JSON.stringify(input);
  const out = guard.redact(input);
  assert.ok(!(out instanceof Promise));
  assert.equal(out.properties.$current_url, 'https://shop.example.com/checkout?utm_source=mail');
  assert.equal(out.properties.title, undefined);
  assert.equal(out.properties.message, 'call [phone]');
  assert.equal(JSON.stringify(input), before, 'the input is not mutated');
});

test('consent changes apply to the next event without re-creating the guard', () => {
  const guard = createGuardSync({ preset: 'posthog' });
  assert.equal(guard.redact(event()), null, 'unknown consent counts as denied');
  guard.setConsent({ analytics: true });
  assert.notEqual(guard.redact(event()), null);
  guard.setConsent({ personalization: 'granted' });
  assert.equal(guard.redact(event()).properties.title, 'Checkout - Jane Doe');
  guard.setConsent({ analytics: false });
  assert.equal(guard.redact(event()), null);
  assert.equal(guard.consent.analytics, 'denied');
  assert.equal(guard.consent.necessary, 'granted');
  assert.equal(guard.consent.marketing, 'unknown');
});

test('explain returns the event and a receipt without values', () => {
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const { event: out, receipt } = guard.explain(event());
  assert.equal(receipt.kept, true);
  const rules = receipt.changes.map((c) => `${c.rule}:${c.path}:${c.action}`).sort();
  assert.deepEqual(rules, [
    '@scan:properties.message:replace',
    'posthog-title:properties.title:drop',
    'posthog-urls:properties.$current_url:url',
  ]);
  const text = JSON.stringify(receipt);
  for (const secret of ['SECRET1', 'jane', '415', 'Jane Doe']) assert.ok(!text.includes(secret), secret);
  assert.equal(out.properties.message, 'call [phone]');
});

test('redactJson takes and returns text; null when dropped', () => {
  const guard = createGuardSync({ preset: 'scan-all' });
  assert.equal(guard.redactJson('{"a":"mail jane@example.com"}'), '{"a":"mail [email]"}');
  assert.equal(guard.redactJson('{"a":'), null);
  assert.equal(guard.redactJson(42), null);
  const posthog = createGuardSync({ preset: 'posthog' });
  assert.equal(posthog.redactJson('{"batch":[{"event":"x"}]}'), null);
});

test('onReceipt gets every receipt, and a throwing callback breaks nothing', () => {
  const seen = [];
  const guard = createGuardSync({ preset: 'scan-all', onReceipt: (r) => { seen.push(r); throw new Error('boom'); } });
  assert.deepEqual(guard.redact({ a: 'jane@example.com' }), { a: '[email]' });
  assert.equal(guard.redact('not an object'), null);
  assert.equal(seen.length, 2);
  assert.equal(seen[0].changes[0].detector, 'email');
  assert.equal(seen[1].dropped[0].reason, 'invalid_event');
});

test('counters accumulate across calls', () => {
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  guard.redact(event());
  guard.setConsent({ analytics: false });
  guard.redact(event());
  const c = guard.counters;
  assert.equal(c.calls, 2);
  assert.equal(c.events_kept, 1);
  assert.equal(c.events_dropped, 1);
  assert.equal(c.dropped_by_reason.consent, 1);
  assert.equal(c.hits_by_detector.phone, 1);
});

test('hash actions need a key of at least 16 bytes', () => {
  const policy = { version: 1, rules: [{ id: 'email', select: 'email', purposes: ['marketing'], denied: { type: 'hash', normalize: 'email' } }] };
  assert.throws(() => createGuardSync({ policy }), (e) => e instanceof ConsentGuardError && e.code === 'POLICY_INVALID'
    && e.rule === 'email' && e.path === 'rules[0].denied' && e.diagnostics[0].code === 'HASH_WITHOUT_KEY');
  assert.throws(() => createGuardSync({ policy, key: 'short' }), { code: 'KEY_INVALID' });
  assert.throws(() => createGuardSync({ policy, key: 42 }), { code: 'KEY_INVALID' });
  const a = createGuardSync({ policy, key: 'a site key that is long enough' });
  const b = createGuardSync({ policy, key: new TextEncoder().encode('a site key that is long enough') });
  const x = a.redact({ email: ' Jane@Example.com' }).email;
  assert.match(x, /^h:[0-9a-f]{16}$/);
  assert.equal(b.redact({ email: 'jane@example.com' }).email, x);
});

test('errors are ConsentGuardError with stable codes', async () => {
  const cases = [
    [() => createGuardSync(), 'OPTIONS_INVALID'],
    [() => createGuardSync({}), 'OPTIONS_INVALID'],
    [() => createGuardSync({ preset: 'posthog', policy: { version: 1 } }), 'OPTIONS_INVALID'],
    [() => createGuardSync({ preset: 'nope' }), 'POLICY_INVALID'],
    [() => createGuardSync({ policy: '{' }), 'POLICY_INVALID'],
    [() => createGuardSync({ policy: { version: 1, rules: [{ id: 'r', select: 'a..b' }] } }), 'POLICY_INVALID'],
    [() => createGuardSync({ preset: 'posthog', consent: { analytcs: true } }), 'CONSENT_INVALID'],
    [() => createGuardSync({ preset: 'posthog', consent: { analytics: 'yes' } }), 'CONSENT_INVALID'],
    [() => createGuardSync({ preset: 'posthog', consent: 'all' }), 'CONSENT_INVALID'],
    [() => createGuardSync({ preset: 'posthog', onReceipt: 1 }), 'OPTIONS_INVALID'],
  ];
  for (const [fn, code] of cases) {
    assert.throws(fn, (e) => e instanceof ConsentGuardError && e instanceof Error && e.code === code, code);
  }
  await assert.rejects(createGuard({ preset: 'nope' }), { code: 'POLICY_INVALID' });
  const guard = createGuardSync({ preset: 'posthog' });
  assert.throws(() => guard.setConsent({ bogus: true }), { code: 'CONSENT_INVALID' });
  assert.equal(guard.consent.analytics, 'unknown', 'a rejected update changes nothing');
});

test('validatePolicy uses the load path and lists diagnostics', () => {
  assert.deepEqual(validatePolicy({ version: 1 }), []);
  assert.deepEqual(validatePolicy(presetPolicy('segment')), []);
  const d = validatePolicy({ version: 1, rules: [{ id: 'a', select: 'x', purposes: ['nope'] }, { id: 'b', select: 'y', denied: { type: 'hash' } }] });
  assert.deepEqual(d.map((x) => [x.code, x.rule, x.path]), [
    ['UNKNOWN_PURPOSE', 'a', 'rules[0].purposes[0]'],
    ['HASH_WITHOUT_KEY', 'b', 'rules[1].denied'],
  ]);
  assert.deepEqual(validatePolicy({ version: 1, rules: [{ id: 'b', select: 'y', denied: { type: 'hash' } }] }, { key: true }), []);
  assert.equal(validatePolicy('{')[0].code, 'POLICY_SYNTAX');
  assert.equal(validatePolicy(null)[0].code, 'POLICY_SYNTAX');
  assert.deepEqual(presetNames(), ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel', 'scan-all']);
  assert.throws(() => presetPolicy('nope'), { code: 'OPTIONS_INVALID' });
});

test('a freed guard fails closed', () => {
  const guard = createGuardSync({ preset: 'scan-all' });
  guard.free();
  const r = guard.explain({ a: 'jane@example.com' });
  assert.equal(r.event, null);
  assert.equal(r.receipt.dropped[0].reason, 'internal_error');
  // Other guards are unaffected.
  assert.deepEqual(createGuardSync({ preset: 'scan-all' }).redact({ a: 1 }), { a: 1 });
});
