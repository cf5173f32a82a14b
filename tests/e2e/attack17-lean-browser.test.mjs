// attack17: consent-guard/lean in headless Chromium, unbundled (the package served at /pkg/ by
// www/serve.mjs), pages and their modules made per test (page.route). Checks which .wasm file a
// page fetches, what a page that imports both the lean and the default entry gets, and the lean
// entry's load failures (a CSP without 'wasm-unsafe-eval', 404, an SPA fallback, a wrong type).
//
// Class: mixed entries / load order (found: the first load decides, so the default entry must
// fail closed on the lean module; README corrected); load failures, lean-only fetches (held).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, CSP, STRICT_CSP } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
test.after(async () => {
  await browser.close();
  server.close();
});

/**
 * Opens a page whose `<script type=module>` tags are `scripts` (file name → source, in order),
 * served under /attack17/ with `csp`. `wasm` (optional) answers requests for the lean .wasm.
 * Resolves with window.__r once it is set, and the .wasm paths requested.
 */
async function run(scripts, { csp = CSP, wasm } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const wasmRequests = [];
  const errors = [];
  page.on('request', (r) => new URL(r.url()).pathname.endsWith('.wasm') && wasmRequests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(e.message));
  const names = Object.keys(scripts);
  await page.route(`${base}/attack17/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice('/attack17/'.length);
    if (name === 'page.html') {
      const tags = names.map((n) => `<script type="module" src="/attack17/${n}"></script>`).join('\n');
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': csp }, body: `<!doctype html><html><head>${tags}</head><body></body></html>` });
    }
    if (scripts[name] !== undefined) return route.fulfill({ status: 200, contentType: 'text/javascript', body: scripts[name] });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  if (wasm) await page.route(`${base}/pkg/wasm/consent_guard_lean_bg.wasm`, wasm);
  await page.goto(`${base}/attack17/page.html`);
  await page.waitForFunction(() => window.__r !== undefined, null, { timeout: 15_000 });
  await page.waitForTimeout(300); // a late .wasm request would show here
  const r = await page.evaluate(() => window.__r);
  await context.close();
  return { r, wasmRequests, errors };
}

const PROBE = `
  const r = {};
  const g = await createGuard({ preset: 'posthog', consent: { analytics: true } });
  try { r.signals = consentFromSignals({ gpc: true }).consent.sale_sharing; } catch (e) { r.signals = e.code; }
  const out = g.redactBody('{"event":"$pageview","properties":{"email":"jane@example.com"}}');
  r.body = out.body ? new TextDecoder().decode(out.body) : out.receipt.dropped[0].reason;
`;
const WHOLE_ANSWER = { signals: 'denied', body: '{"event":"$pageview","properties":{"email":"[email]"}}' };
// The default entry on the lean module: signals decide nothing, bodies are refused.
const LEAN_ANSWER = { signals: 'unknown', body: 'unreadable_body' };

test('held: a lean-only page (guard, integrations, redaction) fetches the lean .wasm once and never the whole module', async () => {
  const { r, wasmRequests, errors } = await run({
    'app.js': `import { createGuard } from '/pkg/lean.js';
      import { posthogBeforeSend, segmentPlugin, sentryHooks } from '/pkg/integrations.js';
      const guard = await createGuard({ preset: 'posthog', consent: { analytics: true } });
      const before = posthogBeforeSend(guard);
      window.__r = before({ event: '$pageview', properties: { email: 'jane@example.com', $current_url: 'https://s.example/?email=jane%40example.com' } });`,
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(wasmRequests, ['/pkg/wasm/consent_guard_lean_bg.wasm']);
  assert.ok(!JSON.stringify(r).includes('jane'), JSON.stringify(r));
});

// A page with one module script for its SDK hooks (lean) and one for intercept or signals
// (default entry) evaluates them in order: the first has started the load before the second
// registers the whole module's source, so the lean module stays (README: the first load
// decides), and the default entry fails closed on it.
test('two module scripts, hooks (lean) then the default entry: the lean module only, and the default entry fails closed', async () => {
  const { r, wasmRequests } = await run({
    'hooks.js': `import { createGuard } from '/pkg/lean.js';
      import { posthogBeforeSend } from '/pkg/integrations.js';
      window.before_send = posthogBeforeSend(createGuard({ preset: 'posthog', consent: { analytics: true } }));`,
    'signals.js': `import { consentFromSignals, createGuard } from '/pkg/index.js';
      ${PROBE} window.__r = r;`,
  });
  assert.deepEqual(r, LEAN_ANSWER, `fetched ${wasmRequests.join(', ')}`);
  assert.deepEqual(wasmRequests, ['/pkg/wasm/consent_guard_lean_bg.wasm']);
});

test('one graph, a lean module with a top-level await imported before \'consent-guard\': the lean module only, and the default entry fails closed', async () => {
  const { r, wasmRequests } = await run({
    'widget.js': `import { createGuard } from '/pkg/lean.js';
      export const guard = await createGuard({ preset: 'posthog', consent: { analytics: true } });`,
    'app.js': `import './widget.js'; import { consentFromSignals, createGuard } from '/pkg/index.js';
      ${PROBE} window.__r = r;`,
  });
  assert.deepEqual(r, LEAN_ANSWER, `fetched ${wasmRequests.join(', ')}`);
  assert.deepEqual(wasmRequests, ['/pkg/wasm/consent_guard_lean_bg.wasm']);
});

test('held: both entries imported before any guard is made: the whole module only', async () => {
  const { r, wasmRequests } = await run({
    'app.js': `import * as lean from '/pkg/lean.js'; import { consentFromSignals, createGuard } from '/pkg/index.js';
      await lean.createGuard({ preset: 'segment' });
      ${PROBE} window.__r = r;`,
  });
  assert.deepEqual(r, WHOLE_ANSWER);
  assert.deepEqual(wasmRequests, ['/pkg/wasm/consent_guard_bg.wasm']);
});

const FAIL_PAGE = {
  'app.js': `import { createGuard, blockTelemetry } from '/pkg/lean.js';
    import { posthogBeforeSend, sentryHooks } from '/pkg/integrations.js';
    const sent = [];
    const ready = createGuard({ preset: 'posthog', consent: { analytics: true } });
    const before = posthogBeforeSend(ready, { posthog: { capture: (...a) => sent.push(JSON.stringify(a)) } });
    const early = before({ event: '$pageview', properties: { email: 'jane@example.com' } });
    let failed = null;
    try { await ready; } catch (e) { failed = e.code; }
    const late = before({ event: '$pageview', properties: { email: 'jane@example.com' } });
    const hooks = sentryHooks(ready, {});
    const sentry = await hooks.beforeSend({ message: 'failed for jane@example.com' });
    blockTelemetry();
    let beacon = navigator.sendBeacon('https://us.i.posthog.com/e/', JSON.stringify({ email: 'jane@example.com' }));
    window.__r = { failed, early, late, sentry, sent, beacon };`,
};

test('held: lean under a CSP without wasm-unsafe-eval, a 404, an SPA fallback: createGuard rejects, the hooks withhold, blockTelemetry blocks', async () => {
  const cases = {
    csp: { csp: STRICT_CSP },
    404: { wasm: (route) => route.fulfill({ status: 404, body: 'nope' }) },
    html: { wasm: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>app shell' }) },
    truncated: { wasm: (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('\0asm\x01\0\0\0\x01') }) },
  };
  for (const [name, options] of Object.entries(cases)) {
    const { r } = await run(FAIL_PAGE, options);
    assert.deepEqual(r, { failed: 'MODULE_LOAD_FAILED', early: null, late: null, sentry: null, sent: [], beacon: false }, name);
  }
});

test('held: lean .wasm with a wrong content type still loads (compiled from the whole body) and redacts', async () => {
  const { r } = await run({
    'app.js': `import { createGuard } from '/pkg/lean.js';
      const g = await createGuard({ preset: 'posthog', consent: { analytics: true } });
      window.__r = g.redact({ event: 'x', properties: { email: 'jane@example.com' } });`,
  }, { wasm: async (route) => {
    const res = await route.fetch();
    return route.fulfill({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: await res.body() });
  } });
  assert.deepEqual(r, { event: 'x', properties: { email: '[email]' } });
});
