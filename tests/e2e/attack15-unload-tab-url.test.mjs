// Attack 15, class: the worker decides a relayed request's level from the tab's *current* URL,
// which at a cross-site navigation is already the next page's.
//
// Level: strip on the site being left; the frame's own site and the next site are allowed.
// Plain pages; the built-in PostHog host (us.i.posthog.com, mapped to the test server).
//
// With site isolation the old document's `pagehide` runs after the new page has committed. A
// frame inside a stripped site decides in the page "strip" (the stricter of its own level and
// its top's, from `location.ancestorOrigins`), and hands its unload beacon / keepalive fetch to
// the worker. The worker recomputes the level as stricter(frame, top) with `top` from
// `sender.tab.url`: by then the *new* page's URL. If the frame's own site and the new site are
// both allowed, the worker takes the level "allow" and sends the body as the page gave it.
// Leak: the planted values, raw, at the vendor, sent by the worker (no Origin header).
// Realistic: the default level is strip; a person who allows a few sites (a widget, a news site)
// and leaves a stripped site with such a widget for one of them; SDKs flush on pagehide.
// - widget: a third-party frame of an allowed site inside the stripped site.
// - srcdoc: the stripped site's own sandboxed srcdoc frame (opaque origin: the worker reads its
//   site from `sender.url`, `about:srcdoc`, i.e. no site, so the global level), global allow.
// Control for each: leaving for a page of the stripped site itself, the same requests arrive
// redacted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled, waitUntil } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SHOP = `http://shop.test:${t.port}`;
const WIDGET = `http://widget.test:${t.port}`;
const NEWS = `http://news.test:${t.port}`;
const VENDOR = `http://us.i.posthog.com:${t.port}`;

// The frame's SDK: flushes with a beacon and a keepalive fetch at pagehide.
const flush = (tag) => `<script>
  const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', distinct_id: 'A15U-id-' + name, note: 'A15U-' + name } }] });
  addEventListener('pagehide', () => {
    navigator.sendBeacon(${JSON.stringify(`${VENDOR}/e/`)}, body('${tag}-beacon'));
    fetch(${JSON.stringify(`${VENDOR}/e/`)}, { method: 'POST', body: body('${tag}-keepalive'), keepalive: true }).catch(() => {});
  });
  setTimeout(() => parent.postMessage('ready', '*'), 300);
</script>`;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

t.pages.set('/widget.html', (url) => ({ body: `<!doctype html><html><head>${flush(url.searchParams.get('tag'))}</head><body>widget</body></html>` }));
t.pages.set('/shop.html', (url) => {
  const tag = url.searchParams.get('tag');
  const frame = url.searchParams.get('frame') === 'srcdoc'
    ? `<iframe sandbox="allow-scripts" srcdoc="${esc(`<!doctype html><html><head>${flush(tag)}</head><body>own</body></html>`)}"></iframe>`
    : `<iframe src="${WIDGET}/widget.html?tag=${tag}"></iframe>`;
  return { body: `<!doctype html><html><head><script>addEventListener('message', () => { document.title = 'ready'; });</script></head><body>${frame}</body></html>` };
});
t.pages.set('/next.html', '<!doctype html><html><body>next</body></html>');

/** Opens the stripped page with its frame, leaves it for `next`, returns the records of `tag`. */
async function leave(frame, tag, next) {
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SHOP}/shop.html?frame=${frame}&tag=${tag}`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.goto(next);
  // Both requests arrive (redacted or not): the event names survive redaction.
  await waitUntil(() => t.leaks(`${tag}-beacon`).length > 0 && t.leaks(`${tag}-keepalive`).length > 0, { message: `both unload requests of ${tag}` });
  await settled(t.worker);
  await page.close();
  return ['beacon', 'keepalive'].filter((k) => t.leaks(`A15U-${tag}-${k}`).length > 0);
}

test('widget: an allowed site\'s frame in a stripped site, unloaded by a navigation to an allowed site, sends nothing raw', async () => {
  await setSettings(t.worker, { level: 'strip', sites: { 'widget.test': 'allow', 'news.test': 'allow' } });
  const control = await leave('widget', 'w-control', `${SHOP}/next.html`);
  assert.deepEqual(control, [], `control: leaving for the stripped site, raw: ${t.show(t.records)}`);
  const leaked = await leave('widget', 'w-attack', `${NEWS}/next.html`);
  assert.deepEqual(leaked, [], `leaving for an allowed site, sent raw by the worker:\n${t.show(t.records)}`);
});

test('srcdoc: a stripped site\'s own sandboxed frame, unloaded by a navigation to an allowed site, sends nothing raw', async () => {
  await setSettings(t.worker, { level: 'allow', sites: { 'shop.test': 'strip' } });
  const control = await leave('srcdoc', 's-control', `${SHOP}/next.html`);
  assert.deepEqual(control, [], `control: leaving for the stripped site, raw: ${t.show(t.records)}`);
  const leaked = await leave('srcdoc', 's-attack', `${NEWS}/next.html`);
  assert.deepEqual(leaked, [], `leaving for an allowed site, sent raw by the worker:\n${t.show(t.records)}`);
});
