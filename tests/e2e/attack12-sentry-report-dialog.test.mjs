// attack12: Sentry.showReportDialog (the crash-report modal Sentry documents for use right after
// an error: `Sentry.showReportDialog({ eventId, user: { name, email } })`) loads its UI as a
// <script> from the DSN's host, `/api/embed/error-page/?dsn=&eventId=&name=&email=`, with the
// user's name and email pre-filled in the query. A script load passes no SDK hook, no Sentry
// transport (so not sentryConfig's guarded one), and not intercept(guard) (fetch, XHR, beacons
// only); the path is not in the endpoint table either. Under consent {} the user's email and name
// (which the sentry preset gates by `functional`) reach Sentry's host as soon as the app shows the
// dialog, before the user has typed or sent anything.
//
// Class: an SDK channel that is a resource load (script/img URL) rather than a request through the
// transport is neither hooked nor intercepted, and is not in the channel inventory. Leak: the
// user's email and name, under consent {}, hook route (and the interceptor route alike).
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, sleep } from './attack12-support.mjs';

await bundle(['sentry']);
const env = await start();
test.after(() => env.close());

// Fixed on the interceptor route: a script or image whose address is a telemetry URL is guarded
// like a request (the dialog's path is in no list: blocked). On the hook route the dialog is the
// app's own call with the user it passes: README "Security and honest limits".
test('sentry: showing the report dialog sends no gated user data under {} (interceptor route)', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack12/sentry.html?scenario=intercept&consent=${encodeURIComponent('{}')}`);
  await page.evaluate(() => window.__guardReady);
  await page.evaluate(() => {
    const eventId = window.__Sentry.captureException(new Error('checkout failed'));
    window.__Sentry.showReportDialog({ eventId, user: { name: 'Rhoda SRDNAME', email: 'srd.jane@example.com' } });
  });
  for (let i = 0; i < 20 && env.records('sentry').length < 2; i++) await sleep(100);
  await page.close();
  const sent = env.records('sentry').map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.text ?? ''}`).join('\n');
  assert.match(sent, /checkout failed/, 'the error event arrives (scrubbed)');
  const leaked = ['SRDNAME', 'srd.jane@example.com'].filter((v) => sent.includes(v));
  assert.deepEqual(leaked, [], `sent under {}: ${leaked.join(', ')}\n${sent.split('\n').filter((l) => l.includes('error-page')).join('\n')}`);
});
