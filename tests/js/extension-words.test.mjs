// The extension's popup and options page in plain words, without a browser: receipts become a
// request's outcome and the kinds of data removed (counts.js), kinds become phrases a person
// reads (plain-words.js), and what a person types into the options page is checked before it is
// stored (entries.js, settings.js). Receipts come from the real engine under the strip policy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';
import { MINIMAL_POLICIES } from '../../extension/src/minimal-policies.js';
import { summarize, addTo } from '../../extension/src/counts.js';
import { describe, kindOf, vendorName, phrase } from '../../extension/src/plain-words.js';
import { parseSite, parseEndpoint } from '../../extension/src/entries.js';
import { normalize, DEFAULTS } from '../../extension/src/settings.js';

const encoder = new TextEncoder();
const posthog = createGuardSync({ policy: MINIMAL_POLICIES.posthog, consent: DEFAULTS.consent });

function send(events, query = '') {
  return posthog.redactRequest({ path: '/e/', query, params: ['ver'], headers: [], body: encoder.encode(JSON.stringify({ api_key: 'phc_x', batch: events })) });
}

test('a strip receipt reads as the kinds of data removed, in words', () => {
  const { receipt } = send([
    { event: 'signup jane.doe@example.com', properties: { token: 'phc_x', $current_url: 'https://shop.example/a?email=x@y.com', distinct_id: 'u1', plan: 'pro' } },
    { event: 'newsletter mary@example.org', properties: { token: 'phc_x', $current_url: 'https://shop.example/b?q=1', distinct_id: 'u1', $referrer: 'https://mail.example/x' } },
  ], 'ver=1&secret=2');
  const summary = summarize(receipt);
  assert.equal(summary.outcome, 'stripped');
  assert.equal(summary.events, 2);
  assert.equal(summary.eventsSent, 2);
  assert.equal(summary.removed.email, 2, JSON.stringify(receipt.changes));
  assert.equal(summary.removed['page-address'], 2);
  assert.equal(summary.removed.identifier, 2);
  assert.equal(summary.removed.referrer, 1);
  assert.equal(summary.removed.query, 1, 'the unknown query parameter');
  assert.ok(summary.removed.other >= 1, 'plan: not needed for counting');
  const words = describe(summary.removed);
  assert.deepEqual(words.slice(0, 2), ['2 email addresses', '2 page addresses with their query']);
  assert.ok(words.includes('1 address of the page you came from'));
  assert.ok(words.at(-1).endsWith('other details not needed for counting') || words.at(-1).endsWith('other detail not needed for counting'));
  assert.ok(!JSON.stringify(summary).includes('jane') && !JSON.stringify(summary).includes('shop.example'), 'no value in a summary');
});

test('outcomes: unchanged, blocked, failed; counts add up per vendor', () => {
  const unchanged = summarize({ kept: true, events: 1, dropped: [], changes: [] });
  const blocked = summarize({ kept: false, events: 0, dropped: [{ path: '', reason: 'blocked' }], changes: [] });
  const engine = summarize({ kept: false, events: 0, dropped: [{ path: '', reason: 'internal_error' }], changes: [] });
  const delivery = summarize({ kept: true, events: 1, dropped: [], changes: [] }, 'the vendor answered 503');
  const consent = summarize({ kept: false, events: 1, dropped: [{ path: '', reason: 'consent', missing: ['personalization'] }], changes: [] });
  assert.deepEqual([unchanged, blocked, engine, delivery, consent].map((s) => s.outcome), ['unchanged', 'blocked', 'failed', 'failed', 'blocked']);
  assert.equal(consent.removed['needs-consent'], 1);
  let c = null;
  for (const [s, v] of [[unchanged, 'posthog'], [blocked, 'posthog'], [engine, 'sentry'], [delivery, 'sentry'], [consent, 'segment']]) c = addTo(c, s, v);
  assert.deepEqual([c.requests, c.unchanged, c.stripped, c.blocked, c.failed], [5, 1, 0, 2, 2]);
  assert.deepEqual(c.vendors.sentry, { unchanged: 0, stripped: 0, blocked: 0, failed: 2 });
  assert.deepEqual(c.failures, { 'the vendor answered 503': 1 });
});

test('kinds and names', () => {
  assert.equal(kindOf({ rule: '@scan', path: 'properties.x', action: 'replace', detector: 'card' }), 'card');
  assert.equal(kindOf({ rule: 'sentry-user', path: 'user', action: 'drop' }), 'profile');
  assert.equal(kindOf({ rule: 'segment-personal-keys', path: 'traits.phone', action: 'drop' }), 'personal');
  assert.equal(kindOf({ rule: '@unlisted', path: 'properties.$pathname', action: 'drop' }), 'other');
  assert.equal(kindOf({ rule: '@scan', path: 'properties.note', action: 'url' }), 'address-in-text');
  assert.equal(phrase('email', 1), '1 email address');
  assert.equal(phrase('something-new', 3), '3 something-new', 'an unknown kind still reads');
  assert.deepEqual(['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'].map(vendorName),
    ['PostHog', 'Segment', 'Sentry', 'Amplitude', 'Mixpanel', 'OpenTelemetry']);
});

test('the options page checks a site and an endpoint before storing them, with a reason', () => {
  assert.deepEqual(parseSite(' Shop.Example. '), { value: 'shop.example' });
  assert.deepEqual(parseSite('https://shop.example/cart?x=1'), { value: 'shop.example' });
  for (const bad of ['', 'shop example', 'shop.example:8080', '<script>']) assert.ok(parseSite(bad).error, bad);
  assert.deepEqual(parseEndpoint({ vendor: 'posthog', host: 'Shop.Example', prefix: '/ingest/' }), { value: { vendor: 'posthog', hosts: ['shop.example'], prefix: '/ingest' } });
  assert.deepEqual(parseEndpoint({ vendor: 'sentry', host: 'https://shop.example/tunnel', prefix: '' }), { value: { vendor: 'sentry', hosts: ['shop.example'], prefix: '/tunnel' } });
  assert.deepEqual(parseEndpoint({ vendor: 'otel', host: 'localhost:4318' }), { value: { vendor: 'otel', hosts: ['localhost:4318'] } });
  assert.match(parseEndpoint({ vendor: 'hotjar', host: 'x.example' }).error, /Choose a vendor/);
  assert.match(parseEndpoint({ vendor: 'posthog', host: '' }).error, /Type the host/);
  assert.match(parseEndpoint({ vendor: 'posthog', host: 'a b' }).error, /not a host name/);
  assert.match(parseEndpoint({ vendor: 'posthog', host: 'a.example', prefix: 'ingest' }).error, /must start with \//);
  // Stored settings keep only endpoints every reader can use (the endpoint table refuses the rest).
  const s = normalize({ endpoints: [{ vendor: 'posthog', hosts: ['a.example'] }, { vendor: 'hotjar', hosts: ['b.example'] }, { vendor: 'otel', hosts: [] }, { vendor: 'otel', hosts: ['c.example'], prefix: 'x' }] });
  assert.deepEqual(s.endpoints, [{ vendor: 'posthog', hosts: ['a.example'] }]);
});
