// Consent signals in headless Chromium: a stub CMP (__tcfapi, __gpp) and a dataLayer change
// consent mid-session, and the next redacted events follow, with no re-initialization.
import test from 'node:test';
import assert from 'node:assert/strict';
import { TCModel, TCString } from '@iabtechlabtcf/core';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';
import { syntheticGvl } from '../js/support/tcf-models.mjs';

function tcString(purposes) {
  const tc = new TCModel(syntheticGvl(20));
  tc.cmpId = 42;
  tc.purposeConsents.set(purposes);
  return TCString.encode(tc);
}

const browser = await launch();
test.after(() => browser.close());

test('followSignals tracks a CMP and dataLayer live; readSignals reads them once', async () => {
  const server = await startServer({ port: 0 });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/favicon.svg`);
    const result = await page.evaluate(async ({ yes, no }) => {
      // A stub CMP that answers asynchronously, as real ones do.
      const tcfListeners = new Map();
      let tc = null;
      let nextId = 1;
      const tcData = (listenerId) => ({ tcString: tc, gdprApplies: true, eventStatus: 'useractioncomplete', listenerId });
      window.__tcfapi = (command, version, callback, parameter) => {
        if (command === 'addEventListener') {
          const id = nextId++;
          tcfListeners.set(id, callback);
          setTimeout(() => callback(tcData(id), tc !== null), 0);
        } else if (command === 'removeEventListener') {
          callback(tcfListeners.delete(parameter));
        } else if (command === 'getTCData') {
          setTimeout(() => callback(tcData(undefined), tc !== null), 0);
        }
      };
      window.__gpp = (command, callback) => {
        if (command === 'ping') callback({ gppString: 'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA' });
        if (command === 'addEventListener') callback({ listenerId: 1, pingData: { gppString: '' } });
      };
      const setTc = (value) => {
        tc = value;
        for (const [id, cb] of tcfListeners) setTimeout(() => cb(tcData(id), true), 0);
      };
      const tick = () => new Promise((r) => setTimeout(r, 20));
      window.dataLayer = [];
      Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });

      const m = await import('/pkg/index.js');
      const guard = await m.createGuard({ preset: 'posthog' });
      const changes = [];
      const stop = m.followSignals(guard, { onChange: (r) => changes.push(r.consent.analytics) });
      const event = { event: '$pageview', properties: { $current_url: 'https://x.example/?token=T' } };
      const steps = {};
      await tick();
      steps.beforeCmp = guard.redact(event);
      setTc(yes);
      await tick();
      steps.afterGrant = guard.redact(event);
      steps.marketing = guard.consent.marketing;
      window.dataLayer.push(['consent', 'update', { analytics_storage: 'denied' }]);
      steps.afterDataLayerDeny = guard.redact(event);
      window.dataLayer.push(['consent', 'update', { analytics_storage: 'granted' }]);
      steps.afterDataLayerGrant = guard.redact(event);
      setTc(no);
      await tick();
      steps.afterWithdraw = guard.redact(event);
      stop();
      setTc(yes);
      await tick();
      steps.afterUnsubscribe = guard.redact(event);
      steps.read = await m.readSignals();
      steps.tcfListenersLeft = tcfListeners.size;
      steps.changes = changes;
      steps.gppSource = m.consentFromSignals(steps.read).sources.gpp;
      return steps;
    }, { yes: tcString([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), no: tcString([]) });

    assert.equal(result.beforeCmp, null, 'no consent yet: nothing is sent');
    assert.deepEqual(result.afterGrant, { event: '$pageview', properties: { $current_url: 'https://x.example/' } });
    assert.equal(result.marketing, 'denied', 'GPC denies marketing even though TCF grants it');
    assert.equal(result.afterDataLayerDeny, null, 'a Consent Mode denial applies to the next event');
    assert.notEqual(result.afterDataLayerGrant, null);
    assert.equal(result.afterWithdraw, null, 'withdrawal in the CMP applies to the next event');
    assert.equal(result.afterUnsubscribe, null, 'after unsubscribing, CMP changes no longer apply');
    assert.equal(result.tcfListenersLeft, 0, 'the TCF listener was removed');
    assert.equal(result.read.gpc, true);
    assert.equal(typeof result.read.tcf, 'string');
    assert.ok(result.read.gpp.startsWith('DBABMA'));
    assert.deepEqual(result.read.consentMode.at(-1), ['consent', 'update', { analytics_storage: 'granted' }]);
    // The stub's GPP string holds a tcfeuv2 section with no purpose consented.
    assert.deepEqual(result.gppSource.detail.sectionIds, [2]);
    assert.equal(result.gppSource.decisions.analytics, 'denied');
    assert.ok(result.changes.includes('granted') && result.changes.includes('denied'));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    server.close();
  }
});

// Each way a page writes its dataLayer, in a real browser: analytics is granted, then withdrawn,
// and the guard applies the withdrawal before the next event (hooked writes at once, the rest
// when the next redaction call polls).
test('followSignals sees a withdrawal however the page writes its dataLayer', async () => {
  const server = await startServer({ port: 0 });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/favicon.svg`);
    const results = await page.evaluate(async () => {
      const m = await import('/pkg/index.js');
      const event = { event: '$pageview', properties: { $current_url: 'https://x.example/' } };
      const grant = () => ['consent', 'default', { analytics_storage: 'granted' }];
      const deny = () => ['consent', 'update', { analytics_storage: 'denied' }];
      function gtag() { window.dataLayer.push(arguments); }
      const writes = {
        push: () => window.dataLayer.push(deny()),
        gtag: () => gtag('consent', 'update', { analytics_storage: 'denied' }),
        reassign: () => { window.dataLayer = [grant(), deny()]; },
        'index write': () => { window.dataLayer[window.dataLayer.length] = deny(); },
        unshift: () => window.dataLayer.unshift(deny()),
        splice: () => window.dataLayer.splice(0, window.dataLayer.length),
        'GTM replaces push': () => {
          // As gtm.js does once it loads: keep the push it found, install its own.
          const dl = window.dataLayer;
          const found = dl.push;
          dl.push = function () { const r = found.apply(dl, arguments); return r; };
          dl.push(deny());
        },
        'push assigned on a kept reference': () => {
          const kept = window.dataLayer;
          window.dataLayer = kept; // gtag's `window.dataLayer = window.dataLayer || []`
          kept.push = (...a) => Array.prototype.push.apply(kept, a);
          kept.push(deny());
        },
      };
      const out = {};
      for (const [name, write] of Object.entries(writes)) {
        delete window.dataLayer;
        window.dataLayer = [];
        const guard = await m.createGuard({ preset: 'posthog' });
        const stop = m.followSignals(guard);
        window.dataLayer.push(grant());
        const r = { granted: guard.consent.analytics, sentBefore: guard.redact(event) !== null };
        write();
        r.atOnce = guard.consent.analytics;
        r.next = guard.redact(event);
        r.after = guard.consent.analytics;
        stop();
        guard.free();
        out[name] = r;
      }
      return out;
    });
    const hooked = ['push', 'gtag', 'reassign', 'unshift', 'splice', 'GTM replaces push', 'push assigned on a kept reference'];
    for (const [name, r] of Object.entries(results)) {
      assert.equal(r.granted, 'granted', name);
      assert.ok(r.sentBefore, name);
      if (hooked.includes(name)) assert.notEqual(r.atOnce, 'granted', `${name}: applied at once`);
      assert.equal(r.next, null, `${name}: the next event is dropped`);
      assert.notEqual(r.after, 'granted', name);
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    server.close();
  }
});

