// What the extension costs a page, and the paths that replaced redaction in the page. The engine
// lives in the service worker only: the MAIN-world script in every frame is a small interceptor
// (its size: tests/js/extension-size.test.mjs).
// - A page without telemetry sends the worker nothing and compiles no Wasm.
// - A page with telemetry compiles no Wasm either: the worker redacts, on a plain page and on a
//   strict-CSP one alike.
// - The unload path stays synchronous: a beacon, a keepalive fetch and fetchLater made at
//   pagehide, as the page's first telemetry, arrive redacted at the collector, never raw.
// - A request that can wait comes back redacted and the page sends it itself, so the SDK reads
//   the vendor's own answer: a configuration fetch gets the vendor's configuration (unknown
//   query parameters dropped), and a script on a configuration path loads; an async XHR and a
//   blob worker's fetch come back too, a synchronous XHR is handed over.
// - Where the worker cannot load the engine, telemetry is blocked and counted as failed.
// Every wait is on a condition (the collector's records, the worker's counts) but one: "nothing
// happened" is read after the page's load event and a settle time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../www/serve.mjs';
import { EXTENSION, launchWithExtension, collectorEndpoints, setSettings, waitUntil, settled, resetCounts, countsFor } from './extension.mjs';

const EMAIL = 'jane.doe@example.com';
const server = await startServer({ port: 0 });
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
const { context, worker } = await launchWithExtension();
await setSettings(worker, { level: 'strip', endpoints: collectorEndpoints(port) });
test.after(async () => {
  await context.close();
  server.close();
});

// Counts every way a page's realm can compile Wasm, from before any page script runs.
await context.addInitScript(() => {
  const counts = { compiled: 0 };
  Object.defineProperty(window, '__wasmCompiles', { value: counts });
  const W = WebAssembly;
  for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming', 'validate']) {
    const fn = W[name];
    if (typeof fn === 'function') W[name] = function (...args) { counts.compiled += 1; return fn.apply(this, args); };
  }
  const Module = W.Module;
  W.Module = new Proxy(Module, { construct(target, args, nt) { counts.compiled += 1; return Reflect.construct(target, args, nt); } });
});

const traffic = () => worker.evaluate(() => ({ relay: 0, redact: 0, receipt: 0, ...self.traffic }));
const resetTraffic = () => worker.evaluate(() => { if (self.traffic) Object.assign(self.traffic, { relay: 0, redact: 0, receipt: 0 }); });
const posthog = () => server.collector.records.filter((r) => r.vendor === 'posthog');

async function fresh() {
  server.collector.records.length = 0;
  await resetCounts(worker);
  await resetTraffic();
}

test('a page without telemetry sends the worker nothing and compiles no Wasm (every frame)', async () => {
  await fresh();
  const page = await context.newPage();
  await page.goto(`${base}/ordinary.html`, { waitUntil: 'load' });
  const frames = page.frames();
  assert.equal(frames.length, 2, 'the page and its frame');
  // Nothing is waited for: give a stray message time to arrive before reading "none came".
  await page.waitForTimeout(500);
  for (const f of frames) {
    assert.equal(await f.evaluate(() => window.__wasmCompiles.compiled), 0, `no Wasm compiled in ${f.url()}`);
    assert.equal(await f.evaluate(() => navigator.globalPrivacyControl), true, `GPC in ${f.url()}`);
  }
  await page.close();
  assert.deepEqual(await traffic(), { relay: 0, redact: 0, receipt: 0 }, 'no relay, redaction or receipt traffic');
  assert.equal(await countsFor(worker, '127.0.0.1'), null, 'nothing counted');
});

