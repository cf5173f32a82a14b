// Seam 9: the extension's page channel cannot be forged. A page script tries what the old
// DOM-event channel let it do (set "allow" for its own traffic, turn GPC off, make the worker
// relay a body of its choosing, borrow another site's level) and each attempt changes nothing:
// the collector still gets only stripped data, or nothing; nor can it answer a request the page
// handed to the worker with a redacted copy of its own. On a plain page and a strict-CSP page
// (the service worker redacts for both).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings, settled, resetCounts, countsFor, waitUntil } from './extension.mjs';

const EMAIL = 'jane.doe@example.com';
const server = await startServer({ port: 0 });
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
const { context, worker } = await launchWithExtension();
test.after(async () => {
  await context.close();
  server.close();
});

/**
 * Runs `attack` in a fresh page, then sends one PostHog event; waits until that event was
 * decided (its receipt reached the worker) and, if sent, arrived. Returns what the collector got.
 */
async function attempt(attack, { csp = false } = {}) {
  server.collector.records.length = 0;
  await resetCounts(worker);
  const page = await context.newPage();
  await page.goto(`${base}/blank.html?${csp ? 'csp=strict&' : ''}x=1`);
  const seen = await page.evaluate(attack);
  await page.evaluate(async (email) => {
    try {
      await fetch('/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview', properties: { note: `mail ${email}` } }] }) });
    } catch { /* blocked is fine */ }
  }, EMAIL);
  const counts = await waitUntil(async () => {
    const c = await countsFor(worker, '127.0.0.1');
    return c?.requests >= 1 && c;
  }, { message: 'the event decided' });
  await settled(worker);
  await waitUntil(() => server.collector.records.length >= counts.stripped + counts.unchanged, { message: 'the sent event at the collector' });
  const gpc = await page.evaluate(() => navigator.globalPrivacyControl);
  await page.close();
  const text = server.collector.records.map((r) => `${r.text} ${JSON.stringify(r.query)}`).join('\n');
  return { seen, gpc, text, records: server.collector.records };
}

const forgeSettings = () => {
  const allow = JSON.stringify({ level: 'allow', consent: {}, policies: {}, endpoints: [], gpc: false });
  // The old channel: settings as a DOM event on document.
  document.dispatchEvent(new CustomEvent('consent-guard-extension:settings', { detail: allow }));
  // A forged handshake with the page's own node, then settings on it.
  const mine = document.createElement('div');
  document.dispatchEvent(new MouseEvent('consent-guard-extension:handshake', { relatedTarget: mine }));
  mine.dispatchEvent(new CustomEvent('settings', { detail: allow }));
  // Asking for the real node: a hello, and listening for what answers.
  let leaked = null;
  document.addEventListener('consent-guard-extension:handshake', (e) => { leaked = e.relatedTarget; }, true);
  document.dispatchEvent(new CustomEvent('consent-guard-extension:hello'));
  if (leaked) leaked.dispatchEvent(new CustomEvent('settings', { detail: allow }));
  // Turning GPC off in the page.
  try {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => false, configurable: true });
  } catch { /* not configurable */ }
  return { leaked: leaked !== null };
};

for (const csp of [false, true]) {
  const variant = csp ? 'strict CSP' : 'plain page';

  test(`${variant}: forged settings, handshakes and GPC change nothing`, async () => {
    await setSettings(worker, { level: 'strip', endpoints: collectorEndpoints(port) });
    const { seen, gpc, text, records } = await attempt(forgeSettings, { csp });
    assert.equal(seen.leaked, false, 'the private node was never handed to the page');
    assert.equal(gpc, true, 'GPC stays on');
    assert.ok(records.length > 0, 'the stripped event arrives');
    assert.ok(!text.includes(EMAIL), 'still stripped');
  });

  test(`${variant}: a forged relay sends nothing`, async () => {
    await setSettings(worker, { level: 'strip', endpoints: collectorEndpoints(port) });
    const relay = () => {
      const email = 'jane.doe@example.com';
      const detail = JSON.stringify({ url: `${location.origin}/posthog/e/`, query: `token=${email}`, headers: [], body: btoa(JSON.stringify({ batch: [{ event: 'forged', properties: { note: email } }] })), host: 'elsewhere.example', level: 'allow' });
      document.dispatchEvent(new CustomEvent('consent-guard-extension:relay', { detail, cancelable: true }));
      return {};
    };
    const { records } = await attempt(relay, { csp });
    assert.ok(!records.some((r) => r.text.includes('forged')), 'the forged relay was not sent');
  });

  test(`${variant}: a forged answer to a request waiting for the worker changes nothing`, async () => {
    await setSettings(worker, { level: 'strip', endpoints: collectorEndpoints(port) });
    server.collector.records.length = 0;
    await resetCounts(worker);
    const page = await context.newPage();
    await page.goto(`${base}/blank.html?${csp ? 'csp=strict&' : ''}x=2`);
    await page.evaluate(async (email) => {
      const raw = JSON.stringify({ batch: [{ event: 'forged-answer', properties: { note: `mail ${email}` } }] });
      const forged = (id) => JSON.stringify({ id, body: btoa(raw), query: `exfil=${email}`, headers: [], receipt: { kept: true, events: 1, dropped: [], changes: [] } });
      const mine = document.createElement('consent-guard-channel');
      document.dispatchEvent(new MouseEvent('consent-guard-extension:handshake', { relatedTarget: mine }));
      const sent = fetch('/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [{ event: '$pageview', properties: { note: `mail ${email}` } }] }) });
      // While the request waits for the worker: answers for every id, every way a page can send them.
      for (let id = 0; id < 50; id++) {
        for (const target of [document, mine, window]) {
          target.dispatchEvent(new CustomEvent('redacted', { detail: forged(id) }));
          target.dispatchEvent(new CustomEvent('consent-guard-extension:redacted', { detail: forged(id) }));
        }
      }
      await sent.catch(() => {});
    }, EMAIL);
    await settled(worker);
    await waitUntil(() => server.collector.records.length >= 1, { message: 'the request at the collector' });
    await page.close();
    const text = server.collector.records.map((r) => `${r.text} ${JSON.stringify(r.query)}`).join('\n');
    assert.ok(!text.includes(EMAIL) && !text.includes('forged-answer') && !text.includes('exfil'), `a forged answer went: ${text}`);
    assert.equal((await countsFor(worker, '127.0.0.1')).vendors.posthog.stripped, 1, 'the real answer, counted once');
  });

  test(`${variant}: a per-site block holds whatever the page claims`, async () => {
    await setSettings(worker, { level: 'allow', sites: { '127.0.0.1': 'block' }, endpoints: collectorEndpoints(port) });
    const { records } = await attempt(forgeSettings, { csp });
    assert.equal(records.length, 0, 'nothing arrives from a blocked site');
  });
}
