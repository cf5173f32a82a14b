// Red team 19 through the built Wasm (pkg/): JSON held in a string failed open (fixed) where plain JSON
// fails closed. Native reproducers and the analysis: tests/attack19_nested_limits.rs,
// tests/attack19_nested_rule_context.rs.
//
// - JSON text deeper than limits.max_depth, or a 4th level of JSON in a string, is scanned as
//   text: field rules (every preset's **.last_name / **.street) do not apply.
// - A field rule's keys action does not reach JSON text held at the selected field.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';

const PRESETS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel'];
const INNER = { last_name: 'Doe', street: '12 Elm Road' };

function leaks(text) {
  return text.includes('Doe') || text.includes('Elm');
}

test('control: three levels of JSON in strings get the field rules', () => {
  let p = JSON.stringify(INNER);
  for (let i = 0; i < 2; i++) p = JSON.stringify({ x: p });
  for (const preset of PRESETS) {
    const g = createGuardSync({ preset, consent: { analytics: true } });
    const out = g.redactJson(JSON.stringify({ event: 'x', type: 'event', properties: { p } })) ?? '';
    assert.ok(!leaks(out), `${preset}: ${out}`);
    g.free();
  }
});

test('a 4th level of JSON in a string does not go out with field rules unapplied', () => {
  let p = JSON.stringify(INNER);
  for (let i = 0; i < 3; i++) p = JSON.stringify({ x: p });
  for (const preset of PRESETS) {
    const g = createGuardSync({ preset, consent: { analytics: true } });
    const out = g.redactJson(JSON.stringify({ event: 'x', type: 'event', properties: { p } })) ?? '';
    assert.ok(!leaks(out), `${preset}: ${out}`);
    g.free();
  }
});

test('JSON over max_depth held in a string is not sent as text (explain says why)', () => {
  let deep = INNER;
  for (let i = 0; i < 70; i++) deep = [deep];
  for (const preset of PRESETS) {
    const g = createGuardSync({ preset, consent: { analytics: true } });
    const text = JSON.stringify({ event: 'x', type: 'event', properties: { p: JSON.stringify(deep) } });
    const { event, receipt } = g.explain(text);
    assert.ok(!leaks(event ?? ''), `${preset}: ${event} / ${JSON.stringify(receipt)}`);
    g.free();
  }
});

test('keys: hash reaches JSON text held at the selected field', () => {
  const policy = { version: 1, rules: [{ id: 'k', select: '**.attrs', keys: { type: 'hash' } }] };
  const g = createGuardSync({ policy, key: new Uint8Array(32).fill(7) });
  assert.ok(!g.redactJson(JSON.stringify({ attrs: { 'Jane Doe': 1 } })).includes('Jane Doe'), 'control');
  const out = g.redactJson(JSON.stringify({ attrs: JSON.stringify({ 'Jane Doe': 1 }) }));
  assert.ok(!out.includes('Jane Doe'), out);
  g.free();
});
