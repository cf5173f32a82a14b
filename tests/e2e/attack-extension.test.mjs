// Attack 9, class H: the extension decides a frame's level and consent in the page, from the
// frame's own `location.hostname`, after an asynchronous storage read.
//
// H1. Until `chrome.storage.local.get` answers, main.js runs with DEFAULTS (strip, analytics
//     granted). A script in the page's <head> runs before that, so on a site where the person
//     denied analytics (or set stricter policies) its first requests are redacted under the
//     defaults and sent. The channel is handed over at document_start; the settings are not.
// H2. relay.js sends each frame the settings for its own host. A sandboxed srcdoc frame (or a
//     data: frame) has no host: it gets the global level, not the site's. The service worker
//     takes "the stricter of its own and its site's level" only for relayed bodies; in-page
//     redaction (any page whose CSP lets Wasm compile) never does, and the DNR block rule is
//     keyed on initiator domains, which an opaque-origin frame does not have. A site set to
//     *block* still sends (stripped) telemetry from a frame it writes itself.
// H3/H4. *block* promises that requests the page script never sees are stopped at the network,
//     but the DNR block rules leave out `main_frame` and `sub_frame`: a form posted into a frame,
//     or a frame whose src is the ingestion URL (`/e/?data=<base64 events>`, which PostHog and
//     Mixpanel accept), reaches the vendor raw, on a built-in host too.
// H6. The per-site level is looked up by the exact `location.hostname`, and the DNR rule by
//     initiator domain: the same site reached as `shop.test.` (its fully qualified name, which
//     servers answer like the bare name) is neither, so a site the person blocked sends.
//
// The pages come from a test server (no CSP) on made-up hosts mapped to 127.0.0.1; the vendor
// endpoint is the demo collector under /posthog on the same host. Every test asserts the
// promised outcome and fails today.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createCollector } from '../../www/collector.mjs';
import { CHROMIUM_ARGS } from './browser.mjs';
import { EXTENSION, setSettings } from './extension.mjs';

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
  const page = PAGES.get(new URL(req.url, 'http://x').pathname);
  if (!page) return res.writeHead(404).end('not found');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const SITE = `http://shop.test:${port}`;
const endpoints = [{ vendor: 'posthog', hosts: [`shop.test:${port}`], prefix: '/posthog' }];

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-attack-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.test 127.0.0.1, MAP *.test. 127.0.0.1, MAP us.i.posthog.com 127.0.0.1', `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
});
const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
test.after(async () => {
  await context.close();
  server.close();
});

const send = (label) => `fetch('/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview',
  properties: { step: '${label}', note: 'mail ${EMAIL}' } }] }) }).catch(() => {});`;

async function visit(path, html) {
  PAGES.set(path, html);
  collector.records.length = 0;
  vendorHits.length = 0;
  const page = await context.newPage();
  if (process.env.ATTACK_DEBUG) page.on('console', (m) => console.log('CONSOLE', m.text()));
  await page.goto(`${SITE}${path}`);
  await page.waitForTimeout(1200);
  await page.close();
  return collector.records.filter((r) => r.path === '/e/');
}

test('H1a: before the settings arrive, an endpoint the person added is unknown: the body goes raw', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  // Control: after load the same request is redacted (the email is replaced).
  const late = await visit('/late.html', `<!doctype html><html><head></head><body><script>
    setTimeout(() => { ${send('late')} }, 400);</script></body></html>`);
  assert.equal(late.length, 1, 'control: the late event arrives');
  assert.ok(!late[0].text.includes(EMAIL), 'control: redacted');
  const early = await visit('/early.html', `<!doctype html><html><head><script>${send('early')}</script></head><body></body></html>`);
  assert.ok(early.every((r) => !r.text.includes(EMAIL)), `raw body at the collector: ${early.map((r) => r.text).join('\n')}`);
});

