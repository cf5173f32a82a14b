// Attacks on the extension from a page it runs in.
//
// Attack 9, class H (fixed): the extension decided a frame's level and consent in the page, from
// the frame's own `location.hostname`, after an asynchronous storage read.
// H1. Until the settings arrive, requests must wait for them (an endpoint the person added, a
//     denied purpose must not be guessed), and without any settings they are blocked.
// H2. A sandboxed srcdoc frame (no host of its own) in a site set to *block* takes the site's
//     level, in the page and in the worker.
// H3/H4. *block* stops a form posted into a frame and a frame navigated to the ingestion URL
//     (`/e/?data=<base64 events>`), on a built-in host too.
// H6. A blocked site reached by its fully qualified name (`shop.test.`) is still blocked.
//
// Forgeries (issue 13): settings, relays and receipts travel only on the private channel, and
// the worker decides the site, the frame and the level from Chrome's record of the sender. A
// page cannot make the worker send a query of its choosing (the relay's URL is redacted with
// its body), claim another host, or write counts into another site's popup.
// (Forged settings, handshakes and GPC: tests/e2e/extension-channel.test.mjs.)
//
// Seams of the interceptor the extension installs, in the page and through the worker: a
// beacon sent by the prototype's method, fetchLater, a URL whose string form changes after the
// first read.
//
// The pages come from a test server on made-up hosts mapped to 127.0.0.1 (`?csp=strict` serves
// one whose CSP has no 'wasm-unsafe-eval'; the worker redacts for every page); the vendor endpoint is
// the demo collector under /posthog on the same host. Each test waits for the worker's receipts
// and the collector's records, never a fixed time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createCollector } from '../../www/collector.mjs';
import { CHROMIUM_ARGS } from './browser.mjs';
import { EXTENSION, setSettings, settled, resetCounts, countsFor, waitUntil } from './extension.mjs';

const EMAIL = 'jane.doe@example.com';
const collector = createCollector();
const PAGES = new Map();
// Requests to the real vendor host (mapped to this server) are recorded here.
const vendorHits = [];
const server = createServer((req, res) => {
  if ((req.headers.host ?? '').startsWith('us.i.posthog.com')) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      vendorHits.push({ path: req.url, text: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' }).end('{"status":1}');
    });
    return;
  }
  if (collector.handle(req, res)) return;
  const url = new URL(req.url, 'http://x');
  const page = PAGES.get(url.pathname);
  if (!page) return res.writeHead(404).end('not found');
  const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  // Inline scripts run (the tests write them); Wasm cannot compile, in either content-script world.
  if (url.searchParams.get('csp') === 'strict') headers['content-security-policy'] = "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src *";
  res.writeHead(200, headers).end(page);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const SITE = `http://shop.test:${port}`;
const EVIL = `http://evil.test:${port}`;
const endpoints = [{ vendor: 'posthog', hosts: [`shop.test:${port}`, `evil.test:${port}`], prefix: '/posthog' }];

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-attack-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.test 127.0.0.1, MAP *.test. 127.0.0.1, MAP us.i.posthog.com 127.0.0.1', `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
});
const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
if (process.env.ATTACK_DEBUG) worker.on('console', (m) => console.log('WORKER', m.text()));
test.after(async () => {
  await context.close();
  server.close();
});

const send = (label) => `fetch('/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview',
  properties: { step: '${label}', note: 'mail ${EMAIL}' } }] }) }).catch(() => {});`;
const events = () => collector.records.filter((r) => r.path === '/e/');

/**
 * Opens `url` (serving `html` at its path) and waits until the page is done: `receipts`
 * requests decided for `site` (in the page or the worker), every one of them that was sent
 * arrived (`arrived()` counts arrivals), or the page's own `ready()` is true (for requests only
 * the network rules see). Returns what reached the collector's /e/.
 */
async function visit(url, html, { site = 'shop.test', receipts = 1, arrived = () => events().length, ready = null } = {}) {
  PAGES.set(new URL(url).pathname, html);
  collector.records.length = 0;
  vendorHits.length = 0;
  await resetCounts(worker);
  const page = await context.newPage();
  if (process.env.ATTACK_DEBUG) page.on('console', (m) => console.log('CONSOLE', m.text()));
  await page.goto(url);
  if (ready) await page.waitForFunction(ready);
  if (receipts > 0) await waitUntil(async () => (await countsFor(worker, site))?.requests >= receipts, { message: `${receipts} receipts for ${site}` });
  await settled(worker);
  const counts = await countsFor(worker, site);
  const sent = (counts?.stripped ?? 0) + (counts?.unchanged ?? 0);
  await waitUntil(() => arrived() >= sent, { message: `${sent} requests at the collector` });
  await page.close();
  return events();
}

