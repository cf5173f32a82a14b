// Attack 15, class: a request's body changes after it was handed over (time of check / time of
// use), and bodies of every type. Held when written; kept as a regression guard.
//
// Level: strip, a custom endpoint (`shop.test/posthog`). Plain page.
//
// A request that waits for the worker is sent by the page once the redacted copy comes back. If
// the interceptor kept a view of the page's buffer (instead of a copy) or sent the page's own
// object, whatever the page writes into it meanwhile would leave unredacted. Each body below is
// a PostHog batch with one planted value; right after the call returns, the page overwrites the
// same buffer / Blob source / params with a second planted value of the same length. Neither
// value may arrive. Bodies no code reads synchronously (FormData, a ReadableStream with duplex)
// must be blocked, not sent raw; a Request's body is read and redacted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SITE = `http://shop.test:${t.port}`;
const endpoints = [{ vendor: 'posthog', hosts: [`shop.test:${t.port}`], prefix: '/posthog' }];
t.pages.set('/bodies.html', '<!doctype html><html><head></head><body>bodies</body></html>');

const CASES = ['u8-fetch', 'ab-fetch', 'dv-fetch', 'blob-fetch', 'usp-fetch', 'u8-xhr', 'u8-beacon', 'u8-keepalive',
  'request-stream', 'formdata', 'stream-duplex'];

test('bodies changed after hand-over, and bodies of every type, never arrive raw', async () => {
  await setSettings(t.worker, { level: 'strip', endpoints });
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SITE}/bodies.html`);
  const outcomes = await page.evaluate(async () => {
    const url = '/posthog/e/';
    // Same length for both plants: `A15M-<case>-1` before, `A15M-<case>-2` after.
    const text = (name, n) => JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: name, properties: { token: 'phc_TEST', note: `A15M-${name}-${n}` } }] });
    const bytes = (name, n) => new TextEncoder().encode(text(name, n));
    const overwrite = (view, name) => view.set(bytes(name, 2));
    const out = {};
    const settle = (name, p) => p.then((r) => { out[name] = `status ${r.status ?? r}`; }, (e) => { out[name] = e.name; });
    const waits = [];
    for (const kind of ['u8', 'ab', 'dv']) {
      const name = `${kind}-fetch`;
      const u8 = bytes(name, 1);
      const body = kind === 'u8' ? u8 : kind === 'ab' ? u8.buffer : new DataView(u8.buffer);
      waits.push(settle(name, fetch(url, { method: 'POST', body })));
      overwrite(u8, name);
    }
    {
      const u8 = bytes('blob-fetch', 1);
      const blob = new Blob([u8], { type: 'text/plain' });
      overwrite(u8, 'blob-fetch');
      waits.push(settle('blob-fetch', fetch(url, { method: 'POST', body: blob })));
    }
    {
      const params = new URLSearchParams({ data: text('usp-fetch', 1) });
      waits.push(settle('usp-fetch', fetch(url, { method: 'POST', body: params })));
      params.set('data', text('usp-fetch', 2));
    }
    {
      const u8 = bytes('u8-xhr', 1);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      waits.push(settle('u8-xhr', new Promise((ok, no) => { xhr.onload = () => ok(xhr); xhr.onerror = () => no(new Error('xhr error')); })));
      xhr.send(u8);
      overwrite(u8, 'u8-xhr');
    }
    {
      const u8 = bytes('u8-beacon', 1);
      out['u8-beacon'] = `queued ${navigator.sendBeacon(url, u8)}`;
      overwrite(u8, 'u8-beacon');
      const k = bytes('u8-keepalive', 1);
      waits.push(settle('u8-keepalive', fetch(url, { method: 'POST', body: k, keepalive: true })));
      overwrite(k, 'u8-keepalive');
    }
    {
      const stream = () => new ReadableStream({ start(c) { c.enqueue(bytes('request-stream', 1)); c.close(); } });
      const request = new Request(url, { method: 'POST', body: stream(), duplex: 'half' });
      waits.push(settle('request-stream', fetch(request)));
      const form = new FormData();
      form.append('data', text('formdata', 1));
      waits.push(settle('formdata', fetch(url, { method: 'POST', body: form })));
      const s2 = new ReadableStream({ start(c) { c.enqueue(bytes('stream-duplex', 1)); c.close(); } });
      waits.push(settle('stream-duplex', fetch(url, { method: 'POST', body: s2, duplex: 'half' })));
    }
    await Promise.all(waits);
    return out;
  });
  await settled(t.worker);
  await t.quiet(500, 4000);
  await page.close();
  const leaked = CASES.flatMap((c) => [1, 2].filter((n) => t.leaks(`A15M-${c}-${n}`).length > 0).map((n) => `${c} (value ${n}: ${outcomes[c]})`));
  assert.deepEqual(leaked, [], `arrived raw:\n${t.show(t.records)}`);
  // Controls: the readable bodies arrive (redacted), the unreadable ones are blocked.
  const arrived = CASES.filter((c) => t.leaks(`"${c}"`).length > 0);
  assert.deepEqual(arrived.sort(), CASES.filter((c) => !['formdata', 'stream-duplex'].includes(c)).sort(), `what arrived: ${JSON.stringify(outcomes)}`);
  assert.equal(outcomes.formdata, 'TypeError');
  assert.equal(outcomes['stream-duplex'], 'TypeError');
});
