// What the extension adds, in headless Chromium with and without it loaded (two browsers side by
// side):
// - the script it injects into every frame: the bytes of each content script the manifest
//   names, by world;
// - page load without telemetry: an empty page and an ordinary one (www/ordinary.html: a
//   stylesheet, an image, a script, one same-origin frame), and with telemetry: a www/ SDK demo
//   page (PostHog, the page's own guard off), plain and with a strict CSP. DOMContentLoaded and
//   load event, LOADS loads each, the two browsers alternating load by load (the machine's other
//   work weighs on both alike): medians, and the median of the paired differences; and the
//   renderer's main-thread time until load (CDP Performance metrics in thread ticks: CPU time,
//   which a busy machine disturbs less than wall time), all of it and the scripts'; against a
//   floor: the same extension with both content scripts empty (Chrome's own cost);
// - the first telemetry request of a page: a `fetch` POST of a PostHog event (~1.3 KB) to the
//   local collector in a fresh page, until the page's fetch resolves and until the request
//   reaches the collector; then a `sendBeacon`; plain and strict CSP, median of LOADS pages;
// - the first telemetry fetch after the extension's service worker was stopped (it starts,
//   reads the settings and compiles the engine), median of COLD;
// - per request afterwards: one `fetch` POST to the collector's PostHog path and one elsewhere
//   (URL matching only), median of REQUESTS.
// Needs the package and the extension built (scripts/build.sh).   node bench/extension.mjs
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer } from '../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings, EXTENSION } from '../tests/e2e/extension.mjs';

const LOADS = Number(process.env.LOADS ?? 25);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const COLD = Number(process.env.COLD ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const now = () => performance.timeOrigin + performance.now();

/** Bytes of the content scripts injected into each frame, by world (MAIN, ISOLATED). */
export function injectedBytes(dir = EXTENSION) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const out = { MAIN: 0, ISOLATED: 0 };
  for (const cs of manifest.content_scripts ?? []) {
    if (!cs.all_frames) continue;
    for (const f of cs.js ?? []) out[cs.world ?? 'ISOLATED'] += statSync(join(dir, f)).size;
  }
  return out;
}

// The event's name marks each request: strip keeps it.
const BODY = JSON.stringify({ api_key: 'phc_x', batch: [{ event: 'checkout', properties: { contact: 'jane.doe@example.com', plan: 'pro', note: 'x'.repeat(1000) } }] });
const PAGES = [['empty page', '/blank.html'], ['ordinary page', '/ordinary.html'],
  ['SDK page', '/sdk/posthog.html?route=none'], ['SDK page, strict CSP', '/sdk/posthog.html?route=none&csp=strict']];

