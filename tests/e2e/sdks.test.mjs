// The real SDKs in headless Chromium, against the local collector: every SDK x consent state x
// route (the SDK's own hook, and intercept(guard) on the network). Each page plants canary PII
// (event properties, identify traits, the page URL's query, the title, a button's text, an error
// message); the collector's raw bytes and decoded bodies (gzip included, and the beacons sent at
// unload) are searched for them. Also: a strict CSP without 'wasm-unsafe-eval' blocks telemetry.
// Each page's requests table is checked against the collector: one row per request, its endpoint,
// and the changes consent-guard made highlighted beside what the SDK tried to send.
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

/** The page's requests table (after a refresh), and the collector's record ids around it. */
async function readTable(page, sdk) {
  const ids = () => server.collector.records.filter((r) => r.vendor === sdk).map((r) => r.id);
  const before = ids();
  const rows = await page.evaluate(async () => {
    await window.__panel.refresh();
    return [...document.querySelectorAll('#requests tbody tr')].map((tr) => ({
      id: Number(tr.dataset.id),
      cells: [...tr.children].map((td) => td.textContent),
      endpoint: tr.querySelector('td.endpoint').textContent,
      matched: !tr.querySelector('td.changes').classList.contains('none'),
      changes: [...tr.querySelectorAll('td.changes li')].map((li) => ({
        kind: li.dataset.kind,
        path: li.dataset.path,
        marked: li.querySelector('mark.chg')?.className ?? null,
        // The cells show up to 60 characters; the title holds the whole value.
        before: li.querySelector('del')?.title ?? null,
        after: li.querySelector('ins')?.title ?? null,
      })),
      raw: tr.querySelector('details > pre')?.textContent ?? null,
    }));
  });
  const withheld = await page.$$eval('#withheld li:not(.none)', (lis) => lis.map((li) => li.textContent));
  const unmatched = await page.textContent('#unmatched');
  return { before, rows, after: ids(), withheld, unmatched };
}

/** Loads an SDK page, acts on it, flushes, leaves it (unload beacons), returns what arrived. */
async function run(sdk, route, consent, { csp } = {}) {
  server.collector.records.length = 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const cspViolations = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  const cspParam = csp ? `&csp=${csp}` : '';
  await page.goto(`${base}/sdk/${sdk}.html?route=${route}&consent=${consent}${cspParam}&${QUERY}`);
  await page.waitForFunction(() => window.__cg && (window.__cg.readyAt || window.__cg.failed), null, { timeout: 10000 });
  await page.waitForTimeout(900);
  await page.click('#act-email');
  await page.evaluate(() => Promise.race([window.__flush?.(), new Promise((r) => setTimeout(r, 2500))]));
  await page.waitForTimeout(600);
  const state = await page.evaluate(() => window.__cg);
  const table = csp ? null : await readTable(page, sdk);
  const recordsShown = server.collector.records.filter((r) => r.vendor === sdk);
  await page.goto('about:blank');
  await page.waitForTimeout(500);
  await context.close();
  const records = server.collector.records.filter((r) => r.vendor === sdk);
  return { state, records, recordsShown, table, errors, cspViolations };
}

/**
 * The table holds one row per request the collector had received (rows for requests that came
 * in while it was read are allowed), each with its endpoint path and size.
 */
function checkRows(sdk, { table, recordsShown }) {
  const rowIds = table.rows.map((r) => r.id);
  assert.equal(new Set(rowIds).size, rowIds.length, 'no request has two rows');
  for (const id of table.before) assert.ok(rowIds.includes(id), `request ${id} has a row`);
  for (const id of rowIds) assert.ok(table.after.includes(id), `row ${id} is a request the collector received`);
  for (const row of table.rows) {
    const record = recordsShown.find((r) => r.id === row.id);
    assert.equal(row.endpoint, `/${sdk}${record.path}`, 'the row names its endpoint path');
    assert.equal(row.cells[1], record.method);
    assert.match(row.cells[0], /^\+\d+\.\d\d s$/, 'the time since the page loaded');
    assert.match(row.cells[3], /^\d+ B/, 'the size');
    assert.ok(row.raw !== null, 'the body as received is one click away');
    // Every request that carried events is matched to the guard's calls that made it.
    if (record.events > 0) assert.ok(row.matched, `${row.endpoint} (${record.events} events) is matched: ${row.cells[4]}`);
  }
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
        const run_ = await run(sdk, route, consent);
        const { state, records, table } = run_;
        assert.equal(state.failed, null, 'the engine started');
        assert.deepEqual(run_.cspViolations, [], 'the page runs under its CSP');
        checkRows(sdk, run_);
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
          // What consent-guard held back is listed, with the reason.
          if (sdk !== 'sentry') assert.ok(table.withheld.some((w) => w.includes('consent (missing analytics)')), `listed as not sent: ${table.withheld}`);
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
        // Some request's row highlights a planted value consent-guard took out or rewrote: the
        // value the SDK tried to send beside what was sent instead.
        const changes = table.rows.flatMap((r) => r.changes);
        const planted = changes.filter((c) => c.before !== null && ALWAYS_GONE.some((v) => c.before.includes(v)));
        assert.ok(planted.length > 0, `a planted value is shown as changed: ${JSON.stringify(changes.slice(0, 5))}`);
        for (const c of planted) {
          assert.match(c.marked, /^chg (removed|rewritten|dropped)$/, `${c.path} is highlighted`);
          if (c.after !== null) assert.ok(!ALWAYS_GONE.some((v) => c.after.includes(v)), `${c.path}: the after value is clean`);
        }
        if (sdk === 'posthog' && consent === 'analytics') {
          // Without personalization the page title PostHog reads is removed: its row shows the
          // title it held.
          const title = changes.find((c) => /(^|\.)properties\.title$/.test(c.path));
          assert.ok(title, `the removed title has a row: ${JSON.stringify(table.rows.map((r) => [r.endpoint, r.cells[4].slice(0, 80), r.changes.map((c) => c.path)]))} ${table.unmatched}`);
          assert.equal(title.kind, 'removed');
          assert.equal(title.marked, 'chg removed');
          assert.equal(title.before, '"Checkout - Jane Doe (posthog demo)"');
          assert.equal(title.after, null, 'nothing is shown as sent in its place');
        }
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
