// attack12: mixpanelConfig stops `$identify` and `$create_alias` from skipping the hooks by
// replacing the instance's `track` (in `loaded`) with a wrapper that strips an options key named
// `skip_hooks`. That matches the npm build. Mixpanel's documented website install is its loader
// snippet plus the CDN build (mixpanel.min.js, the same file as node_modules/mixpanel-browser/
// dist/mixpanel.min.js), which is Closure-compiled with property renaming: identify() calls
// `this.track("$identify", {...}, {Nc: !0})` and `_track_or_batch` reads `Nc`, so the wrapper
// (which is installed: the test checks it) finds no `skip_hooks` and passes the option through.
// With the integration forcing `batch_requests: false` while storage is not allowed, both events
// go out on the unbatched path with the hooks skipped, raw: the user id, the alias (an email) and
// the page URL with its query, under consent {}. Calls queued on the snippet's stub before the CDN
// build arrived (identify at login) also run before `loaded`, i.e. before any wrapper exists.
// Fixed: the wrapper now passes only documented track options (tests/js/integrations-mixpanel
// checks a minified key), and mixpanelConfig refuses the snippet's stub unless the page runs
// intercept(guard).
//
// Class: the fix depends on an SDK-internal name (an option key, a method reached through the
// instance) that a minified build renames or bypasses; it holds for one build of the SDK only.
// Leak: user id, alias email and page URL query tokens, under consent {}, hook route, Mixpanel
// snippet/CDN install.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bundle, start, wireText, sleep } from './attack12-support.mjs';

// The loader snippet runs first in the fixture's own script (it inserts the CDN build as an async
// script, which cannot run before the fixture's init/identify/alias in the same task).
const snippet = readFileSync(new URL('../../node_modules/mixpanel-browser/dist/mixpanel-jslib-snippet.min.js', import.meta.url), 'utf8');
await bundle(['mixpanel-snippet'], {
  copy: { 'mixpanel.cdn.min.js': 'node_modules/mixpanel-browser/dist/mixpanel.min.js' },
  head: { 'mixpanel-snippet': '<script>window.MIXPANEL_CUSTOM_LIB_URL = "/dist/attack12/mixpanel.cdn.min.js";</script>' },
  banner: `${snippet.trim()};\n`,
});
const env = await start();
test.after(() => env.close());

test('mixpanel snippet + CDN build: mixpanelConfig refuses the stub, and nothing is sent under {}', async () => {
  const page = await env.browser.newPage();
  const query = new URLSearchParams({ token: 'MPCDNTOK-12', uid: 'MPCDN-UID-12', alias: 'mpcdn.alias@example.com', consent: '{}' });
  await page.goto(`${env.base}/dist/attack12/mixpanel-snippet.html?${query}`);
  await page.waitForFunction(() => window.__initError !== undefined, null, { timeout: 10000 });
  assert.match(await page.evaluate(() => window.__initError), /loader snippet/, 'the integration says why it refused');
  await sleep(1200);
  await page.close();
  const records = env.records('mixpanel').filter((r) => r.path !== '/settings/');
  const text = wireText(records, { skipHeaders: ['referer', 'cookie'] });
  const leaked = ['MPCDN-UID-12', 'mpcdn.alias@example.com', 'MPCDNTOK-12'].filter((v) => text.includes(v) || text.includes(encodeURIComponent(v)));
  assert.deepEqual(leaked, [], `sent under {}: ${leaked.join(', ')}`);
});
