// The browser extension in headless Chromium (loaded unpacked from extension/build/), against
// the www/ SDK demo pages with their own guard turned off (?route=none: the site does not
// cooperate) and the local collector, on the plain page and on a strict-CSP variant (no
// 'wasm-unsafe-eval': redaction moves to the service worker). Under "strip" no canary arrives,
// under "block" nothing, under "allow" everything; GPC is sent both ways; the popup's counts
// match the collector; a per-site override applies without reloading the extension.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer } from '../../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings, SDKS } from './extension.mjs';

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

async function run(sdk, { csp = false } = {}) {
  server.collector.records.length = 0;
  await worker.evaluate(() => chrome.storage.session.clear());
  const page = await context.newPage();
  await page.goto(`${base}/sdk/${sdk}.html?route=none&consent=all${csp ? '&csp=strict' : ''}&${QUERY}`);
  const gpc = await page.evaluate(() => navigator.globalPrivacyControl);
  await page.waitForTimeout(900);
  await page.click('#act-email');
  await page.evaluate(() => Promise.race([window.__flush?.(), new Promise((r) => setTimeout(r, 2500))]));
  await page.waitForTimeout(500);
  await page.goto('about:blank'); // unload: beacons
  await page.waitForTimeout(700);
  await page.close();
  const records = server.collector.records.filter((r) => r.vendor === sdk);
  const text = records.map((r) => `${r.text}\n${Buffer.from(r.raw, 'base64').toString('latin1')}`).join('\n');
  return { gpc, records, text, events: records.reduce((n, r) => n + r.events, 0) };
}

for (const csp of [false, true]) {
  const variant = csp ? 'strict CSP' : 'plain page';
  for (const sdk of SDKS) {
    test(`strip, ${sdk}, ${variant}: events arrive without the canaries`, async () => {
      await setSettings(worker, { level: 'strip', endpoints });
      const { gpc, records, text, events } = await run(sdk, { csp });
      assert.equal(gpc, true, 'navigator.globalPrivacyControl');
      assert.ok(events > 0, 'events still arrive');
      for (const c of CANARIES) assert.ok(!text.includes(c), `${c} reached the collector`);
      if (!csp) assert.ok(records.every((r) => r.secGpc === '1'), 'Sec-GPC: 1 on every request');
    });

    test(`block, ${sdk}, ${variant}: nothing arrives`, async () => {
      await setSettings(worker, { level: 'block', endpoints });
      const { records } = await run(sdk, { csp });
      assert.equal(records.length, 0);
    });

    test(`allow, ${sdk}, ${variant}: everything arrives`, async () => {
      await setSettings(worker, { level: 'allow', endpoints });
      const { events, text } = await run(sdk, { csp });
      assert.ok(events > 0);
      assert.ok(text.includes('jane.doe@example.com') || text.includes('jane.doe%40example.com'), 'the raw data arrives as the page sent it');
    });
  }
}

async function popupCounts() {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html?site=127.0.0.1`);
  await popup.waitForSelector('body[data-ready=true]');
  const read = async (key) => Number(await popup.textContent(`#${key}`));
  const counts = { sent: await read('sent'), blocked: await read('blocked'), events: await read('events'), redacted: await read('redacted') };
  const fields = await popup.textContent('#fields');
  return { popup, counts, fields };
}

test("the popup's counts match what the collector saw", async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  for (const csp of [false, true]) {
    const { records } = await run('posthog', { csp });
    await new Promise((r) => setTimeout(r, 300)); // the last receipts reach the worker
    const { popup, counts, fields } = await popupCounts();
    assert.equal(counts.sent, records.length, `requests sent (${csp ? 'strict' : 'plain'})`);
    assert.equal(counts.blocked, 0);
    assert.ok(counts.events >= records.reduce((n, r) => n + r.events, 0), 'events seen');
    assert.ok(counts.redacted > 0);
    assert.match(fields, /\$current_url/, 'the changed fields are listed by path');
    assert.ok(!/jane|PAGETOKEN/i.test(await popup.textContent('body')), 'no value in the popup');
    mkdirSync(new URL('../../target/', import.meta.url), { recursive: true });
    await popup.screenshot({ path: new URL(`../../target/popup-${csp ? 'strict' : 'plain'}.png`, import.meta.url).pathname });
    await popup.close();
  }
});

test('a per-site override from the popup applies without reloading the extension', async () => {
  await setSettings(worker, { level: 'strip', endpoints });
  const pick = async (level) => {
    const { popup } = await popupCounts();
    await popup.check(`input[name=level][value=${level}]`);
    await popup.waitForTimeout(500);
    await popup.close();
  };
  await pick('block');
  assert.equal((await run('posthog')).records.length, 0, 'blocked for this site');
  const { counts } = await popupCounts().then(async (p) => (await p.popup.close(), p));
  assert.ok(counts.blocked > 0, 'the popup counts the blocked requests');
  await pick('allow');
  assert.ok((await run('posthog')).text.includes('PAGETOKEN456'), 'allowed for this site');
  await pick('default');
  const stripped = await run('posthog');
  assert.ok(stripped.events > 0 && !stripped.text.includes('PAGETOKEN456'), 'back to the global level');
});

test('turning GPC off in the options removes both signals', async () => {
  await setSettings(worker, { level: 'strip', gpc: false, endpoints });
  const { gpc, records } = await run('posthog');
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
  const { text, events } = await run('posthog');
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