/** Both browsers, one with the extension (strip, the collector's paths as endpoints) and one without. */
async function browsers(server) {
  const port = server.address().port;
  const without = await launchWithExtension({ extension: false });
  const withExt = await launchWithExtension({ extension: true });
  await setSettings(withExt.worker, { level: 'strip', endpoints: collectorEndpoints(port) });
  // The floor: the same extension with both content scripts empty (what Chrome itself costs for
  // two document_start scripts in every frame, one in an isolated world).
  const dir = mkdtempSync(join(tmpdir(), 'cg-floor-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const cs of manifest.content_scripts) for (const f of cs.js) writeFileSync(join(dir, f), '');
  const floor = await launchWithExtension({ extension: true, path: dir });
  return { without, with: withExt, floor };
}

/**
 * Page loads, alternating between the two browsers load by load, so that whatever else the
 * machine does weighs on both alike: medians of each, and the median of the paired differences.
 */
async function pageLoads(b, base) {
  const out = {};
  const loadOnce = async (context, path) => {
    const page = await context.newPage();
    // The renderer's main-thread time (thread ticks: CPU time, not time waiting for a core),
    // every frame and world: what the content scripts cost however busy the machine is.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    nav.task = metrics.TaskDuration * 1000;
    nav.script = metrics.ScriptDuration * 1000;
    await page.close();
    return nav;
  };
  for (const [name, path] of PAGES) {
    const keys = ['without', 'with', 'floor'];
    const runs = Object.fromEntries(keys.map((k) => [k, []]));
    for (let i = 0; i < LOADS; i++) {
      const order = keys.map((_, j) => keys[(i + j) % keys.length]);
      for (const k of order) runs[k].push(await loadOnce(b[k].context, path));
    }
    const fields = { dcl: 'domContentLoadedEventEnd', load: 'loadEventEnd', task: 'task', script: 'script' };
    out[name] = { without: {}, with: {}, floor: {}, paired: {}, pairedFloor: {} };
    for (const [key, f] of Object.entries(fields)) {
      for (const k of keys) out[name][k][key] = median(runs[k].map((n) => n[f]));
      out[name].paired[key] = median(runs.with.map((n, i) => n[f] - runs.without[i][f]));
      out[name].pairedFloor[key] = median(runs.floor.map((n, i) => n[f] - runs.without[i][f]));
    }
  }
  return out;
}

/** Records when each marked request reached the collector (this process's clock, as the page's timeOrigin + now). */
function arrivals(server) {
  const seen = new Map();
  const push = server.collector.records.push;
  server.collector.records.push = function (...records) {
    for (const r of records) seen.set(r.body?.batch?.[0]?.event ?? r.id, now());
    return push.apply(this, records);
  };
  return async (mark) => {
    for (let i = 0; i < 2000 && !seen.has(mark); i++) await new Promise((r) => setTimeout(r, 5));
    return seen.get(mark) ?? NaN;
  };
}

let marks = 0;

/** One telemetry fetch in `page`: until the page's fetch resolves, and until the collector has it. */
async function timedFetch(page, arrival) {
  const mark = `fetch-${++marks}`;
  const t = await page.evaluate(async ([b, m]) => {
    const body = b.replace('"checkout"', JSON.stringify(m));
    const start = performance.timeOrigin + performance.now();
    await (await fetch('/posthog/e/', { method: 'POST', body })).text();
    return { start, resolved: performance.timeOrigin + performance.now() };
  }, [BODY, mark]);
  return { fetched: t.resolved - t.start, arrived: (await arrival(mark)) - t.start };
}

async function timedBeacon(page, arrival) {
  const mark = `beacon-${++marks}`;
  const start = await page.evaluate(([b, m]) => {
    const body = b.replace('"checkout"', JSON.stringify(m));
    const s = performance.timeOrigin + performance.now();
    navigator.sendBeacon('/posthog/e/', body);
    return s;
  }, [BODY, mark]);
  return (await arrival(mark)) - start;
}

/** The first telemetry requests of fresh pages, plain and strict CSP; then per-request costs. */
async function requests(context, base, arrival) {
  const out = {};
  for (const csp of [false, true]) {
    const fetched = [];
    const arrived = [];
    const beacons = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await context.newPage();
      await page.goto(`${base}/blank.html${csp ? '?csp=strict' : ''}`);
      const f = await timedFetch(page, arrival);
      fetched.push(f.fetched);
      arrived.push(f.arrived);
      beacons.push(await timedBeacon(page, arrival));
      await page.close();
    }
    out[csp ? 'first, strict CSP' : 'first'] = { fetched: median(fetched), arrived: median(arrived), beacon: median(beacons) };
  }
  const page = await context.newPage();
  await page.goto(`${base}/blank.html`);
  out.requests = await page.evaluate(async ([count, body]) => {
    const time = async (url) => {
      const samples = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await (await fetch(url, { method: 'POST', body })).text();
        samples.push(performance.now() - t);
      }
      return samples.sort((a, b) => a - b)[samples.length >> 1];
    };
    return { telemetry: await time('/posthog/e/'), other: await time('/__collector?vendor=none') };
  }, [REQUESTS, BODY]);
  await page.close();
  return out;
}

