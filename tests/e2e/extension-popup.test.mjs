// The popup a person reads, checked against what the collector saw: which companies received
// data and how many requests, what kinds of data were removed (in words), what went out
// unchanged and what failed, and the receipts page behind it. Screenshots go to target/ (not
// committed). And the options page edits per-site levels and custom endpoints with form
// controls, refusing bad input with a reason. Every wait is on a condition.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer } from '../../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings, settingsApplied, waitUntil, settled, resetCounts, countsFor } from './extension.mjs';

const server = await startServer({ port: 0 });
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
const { context, worker, id } = await launchWithExtension();
const endpoints = collectorEndpoints(port);
test.after(async () => {
  await context.close();
  server.close();
});

const TARGET = new URL('../../target/', import.meta.url);
mkdirSync(TARGET, { recursive: true });
const posthogRecords = () => server.collector.records.filter((r) => r.vendor === 'posthog');

/** The popup for the test site, once it shows `requests` requests; its text by section. */
async function popup({ requests, shot = null }) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 420, height: 720 });
  await page.goto(`chrome-extension://${id}/popup.html?site=127.0.0.1`);
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForFunction((n) => document.body.dataset.requests === String(n), requests);
  const read = (sel) => page.$eval(sel, (el) => el.textContent.replace(/\s+/g, ' ').trim());
  const row = await page.$$eval('#vendors tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.vendor,
    Object.fromEntries([...r.querySelectorAll('td')].map((td) => [td.className, Number(td.textContent)]))])));
  const text = {
    received: await read('#received'), removed: await page.$$eval('#removed li', (li) => li.map((x) => x.textContent)),
    unchanged: await read('#unchanged'), failed: await page.$$eval('#failed li', (li) => li.map((x) => x.textContent)),
    body: await read('body'), row,
  };
  if (shot) await page.screenshot({ path: new URL(shot, TARGET).pathname, fullPage: true });
  return { page, text };
}

/** Sends PostHog events from a page of the test site (strict CSP: through the worker). */
async function sendFromPage(bodies, { csp = false } = {}) {
  const page = await context.newPage();
  await page.goto(`${base}/blank.html?${csp ? 'csp=strict&' : ''}from=popup`);
  await page.evaluate(async (list) => {
    for (const body of list) await fetch('/posthog/e/', { method: 'POST', body: JSON.stringify(body) }).catch(() => {});
  }, bodies);
  await page.close();
}

