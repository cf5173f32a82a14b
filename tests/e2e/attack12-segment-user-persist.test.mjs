// attack12: segmentLoadOptions keeps Segment off the device while storage is not allowed by adding
// `disableClientPersistence: true` to the app's load options. analytics-next builds its User and
// Group stores as `new User({ persist: !disableClientPersistence, ...options.user })`: the app's
// own, more specific `user: { persist: true }` / `group: { persist: true }` (documented Segment
// load options, common in copied configs) come later in that spread and win. Under consent {},
// identify() and group() then write the user id, the traits (an email, a street) and the group's
// id and traits to localStorage and cookies, before any plugin runs. (purgeStorage would not even
// find them under custom `user.localStorage.key` / `user.cookie.key` names: it knows `ajs_*`.)
//
// Class: the integration sets one global storage switch in the SDK's options, and a more specific
// option the app passes overrides it. Leak (to the device): user id, traits, group id and traits,
// under consent {}, hook route.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, deviceStorage, sleep } from './attack12-support.mjs';

await bundle(['segment']);
const env = await start();
test.after(() => env.close());

test('segment with user/group persist options: nothing planted is stored under {}', async () => {
  const page = await env.browser.newPage();
  const options = { user: { persist: true }, group: { persist: true } };
  await page.goto(`${env.base}/dist/attack12/segment.html?sync=1&consent=${encodeURIComponent('{}')}&options=${encodeURIComponent(JSON.stringify(options))}`);
  await page.evaluate(() => window.__guardReady);
  await page.evaluate(() => {
    window.__seg.identify('SEGP-UID-21', { email: 'segp.jane@example.com', street: '14 SEGPSTREET Hill' });
    window.__seg.group('SEGP-GROUP-21', { name: 'SEGPGROUPNAME plc' });
  });
  await sleep(500);
  const text = await deviceStorage(page);
  await page.close();
  const kept = ['SEGP-UID-21', 'segp.jane@example.com', 'SEGPSTREET', 'SEGP-GROUP-21', 'SEGPGROUPNAME'].filter((v) => text.includes(v));
  const where = text.split(/\n|; /).filter((l) => kept.some((v) => l.includes(v))).map((l) => l.split('=')[0]);
  assert.deepEqual(kept, [], `stored under {}: ${kept.join(', ')} in ${where.join(', ')}`);
});
