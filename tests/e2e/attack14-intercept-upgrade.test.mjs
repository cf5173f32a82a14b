// attack14: upgrading from blockTelemetry() to intercept(guard) when the default entry's module
// arrives. The interceptor remembers what `XMLHttpRequest.prototype.open` was asked in a WeakMap
// of its own install; `send` on an XHR it has no record of goes straight to the `send` it found
// when it was installed. After `unblock(); intercept(guard)`, an XHR that was opened while
// blockTelemetry was installed (its record is in the uninstalled wrapper's map) is sent with the
// native `send`: its body leaves as the SDK made it, to the telemetry endpoint the block was meant
// to stop. The page did install first; the gap is only an XHR opened before the swap and sent
// after it, which is the shape of Amplitude's XHRTransport with enableRequestBodyCompression (open,
// await CompressionStream, send). The test pins that timing by hand (a contrived page; the shape
// of the transport is real SDK code), under consent {}: the event needs analytics and must not
// leave at all. The same holds for any uninstall + reinstall (swapping guards).
//
// Class: per-install interceptor state; "no record" read as "not telemetry" (fail open).
// Leak: a gzip body with an email, under consent {}, interceptor route (blockTelemetry → intercept).
import test from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { start } from './attack12-support.mjs';
import { bundle } from './attack14-fixtures/support.mjs';

await bundle({ 'intercept-upgrade': 'tests/e2e/attack14-fixtures/intercept-upgrade.js' }, { format: 'esm', module: true });
const env = await start();
test.after(() => env.close());

function sent(records) {
  return records.map((r) => {
    const raw = Buffer.from(r.raw ?? '', 'base64');
    let text = raw.toString('latin1');
    try {
      text += gunzipSync(raw).toString('utf8');
    } catch { /* not gzip */ }
    return `${r.path}\n${text}\n${r.text ?? ''}`;
  }).join('\n');
}

test('blockTelemetry → intercept(guard): an XHR opened before the swap is not sent raw after it', async () => {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/dist/attack14/intercept-upgrade.html?consent=${encodeURIComponent('{}')}`);
  assert.equal(await page.evaluate(() => window.__loaded), 'ok', 'the default entry loaded its module and the interceptor replaced blockTelemetry');
  const statuses = await page.evaluate(() => window.__run());
  await page.waitForTimeout(300);
  await page.close();
  const text = sent(env.records('amplitude'));
  assert.ok(!text.includes('xhrafter14'), 'control: under the guard\'s interceptor the event is dropped');
  assert.ok(!text.includes('xhrswap14.jane@example.com'), `the XHR opened under blockTelemetry reached the collector raw (status ${statuses.during})`);
});
