// attack12: @amplitude/analytics-browser 2.47 has a channel of its own that no inventory, endpoint
// table or integration lists: the diagnostics client (@amplitude/analytics-core
// diagnostics/diagnostics-client.js). When remote config enables it (the collector's config does,
// as Amplitude's can: `diagnostics.browserSDK {sampleRate: 1, enabled: true}`), it keeps counters,
// tags and events in IndexedDB `AMP_diagnostics_<key>` and every 5 minutes POSTs them with the
// page's global fetch to https://diagnostics.prod.us-west-2.amplitude.com/v1/capture: the full
// user agent (every preset reduces user agents to family/major), the API key, and, when sends
// fail, events with the failing event types, error messages and stack traces. It passes no
// plugin, and the host is not in the endpoint table, so intercept(guard) lets it through too.
// Under consent {} it still runs. docs/channels.md lists it under "could not be captured" because
// a capture run is shorter than 5 minutes; with the page clock advanced, it is sent.
//
// Class: SDK self-telemetry on a host outside the endpoint table and the inventory, on a timer
// longer than any test run. Leak: a request to the vendor with the full user agent and API key,
// under consent {}, hook route (the interceptor route does not know the host either).
import test from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, sleep } from './attack12-support.mjs';

await bundle(['amplitude']);
const env = await start();
test.after(() => env.close());

test('amplitude under {}: nothing goes to any Amplitude host, however long the visit', async () => {
  const context = await env.browser.newContext();
  const offhost = [];
  // Nothing leaves the machine: requests for other hosts are answered here and recorded.
  await context.route((url) => /^https?:/.test(url.protocol) && !url.href.startsWith(env.base), (route) => {
    offhost.push({ url: route.request().url(), body: route.request().postData() ?? '' });
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${env.base}/dist/attack12/amplitude.html?scenario=noreplay&consent=${encodeURIComponent('{}')}`);
  await page.evaluate(() => window.__ready);
  await page.evaluate(() => window.__amplitude.track('checkout', { plan: 'pro' }));
  await page.clock.runFor(2000);
  await page.clock.fastForward('05:30'); // a visit of five and a half minutes
  await page.clock.runFor(2000);
  for (let i = 0; i < 20 && offhost.length === 0; i++) await sleep(100);
  await context.close();
  assert.equal(env.records('amplitude').filter((r) => r.path === '/2/httpapi').length, 0, 'no event went to the collector');
  assert.deepEqual(offhost.map((r) => `${r.url} ${r.body.slice(0, 160)}`), [], 'requests sent to Amplitude under {}');
});
