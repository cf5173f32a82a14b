// attack12: sentryConfig refuses a config that already has a transport and says "guard it with
// sentryTransport(guard, yourMakeTransport)". sentryTransport returns
// `(options) => makeTransport(options, guardedFetch)`: it trusts the factory to send with the
// fetch it is handed as second argument. Sentry's own transport wrappers do not:
// makeBrowserOfflineTransport(makeFetchTransport) (keep events while offline) and
// makeMultiplexedTransport(makeFetchTransport, matcher) (route to several DSNs) call the inner
// factory with the options only, so makeFetchTransport falls back to the window's native fetch
// and every envelope leaves unredacted, whatever the consent. (The offline wrapper also keeps
// failed envelopes, raw, in IndexedDB `sentry-offline`.)
//
// Class: the hook route's guarantee rests on the SDK calling a function it was handed, with no
// check that the guarded path is the one used: a wrapper that drops the argument fails open.
// Leak: the user's id and email (need functional) and detected values in error messages, under
// consent {}, hook route, with the two transport wrappers Sentry documents.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, wireText, sleep } from './attack12-support.mjs';

await bundle(['sentry']);
const env = await start();
test.after(() => env.close());

async function run(scenario, tag) {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/sentry.html?scenario=${scenario}&consent=${encodeURIComponent('{}')}`);
  await page.evaluate(() => window.__guardReady);
  await page.evaluate((tag) => {
    window.__Sentry.setUser({ id: `STF-UID-${tag}`, email: `stf.${tag}@example.com` });
    window.__Sentry.captureException(new Error(`checkout failed for stferr.${tag}@example.com`));
  }, tag);
  for (let i = 0; i < 20 && env.records('sentry').length === 0; i++) await sleep(100);
  await sleep(300);
  await page.close();
  return wireText(env.records('sentry'), { skipHeaders: ['cookie', 'referer'] });
}

test('control: sentryConfig sends the error scrubbed under {}', async () => {
  const text = await run('plain', 'plain');
  assert.ok(text.includes('checkout failed for'), 'the error arrives');
  for (const v of ['STF-UID-plain', 'stf.plain@example.com', 'stferr.plain@example.com']) assert.ok(!text.includes(v), `${v} arrived`);
});

for (const scenario of ['offline', 'multiplexed']) {
  test(`sentryTransport(guard, ${scenario === 'offline' ? 'makeBrowserOfflineTransport' : 'makeMultiplexedTransport'}(makeFetchTransport)): nothing gated arrives under {}`, async () => {
    const text = await run(scenario, scenario);
    assert.ok(text.includes('checkout failed for'), 'the error arrives');
    const leaked = [`STF-UID-${scenario}`, `stf.${scenario}@example.com`, `stferr.${scenario}@example.com`].filter((v) => text.includes(v));
    assert.deepEqual(leaked, [], `sent unredacted under {}: ${leaked.join(', ')}`);
  });
}