for (const csp of [false, true]) {
  const variant = csp ? 'strict' : 'plain';
  test(`popup (${variant} page): who received data, how much, and what was removed, as the collector saw it`, async () => {
    await setSettings(worker, { level: 'strip', endpoints });
    server.collector.records.length = 0;
    await resetCounts(worker);
    const event = (name, url) => ({ event: name, timestamp: new Date().toISOString(),
      properties: { token: 'phc_TEST', distinct_id: 'user-7', $current_url: url, $pathname: '/account', plan: 'pro' } });
    const sent = [
      event('signup jane.doe@example.com', `${base}/account?email=jane.doe%40example.com&token=PAGETOKEN9`),
      event('newsletter mary.major@example.org', `${base}/news?id=7`),
      event('$pageview', base),
    ];
    await sendFromPage([{ api_key: 'phc_TEST', batch: [sent[0]] }, { api_key: 'phc_TEST', batch: sent.slice(1) }], { csp });
    await settled(worker);
    await waitUntil(() => posthogRecords().length === 2, { message: 'both requests at the collector' });
    const { page, text } = await popup({ requests: 2, shot: `popup-${variant}.png` });

    // Against the collector: two requests arrived, each stripped, and what they held.
    const events = posthogRecords().flatMap((r) => r.body.batch);
    assert.equal(events.length, 3);
    assert.deepEqual(text.row.posthog, { stripped: 2, unchanged: 0, blocked: 0, failed: 0 }, 'PostHog: 2 requests sent with data removed');
    assert.equal(text.received, 'PostHog received data from this site.');
    const emailsReplaced = events.filter((e) => e.event.includes('[email]')).length;
    assert.equal(emailsReplaced, 2, 'the collector got both event names with the email replaced');
    assert.ok(text.removed.includes(`${emailsReplaced} email addresses`), text.removed.join(' | '));
    assert.ok(events.every((e) => e.properties.$current_url === base), 'page addresses arrive as the origin alone');
    const shortened = sent.filter((e) => e.properties.$current_url !== base).length;
    assert.equal(shortened, 2);
    assert.ok(text.removed.includes(`${shortened} page addresses with their query`), text.removed.join(' | '));
    assert.ok(events.every((e) => e.properties.distinct_id === 'anonymous-visitor'));
    assert.ok(text.removed.includes(`${events.length} identifiers that could follow you`), text.removed.join(' | '));
    assert.ok(events.every((e) => !('$pathname' in e.properties) && !('plan' in e.properties)));
    assert.ok(text.removed.some((p) => /other details not needed for counting$/.test(p)), 'the rest, in one line');
    assert.equal(text.unchanged, 'Nothing.');
    assert.deepEqual(text.failed, ['Nothing.']);
    assert.ok(!/jane|mary|PAGETOKEN|user-7|account/i.test(text.body), `no value in the popup: ${text.body}`);

    // The receipts page behind the link lists the raw receipts.
    const href = await page.getAttribute('#receipts-link', 'href');
    assert.equal(href, 'receipts.html?site=127.0.0.1');
    await page.goto(`chrome-extension://${id}/${href}`);
    await page.waitForSelector('body[data-ready=true]');
    const items = await page.$$eval('#receipts > li', (li) => li.map((x) => ({ outcome: x.dataset.outcome, text: x.textContent })));
    assert.equal(items.length, 2);
    assert.ok(items.every((i) => i.outcome === 'stripped' && i.text.includes('PostHog') && i.text.includes('"rule": "posthog-urls"')));
    assert.ok(items.some((i) => i.text.includes('"detector": "email"')));
    assert.ok(!/jane|mary|PAGETOKEN|user-7/i.test(items.map((i) => i.text).join()), 'receipts hold no values');
    await page.screenshot({ path: new URL(`receipts-${variant}.png`, TARGET).pathname, fullPage: true });
    await page.close();
  });
}

test('popup: what went out unchanged (allow) and what was blocked (block), per company', async () => {
  await setSettings(worker, { level: 'allow', endpoints });
  server.collector.records.length = 0;
  await resetCounts(worker);
  await sendFromPage([{ api_key: 'phc_TEST', batch: [{ event: 'as-is', properties: { token: 'phc_TEST', email: 'jane.doe@example.com' } }] }]);
  await settled(worker);
  await waitUntil(() => posthogRecords().length === 1, { message: 'the allowed request' });
  assert.ok(posthogRecords()[0].text.includes('jane.doe@example.com'), 'sent as the page made it');
  let { page, text } = await popup({ requests: 1, shot: 'popup-allow.png' });
  assert.equal(text.unchanged, '1 request to PostHog, exactly as the page made them.');
  assert.deepEqual(text.removed, ['Nothing.']);
  await page.close();

  await setSettings(worker, { level: 'block', endpoints });
  await sendFromPage([{ api_key: 'phc_TEST', batch: [{ event: 'blocked', properties: { token: 'phc_TEST' } }] }]);
  await settled(worker);
  ({ page, text } = await popup({ requests: 2, shot: 'popup-block.png' }));
  assert.equal(posthogRecords().length, 1, 'nothing more arrived');
  assert.deepEqual(text.row.posthog, { stripped: 0, unchanged: 1, blocked: 1, failed: 0 });
  await page.close();
});

