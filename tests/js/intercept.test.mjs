// intercept(guard) on a stand-in window in Node (real fetch/Request/Blob classes, a stub
// network that records what would have been sent): redaction by format, blocking, answers,
// Blob bodies for beacons, __original, bad options, uninstall.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, gunzipSync } from 'node:zlib';
import { createGuardSync, blockTelemetry, intercept } from 'consent-guard';

function fakeWindow() {
  const sent = [];
  const win = {
    sent,
    fetch: async (input, init) => {
      sent.push({ via: 'fetch', url: String(input.url ?? input), body: init?.body ?? (input.body ? new Uint8Array(await input.arrayBuffer()) : undefined) });
      return new Response('{}');
    },
    Blob, Request, Response, URLSearchParams, Headers,
    location: { href: 'https://app.example/page' },
    navigator: { sendBeacon: (url, data) => (sent.push({ via: 'beacon', url, body: data }), true) },
  };
  return win;
}

const bytesOf = async (body) => (typeof body === 'string' ? Buffer.from(body) : body instanceof Blob ? Buffer.from(await body.arrayBuffer()) : Buffer.from(body));
const EVENT = { event: 'checkout', properties: { email: 'jane.doe@example.com', plan: 'pro', $current_url: 'https://app.example/?token=SECRET&utm_source=n' } };

test('a gzip PostHog body is redacted and stays gzip; other URLs pass untouched', async () => {
  const win = fakeWindow();
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const receipts = [];
  intercept(guard, { window: win, onReceipt: (r, req) => receipts.push({ r, req }) });
  await win.fetch('https://us.i.posthog.com/i/v0/e/', { method: 'POST', body: gzipSync(JSON.stringify({ batch: [EVENT] })) });
  await win.fetch('https://app.example/api', { method: 'POST', body: 'jane.doe@example.com' });
  const [posthog, other] = win.sent;
  const out = JSON.parse(gunzipSync(await bytesOf(posthog.body)));
  assert.equal(out.batch[0].properties.email, '[email]');
  assert.equal(out.batch[0].properties.plan, 'pro');
  assert.equal(out.batch[0].properties.$current_url, 'https://app.example/?utm_source=n');
  assert.equal(other.body, 'jane.doe@example.com', 'not a telemetry endpoint');
  assert.equal(receipts[0].req.vendor, 'posthog');
  assert.equal(receipts[0].r.format, 'gzip+json');
});

test('denied events are answered, not sent; unreadable bodies are blocked', async () => {
  const win = fakeWindow();
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: false } });
  intercept(guard, { window: win });
  const answered = await win.fetch('https://us.i.posthog.com/e/', { method: 'POST', body: JSON.stringify({ batch: [EVENT] }) });
  assert.equal(answered.status, 200);
  assert.deepEqual(await answered.json(), { status: 1 });
  const protobuf = new Uint8Array([0x0a, 0x8c, 0x01, 0x0a, 0x1d, 0xff, 0x00]);
  await assert.rejects(win.fetch('https://us.i.posthog.com/e/', { method: 'POST', body: protobuf }), /blocked/);
  assert.equal(win.navigator.sendBeacon('https://us.i.posthog.com/e/', protobuf), false);
  assert.equal(win.sent.length, 0, 'nothing reached the network');
});

test('a beacon with a Blob body made after install is read synchronously and redacted', async () => {
  const win = fakeWindow();
  const guard = createGuardSync({ preset: 'mixpanel', consent: { analytics: true } });
  intercept(guard, { window: win });
  const form = `data=${encodeURIComponent(Buffer.from(JSON.stringify([EVENT])).toString('base64'))}`;
  const blob = new win.Blob([form], { type: 'application/x-www-form-urlencoded' });
  assert.ok(blob instanceof Blob && blob instanceof win.Blob);
  assert.equal(win.navigator.sendBeacon('https://api-js.mixpanel.com/track/', blob), true);
  const sent = win.sent[0].body;
  assert.equal(sent.type, 'application/x-www-form-urlencoded');
  const text = (await bytesOf(sent)).toString();
  const events = JSON.parse(Buffer.from(decodeURIComponent(text.slice(5)), 'base64'));
  assert.equal(events[0].properties.email, '[email]');
  // A Blob the interceptor never saw made (created before install) cannot be read: blocked.
  assert.equal(win.navigator.sendBeacon('https://api-js.mixpanel.com/track/', new Blob([form])), false);
});

