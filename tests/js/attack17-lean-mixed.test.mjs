// attack17: consent-guard/lean mixed with the other entries, and what the default entry's
// functions do when the module in the realm is the lean one.
//
// Found by this round: the README said that when consent-guard/lean and another entry are both
// imported, the whole module is loaded. The choice is made when the first load starts, and a
// load starts as soon as any module calls createGuard: a module that imports consent-guard/lean
// and makes its guard while it is evaluated runs before a later module of the same graph has
// imported 'consent-guard'; a lazily imported chunk always comes after. The default entry then
// ran on the lean module, and its consentFromSignals threw, so an app applying a GPC opt-out
// with setConsent(consentFromSignals(…).consent) kept its old grants. Now the first load decides
// (README), and on the lean module the default entry fails closed and says why: consentFromSignals
// answers every purpose but `necessary` unknown with an error, bodies are refused with a reason
// that names the lean module, intercept() blocks telemetry, followSignals() grants nothing.
//
// Each scenario runs in a worker (a realm of its own: the module loads once per realm), from a
// module graph written as data: URLs that import the package by its resolved file URLs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const LEAN = import.meta.resolve('consent-guard/lean');
const WHOLE = import.meta.resolve('consent-guard');
const SYNC = import.meta.resolve('consent-guard/sync');
const INTEGRATIONS = import.meta.resolve('consent-guard/integrations');
const mod = (src) => `data:text/javascript,${encodeURIComponent(src)}`;
const q = JSON.stringify;

