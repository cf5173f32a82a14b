// attack17: the lean module (consent-guard/lean, built without the `codecs` feature) against the
// whole module, on inputs tests/js/lean.test.mjs does not compare: adversarial events (nested
// JSON strings, gzip held in latin1 strings, base64, escapes, lone surrogates, keys with personal
// data, batches, deep and huge events past the limits), the rich captures' bodies (session
// replay from four SDKs, Sentry envelope items given by name), custom policies using every
// action, scan action, pattern, label, subtree, `unlisted: drop`, `unknown_consent: hold`,
// `replay: redact`, small limits, and keys; every preset under several consents; the event name
// option; validatePolicy, presetPolicy, presetNames; setConsent spellings; counters.
//
// Each entry runs in a worker of its own (one realm each, so each loads its own module), given
// the same cases; every answer must be identical. The lean module differs from the whole one
// only in the exports that read bodies and decode signals, so any other difference would be a
// rule that silently does not apply on the hook route.
//
// Class: differential (lean vs whole module). Result when written: held (no difference).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync, deflateSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';

const RUNNER = `
  import { workerData, parentPort } from 'node:worker_threads';
  const entry = await import(workerData.entry);
  const out = [];
  const safe = (f) => { try { return JSON.stringify(f()); } catch (e) { return 'throws ' + (e && e.code) + ' ' + (e && e.message); } };
  out.push(safe(() => entry.presetNames()));
  for (const n of entry.presetNames()) out.push(safe(() => entry.presetPolicy(n)));
  out.push(safe(() => entry.presetPolicy('nope')));
  for (const p of workerData.validate) out.push(safe(() => entry.validatePolicy(p.policy, { key: p.key })));
  for (const c of workerData.cases) {
    let guard;
    const made = safe(() => { guard = entry.createGuardSync(c.options); return guard.purposes; });
    out.push(made);
    if (!guard) continue;
    for (const consent of c.consents) {
      out.push(safe(() => { guard.setConsent(consent); return [guard.consent, guard.storageAllowed]; }));
      for (const input of c.inputs) {
        const opts = input.name === undefined ? undefined : { name: input.name };
        if (input.text !== undefined) {
          out.push(safe(() => guard.explain(input.text, opts)));
          out.push(safe(() => guard.redactJson(input.text, opts)));
        } else {
          out.push(safe(() => guard.explain(input.event, opts)));
          out.push(safe(() => guard.redact(input.event, opts)));
        }
      }
    }
    out.push(safe(() => guard.counters));
    guard.free();
  }
  parentPort.postMessage(out);
`;

