// Attack 9, class I in the shipped Wasm (Node): one event whose single string alternates hits
// of two detectors makes the engine's hit sort quadratic (see tests/attack_cost.rs for the
// native numbers and the other quadratic paths). Asserts a linear budget of 200 ns/byte; the
// ordinary control is ~10 ns/byte.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';

function nsPerByte(preset, consent, body) {
  const guard = createGuardSync({ preset, consent });
  const t = process.hrtime.bigint();
  const out = guard.redactJson(body);
  const ns = Number(process.hrtime.bigint() - t);
  guard.free();
  return { per: ns / body.length, ms: ns / 1e6, kept: out !== null };
}

test('control: a large ordinary string is linear', () => {
  const body = JSON.stringify({ event: 'x', properties: { t: 'the quick brown fox jumps over the lazy dog '.repeat(11000) } });
  const r = nsPerByte('scan-all', {}, body);
  console.log(`control: ${body.length} bytes, ${r.ms.toFixed(1)} ms, ${r.per.toFixed(1)} ns/byte`);
  assert.ok(r.per < 200);
});

test('email/IPv6 interleaved in one string: quadratic hit sort', () => {
  const body = JSON.stringify({ event: 'x', properties: { $el_text: 'a@b.co 1::2 '.repeat(41600) } });
  const r = nsPerByte('scan-all', {}, body);
  console.log(`email/ipv6: ${body.length} bytes, ${r.ms.toFixed(0)} ms, ${r.per.toFixed(0)} ns/byte`);
  assert.ok(r.per < 200, `${r.per.toFixed(0)} ns/byte (${r.ms.toFixed(0)} ms on the main thread for one event)`);
});

test('a crafted utm_source in $current_url (posthog preset): every pageview pays', () => {
  const url = `https://shop.example/?utm_source=${'a@b.co%201::2%20'.repeat(30000)}`;
  const body = JSON.stringify({ event: '$pageview', properties: { $current_url: url } });
  const r = nsPerByte('posthog', { analytics: true }, body);
  console.log(`utm_source: ${body.length} bytes, ${r.ms.toFixed(0)} ms, ${r.per.toFixed(0)} ns/byte`);
  assert.ok(r.per < 200, `${r.per.toFixed(0)} ns/byte (${r.ms.toFixed(0)} ms)`);
});
