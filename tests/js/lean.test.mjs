// consent-guard/lean: the hook route's entry, with the module built without the request-body
// codecs and signal decoders. It must redact every event exactly as the whole module does, and
// refuse (never pass raw) what it cannot read. This file's realm loads only the lean module; the
// whole module's answers come from a worker, which is a realm of its own.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as lean from 'consent-guard/lean';
import { outcomes } from './support/outcomes.mjs';

function wholeModuleOutcomes() {
  const source = `
    import { workerData, parentPort } from 'node:worker_threads';
    const entry = await import(workerData.entry);
    const { outcomes } = await import(workerData.support);
    const probe = (await entry.createGuard({ preset: 'scan-all' })).redactBody('{"a":1}');
    parentPort.postMessage({ outcomes: await outcomes(entry), readsBodies: probe.body !== null });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
      workerData: { entry: import.meta.resolve('consent-guard'), support: new URL('./support/outcomes.mjs', import.meta.url).href },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

test('the lean module redacts every fixture event and body exactly as the whole module does', async () => {
  const [mine, { outcomes: whole, readsBodies }] = await Promise.all([outcomes(lean), wholeModuleOutcomes()]);
  assert.ok(readsBodies, 'the worker ran the whole module');
  assert.ok(mine.length > 1000, `compared ${mine.length} outcomes`);
  assert.equal(mine.length, whole.length);
  for (let i = 0; i < mine.length; i++) assert.equal(mine[i], whole[i], `outcome ${i} differs`);
});

test('request bodies are refused, never passed raw, and the receipt says why', async () => {
  const guard = await lean.createGuard({ preset: 'posthog', consent: { analytics: true } });
  const raw = JSON.stringify({ event: '$pageview', properties: { email: 'jane@example.com' } });
  for (const body of [raw, new TextEncoder().encode(raw), '\u001f\u008b', 'data=eyJ']) {
    const out = guard.redactBody(body, { allowOpaque: true });
    assert.equal(out.body, null);
    assert.equal(out.receipt.kept, false);
    assert.deepEqual(out.receipt.dropped.map((d) => [d.reason, d.detail]),
      [['unreadable_body', "the lean module (consent-guard/lean) reads no request bodies: import 'consent-guard' instead in this page"]]);
  }
  const req = guard.redactRequest({ path: '/e/', query: 'data=eyJ&email=jane@example.com', params: ['data'], headers: [['x-user', 'jane@example.com']], body: raw });
  assert.deepEqual([req.body, req.query, req.headers], [null, '', []]);
  assert.equal(req.receipt.dropped[0].reason, 'unreadable_body');
  assert.equal(guard.counters.dropped_by_reason.unreadable_body, 5, 'each refusal is counted');
  // The refusal does not stick: events still go through.
  assert.equal(guard.redact({ event: 'x', properties: { email: 'jane@example.com' } }).properties.email, '[email]');
});

test('consent signals are not decoded: the answer decides nothing but necessary, with an error, and never throws', async () => {
  const guard = await lean.createGuard({ preset: 'posthog', consent: { analytics: true } });
  const result = guard.consentFromSignals({ gpc: true, app: { analytics: true } });
  assert.equal(result.error.code, 'FEATURE_UNAVAILABLE');
  assert.match(result.error.message, /lean/);
  assert.deepEqual(Object.entries(result.consent).filter(([, d]) => d !== 'unknown'), [], 'nothing granted or denied');
  assert.deepEqual(Object.keys(result.consent).sort(), guard.purposes.filter((p) => p !== 'necessary').sort());
  guard.setConsent(result.consent); // as the README applies it
  assert.equal(guard.redact({ event: 'x' }), null, 'an app that applies the answer sends nothing it has no grant for');
  assert.throws(() => guard.consentFromSignals('gpc'), { code: 'SIGNALS_INVALID' }, 'bad input is still an error');
});

test('the entry offers the hook route only: what it exports is what lean.d.ts lists, all declared by the default entry', () => {
  const dts = readFileSync(new URL('../../pkg/lean.d.ts', import.meta.url), 'utf8');
  const listed = [...dts.matchAll(/^ {2}(\w+),$/gm)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(lean).sort(), listed);
  const index = readFileSync(new URL('../../pkg/index.d.ts', import.meta.url), 'utf8');
  for (const name of listed) assert.match(index, new RegExp(`^export declare (class|function|const) ${name}\\b`, 'm'), name);
  for (const absent of ['intercept', 'followSignals', 'consentFromSignals', 'readSignals']) assert.ok(!(absent in lean), absent);
});

test('both modules share one glue: their imports and exports are the same', () => {
  const read = (f) => new WebAssembly.Module(readFileSync(new URL(`../../pkg/wasm/${f}`, import.meta.url)));
  const [whole, leanModule] = [read('consent_guard_bg.wasm'), read('consent_guard_lean_bg.wasm')];
  const shape = (m) => JSON.stringify([WebAssembly.Module.imports(m), WebAssembly.Module.exports(m)]);
  assert.equal(shape(leanModule), shape(whole));
  assert.ok(readFileSync(new URL('../../pkg/wasm/consent_guard_lean_bg.wasm', import.meta.url)).length
    < readFileSync(new URL('../../pkg/wasm/consent_guard_bg.wasm', import.meta.url)).length * 0.9, 'the lean module is smaller');
});