test('popup: what failed, and why', async () => {
  // The site's PostHog endpoint on a port nothing listens on; a beacon, which the worker sends
  // (a request the page sends itself and the network refuses is not counted as failed).
  await setSettings(worker, { level: 'strip', endpoints: [{ vendor: 'posthog', hosts: ['127.0.0.1:9'], prefix: '/posthog' }] });
  await resetCounts(worker);
  const page = await context.newPage();
  await page.goto(`${base}/blank.html?csp=strict`);
  await page.evaluate(() => navigator.sendBeacon('http://127.0.0.1:9/posthog/e/', JSON.stringify({ api_key: 'phc_TEST', batch: [{ event: 'lost' }] })));
  await page.close();
  await waitUntil(async () => (await countsFor(worker, '127.0.0.1'))?.failed === 1, { message: 'the failure counted' });
  const { page: shown, text } = await popup({ requests: 1, shot: 'popup-failed.png' });
  assert.deepEqual(text.failed, ['1 request to PostHog', 'the request did not go out (1)']);
  assert.equal(text.received, 'No company received telemetry from this site.');
  await shown.close();
});

test('options: per-site levels and custom endpoints with form controls; bad input is refused with a reason', async () => {
  await setSettings(worker, { level: 'strip' });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.waitForFunction(() => document.getElementById('new-endpoint-vendor').options.length === 6);
  const stored = () => worker.evaluate(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    return { sites: {}, endpoints: [], ...settings };
  });

  // A site: a bad name is refused; a good one is added; its level changes from the table.
  await page.fill('#new-site', 'shop example');
  await page.click('#add-site');
  assert.match(await page.textContent('#site-error'), /not a site name/);
  assert.deepEqual((await stored()).sites, {});
  await page.fill('#new-site', 'https://Shop.Example/cart?x=1');
  await page.selectOption('#new-level', 'block');
  await page.click('#add-site');
  await page.waitForSelector('tr[data-site="shop.example"]');
  assert.equal(await page.textContent('#site-error'), '');
  assert.deepEqual((await stored()).sites, { 'shop.example': 'block' });
  await page.selectOption('tr[data-site="shop.example"] select', 'allow');
  await waitUntil(async () => (await stored()).sites['shop.example'] === 'allow', { message: 'the level changed' });

  // An endpoint: bad host and bad prefix refused, each with why; then the collector's PostHog
  // path on this server, named with the form, and it is guarded.
  await page.selectOption('#new-endpoint-vendor', 'posthog');
  await page.fill('#new-endpoint-host', 'not a host');
  await page.click('#add-endpoint');
  assert.match(await page.textContent('#endpoint-error'), /not a host name/);
  await page.fill('#new-endpoint-host', `127.0.0.1:${port}`);
  await page.fill('#new-endpoint-prefix', 'posthog');
  await page.click('#add-endpoint');
  assert.match(await page.textContent('#endpoint-error'), /must start with \//);
  assert.deepEqual((await stored()).endpoints, []);
  await page.fill('#new-endpoint-prefix', '/posthog/');
  await page.click('#add-endpoint');
  await page.waitForSelector('tr[data-endpoint="0"]');
  assert.deepEqual((await stored()).endpoints, [{ vendor: 'posthog', hosts: [`127.0.0.1:${port}`], prefix: '/posthog' }]);
  assert.match(await page.textContent('tr[data-endpoint="0"]'), new RegExp(`PostHog127\\.0\\.0\\.1:${port}/posthog`));
  await page.screenshot({ path: new URL('options.png', TARGET).pathname, fullPage: true });

  await settingsApplied(worker);
  server.collector.records.length = 0;
  await resetCounts(worker);
  await sendFromPage([{ api_key: 'phc_TEST', batch: [{ event: 'via the form', properties: { token: 'phc_TEST', note: 'mail jane.doe@example.com' } }] }]);
  await waitUntil(() => posthogRecords().length === 1, { message: 'the guarded request' });
  assert.ok(!posthogRecords()[0].text.includes('jane.doe@example.com'), 'the endpoint named in the form is guarded (strip)');

  await page.click('tr[data-endpoint="0"] button');
  await waitUntil(async () => (await stored()).endpoints.length === 0, { message: 'the endpoint removed' });
  await page.click('tr[data-site="shop.example"] button');
  await waitUntil(async () => Object.keys((await stored()).sites).length === 0, { message: 'the site removed' });
  await page.close();
});
