// The JSON Schema in schema/ accepts every preset and example, and rejects what the loader
// rejects for shape reasons.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import Ajv from 'ajv';
import { presetNames, presetPolicy, validatePolicy } from 'consent-guard';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schema/policy.v1.schema.json', root)));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

test('presets and examples validate against the schema and load', () => {
  const policies = presetNames().map((n) => [n, presetPolicy(n)]);
  for (const f of readdirSync(new URL('schema/examples/', root))) {
    policies.push([f, JSON.parse(readFileSync(new URL(`schema/examples/${f}`, root)))]);
  }
  assert.ok(policies.length >= 10);
  for (const [name, policy] of policies) {
    assert.ok(validate(policy), `${name}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(validatePolicy(policy, { key: true }), [], name);
  }
});

test('shape errors are rejected by both the schema and the loader', () => {
  const bad = [
    { version: 2 },
    { version: 1, rulez: [] },
    { version: 1, rules: [{ id: 'a', select: 'x', denied: { type: 'mask2' } }] },
    { version: 1, rules: [{ id: 'a', select: 'x', denied: { type: 'mask', keep: 4 } }] },
    { version: 1, rules: [{ id: 'a', select: 'x', granted: { type: 'bucket' } }] },
    { version: 1, unlisted: 'maybe' },
    { version: 1, events: [{ id: 'e', match: '*' }] },
    { version: 1, limits: { max_depth: 0 } },
  ];
  for (const policy of bad) {
    assert.equal(validate(policy), false, JSON.stringify(policy));
    assert.notDeepEqual(validatePolicy(policy, { key: true }), [], JSON.stringify(policy));
  }
});
