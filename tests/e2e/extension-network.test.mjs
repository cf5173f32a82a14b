// What the extension's declarativeNetRequest rules do at the network, for requests the page's
// interceptor never sees (rules.js). Under "block", nothing reaches a telemetry endpoint by any
// route that can carry data: a WebSocket, a form posted into a frame or as the top-level page,
// an image pixel, a frame navigated to an ingestion URL, an unknown path. Under "strip",
// telemetry requests arrive without the page's cookies and without its address as Referer
// (Origin, the page's origin alone, still goes): a same-origin proxied endpoint and a tracking
// subdomain the person configured, a built-in vendor host, and the worker's relay; the vendor's
// own website keeps working (its requests to its own hosts are left alone).
//
// Pages come from this file's server on made-up hosts mapped to 127.0.0.1: `shop.test` proxies
// PostHog under /posthog (a custom endpoint), and `us.i.posthog.com` (a built-in host) and
// `www.posthog.com` are answered here too. Each test has a control that shows the route works
// when the rules do not apply, so the test can fail.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createCollector } from '../../www/collector.mjs';
import { STRICT_CSP } from '../../www/serve.mjs';
import { CHROMIUM_ARGS } from './browser.mjs';
import { EXTENSION, setSettings, settled, waitUntil } from './extension.mjs';

