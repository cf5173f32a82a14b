// attack12: the storage claim (README "Storage": "nothing planted is stored" until the policy's
// `storage` purposes are granted) is enforced for localStorage, sessionStorage and cookies, the
// three stores tests/e2e/rich.test.mjs reads. IndexedDB is a fourth, and the SDKs' options reach
// it: Amplitude session replay's documented `storeType: 'idb'` (keep the recording across page
// loads) is passed through amplitudeReplayOptions untouched, so under consent {} the recorder
// keeps running and writes every rrweb event (typed text, DOM text the page shows) into
// IndexedDB `<key>_amp_session_replay_events`. The uploads are blocked (replay is off by policy);
// the recording on the device is not.
//
// Class: device storage other than localStorage/sessionStorage/cookies is neither gated by the
// integrations nor checked, and SDK options that select it pass through. Leak (to the device):
// typed input and page text, under consent {}, hook route (amplitudeReplayOptions +
// addAmplitudePlugin, as README "Integrations" wires them).
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, deviceStorage, wireText, sleep } from './attack12-support.mjs';

await bundle(['amplitude']);
const env = await start();
test.after(() => env.close());

test('amplitude replay with storeType idb: nothing typed or shown is stored under {}', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/amplitude.html?scenario=idb&consent=${encodeURIComponent('{}')}`);
  await page.evaluate(() => window.__ready);
  await sleep(1200); // remote config, recorder starts
  await page.click('#text');
  await page.keyboard.type('IDBTYPED-SECRET-61', { delay: 5 });
  await page.evaluate(() => { document.querySelector('h1').textContent = 'Order for IDBSHOWN Person'; });
  let text = '';
  for (let i = 0; i < 8 && !text.includes('IDBTYPED-SECRET-61'); i++) {
    await sleep(500);
    text = await deviceStorage(page);
  }
  assert.ok(!wireText(env.records('amplitude')).includes('IDBTYPED'), 'nothing was uploaded (replay is blocked)');
  const kept = ['IDBTYPED-SECRET-61', 'IDBSHOWN'].filter((v) => text.includes(v));
  const where = text.split('\n').filter((l) => kept.some((v) => l.includes(v))).map((l) => l.split('=')[0]);
  assert.deepEqual(kept, [], `stored on the device under {}: ${kept.join(', ')} in ${[...new Set(where)].join(', ')}`);
  await page.close();
});