for (const csp of [false, true]) {
  const variant = csp ? 'strict CSP' : 'plain page';

  test(`${variant}: telemetry is redacted by the worker, and the page compiles no Wasm`, async () => {
    await fresh();
    const page = await context.newPage();
    await page.goto(`${base}/blank.html?${csp ? 'csp=strict&' : ''}x=1`);
    const answer = await page.evaluate(async (email) => {
      const res = await fetch('/posthog/e/', { method: 'POST', body: JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: 'hello', properties: { token: 'phc_TEST', note: `mail ${email}` } }] }) });
      return res.json();
    }, EMAIL);
    assert.deepEqual(answer, { status: 1 }, "the page reads the collector's answer");
    assert.equal(await page.evaluate(() => window.__wasmCompiles.compiled), 0, 'no Wasm compiled in the page');
    await page.close();
    await settled(worker);
    const records = posthog();
    assert.equal(records.length, 1);
    assert.ok(!records[0].text.includes(EMAIL) && records[0].body.batch[0].event === 'hello', 'redacted (strip), the event kept');
    const t = await traffic();
    assert.equal(t.redact, 1, 'redacted by the worker, sent by the page');
    assert.equal(t.relay, 0);
    assert.equal((await countsFor(worker, '127.0.0.1')).vendors.posthog.stripped, 1, 'counted once, as stripped');
  });

  test(`${variant}: a beacon, a keepalive fetch and fetchLater at pagehide, the page's first telemetry, arrive redacted`, async () => {
    await fresh();
    const page = await context.newPage();
    await page.goto(`${base}/blank.html?${csp ? 'csp=strict&' : ''}x=2`);
    await page.evaluate((email) => {
      const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', note: `mail ${email}`, $current_url: `${location.href}&email=${email}` } }] });
      addEventListener('pagehide', () => {
        navigator.sendBeacon('/posthog/e/', body('unload-beacon'));
        fetch('/posthog/e/', { method: 'POST', body: body('unload-keepalive'), keepalive: true }).catch(() => {});
        if (typeof fetchLater === 'function') fetchLater('/posthog/e/', { method: 'POST', body: body('unload-fetch-later') });
      });
    }, EMAIL);
    const later = await page.evaluate(() => typeof fetchLater === 'function');
    await page.goto('about:blank');
    const expected = later ? 3 : 2;
    await waitUntil(() => posthog().length >= expected, { message: `${expected} unload requests at the collector` });
    await settled(worker);
    await page.close();
    const records = posthog();
    const names = records.map((r) => r.body.batch[0].event).sort();
    assert.deepEqual(names, ['unload-beacon', ...(later ? ['unload-fetch-later'] : []), 'unload-keepalive']);
    for (const r of records) {
      assert.ok(!r.text.includes(EMAIL) && !r.text.includes('jane.doe%40'), `${r.body.batch[0].event} arrived raw: ${r.text}`);
      assert.ok(!r.text.includes('/blank.html'), 'the page path does not arrive (strip)');
    }
    assert.equal((await traffic()).relay, expected, 'handed over synchronously, sent by the worker');
  });

  test(`${variant}: a configuration request gets the vendor's answer, its query redacted; a script from a configuration path loads`, async () => {
    await fresh();
    const page = await context.newPage();
    await page.goto(`${base}/blank.html?${csp ? 'csp=strict&' : ''}x=3`);
    const config = await page.evaluate(async (email) => {
      const res = await fetch(`/posthog/array/phc_TEST/config?ip=1&exfil=SECRET-Q&token=${encodeURIComponent(email)}`);
      return res.json();
    }, EMAIL);
    assert.deepEqual(config.supportedCompression, ['gzip', 'gzip-js'], `the vendor's configuration reached the SDK: ${JSON.stringify(config)}`);
    const loaded = await page.evaluate(() => new Promise((ok) => {
      const s = document.createElement('script');
      s.onload = () => ok('load');
      s.onerror = () => ok('error');
      s.src = '/posthog/static/array.js?v=1&exfil=SECRET-S';
      document.head.append(s);
    }));
    await page.close();
    await settled(worker);
    const got = posthog();
    const cfg = got.find((r) => r.path === '/array/phc_TEST/config');
    assert.ok(cfg, 'the configuration request reached the vendor');
    assert.ok(!('exfil' in cfg.query) && !JSON.stringify(cfg.query).includes('jane'), `query redacted: ${JSON.stringify(cfg.query)}`);
    const script = got.find((r) => r.path === '/static/array.js');
    assert.ok(script, `the script was requested (${loaded})`);
    assert.ok(!('exfil' in script.query), `script query redacted: ${JSON.stringify(script.query)}`);
    assert.equal(loaded, 'load');
  });
}