test('H1a: before the settings arrive, requests wait for them: an endpoint the person added is known', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  // Control: after load the same request is redacted (the email is replaced).
  const late = await visit(`${SITE}/late.html`, `<!doctype html><html><head></head><body><script>
    setTimeout(() => { ${send('late')} }, 400);</script></body></html>`);
  assert.equal(late.length, 1, 'control: the late event arrives');
  assert.ok(!late[0].text.includes(EMAIL), 'control: redacted');
  const early = await visit(`${SITE}/early.html`, `<!doctype html><html><head><script>${send('early')}</script></head><body></body></html>`);
  assert.equal(early.length, 1, 'the early event arrives');
  assert.ok(early.every((r) => !r.text.includes(EMAIL)), `raw body at the collector: ${early.map((r) => r.text).join('\n')}`);
});

test('H1b: before the settings arrive, the defaults do not decide: analytics denied, nothing sent', async () => {
  await setSettings(worker, { level: 'strip', consent: { analytics: false }, endpoints });
  const fire = (label) => `fetch('http://us.i.posthog.com:${port}/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview', properties: { step: '${label}' } }] }) }).catch(() => {});`;
  await visit(`${SITE}/late-vendor.html`, `<!doctype html><html><head></head><body><script>setTimeout(() => { ${fire('late')} }, 400);</script></body></html>`, { arrived: () => vendorHits.length });
  assert.equal(vendorHits.length, 0, 'control: after load nothing is sent (analytics denied)');
  await visit(`${SITE}/early-vendor.html`, `<!doctype html><html><head><script>${fire('early')}</script></head><body></body></html>`, { arrived: () => vendorHits.length });
  assert.equal(vendorHits.length, 0, `sent to the vendor although analytics is denied: ${vendorHits.map((h) => h.text).join('\n')}`);
});

test('H2: a site set to block sends nothing from a sandboxed srcdoc frame it writes', async () => {
  await setSettings(worker, { level: 'strip', sites: { 'shop.test': 'block' }, endpoints });
  // Control: the page itself is blocked.
  const top = await visit(`${SITE}/top.html`, `<!doctype html><html><head></head><body><script>${send('top')}</script></body></html>`);
  assert.equal(top.length, 0, 'control: nothing from the blocked page itself');
  const framed = await visit(`${SITE}/framed.html`, `<!doctype html><html><head></head><body>
    <iframe sandbox="allow-scripts" srcdoc="<script>setTimeout(() => { fetch('${SITE}/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview', properties: { step: 'sandboxed', note: 'mail ${EMAIL}' } }] }) }).catch(() => {}); }, 300);</script>"></iframe>
  </body></html>`);
  assert.equal(framed.length, 0, `a blocked site's frame sent: ${framed.map((r) => r.text).join('\n')}`);
});

// For requests only the network rules see: the page says when its frame has settled.
const FRAME_DONE = () => document.title === 'done';
const onFrameLoad = "onload=\"if (this.dataset.loads) document.title = 'done'; this.dataset.loads = 1\"";

test('H3: under block, a form posted into a frame (sub_frame) does not reach the endpoint', async () => {
  await setSettings(worker, { level: 'block', endpoints });
  const data = Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: `mail ${EMAIL}` } }])).toString('base64');
  const posted = await visit(`${SITE}/form.html`, `<!doctype html><html><head></head><body>
    <iframe name="sink" style="display:none" ${onFrameLoad}></iframe>
    <form id="f" method="POST" action="${SITE}/posthog/e/" target="sink"><input name="data" value="${data}"></form>
    <script>document.getElementById('f').submit();</script></body></html>`, { receipts: 0, ready: FRAME_DONE });
  assert.equal(posted.length, 0, `level block, yet the collector got: ${posted.map((r) => r.text).join('\n')}`);
});

