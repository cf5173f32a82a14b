// Seam 8: robust API edges. Detached buffers, freed guards and re-entrant calls fail closed
// with a code (INVALID_INPUT-style receipts, GUARD_FREED) or a dropped receipt: never a bare
// TypeError, never a raw event.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync, ConsentGuardError, intercept, followSignals, purge } from 'consent-guard';

const EVENT = { event: 'checkout', properties: { message: 'mail jane.doe@example.com' } };

function detached() {
  const buf = new ArrayBuffer(16);
  structuredClone(buf, { transfer: [buf] });
  return buf;
}

test('detached buffers are refused with a receipt', () => {
  const guard = createGuardSync({ preset: 'scan-all' });
  // Views made first, their buffer detached after: what a page hands over after a transfer.
  const buf = new ArrayBuffer(16);
  const views = [new Uint8Array(buf), new DataView(buf), new Float64Array(buf)];
  structuredClone(buf, { transfer: [buf] });
  for (const body of [detached(), ...views]) {
    const out = guard.redactBody(body);
    assert.equal(out.body, null);
    assert.equal(out.receipt.dropped[0].reason, 'invalid_event');
  }
  const req = guard.redactRequest({ body: detached() });
  assert.equal(req.body, null);
  assert.match(req.receipt.dropped[0].detail, /detached/);
});

test('a freed guard drops everything and says GUARD_FREED where it must throw', () => {
  const guard = createGuardSync({ preset: 'scan-all' });
  guard.free();
  guard.free(); // twice is fine
  assert.equal(guard.redact(EVENT), null);
  assert.equal(guard.redactJson(JSON.stringify(EVENT)), null);
  assert.equal(guard.explain(EVENT).receipt.dropped[0].detail, 'guard was freed');
  assert.equal(guard.redactBody('{"a":1}').body, null);
  assert.equal(guard.redactRequest({ body: '{"a":1}' }).body, null);
  for (const use of [() => guard.consent, () => guard.counters, () => guard.setConsent({ analytics: true }),
    () => guard.consentFromSignals({}), () => guard.forPreset('posthog'), () => intercept(guard, { window: {} }),
    () => followSignals(guard)]) {
    assert.throws(use, (e) => e instanceof ConsentGuardError && e.code === 'GUARD_FREED');
  }
});

test('intercept, followSignals and purge take a guard first, and say so otherwise', () => {
  for (const [name, fn] of [['intercept', intercept], ['followSignals', followSignals], ['purge', purge]]) {
    for (const notAGuard of [undefined, {}, { forPreset: () => ({}) }, { window: {} }]) {
      assert.throws(() => fn(notAGuard), (e) => e instanceof ConsentGuardError && e.code === 'OPTIONS_INVALID' && e.message.startsWith(`${name}: pass a guard`));
    }
  }
});

test('re-entrant calls from callbacks and toJSON fail closed or work, never corrupt', () => {
  let inner = null;
  const guard = createGuardSync({
    preset: 'scan-all',
    onReceipt: () => {
      // A receipt callback that redacts again gets a redacted result.
      if (inner === null) inner = guard.redact(EVENT);
    },
  });
  assert.equal(guard.redact(EVENT).properties.message, 'mail [email]');
  assert.equal(inner.properties.message, 'mail [email]');

  // An event whose toJSON frees the guard mid-call: dropped, with a receipt.
  const victim = createGuardSync({ preset: 'scan-all' });
  const sneaky = { event: 'x', message: 'jane.doe@example.com', toJSON() { victim.free(); return { ...this, toJSON: undefined }; } };
  const out = victim.explain(sneaky);
  assert.equal(out.event, null);
  assert.equal(out.receipt.dropped[0].reason, 'internal_error');

  // An event whose toJSON withdraws consent mid-call: the withdrawal already holds for it.
  const shifty = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const ev = { event: 'x', properties: {}, toJSON() { shifty.setConsent({ analytics: false }); return { event: 'x', properties: {} }; } };
  assert.equal(shifty.redact(ev), null);
  assert.equal(shifty.consent.analytics, 'denied');
});

test('a bad event name option is refused, not ignored', () => {
  const guard = createGuardSync({ preset: 'sentry', consent: {} });
  assert.equal(guard.redact({ message: 'x' }, { name: 42 }), null);
  // Named as an error event, it needs only necessary; unnamed, the catch-all needs analytics.
  assert.notEqual(guard.redact({ message: 'x' }, { name: 'event' }), null);
  assert.equal(guard.redact({ message: 'x' }), null);
});
