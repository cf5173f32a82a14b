// Seam 5: the interceptor guards the whole request (Node, a stand-in window with Node's own
// fetch classes and a stub network). The same classes run in Chromium, with other realms and a
// real network, in tests/e2e/intercept-seams.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync, intercept } from 'consent-guard';

const TOKEN = 'QUERYTOKEN77';
const EMAIL = 'jane.doe@example.com';

function fakeWindow() {
  const sent = [];
  const record = async (via, url, init = {}, input) => {
    const body = init.body ?? (input?.body ? new Uint8Array(await input.arrayBuffer()) : undefined);
    const headers = init.headers ? [...new Headers(init.headers)] : input?.headers ? [...input.headers] : [];
    sent.push({ via, url: String(url), body, headers, referrerPolicy: init.referrerPolicy, credentials: init.credentials, method: init.method });
  };
  const win = {
    sent,
    fetch: async (input, init) => {
      await record('fetch', input.url ?? input, init, typeof input === 'object' && 'url' in input ? input : undefined);
      return new Response('{}');
    },
    Blob, Request, Response, URLSearchParams, Headers,
    location: { href: `https://app.example/checkout?token=${TOKEN}` },
    navigator: { sendBeacon: (url, data) => (sent.push({ via: 'beacon', url: String(url), body: data }), true) },
  };
  return win;
}

const text = async (body) => (body === undefined ? '' : typeof body === 'string' ? body : Buffer.from(body instanceof Blob ? await body.arrayBuffer() : body).toString());
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64');
const EVENTS = [{ event: 'checkout', properties: { token: 'MIXPANELTOKEN', $current_url: `https://app.example/?token=${TOKEN}`, message: `mail ${EMAIL}` } }];

function intercepted(preset, consent = { analytics: true }) {
  const win = fakeWindow();
  const receipts = [];
  intercept(createGuardSync({ preset, consent }), { window: win, onReceipt: (r) => receipts.push(r) });
  return { win, receipts };
}

test('events in the query are redacted like a body (Mixpanel GET mode)', async () => {
  const { win } = intercepted('mixpanel');
  await win.fetch(`https://api-js.mixpanel.com/track/?data=${encodeURIComponent(b64(EVENTS))}&ip=1&_=1700000000000`);
  const url = new URL(win.sent[0].url);
  const events = JSON.parse(Buffer.from(url.searchParams.get('data'), 'base64'));
  assert.equal(events[0].properties.$current_url, 'https://app.example/');
  assert.equal(events[0].properties.message, 'mail [email]');
  assert.equal(url.searchParams.get('ip'), '1');
  // Nothing granted: nothing goes, and the SDK hears a success.
  const denied = intercepted('mixpanel', {});
  const res = await denied.win.fetch(`https://api-js.mixpanel.com/track/?data=${encodeURIComponent(b64(EVENTS))}&ip=1`);
  assert.equal(res.status, 200);
  assert.equal(denied.win.sent.length, 0);
});

test('unknown query parameters go, known ones are scanned', async () => {
  // Feature flags need `functional`.
  const { win } = intercepted('posthog', { analytics: true, functional: true });
  const person = encodeURIComponent(JSON.stringify({ email: EMAIL }));
  await win.fetch(`https://us.i.posthog.com/flags/?v=2&person_properties=${person}&ver=1.449.2&token=${encodeURIComponent(EMAIL)}`, { method: 'POST', body: '{"distinct_id":"d"}' });
  const url = win.sent[0].url;
  assert.ok(!url.includes('person_properties') && !url.includes('jane'), url);
  assert.match(url, /ver=1\.449\.2/);
});

test('headers with detected values are not sent; Referer is the origin only; no cookies', async () => {
  const { win } = intercepted('segment');
  await win.fetch('https://api.segment.io/v1/t', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-debug-user': EMAIL },
    body: JSON.stringify({ type: 'track', event: 'x' }),
  });
  const sent = win.sent[0];
  assert.deepEqual(sent.headers.map(([n]) => n), ['content-type']);
  assert.equal(sent.referrerPolicy, 'strict-origin');
  assert.equal(sent.credentials, 'omit');
});

test('fetch(request, init) reads the body the Fetch standard reads', async () => {
  const { win } = intercepted('posthog');
  const body = JSON.stringify({ batch: EVENTS.map((e) => ({ ...e, event: '$pageview' })) });
  // init.body null or absent: the Request's own body is what goes out, so it is what is redacted.
  for (const init of [undefined, { body: null }, { body: undefined }, { method: 'POST' }]) {
    win.sent.length = 0;
    await win.fetch(new Request('https://us.i.posthog.com/e/', { method: 'POST', body }), init);
    const out = await text(win.sent[0].body);
    assert.ok(!out.includes(TOKEN) && !out.includes(EMAIL), `${JSON.stringify(init)}: ${out}`);
  }
});

