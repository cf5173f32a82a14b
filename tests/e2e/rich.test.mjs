// Every channel of the six real SDKs with their richer features on (www/rich/: autocapture,
// heatmaps, web vitals, exception capture, session replay, logs, metrics, groups, network
// tracking, feedback), in headless Chromium, on both routes (the SDK's own hooks through
// consent-guard/integrations, and intercept(guard)) and three consent states, plus a page whose
// CSP stops the engine on the hook route. Planted values (www/rich/rich.js CANARIES) sit in the
// page URL, title, referrer, typed inputs, link hrefs, form actions, traits, nested properties,
// errors, logs, metrics and the app's own requests. Every request the collector received is
// searched, decoded as deep as a collector could (gzip, base64 forms, zlib, JSON and gzip inside
// strings), together with its query and headers.
//
// Under {} nothing gated arrives; under analytics only no planted value but the app's own user
// and group id arrives; under everything granted, detectable values never arrive (granted names,
// titles and addresses may). On the hook route the
// SDKs store no planted value while storage is not allowed. Writes target/e2e-rich.md.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';
import { deepText, CANARIES } from '../js/support/captures.mjs';
import { channelOf, deepDecode } from '../../scripts/capture-sdk-traffic.mjs';

const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
const ROUTES = ['hook', 'intercept'];
const CONSENTS = ['necessary', 'analytics', 'all'];

// The identity analytics is for: the user id and group id the app set (identify, group) arrive
// once analytics is granted, never before (README "Identity").
const ANALYTICS_IDENTITY = new Set(['user_id', 'group_key']);
// What a person may grant and see arrive: names, titles, addresses and notes are not detectable
// and are sent once personalization is granted. Everything else planted (emails, phones, URL
// tokens, typed text, cookies) never arrives.
const GRANTABLE = new Set([...ANALYTICS_IDENTITY, 'title', 'trait_name', 'group_name', 'button_text', 'nested_street', 'nested_note', 'typed_text']);
// The app's own cookie rides on same-origin requests of the hook route (the SDKs' fetches send
// credentials; only the interceptor can omit them): see the README's "Headers the page cannot
// control". It is checked on the intercept route.
const HOOK_HEADER_EXCEPTIONS = ['cookie', 'referer'];