/**
 * The first telemetry fetch after the service worker was stopped (as Chrome stops it after 30 s
 * idle): the worker starts, reads the settings and compiles the engine. Without the extension:
 * a fresh page's first fetch. Median of COLD runs.
 */
async function coldStarts(context, base, arrival, extension) {
  const fetched = [];
  const arrived = [];
  const control = await context.newPage();
  const cdp = extension ? await context.newCDPSession(control) : null;
  await cdp?.send('ServiceWorker.enable');
  for (let i = 0; i < COLD; i++) {
    if (cdp) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await new Promise((r) => setTimeout(r, 300));
    }
    const page = await context.newPage();
    await page.goto(`${base}/blank.html`);
    const f = await timedFetch(page, arrival);
    fetched.push(f.fetched);
    arrived.push(f.arrived);
    await page.close();
  }
  return { fetched: median(fetched), arrived: median(arrived) };
}

export async function run() {
  const server = await startServer({ port: 0 });
  const base = `http://127.0.0.1:${server.address().port}`;
  const b = await browsers(server);
  try {
    const loads = await pageLoads(b, base);
    const arrival = arrivals(server);
    const out = { bytes: injectedBytes(), loads, without: await requests(b.without.context, base, arrival), with: await requests(b.with.context, base, arrival) };
    out.without.cold = await coldStarts(b.without.context, base, arrival, false);
    out.with.cold = await coldStarts(b.with.context, base, arrival, true);
    return out;
  } finally {
    await b.without.context.close();
    await b.floor.context.close();
    // After the worker was stopped Playwright may fail to close the context cleanly: the browser
    // still goes when this process ends.
    await b.with.context.close().catch(() => {});
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  const kb = (b) => `${(b / 1024).toFixed(1)} KiB (${b} bytes)`;
  console.log(`script injected per frame: MAIN world ${kb(r.bytes.MAIN)}, isolated world ${kb(r.bytes.ISOLATED)}, together ${kb(r.bytes.MAIN + r.bytes.ISOLATED)}\n`);
  const f = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  console.log(`page load, headless Chromium, median ms of ${LOADS} loads each, the browsers taking turns load by load\n`);
  console.log('| page | without | with | added (median of paired differences) | floor: empty content scripts, added |\n|---|---|---|---|---|');
  for (const [name] of PAGES) {
    const l = r.loads[name];
    const line = (label, key) => console.log(`| ${name}: ${label} | ${l.without[key].toFixed(1)} | ${l.with[key].toFixed(1)} | ${f(l.paired[key])} | ${f(l.pairedFloor[key])} |`);
    line('DOMContentLoaded', 'dcl');
    line('load event', 'load');
    line('main-thread time, to load', 'task');
    line('of which script', 'script');
  }
  const row = (name, a, b) => `| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${f(b - a)} |`;
  console.log(`\ntelemetry, median ms (${LOADS} fresh pages; ${REQUESTS} requests; ${COLD} cold starts)\n`);
  console.log('| measure | without | with | added |\n|---|---|---|---|');
  for (const [key, label] of [['first', 'plain page'], ['first, strict CSP', 'strict CSP']]) {
    console.log(row(`first telemetry fetch of a page (${label}): the page's fetch resolves`, r.without[key].fetched, r.with[key].fetched));
    console.log(row(`first telemetry fetch of a page (${label}): at the collector`, r.without[key].arrived, r.with[key].arrived));
    console.log(row(`a beacon after it (${label}): at the collector`, r.without[key].beacon, r.with[key].beacon));
  }
  console.log(row('first telemetry fetch after the service worker stopped: the fetch resolves', r.without.cold.fetched, r.with.cold.fetched));
  console.log(row('first telemetry fetch after the service worker stopped: at the collector', r.without.cold.arrived, r.with.cold.arrived));
  console.log(row('each later fetch POST to a telemetry endpoint', r.without.requests.telemetry, r.with.requests.telemetry));
  console.log(row('fetch POST elsewhere (URL match only)', r.without.requests.other, r.with.requests.other));
}