test('H4: under block, a frame navigated to the endpoint (GET ?data=) does not reach it', async () => {
  await setSettings(worker, { level: 'block', endpoints });
  const data = encodeURIComponent(Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: `mail ${EMAIL}` } }])).toString('base64'));
  const got = await visit(`${SITE}/nav.html`, `<!doctype html><html><head></head><body>
    <iframe style="display:none" onload="document.title = 'done'" src="${SITE}/posthog/e/?data=${data}"></iframe></body></html>`, { receipts: 0, ready: FRAME_DONE });
  assert.equal(got.length, 0, `level block, yet the collector got: ${got.map((r) => JSON.stringify(r.query)).join('\n')}`);
});

test('H4b: the same to the built-in PostHog host', async () => {
  await setSettings(worker, { level: 'block' });
  const data = encodeURIComponent(Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: `mail ${EMAIL}` } }])).toString('base64'));
  await visit(`${SITE}/nav-vendor.html`, `<!doctype html><html><head></head><body>
    <iframe style="display:none" onload="document.title = 'done'" src="http://us.i.posthog.com:${port}/e/?data=${data}"></iframe></body></html>`, { receipts: 0, ready: FRAME_DONE });
  assert.equal(vendorHits.length, 0, `level block, yet us.i.posthog.com got: ${vendorHits.map((h) => h.path).join('\n')}`);
});

test('H6: a blocked site reached by its fully qualified name (trailing dot) is blocked', async () => {
  await setSettings(worker, { level: 'strip', sites: { 'shop.test': 'block' }, endpoints });
  const got = await visit(`http://shop.test.:${port}/fqdn.html`, `<!doctype html><html><head></head><body><script>
    setTimeout(() => { ${send('fqdn')} }, 400);</script></body></html>`);
  assert.equal(got.length, 0, `the blocked site sent from shop.test.: ${got.map((r) => r.text).join('\n')}`);
  assert.equal((await countsFor(worker, 'shop.test')).blocked, 1, 'counted for the site as the person names it');
});

test('forgery: a page cannot make the worker send a URL query of its choosing', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  // The worker builds the redacted query; the page sends only what comes back.
  const got = await visit(`${SITE}/query.html?csp=strict`, `<!doctype html><html><head></head><body><script>
    fetch('/posthog/e/?ver=1.0&token=${encodeURIComponent(EMAIL)}&exfil=SECRET-QUERY-1&ip=1#frag-SECRET-2', { method: 'POST',
      body: JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: 'queried', properties: { token: 'phc_TEST', distinct_id: 'u' } }] }) }).catch(() => {});
  </script></body></html>`);
  assert.equal(got.length, 1, 'the event arrives');
  const query = JSON.stringify(got[0].query);
  assert.ok(!query.includes('SECRET-QUERY-1') && !('exfil' in got[0].query), `an unknown parameter went: ${query}`);
  assert.ok(!query.includes(EMAIL) && !query.includes('jane'), `the email in a known parameter went: ${query}`);
  assert.ok(!query.includes('SECRET-2'), 'no fragment');
  assert.equal(got[0].query.ver, '1.0', 'a known parameter without personal data still goes');
  // A path holding personal data is not sent at all.
  const pathed = await visit(`${SITE}/path.html?csp=strict`, `<!doctype html><html><head></head><body><script>
    fetch('/posthog/e/${encodeURIComponent(EMAIL)}/', { method: 'POST', body: JSON.stringify({ batch: [{ event: 'pathed' }] }) }).catch(() => {});
  </script></body></html>`);
  assert.equal(pathed.length, 0, 'a path with an email is not sent');
  const receipts = await worker.evaluate(async () => JSON.stringify((await chrome.storage.session.get('receipts')).receipts));
  assert.ok(receipts.includes('shop.test') && !receipts.includes('jane'), 'nor kept in the receipts');
});

