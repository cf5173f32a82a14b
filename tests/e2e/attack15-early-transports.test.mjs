// Attack 15, class: settings race (requests that do not wait for the frame's settings).
//
// Level: strip (the default), with a telemetry endpoint the person added (a site's own proxy,
// `shop.test/posthog`). Pages: plain and strict CSP.
//
// The README promises: "Until the settings arrive (a few ms), requests wait for them"; H1a
// (attack-extension.test.mjs) fixed that for fetch. Three other transports decide before the
// settings arrive, against the table without the person's endpoints, and so send raw:
// - XMLHttpRequest: `open` classifies the URL and caches "not telemetry" for that XHR; `send`
//   then waits for the settings (async) or not at all (sync) and, reading the cached null,
//   calls the native send with the page's body. An XHR opened early and sent any time later
//   leaks the same way.
// - `<img>`/`<script>` src: never waits; an unknown host is set as it is (the `?data=` query).
// - a blob: Worker made before the settings arrive: its prelude gets the host list of that
//   moment, so every fetch it makes to the person's endpoint, for the worker's whole life,
//   leaves from the worker untouched.
// Leak: the planted values, raw, at the collector (sent by the page). Realistic: any SDK that
// sends (or builds its worker, or opens its XHR) from a head script, through a first-party
// proxy; the window is until storage answers (H1a shows head scripts run before that), and for
// the worker its whole life.
// Under block the same race is a block bypassed where the network rules do not apply: a
// third-party frame of a blocked site (the rules go by the requesting frame's site) sending to
// an endpoint the person added on the frame's host.
// Controls: the same requests made after the page loaded arrive redacted; a fetch in the head
// waits and arrives redacted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SITE = `http://shop.test:${t.port}`;
const endpoints = [{ vendor: 'posthog', hosts: [`shop.test:${t.port}`], prefix: '/posthog' }];

// Each transport plants its own value; `when` wraps the sends (the head at once, or after load).
const sends = (tag, when) => `<script>
  const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', note: 'A15E-' + name } }] });
  const url = ${JSON.stringify(`${SITE}/posthog/e/`)};
  // Made now, whatever "now" is: an XHR opened now and sent later, a worker that sends later.
  const openedNow = new XMLHttpRequest();
  ${when(`
    const x = new XMLHttpRequest(); x.open('POST', url); x.send(body('${tag}-xhr-async'));
    const y = new XMLHttpRequest(); y.open('POST', url, false); try { y.send(body('${tag}-xhr-sync')); } catch {}
    openedNow.open('POST', url);
    new Image().src = url + '?data=' + btoa(body('${tag}-img'));
    const src = 'setTimeout(() => fetch(' + JSON.stringify(url) + ', { method: "POST", body: ' + JSON.stringify(body('${tag}-worker')) + ' }), 800);';
    window.w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    fetch(url, { method: 'POST', body: body('${tag}-fetch') }).catch(() => {});
  `)}
  setTimeout(() => { try { openedNow.send(body('${tag}-xhr-late')); } catch {} }, 900);
  setTimeout(() => { document.title = 'done'; }, 1300);
</script>`;

const TRANSPORTS = ['xhr-async', 'xhr-sync', 'xhr-late', 'img', 'worker', 'fetch'];

async function run(path, html) {
  t.pages.set(path.split('?')[0], html);
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SITE}${path}`);
  await page.waitForFunction(() => document.title === 'done');
  await settled(t.worker);
  await t.quiet();
  await page.close();
}

for (const csp of [false, true]) {
  const variant = csp ? 'strict CSP' : 'plain page';

  test(`${variant}: requests made in the head before the frame's settings arrive are redacted, never raw`, async () => {
    await setSettings(t.worker, { level: 'strip', endpoints });
    // Control: after load, every transport is guarded (nothing planted arrives).
    await run(`/late.html${csp ? '?csp=strict' : ''}`, `<!doctype html><html><head></head><body>${sends('late', (s) => `setTimeout(() => { ${s} }, 400);`)}</body></html>`);
    const lateLeaks = TRANSPORTS.filter((n) => t.leaks(`A15E-late-${n}`).length > 0);
    assert.deepEqual(lateLeaks, [], `control: after load these went raw: ${t.show(t.records)}`);
    // (`leaks` finds any text: here, the event names a redacted copy keeps.)
    const lateMissing = TRANSPORTS.filter((n) => t.leaks(`late-${n}`).length === 0);
    assert.deepEqual(lateMissing, [], `control: every redacted request arrives after load: ${t.show(t.records)}`);

    await run(`/early.html${csp ? '?csp=strict' : ''}`, `<!doctype html><html><head>${sends('early', (s) => s)}</head><body></body></html>`);
    assert.ok(t.leaks('early-fetch').length === 1 && t.leaks('A15E-early-fetch').length === 0, 'control: the fetch in the head waited and arrived redacted (H1a)');
    const leaked = TRANSPORTS.filter((n) => t.leaks(`A15E-early-${n}`).length > 0);
    assert.deepEqual(leaked, [], `sent raw before the settings arrived (strip, custom endpoint):\n${t.show(t.records.filter((r) => leaked.some((n) => t.leaks(`A15E-early-${n}`).includes(r))))}`);
  });
}

// The same race under *block*: a third-party frame in a blocked site. The network rules go by
// the requesting frame's site (not blocked), so only the in-page block stands between the
// frame's early requests and the person's endpoint on the frame's host.
test('block: a blocked site\'s third-party frame sends nothing to the person\'s endpoint before its settings arrive', async () => {
  const WIDGET = `http://widget.test:${t.port}`;
  await setSettings(t.worker, { level: 'strip', sites: { 'shop.test': 'block' }, endpoints: [{ vendor: 'posthog', hosts: [`widget.test:${t.port}`], prefix: '/posthog' }] });
  t.pages.set('/widget.html', `<!doctype html><html><head><script>
    const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', note: 'A15E-' + name } }] });
    const x = new XMLHttpRequest(); x.open('POST', '/posthog/e/'); x.send(body('framed-xhr'));
    new Image().src = '/posthog/e/?data=' + btoa(body('framed-img'));
    fetch('/posthog/e/', { method: 'POST', body: body('framed-fetch') }).catch(() => {});
    setTimeout(() => { parent.postMessage('done', '*'); }, 800);
  </script></head><body>widget</body></html>`);
  t.pages.set('/blocked.html', `<!doctype html><html><head><script>addEventListener('message', () => { document.title = 'done'; });</script></head>
    <body><iframe src="${WIDGET}/widget.html"></iframe></body></html>`);
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SITE}/blocked.html`);
  await page.waitForFunction(() => document.title === 'done');
  await settled(t.worker);
  await t.quiet(400, 3000);
  await page.close();
  assert.equal(t.leaks('framed-fetch').length, 0, 'control: the fetch waited for the settings and was blocked');
  assert.equal(t.records.length, 0, `the blocked site's frame reached the endpoint:\n${t.show(t.records)}`);
});