test('a URL object is read once: what was checked is what is fetched', async () => {
  const { win } = intercepted('posthog');
  let reads = 0;
  const shifty = { toString: () => (reads++ === 0 ? 'https://app.example/harmless' : 'https://us.i.posthog.com/e/') };
  await win.fetch(shifty, { method: 'POST', body: JSON.stringify({ batch: EVENTS }) });
  assert.equal(win.sent[0].url, 'https://app.example/harmless');
  assert.equal(reads, 1);
  // A fake whose toStringTag says Request is not a Request: its `url` field is not believed.
  const fake = { [Symbol.toStringTag]: 'Request', url: 'https://app.example/harmless', toString: () => 'https://us.i.posthog.com/e/' };
  win.sent.length = 0;
  await win.fetch(fake, { method: 'POST', body: JSON.stringify({ batch: EVENTS }) });
  assert.ok(!(await text(win.sent[0].body)).includes(TOKEN));
});

test('path variants are classified; an unknown path on a telemetry host is blocked', async () => {
  const { win, receipts } = intercepted('posthog');
  const body = JSON.stringify({ batch: EVENTS.map((e) => ({ ...e, event: '$pageview' })) });
  for (const url of ['https://us.i.posthog.com/e', 'https://us.i.posthog.com//e/', 'https://us.i.posthog.com/%65/',
    'https://us.i.posthog.com./e/', 'https://US.I.POSTHOG.COM/i/v0/e', 'https://us.i.posthog.com/i/v1/logs']) {
    win.sent.length = 0;
    await win.fetch(url, { method: 'POST', body });
    assert.equal(win.sent.length, 1, url);
    assert.ok(!(await text(win.sent[0].body)).includes(TOKEN), url);
  }
  win.sent.length = 0;
  await assert.rejects(win.fetch('https://us.i.posthog.com/new/channel', { method: 'POST', body }), /blocked/);
  assert.equal(receipts.at(-1).dropped[0].reason, 'blocked');
  // A configuration path may be fetched without a body.
  await win.fetch('https://us.i.posthog.com/array/phc_x/config');
  assert.equal(win.sent.length, 1);
  await assert.rejects(win.fetch('https://us.i.posthog.com/array/phc_x/config', { method: 'POST', body }), /blocked/);
});

test('the missing endpoints are known', async () => {
  const cases = [
    ['mixpanel', 'https://api-js.mixpanel.com/record/?format=body', 'data=' + encodeURIComponent(b64(EVENTS))],
    ['mixpanel', 'https://api-js.mixpanel.com/groups/', 'data=' + encodeURIComponent(b64([{ $group_key: 'company', $set: { owner: EMAIL } }]))],
    ['amplitude', 'https://api2.amplitude.com/2/httpapi/', JSON.stringify({ api_key: 'k', events: [{ event_type: 'x', event_properties: { message: EMAIL } }] })],
    ['sentry', 'https://o1.ingest.sentry.io/api/1/envelope', `{}\n{"type":"event"}\n{"message":"${EMAIL}"}\n`],
  ];
  for (const [preset, url, body] of cases) {
    const { win } = intercepted(preset, { analytics: true, personalization: false });
    await win.fetch(url, { method: 'POST', body });
    assert.equal(win.sent.length, 1, url);
    assert.ok(!(await text(win.sent[0].body)).includes(EMAIL), url);
  }
  const otel = fakeWindow();
  intercept(createGuardSync({ preset: 'otel', consent: { analytics: true } }), { window: otel, endpoints: [{ vendor: 'otel', hosts: ['collector.local'] }] });
  const logs = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: EMAIL } }] }] }] };
  await otel.fetch('https://collector.local/v1/logs', { method: 'POST', body: JSON.stringify(logs) });
  assert.ok(!(await text(otel.sent[0].body)).includes(EMAIL));
});

test('bad inputs fail closed with a receipt, not a TypeError', async () => {
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const buf = new ArrayBuffer(8);
  structuredClone(buf, { transfer: [buf] }); // detaches it
  const out = guard.redactBody(buf);
  assert.equal(out.body, null);
  assert.match(out.receipt.dropped[0].detail, /detached/);
  const req = guard.redactRequest({ query: '', body: buf });
  assert.equal(req.body, null);
  const { win } = intercepted('posthog');
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
  await assert.rejects(win.fetch('https://us.i.posthog.com/e/', { method: 'POST', body: detached }), /blocked/);
});