test('fetch.__original redacts too, and uninstall restores everything', async () => {
  const win = fakeWindow();
  const { fetch, Blob: OriginalBlob } = win;
  const guard = createGuardSync({ preset: 'otel', consent: { analytics: true } });
  const uninstall = intercept(guard, { window: win, endpoints: [{ vendor: 'otel', hosts: ['collector.local:4318'] }] });
  assert.match(win.fetch.toString(), /\[native code\]/);
  const otlp = { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'GET', attributes: [{ key: 'url.full', value: { stringValue: 'https://a.example/?token=SECRET' } }] }] }] }] };
  await win.fetch.__original('http://collector.local:4318/v1/traces', { method: 'POST', body: JSON.stringify(otlp) });
  const out = JSON.parse(await bytesOf(win.sent[0].body));
  assert.equal(out.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.stringValue, 'https://a.example/');
  uninstall();
  assert.equal(win.fetch, fetch);
  assert.equal(win.Blob, OriginalBlob);
});

test('blockTelemetry blocks every telemetry request without the engine', async () => {
  const win = fakeWindow();
  blockTelemetry({ window: win });
  await assert.rejects(win.fetch('https://api.segment.io/v1/t', { method: 'POST', body: '{}' }), /blocked/);
  assert.equal(win.navigator.sendBeacon('https://api2.amplitude.com/2/httpapi', '{}'), false);
  await win.fetch('https://app.example/api', { method: 'POST', body: 'x' });
  assert.equal(win.sent.length, 1);
});

test('bad endpoint options get a clear error', () => {
  const guard = createGuardSync({ preset: 'posthog' });
  assert.throws(() => intercept(guard, { window: fakeWindow(), endpoints: 'x' }), /`endpoints` must be an array/);
  assert.throws(() => intercept(guard, { window: fakeWindow(), endpoints: [{ hosts: [] }] }), /needs a `vendor`/);
  assert.throws(() => intercept(guard, { window: fakeWindow(), endpoints: [{ vendor: 'acme', hosts: ['a'] }] }), /needs a `preset`/);
});

test('a guard may answer a request that can wait with a Promise; one that cannot wait is never left undecided', async () => {
  const { installInterceptor } = await import('../../pkg/intercept.js');
  const win = fakeWindow();
  const asked = [];
  const receipts = [];
  const redacted = (parts) => ({ body: new TextEncoder().encode('REDACTED'), query: '', headers: [], receipt: { kept: true, events: 1, dropped: [], changes: [{ path: 'x' }] } });
  // Like the extension: later for what can wait, at once (a relay) for what cannot; and one
  // guard that breaks the contract by answering a beacon with a Promise.
  let lying = false;
  const engine = { forPreset: () => ({ redactRequest: (parts, options) => {
    asked.push({ transport: options.request.transport, wait: options.wait });
    if (options.wait || lying) return new Promise((ok) => setTimeout(() => ok(redacted(parts)), 5));
    return { body: null, receipt: { kept: false, events: 0, dropped: [{ path: '', reason: 'relayed' }], changes: [] } };
  } }) };
  installInterceptor(engine, { window: win, onReceipt: (r) => receipts.push(r) });
  const url = 'https://us.i.posthog.com/e/';
  const res = await win.fetch(url, { method: 'POST', body: 'jane.doe@example.com' });
  assert.equal(res.status, 200);
  assert.equal(String(win.sent[0].body), 'REDACTED', 'the fetch waited and sent what came back');
  assert.equal(receipts.length, 1, 'its receipt reported once, when decided');
  assert.deepEqual(await (await win.fetch(url, { method: 'POST', body: 'x', keepalive: true })).json(), { status: 1 }, 'a keepalive fetch is decided at once');
  assert.equal(win.navigator.sendBeacon(url, 'x'), true, 'a beacon is decided at once');
  assert.deepEqual(asked.map((a) => `${a.transport}:${a.wait}`), ['fetch:true', 'fetch:false', 'beacon:false']);
  lying = true;
  assert.equal(win.navigator.sendBeacon(url, 'jane.doe@example.com'), false, 'a Promise where nothing can wait: blocked');
  assert.equal(win.sent.length, 1, 'nothing else reached the network');
});
