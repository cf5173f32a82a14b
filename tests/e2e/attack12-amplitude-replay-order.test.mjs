// attack12: README "Integrations" says addAmplitudePlugin "refuses an unguarded replay plugin"
// (table row: "addAmplitudePlugin refuses an unguarded replay plugin"), and its own example adds
// the replay plugin *before* calling addAmplitudePlugin. The refusal is a wrapper that
// addAmplitudePlugin installs on `amplitude.add` when it is called: a sessionReplayPlugin added
// earlier, as in the README's order, is never checked. If it was made with plain options (not
// amplitudeReplayOptions), its uploads pass no plugin and no guarded transport: on the hook route
// they leave as recorded, with the page URL (query included) in the X-Client-Url header and the
// rrweb events in the body, under consent {} (replay needs analytics + functional and the policy's
// `replay: "redact"`).
//
// Class: a safety net installed at one call site guards only what passes that call site after
// it is installed; the documented order bypasses it. Leak: session replay (page URL token, page
// content) under consent {}, hook route.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, sleep } from './attack12-support.mjs';

await bundle(['amplitude']);
const env = await start();
test.after(() => env.close());

test('amplitude: a replay plugin added before addAmplitudePlugin uploads nothing under {}', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/amplitude.html?scenario=replay-first&token=AMPRFTOK-41&consent=${encodeURIComponent('{}')}`);
  await page.evaluate(() => window.__ready);
  await sleep(800);
  await page.click('#text');
  await page.keyboard.type('AMPRF-TYPED-41', { delay: 5 });
  for (let i = 0; i < 40 && !env.records('amplitude').some((r) => r.path === '/sessions/v2/track'); i++) await sleep(200);
  await page.close();
  const uploads = env.records('amplitude').filter((r) => r.path === '/sessions/v2/track');
  assert.deepEqual(uploads.map((r) => `${r.method} ${r.path} X-Client-Url: ${r.headers['x-client-url']}`), [], 'replay uploads sent under {}');
});
