// The browser extension in headless Chromium (loaded unpacked from extension/build/), against
// the www/ SDK demo pages with their own guard turned off (?route=none: the site does not
// cooperate) and the local collector, on the plain page and on a strict-CSP variant (no
// 'wasm-unsafe-eval'; no page redacts anyway: the service worker does, for both). Under "strip"
// no canary arrives,
// nor the page's path, under "block" nothing, under "allow" everything; GPC is sent both ways; a
// per-site override applies without reloading the extension. The tests wait on conditions (the
// worker's receipts, the collector's records), never on a fixed time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings, settingsApplied, SDKS, waitUntil, settled, resetCounts, countsFor } from './extension.mjs';

const QUERY = 'utm_source=newsletter&token=PAGETOKEN456&email=jane.doe%40example.com';
const CANARIES = ['PAGETOKEN456', 'jane.doe%40example.com', 'jane.doe@example.com', '4111111111111111',
  '4111 1111 1111 1111', '415 555 0132', 'Jane Doe'];

const server = await startServer({ port: 0 });
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
const { context, worker, id } = await launchWithExtension();
const endpoints = collectorEndpoints(port);
test.after(async () => {
  await context.close();
  server.close();
});

const recordsOf = (sdk) => server.collector.records.filter((r) => r.vendor === sdk);

/**
 * Opens the SDK's demo page, waits until its first request was decided (a receipt reached the
 * worker), clicks, flushes, leaves the page (beacons), and waits until every relay is delivered
 * and counted. `arrive(result)`: what must have reached the collector before the result is read
 * (strip and allow: events).
 */
async function run(sdk, { csp = false, arrive = null } = {}) {
  server.collector.records.length = 0;
  await resetCounts(worker);
  const page = await context.newPage();
  await page.goto(`${base}/sdk/${sdk}.html?route=none&consent=all${csp ? '&csp=strict' : ''}&${QUERY}`);
  const gpc = await page.evaluate(() => navigator.globalPrivacyControl);
  await waitUntil(async () => (await countsFor(worker, '127.0.0.1'))?.vendors?.[sdk], { message: `a receipt for ${sdk}` });
  await page.click('#act-email');
  await page.evaluate(() => Promise.race([window.__flush?.(), new Promise((r) => setTimeout(r, 2500))]));
  await page.goto('about:blank'); // unload: beacons
  await page.close();
  await settled(worker);
  const result = () => {
    const records = recordsOf(sdk);
    const text = records.map((r) => `${r.text}\n${Buffer.from(r.raw, 'base64').toString('latin1')}\n${JSON.stringify(r.query)}`).join('\n');
    return { gpc, records, text, events: records.reduce((n, r) => n + r.events, 0) };
  };
  if (arrive) await waitUntil(() => arrive(result()), { message: `${sdk} requests at the collector` });
  return result();
}
const someEvents = (r) => r.events > 0;
const rawToken = (r) => r.text.includes('PAGETOKEN456');

for (const csp of [false, true]) {
  const variant = csp ? 'strict CSP' : 'plain page';
  for (const sdk of SDKS) {
    test(`strip, ${sdk}, ${variant}: events arrive without the canaries`, async () => {
      await setSettings(worker, { level: 'strip', endpoints });
      const { gpc, records, text, events } = await run(sdk, { csp, arrive: someEvents });
      assert.equal(gpc, true, 'navigator.globalPrivacyControl');
      assert.ok(events > 0, 'events still arrive');
      for (const c of CANARIES) assert.ok(!text.includes(c), `${c} reached the collector`);
      assert.ok(!text.includes(`/sdk/${sdk}.html`), "the page's path does not arrive (strip sends its origin only)");
      assert.ok(records.every((r) => r.secGpc === '1'), `Sec-GPC: 1 on every request: ${records.map((r) => r.secGpc)}`);
    });

    test(`block, ${sdk}, ${variant}: nothing arrives`, async () => {
      await setSettings(worker, { level: 'block', endpoints });
      const { records } = await run(sdk, { csp });
      assert.equal(records.length, 0);
      assert.ok((await countsFor(worker, '127.0.0.1')).vendors[sdk].blocked > 0, 'the blocked requests are counted');
    });

    test(`allow, ${sdk}, ${variant}: everything arrives`, async () => {
      await setSettings(worker, { level: 'allow', endpoints });
      const { events, text } = await run(sdk, { csp, arrive: (r) => r.events > 0 && /jane\.doe(@|%40)example\.com/.test(r.text) });
      assert.ok(events > 0);
      assert.ok(text.includes('jane.doe@example.com') || text.includes('jane.doe%40example.com'), 'the raw data arrives as the page sent it');
    });
  }
}

