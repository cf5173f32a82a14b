// Workers have a fetch of their own (Amplitude's session replay uploads from a blob: worker).
// Under intercept(guard), a worker made from a blob: or data: URL hands every request for a
// telemetry host to the page, which guards it like its own; other requests leave from the worker
// untouched, and the worker's own messages are not disturbed. Checked at the collector in
// Chromium (served without a CSP: `default-src 'self'` forbids blob: workers for every page).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const TOKEN = 'WORKERTOKEN77';
const EMAIL = 'worker.jane@example.com';
const server = await startServer({ port: 0, csp: null });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
test.after(async () => {
  await browser.close();
  server.close();
});

async function open() {
  server.collector.records.length = 0;
  const page = await browser.newPage();
  await page.goto(`${base}/blank.html`);
  await page.evaluate(async () => {
    const { createGuardSync, intercept } = await import('/pkg/sync.js');
    const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
    window.receipts = [];
    intercept(guard, { endpoints: [{ vendor: 'posthog', hosts: [location.host], prefix: '/posthog' }], onReceipt: (r, req) => window.receipts.push(req.transport) });
  });
  return page;
}

/** Starts a worker from `source` (as an SDK does: a blob URL, revoked at once) and waits for its answer. */
function runWorker(page, source, { type = 'classic', revoke = true } = {}) {
  return page.evaluate(({ source, type, revoke }) => new Promise((resolve) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url, { type });
    if (revoke) URL.revokeObjectURL(url);
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ error: e.message ?? 'worker error' });
    setTimeout(() => resolve({ error: 'no answer within 5 s' }), 5000);
    worker.postMessage({ hello: 'from the page' });
  }), { source, type, revoke });
}

const body = JSON.stringify({ batch: [{ event: 'checkout', properties: { $current_url: `https://shop.example/?token=${TOKEN}`, contact: `mail ${EMAIL}`, plan: 'pro' } }] });
const SEND = `
onmessage = async (e) => {
  try {
    const r = await fetch(self.location.origin + '/posthog/e/?ip=1&email=${encodeURIComponent(EMAIL)}', { method: 'POST', body: ${JSON.stringify(body)} });
    postMessage({ got: e.data, status: r.status, text: await r.text() });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};`;

function wire() {
  return server.collector.records.filter((r) => r.vendor === 'posthog').map((r) => `${r.path}?${JSON.stringify(r.query)}\n${r.text}`).join('\n');
}

test('a blob worker\'s telemetry fetch is guarded by the page, its URL revoked or not', async () => {
  const page = await open();
  for (const revoke of [true, false]) {
    server.collector.records.length = 0;
    const answer = await runWorker(page, SEND, { revoke });
    assert.equal(answer.error, undefined, 'the worker ran');
    assert.deepEqual(answer.got, { hello: 'from the page' }, "the worker's own messages arrive as sent");
    assert.equal(answer.status, 200);
    const text = wire();
    assert.match(text, /"plan":"pro"/, 'the event arrives');
    for (const canary of [TOKEN, EMAIL, encodeURIComponent(EMAIL)]) assert.ok(!text.includes(canary), `${canary} reached the collector: ${text}`);
  }
  assert.ok((await page.evaluate(() => window.receipts)).includes('worker'), 'the page saw the request as a worker\'s');
  await page.close();
});

test('a module worker is guarded the same way', async () => {
  const page = await open();
  const answer = await runWorker(page, SEND, { type: 'module' });
  assert.equal(answer.error, undefined, 'the worker ran');
  assert.equal(answer.status, 200);
  const text = wire();
  assert.match(text, /"plan":"pro"/);
  assert.ok(!text.includes(TOKEN) && !text.includes(EMAIL), text);
  await page.close();
});

test('a worker cannot send telemetry by XHR, nor to a path no list names; other requests leave as asked', async () => {
  const page = await open();
  const answer = await runWorker(page, `
onmessage = async () => {
  const out = {};
  try {
    const x = new XMLHttpRequest();
    x.open('POST', self.location.origin + '/posthog/e/');
    x.send(${JSON.stringify(body)});
    out.xhr = 'sent';
  } catch (e) { out.xhr = e.name; }
  try { await fetch(self.location.origin + '/posthog/unlisted/', { method: 'POST', body: 'x' }); out.unknown = 'sent'; } catch (e) { out.unknown = e.name; }
  const app = await fetch(self.location.origin + '/app-api/orders?worker_token=${TOKEN}', { method: 'POST', body: '{"note":"kept"}' });
  out.app = app.status;
  postMessage(out);
};`);
  assert.equal(answer.xhr, 'NetworkError', 'XHR to a telemetry host fails in a worker');
  assert.equal(answer.unknown, 'TypeError', 'an unknown path of a telemetry host is blocked');
  assert.equal(answer.app, 200, "the app's own request leaves");
  assert.equal(server.collector.records.filter((r) => r.vendor === 'posthog').length, 0, 'no telemetry arrived');
  await page.close();
});

test('with nothing granted, a worker\'s telemetry is answered by the page and never sent', async () => {
  const page = await browser.newPage();
  server.collector.records.length = 0;
  await page.goto(`${base}/blank.html`);
  await page.evaluate(async () => {
    const { createGuardSync, intercept } = await import('/pkg/sync.js');
    intercept(createGuardSync({ preset: 'posthog' }), { endpoints: [{ vendor: 'posthog', hosts: [location.host], prefix: '/posthog' }] });
  });
  const answer = await runWorker(page, SEND);
  assert.equal(answer.status, 200, 'the SDK sees a success and does not retry');
  assert.equal(server.collector.records.filter((r) => r.vendor === 'posthog').length, 0);
  await page.close();
});
