// attack14: the guard's Amplitude plugin now watches the client's plugin list from its own
// `setup(config, client)`: it wraps `client.timeline.register` once per timeline (marked with a
// global symbol) and, after each later registration, moves *the plugin object whose setup
// installed the wrapper* back to the end of the list. Three ways the real SDK (2.47.0) changes
// the list that the watcher does not follow:
//
// 1. readd. The app swaps the guard's plugin (`amplitude.remove('consent-guard')`, then
//    `amplitude.add(amplitudePlugin(guard))`, e.g. when it re-creates its guard). The new plugin's
//    setup sees the timeline already marked and returns; the wrapper keeps moving the *old*
//    (removed) plugin object, so an enrichment plugin added afterwards runs after the new guard.
//    Leak: an app enrichment plugin's email and the page URL query token, under { analytics }.
// 2. reinit. A second `amplitude.init(...)` (a SPA that re-initializes on login, React effects run
//    twice) runs `timeline.reset()`: every plugin is torn down and the SDK re-adds only its own
//    (Amplitude's design: amplitude/Amplitude-TypeScript#144, "When init happens: reset plugins in
//    timeline, install plugins", tested there with a "Re-init" button). The guard's plugin is gone,
//    nothing notices (the register wrapper survives on the timeline), and every later event is
//    sent raw.
//    Leak: an email and a phone number in event properties, under { analytics }.
// 3. replay. A session replay plugin whose register() started before the guard's, but whose
//    (slow, networked) setup finishes after it, is neither in the list when the guard's setup
//    looks ("one registered before the guard was never checked") nor passed through the wrapper.
//    Leak: replay uploads (rrweb recording, the page URL with its query in X-Client-Url) under
//    consent {}, where replay needs analytics + functional and the policy's replay: "redact".
// 4. queued (held): the guard, an app plugin with no `type` and a `before` plugin added before
//    init on a createInstance() client, plus one added after: all run before the redaction.
//
// Class: a once-per-timeline watcher bound to one plugin object, checking list membership at
// one moment, over a plugin list the SDK mutates asynchronously and resets. Route: hook
// (addAmplitudePlugin / amplitudePlugin), the real @amplitude/analytics-browser in Chromium.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, wireText, sleep } from './attack12-support.mjs';
import { bundle } from './attack14-fixtures/support.mjs';

await bundle({ amplitude: 'tests/e2e/attack14-fixtures/amplitude.js' });
const env = await start();
test.after(() => env.close());

const analytics = encodeURIComponent(JSON.stringify({ analytics: true }));

async function trackAndCollect(page, props, marker) {
  await page.evaluate(() => window.__ready);
  await page.evaluate(() => window.__guardReady);
  await page.evaluate((p) => window.__track(p), props);
  await page.evaluate(() => window.__flush());
  for (let i = 0; i < 30 && !wireText(env.records('amplitude')).includes(marker); i++) await sleep(100);
  await sleep(300);
}

test('amplitude readd: an enrichment plugin added after the guard plugin is swapped still runs before the redaction', async () => {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack14/amplitude.html?scenario=readd&token=AMPREADDTOK-14&consent=${analytics}`);
  await trackAndCollect(page, { plan: 'pro' }, '"event_type":"checkout"');
  await page.close();
  const text = wireText(env.records('amplitude'), { skipHeaders: ['referer', 'cookie'] });
  assert.match(text, /"event_type":"checkout"/, 'the event arrives');
  const leaked = ['readd.jane@example.com', 'AMPREADDTOK-14'].filter((v) => text.includes(v));
  assert.deepEqual(leaked, [], `sent under { analytics }: ${leaked.join(', ')}`);
});

test('amplitude reinit: a second amplitude.init() does not leave the client without the guard', async () => {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack14/amplitude.html?scenario=reinit&consent=${analytics}`);
  await trackAndCollect(page, { plan: 'pro', contact: 'reinit.jane@example.com', phone: '+1 415 555 0114' }, '"event_type":"checkout"');
  await page.close();
  const text = wireText(env.records('amplitude'), { skipHeaders: ['referer', 'cookie'] });
  assert.match(text, /"event_type":"checkout"/, 'the event arrives');
  const leaked = ['reinit.jane@example.com', '415 555 0114'].filter((v) => text.includes(v));
  assert.deepEqual(leaked, [], `sent under { analytics }: ${leaked.join(', ')}`);
});

test('amplitude replay: a plain replay plugin added in the same tick as the guard uploads nothing under {}', async () => {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack14/amplitude.html?scenario=replay&token=AMPREPLAYTOK-14&consent=${encodeURIComponent('{}')}`);
  await page.evaluate(() => window.__ready);
  await sleep(800);
  await page.click('#text');
  await page.keyboard.type('AMPREPLAY-TYPED-14', { delay: 5 });
  for (let i = 0; i < 40 && !env.records('amplitude').some((r) => r.path === '/sessions/v2/track'); i++) await sleep(200);
  await page.close();
  await sleep(300);
  const uploads = env.records('amplitude').filter((r) => r.path === '/sessions/v2/track');
  assert.deepEqual(uploads.map((r) => `${r.method} ${r.path} X-Client-Url: ${r.headers['x-client-url']}`), [], 'replay uploads sent under {}');
});

test('amplitude queued (holds): plugins added before init on a createInstance() client, typed or not, run before the redaction', async () => {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack14/amplitude.html?scenario=queued&token=AMPQUEUEDTOK-14&consent=${analytics}`);
  await trackAndCollect(page, { plan: 'pro' }, '"event_type":"checkout"');
  await page.close();
  const text = wireText(env.records('amplitude'), { skipHeaders: ['referer', 'cookie'] });
  assert.match(text, /"event_type":"checkout"/, 'the event arrives');
  assert.match(text, /"contact":"\[email\]"/, 'the app plugin ran, and the guard after it');
  const leaked = ['queued.jane@example.com', 'queuedbefore.jane@example.com', 'queuedlater.jane@example.com', 'AMPQUEUEDTOK-14'].filter((v) => text.includes(v));
  assert.deepEqual(leaked, [], `sent under { analytics }: ${leaked.join(', ')}`);
});