const collector = createCollector();
const PAGES = new Map();
const vendorHits = []; // requests to us.i.posthog.com (a built-in PostHog host) and t.shop.test (the site's own tracker)
const sockets = []; // WebSocket upgrade attempts, any host
const server = createServer((req, res) => {
  const host = req.headers.host ?? '';
  if (host.startsWith('us.i.posthog.com') || host.startsWith('t.shop.test')) {
    req.resume();
    req.on('end', () => {
      vendorHits.push({ host: host.split(':')[0], method: req.method, path: req.url, cookie: req.headers.cookie ?? null, referer: req.headers.referer ?? null, origin: req.headers.origin ?? null });
      res.writeHead(200, { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-credentials': 'true', 'content-type': 'application/json' }).end('{"status":1}');
    });
    return;
  }
  if (collector.handle(req, res)) return;
  const url = new URL(req.url, 'http://x');
  const page = PAGES.get(url.pathname);
  if (!page) return res.writeHead(404).end('not found');
  const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  if (url.searchParams.get('csp') === 'strict') headers['content-security-policy'] = STRICT_CSP.replace("connect-src 'self'", 'connect-src *');
  res.writeHead(200, headers).end(page);
});
server.on('upgrade', (req, socket) => {
  sockets.push({ host: req.headers.host, path: req.url });
  socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const SHOP = `http://shop.test:${port}`;
const VENDOR = `http://us.i.posthog.com:${port}`;
const VENDOR_SITE = `http://www.posthog.com:${port}`;
const TRACKER = `http://t.shop.test:${port}`; // the site's own tracking subdomain, named as a whole host
const endpoints = [{ vendor: 'posthog', hosts: [`shop.test:${port}`], prefix: '/posthog' }, { vendor: 'posthog', hosts: [`t.shop.test:${port}`] }];

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-net-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.test 127.0.0.1, MAP *.posthog.com 127.0.0.1',
    `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
});
const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
test.after(async () => {
  await context.close();
  server.close();
});

const DATA = encodeURIComponent(Buffer.from(JSON.stringify([{ event: '$pageview', properties: { note: 'mail jane.doe@example.com' } }])).toString('base64'));

function reset() {
  collector.records.length = 0;
  vendorHits.length = 0;
  sockets.length = 0;
}

/** Serves `html` at `path`, opens it on `origin`, runs `attempt` in it and returns what it reports. */
async function visit(origin, path, html, attempt = null, arg = null) {
  PAGES.set(path.split('?')[0], html);
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  const out = attempt ? await page.evaluate(attempt, arg) : null;
  return { page, out };
}

// Each route, run in the page; resolves once the browser has settled every attempt.
const ROUTES = async ({ targets, data }) => {
  const settle = (el, events) => new Promise((ok) => {
    events.forEach((e) => el.addEventListener(e, () => ok(e), { once: true }));
    setTimeout(() => ok('timeout'), 5000);
  });
  const outcomes = {};
  for (const [name, base] of Object.entries(targets)) {
    const img = new Image();
    const pixel = settle(img, ['load', 'error']);
    img.src = `${base}/e/?data=${data}`;
    const unknown = new Image();
    const unknownPath = settle(unknown, ['load', 'error']);
    unknown.src = `${base}/some/new/path?data=${data}`;
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/socket`);
    const socket = settle(ws, ['close']);
    const frame = document.createElement('iframe');
    frame.name = `sink-${name}`;
    const blank = settle(frame, ['load']);
    document.body.append(frame);
    await blank; // about:blank
    const form = Object.assign(document.createElement('form'), { method: 'POST', action: `${base}/e/`, target: frame.name });
    form.append(Object.assign(document.createElement('input'), { name: 'data', value: data }));
    document.body.append(form);
    const posted = settle(frame, ['load']);
    form.submit();
    const navigated = document.createElement('iframe');
    const navigation = settle(navigated, ['load']);
    navigated.src = `${base}/e/?data=${data}`;
    document.body.append(navigated);
    outcomes[name] = await Promise.all([pixel, unknownPath, socket, posted, navigation]);
  }
  return outcomes;
};

test('block: no route reaches a telemetry endpoint (WebSocket, forms, pixel, frame, unknown path)', async () => {
  await setSettings(worker, { level: 'block', endpoints });
  reset();
  const { page, out } = await visit(SHOP, '/routes.html', '<!doctype html><body></body>', ROUTES, { targets: { custom: `${SHOP}/posthog`, tracker: TRACKER, builtin: VENDOR }, data: DATA });
  await page.close();
  assert.deepEqual(Object.keys(out), ['custom', 'tracker', 'builtin'], 'every route was tried');
  assert.ok(!JSON.stringify(out).includes('timeout'), `every attempt settled: ${JSON.stringify(out)}`);
  assert.deepEqual(collector.records.map((r) => `${r.method} ${r.path}`), [], 'the custom endpoint got nothing');
  assert.deepEqual(vendorHits.map((h) => `${h.method} ${h.host}${h.path}`), [], 'the tracker and the built-in host got nothing');
  assert.deepEqual(sockets, [], 'no WebSocket opened');
});

// Submitted after evaluate returns: a navigation while Playwright waits for its result can hang it.
const submitSoon = () => setTimeout(() => document.getElementById('f').submit(), 0);

test('block: a form posted as the top-level page to a vendor host is blocked; the vendor\'s own site still works', async () => {
  await setSettings(worker, { level: 'block', endpoints });
  reset();
  const form = (action) => `<!doctype html><body><form id="f" method="POST" action="${action}"><input name="data" value="${decodeURIComponent(DATA)}"></form></body>`;
  const { page } = await visit(SHOP, '/top-form.html', form(`${VENDOR}/e/`));
  const failed = page.waitForEvent('requestfailed');
  await page.evaluate(submitSoon);
  assert.match((await failed).failure().errorText, /BLOCKED/, 'the navigation was refused');
  assert.deepEqual(vendorHits, [], 'from another site: blocked');
  await page.close();
  // From the vendor's own site (first party) the same post is let through: a person may use it.
  // (Asked of the rules: Playwright can hang closing a tab a form post navigated.)
  const outcome = (initiator) => worker.evaluate(async ([url, init]) => {
    const { matchedRules } = await chrome.declarativeNetRequest.testMatchOutcome({ url, initiator: init, type: 'main_frame', method: 'post' });
    const rules = await chrome.declarativeNetRequest.getDynamicRules();
    return matchedRules.map((m) => rules.find((r) => r.id === m.ruleId)?.action.type);
  }, [`${VENDOR}/e/`, initiator]);
  assert.ok((await outcome(SHOP)).includes('block'), 'the rules block it from another site');
  assert.ok(!(await outcome(VENDOR_SITE)).includes('block'), "the rules let the vendor's own site post");
});

test('control: under strip the same routes reach the endpoints (redaction is the interceptor\'s; these it never sees)', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  reset();
  const { page } = await visit(SHOP, '/routes.html', '<!doctype html><body></body>', ROUTES, { targets: { custom: `${SHOP}/posthog`, builtin: VENDOR }, data: DATA });
  await page.close();
  await waitUntil(() => collector.records.some((r) => r.path === '/e/' && r.method === 'GET'), { message: 'the pixel at the custom endpoint' });
  await waitUntil(() => vendorHits.some((h) => h.path.startsWith('/e/')), { message: 'the pixel at the built-in host' });
  assert.ok(sockets.length >= 1, 'WebSockets open under strip');
});

