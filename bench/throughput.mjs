// Throughput of consent-guard against its JS peers on the captured SDK payloads, in one run.
//
//   node bench/throughput.mjs            (after scripts/build.sh)
//
// For each preset: the object path (`guard.redact(event)`, per event, as SDK hooks call it) and
// the raw-body path (`guard.redactJson(text)`, per request body), each next to the floor
// `JSON.parse(JSON.stringify(x))` on the same inputs; and, on the events, fast-redact with
// explicit paths, a hand-written JS walk with one PII regex, and redact-pii on every string.
// Consent grants analytics and functional, so events are processed rather than dropped.
import { createGuardSync } from 'consent-guard';
import fastRedact from 'fast-redact';
import { SyncRedactor } from 'redact-pii';
import { loadFixtures } from './fixtures.mjs';

const MIN_MS = Number(process.env.BENCH_MS ?? 400);

/** Runs `fn` over `inputs` repeatedly for at least MIN_MS; returns inputs processed per second. */
export function rate(inputs, fn) {
  for (let i = 0; i < 3; i++) for (const x of inputs) fn(x);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    for (const x of inputs) fn(x);
    n += inputs.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n / elapsed) * 1000;
}

// Explicit paths for fast-redact: the fields each preset treats as personal.
const FAST_PATHS = {
  posthog: ['properties.$current_url', 'properties.$referrer', 'properties.title', 'properties.$set', 'properties.$raw_user_agent', 'person_properties'],
  segment: ['context.page.url', 'context.page.referrer', 'context.page.title', 'context.page.search', 'traits', 'context.userAgent'],
  sentry: ['request.url', 'request.headers', 'user.email', 'exception.values[*].value', 'contexts.*'],
  // fast-redact cannot address keys such as "[Amplitude] Page Location".
  amplitude: ['event_properties.referrer', 'user_properties', 'user_agent'],
  mixpanel: ['properties.$current_url', 'properties.$referrer', '$set', 'properties.email'],
  otel: ['resourceSpans[*].scopeSpans[*].spans[*].attributes'],
};

/** A copy of `v` with `leaf` applied to every string: how the JS peers walk an event. */
function mapStrings(v, leaf) {
  if (typeof v === 'string') return leaf(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, leaf));
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) out[k] = mapStrings(v[k], leaf);
    return out;
  }
  return v;
}

const PII = /[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d ().-]{7,}\d|\b(?:\d[ -]?){13,19}\b/g;
const handWalk = (v) => mapStrings(v, (s) => s.replace(PII, '[redacted]'));

const redactPii = new SyncRedactor();
const redactPiiWalk = (v) => mapStrings(v, (s) => redactPii.redact(s));

const floor = (x) => JSON.parse(JSON.stringify(x));

export function run() {
  const fixtures = loadFixtures();
  const rows = [];
  for (const preset of ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel']) {
    const fx = fixtures.filter((f) => f.preset === preset);
    const events = fx.flatMap((f) => f.events);
    const bodies = fx.map((f) => JSON.stringify(f.body));
    const guard = createGuardSync({ preset, consent: { analytics: true, functional: true } });
    const fast = fastRedact({ paths: FAST_PATHS[preset], censor: '[REDACTED]', serialize: false, strict: false });
    const bytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0) / events.length;
    const floorEvents = rate(events, floor);
    const floorBodies = rate(bodies.map((b) => JSON.parse(b)), floor);
    const r = {
      preset,
      events: events.length,
      avgBytes: Math.round(bytes),
      floor: floorEvents,
      redact: rate(events, (e) => guard.redact(e)),
      fastRedact: rate(events, (e) => fast(floor(e))),
      handWalk: rate(events, handWalk),
      redactPii: rate(events, redactPiiWalk),
      floorBodies,
      redactJson: rate(bodies, (b) => guard.redactJson(b)),
    };
    rows.push(r);
  }
  return rows;
}

function fmt(n) {
  return n >= 1e5 ? `${Math.round(n / 1e3)}k` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = run();
  console.log(`node ${process.version}, ${MIN_MS} ms per measurement; ratios are throughput / floor throughput on the same inputs\n`);
  console.log('| preset | events (avg B) | floor ev/s | redact ev/s (×floor) | fast-redact* | hand regex* | redact-pii* | floor bodies/s | redactJson bodies/s (×floor) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  for (const r of rows) {
    console.log(`| ${r.preset} | ${r.events} (${r.avgBytes}) | ${fmt(r.floor)} | ${fmt(r.redact)} (${ratio(r.redact, r.floor)}) | ${ratio(r.fastRedact, r.floor)} | ${ratio(r.handWalk, r.floor)} | ${ratio(r.redactPii, r.floor)} | ${fmt(r.floorBodies)} | ${fmt(r.redactJson)} (${ratio(r.redactJson, r.floorBodies)}) |`);
  }
  const geo = (k, base) => Math.exp(rows.reduce((s, r) => s + Math.log(r[k] / r[base]), 0) / rows.length);
  console.log(`\ngeometric mean: redact ${geo('redact', 'floor').toFixed(2)}×, redactJson ${geo('redactJson', 'floorBodies').toFixed(2)}×, fast-redact ${geo('fastRedact', 'floor').toFixed(2)}×, hand regex ${geo('handWalk', 'floor').toFixed(2)}×, redact-pii ${geo('redactPii', 'floor').toFixed(2)}×`);
  console.log('* peers run on the same events and do less work: fixed paths or a few regexes, no consent, no URL/UA/time handling.');
}