test('an XHR (async and sync) and a blob worker\'s fetch are redacted by the worker too', async () => {
  await fresh();
  // A page without a CSP (a blob: worker needs one that allows it), sending to the collector.
  const open = await startServer({ port: 0, csp: null });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${open.address().port}/blank.html?x=4`);
  const out = await page.evaluate(async ([email, collector]) => {
    const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', note: `mail ${email}` } }] });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', collector);
    const answered = new Promise((ok) => { xhr.onload = () => ok(xhr.responseText); xhr.onerror = () => ok('error'); });
    xhr.send(body('xhr-async'));
    const asyncAnswer = await answered;
    const sync = new XMLHttpRequest();
    sync.open('POST', collector, false);
    sync.send(body('xhr-sync'));
    const source = `fetch(${JSON.stringify(collector)}, { method: 'POST', body: ${JSON.stringify(body('worker'))} }).then((r) => r.text()).then((t) => postMessage(t), (e) => postMessage('error ' + e));`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const workerAnswer = await new Promise((ok) => {
      worker.onmessage = (e) => ok(e.data);
      worker.onerror = (e) => ok(`worker error ${e.message}`);
      setTimeout(() => ok('timeout'), 10000);
    });
    return { asyncAnswer, syncStatus: sync.status, workerAnswer };
  }, [EMAIL, `${base}/posthog/e/`]);
  await page.close();
  open.close();
  assert.deepEqual(JSON.parse(out.asyncAnswer), { status: 1 }, "the async XHR reads the collector's answer");
  assert.equal(out.syncStatus, 200, 'the sync XHR is answered at once (its copy goes through the worker)');
  assert.deepEqual(JSON.parse(out.workerAnswer), { status: 1 }, `the worker's fetch reads the collector's answer: ${out.workerAnswer}`);
  await waitUntil(() => posthog().length >= 3, { message: 'three requests at the collector' });
  await settled(worker);
  const records = posthog();
  assert.deepEqual(records.map((r) => r.body.batch[0].event).sort(), ['worker', 'xhr-async', 'xhr-sync']);
  assert.ok(records.every((r) => !r.text.includes(EMAIL)), 'each one redacted');
  const t = await traffic();
  assert.deepEqual([t.redact, t.relay], [2, 1], 'the async XHR and the worker answered, the sync XHR relayed');
});

test('fail closed: where the worker cannot load the engine, telemetry is blocked, never sent raw', async () => {
  // The same extension without its .wasm file.
  const dir = mkdtempSync(join(tmpdir(), 'cg-noengine-'));
  cpSync(EXTENSION, dir, { recursive: true });
  rmSync(join(dir, 'wasm'), { recursive: true });
  const broken = await launchWithExtension({ path: dir });
  try {
    await setSettings(broken.worker, { level: 'strip', endpoints: collectorEndpoints(port) });
    server.collector.records.length = 0;
    const page = await broken.context.newPage();
    await page.goto(`${base}/blank.html?x=5`);
    const outcome = await page.evaluate(async (email) => {
      const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { note: `mail ${email}` } }] });
      const beacon = navigator.sendBeacon('/posthog/e/', body('beacon'));
      const fetched = await fetch('/posthog/e/', { method: 'POST', body: body('fetch') }).then((r) => `status ${r.status}`, (e) => e.name);
      return { beacon, fetched };
    }, EMAIL);
    await page.goto('about:blank');
    await settled(broken.worker);
    const counts = await waitUntil(async () => {
      const c = await countsFor(broken.worker, '127.0.0.1');
      return c?.requests >= 2 && c;
    }, { message: 'both requests counted' });
    assert.equal(outcome.fetched, 'TypeError', 'the fetch fails as a blocked request does');
    assert.equal(counts.failed, 2, `counted as failed: ${JSON.stringify(counts)}`);
    assert.deepEqual(posthog(), [], 'nothing reached the collector');
  } finally {
    await broken.context.close();
  }
});