test('a non-configurable dataLayer (as `var dataLayer` makes) is still followed through poll', async () => {
  const server = await startServer({ port: 0 });
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/favicon.svg`);
    const r = await page.evaluate(async () => {
      // What a top-level `var dataLayer = []` leaves (the test server's CSP forbids inline script).
      Object.defineProperty(window, 'dataLayer', { value: [], writable: true, enumerable: true, configurable: false });
      const m = await import('/pkg/index.js');
      const event = { event: '$pageview', properties: {} };
      const configurable = Object.getOwnPropertyDescriptor(window, 'dataLayer').configurable;
      const guard = await m.createGuard({ preset: 'posthog' });
      const stop = m.followSignals(guard);
      window.dataLayer.push(['consent', 'default', { analytics_storage: 'granted' }]);
      const granted = guard.consent.analytics;
      // Reassigned: no setter runs, so only the next event's poll can see it.
      window.dataLayer = [['consent', 'update', { analytics_storage: 'denied' }]];
      const next = guard.redact(event);
      const after = guard.consent.analytics;
      stop();
      return { configurable, granted, next, after };
    });
    assert.equal(r.configurable, false, 'the page really has a non-configurable dataLayer');
    assert.equal(r.granted, 'granted');
    assert.equal(r.next, null);
    assert.equal(r.after, 'denied');
  } finally {
    await page.close();
    server.close();
  }
});
