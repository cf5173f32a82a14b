// Hold, release and purge in headless Chromium, with real timing: events held while consent is
// pending keep their own timestamps and are re-evaluated when the user decides; withdrawal
// drops them; purge clears the SDKs' storage and cookies and reports names only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const browser = await launch();
test.after(() => browser.close());

test('hold, release, withdraw, adopt and purge', async () => {
  const server = await startServer({ port: 0 });
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/favicon.svg`);
    const r = await page.evaluate(async () => {
      const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
      const m = await import('/pkg/index.js');
      const sent = [];
      const send = (e) => sent.push(e);

      // Before the engine exists, events wait in a PendingQueue.
      const early = new m.PendingQueue({ max: 10 });
      early.push({ event: 'early', timestamp: new Date().toISOString(), properties: {} }, send);

      const guard = await m.createGuard({
        policy: { version: 1, extends: 'posthog', unknown_consent: 'hold', labels: { at: 'properties.$data_use', purposes: ['analytics', 'ai_training'] } },
        queueLimit: 3,
      });
      guard.adopt(early);
      const out = { afterAdopt: guard.pending };
      const stamps = [];
      const results = [];
      for (let i = 0; i < 4; i++) {
        const ts = new Date().toISOString();
        stamps.push(ts);
        results.push(guard.hold({ event: `click-${i}`, timestamp: ts, properties: { email: 'jane@example.com' } }, send));
        await sleep(15);
      }
      out.results = results;
      out.pendingBefore = guard.pending;        // bounded: 3 kept of 5
      out.sentBefore = sent.length;
      await sleep(100);
      guard.setConsent({ analytics: true });    // the user decides: release
      out.sentAfterGrant = sent.map((e) => [e.event, e.timestamp, e.properties.email, e.properties.$data_use]);
      out.stamps = stamps;
      out.pendingAfterGrant = guard.pending;

      guard.setConsent({ analytics: 'unknown' });
      out.heldAgain = guard.hold({ event: 'later', properties: {} }, send);
      guard.setConsent({ analytics: false });   // withdrawal: the held event is dropped
      out.pendingAfterDeny = guard.pending;
      out.sentTotal = sent.length;

      localStorage.setItem('ph_phc_TOKEN_posthog', JSON.stringify({ $set: { email: 'jane@example.com' } }));
      localStorage.setItem('ajs_user_traits', '{"email":"jane@example.com"}');
      localStorage.setItem('__mpq_TOKEN_ev', '[{"event":"raw","email":"jane@example.com"}]');
      sessionStorage.setItem('AMP_unsent_abc', '[]');
      localStorage.setItem('app_setting', 'keep me');
      document.cookie = 'mp_TOKEN_mixpanel=jane%40example.com; path=/';
      document.cookie = 'ajs_anonymous_id=abc; path=/';
      document.cookie = 'theme=dark; path=/';
      guard.setConsent({ analytics: 'unknown' });
      guard.hold({ event: 'doomed', properties: {} }, send);
      out.purge = m.purge(guard);
      out.left = { local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie };
      return out;
    });

    assert.equal(r.afterAdopt, 1, 'the early event is held: consent is still undecided');
    assert.deepEqual(r.results, ['held', 'held', 'held', 'held']);
    assert.equal(r.pendingBefore, 3, 'queueLimit 3: the oldest went first');
    assert.equal(r.sentBefore, 0, 'nothing is sent before consent');
    assert.deepEqual(r.sentAfterGrant.map((e) => e[0]), ['click-1', 'click-2', 'click-3']);
    assert.deepEqual(r.sentAfterGrant.map((e) => e[1]), r.stamps.slice(1), 'original timestamps are kept');
    for (const e of r.sentAfterGrant) {
      assert.equal(e[2], '[email]', 'released events are redacted under the consent given');
      assert.deepEqual(e[3], { analytics: true, ai_training: false }, 'data-use labels');
    }
    assert.equal(r.pendingAfterGrant, 0);
    assert.equal(r.heldAgain, 'held');
    assert.equal(r.pendingAfterDeny, 0, 'withdrawal drops the held event');
    assert.equal(r.sentTotal, 3);
    assert.equal(r.purge.dropped, 1);
    const names = r.purge.cleared.map((c) => `${c.sdk}:${c.store}:${c.key}`).sort();
    assert.deepEqual(names, [
      'amplitude:sessionStorage:AMP_unsent_abc',
      'mixpanel:cookie:mp_TOKEN_mixpanel',
      'mixpanel:localStorage:__mpq_TOKEN_ev',
      'posthog:localStorage:ph_phc_TOKEN_posthog',
      'segment:cookie:ajs_anonymous_id',
      'segment:localStorage:ajs_user_traits',
    ]);
    assert.ok(!JSON.stringify(r.purge).includes('jane'), 'the report holds no values');
    assert.deepEqual(r.left.local, ['app_setting']);
    assert.deepEqual(r.left.session, []);
    assert.equal(r.left.cookie, 'theme=dark');
  } finally {
    await page.close();
    server.close();
  }
});
