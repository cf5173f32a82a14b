// The service worker's relay keeps delivering. What cannot wait for an answer (a beacon, a
// keepalive fetch: the page may be going away) is handed to the worker, which redacts and sends
// it. 300 such requests in one worker lifetime, keepalive fetches and beacons (a beacon says the
// page may be going away: keepalive, within its quota) of ~1 KiB each, far past the 64 KiB
// keepalive quota: all arrive at the collector, redacted, and the counts say so. A relay the
// network refuses counts as failed, not sent. On a strict-CSP page (no 'wasm-unsafe-eval'),
// though no page redacts any more: the engine is in the worker only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startServer } from '../../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings, waitUntil, settled, resetCounts, countsFor } from './extension.mjs';

const server = await startServer({ port: 0 });
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
const { context, worker } = await launchWithExtension();
test.after(async () => {
  await context.close();
  server.close();
});

const EMAIL = 'jane.doe@example.com';
const SENDS = 300;

test(`${SENDS} relayed sends in one worker lifetime all arrive`, async () => {
  await setSettings(worker, { level: 'strip', endpoints: collectorEndpoints(port) });
  server.collector.records.length = 0;
  await resetCounts(worker);
  const lifetime = await worker.evaluate(() => (self.lifetimeMark ??= crypto.randomUUID()));
  await worker.evaluate(() => { self.traffic.relay = 0; });
  const page = await context.newPage();
  await page.goto(`${base}/blank.html?csp=strict`);
  const sent = await page.evaluate(async ({ sends, email }) => {
    const body = (i) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: `step ${i}`, timestamp: new Date().toISOString(),
      properties: { token: 'phc_TEST', distinct_id: 'user-1', note: `mail ${email}`, padding: 'x'.repeat(900) } }] });
    const beacons = [];
    const fetches = [];
    for (let i = 0; i < sends; i++) {
      if (i % 2) beacons.push(navigator.sendBeacon('/posthog/e/', body(i)));
      else fetches.push(fetch('/posthog/e/', { method: 'POST', body: body(i), keepalive: true }).then((r) => r.ok, () => false));
    }
    return { beacons: beacons.filter(Boolean).length, fetches: (await Promise.all(fetches)).filter(Boolean).length };
  }, { sends: SENDS, email: EMAIL });
  assert.equal(sent.beacons + sent.fetches, SENDS, 'the page saw every send accepted');
  await waitUntil(async () => (await countsFor(worker, '127.0.0.1'))?.requests === SENDS, { timeout: 30000, message: `${SENDS} relays counted` });
  await settled(worker);
  const records = server.collector.records.filter((r) => r.vendor === 'posthog' && r.path === '/e/');
  assert.equal(records.length, SENDS, 'every relayed send arrived');
  assert.deepEqual(new Set(records.map((r) => r.body.batch[0].event)).size, SENDS, 'each one once');
  assert.ok(records.every((r) => !r.text.includes(EMAIL) && !r.text.includes('padding')), 'each one redacted (strip)');
  const counts = await countsFor(worker, '127.0.0.1');
  assert.equal(counts.vendors.posthog.stripped, SENDS, 'counted as sent with data removed');
  assert.equal(counts.failed, 0);
  assert.equal(await worker.evaluate(() => self.lifetimeMark), lifetime, 'one worker lifetime');
  assert.equal(await worker.evaluate(() => self.traffic.relay), SENDS, 'every one handed over and sent by the worker');
  await page.close();
});

test('a relay the network refuses is counted as failed, with why', async () => {
  // A port nothing listens on, configured as the site's PostHog endpoint.
  const closed = await new Promise((ok) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => ok(p));
    });
  });
  await setSettings(worker, { level: 'strip', endpoints: [{ vendor: 'posthog', hosts: [`127.0.0.1:${closed}`], prefix: '/posthog' }] });
  await resetCounts(worker);
  const page = await context.newPage();
  await page.goto(`${base}/blank.html?csp=strict`);
  await page.evaluate((p) => navigator.sendBeacon(`http://127.0.0.1:${p}/posthog/e/`, JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: 'x', properties: { token: 'phc_TEST' } }] })), closed);
  await settled(worker);
  const counts = await waitUntil(() => countsFor(worker, '127.0.0.1'), { message: 'counts' });
  assert.equal(counts.failed, 1, JSON.stringify(counts));
  assert.equal(counts.vendors.posthog.failed, 1);
  assert.equal(counts.stripped + counts.unchanged, 0, 'not counted as sent');
  assert.deepEqual(Object.keys(counts.failures), ['the request did not go out']);
  await page.close();
});
