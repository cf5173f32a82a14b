// The www/ demo in headless Chromium: the package loads under the documented CSP, redacts the
// sample event, follows consent toggles live, and fails closed under a CSP without
// 'wasm-unsafe-eval'.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const browser = await launch();
test.after(() => browser.close());

async function serve(options) {
  const server = await startServer({ port: 0, ...options });
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

test('the demo redacts the sample and follows consent toggles', async () => {
  const { server, url } = await serve();
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    const response = await page.goto(url);
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Sent'));
    let after = await page.textContent('#after');
    assert.match(after, /utm_source=newsletter/);
    for (const secret of ['PAGETOKEN456', 'jane.doe@example.com', 'Jane Doe', '4111111111111111']) {
      assert.ok(!after.includes(secret), `${secret} leaked: ${after}`);
    }
    assert.ok((await page.textContent('#before')).includes('PAGETOKEN456'), 'the before panel shows the raw event');

    await page.uncheck('input[name=analytics]');
    assert.match(await page.textContent('#status'), /Dropped: consent \(missing analytics\)/);
    assert.match(await page.textContent('#after'), /^null/);

    await page.check('input[name=analytics]');
    await page.check('input[name=personalization]');
    after = await page.textContent('#after');
    assert.match(after, /"title": "Checkout - Jane Doe \(\[email\]\)"/, 'title kept but scanned');
    assert.match(after, /"\$set": \{\s+"email": "\[email\]"/, 'traits sent when granted, scanned like every kept string');

    const rows = await page.$$eval('#changes tr', (trs) => trs.map((tr) => tr.textContent));
    assert.ok(rows.some((r) => r.includes('posthog-urls')), rows.join('\n'));
    assert.ok(rows.every((r) => !r.includes('jane')), 'the receipt table holds no values');

    await page.selectOption('#preset', 'sentry');
    await page.waitForFunction(() => document.getElementById('after').textContent.includes('[card]'));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    server.close();
  }
});

test("without 'wasm-unsafe-eval' the module cannot compile, and every entry says so", async () => {
  const { server, url } = await serve({ csp: "script-src 'self'" });
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const codes = await page.evaluate(async () => {
      const out = {};
      // The default entry: nothing loaded yet, so createGuardSync cannot start; the fetch works
      // but compiling is refused.
      const m = await import('/pkg/index.js');
      try { m.createGuardSync({ preset: 'posthog' }); out.sync = 'returned'; } catch (e) { out.sync = e.code; }
      try { await m.createGuard({ preset: 'posthog' }); out.async = 'resolved'; } catch (e) { out.async = e.code; }
      // The sync entry compiles its embedded copy, which the policy refuses as well.
      const s = await import('/pkg/sync.js');
      try { s.createGuardSync({ preset: 'posthog' }); out.embedded = 'returned'; } catch (e) { out.embedded = e.code; }
      return out;
    });
    assert.deepEqual(codes, { sync: 'MODULE_NOT_LOADED', async: 'MODULE_LOAD_FAILED', embedded: 'MODULE_LOAD_FAILED' });
  } finally {
    await page.close();
    server.close();
  }
});