// `unsafe-url`: the page's full address would go with every request, cross-origin too. The
// cookie is set for the page's site and its subdomains (`shop.test`, `.posthog.com`).
const COOKIE_PAGE = '<!doctype html><head><meta name="referrer" content="unsafe-url"></head><body><script>document.cookie = "sid=COOKIE-SECRET-1; path=/; domain=" + location.hostname.replace(/^www\\./, ".");</script></body>';

/** An image pixel and a fetch to `base`'s PostHog ingestion path, from a page whose address has a query. */
const SEND = async ({ base, data }) => {
  const img = new Image();
  const pixel = new Promise((ok) => { img.onload = img.onerror = ok; });
  img.src = `${base}/e/?data=${data}`;
  await pixel;
  await fetch(`${base}/e/`, { method: 'POST', body: JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: 'hello', properties: { token: 'phc_TEST', distinct_id: 'u' } }] }) }).catch(() => {});
};

/** The two requests of SEND from `origin` to `base` under `level`, as the endpoint saw them. */
async function sendUnder(level, origin, base, hits) {
  await setSettings(worker, { level, endpoints });
  reset();
  const { page } = await visit(origin, '/cookie.html?secret=PAGEQUERY-1', COOKIE_PAGE, SEND, { base, data: DATA });
  await page.close();
  await waitUntil(() => hits().length >= 2, { message: `both requests (${level})` });
  return hits();
}

const atCollector = () => collector.records.map((r) => ({ method: r.method, path: `/posthog${r.path}`, cookie: r.cookie, referer: r.referer, origin: r.headers.origin ?? null }));

for (const [label, base, cookies] of [
  ['a same-origin proxied endpoint (custom, with a prefix)', `${SHOP}/posthog`, true],
  ["the site's own tracking subdomain (custom, a whole host)", TRACKER, true],
  // Over http the browser sends no cookie to another site's host anyway: only Referer can show.
  ['a built-in vendor host, from another site', VENDOR, false],
]) {
  test(`strip: requests to ${label} carry no cookie and no page address`, async () => {
    const hits = base.startsWith(SHOP) ? atCollector : () => vendorHits.filter((h) => base.includes(h.host));
    const allowed = (await sendUnder('allow', SHOP, base, hits)).find((h) => h.method === 'GET');
    if (cookies) assert.match(allowed.cookie ?? '', /COOKIE-SECRET-1/, 'control: under allow the cookie goes');
    assert.match(allowed.referer ?? '', /PAGEQUERY-1/, 'control: under allow the page address goes');
    for (const h of await sendUnder('strip', SHOP, base, hits)) {
      assert.equal(h.cookie, null, `${h.method} ${h.path}: no cookie`);
      assert.ok(h.referer === null || h.referer === `${SHOP}/`, `${h.method} ${h.path}: Referer ${h.referer}`);
      assert.ok((h.origin ?? SHOP) === SHOP, `${h.method} ${h.path}: Origin ${h.origin}`);
    }
  });
}

test("strip: the vendor's own website keeps its cookies on its own hosts (a person may use it)", async () => {
  const hits = await sendUnder('strip', VENDOR_SITE, VENDOR, () => vendorHits.filter((h) => h.host === 'us.i.posthog.com'));
  const pixel = hits.find((h) => h.method === 'GET');
  assert.match(pixel.cookie ?? '', /COOKIE-SECRET-1/, 'first party: the cookie goes');
});

test('strip: the worker\'s relay (strict-CSP page) carries no cookie, no Referer and does not name the extension', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  reset();
  const { page } = await visit(SHOP, '/strict.html?csp=strict&secret=PAGEQUERY-2', COOKIE_PAGE.replace(/<script>.*<\/script>/, ''), async (base) => {
    document.cookie = 'sid=COOKIE-SECRET-2; path=/';
    await fetch(`${base}/e/`, { method: 'POST', body: JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: 'relayed', properties: { token: 'phc_TEST', distinct_id: 'u' } }] }) });
  }, `${SHOP}/posthog`);
  await page.close();
  await settled(worker);
  const [relayed] = await waitUntil(() => collector.records.filter((r) => r.path === '/e/').length && collector.records.filter((r) => r.path === '/e/'), { message: 'the relayed request' });
  assert.equal(relayed.cookie, null);
  assert.equal(relayed.referer, null);
  assert.ok(!String(relayed.headers.origin ?? '').startsWith('chrome-extension:'), `Origin: ${relayed.headers.origin}`);
});
