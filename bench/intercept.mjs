// Added latency per intercepted request, for each body format the codecs read: the wrapped
// fetch of intercept(guard) against the same call with no interceptor, in Node (which has
// fetch, Request, Blob). The "network" is a stub that takes the body and resolves at once, so
// the difference is consent-guard's whole cost: matching the URL, reading the body, decoding
// (gunzip, base64, envelope, OTLP), redacting, encoding (gzip) and rebuilding the request.
//   node bench/intercept.mjs
import { gzipSync } from 'node:zlib';
import { createGuardSync, intercept } from 'consent-guard';
import { loadFixtures, rawFixture } from './fixtures.mjs';

const fixtures = loadFixtures();
const body = (file) => rawFixture(file).body;

function posthogBatch(targetBytes) {
  const events = fixtures.filter((f) => f.sdk === 'posthog' && Array.isArray(f.body.batch)).flatMap((f) => f.body.batch);
  const batch = [];
  while (JSON.stringify(batch).length < targetBytes) batch.push(events[batch.length % events.length]);
  return { api_key: 'phc_TESTPROJECTTOKEN', batch, sent_at: new Date().toISOString() };
}

function mixpanelForm(value) {
  return `data=${encodeURIComponent(Buffer.from(JSON.stringify(value)).toString('base64'))}`;
}

export function cases() {
  const ph2 = posthogBatch(2 * 1024);
  const ph64 = posthogBatch(64 * 1024);
  const sentry = body('sentry-hook0-29-envelope.json').map((l) => JSON.stringify(l)).join('\n');
  return [
    ['PostHog gzip+json, 2 KB batch', 'https://us.i.posthog.com/i/v0/e/', 'posthog', new Uint8Array(gzipSync(JSON.stringify(ph2))), JSON.stringify(ph2).length],
    ['PostHog gzip+json, 64 KB batch', 'https://us.i.posthog.com/i/v0/e/', 'posthog', new Uint8Array(gzipSync(JSON.stringify(ph64))), JSON.stringify(ph64).length],
    // The same 64 KB batch without gzip: the difference is the gzip round trip.
    ['PostHog json, same 64 KB batch', 'https://us.i.posthog.com/i/v0/e/', 'posthog', JSON.stringify(ph64), null],
    ['Segment json batch', 'https://api.segment.io/v1/b', 'segment', JSON.stringify(body('segment-batching_1-61-v1_b.json')), null],
    ['Mixpanel form (base64)', 'https://api-js.mixpanel.com/track/', 'mixpanel', mixpanelForm(body('mixpanel-json_1-54-track.json').data.value), null],
    ['Sentry envelope (error event)', 'https://o1.ingest.sentry.io/api/1/envelope/', 'sentry', sentry, null],
    ['Amplitude json', 'https://api2.amplitude.com/2/httpapi', 'amplitude', JSON.stringify(body('amplitude-hook0-39-2_httpapi.json')), null],
    ['OTLP/JSON traces', 'https://collector.example/v1/traces', 'otel', JSON.stringify(body('otel-hook0-49-v1_traces.json')), null],
  ];
}

function fakeWindow() {
  const win = {
    fetch: (_input, init) => Promise.resolve(init?.body),
    Blob, Request, Response, Headers, URLSearchParams,
    location: { href: 'https://app.example/' },
  };
  return win;
}

async function time(fn, budgetMs = 400) {
  for (let i = 0; i < 50; i++) await fn();
  const samples = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || samples.length < 30) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1], p99: samples[Math.floor(samples.length * 0.99)] };
}

export async function run() {
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true, functional: true, personalization: true } });
  const plain = fakeWindow();
  const wrapped = fakeWindow();
  intercept(guard, { window: wrapped, endpoints: [{ vendor: 'otel', hosts: ['collector.example'] }] });
  const rows = [];
  for (const [name, url, , payload, jsonBytes] of cases()) {
    const init = { method: 'POST', body: payload, keepalive: true };
    const sent = await wrapped.fetch(url, init);
    if (sent === undefined) throw new Error(`${name}: the interceptor sent nothing`);
    const base = await time(() => plain.fetch(url, init));
    const withGuard = await time(() => wrapped.fetch(url, init));
    const size = typeof payload === 'string' ? payload.length : payload.byteLength;
    rows.push({ name, bytes: size, jsonBytes, added: withGuard.median - base.median, p99: withGuard.p99 - base.p99 });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await run();
  console.log(`added latency per intercepted fetch, node ${process.version}\n`);
  console.log('| body | bytes on the wire | added median ms | added p99 ms |\n|---|---|---|---|');
  for (const r of rows) {
    const size = r.jsonBytes ? `${r.bytes} (${r.jsonBytes} JSON)` : `${r.bytes}`;
    console.log(`| ${r.name} | ${size} | ${r.added.toFixed(3)} | ${r.p99.toFixed(3)} |`);
  }
}
