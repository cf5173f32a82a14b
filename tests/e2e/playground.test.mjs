// The playground in headless Chromium: live policy validation, and the redaction diff with its
// receipt for the sample event.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

test('the playground validates the policy live and shows the diff and receipt', async () => {
  const server = await startServer({ port: 0 });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/playground.html`);
    await page.waitForFunction(() => document.getElementById('receipt').textContent.includes('"changes"'));
    const diff = (await page.$$eval('#diff div', (lines) => lines.map((l) => l.textContent))).join('\n');
    assert.match(diff, /^- .*PAGETOKEN456/m, 'the token is shown as removed');
    assert.match(diff, /^\+ .*utm_source=newsletter/m, 'the kept URL is shown as added');
    assert.ok(!/^\+ .*PAGETOKEN456/m.test(diff), 'the token is not in the output');
    assert.match(await page.textContent('#receipt'), /"rule": "posthog-urls"/);

    await page.fill('#policy', '{"version": 1, "rules": [{"id": "r", "select": "a..b"}]}');
    await page.waitForFunction(() => document.getElementById('diagnostics').textContent.includes('BAD_SELECTOR'));
    assert.match(await page.textContent('#diagnostics'), /BAD_SELECTOR at rules\[0\]\.select in rule r/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
