// Seam 5 in Chromium: the interceptor guards whole requests on a real network, including
// Requests and URLs from another realm (a same-origin iframe), the prototype's sendBeacon,
// fetchLater, XHR queries and headers, and what the browser adds (Referer, cookies). Each
// request is checked at the network (playwright sees every header sent) and at the collector.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const TOKEN = 'PAGETOKEN991';
const EMAIL = 'jane.doe@example.com';
const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
test.after(async () => {
  await browser.close();
  server.close();
});

/** A page with the interceptor installed for the collector's vendor paths; network log kept. */
async function open() {
  server.collector.records.length = 0;
  const page = await browser.newPage();
  const wire = [];
  page.on('request', async (r) => {
    if (/\/(posthog|mixpanel|segment)\//.test(r.url())) wire.push({ url: r.url(), headers: await r.allHeaders(), body: r.postData() ?? '' });
  });
  await page.goto(`${base}/blank.html?token=${TOKEN}&email=${encodeURIComponent(EMAIL)}`);
  await page.evaluate(async () => {
    document.cookie = 'session=COOKIESECRET; path=/';
    const { createGuardSync, intercept } = await import('/pkg/sync.js');
    const endpoints = ['posthog', 'mixpanel', 'segment'].map((vendor) => ({ vendor, hosts: [location.host], prefix: `/${vendor}` }));
    const consent = { analytics: true };
    const guard = createGuardSync({ preset: 'posthog', consent });
    window.receipts = [];
    intercept(guard, { endpoints, onReceipt: (r) => window.receipts.push(r) });
    window.b64 = (v) => btoa(JSON.stringify(v));
  });
  return { page, wire };
}

async function collected(page, n) {
  await page.waitForFunction(async (k) => (await (await fetch('/__collector')).json()).length >= k, n, { timeout: 5000 });
  return server.collector.records;
}

function assertClean(text, what) {
  for (const canary of [TOKEN, EMAIL, 'jane.doe%40example.com', 'COOKIESECRET']) assert.ok(!text.includes(canary), `${what}: ${canary} in ${text}`);
}

const EVENT = (name) => ({ event: name, properties: { $current_url: `${'http://x.example'}/?token=${'PAGETOKEN991'}`, message: 'mail jane.doe@example.com' } });

test('Requests and URLs from a same-origin iframe are read as Requests and URLs', async () => {
  const { page, wire } = await open();
  await page.evaluate(async (event) => {
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    const w = frame.contentWindow;
    const body = JSON.stringify({ batch: [event] });
    await fetch(new w.Request('/posthog/e/', { method: 'POST', body }));
    await fetch(new w.URL('/posthog/e/', location.href), { method: 'POST', body });
    await fetch(new w.Request('/posthog/e/', { method: 'POST', body }), { body: null });
  }, EVENT('$pageview'));
  const records = await collected(page, 3);
  assert.equal(records.length, 3);
  for (const r of records) assertClean(r.text, r.path);
  for (const w of wire) assertClean(`${w.url} ${w.body} ${JSON.stringify(w.headers)}`, 'wire');
  await page.close();
});

test("the prototype's sendBeacon, fetchLater and XHR are covered", async () => {
  const { page, wire } = await open();
  const hasFetchLater = await page.evaluate(async (event) => {
    const body = JSON.stringify({ batch: [event] });
    Navigator.prototype.sendBeacon.call(navigator, '/posthog/e/', body);
    const xhr = new XMLHttpRequest();
    xhr.open('GET', `/mixpanel/track/?data=${encodeURIComponent(window.b64([event]))}&ip=1&person=${encodeURIComponent('jane.doe@example.com')}`);
    xhr.setRequestHeader('X-User', 'jane.doe@example.com');
    xhr.send();
    await new Promise((r) => { xhr.onloadend = r; });
    if (typeof fetchLater !== 'function') return false;
    fetchLater('/posthog/e/', { method: 'POST', body, activateAfter: 0 });
    return true;
  }, EVENT('$pageview'));
  // The collector records bodies (the beacon, fetchLater); the GET is seen on the wire.
  const records = await collected(page, hasFetchLater ? 2 : 1);
  for (const r of records) assertClean(`${r.text} ${JSON.stringify(r.query)}`, r.path);
  const get = new URL(wire.find((w) => w.url.includes('/mixpanel/')).url);
  const events = JSON.parse(atob(get.searchParams.get('data')));
  assert.equal(events[0].properties.message, 'mail [email]');
  assert.equal(get.searchParams.get('person'), null, 'an unknown query parameter is dropped');
  assert.equal(wire.find((w) => w.url.includes('/mixpanel/')).headers['x-user'], undefined);
  for (const w of wire) assertClean(`${w.url} ${w.body} ${w.headers['x-user'] ?? ''}`, 'wire');
  await page.close();
});

test('telemetry fetches carry the origin as Referer, no cookies, no header with personal data', async () => {
  const { page, wire } = await open();
  await page.evaluate(async (event) => {
    const properties = { url: event.properties.$current_url, message: event.properties.message };
    await fetch('/segment/v1/t', { method: 'POST', headers: { 'x-user': 'jane.doe@example.com', 'content-type': 'text/plain' }, body: JSON.stringify({ type: 'track', event: 'x', properties }) });
  }, EVENT('x'));
  await collected(page, 1);
  const sent = wire.find((w) => w.url.includes('/segment/'));
  assert.equal(sent.headers.referer, `${base}/`);
  assert.equal(sent.headers.cookie, undefined);
  assert.equal(sent.headers['x-user'], undefined);
  assertClean(`${sent.url} ${sent.body}`, 'segment');
  await page.close();
});

test('a path of a telemetry host that no list names is blocked before the network', async () => {
  const { page, wire } = await open();
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('/posthog/i/v9/new-channel', { method: 'POST', body: JSON.stringify({ email: 'jane.doe@example.com' }) });
      return 'sent';
    } catch (e) {
      return e.message;
    }
  });
  assert.match(outcome, /blocked/);
  assert.equal(wire.length, 0);
  assert.equal(await page.evaluate(() => window.receipts.at(-1).dropped[0].reason), 'blocked');
  await page.close();
});
