// Attack 9, class G: how the interceptor classifies and rebuilds a telemetry URL (Node, a
// stand-in window as in intercept-seams.test.mjs).
//
// G1. An endpoint `prefix` (a same-origin proxy, e.g. `/ingest` rewritten to PostHog) is matched
//     case-sensitively (`path.startsWith(prefix + '/')`) while the paths under it and every
//     host are matched case-insensitively. `/INGEST/e/` is therefore not telemetry at all and is
//     fetched raw, by a proxy that routes case-insensitively (Express's default router does) to
//     the vendor.
// G2. The path of a telemetry request is sent as it came; only the query and body are
//     redacted. Where an endpoint's path has a `*` or `**` (Segment `/v1/*`, Sentry
//     `/api/*/envelope`, PostHog's config paths `/static/**`, `/api/**`, `/array/**`), any text
//     rides in the path to the vendor, detected personal data included.
//
// Every test asserts the safe outcome and fails today.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync, intercept } from 'consent-guard';

const EMAIL = 'jane.doe@example.com';
const TOKEN = 'PROXYTOKEN55';

function fakeWindow() {
  const sent = [];
  return {
    sent,
    fetch: async (input, init = {}) => {
      sent.push({ url: String(input.url ?? input), body: init.body });
      return new Response('{}');
    },
    Blob, Request, Response, URLSearchParams, Headers,
    location: { href: 'https://app.example/checkout' },
    navigator: { sendBeacon: () => true },
  };
}

const text = (body) => (body === undefined ? '' : typeof body === 'string' ? body : Buffer.from(body).toString());
const BODY = JSON.stringify({ batch: [{ event: '$pageview', properties: { $current_url: `https://app.example/?token=${TOKEN}`, message: `mail ${EMAIL}` } }] });

test('G1: a prefix spelled in another case is not telemetry, and goes raw', async () => {
  const win = fakeWindow();
  intercept(createGuardSync({ preset: 'posthog', consent: { analytics: true } }),
    { window: win, endpoints: [{ vendor: 'posthog', hosts: ['app.example'], prefix: '/ingest' }] });
  // Control: the documented spelling is redacted.
  await win.fetch('https://app.example/ingest/e/', { method: 'POST', body: BODY });
  assert.ok(!text(win.sent[0].body).includes(EMAIL), 'control');
  for (const url of ['https://app.example/INGEST/e/', 'https://app.example/Ingest/e/', 'https://app.example/%49ngest/e/']) {
    win.sent.length = 0;
    await win.fetch(url, { method: 'POST', body: BODY }).catch(() => {});
    const out = win.sent.length ? text(win.sent[0].body) : '';
    assert.ok(!out.includes(EMAIL) && !out.includes(TOKEN), `${url}: sent raw: ${out}`);
  }
});

test('G2: the path of a telemetry request carries anything to the vendor', async () => {
  const cases = [
    ['segment', `https://api.segment.io/v1/${EMAIL}`, JSON.stringify({ type: 'track', event: 'x' })],
    ['sentry', `https://o1.ingest.sentry.io/api/${EMAIL}/envelope/`, '{}\n{"type":"event"}\n{"message":"x"}\n'],
    ['posthog', `https://us.i.posthog.com/static/${EMAIL}/${TOKEN}.js`, undefined],
  ];
  for (const [preset, url, body] of cases) {
    const win = fakeWindow();
    intercept(createGuardSync({ preset, consent: { analytics: true } }), { window: win });
    await win.fetch(url, body === undefined ? undefined : { method: 'POST', body }).catch(() => {});
    const out = win.sent.map((s) => decodeURIComponent(s.url)).join(' ');
    assert.ok(!out.includes(EMAIL) && !out.includes(TOKEN), `${preset}: ${out}`);
  }
});
