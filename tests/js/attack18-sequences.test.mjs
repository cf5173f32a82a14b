// Red team 18: the built Wasm keeps scratch buffers across calls and builds receipts lazily (the
// JS API asks for counts only when nobody reads the receipt: redact/redactJson without
// onReceipt). Whatever a guard saw before, and however it is asked (redact, redactJson,
// explain, hold, with or without onReceipt, through a forPreset companion), an event must come
// out as a fresh guard's explain() makes it; receipts delivered to onReceipt must be the fresh
// guard's receipts exactly; counters must not depend on who reads receipts.
//
// Class: differential (long-lived vs fresh guard; counts vs full receipts).
import test from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createGuardSync } from 'consent-guard';

const PRESETS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel', 'scan-all'];
const CONSENTS = [{}, { analytics: true, functional: true, personalization: true, marketing: true }];
const KEY = '0123456789abcdef0123456789abcdef';

const nest = (d, leaf) => '{"a":'.repeat(d) + leaf + '}'.repeat(d);
const latin1 = (buf) => String.fromCharCode(...buf);

function inputs() {
  const events = [
    { event: '$pageview', properties: { email: 'jane@example.com', $ip: '203.0.113.77', note: 'call +1 415 555 0132', $current_url: 'https://a.example/p?email=jane%40example.com&utm_source=x' } },
    { event: 'x', properties: { 'jane@example.com': 1, n: [{ 'ip 203.0.113.7': 'a' }, '4111 1111 1111 1111'], 'https://h.example/p?token=SECRET': 2 } },
    { event: 'x', nested: JSON.stringify({ email: 'jane@example.com', deep: JSON.stringify([1, '+1 415 555 0132']) }) },
    { event: 'x', gz: latin1(gzipSync(JSON.stringify({ email: 'jane@example.com' }))) },
    { batch: [{ event: 'a', email: 'jane@example.com' }, 7, { event: 'b', x: 'jane%40example.com' }], api_key: 'k' },
    [{ event: 'a', x: 'https://u:p@h.example/p?email=jane@example.com#f' }, { event: '$snapshot' }],
    { event: 'x', user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', ip: '2001:db8::1', $ip: '::ffff:192.0.2.128', time: 1795357980827 },
    { event_type: 'x', user_properties: { email: 'jane@example.com' }, user_agent: 'Chrome/120 (Windows)', ip: '$remote' },
    { type: 'identify', traits: { email: 'jane@example.com', firstName: 'Jane' }, context: { ip: '203.0.113.9' } },
    { event: 'x', exception: { values: [{ value: 'failed for jane.doe@example.com' }] }, user: { email: 'jane@example.com', ip_address: '203.0.113.1' } },
    { event: 'x', t: 'jane&#64;example&#46;com ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ 4111\u00a01111\u200b1111\u00a01111' },
    // Huge: the kept buffers grow past 256 KiB and are let go.
    { event: 'huge', t: 'jane@example.com é%40 '.repeat(16000) },
    { event: 'hugekey', properties: { ['é'.repeat(70000) + 'jane@example.com']: 1 } },
    // Over max_scan_bytes.
    { event: 'over', a: 'x'.repeat(300000), b: 'y'.repeat(300000), c: 'jane@example.com' },
  ];
  const texts = [
    '{"a":',
    '42',
    '',
    '{"event":"x","dup":1,"dup":"jane@example.com"}',
    nest(63, '"jane@example.com"'),
    nest(64, '"jane@example.com"'),
    nest(80, '"jane@example.com"'),
    `{"event":"d","properties":${nest(60, '{"email":"jane@example.com"}')}}`,
    JSON.stringify({ event: 'big', a: 'z'.repeat(1100000) }),
  ];
  return [...events.map((e) => ({ event: e })), ...texts.map((t) => ({ text: t }))];
}

function rng(seed) {
  let s = BigInt(seed);
  return () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(s >> 33n);
  };
}

const fresh = (options) => createGuardSync({ key: KEY, ...options });

