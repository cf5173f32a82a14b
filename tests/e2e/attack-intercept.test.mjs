// Attack 9, classes E and F, in Chromium against the demo collector (same harness as
// intercept-seams.test.mjs: the interceptor installed by the page for the collector's vendor
// paths, every request checked on the wire and at the collector).
//
// E. Realms the interceptor never installs into. It covers a same-origin frame only when a
//    script reads `iframe.contentWindow`/`contentDocument` (a getter it wraps), and remembers
//    covered frames by their WindowProxy. But a frame's window is reachable without those
//    getters (`frames[0]`, `window[0]`, `window.open`, `<object>`), and a WindowProxy keeps its
//    identity when its frame navigates to a new document with a new, unwrapped global.
// F. What the browser adds outside fetch. The fetch wrapper sets `referrerPolicy:
//    'strict-origin'` and `credentials: 'omit'`; XHR and sendBeacon have no such knob and are
//    rebuilt as they were. To a same-origin endpoint (a `prefix` proxy, the setup PostHog and
//    the README recommend) they carry the full page URL in Referer, query included, and the
//    page's cookies.
//
// Every test asserts the promised outcome and fails today.
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
    const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
    window.receipts = [];
    intercept(guard, { endpoints, onReceipt: (r) => window.receipts.push(r) });
  });
  return { page, wire };
}

const BODY = JSON.stringify({ batch: [{ event: '$pageview', properties: { $current_url: `http://x.example/?token=${TOKEN}`, note: `mail ${EMAIL}` } }] });

async function settle(page, ms = 500) {
  await page.waitForTimeout(ms);
  return server.collector.records.map((r) => r.text).join('\n');
}

test('E1: frames[0].fetch (WindowProxy indexing) sends the body raw', async () => {
  const { page } = await open();
  await page.evaluate(async (body) => {
    document.body.appendChild(document.createElement('iframe'));
    await frames[0].fetch('/posthog/e/', { method: 'POST', body }); // contentWindow never read
  }, BODY);
  const text = await settle(page);
  assert.ok(text.length > 0, 'the request reached the collector');
  assert.ok(!text.includes(EMAIL) && !text.includes(TOKEN), `raw body at the collector: ${text}`);
  await page.close();
});

test('E2: a covered frame that navigates gets a fresh, unwrapped global', async () => {
  const { page } = await open();
  await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    void frame.contentWindow.fetch; // covered now (installed into the about:blank global)
    await new Promise((r) => { frame.onload = r; frame.src = '/blank.html?second'; });
    window.f = frame;
  });
  await page.evaluate(async (body) => {
    // Read through the wrapped getter, as a careful script would: still the raw fetch.
    await window.f.contentWindow.fetch('/posthog/e/', { method: 'POST', body });
  }, BODY);
  const text = await settle(page);
  assert.ok(text.length > 0, 'the request reached the collector');
  assert.ok(!text.includes(EMAIL) && !text.includes(TOKEN), `raw body at the collector: ${text}`);
  await page.close();
});

test('E3: an <object> window is never covered', async () => {
  const { page } = await open();
  await page.evaluate(async (body) => {
    const obj = document.createElement('object');
    obj.data = '/blank.html?object';
    obj.type = 'text/html';
    await new Promise((r) => { obj.onload = r; document.body.appendChild(obj); });
    await obj.contentWindow.fetch('/posthog/e/', { method: 'POST', body });
  }, BODY);
  const text = await settle(page);
  assert.ok(text.length > 0, 'the request reached the collector');
  assert.ok(!text.includes(EMAIL) && !text.includes(TOKEN), `raw body at the collector: ${text}`);
  await page.close();
});

test('E4: a window from window.open is never covered', async () => {
  const { page } = await open();
  const opened = await page.evaluate(async (body) => {
    const w = window.open('about:blank', '_blank');
    if (!w) return false;
    await w.fetch('/posthog/e/', { method: 'POST', body });
    w.close();
    return true;
  }, BODY);
  assert.ok(opened, 'the popup opened');
  const text = await settle(page);
  assert.ok(text.length > 0, 'the request reached the collector');
  assert.ok(!text.includes(EMAIL) && !text.includes(TOKEN), `raw body at the collector: ${text}`);
  await page.close();
});

test('F1: XHR to a same-origin telemetry endpoint carries the full page URL and cookies', async () => {
  const { page, wire } = await open();
  await page.evaluate(async (body) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/posthog/e/');
    xhr.send(body);
    await new Promise((r) => { xhr.onloadend = r; });
  }, BODY);
  await settle(page, 200);
  const sent = wire.find((w) => w.url.includes('/posthog/'));
  assert.ok(sent, 'the XHR was sent');
  assert.ok(!sent.body.includes(EMAIL), 'the body itself is redacted');
  assert.deepEqual({ referer: sent.headers.referer, cookie: sent.headers.cookie }, { referer: `${base}/`, cookie: undefined });
  await page.close();
});

test('F2: sendBeacon to a same-origin telemetry endpoint carries the full page URL and cookies', async () => {
  const { page, wire } = await open();
  await page.evaluate((body) => navigator.sendBeacon('/posthog/e/', body), BODY);
  await settle(page, 500);
  const sent = wire.find((w) => w.url.includes('/posthog/'));
  assert.ok(sent, 'the beacon was sent');
  assert.ok(!sent.body.includes(EMAIL), 'the body itself is redacted');
  assert.deepEqual({ referer: sent.headers.referer, cookie: sent.headers.cookie }, { referer: `${base}/`, cookie: undefined });
  await page.close();
});

test('F3: cross-origin too, on a page whose referrer policy is unsafe-url (XHR)', async () => {
  // The page on another origin (a second server, no CSP); the vendor is the collector.
  const site = await startServer({ port: 0, csp: '' });
  const siteBase = `http://127.0.0.1:${site.address().port}`;
  server.collector.records.length = 0;
  const page = await browser.newPage();
  await page.goto(`${siteBase}/blank.html?token=${TOKEN}&email=${encodeURIComponent(EMAIL)}`);
  await page.evaluate(async ({ body, vendor }) => {
    const meta = document.createElement('meta');
    meta.name = 'referrer';
    meta.content = 'unsafe-url';
    document.head.append(meta);
    const { createGuardSync, intercept } = await import('/pkg/sync.js');
    intercept(createGuardSync({ preset: 'posthog', consent: { analytics: true } }),
      { endpoints: [{ vendor: 'posthog', hosts: [new URL(vendor).host], prefix: '/posthog' }] });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${vendor}/posthog/e/`);
    xhr.send(body);
    await new Promise((r) => { xhr.onloadend = r; });
  }, { body: BODY, vendor: base });
  await settle(page, 300);
  const got = server.collector.records.filter((r) => r.path === '/e/');
  assert.equal(got.length, 1, 'the XHR reached the collector');
  assert.ok(!got[0].text.includes(EMAIL), 'the body itself is redacted');
  assert.equal(got[0].referer, `${siteBase}/`, `Referer at the collector: ${got[0].referer}`);
  await page.close();
  site.close();
});