test('H1b: before the settings arrive, the defaults decide: analytics denied, event sent anyway', async () => {
  await setSettings(worker, { level: 'strip', consent: { analytics: false }, endpoints });
  const fire = (label) => `fetch('http://us.i.posthog.com:${port}/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview', properties: { step: '${label}' } }] }) }).catch(() => {});`;
  await visit('/late-vendor.html', `<!doctype html><html><head></head><body><script>setTimeout(() => { ${fire('late')} }, 400);</script></body></html>`);
  assert.equal(vendorHits.length, 0, 'control: after load nothing is sent (analytics denied)');
  await visit('/early-vendor.html', `<!doctype html><html><head><script>${fire('early')}</script></head><body></body></html>`);
  assert.equal(vendorHits.length, 0, `sent to the vendor although analytics is denied: ${vendorHits.map((h) => h.text).join('\n')}`);
});

test('H2: a site set to block still sends from a sandboxed srcdoc frame it writes', async () => {
  await setSettings(worker, { level: 'strip', sites: { 'shop.test': 'block' }, endpoints });
  // Control: the page itself is blocked.
  const top = await visit('/top.html', `<!doctype html><html><head></head><body><script>${send('top')}</script></body></html>`);
  assert.equal(top.length, 0, 'control: nothing from the blocked page itself');
  const framed = await visit('/framed.html', `<!doctype html><html><head></head><body>
    <iframe sandbox="allow-scripts" srcdoc="<script>setTimeout(() => { fetch('${SITE}/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview', properties: { step: 'sandboxed', note: 'mail ${EMAIL}' } }] }) }).catch(() => {}); }, 300);</script>"></iframe>
  </body></html>`);
  // (In the frame it is redacted under the global *strip*: the email is gone, the event is not.)
  assert.equal(framed.length, 0, `a blocked site's frame sent: ${framed.map((r) => r.text).join('\n')}`);
});

test('H3: under block, a form posted into a frame (sub_frame) reaches the endpoint raw', async () => {
  await setSettings(worker, { level: 'block', endpoints });
  const data = Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: `mail ${EMAIL}` } }])).toString('base64');
  const posted = await visit('/form.html', `<!doctype html><html><head></head><body>
    <iframe name="sink" style="display:none"></iframe>
    <form id="f" method="POST" action="${SITE}/posthog/e/" target="sink"><input name="data" value="${data}"></form>
    <script>document.getElementById('f').submit();</script></body></html>`);
  assert.equal(posted.length, 0, `level block, yet the collector got: ${posted.map((r) => r.text).join('\n')}`);
});

test('H4: under block, a frame navigated to the endpoint (GET ?data=) reaches it raw', async () => {
  await setSettings(worker, { level: 'block', endpoints });
  const data = encodeURIComponent(Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: `mail ${EMAIL}` } }])).toString('base64'));
  const got = await visit('/nav.html', `<!doctype html><html><head></head><body>
    <iframe style="display:none" src="${SITE}/posthog/e/?data=${data}"></iframe></body></html>`);
  assert.equal(got.length, 0, `level block, yet the collector got: ${got.map((r) => JSON.stringify(r.query)).join('\n')}`);
});

test('H4b: the same to the built-in PostHog host', async () => {
  await setSettings(worker, { level: 'block' });
  const data = encodeURIComponent(Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: `mail ${EMAIL}` } }])).toString('base64'));
  await visit('/nav-vendor.html', `<!doctype html><html><head></head><body>
    <iframe style="display:none" src="http://us.i.posthog.com:${port}/e/?data=${data}"></iframe></body></html>`);
  assert.equal(vendorHits.length, 0, `level block, yet us.i.posthog.com got: ${vendorHits.map((h) => h.path).join('\n')}`);
});

test('H6: a blocked site reached by its fully qualified name (trailing dot) is not blocked', async () => {
  await setSettings(worker, { level: 'strip', sites: { 'shop.test': 'block' }, endpoints });
  PAGES.set('/fqdn.html', `<!doctype html><html><head></head><body><script>
    setTimeout(() => { ${send('fqdn')} }, 400);</script></body></html>`);
  collector.records.length = 0;
  const page = await context.newPage();
  await page.goto(`http://shop.test.:${port}/fqdn.html`);
  await page.waitForTimeout(1200);
  await page.close();
  const got = collector.records.filter((r) => r.path === '/e/');
  assert.equal(got.length, 0, `the blocked site sent from shop.test.: ${got.map((r) => r.text).join('\n')}`);
});
