// attack12: README "Storage": the integrations run the SDKs without persistence until the policy's
// `storage` purposes are granted, "PostHog and Mixpanel switch when consent changes
// (guard.onConsentChange); Segment and Amplitude decide when they load ... On withdrawal,
// purge(guard) clears what they stored." A visitor who consented on an earlier visit (the app
// starts its guard with the saved consent, createGuardSync) and withdraws on this page gets the
// purge, and then the SDKs go on writing what the app hands them:
// - Mixpanel: mixpanelConfig turns persistence off on withdrawal, but the request batchers it left
//   on (storage was allowed at init) keep `usePersistence: true` and enqueue every new event into
//   localStorage `__mpq_<token>_ev` raw, before before_send_events runs at flush time (the hook
//   then drops it, but the raw copy sits on the device, and survives if the page is closed first).
// - Segment: persistence is decided at load and never switched; identify() writes the traits to
//   localStorage `ajs_user_traits` and the ids to cookies right after the purge.
// - Amplitude: same; setUserId() writes the user id (an email) into the `AMP_<key>` cookie.
//
// Class: the storage decision is taken once (at load, or for the persistence layer only) and is
// not re-applied to every store the SDK writes when consent is withdrawn at runtime. Leak (to the
// device, not the network): event properties, traits, user ids under consent withdrawn to {},
// hook route. Each test does what the README asks of the app (setConsent, then purge(guard)).
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, deviceStorage, sleep } from './attack12-support.mjs';

await bundle(['mixpanel', 'segment', 'amplitude']);
const env = await start();
test.after(() => env.close());

const GRANTED = encodeURIComponent(JSON.stringify({ analytics: true }));

async function open(fixture, query) {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/${fixture}.html?sync=1&consent=${GRANTED}${query ?? ''}`);
  await page.evaluate(() => window.__guardReady);
  if (fixture === 'amplitude') await page.evaluate(() => window.__ready);
  return page;
}

async function withdraw(page) {
  await page.evaluate(() => {
    window.__guard.setConsent({ analytics: false });
    window.__purge(window.__guard);
  });
  await sleep(100);
}

/** What the device holds, with cookies and base64 cookie values (Amplitude's) decoded. */
async function stored(page) {
  const text = await deviceStorage(page);
  const decoded = text.split(/[;=\n]/).map((part) => {
    try {
      return decodeURIComponent(Buffer.from(decodeURIComponent(part.trim()), 'base64').toString('latin1'));
    } catch {
      return '';
    }
  });
  return `${text}\n${decoded.join('\n')}`;
}

test('mixpanel: after withdrawal, a tracked event is not written to the device', async () => {
  const page = await open('mixpanel');
  await page.evaluate(() => window.__mp.track('before', { plan: 'pro' }));
  await sleep(300);
  await withdraw(page);
  assert.ok(!(await stored(page)).includes('__mpq_'), 'the purge cleared the queue');
  await page.evaluate(() => window.__mp.track('checkout', { contact: 'mpwd.jane@example.com', street: '5 MPWDSTREET Row', plan: 'pro' }));
  await sleep(300);
  const text = await stored(page);
  const kept = ['mpwd.jane@example.com', 'MPWDSTREET'].filter((v) => text.includes(v));
  assert.deepEqual(kept, [], `stored after withdrawal: ${kept.join(', ')} in ${text.split('\n').filter((l) => kept.some((v) => l.includes(v))).map((l) => l.slice(0, 40)).join(', ')}`);
  await page.close();
});

test('segment: after withdrawal, identify and group write nothing to the device', async () => {
  const page = await open('segment');
  await page.evaluate(() => window.__seg.track('before', { plan: 'pro' }));
  await sleep(300);
  await withdraw(page);
  assert.ok(!(await stored(page)).includes('ajs_anonymous_id'), 'the purge cleared Segment\'s keys');
  await page.evaluate(() => {
    window.__seg.identify('SEGWD-UID-4', { email: 'segwd.jane@example.com', street: '8 SEGWDSTREET Ave' });
    window.__seg.group('SEGWD-GROUP-4', { name: 'SEGWDGROUPNAME Ltd' });
  });
  await sleep(300);
  const text = await stored(page);
  const kept = ['SEGWD-UID-4', 'segwd.jane@example.com', 'SEGWDSTREET', 'SEGWD-GROUP-4', 'SEGWDGROUPNAME'].filter((v) => text.includes(v));
  assert.deepEqual(kept, [], `stored after withdrawal: ${kept.join(', ')}`);
  await page.close();
});

test('amplitude: after withdrawal, setUserId writes nothing to the device', async () => {
  const page = await open('amplitude', '&scenario=noreplay');
  await page.evaluate(() => window.__amplitude.track('before', { plan: 'pro' }));
  await sleep(300);
  await withdraw(page);
  assert.ok(!(await stored(page)).includes('AMP_AMPLITUDEA='), 'the purge cleared Amplitude\'s cookie');
  await page.evaluate(() => window.__amplitude.setUserId('ampwd.jane@example.com'));
  await sleep(300);
  const text = await stored(page);
  assert.ok(!text.includes('ampwd.jane@example.com'), `the user id was stored after withdrawal: ${text.split('\n').filter((l) => l.includes('AMP_AMPLITUDEA')).join(' ').slice(0, 120)}`);
  await page.close();
});