test('forgery: a relay or receipt naming another host or level changes nothing', async () => {
  // shop.test is blocked; evil.test (the worker decides) claims to be shop.test's
  // opposite and forges events on every channel it can reach.
  await setSettings(worker, { level: 'strip', sites: { 'shop.test': 'allow', 'evil.test': 'block' }, endpoints });
  const forge = `
    const detail = JSON.stringify({ url: '${SITE}/posthog/e/', transport: 'fetch', host: 'shop.test', level: 'allow', headers: [],
      body: btoa(JSON.stringify({ batch: [{ event: 'forged', properties: { note: 'mail ${EMAIL}' } }] })) });
    const receipt = JSON.stringify({ receipt: { kept: true, events: 99, dropped: [], changes: [] }, request: { vendor: 'posthog', url: '${SITE}/posthog/e/' } });
    for (const name of ['relay', 'receipt']) {
      document.dispatchEvent(new CustomEvent('consent-guard-extension:' + name, { detail: name === 'relay' ? detail : receipt, cancelable: true }));
    }
    const mine = document.createElement('consent-guard-channel');
    document.dispatchEvent(new MouseEvent('consent-guard-extension:handshake', { relatedTarget: mine }));
    mine.dispatchEvent(new CustomEvent('relay', { detail, cancelable: true }));
    mine.dispatchEvent(new CustomEvent('receipt', { detail: receipt }));
    ${send('evil').replace("'/posthog/e/'", `'${SITE}/posthog/e/'`)}`;
  const got = await visit(`${EVIL}/forge.html?csp=strict`, `<!doctype html><html><head></head><body><script>${forge}</script></body></html>`, { site: 'evil.test' });
  assert.equal(got.length, 0, `sent from a blocked site: ${got.map((r) => r.text).join('\n')}`);
  const evil = await countsFor(worker, 'evil.test');
  assert.deepEqual([evil.requests, evil.blocked], [1, 1], `only the page's own request, counted as blocked: ${JSON.stringify(evil)}`);
  assert.equal(await countsFor(worker, 'shop.test'), null, "nothing written into shop.test's popup");
});

test("forgery: a frame's telemetry counts for the tab's site and takes its stricter level", async () => {
  // The frame's own site allows everything; the page embedding it strips: the frame strips.
  await setSettings(worker, { level: 'strip', sites: { 'evil.test': 'allow' }, endpoints });
  PAGES.set('/frame.html', `<!doctype html><html><head></head><body><script>${send('framed')}</script></body></html>`);
  const got = await visit(`${SITE}/embed.html`, `<!doctype html><html><head></head><body><iframe src="${EVIL}/frame.html?csp=strict"></iframe></body></html>`);
  assert.equal(got.length, 1, 'the frame\'s event arrives');
  assert.ok(!got[0].text.includes(EMAIL), 'stripped, as its site (shop.test) is');
  assert.equal((await countsFor(worker, 'shop.test')).stripped, 1, 'counted for the tab\'s site');
  assert.equal(await countsFor(worker, 'evil.test'), null, 'not for the frame\'s own site');
});

// fetchLater exists only in secure contexts: these pages are served as http://127.0.0.1.
for (const csp of [false, true]) {
  test(`the interceptor's seams hold with the extension (${csp ? 'strict CSP' : 'plain page'}): prototype sendBeacon, fetchLater, a URL read once`, async () => {
    const local = `http://127.0.0.1:${port}`;
    await setSettings(worker, { level: 'strip', endpoints: [...endpoints, { vendor: 'posthog', hosts: [`127.0.0.1:${port}`], prefix: '/posthog' }] });
    const got = await visit(`${local}/seams.html${csp ? '?csp=strict' : ''}`, `<!doctype html><html><head></head><body><script>
      const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', note: 'mail ${EMAIL}' } }] });
      Navigator.prototype.sendBeacon.call(navigator, '/posthog/e/', body('beacon'));
      fetchLater('/posthog/e/', { method: 'POST', body: body('fetch-later'), activateAfter: 0 });
      // A URL whose string form changes after the first read: decided and sent as first read.
      let reads = 0;
      fetch({ toString: () => (reads++ ? '${EVIL}/posthog/e/' : '/posthog/e/') }, { method: 'POST', body: body('read-once') }).catch(() => {});
    </script></body></html>`, { site: '127.0.0.1', receipts: 3 });
    const names = got.flatMap((r) => r.body.batch.map((e) => e.event)).sort();
    assert.deepEqual(names, ['beacon', 'fetch-later', 'read-once']);
    assert.ok(got.every((r) => !r.text.includes(EMAIL)), 'each one redacted');
    assert.ok(got.every((r) => r.headers.host === `127.0.0.1:${port}`), 'sent where it was decided');
  });
}
