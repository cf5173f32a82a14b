// Bad input at the JS boundary: a clear drop with a receipt, never a throw, a hang or raw output.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';

const guard = createGuardSync({ preset: 'scan-all' });
const dropped = (input) => {
  const { event, receipt } = guard.explain(input);
  assert.equal(event, null);
  assert.equal(receipt.kept, false);
  return receipt.dropped[0];
};

test('non-objects and invalid JSON', () => {
  for (const bad of [undefined, null, 42, true, Symbol('x'), () => 1]) {
    assert.equal(guard.redact(bad), null);
  }
  assert.equal(dropped('{"a":').reason, 'invalid_event');
  assert.match(dropped('{"a":').detail, /invalid JSON at byte 5/);
  assert.equal(dropped('"text"').reason, 'invalid_event');
});

test('cyclic objects, BigInt and Map are refused with a reason; Date becomes ISO text', () => {
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  assert.deepEqual(dropped(cyclic), { path: '', reason: 'invalid_event', detail: 'cyclic object' });
  assert.equal(dropped({ n: 10n }).detail, 'BigInt value');
  assert.equal(dropped({ m: new Map([['email', 'jane@example.com']]) }).detail, 'Map value');
  assert.equal(dropped({ s: new Set(['jane@example.com']) }).detail, 'Set value');
  assert.deepEqual(guard.redact({ at: new Date(Date.UTC(2026, 10, 22, 14, 33)) }), { at: '2026-11-22T14:33:00.000Z' });
});

test('100 000 levels of nesting', () => {
  let deep = {};
  const root = deep;
  for (let i = 0; i < 100_000; i++) deep = deep.a = {};
  const d = dropped(root);
  assert.equal(d.reason, 'invalid_event');
  assert.match(d.detail, /nesting|serializ/);
  const text = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.deepEqual(dropped(text), { path: '', reason: 'limit', detail: 'max_depth' });
});

test('a 10 MB string is dropped by the size limit, fast', () => {
  const t = performance.now();
  const d = dropped({ message: 'x'.repeat(10 << 20) + ' jane@example.com' });
  assert.deepEqual(d, { path: '', reason: 'limit', detail: 'max_event_bytes' });
  assert.ok(performance.now() - t < 5000);
});

test('__proto__ and constructor keys stay data and pollute nothing', () => {
  const input = JSON.parse('{"__proto__":{"polluted":"jane@example.com"},"constructor":{"prototype":{"x":1}}}');
  const out = guard.redact(input);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__').value, { polluted: '[email]' });
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.x, undefined);
});

test('lone surrogates survive untouched fields; nothing throws', () => {
  const out = guard.redact({ a: '\ud800x', b: '\udfff jane@example.com', c: '😀' });
  assert.equal(out.a, '\ud800x');
  assert.equal(out.c, '😀');
  assert.ok(!out.b.includes('jane'));
});