const server = await startServer({ port: 0, csp: null });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const results = [];
test.after(async () => {
  await browser.close();
  server.close();
  mkdirSync(new URL('../../target/', import.meta.url), { recursive: true });
  const lines = ['| SDK | route | consent | requests | events | planted values found |', '|---|---|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.sdk} | ${r.route} | ${r.consent} | ${r.requests} | ${r.events} | ${r.found.length ? r.found.join(', ') : 'none'} |`);
  writeFileSync(new URL('../../target/e2e-rich.md', import.meta.url), `${lines.join('\n')}\n`);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Drives a rich page as the capture script does (scripts/capture-sdk-traffic.mjs), then leaves it. */
async function run(sdk, route, consent, { csp } = {}) {
  server.collector.records.length = 0;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Nothing leaves for another host: an SDK's request to its real endpoint fails the run.
  const offhost = [];
  await context.route((url) => /^https?:/.test(url.protocol) && !url.href.startsWith(base), (r) => {
    offhost.push(r.request().url());
    return r.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const query = new URLSearchParams({
    to: sdk, ref_token: CANARIES.referrer_token, ref_email: CANARIES.referrer_email,
    route, consent, token: CANARIES.url_token, email: CANARIES.url_email, ...(csp ? { csp } : {}),
  });
  await page.goto(`${base}/rich/start.html?${query}#section-${CANARIES.url_hash}`);
  await Promise.all([page.waitForURL(`**/rich/${sdk}.html**`), page.click('#go')]);
  await page.waitForFunction((r) => window.__rich && window.__cg && (r === 'none' || window.__cg.readyAt || window.__cg.failed), route, { timeout: 15000 });
  await sleep(1500); // remote config, recorders start
  await page.click('#rich-email');
  await page.keyboard.type(CANARIES.typed_email, { delay: 2 });
  await page.click('#rich-text');
  await page.keyboard.type(CANARIES.typed_text, { delay: 2 });
  await page.click('#rich-password');
  await page.keyboard.type(CANARIES.typed_password, { delay: 2 });
  await page.click('#rich-link');
  await page.click('#rich-data');
  for (let i = 0; i < 4; i++) await page.click('#rich-button', { delay: 0 });
  await page.click('#rich-dead');
  await page.click('#rich-submit');
  await page.mouse.wheel(0, 400);
  await page.evaluate(() => window.__rich.api());
  await sleep(800);
  await page.evaluate(() => window.__rich.spa());
  await sleep(800);
  await page.click('#rich-button');
  await page.evaluate(() => Promise.race([window.__rich.flush(), new Promise((r) => setTimeout(r, 6000))]));
  await sleep(500);
  const state = await page.evaluate(() => ({ failed: window.__cg.failed, readyAt: window.__cg.readyAt }));
  const storage = await page.evaluate(() => {
    const dump = (s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n');
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  await Promise.all([page.waitForURL('**/rich/next.html**'), page.click('#rich-next')]);
  await sleep(1500); // unload beacons
  await context.close();
  const records = server.collector.records.filter((r) => r.vendor === sdk);
  // RICH_DEBUG=1 keeps what arrived, to see where a planted value sat.
  if (process.env.RICH_DEBUG) writeFileSync(new URL(`../../target/rich-${sdk}-${route}-${consent}.json`, import.meta.url), JSON.stringify(records, null, 1));
  return { state, records, storage, offhost, errors };
}

/** Everything a request carried, as a collector could read it. */
function wireText(records, { skipHeaders = [] } = {}) {
  return records.map((r) => {
    const headers = Object.entries(r.headers).filter(([n]) => !skipHeaders.includes(n)).map(([n, v]) => `${n}: ${v}`);
    let body = '';
    try {
      body = deepText(Buffer.from(r.raw, 'base64'));
    } catch {
      body = Buffer.from(r.raw, 'base64').toString('latin1');
    }
    return [r.method, r.path, JSON.stringify(r.query), ...headers, body, r.text ?? ''].join('\n');
  }).join('\n');
}

/** A value as it may appear on the wire: as is, or percent-encoded (queries, forms). */
function forms(value) {
  const enc = encodeURIComponent(value);
  return [value, enc, enc.replace(/%20/g, '+')];
}

function found(text, names) {
  return names.filter((name) => forms(CANARIES[name]).some((f) => text.includes(f)));
}

const ALL = Object.keys(CANARIES);

// Segment's own library counters (/v1/m) pass no plugin and no load option turns them off: on the
// hook route they still leave. They must carry nothing from the page: only analytics_js counters
// tagged with the library's name and version.
function segmentLibraryMetrics(r) {
  if (r.vendor !== 'segment' || r.path !== '/v1/m') return false;
  const series = r.body?.series;
  assert.ok(Array.isArray(series) && series.length > 0, '/v1/m holds a series');
  for (const m of series) {
    assert.match(m.metric, /^analytics_js\./, `a library counter: ${m.metric}`);
    assert.deepEqual(Object.keys(m.tags ?? {}).sort().filter((t) => !['library', 'library_version'].includes(t)), [], 'tagged with the library only');
  }
  return true;
}
const events = (records) => records.filter((r) => !segmentLibraryMetrics(r)).reduce((n, r) => n + r.events, 0);

for (const sdk of SDKS) {
  for (const route of ROUTES) {
    for (const consent of CONSENTS) {
      test(`rich ${sdk} via ${route}, consent ${consent}`, async () => {
        const { state, records, storage, offhost } = await run(sdk, route, consent);
        assert.equal(state.failed, null, 'the engine started');
        assert.deepEqual(offhost, [], 'nothing went to another host');
        const text = wireText(records, { skipHeaders: route === 'hook' ? HOOK_HEADER_EXCEPTIONS : [] });
        const allowed = consent === 'all' ? GRANTABLE : consent === 'analytics' ? ANALYTICS_IDENTITY : new Set();
        const forbidden = ALL.filter((n) => !allowed.has(n));
        const leaked = found(text, forbidden);
        results.push({ sdk, route, consent, requests: records.length, events: records.reduce((n, r) => n + r.events, 0), found: found(text, ALL) });
        assert.deepEqual(leaked, [], `planted values reached the collector: ${leaked.join(', ')}`);
        if (consent === 'necessary' && sdk !== 'sentry') assert.equal(events(records), 0, 'no event arrives without analytics');
        if (consent !== 'necessary') assert.ok(records.some((r) => r.events > 0), 'events arrive');
        if (route === 'hook' && consent === 'necessary') {
          // Storage is not allowed (policy `storage`: analytics): nothing planted is kept.
          const stored = storage.replace(`app_session=${CANARIES.cookie_value}`, '');
          const kept = found(stored, ALL);
          const where = stored.split('\n').filter((line) => found(line, kept).length > 0).map((line) => line.split('=')[0]);
          assert.deepEqual(kept, [], `stored on the device without consent: ${kept.join(', ')} in ${where.join(', ')}`);
        }
      });
    }
  }
}

// The inventory (tests/fixtures/captures/inventory.json) must know every channel the installed
// SDK uses: unguarded (route=none), every request the page makes is named as the capture script
// names channels and looked up. A new SDK version with a new channel fails here until the
// inventory, the endpoint table and the integration cover it.
const inventory = JSON.parse(readFileSync(new URL('../fixtures/captures/inventory.json', import.meta.url), 'utf8'));
for (const sdk of SDKS) {
  test(`rich ${sdk} unguarded: every channel it uses is in the inventory`, async () => {
    const { records, offhost } = await run(sdk, 'none', 'all');
    const known = new Set(inventory.sdks[sdk].channels.map((c) => c.id));
    const seen = new Set(records.map((r) => channelOf(sdk, r, deepDecode(sdk, r, Buffer.from(r.raw, 'base64')))));
    assert.ok(seen.size > 0, 'the SDK sent something');
    assert.deepEqual([...seen].filter((c) => !known.has(c)), [], 'channels missing from the inventory');
    assert.deepEqual(offhost, [], 'no channel went to another host');
  });
}

for (const sdk of SDKS) {
  test(`rich ${sdk} via hook under a CSP without 'wasm-unsafe-eval': every channel withheld`, async () => {
    const { state, records } = await run(sdk, 'hook', 'all', { csp: 'strict' });
    assert.equal(state.failed, 'MODULE_LOAD_FAILED', 'the engine cannot load');
    const leaked = found(wireText(records, { skipHeaders: HOOK_HEADER_EXCEPTIONS }), ALL);
    assert.deepEqual(leaked, [], `planted values reached the collector: ${leaked.join(', ')}`);
    const bodies = records.filter((r) => (r.bytes > 0 || 'data' in r.query) && !segmentLibraryMetrics(r));
    assert.deepEqual(bodies.map((r) => `${r.method} ${r.path}`), [], 'no request with a body is sent');
  });
}