/** Runs `main` (module source; it posts its answer with `done(value)`) in a fresh realm. */
function realm(main) {
  const source = `import { parentPort } from 'node:worker_threads';
    globalThis.done = (v) => parentPort.postMessage(v);
    await import(${q(mod(main))});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(mod(source)));
    worker.once('message', (m) => {
      resolve(m);
      worker.terminate();
    });
    worker.once('error', reject);
  });
}

// What a page gets from the default entry's body and signal functions.
const PROBE = `
  const answer = {};
  try { answer.signals = consentFromSignals({ gpc: true }).consent.sale_sharing; } catch (e) { answer.signals = e.code + ': ' + e.message; }
  const g = await createGuard({ preset: 'posthog', consent: { analytics: true } });
  const out = g.redactBody('{"event":"$pageview","properties":{"email":"jane@example.com"}}');
  answer.body = out.body ? new TextDecoder().decode(out.body) : out.receipt.dropped.map((d) => d.reason + ': ' + d.detail).join();
`;
// On the lean module: signals decide nothing, bodies are refused with the reason.
const EXPECTED = { signals: 'unknown', body: "unreadable_body: the lean module (consent-guard/lean) reads no request bodies: import 'consent-guard' instead in this page" };

test('static graph: a module that imports consent-guard/lean and makes its guard while evaluated, then \'consent-guard\': the lean module stays, and the default entry fails closed', async () => {
  // widget.js: `import { createGuard } from 'consent-guard/lean'; export const guard = await createGuard(…)`
  const widget = mod(`import { createGuard } from ${q(LEAN)};
    export const guard = await createGuard({ preset: 'posthog', consent: { analytics: true } });`);
  // app.js: `import './widget.js'; import { consentFromSignals, createGuard } from 'consent-guard';`
  const answer = await realm(`import ${q(widget)}; import { consentFromSignals, createGuard } from ${q(WHOLE)};
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

test('static graph without await: the Promise from lean createGuard handed to an integration at evaluation also picks the lean module, and the default entry fails closed', async () => {
  const widget = mod(`import { createGuard } from ${q(LEAN)}; import { posthogBeforeSend } from ${q(INTEGRATIONS)};
    export const ready = createGuard({ preset: 'posthog', consent: { analytics: true } });
    export const before_send = posthogBeforeSend(ready);`);
  // app.js uses the default entry once the page's guard is ready.
  const answer = await realm(`import { ready } from ${q(widget)}; import { consentFromSignals, createGuard } from ${q(WHOLE)};
    await ready;
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

test('lazy chunk: lean loaded, then \'consent-guard\' imported: its consentFromSignals decides nothing and redactBody refuses, saying why', async () => {
  const answer = await realm(`import * as lean from ${q(LEAN)};
    await lean.createGuard({ preset: 'posthog' });
    const { consentFromSignals, createGuard } = await import(${q(WHOLE)});
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

test('lazy consent-guard/sync after lean: the same answers as the default entry on the lean module', async () => {
  const answer = await realm(`import * as lean from ${q(LEAN)};
    await lean.loadModule();
    const { consentFromSignals, createGuard } = await import(${q(SYNC)});
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

// The consequence that was not fail-closed: README says consentFromSignals' `consent` "fits
// guard.setConsent", and with the whole module it never throws for an object (a malformed
// signal becomes that source's error). An app that applied a GPC opt-out that way kept its old
// grants when the realm's module was the lean one: the exception left setConsent uncalled.
test('found: a GPC opt-out applied as README shows (setConsent(consentFromSignals(…).consent)) is not lost when the lean module loaded first', async () => {
  const answer = await realm(`
    import { createGuard } from ${q(LEAN)};
    const guard = await createGuard({ policy: { version: 1, extends: 'posthog',
      events: [{ id: 'ads', match: 'ad_*', purposes: ['marketing'] }],
      rules: [{ id: 'gclid', select: 'properties.gclid', purposes: ['marketing'] }] },
      consent: { analytics: true, marketing: true } });
    // Later, a chunk that follows the page's signals itself:
    const { consentFromSignals } = await import(${q(WHOLE)});
    const onGpc = () => guard.setConsent(consentFromSignals({ gpc: true, app: { analytics: true, marketing: true } }).consent);
    try { onGpc(); } catch { /* an event listener's exception: reported by the browser, nothing else */ }
    done({ marketing: guard.consent.marketing,
      ad: guard.redact({ event: 'ad_click', properties: { gclid: 'CjwKCAiA-GCLID' } }),
      gclid: guard.redact({ event: '$pageview', properties: { gclid: 'CjwKCAiA-GCLID' } })?.properties?.gclid ?? null });`);
  assert.deepEqual(answer, { marketing: 'unknown', ad: null, gclid: null }, 'marketing stayed granted after the GPC opt-out');
});

// ---- what held: the default entry's functions on the lean module fail closed ---------------

test('held: followSignals from the default entry on the lean module leaves every purpose but necessary unknown, never the old grants', async () => {
  const answer = await realm(`
    import { createGuard } from ${q(LEAN)};
    const guard = await createGuard({ preset: 'posthog', consent: { analytics: true, marketing: true, functional: true } });
    const { followSignals } = await import(${q(WHOLE)});
    globalThis.dataLayer = [['consent', 'default', { analytics_storage: 'granted', ad_storage: 'granted' }]];
    let change;
    const stop = followSignals(guard, { app: { analytics: true, marketing: true }, onChange: (r) => (change = r) });
    const after = guard.consent;
    const sent = guard.redact({ event: '$pageview', properties: { plan: 'pro' } });
    globalThis.dataLayer.push(['consent', 'update', { analytics_storage: 'granted' }]);
    const sent2 = guard.redact({ event: '$pageview', properties: { plan: 'pro' } });
    stop();
    done({ after, sent, sent2, code: change?.error?.code });`);
  const { necessary, ...rest } = answer.after;
  assert.equal(necessary, 'granted');
  for (const [p, v] of Object.entries(rest)) assert.equal(v, 'unknown', p);
  assert.equal(answer.sent, null);
  assert.equal(answer.sent2, null);
  assert.equal(answer.code, 'FEATURE_UNAVAILABLE');
});

test('held: intercept(guard) from the default entry on the lean module blocks telemetry (never raw), passes other requests', async () => {
  const answer = await realm(`
    import { createGuard } from ${q(LEAN)};
    const guard = await createGuard({ preset: 'posthog', consent: { analytics: true } });
    const { intercept } = await import(${q(WHOLE)});
    const sent = [];
    const win = { Headers, Request, Response, URL, URLSearchParams, Blob, location: { href: 'https://shop.example.com/' },
      fetch: async (url, init) => { sent.push(String(url) + ' ' + String(init?.body ?? '')); return new Response('{}'); } };
    const receipts = [];
    const stop = intercept(guard, { window: win, onReceipt: (r) => receipts.push(r.dropped.map((d) => d.reason).join()) });
    const results = [];
    for (const [url, body] of [
      ['https://us.i.posthog.com/e/?ip=1&email=jane%40example.com', JSON.stringify({ event: '$pageview', properties: { email: 'jane@example.com' } })],
      ['https://us.i.posthog.com/i/v0/e/', JSON.stringify([{ event: 'x', properties: { email: 'jane@example.com' } }])],
      ['https://us.i.posthog.com/flags/?v=2', undefined],
      ['https://us.i.posthog.com/e/', new TextEncoder().encode('\\u001f\\u008b garbage jane@example.com')],
    ]) {
      try { await win.fetch(url, { method: body === undefined ? 'GET' : 'POST', body }); results.push('sent'); } catch (e) { results.push('blocked'); }
    }
    await win.fetch('https://shop.example.com/api/cart', { method: 'POST', body: 'ok' });
    stop();
    done({ results, sent, receipts });`);
  assert.deepEqual(answer.results, ['blocked', 'blocked', 'blocked', 'blocked']);
  assert.deepEqual(answer.sent, ['https://shop.example.com/api/cart ok']);
  assert.ok(answer.receipts.every((r) => r === 'unreadable_body'), answer.receipts.join(' | '));
});

test('held: Sentry\'s guarded transport withholds every envelope with a lean guard and with the Promise of one', async () => {
  const answer = await realm(`
    import { createGuard } from ${q(LEAN)};
    import { sentryTransport, sentryConfig } from ${q(INTEGRATIONS)};
    const inner = [];
    const make = () => ({ send: async (env) => { inner.push(JSON.stringify(env)); return { statusCode: 200 }; }, flush: async () => true });
    const envelope = [{ event_id: 'a', sent_at: '2026-11-30T00:00:00Z' }, [
      [{ type: 'event' }, { message: 'failed for jane@example.com', user: { email: 'jane@example.com' } }],
      [{ type: 'session' }, { sid: 's', did: 'jane@example.com', status: 'ok' }],
      [{ type: 'client_report' }, { discarded_events: [] }]]];
    const all = { analytics: true, functional: true, marketing: true, personalization: true, ai_training: true, sale_sharing: true };
    const guard = await createGuard({ preset: 'sentry', consent: all });
    const answers = [];
    answers.push(await sentryTransport(guard, make)({}).send(envelope));
    answers.push(await sentryTransport(createGuard({ preset: 'sentry', consent: all }), make)({}).send(envelope));
    answers.push(await sentryConfig(guard, { dsn: 'x' }, { sentry: { makeFetchTransport: make } }).transport({}).send(envelope));
    done({ inner, answers });`);
  assert.deepEqual(answer.inner, []);
});

test('held: amplitudeReplayOptions with a lean guard blocks replay uploads (a rejected fetch), never sends them raw', async () => {
  const body = readFileSync(new URL('../fixtures/captures/amplitude/14-sessions_v2_track.json', import.meta.url), 'utf8');
  const answer = await realm(`
    const c = ${body};
    const sent = [];
    globalThis.fetch = async (url, init) => { sent.push(String(url)); return new Response('{}'); };
    const { createGuard } = await import(${q(LEAN)});
    const { amplitudeReplayOptions } = await import(${q(INTEGRATIONS)});
    const all = { analytics: true, functional: true, marketing: true, personalization: true, ai_training: true, sale_sharing: true };
    const guard = await createGuard({ policy: { version: 1, extends: 'amplitude', replay: 'redact' }, consent: all });
    const opts = amplitudeReplayOptions(guard, {});
    const url = 'https://api-sr.amplitude.com/sessions/v2/track?' + new URLSearchParams(c.query);
    let result;
    try { await opts.handleSendEvents({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) }); result = 'sent'; }
    catch { result = 'blocked'; }
    done({ result, sent });`);
  assert.deepEqual(answer, { result: 'blocked', sent: [] });
});

test('held: blockTelemetry from consent-guard/lean blocks telemetry without the module', async () => {
  const answer = await realm(`
    import { blockTelemetry } from ${q(LEAN)};
    const sent = [];
    const win = { Headers, Request, Response, URL, URLSearchParams, Blob, location: { href: 'https://shop.example.com/' },
      fetch: async (url) => { sent.push(String(url)); return new Response('{}'); } };
    blockTelemetry({ window: win });
    let r;
    try { await win.fetch('https://api2.amplitude.com/2/httpapi', { method: 'POST', body: '{"events":[{"user_id":"jane@example.com"}]}' }); r = 'sent'; } catch { r = 'blocked'; }
    done({ r, sent });`);
  assert.deepEqual(answer, { r: 'blocked', sent: [] });
});

// ---- cosmetic -------------------------------------------------------------------------------

// README (lean row): "the hook route: SDK hooks (consent-guard/integrations) except Sentry's
// transport"; Integrations: "Not with Sentry". amplitudeReplayOptions guards Amplitude's replay
// uploads through the request codecs too (sdkFetch → redactRequest), so with the lean module
// every upload is refused, even under a policy with `replay: "redact"` and full consent, and the
// README does not say so. Fail-closed; the doc is wrong.
test('found (doc): the README names amplitudeReplayOptions among what needs the default entry', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const leanText = readme.split('\n').filter((l) => /consent-guard\/lean|lean module|hook route alone/.test(l)).join('\n')
    + readme.slice(readme.indexOf('A page on the hook route alone'), readme.indexOf('A page on the hook route alone') + 400);
  assert.match(leanText, /amplitudeReplayOptions|Amplitude.{0,40}replay/i, 'the lean caveat names only Sentry');
});

// guard.counters reports every call: with the lean module redactBody/redactRequest count nothing,
// so a page that watches counters sees no refusals at all.
test('found (counters): a body the lean module refuses is counted (calls, dropped by reason) as the whole module counts an unreadable one', async () => {
  const answer = await realm(`
    import { createGuard } from ${q(LEAN)};
    const g = await createGuard({ preset: 'posthog', consent: { analytics: true } });
    g.redactBody('{"event":"x","properties":{"email":"a@b.com"}}');
    g.redactRequest({ path: '/e/', body: '{}' });
    done(g.counters);`);
  assert.equal(answer.calls, 2);
  assert.equal(answer.events_dropped, 2);
  assert.deepEqual(answer.dropped_by_reason, { unreadable_body: 2 });
});
