// Attack 15, class: a frame told a laxer level than its top's (frames with no host of their
// own, or whose ancestors are hidden). Held when written; kept as a regression guard for
// relay.js's `topHost` (the last of `location.ancestorOrigins`) and the worker's sender check.
//
// Level: the site strip, then block; the global level allow (so a frame that falls back to the
// global level, or to its own site's, sends raw). Plain page; the built-in PostHog host
// (us.i.posthog.com, mapped to the test server).
//
// Frames: a data: frame, a blob: frame, a sandboxed srcdoc frame and a sandboxed data: frame
// (opaque origins, no hostname), an allowed site's frame embedded with
// referrerpolicy="no-referrer" (were ancestorOrigins masked by the referrer policy, as the
// HTML standard once proposed, it would see no top), and a srcdoc frame inside that one. Each
// sends one planted event after load; under strip none may arrive raw, under block none may
// arrive at all.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled, waitUntil } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SHOP = `http://shop.test:${t.port}`;
const WIDGET = `http://widget.test:${t.port}`;
const VENDOR = `http://us.i.posthog.com:${t.port}`;

const FRAMES = ['data', 'blob', 'srcdoc', 'sandboxed-data', 'no-referrer', 'nested-srcdoc'];
const doc = (tag) => `<!doctype html><html><head><script>
  setTimeout(() => fetch(${JSON.stringify(`${VENDOR}/e/`)}, { method: 'POST', body: JSON.stringify({ api_key: 'phc_TEST',
    batch: [{ event: '${tag}', properties: { token: 'phc_TEST', distinct_id: 'A15R-id-${tag}', note: 'A15R-${tag}' } }] }) })
    .then(() => top.postMessage('${tag}:sent', '*'), () => top.postMessage('${tag}:blocked', '*')), 400);
</script></head><body>${tag}</body></html>`;
const js = (s) => JSON.stringify(s).replace(/</g, '\\u003c');
const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

t.pages.set('/widget.html', doc('no-referrer').replace('</body>', `<iframe srcdoc="${attr(doc('nested-srcdoc'))}"></iframe></body>`));
t.pages.set('/frames.html', `<!doctype html><html><head><script>
  window.outcomes = {};
  addEventListener('message', (e) => { const [k, v] = String(e.data).split(':'); window.outcomes[k] = v; });
</script></head><body><script>
  const add = (setup) => { const f = document.createElement('iframe'); setup(f); document.body.append(f); };
  add((f) => { f.src = 'data:text/html;base64,' + btoa(${js(doc('data'))}); });
  add((f) => { f.src = URL.createObjectURL(new Blob([${js(doc('blob'))}], { type: 'text/html' })); });
  add((f) => { f.setAttribute('sandbox', 'allow-scripts'); f.srcdoc = ${js(doc('srcdoc'))}; });
  add((f) => { f.setAttribute('sandbox', 'allow-scripts'); f.src = 'data:text/html;base64,' + btoa(${js(doc('sandboxed-data'))}); });
  add((f) => { f.referrerPolicy = 'no-referrer'; f.src = ${JSON.stringify(`${WIDGET}/widget.html`)}; });
</script></body></html>`);

async function visit() {
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SHOP}/frames.html`);
  const outcomes = await waitUntil(async () => {
    const o = await page.evaluate(() => window.outcomes);
    return FRAMES.every((f) => f in o) && o;
  }, { message: 'every frame sent or was blocked' });
  await settled(t.worker);
  await t.quiet(400, 3000);
  await page.close();
  return outcomes;
}

test('frames with no host, or hidden ancestors, of a stripped site send nothing raw (global allow)', async () => {
  await setSettings(t.worker, { level: 'allow', sites: { 'shop.test': 'strip', 'widget.test': 'allow' } });
  const outcomes = await visit();
  const leaked = FRAMES.filter((f) => t.leaks(`A15R-${f}`).length > 0);
  assert.deepEqual(leaked, [], `raw from a stripped site's frames (${JSON.stringify(outcomes)}):\n${t.show(t.records)}`);
  const arrived = FRAMES.filter((f) => t.leaks(`"${f}"`).length > 0);
  assert.deepEqual(arrived, FRAMES, `control: each frame's event arrives, redacted (${JSON.stringify(outcomes)})`);
});

test('the same frames of a blocked site reach no endpoint (global allow)', async () => {
  await setSettings(t.worker, { level: 'allow', sites: { 'shop.test': 'block', 'widget.test': 'allow' } });
  const outcomes = await visit();
  assert.deepEqual(t.records, [], `a blocked site's frame reached the vendor (${JSON.stringify(outcomes)}):\n${t.show(t.records)}`);
});
