// Attack 15, class: a URL read twice (time of check / time of use) in the element-source guard.
//
// Level: strip. Plain page; the built-in PostHog host (us.i.posthog.com, mapped to the server).
//
// pkg/intercept.js promises "Every URL is read once: a URL object whose string form changes
// between reads cannot show one address to the check and another to the network". fetch, XHR,
// sendBeacon, fetchLater and Worker keep that promise; the `src` setter of <img>/<script> and
// `setAttribute('src', …)` do not: the guard reads `String(value)` once to classify it and, when
// that is not telemetry, hands the original object to the native setter, which reads it again.
// An object that answers a harmless address first and a pixel URL with `?data=<events>` second
// gets a raw pixel to the vendor.
// Leak: the planted values, raw, in the pixel's query. Contrived: only a page working against
// the extension writes such an object (and under strip a parser-inserted <img> is a pixel the
// README already lists as unredacted); under block the network rules stop the pixel. Guards the
// read-once promise.
// Control: the same pixel URL given as a string arrives redacted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, setSettings, settled } from './attack15-fixtures/support.mjs';

const t = await start();
test.after(() => t.close());
const SITE = `http://shop.test:${t.port}`;
const VENDOR = `http://us.i.posthog.com:${t.port}`;
t.pages.set('/page.html', '<!doctype html><html><head></head><body>page</body></html>');

test('an <img>/<script> src whose string form changes after the check does not reach the vendor raw', async () => {
  await setSettings(t.worker, { level: 'strip' });
  await t.fresh();
  const page = await t.page();
  await page.goto(`${SITE}/page.html`);
  await page.evaluate(async (vendor) => {
    const pixel = (name) => `${vendor}/e/?data=${btoa(JSON.stringify([{ event: name, properties: { token: 'phc_TEST', distinct_id: `A15S-id-${name}`, note: `A15S-${name}` } }]))}`;
    // Harmless at the check, the pixel at the native setter.
    const twoFaced = (name) => {
      let reads = 0;
      return { toString: () => (reads++ ? pixel(name) : '/harmless.png') };
    };
    const loaded = (el) => new Promise((ok) => {
      el.addEventListener('load', ok, { once: true });
      el.addEventListener('error', ok, { once: true });
      setTimeout(ok, 3000);
    });
    const control = new Image();
    const done = [loaded(control)];
    control.src = pixel('control');
    const img = new Image();
    done.push(loaded(img));
    img.src = twoFaced('img-src');
    const attr = document.createElement('img');
    done.push(loaded(attr));
    attr.setAttribute('src', twoFaced('img-setattribute'));
    const script = document.createElement('script');
    done.push(loaded(script));
    script.src = twoFaced('script-src');
    document.head.append(script);
    await Promise.all(done);
  }, VENDOR);
  await settled(t.worker);
  await t.quiet(400, 3000);
  await page.close();
  assert.ok(t.leaks('control').length > 0 && t.leaks('A15S-control').length === 0, `control: the string pixel arrives redacted: ${t.show(t.records)}`);
  const leaked = ['img-src', 'img-setattribute', 'script-src'].filter((n) => t.leaks(`A15S-${n}`).length > 0);
  assert.deepEqual(leaked, [], `read twice, sent raw:\n${t.show(t.records)}`);
});