test('long-lived guards, with and without receipt readers, answer as fresh guards do', () => {
  const all = inputs();
  const next = rng(18);
  for (const preset of PRESETS) {
    for (const consent of CONSENTS) {
      const plain = fresh({ preset, consent });
      const seen = [];
      const reading = fresh({ preset, consent, onReceipt: (r) => seen.push(r) });
      const order = [...all.keys()];
      for (let i = 0; i < 2 * all.length; i++) order.push(next() % all.length);
      for (const i of order) {
        const input = all[i];
        const opts = next() % 3 === 0 ? { name: '$pageview' } : undefined;
        const f = fresh({ preset, consent });
        const want = f.explain(input.text ?? input.event, opts);
        f.free();
        const at = `${preset} ${JSON.stringify(consent)} input #${i} ${opts ? 'named' : ''}`;
        let got;
        if (input.text !== undefined) {
          got = plain.redactJson(input.text, opts);
          assert.equal(got, want.event, `redactJson: ${at}`);
          assert.equal(reading.redactJson(input.text, opts), want.event, `redactJson+onReceipt: ${at}`);
        } else {
          got = plain.redact(input.event, opts);
          assert.deepEqual(got, want.event, `redact: ${at}`);
          assert.deepEqual(reading.redact(input.event, opts), want.event, `redact+onReceipt: ${at}`);
        }
        assert.deepEqual(seen.at(-1), want.receipt, `onReceipt receipt: ${at}`);
        // explain on the long-lived guard, right after a counts-only call.
        const again = plain.explain(input.text ?? input.event, opts);
        assert.deepEqual(again, want, `explain after redact: ${at}`);
      }
      const a = plain.counters;
      const b = reading.counters;
      // `plain` answered twice per input (redact, explain), `reading` once: compare halves.
      assert.equal(a.calls, 2 * b.calls, `${preset}`);
      for (const [k, v] of Object.entries(b.changes_by_action)) assert.equal(a.changes_by_action[k], 2 * v, `${preset} ${k}`);
      for (const [k, v] of Object.entries(b.hits_by_detector)) assert.equal(a.hits_by_detector[k], 2 * v, `${preset} ${k}`);
      for (const [k, v] of Object.entries(b.dropped_by_reason)) assert.equal(a.dropped_by_reason[k], 2 * v, `${preset} ${k}`);
      plain.free();
      reading.free();
    }
  }
});

test('forPreset companions keep their own buffers: each answers as a fresh guard of its preset', () => {
  const all = inputs();
  const root = fresh({ preset: 'posthog', consent: { analytics: true } });
  const next = rng(1818);
  for (let n = 0; n < 120; n++) {
    const i = next() % all.length;
    const preset = PRESETS[next() % PRESETS.length];
    const input = all[i];
    const g = root.forPreset(preset);
    const f = fresh({ preset, consent: { analytics: true } });
    const want = f.explain(input.text ?? input.event);
    f.free();
    const got = input.text !== undefined ? g.redactJson(input.text) : g.redact(input.event);
    if (input.text !== undefined) assert.equal(got, want.event, `${preset} #${i}`);
    else assert.deepEqual(got, want.event, `${preset} #${i}`);
  }
  root.free();
});

test('hold after counts-only calls: held, sent and dropped as a fresh guard decides', () => {
  const policy = { version: 1, extends: 'posthog', unknown_consent: 'hold' };
  const g = fresh({ policy });
  const big = { event: 'huge', t: 'jane@example.com é%40 '.repeat(16000) };
  g.redact(big);
  g.redact({ event: 'x', properties: { email: 'jane@example.com' } });
  const sent = [];
  assert.equal(g.hold({ event: 'x', properties: { email: 'jane@example.com' } }, (e) => sent.push(e)), 'held');
  g.setConsent({ analytics: true });
  const f = fresh({ policy, consent: { analytics: true } });
  assert.deepEqual(sent, [f.redact({ event: 'x', properties: { email: 'jane@example.com' } })]);
  g.free();
  f.free();
});
