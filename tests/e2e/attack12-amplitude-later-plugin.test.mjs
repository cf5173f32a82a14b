// attack12: amplitudePlugin is an enrichment plugin, and Amplitude runs enrichment plugins in the
// order they were added; README: "Add it after init, or Amplitude's own enrichment re-inserts the
// page location". addAmplitudePlugin adds it once init is done, and from then on wraps
// `amplitude.add` (only to refuse an unguarded replay plugin). Any enrichment plugin the app adds
// after that runs after the redaction, on the event as it is sent. Amplitude's own
// @amplitude/plugin-page-url-enrichment-browser (a dependency of analytics-browser, added the
// usual way with amplitude.add) then puts the full page URL with its query, and the page title,
// into every event: a URL token, an email in the query, and the title (needs personalization) all
// reach the collector under consent { analytics }. (amplitudeConfig even turns the built-in
// pageUrlEnrichment off while storage is not allowed; the plugin added later re-enables it.)
//
// Class: on the hook route the redaction is one position in the SDK's plugin pipeline, not the
// last step before the network; whatever the pipeline runs after it is unguarded (Segment's
// enrichment plugins and source middleware after its `before` plugin are the same shape). Leak:
// page URL query values (tokens, emails) and the page title, under { analytics }, hook route.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, wireText, sleep } from './attack12-support.mjs';

await bundle(['amplitude']);
const env = await start();
test.after(() => env.close());

test('amplitude: an enrichment plugin added after addAmplitudePlugin cannot put the page URL or title into events', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/amplitude.html?scenario=later-plugin&token=ALPURLTOK-9&email=${encodeURIComponent('alp.jane@example.com')}&consent=${encodeURIComponent(JSON.stringify({ analytics: true }))}`);
  await page.evaluate(() => { document.title = 'Checkout - ALPTITLE Person'; });
  await page.evaluate(() => window.__ready);
  await page.evaluate(() => window.__amplitude.track('checkout', { plan: 'pro' }));
  for (let i = 0; i < 30 && !env.records('amplitude').some((r) => r.path === '/2/httpapi'); i++) await sleep(100);
  await sleep(300);
  await page.close();
  // The page's own Referer is the browser's (README "Headers the page cannot control"): left out.
  const text = wireText(env.records('amplitude'), { skipHeaders: ['referer', 'cookie'] });
  assert.match(text, /"event_type":"checkout"/, 'the event arrives');
  const leaked = ['ALPURLTOK-9', 'alp.jane@example.com', 'alp.jane%40example.com', 'ALPTITLE'].filter((v) => text.includes(v));
  assert.deepEqual(leaked, [], `sent under { analytics }: ${leaked.join(', ')}`);
});

// The module namespace (`import * as amplitude`) has a read-only `add`, so the guard cannot wrap
// it: it watches the client's plugin list instead. An app's enrichment plugin added afterwards
// through the module must still run before the redaction.
test('amplitude: an app enrichment plugin added later through the module namespace runs before the redaction', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/amplitude.html?scenario=later-custom&token=ALCURLTOK-7&consent=${encodeURIComponent(JSON.stringify({ analytics: true }))}`);
  await page.evaluate(() => window.__ready);
  const readOnly = await page.evaluate(() => Object.getOwnPropertyDescriptor(window.__amplitude, 'add').set === undefined);
  assert.ok(readOnly, 'the page passes the module namespace, whose add cannot be replaced');
  await page.evaluate(() => window.__amplitude.track('checkout', { plan: 'pro' }));
  for (let i = 0; i < 30 && !wireText(env.records('amplitude'), {}).includes('"event_type":"checkout"'); i++) await sleep(100);
  await sleep(300);
  await page.close();
  const text = wireText(env.records('amplitude'), { skipHeaders: ['referer', 'cookie'] });
  assert.match(text, /"event_type":"checkout"/, 'the event arrives');
  assert.match(text, /"contact":"\[email\]"/, 'the app plugin ran, and the guard after it');
  const leaked = ['alc.jane@example.com', 'ALCURLTOK-7'].filter((v) => text.includes(v));
  assert.deepEqual(leaked, [], `sent under { analytics }: ${leaked.join(', ')}`);
});
