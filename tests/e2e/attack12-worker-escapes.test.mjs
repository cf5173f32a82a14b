// attack12: intercept(guard) covers blob:/data: workers by running a prelude first in the worker
// that replaces `self.fetch` (an own property of the worker's global) and makes XHR to a telemetry
// host throw. Everything else in the worker's realm that reaches the network is left as it was:
// - a worker the worker creates (nested dedicated workers: Worker is exposed in workers) starts
//   without the prelude: its fetch to a telemetry host is sent raw. Not the documented http(s) /
//   SharedWorker / service-worker limit: this is a blob: worker, the kind the README says is covered.
// - `WorkerGlobalScope.prototype.fetch`, the native fetch the own property shadows, is still there
//   (`delete self.fetch` brings it back too).
// - `importScripts(url)` is a GET to any URL: events in `?data=` (a query the endpoint table reads
//   as a body, Mixpanel-style) reach a telemetry path unredacted.
//
// Class: the worker prelude patches one binding of one realm instead of every network primitive
// of every realm a worker can reach. Leak: whole event bodies (emails here), under any consent,
// interceptor route (blob: workers, which the README lists as covered).
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, sleep } from './attack12-support.mjs';

const env = await start();
test.after(() => env.close());

async function open() {
  env.server.collector.records.length = 0;
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/blank.html`);
  await page.evaluate(async () => {
    const { createGuardSync, intercept } = await import('/pkg/sync.js');
    intercept(createGuardSync({ preset: 'posthog', consent: { analytics: true } }),
      { endpoints: [{ vendor: 'posthog', hosts: [location.host], prefix: '/posthog' }] });
  });
  return page;
}

/** Starts a blob: worker from `source` (made after intercept(), as an SDK makes it) and waits for its answer. */
function runWorker(page, source) {
  return page.evaluate((source) => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ error: e.message ?? 'worker error' });
    setTimeout(() => resolve({ error: 'no answer within 5 s' }), 5000);
  }), source);
}

const batch = (email) => JSON.stringify({ batch: [{ event: 'checkout', properties: { contact: email, plan: 'pro' } }] });
const arrived = () => env.records('posthog').map((r) => `${r.path} ${JSON.stringify(r.query)} ${r.text ?? ''}`).join('\n');

test('control: the worker\'s own fetch is guarded', async () => {
  const page = await open();
  const answer = await runWorker(page, `fetch(self.location.origin + '/posthog/e/', { method: 'POST', body: ${JSON.stringify(batch('wkctl.jane@example.com'))} }).then((r) => postMessage(r.status), (e) => postMessage(String(e)));`);
  assert.equal(answer, 200);
  await sleep(200);
  assert.match(arrived(), /"plan":"pro"/);
  assert.ok(!arrived().includes('wkctl.jane@example.com'));
  await page.close();
});

test('a worker started by a blob: worker cannot send telemetry raw', async () => {
  const page = await open();
  const inner = `fetch(self.location.origin + '/posthog/e/', { method: 'POST', body: ${JSON.stringify(batch('wknested.jane@example.com'))} }).then((r) => postMessage(r.status), (e) => postMessage(String(e)));`;
  const answer = await runWorker(page, `
    const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(inner)}], { type: 'text/javascript' })));
    w.onmessage = (e) => postMessage({ nested: e.data });
    w.onerror = (e) => postMessage({ error: e.message });`);
  assert.equal(answer.error, undefined, 'the nested worker ran');
  await sleep(200);
  assert.ok(!arrived().includes('wknested.jane@example.com'), `the nested worker's event arrived unredacted:\n${arrived()}`);
  await page.close();
});

test('a blob: worker cannot reach the native fetch behind the prelude', async () => {
  const page = await open();
  await runWorker(page, `WorkerGlobalScope.prototype.fetch.call(self, self.location.origin + '/posthog/e/', { method: 'POST', body: ${JSON.stringify(batch('wkproto.jane@example.com'))} }).then((r) => postMessage(r.status), (e) => postMessage(String(e)));`);
  await sleep(200);
  assert.ok(!arrived().includes('wkproto.jane@example.com'), `sent through WorkerGlobalScope.prototype.fetch unredacted:\n${arrived()}`);
  await page.close();
});

test('a blob: worker cannot send events to a telemetry path with importScripts', async () => {
  const page = await open();
  await runWorker(page, `try { importScripts(self.location.origin + '/posthog/e/?data=' + encodeURIComponent(btoa(${JSON.stringify(batch('wkimport.jane@example.com'))}))); } catch (e) {} postMessage('done');`);
  await sleep(200);
  assert.ok(!arrived().includes('wkimport.jane@example.com'), `sent through importScripts unredacted:\n${arrived()}`);
  await page.close();
});
