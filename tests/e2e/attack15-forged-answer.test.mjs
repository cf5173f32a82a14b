// Attack 15, class: the private channel's answers and settings pass through built-ins the page
// can replace after document_start (prototype pollution of the MAIN world).
//
// Level: strip. Strict-CSP page (the worker redacts for it; nothing here depends on the CSP).
//
// The README and the threat model promise that a page script can neither forge an answer to a
// waiting request nor read the settings: the MAIN world kept its own dispatchEvent,
// addEventListener, CustomEvent and `detail` getter. But main.js looks up, at the time of use:
// - `Map.prototype.set`: `waiting.set(id, resolve)` hands the page the resolver of the request
//   it just made; the page calls it with a "redacted" answer of its own (its raw body);
// - `Uint8Array.fromBase64`: the worker's redacted body is decoded by whatever the page put
//   there, which returns the raw body;
// - `Array.prototype.includes`: the settings' level is checked with it, handing the level the
//   person chose for this site to the page (`["allow", "strip", "block"].includes(next.level)`).
// Leak: the planted values, raw, at the collector (sent by the page as "redacted"); the level.
// Contrived: only a page working against the extension does this, and such a page has other
// ways to send its own data raw (a clean fetch from window.frames[n], in the threat model). It
// breaks the stated "no forged answer / settings unreadable" guarantee, which these guard.
// Control: the same request without the replaced built-in arrives redacted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SITE = `http://shop.test:${t.port}`;
const endpoints = [{ vendor: 'posthog', hosts: [`shop.test:${t.port}`], prefix: '/posthog' }];

t.pages.set('/forge.html', `<!doctype html><html><head><script>
  // Before the settings arrive: whatever is checked with includes() is seen.
  window.seen = [];
  const includes = Array.prototype.includes;
  Array.prototype.includes = function (x) { if (typeof x === 'string') window.seen.push(x); return includes.apply(this, arguments); };
  setTimeout(() => { Array.prototype.includes = includes; }, 1000);
</script></head><body>forge</body></html>`);

// One visit; its findings are asserted by the two tests below.
let visit = null;
const run = () => (visit ??= (async () => {
  await setSettings(t.worker, { level: 'strip', endpoints });
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SITE}/forge.html?csp=strict`);
  const seen = await page.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const body = (name) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', distinct_id: `A15F-id-${name}`, note: `A15F-${name}` } }] });
    const send = (name) => fetch('/posthog/e/', { method: 'POST', body: body(name) }).catch(() => {});
    await send('control');
    // 1. The resolver of the request it is about to make.
    const set = Map.prototype.set;
    let resolver = null;
    Map.prototype.set = function (k, v) {
      if (typeof k === 'number' && typeof v === 'function') resolver = v;
      return set.call(this, k, v);
    };
    const waiting = send('map-set');
    Map.prototype.set = set;
    resolver?.({ body: btoa(body('map-set')), query: '', headers: [], receipt: { kept: true, events: 1, dropped: [], changes: [] } });
    await waiting;
    // 2. The decoder of the worker's answer.
    const fromBase64 = Uint8Array.fromBase64;
    Uint8Array.fromBase64 = function () {
      Uint8Array.fromBase64 = fromBase64;
      return new TextEncoder().encode(body('from-base64'));
    };
    await send('from-base64');
    Uint8Array.fromBase64 = fromBase64;
    return window.seen;
  });
  await settled(t.worker);
  await t.quiet(400, 3000);
  await page.close();
  return seen;
})());

test('a page cannot answer its own waiting request, nor replace the worker\'s redacted body', async () => {
  await run();
  assert.ok(t.leaks('control').length === 1 && t.leaks('A15F-control').length === 0, `control: redacted: ${t.show(t.records)}`);
  const leaked = ['map-set', 'from-base64'].filter((n) => t.leaks(`A15F-${n}`).length > 0);
  assert.deepEqual(leaked, [], `a forged "redacted" answer was sent:\n${t.show(t.records)}`);
});

test('a page cannot read the level its frame was given', async () => {
  const seen = await run();
  assert.ok(!seen.includes('strip'), `the page read the level it was given: ${JSON.stringify(seen)}`);
});
