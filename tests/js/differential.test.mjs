// Seam 1, against the reader that matters: JavaScript's own JSON.parse. Bodies with repeated and
// escaped keys at every level, redacted as raw text (redactJson, redactBody), must come out as
// the same policy makes of JSON.parse's reading of them (redact on the parsed object). Then
// nothing the policy removes from what a collector reads can be in what is sent. Seeded; set
// DIFF_SEED to reproduce a case.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync, presetNames } from 'consent-guard';

const SEED = Number(process.env.DIFF_SEED ?? 20261130);
const CASES = Number(process.env.DIFF_CASES ?? 400);

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

const KEYS = ['batch', 'events', 'event', 'event_type', 'type', 'name', 'properties', '$current_url', '$referrer', '$set',
  '$snapshot', 'title', 'email', 'context', 'page', 'url', 'traits', 'user_properties', 'event_properties',
  '[Amplitude] Page Location', 'attributes', 'data', 'timestamp', 'user', 'request', 'note', '__proto__'];
const STRINGS = ['$pageview', '$snapshot', 'checkout', 'transaction', 'span', 'identify', 'https://shop.example.com/p?token=TOK9&utm_source=mail',
  'jane.doe@example.com', '+1 415 555 0132', '4111 1111 1111 1111', 'Jane Doe', 'plain', ''];

/** Writes a random JSON text whose objects may repeat keys and spell them with \u escapes. */
function body(r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const key = () => {
    const k = pick(KEYS);
    return r() < 0.3 ? [...k].map((c) => (/[a-z]/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('') : JSON.stringify(k).slice(1, -1);
  };
  const value = (depth) => {
    const x = r();
    if (depth > 4 || x < 0.35) return x < 0.1 ? String(Math.floor(r() * 1e6)) : x < 0.15 ? 'null' : JSON.stringify(pick(STRINGS));
    if (x < 0.5) return `[${Array.from({ length: Math.floor(r() * 3) }, () => value(depth + 1)).join(',')}]`;
    const n = Math.floor(r() * 6);
    return `{${Array.from({ length: n }, () => `"${key()}":${value(depth + 1)}`).join(',')}}`;
  };
  const inner = value(1);
  const event = `{"event":${JSON.stringify(pick(STRINGS))},"properties":${value(2)},"${key()}":${value(2)},"event":${JSON.stringify(pick(STRINGS))}}`;
  return r() < 0.5 ? `{"${key()}":${inner},"batch":[],"batch":[${event},${value(1)}]}` : `[${event},${inner}]`;
}

const CONSENTS = [{}, { analytics: true }, { analytics: true, functional: true, personalization: true, marketing: true }];

test('a raw body is redacted as JSON.parse reads it', () => {
  const r = rng(SEED);
  const guards = presetNames().flatMap((preset) => CONSENTS.map((consent) => ({ preset, consent, guard: createGuardSync({ preset, consent }) })));
  for (let i = 0; i < CASES; i++) {
    const raw = body(r);
    const reading = JSON.parse(raw);
    for (const { preset, consent, guard } of guards) {
      const want = guard.redact(reading);
      const asText = guard.redactJson(raw);
      const where = `case ${i} (DIFF_SEED=${SEED}), ${preset} ${JSON.stringify(consent)}: ${raw}`;
      assert.deepStrictEqual(asText === null ? null : JSON.parse(asText), want, where);
      const asBody = guard.redactBody(raw).body;
      assert.deepStrictEqual(asBody === null ? null : JSON.parse(new TextDecoder().decode(asBody)), want, `body ${where}`);
    }
  }
});
