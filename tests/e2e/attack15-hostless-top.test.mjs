// Attack 15, class: a top-level document with the site's origin but no hostname of its own is
// told the *global* level, not its site's.
//
// Level: the site strip (and block), the global level allow. Plain pages; the built-in PostHog
// host (us.i.posthog.com, mapped to the test server).
//
// relay.js names the frame's site by `location.hostname` and the top's by the last of
// `location.ancestorOrigins`, else the frame's own host. A top-level document whose URL has no
// host — a blob: page (`blob:http://shop.test/…`) or an about:blank popup — has the site's
// origin but neither a hostname nor ancestors: `forSite(settings, '', '')` gives it the global
// level. Under "allow" the page decides alone (the worker, which would read the origin from
// `sender.origin`, is never asked), so its telemetry leaves as the page wrote it.
// - blob: a blob: page the site opens in a new tab (a link with target=_blank, so noopener; a
//   generated report, a print view): its own SDK sends raw. Realistic but uncommon (the person
//   must allow by default and strip this site; the site must open a blob: page with telemetry).
// - popup: an about:blank popup from the 3-argument `document.open(url, name, features)`
//   (which window.open's wrapper never sees), scripted by the opener: raw. Contrived (a page
//   working against the extension); left open and stated in the README's limits (covering it
//   would take the per-frame script over its 30 KB budget), so no test is kept for it.
// Leak: the planted values, raw, at the vendor. Under block, the network rules (initiator: the
// site's origin) stop the blob: page's request: held.
// Controls: the same blob: document in a frame is stripped (its top comes from ancestorOrigins).
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SHOP = `http://shop.test:${t.port}`;
const VENDOR = `http://us.i.posthog.com:${t.port}`;

const event = (tag) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: tag, properties: { token: 'phc_TEST', distinct_id: `A15H-id-${tag}`, note: `A15H-${tag}` } }] });
// The generated document: its SDK sends one event once loaded.
const report = (tag) => `<!doctype html><html><head><script>
  setTimeout(() => fetch(${JSON.stringify(`${VENDOR}/e/`)}, { method: 'POST', body: ${JSON.stringify(event(tag))} })
    .then(() => { document.title = 'sent'; }, () => { document.title = 'blocked'; }), 300);
</script></head><body>report</body></html>`;
const js = (s) => JSON.stringify(s).replace(/</g, '\\u003c');

t.pages.set('/reports.html', (url) => {
  const tag = url.searchParams.get('tag');
  return { body: `<!doctype html><html><head></head><body><a id="open" target="_blank">open the report</a><script>
    document.getElementById('open').href = URL.createObjectURL(new Blob([${js(report(tag))}], { type: 'text/html' }));
    // Control: the same document in a frame.
    const f = document.createElement('iframe');
    f.src = URL.createObjectURL(new Blob([${js(report(`framed-${tag}`))}], { type: 'text/html' }));
    document.body.append(f);
  </script></body></html>` };
});
t.pages.set('/page.html', '<!doctype html><html><head></head><body>page</body></html>');

async function openReport(tag) {
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SHOP}/reports.html?tag=${tag}`);
  const popup = t.context.waitForEvent('page');
  await page.click('#open');
  const tab = await popup;
  await tab.waitForFunction(() => document.title === 'sent' || document.title === 'blocked');
  await page.frames()[1].waitForFunction(() => document.title === 'sent' || document.title === 'blocked');
  await settled(t.worker);
  await t.quiet(400, 3000);
  await tab.close();
  await page.close();
}

test('blob: a blob: page a stripped site opens in a new tab sends nothing raw (global allow)', async () => {
  await setSettings(t.worker, { level: 'allow', sites: { 'shop.test': 'strip' } });
  await openReport('strip');
  assert.ok(t.leaks('framed-strip').length > 0 && t.leaks('A15H-framed-strip').length === 0, 'control: the framed copy arrives, stripped');
  assert.equal(t.leaks('A15H-strip').length, 0, `the blob: page was told the global level (allow) and sent raw:\n${t.show(t.records)}`);
});

test('blob: the same page of a blocked site reaches no endpoint (global allow)', async () => {
  await setSettings(t.worker, { level: 'allow', sites: { 'shop.test': 'block' } });
  await openReport('block');
  assert.deepEqual(t.records, [], `a blocked site reached the vendor:\n${t.show(t.records)}`);
});

