// Red team 18 findings (fixed) as the built Wasm (pkg/) runs them through the JS API. Native
// reproducers and the analysis: tests/attack18_nested_duplicates.rs,
// tests/attack18_receipt_paths.rs.
//
// 1. Leak: JSON (or gzip) held in a string with a repeated key keeps its earlier, unscanned
//    value when nothing else in it changes (`Nested::Unchanged` sends the original string).
// 2. Receipt holds a value: a repeated key's `@json duplicate_key` note prints the key as the
//    page wrote it, which the output rewrote (posthog's scan.urls) — explain() and onReceipt
//    hand the token to the page's receipt sink.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, gunzipSync } from 'node:zlib';
import { createGuardSync } from 'consent-guard';

const PRESETS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel', 'scan-all'];
const ALL = { analytics: true, functional: true, personalization: true, marketing: true };

test('control: an email in JSON held in a string is redacted', () => {
  for (const preset of PRESETS) {
    const g = createGuardSync({ preset, consent: ALL });
    const out = g.redact({ event: 'x', properties: { p: '{"a":"jane@example.com"}' } });
    assert.ok(!JSON.stringify(out).includes('jane@example.com'), preset);
    g.free();
  }
});

test('a repeated key in JSON held in a string does not carry a raw value out (redact, redactJson)', () => {
  const inner = '{"a":"jane@example.com","a":"nothing"}';
  for (const preset of PRESETS) {
    const g = createGuardSync({ preset, consent: ALL });
    const out = JSON.stringify(g.redact({ event: 'x', properties: { p: inner } }));
    assert.ok(!out.includes('jane@example.com'), `${preset} redact: ${out}`);
    const text = g.redactJson(JSON.stringify({ event: 'x', properties: { p: inner } }));
    assert.ok(!text.includes('jane@example.com'), `${preset} redactJson: ${text}`);
    g.free();
  }
});

test('a repeated key in gzip held in a latin1 string does not carry a raw value out', () => {
  const inner = '{"note":"jane@example.com","note":"ok"}';
  const blob = String.fromCharCode(...gzipSync(inner));
  for (const preset of PRESETS) {
    const g = createGuardSync({ preset, consent: ALL });
    const out = g.redact({ event: 'x', properties: { blob } });
    g.free();
    const kept = out?.properties?.blob;
    if (typeof kept !== 'string') continue;
    const inflated = gunzipSync(Buffer.from([...kept].map((c) => c.charCodeAt(0)))).toString();
    assert.ok(!inflated.includes('jane@example.com'), `${preset}: ${inflated}`);
  }
});

test('a repeated URL key does not hand its query to explain() or onReceipt', () => {
  const seen = [];
  const g = createGuardSync({ preset: 'posthog', consent: { analytics: true }, onReceipt: (r) => seen.push(r) });
  const text = '{"event":"x","properties":{"/checkout?token=SECRET":1,"/checkout?token=SECRET":2}}';
  const { event, receipt } = g.explain(text);
  assert.ok(!event.includes('SECRET'), `the output is clean: ${event}`);
  assert.ok(!JSON.stringify(receipt).includes('SECRET'), `explain receipt: ${JSON.stringify(receipt)}`);
  g.redactJson(text);
  assert.ok(!JSON.stringify(seen).includes('SECRET'), `onReceipt: ${JSON.stringify(seen)}`);
  g.free();
});

// 3. A rule silently stops applying: `keys: replace` records no change, so JSON held in a
//    string whose only change is a replaced key is sent as the original string
//    (tests/attack18_keys_replace.rs).
test('keys: replace applies inside JSON held in a string', () => {
  const policy = { version: 1, rules: [{ id: 'k', select: '**.attrs', keys: { type: 'replace', with: 'key' } }] };
  const g = createGuardSync({ policy });
  assert.deepEqual(g.redact({ event: 'x', attrs: { 'Jane Doe': 1 } }), { event: 'x', attrs: { key: 1 } }, 'control: top level');
  const out = JSON.stringify(g.redact({ event: 'x', p: JSON.stringify({ attrs: { 'Jane Doe': 1 } }) }));
  assert.ok(!out.includes('Jane Doe'), `nested: ${out}`);
  g.free();
});
