// The channel inventory (tests/fixtures/captures/inventory.json) against the captured fixtures
// (tests/fixtures/captures/<sdk>/*.json, written by scripts/capture-sdk-traffic.mjs): the
// inventory has the shape consumers rely on, every channel a fixture shows is in the inventory,
// and every channel in the inventory has at least one fixture. No browser needed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { compileEndpoints, classify } from 'consent-guard/endpoints';
import * as integrations from 'consent-guard/integrations';
import { inventoryTable } from '../../scripts/inventory-table.mjs';

const DIR = new URL('../fixtures/captures/', import.meta.url);
const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
const TRANSPORTS = ['fetch', 'fetch-keepalive', 'xhr', 'beacon', 'image', 'script', 'unknown'];
const inventory = JSON.parse(readFileSync(new URL('inventory.json', DIR), 'utf8'));
const summary = JSON.parse(readFileSync(new URL('summary.json', DIR), 'utf8'));

function fixtures(sdk) {
  const dir = new URL(`${sdk}/`, DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: `${sdk}/${f}`, ...JSON.parse(readFileSync(new URL(f, dir), 'utf8')) }));
}

test('the inventory covers the six SDKs', () => {
  assert.equal(typeof inventory.about, 'string');
  assert.deepEqual(Object.keys(inventory.sdks).sort(), [...SDKS].sort());
});

for (const sdk of SDKS) {
  const entry = inventory.sdks[sdk];
  const files = fixtures(sdk);

  test(`${sdk}: inventory shape`, () => {
    assert.equal(typeof entry.package, 'string');
    assert.ok(Array.isArray(entry.production_hosts) && entry.production_hosts.length > 0, 'production_hosts');
    for (const kind of ['localStorage', 'sessionStorage', 'cookies']) assert.ok(Array.isArray(entry.storage_observed?.[kind]), `storage_observed.${kind}`);
    assert.ok(Array.isArray(entry.not_captured), 'not_captured');
    for (const n of entry.not_captured) assert.ok(n.feature && n.why, 'not_captured entries say what and why');
    assert.ok(entry.channels.length > 0);
    const ids = entry.channels.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'channel ids are unique');
    for (const c of entry.channels) {
      const at = `${sdk} ${c.id}`;
      assert.match(c.endpoint, /^\//, `${at}: endpoint is a path`);
      assert.match(c.method, /^(GET|POST)$/, `${at}: method`);
      assert.equal(typeof c.body, 'string', `${at}: body`);
      assert.notEqual(c.hook, 'TODO', `${at}: hook written (derive it from the SDK's source)`);
      assert.notEqual(c.bypasses_hooks, 'TODO', `${at}: bypasses_hooks written`);
      assert.ok(c.hook === null || (typeof c.hook === 'object' && c.hook.name && c.hook.sees && c.hook.source), `${at}: hook is null or {name, sees, source}`);
      assert.equal(typeof c.bypasses_hooks, 'string', `${at}: bypasses_hooks says how`);
      if (c.hook === null) assert.equal(typeof c.source, 'string', `${at}: a channel without a hook names its source file`);
      assert.ok(Array.isArray(c.nested_encodings), `${at}: nested_encodings`);
      for (const k of ['integration', 'interceptor']) {
        assert.ok(typeof c[k] === 'string' && c[k].length > 0 && c[k] !== 'TODO', `${at}: ${k} says what happens to this channel`);
      }
      // What the integration column names exists (an export of consent-guard/integrations), or it
      // says why there is none.
      const named = c.integration.match(/^[a-zA-Z]+/)[0];
      assert.ok(named in integrations || /^none|^fetched/.test(c.integration), `${at}: integration ${named} is an export`);
      const o = c.observed;
      assert.ok(o, `${at}: observed`);
      for (const k of ['paths', 'methods', 'transports', 'formats', 'variants', 'event_kinds']) assert.ok(Array.isArray(o[k]), `${at}: observed.${k}`);
      for (const t of o.transports) assert.ok(TRANSPORTS.includes(t), `${at}: transport ${t}`);
      assert.ok(Array.isArray(c.personal_data), `${at}: personal_data`);
      for (const p of c.personal_data) {
        assert.equal(typeof p.path, 'string');
        assert.ok(p.canaries.length > 0 && p.canaries.every((k) => k in summary.canaries), `${at}: ${p.path} names known canaries`);
      }
    }
  });

  test(`${sdk}: the endpoint table knows every path the inventory lists`, () => {
    const table = compileEndpoints([{ vendor: sdk, hosts: ['collector.test'], prefix: `/${sdk}` }], { builtin: false });
    for (const c of entry.channels) {
      for (const path of c.observed.paths) {
        const hit = classify(table, new URL(`https://collector.test/${sdk}${path}`));
        const want = c.method === 'GET' ? ['config', 'telemetry'] : ['telemetry'];
        assert.ok(hit && want.includes(hit.kind), `${sdk} ${c.id}: ${path} is ${hit?.kind ?? 'not telemetry'} to the interceptor`);
      }
    }
  });

  test(`${sdk}: fixtures are well-formed`, () => {
    assert.ok(files.length > 0, 'fixtures exist');
    for (const f of files) {
      assert.equal(f.sdk, sdk, f.file);
      for (const k of ['channel', 'method', 'path', 'format', 'transport', 'variant']) assert.equal(typeof f[k], 'string', `${f.file}: ${k}`);
      assert.equal(typeof f.query, 'object', `${f.file}: query`);
      assert.equal(typeof f.headers, 'object', `${f.file}: headers`);
      assert.ok(!/^(Basic|Bearer) (?!<redacted>)/.test(f.headers.authorization ?? ''), `${f.file}: authorization is redacted to its scheme`);
      assert.ok(Array.isArray(f.planted), `${f.file}: planted`);
      for (const p of f.planted) assert.ok(p.canary in summary.canaries && typeof p.where === 'string', `${f.file}: planted entry`);
      assert.ok(f.file.split('/')[1].match(/^\d{2,}-/), `${f.file}: named <nn>-<channel>.json`);
      assert.ok(JSON.stringify(f).length < 1.2 * 1024 * 1024, `${f.file}: size is capped`);
    }
  });

  test(`${sdk}: fixtures and inventory name the same channels`, () => {
    const inFixtures = new Set(files.map((f) => f.channel));
    const inInventory = new Set(entry.channels.map((c) => c.id));
    for (const c of inFixtures) assert.ok(inInventory.has(c), `channel ${c} was captured but is not in the inventory`);
    for (const c of inInventory) assert.ok(inFixtures.has(c), `channel ${c} is in the inventory but no fixture shows it`);
    for (const f of files) {
      const c = entry.channels.find((x) => x.id === f.channel);
      assert.ok(c.observed.methods.includes(f.method), `${f.file}: method ${f.method} is in the inventory`);
      assert.ok(c.observed.formats.includes(f.format), `${f.file}: format ${f.format} is in the inventory`);
    }
  });
}

test('the README channel table is the inventory', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- channels:start -->');
  const end = readme.indexOf('<!-- channels:end -->');
  assert.ok(start > 0 && end > start, 'the README marks the channel table');
  assert.equal(readme.slice(start + '<!-- channels:start -->'.length, end).trim(), inventoryTable(inventory), 'regenerate it: node scripts/inventory-table.mjs');
});
