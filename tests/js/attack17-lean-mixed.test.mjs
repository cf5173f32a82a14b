// attack17: consent-guard/lean mixed with the other entries, and what the default entry's
// functions do when the module in the realm is the lean one.
//
// README ("Loading: four entries"): "The module loads once per page whichever entries are
// imported; when consent-guard/lean and another entry are both imported, the whole module is the
// one loaded." module-source.js sorts lean sources after whole ones, but the choice is made when
// the first load starts, and a load starts as soon as any module calls createGuard: a module
// that imports consent-guard/lean and makes its guard while it is evaluated (a top-level await,
// or the Promise handed to an integration) runs before a later module of the same static graph
// has imported 'consent-guard'; a lazily imported chunk always comes after. From then on the
// default entry (and consent-guard/sync) run on the lean module: consentFromSignals throws
// FEATURE_UNAVAILABLE telling the caller to "import from 'consent-guard'" (which it did),
// redactBody sends nothing, intercept() blocks every telemetry request, followSignals() leaves
// every purpose unknown.
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
const EXPECTED = { signals: 'denied', body: '{"event":"$pageview","properties":{"email":"[email]"}}' };

test('FINDING static graph: a module that imports consent-guard/lean and makes its guard while evaluated, then \'consent-guard\': the whole module is loaded (README)', async () => {
  // widget.js: `import { createGuard } from 'consent-guard/lean'; export const guard = await createGuard(…)`
  const widget = mod(`import { createGuard } from ${q(LEAN)};
    export const guard = await createGuard({ preset: 'posthog', consent: { analytics: true } });`);
  // app.js: `import './widget.js'; import { consentFromSignals, createGuard } from 'consent-guard';`
  const answer = await realm(`import ${q(widget)}; import { consentFromSignals, createGuard } from ${q(WHOLE)};
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED, 'both entries are imported by one static graph, yet the lean module was loaded');
});

test('FINDING static graph without await: the Promise from lean createGuard handed to an integration at evaluation also picks the lean module', async () => {
  const widget = mod(`import { createGuard } from ${q(LEAN)}; import { posthogBeforeSend } from ${q(INTEGRATIONS)};
    export const ready = createGuard({ preset: 'posthog', consent: { analytics: true } });
    export const before_send = posthogBeforeSend(ready);`);
  // app.js uses the default entry once the page's guard is ready.
  const answer = await realm(`import { ready } from ${q(widget)}; import { consentFromSignals, createGuard } from ${q(WHOLE)};
    await ready;
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

test('FINDING lazy chunk: lean loaded, then \'consent-guard\' imported: its consentFromSignals and redactBody work (README: the whole module is the one loaded)', async () => {
  const answer = await realm(`import * as lean from ${q(LEAN)};
    await lean.createGuard({ preset: 'posthog' });
    const { consentFromSignals, createGuard } = await import(${q(WHOLE)});
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

test('FINDING lazy consent-guard/sync after lean: "the same exports" as the default entry, but its consentFromSignals throws', async () => {
  const answer = await realm(`import * as lean from ${q(LEAN)};
    await lean.loadModule();
    const { consentFromSignals, createGuard } = await import(${q(SYNC)});
    ${PROBE} done(answer);`);
  assert.deepEqual(answer, EXPECTED);
});

// The consequence that is not fail-closed: README says consentFromSignals' `consent` "fits
// guard.setConsent", and with the whole module it never throws for an object (a malformed
// signal becomes that source's error). An app that applies a GPC opt-out that way keeps its old
// grants when the realm's module is the lean one: the exception leaves setConsent uncalled.
test('FINDING fail-open: a GPC opt-out applied as README shows (setConsent(consentFromSignals(…).consent)) is lost when the lean module loaded first', async () => {
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
  assert.deepEqual(answer, { marketing: 'denied', ad: null, gclid: null }, 'marketing stayed granted after the GPC opt-out');
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
test('COSMETIC doc: the README names amplitudeReplayOptions among what needs the default entry', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const leanText = readme.split('\n').filter((l) => /consent-guard\/lean|lean module|hook route alone/.test(l)).join('\n')
    + readme.slice(readme.indexOf('A page on the hook route alone'), readme.indexOf('A page on the hook route alone') + 400);
  assert.match(leanText, /amplitudeReplayOptions|Amplitude.{0,40}replay/i, 'the lean caveat names only Sentry');
});

// guard.counters reports every call: with the lean module redactBody/redactRequest count nothing,
// so a page that watches counters sees no refusals at all.
test('COSMETIC counters: a body the lean module refuses is counted (calls, dropped by reason) as the whole module counts an unreadable one', async () => {
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
