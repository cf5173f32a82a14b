// The real SDKs in headless Chromium, against the local collector: every SDK x consent state x
// route (the SDK's own hook, and guard.intercept on the network). Each page plants canary PII
// (event properties, identify traits, the page URL's query, the title, a button's text, an error
// message); the collector's raw bytes and decoded bodies (gzip included, and the beacons sent at
// unload) are searched for them. Also: a strict CSP without 'wasm-unsafe-eval' blocks telemetry.
// Writes the results table to target/e2e-results.md (copied into the README).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
const ROUTES = ['hook', 'intercept'];
const CONSENTS = ['necessary', 'analytics', 'all'];
const QUERY = 'utm_source=newsletter&token=PAGETOKEN456&email=jane.doe%40example.com';

// Never sent, whatever the consent: URL tokens, card numbers, emails and phone numbers (every
// kept string is scanned, granted traits too).
const ALWAYS_GONE = ['PAGETOKEN456', 'jane.doe%40example.com', '4111111111111111', '4111 1111 1111 1111',
  'Email jane.doe', 'failed for jane.doe', 'jane.doe@example.com', '415 555 0132'];
// Sent only when the person granted personalization (identify traits, the page title) or
// functional (Sentry's user).
const GATED = ['Jane Doe'];

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const results = [];
test.after(async () => {
  await browser.close();
  server.close();
  mkdirSync(new URL('../../target/', import.meta.url), { recursive: true });
  const lines = ['| SDK | route | consent | requests | events sent | events dropped | fields redacted |', '|---|---|---|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.sdk} | ${r.route} | ${r.consent} | ${r.requests} | ${r.sent} | ${r.dropped} | ${r.redacted} |`);
  writeFileSync(new URL('../../target/e2e-results.md', import.meta.url), `${lines.join('\n')}\n`);
});

/** Loads an SDK page, acts on it, flushes, leaves it (unload beacons), returns what arrived. */
async function run(sdk, route, consent, { csp } = {}) {
  server.collector.records.length = 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cspParam = csp ? `&csp=${csp}` : '';
  await page.goto(`${base}/sdk/${sdk}.html?route=${route}&consent=${consent}${cspParam}&${QUERY}`);
  await page.waitForFunction(() => window.__cg && (window.__cg.readyAt || window.__cg.failed), null, { timeout: 10000 });
  await page.waitForTimeout(900);
  await page.click('#act-email');
  await page.evaluate(() => Promise.race([window.__flush?.(), new Promise((r) => setTimeout(r, 2500))]));
  await page.waitForTimeout(600);
  const state = await page.evaluate(() => window.__cg);
  await page.goto('about:blank');
  await page.waitForTimeout(500);
  await context.close();
  const records = server.collector.records.filter((r) => r.vendor === sdk);
  return { state, records, errors };
}

function wireText(records) {
  return records.map((r) => `${r.text}\n${Buffer.from(r.raw, 'base64').toString('latin1')}\n${JSON.stringify(r.query)}`).join('\n');
}

function sentryItems(records) {
  return records.flatMap((r) => {
    if (!Array.isArray(r.body)) return [];
    const items = [];
    for (let i = 1; i + 1 < r.body.length; i += 2) items.push({ type: r.body[i].type, payload: r.body[i + 1] });
    return items;
  });
}

for (const sdk of SDKS) {
  for (const route of ROUTES) {
    for (const consent of CONSENTS) {
      test(`${sdk} via ${route}, consent ${consent}`, async () => {
        const { state, records } = await run(sdk, route, consent);
        assert.equal(state.failed, null, 'the engine started');
        const text = wireText(records);
        const sent = records.reduce((n, r) => n + r.events, 0);
        results.push({
          sdk, route, consent,
          requests: records.length,
          sent,
          dropped: state.receipts.reduce((n, r) => n + r.dropped, 0),
          redacted: state.receipts.reduce((n, r) => n + r.changes, 0),
        });

        // Nothing arrives before the engine is ready (the hook route holds it back 300 ms).
        for (const r of records) assert.ok(r.at >= state.readyAt, `${r.path} arrived ${state.readyAt - r.at} ms before the engine was ready`);

        // No gated or detected value arrives: in decoded bodies, raw bytes (gzip) or the query.
        const forbidden = consent === 'all' ? ALWAYS_GONE : [...ALWAYS_GONE, ...GATED];
        for (const canary of forbidden) assert.ok(!text.includes(canary), `${canary} reached the collector`);

        if (consent === 'necessary') {
          // Events need analytics: none arrives. Sentry's error events need only necessary.
          if (sdk === 'sentry') {
            const items = sentryItems(records);
            assert.ok(items.some((i) => i.type === 'event'), 'the scrubbed error event arrives');
            assert.ok(!items.some((i) => i.type === 'transaction'), 'no transactions without analytics');
            // The hook route guards Sentry's transport: spans go as on the network.
            const spans = items.filter((i) => i.type === 'span').flatMap((i) => i.payload.items ?? [i.payload]);
            assert.equal(spans.length, 0, 'no spans without analytics');
          } else {
            assert.equal(sent, 0, `no ${sdk} event arrives without analytics consent`);
          }
          return;
        }
        assert.ok(sent > 0, 'events arrive');
        // Permitted fields arrive intact.
        if (sdk !== 'sentry') assert.match(text, /"plan":\s*"pro"|"stringValue":"pro"/, 'the plan property arrives');
        if (['posthog', 'segment', 'amplitude', 'mixpanel'].includes(sdk)) assert.match(text, /utm_source=newsletter/, 'campaign parameters survive the URL allow-list');
        if (consent === 'all' && sdk !== 'otel') {
          // With personalization (and functional) granted, the identify traits are sent, with
          // what a detector finds in them replaced.
          assert.ok(text.includes('Jane Doe'), 'the permitted trait arrives');
        }
      });
    }
  }
}

for (const sdk of SDKS) {
  test(`${sdk} under a CSP without 'wasm-unsafe-eval': blocked, never raw`, async () => {
    for (const route of ROUTES) {
      const { state, records } = await run(sdk, route, 'all', { csp: 'strict' });
      assert.equal(state.failed, 'MODULE_LOAD_FAILED', `${route}: the engine cannot load`);
      const text = wireText(records);
      for (const canary of [...ALWAYS_GONE, ...GATED]) assert.ok(!text.includes(canary), `${route}: ${canary} reached the collector`);
      if (route === 'intercept' || sdk === 'sentry') {
        // The interceptor, and Sentry's guarded transport, block every telemetry request.
        assert.equal(records.length, 0, 'nothing is sent');
      } else {
        assert.equal(records.reduce((n, r) => n + r.events, 0), 0, 'no event is sent');
      }
    }
  });
}
