// attack12: the hook-route integrations make an SDK safe by forcing settings into the config the
// page passes to init (mixpanelConfig: `record_sessions_percent: 0` because no hook sees /record/,
// `hooks`; amplitudeConfig: `autocapture.pageUrlEnrichment: false` while storage is not allowed).
// Both SDKs then apply the vendor's remote configuration over that config at runtime:
// - Mixpanel with `remote_settings_mode: 'fallback'` (a documented option; www/rich/mixpanel.js
//   uses it) fetches /settings/ and calls set_config() with every key found in DEFAULT_CONFIG.
//   The collector's own answer, `{ record_sessions_percent: 100 }`, restarts session recording:
//   /record/ (which passes no hook) leaves every 10 s with the page URL and its query in the query
//   string and an rrweb snapshot of the page in the body, under consent {}. (tests/e2e/rich.test.mjs
//   misses it only because its run leaves the page before the recorder's first 10 s flush.)
//   An answer `{ hooks: {} }` replaces the hooks with none: every event then leaves raw.
// - Amplitude applies `configs.analyticsSDK.browserSDK.autocapture` from its remote config; with
//   `pageUrlEnrichment: true` the built-in enrichment stores the page URL with its query in
//   sessionStorage `AMP_URL_INFO` under consent {}.
//
// Class: settings the integration enforces live in the SDK's mutable config, which the vendor's
// remote configuration (and set_config) overwrite after init; nothing re-checks them. Leak: page
// URL query tokens and page content over the network (Mixpanel /record/), every event property
// (Mixpanel, hooks removed), and the page URL on the device (Amplitude), under consent {}, hook
// route. The vendor's configuration server is not among what README/threat-model trusts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { bundle, start, deviceStorage, wireText, sleep } from './attack12-support.mjs';

await bundle(['mixpanel', 'amplitude']);
const env = await start();
test.after(() => env.close());

const NONE = encodeURIComponent('{}');
const REMOTE = encodeURIComponent(JSON.stringify({ remote_settings_mode: 'fallback' }));

/** A Mixpanel record with its body inflated when it is gzip (/record/). */
function text(r) {
  const raw = Buffer.from(r.raw ?? '', 'base64');
  let body = r.text ?? '';
  try {
    body += gunzipSync(raw).toString('utf8');
  } catch { /* not gzip */ }
  return `${r.method} ${r.path} ${JSON.stringify(r.query)} ${body}`;
}

test('mixpanel: the vendor\'s remote settings cannot start session recording under {}', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/mixpanel.html?token=MPRCTOK-31&consent=${NONE}&config=${REMOTE}`);
  await page.evaluate(() => window.__guardReady);
  await page.evaluate(() => { document.querySelector('h1').textContent = 'Order for MPRCSHOWN Person'; });
  // The recorder flushes every 10 s: a visit of 11 s.
  for (let i = 0; i < 24 && !env.records('mixpanel').some((r) => r.path === '/record/'); i++) await sleep(500);
  await page.close();
  const sent = env.records('mixpanel').filter((r) => r.path !== '/settings/');
  const leaked = ['MPRCTOK-31', 'MPRCSHOWN'].filter((v) => sent.some((r) => text(r).includes(v)));
  assert.deepEqual(leaked, [], `sent under {}: ${leaked.join(', ')} in ${sent.map((r) => `${r.method} ${r.path}`).join(', ')}`);
});

test('mixpanel: the vendor\'s remote settings cannot remove the hooks', async () => {
  const context = await env.browser.newContext();
  await context.route('**/mixpanel/settings/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ sdk_config: { config: { hooks: {} } } }) }));
  const page = await context.newPage();
  await page.goto(`${env.base}/dist/attack12/mixpanel.html?consent=${NONE}&config=${REMOTE}`);
  await page.evaluate(() => window.__guardReady);
  await sleep(500); // settings applied
  await page.evaluate(() => window.__mp.track('checkout', { contact: 'mprc.jane@example.com', street: '2 MPRCSTREET Close', plan: 'pro' }));
  await sleep(800);
  await context.close();
  const wire = wireText(env.records('mixpanel'), { skipHeaders: ['referer', 'cookie'] });
  const leaked = ['mprc.jane@example.com', 'MPRCSTREET', '"plan":"pro"'].filter((v) => wire.includes(v));
  assert.deepEqual(leaked, [], `sent under {}: ${leaked.join(', ')}`);
});

test('amplitude: the vendor\'s remote config cannot make the SDK store the page URL under {}', async () => {
  const context = await env.browser.newContext();
  await context.route('**/amplitude/config**', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ configs: { analyticsSDK: { browserSDK: { autocapture: { pageUrlEnrichment: true } } } } }),
  }));
  const page = await context.newPage();
  await page.goto(`${env.base}/dist/attack12/amplitude.html?scenario=noreplay&token=AMPRCTOK-32&consent=${NONE}`);
  await page.evaluate(() => window.__ready);
  await page.evaluate(() => window.__amplitude.track('checkout', { plan: 'pro' }));
  await sleep(500);
  const stored = await deviceStorage(page);
  await context.close();
  const where = stored.split('\n').filter((l) => l.includes('AMPRCTOK-32')).map((l) => l.split('=')[0]);
  assert.deepEqual(where, [], 'the page URL (with its token) was stored under {}');
});
