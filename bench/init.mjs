// Start-up cost in headless Chromium, each sample a fresh browser context (cold caches), for
// the entries: the default one (`import` → `await createGuard`: fetch the .wasm, compile as it
// streams), consent-guard/lean (the same with the lean module) and consent-guard/sync (`import` → createGuardSync: decode the base64 copy, compile
// synchronously). Also: the bytes the page downloaded from pkg/ (gzip -9 of each response, as a
// server would send them), the longest task, and the JS heap the guard added. Prints medians.
//   node bench/init.mjs       (after scripts/build.sh)
import { gzipSync } from 'node:zlib';
import { startServer } from '../www/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const ENTRIES = {
  default: { path: '/pkg/index.js', create: 'await createGuard' },
  lean: { path: '/pkg/lean.js', create: 'await createGuard' },
  sync: { path: '/pkg/sync.js', create: 'createGuardSync' },
};

async function sample(browser, url, entry) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/pkg/')) bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length));
  });
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const times = await page.evaluate(async ({ path, sync }) => {
    const longest = { ms: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longest.ms = Math.max(longest.ms, e.duration);
    }).observe({ type: 'longtask' });
    const t0 = performance.now();
    const m = await import(path);
    const t1 = performance.now();
    const options = { preset: 'posthog', consent: { analytics: true } };
    const g = sync ? m.createGuardSync(options) : await m.createGuard(options);
    const t2 = performance.now();
    g.redact({ event: '$pageview', properties: { $current_url: 'https://x.example/?email=a%40b.co' } });
    const t3 = performance.now();
    window.__keep = g;
    await new Promise((ok) => setTimeout(ok, 50)); // let the long-task observer report
    return { importMs: t1 - t0, createMs: t2 - t1, readyMs: t2 - t0, firstRedactMs: t3 - t2, longTaskMs: longest.ms };
  }, { path: entry.path, sync: entry.create === 'createGuardSync' });
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfter = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const gzipBytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  await context.close();
  return { ...times, heapMiB: (heapAfter - heapBefore) / 2 ** 20, gzipKiB: gzipBytes / 1024 };
}

export async function run(samples = Number(process.env.SAMPLES ?? 20)) {
  const server = await startServer({ port: 0 });
  const url = `http://127.0.0.1:${server.address().port}/blank.html`;
  const browser = await launch();
  const results = {};
  try {
    for (const [name, entry] of Object.entries(ENTRIES)) {
      const rows = [];
      for (let i = 0; i < samples; i++) rows.push(await sample(browser, url, entry));
      const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1];
      const max = (k) => Math.max(...rows.map((r) => r[k]));
      results[name] = {
        importMs: median('importMs'), createMs: median('createMs'), readyMs: median('readyMs'),
        firstRedactMs: median('firstRedactMs'), longTaskMs: max('longTaskMs'), heapMiB: median('heapMiB'), gzipKiB: median('gzipKiB'),
      };
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { samples, version: browser.version(), results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { samples, version, results: r } = await run();
  console.log(`headless Chromium ${version}, ${samples} fresh contexts per entry; medians (longest task: the worst sample)\n`);
  console.log('| | default entry (`await createGuard`) | `consent-guard/lean` (`await createGuard`) | `consent-guard/sync` (`createGuardSync`) |\n|---|---|---|---|');
  const row = (label, k, digits, unit = '') => console.log(`| ${label} | ${['default', 'lean', 'sync'].map((e) => `${r[e][k].toFixed(digits)}${unit}`).join(' | ')} |`);
  row('downloaded from pkg/, gzip KiB', 'gzipKiB', 1);
  row('import (fetch + parse the JS) ms', 'importMs', 1);
  row('module load + guard ms', 'createMs', 1);
  row('module script start to a ready guard ms', 'readyMs', 1);
  row('first redact() ms', 'firstRedactMs', 2);
  row('longest task ms (0: none over 50 ms)', 'longTaskMs', 0);
  row('JS heap added MiB', 'heapMiB', 2);
}