/** Opens the popup for the test site, picks a level, and waits until the worker applied it. */
async function pick(level) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html?site=127.0.0.1`);
  await popup.waitForSelector('body[data-ready=true]');
  await popup.check(`input[name=level][value=${level}]`);
  await waitUntil(() => worker.evaluate(async (l) => {
    const { settings } = await chrome.storage.local.get('settings');
    return l === 'default' ? !settings.sites['127.0.0.1'] : settings.sites['127.0.0.1'] === l;
  }, level), { message: `the popup to store ${level}` });
  await settingsApplied(worker);
  await popup.close();
}

test('a per-site override from the popup applies without reloading the extension', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  await pick('block');
  assert.equal((await run('posthog')).records.length, 0, 'blocked for this site');
  assert.ok((await countsFor(worker, '127.0.0.1')).vendors.posthog.blocked > 0, 'the blocked requests are counted');
  await pick('allow');
  // Under allow the page's address arrives as it is, query and all.
  assert.ok((await run('posthog', { arrive: rawToken })).text.includes('PAGETOKEN456'), 'allowed for this site');
  await pick('default');
  const stripped = await run('posthog', { arrive: someEvents });
  assert.ok(stripped.events > 0 && !stripped.text.includes('PAGETOKEN456'), 'back to the global level');
});

test('turning GPC off in the options removes both signals', async () => {
  await setSettings(worker, { level: 'strip', gpc: false, endpoints });
  const { gpc, records } = await run('posthog', { arrive: someEvents });
  assert.equal(gpc, false);
  assert.ok(records.length > 0 && records.every((r) => r.secGpc === null), 'no Sec-GPC header');
  await setSettings(worker, { level: 'strip', endpoints });
});

test('declarativeNetRequest blocks the endpoint table at the network, globally or per site', async () => {
  const outcome = (url, initiator) => worker.evaluate(async ([u, i]) => {
    const { matchedRules } = await chrome.declarativeNetRequest.testMatchOutcome({ url: u, type: 'xmlhttprequest', initiator: i, method: 'post' });
    const rules = await chrome.declarativeNetRequest.getDynamicRules();
    return matchedRules.map((m) => rules.find((r) => r.id === m.ruleId)?.action.type);
  }, [url, initiator]);
  const site = `${base}`;
  await setSettings(worker, { level: 'block', endpoints });
  assert.ok((await outcome('https://us.i.posthog.com/i/v0/e/?ip=1', 'https://shop.example')).includes('block'));
  assert.ok((await outcome('https://api-js.mixpanel.com/track/', 'https://shop.example')).includes('block'));
  assert.ok((await outcome(`${base}/segment/v1/t`, site)).includes('block'), 'app endpoints too');
  assert.ok(!(await outcome('https://shop.example/api/cart', 'https://shop.example')).includes('block'), 'other requests pass');
  await setSettings(worker, { level: 'strip', sites: { 'shop.example': 'block' }, endpoints });
  assert.ok((await outcome('https://api.segment.io/v1/t', 'https://shop.example')).includes('block'), 'blocked for the site');
  assert.ok(!(await outcome('https://api.segment.io/v1/t', 'https://other.example')).includes('block'), 'not elsewhere');
  assert.ok((await outcome('https://other.example/', 'https://other.example')).includes('modifyHeaders'), 'Sec-GPC everywhere');
});

test('the options page validates policies live, saves them, and exports and imports settings', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  // Shown first: the built-in strip policy for the vendor.
  await page.waitForFunction(() => document.getElementById('policy').value.includes('"id": "posthog-minimal"'));
  await page.fill('#policy', '{"version": 1, "rules": [{"id": "r", "select": "a..b"}]}');
  await page.waitForFunction(() => document.getElementById('diagnostics').textContent.includes('BAD_SELECTOR'));
  assert.equal(await page.isDisabled('#save-policy'), true, 'an invalid policy cannot be saved');
  await page.fill('#policy', '{"version": 1, "extends": "posthog", "rules": [{"id": "no-plan", "select": "properties.plan", "purposes": ["marketing"]}]}');
  await page.waitForFunction(() => !document.getElementById('save-policy').disabled);
  await page.click('#save-policy');
  await page.waitForFunction(() => document.getElementById('policy-status').textContent === 'Saved.');
  const stored = await worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  assert.equal(stored.policies.posthog.rules[0].id, 'no-plan');
  // The saved policy is what pages use, in place of the strip policy: the preset's fields come
  // back ($pathname, which strip drops), and `plan` now needs marketing, which strip denies.
  const { text, events } = await run('posthog', { arrive: someEvents });
  assert.ok(events > 0, 'events arrive');
  assert.ok(text.includes('"$pathname"'), 'the custom policy replaced the strip policy');
  assert.ok(!text.includes('"plan":"pro"'), 'the custom rule applies');

  await page.click('#export');
  const exported = JSON.parse(await page.inputValue('#io'));
  assert.equal(exported.policies.posthog.rules[0].id, 'no-plan');
  await page.fill('#io', '{not json');
  await page.click('#import');
  assert.match(await page.textContent('#io-status'), /Not JSON/);
  await page.fill('#io', JSON.stringify({ ...exported, policies: { posthog: { version: 1, rules: [{ id: 'x', select: '' }] } } }));
  await page.click('#import');
  assert.match(await page.textContent('#io-status'), /does not validate/);
  await page.fill('#io', JSON.stringify({ ...exported, policies: {}, sites: { 'news.example': 'block' } }));
  await page.click('#import');
  await page.waitForFunction(() => document.getElementById('io-status').textContent === 'Imported.');
  const imported = await worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  assert.deepEqual([imported.sites, imported.policies], [{ 'news.example': 'block' }, {}]);
  await page.close();
});
