// attack14: the default entry `consent-guard` now fetches its .wasm (compileStreaming when the
// type is application/wasm, else fetch + compile). tests/e2e/sdks.test.mjs drives the six SDK
// pages only through `consent-guard/sync` (embedded module) and fails its load only with a CSP;
// the packaging tests load the default entry only when it works. This runs the same six SDK
// pages (www/sdk/<sdk>.js, unchanged) bundled as an app bundles the default entry (esbuild
// --format=esm, the .wasm next to the bundle, every `consent-guard/sync` import resolved to
// `consent-guard`), hook route, consent `all` (the most that can be sent), and breaks the .wasm
// request the ways real deployments do:
//   404        the file was not shipped (esbuild/Rollup do not copy it)
//   html       an SPA fallback answers 200 text/html for any path (the non-streaming compile path)
//   abort      fetch rejects (offline, an extension's blocker, a CSP connect-src)
//   slow       the file arrives 2.5 s late: the page acts and the SDKs send while not ready
// Expected: with a failed load, no event and nothing planted reaches the collector (Sentry and
// the interceptor: no request at all); with a late load, nothing arrives before the engine is
// ready and nothing planted arrives after. A regression guard for the loader + integrations
// ("Events queued before ready must be dropped or redacted, never released raw"); it found no leak.
//
// Class: load failure / late load on the hook route. Consent: all. Route: hook.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, wireText, sleep } from './attack12-support.mjs';
import { bundle } from './attack14-fixtures/support.mjs';

const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
const QUERY = 'utm_source=newsletter&token=CGLOAD14TOK&email=cgload14.jane%40example.com';
// Planted by www/sdk/page.js (CANARY) and the query above: never sent, whatever the consent.
const ALWAYS_GONE = ['CGLOAD14TOK', 'cgload14.jane', 'jane.doe@example.com', 'jane.doe%40example.com', '4111111111111111',
  '4111 1111 1111 1111', '415 555 0132', 'failed for jane.doe'];

await bundle(Object.fromEntries(SDKS.map((s) => [s, `www/sdk/${s}.js`])), { format: 'esm', syncToDefault: true, module: true, dir: 'load' });
const env = await start();
test.after(() => env.close());

const MODES = {
  404: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
  html: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body>app shell</body></html>' }),
  abort: (route) => route.abort('failed'),
  slow: async (route) => {
    await sleep(2500);
    await route.continue();
  },
};

async function run(sdk, mode) {
  env.server.collector.records.length = 0;
  const context = await env.browser.newContext();
  const page = await context.newPage();
  let wasmRequests = 0;
  await page.route('**/dist/attack14/load/wasm/consent_guard_bg.wasm', (route) => {
    wasmRequests++;
    return MODES[mode](route);
  });
  await page.goto(`${env.base}/dist/attack14/load/${sdk}.html?route=hook&consent=all&${QUERY}`);
  await page.waitForFunction(() => window.__cg, null, { timeout: 10000 });
  // Act while the engine is not ready yet (slow) or never will be (the others).
  await page.waitForTimeout(900);
  await page.click('#act-email');
  await page.waitForFunction(() => window.__cg.readyAt || window.__cg.failed, null, { timeout: 15000 });
  await page.evaluate(() => Promise.race([window.__flush?.(), new Promise((r) => setTimeout(r, 2500))]));
  await page.waitForTimeout(600);
  const state = await page.evaluate(() => ({ readyAt: window.__cg.readyAt, failed: window.__cg.failed }));
  await page.goto('about:blank');
  await page.waitForTimeout(500);
  await context.close();
  return { state, wasmRequests, records: env.records(sdk) };
}

for (const sdk of SDKS) {
  test(`${sdk}, default entry, .wasm load fails (404, SPA html, fetch rejected): nothing raw, no event`, async () => {
    for (const mode of ['404', 'html', 'abort']) {
      const { state, wasmRequests, records } = await run(sdk, mode);
      assert.ok(wasmRequests > 0, `${mode}: the default entry fetched its .wasm`);
      assert.equal(state.failed, 'MODULE_LOAD_FAILED', `${mode}: createGuard rejected`);
      const text = wireText(records, { skipHeaders: ['referer', 'cookie'] });
      const leaked = ALWAYS_GONE.filter((c) => text.includes(c));
      assert.deepEqual(leaked, [], `${mode}: reached the collector`);
      if (sdk === 'sentry') assert.equal(records.length, 0, `${mode}: Sentry's guarded transport sends nothing`);
      assert.equal(records.reduce((n, r) => n + r.events, 0), 0, `${mode}: no event is sent`);
    }
  });

  test(`${sdk}, default entry, .wasm 2.5 s late: nothing before ready, nothing planted after`, async () => {
    const { state, records } = await run(sdk, 'slow');
    assert.equal(state.failed, null, 'the engine started');
    for (const r of records) assert.ok(r.at >= state.readyAt, `${r.path} arrived ${state.readyAt - r.at} ms before the engine was ready`);
    const text = wireText(records, { skipHeaders: ['referer', 'cookie'] });
    const leaked = ALWAYS_GONE.filter((c) => text.includes(c));
    assert.deepEqual(leaked, [], 'reached the collector');
    assert.ok(records.reduce((n, r) => n + r.events, 0) > 0, 'events held while loading arrive, redacted');
  });
}
