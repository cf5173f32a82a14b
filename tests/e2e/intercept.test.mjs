// intercept(guard) in Chromium beyond the SDK matrix: the classic-script snippet at the top of
// <head> (before an SDK that caches fetch), beacons with Blob bodies, and same-origin iframes
// whose own fetch a script takes (as Sentry does when window.fetch does not look native).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
test.after(async () => {
  await browser.close();
  server.close();
});

async function settle(page, count) {
  await page.waitForFunction(async (n) => (await (await fetch('/__collector?vendor=posthog')).json()).length >= n, count, { timeout: 5000 });
  return server.collector.records.filter((r) => r.vendor === 'posthog');
}

function eventsOf(records) {
  return records.flatMap((r) => r.body?.batch ?? []);
}

test('the <head> snippet covers a later SDK that cached fetch, and its beacons', async () => {
  server.collector.records.length = 0;
  const page = await browser.newPage();
  await page.goto(`${base}/head/index.html?token=PAGETOKEN456&utm_source=n`);
  assert.equal(await page.evaluate(() => typeof window.consentGuardInstance), 'object', 'the engine started in <head>');
  await page.evaluate(() => window.sendTelemetry());
  assert.equal(await page.evaluate(() => window.sendBeaconTelemetry()), true);
  const events = eventsOf(await settle(page, 2));
  assert.equal(events.length, 2);
  for (const e of events) {
    assert.equal(e.properties.contact, '[email]');
    assert.equal(e.properties.plan, 'pro');
    assert.ok(!e.properties.$current_url.includes('PAGETOKEN456'));
  }
  await page.close();
});

test('a fetch taken from a same-origin iframe is covered too', async () => {
  server.collector.records.length = 0;
  const page = await browser.newPage();
  await page.goto(`${base}/head/index.html`);
  // Sentry's own test (isNativeFunction): a wrapper that fails it sends Sentry to the iframe.
  const looksNative = await page.evaluate(() => /^function\s+\w+\(\)\s+\{\s+\[native code\]\s+\}$/.test(window.fetch.toString()));
  assert.ok(looksNative, 'the wrapper reads as native');
  await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    document.head.appendChild(frame);
    const cleanFetch = frame.contentWindow.fetch;
    await cleanFetch.call(window, '/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: 'from-iframe', properties: { contact: 'jane.doe@example.com' } }] }) });
  });
  const events = eventsOf(await settle(page, 1));
  assert.equal(events[0].event, 'from-iframe');
  assert.equal(events[0].properties.contact, '[email]');
  await page.close();
});