function run(entry, data) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(RUNNER)}`), {
      workerData: { entry: import.meta.resolve(entry), ...data },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    worker.once('message', (m) => {
      resolve(m);
      worker.terminate();
    });
    worker.once('error', reject);
  });
}

// A small deterministic PRNG, so a difference reproduces.
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const latin1 = (bytes) => Buffer.from(bytes).toString('latin1');
const PII = [
  'jane.doe@example.com', 'JANE.DOE@EXAMPLE.COM', 'jane.doe\u0040example.com', '+1 415 555 0132', '4111 1111 1111 1111',
  '4111111111111111', 'GB82WEST12345698765432', '078-05-1120', '192.168.10.20', '2001:db8::1',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl', 'AKIAIOSFODNN7EXAMPLE',
  'https://user:pass@shop.example.com/a/123/b?email=jane.doe%40example.com&utm_source=x#frag=jane.doe@example.com',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Bearer abc.def.ghi', '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
  '35-209900-176148-1', '00:1A:2B:3C:4D:5E', 'ORD-12345678', 'M1234567', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  '2026-11-30T18:59:24.123Z', '1764529164123', 'jane\ud800doe@example.com', 'j\u0000ane@example.com',
];

function adversarialEvents(rand) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const pii = () => pick(PII);
  const inner = { email: 'nested.jane@example.com', phone: '+44 20 7946 0958', card: '5555555555554444' };
  const events = [
    { event: '$pageview', properties: { $current_url: pii(), email: pii(), nested: JSON.stringify(inner) } },
    { event: '$pageview', properties: { deep: JSON.stringify({ a: JSON.stringify({ b: JSON.stringify(inner) }) }) } },
    // gzip held in a latin1 string, as PostHog replay sends $snapshot_data
    { event: '$snapshot', properties: { $snapshot_data: latin1(gzipSync(Buffer.from(JSON.stringify([{ type: 3, data: { text: 'jane.doe@example.com' } }])))) } },
    { event: '$snapshot', properties: { $snapshot_data: [{ type: 2, data: latin1(gzipSync(Buffer.from(JSON.stringify({ node: { textContent: '4111 1111 1111 1111' } })))) }] } },
    { event: 'x', properties: { b64: Buffer.from(JSON.stringify(inner)).toString('base64'), zlib: latin1(deflateSync(Buffer.from(JSON.stringify(inner)))) } },
    { event: 'x', properties: { 'jane.doe@example.com': 1, '+1 415 555 0132': { '4111111111111111': 'k' } } },
    { type: 'track', event: 'Order Completed', userId: pii(), traits: { email: pii(), firstName: 'Jane', FIRST_NAME: 'Jane', 'first name': 'Jane' }, context: { ip: '203.0.113.9', userAgent: PII[20], page: { url: PII[12], referrer: PII[12] } } },
    { batch: [{ event: 'a', properties: { email: pii() } }, { event: 'b', properties: { phone: pii() } }, 'not an event', 7, null] },
    [{ event: 'a', properties: { email: pii() } }, [{ nested: pii() }]],
    { event_type: 'Page Viewed', user_id: pii(), device_id: 'abc', event_properties: { '[Amplitude] Page URL': PII[12] }, user_properties: { $set: { email: pii() } }, ip: '$remote' },
    { event: 'x', time: 1764529164, properties: { distinct_id: pii(), $ip: '10.1.2.3', $os: 'Linux', token: 'tok' } },
    { exception: { values: [{ type: 'Error', value: `failed for ${pii()}`, stacktrace: { frames: [{ filename: PII[12], vars: { email: pii() } }] } }] }, user: { email: pii(), ip_address: '198.51.100.2', username: 'jane' }, request: { url: PII[12], headers: { Cookie: 'sid=abc', Authorization: 'Bearer x' } }, breadcrumbs: [{ message: pii() }] },
    { resourceSpans: [{ resource: { attributes: [{ key: 'user.email', value: { stringValue: pii() } }] }, scopeSpans: [{ spans: [{ name: 'GET', attributes: [{ key: 'http.url', value: { stringValue: PII[12] } }] }] }] }] },
    { event: 'n', properties: { amount: 4111111111111111, n: 1e308, neg: -0, f: 0.1, big: '99999999999999999999999' } },
    { event: 'esc', properties: { s: '\u2028\u2029"\\\u0007', e: 'jane\u200b.doe@example.com', u: 'Jane.Doe@Exämple.com' } },
    { event: 'proto', properties: JSON.parse('{"__proto__":{"email":"proto.jane@example.com"},"constructor":{"prototype":{"x":"jane.doe@example.com"}}}') },
  ];
  let deep = { email: pii() };
  for (let i = 0; i < 80; i++) deep = { d: deep, s: JSON.stringify(deep).slice(0, 40) };
  events.push({ event: 'deep', properties: deep });
  events.push({ event: 'wide', properties: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i % 7 === 0 ? pii() : `v${i}`])) });
  events.push({ event: 'long', properties: { text: `${'a'.repeat(300_000)} ${pii()} ${'b'.repeat(300_000)}` } });
  events.push({ event: 'huge', properties: { text: `${'x '.repeat(700_000)}jane.doe@example.com` } });
  for (let i = 0; i < 40; i++) {
    const r = {};
    for (let j = 0; j < 1 + Math.floor(rand() * 8); j++) {
      const k = pick(['email', 'Email', 'e-mail', 'user', '$set', 'name', 'url', 'ip', 'phone', 'ua', 'time', pii()]);
      const kind = rand();
      r[k] = kind < 0.4 ? pii() : kind < 0.6 ? JSON.stringify({ [k]: pii() }) : kind < 0.75 ? [pii(), { v: pii() }]
        : kind < 0.85 ? latin1(gzipSync(Buffer.from(JSON.stringify({ v: pii() })))) : Math.floor(rand() * 1e16);
    }
    events.push({ event: pick(['$pageview', 'checkout_done', 'replay', '$snapshot', 'error', '']), timestamp: '2026-11-30T18:59:24Z', properties: r });
  }
  return events;
}

// Bodies of the rich captures (session replay of four SDKs, envelopes' items by name).
function captureInputs() {
  const root = new URL('../fixtures/captures/', import.meta.url);
  const out = [];
  for (const sdk of ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel']) {
    for (const f of readdirSync(new URL(`${sdk}/`, root)).filter((f) => f.endsWith('.json')).sort()) {
      const c = JSON.parse(readFileSync(new URL(`${sdk}/${f}`, root)));
      if (c.body === undefined || c.body === null || c.format === 'text') continue;
      if (c.format === 'envelope') {
        for (let i = 1; i + 1 < c.body.length; i += 2) out.push({ sdk, event: c.body[i + 1], name: c.body[i].type });
      } else {
        out.push({ sdk, text: JSON.stringify(c.body) });
      }
    }
  }
  return out;
}

const KEY = 'k'.repeat(32);
const ACTIONS = [
  { type: 'keep' }, { type: 'drop' }, { type: 'replace', with: '[x]' }, { type: 'mask', keep_last: 2, char: '#', preserve_length: true },
  { type: 'hash', normalize: 'email', length: 24, prefix: 'h:', rotate: 'month' }, { type: 'hash', normalize: 'digits' },
  { type: 'truncate', max: 5 }, { type: 'url', query: ['utm_*'], keep_fragment: true, template_ids: true, scan: true },
  { type: 'url', origin_only: true }, { type: 'ip', v4_prefix: 16, v6_prefix: 32 }, { type: 'time', unit: 'day' },
  { type: 'user_agent' }, { type: 'bucket', size: 10 }, { type: 'bucket', bounds: [0, 10, 100, 1000] },
];
const SCAN_ACTIONS = [{ type: 'replace', with: '<{detector}>' }, { type: 'mask', keep_last: 1 }, { type: 'hash', length: 8 }, { type: 'drop' }];

function customPolicies() {
  const policies = [];
  ACTIONS.forEach((action, i) => {
    policies.push({
      version: 1,
      extends: ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel', 'scan-all'][i % 7],
      purposes: ['support'],
      replay: i % 2 ? 'redact' : 'block',
      unknown_consent: i % 3 ? 'hold' : 'deny',
      unlisted: i % 4 === 0 ? 'drop' : 'keep',
      patterns: [{ id: 'order_id', regex: 'ORD-[0-9]{8}' }],
      scan: { detectors: ['all'], action: SCAN_ACTIONS[i % SCAN_ACTIONS.length] },
      limits: i % 5 === 0 ? { max_depth: 8, max_scan_bytes: 4096, max_event_bytes: 65536, max_pattern_work: 100000 } : undefined,
      labels: { at: 'properties.$consent', purposes: ['analytics', 'marketing'] },
      subtrees: [{ id: 'lib', select: 'context.library', unlisted: 'keep' }],
      events: [{ id: 'checkout', match: ['checkout_*', '$pageview'], purposes: ['necessary'] }, { id: 'err', match: 'error', purposes: ['support'] }],
      rules: [
        { id: 'a', select: '**.email', purposes: ['marketing'], granted: action, denied: ACTIONS[(i + 3) % ACTIONS.length] },
        { id: 'b', select: 'properties.*', purposes: ['analytics'], granted: action },
        { id: 'c', select: '**.first_name', purposes: [], granted: action, scan: { detectors: [] } },
        { id: 'd', select: 'properties.url', granted: { type: 'url', query: [] } },
        { id: 'e', select: 'properties.time', granted: { type: 'time', unit: 'hour' } },
        { id: 'f', select: 'batch[*].properties.phone', purposes: ['support'], denied: { type: 'mask' } },
      ],
    });
  });
  policies.push(JSON.parse(readFileSync(new URL('../../schema/examples/custom-detectors.json', import.meta.url))));
  policies.push(JSON.parse(readFileSync(new URL('../../schema/examples/allowlist.json', import.meta.url))));
  policies.push(JSON.parse(readFileSync(new URL('../../schema/examples/site-posthog.json', import.meta.url))));
  return policies;
}

const ALL = { analytics: true, functional: true, personalization: true, marketing: true, ai_training: true, sale_sharing: true };
// Presets know the built-in purposes; the custom policies add `support`.
const CONSENTS = [{}, { analytics: true }, { analytics: 'granted', marketing: 'denied' }, ALL, { analytics: 'unknown', marketing: 'unknown' }];
const CUSTOM_CONSENTS = [...CONSENTS, { ...ALL, support: true }, { analytics: true, support: 'denied' }];

function buildCases() {
  const rand = prng(17);
  const events = adversarialEvents(rand).map((event) => ({ event }));
  const named = events.slice(0, 12).flatMap(({ event }) => ['event', 'transaction', 'replay_recording', 'breadcrumb', 'span', '$log', 'checkout_x']
    .map((name) => ({ event, name })));
  const texts = [
    { text: JSON.stringify({ event: 'x', properties: { email: 'jane.doe@example.com' } }) },
    { text: '{"event":"x","properties":{"e":"jane.doe\\u0040example.com","s":"\\ud800"}}' },
    { text: '{"event":"dup","properties":{"email":"a@b.co","email":"jane.doe@example.com"}}' },
    { text: '[{"event":"a","properties":{"email":"jane.doe@example.com"}},{"event":"b"}]' },
    { text: '{"batch":[{"event":"a","properties":{"phone":"+1 415 555 0132"}}],"sent_at":"2026-11-30T18:59:24Z"}' },
    { text: '{"event":"x",' }, { text: '' }, { text: 'null' }, { text: '"jane.doe@example.com"' }, { text: '1e999' },
    { text: '\u001f\u008b' }, { text: `{"event":"x","properties":{"a":${'['.repeat(500)}${']'.repeat(500)}}}` },
  ];
  const captures = captureInputs();
  const cases = [];
  for (const preset of ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel', 'scan-all']) {
    const mine = captures.filter((c) => c.sdk === preset || preset === 'scan-all').slice(0, preset === 'scan-all' ? 40 : 200);
    cases.push({ options: { preset, key: KEY }, consents: CONSENTS, inputs: [...events, ...named, ...texts, ...mine] });
    cases.push({ options: { preset }, consents: [CONSENTS[3]], inputs: events.slice(0, 20) });
    cases.push({ options: { policy: { version: 1, extends: preset, replay: 'redact' }, key: KEY }, consents: [CONSENTS[3]], inputs: mine });
  }
  for (const policy of customPolicies()) {
    cases.push({ options: { policy, key: KEY }, consents: CUSTOM_CONSENTS, inputs: [...events, ...named.slice(0, 30), ...texts] });
    cases.push({ options: { policy }, consents: [CONSENTS[1]], inputs: events.slice(0, 6) }); // hash without a key: refused alike
  }
  // Consent spellings and bad values.
  cases.push({ options: { preset: 'posthog', key: KEY }, consents: [{ analytics: 'GRANTED' }, { analytics: 1 }, { nope: true }, { necessary: false }, { analytics: null }], inputs: events.slice(0, 3) });
  const validate = [
    ...customPolicies().map((policy) => ({ policy })),
    ...customPolicies().map((policy) => ({ policy, key: true })),
    { policy: { version: 1, extends: 'posthog', consent_signals: { gpc: ['analytics'] } } },
    { policy: { version: 1, rules: [{ id: 'x', select: 'a', granted: { type: 'mask2' } }] } },
    { policy: { version: 2 } }, { policy: '{' }, { policy: { version: 1, patterns: [{ id: 'p', regex: '(a+)+$' }] } },
  ];
  return { cases, validate };
}

test('the lean module answers every adversarial event, capture, policy and consent exactly as the whole module', { timeout: 900_000 }, async () => {
  const data = buildCases();
  const [whole, lean] = await Promise.all([run('consent-guard', data), run('consent-guard/lean', data)]);
  assert.ok(whole.length > 5000, `compared ${whole.length} answers`);
  assert.equal(lean.length, whole.length);
  const diffs = [];
  for (let i = 0; i < whole.length && diffs.length < 5; i++) if (lean[i] !== whole[i]) diffs.push({ i, whole: whole[i].slice(0, 300), lean: lean[i].slice(0, 300) });
  assert.deepEqual(diffs, []);
});
