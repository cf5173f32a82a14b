// What the extension adds, in headless Chromium with and without it loaded:
// - page load: an empty page (the content scripts' own cost) and a www/ SDK demo page (PostHog,
//   the page's own guard off), plain and with a strict CSP: DOMContentLoaded and load event,
//   median of 15 loads each;
// - the first telemetry request of a page (the engine compiles then), median of 15 pages;
// - per request afterwards: one `fetch` POST of a PostHog event (~1.3 KB) to the local
//   collector (redacted in the page), and one elsewhere (URL matching only), median of 200.
// Needs `scripts/build.sh` first.   node bench/extension.mjs
import { startServer } from '../www/serve.mjs';
import { launchWithExtension, collectorEndpoints, setSettings } from '../tests/e2e/extension.mjs';

const LOADS = 15;
const REQUESTS = 200;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function measure(extension, port) {
  const { context, worker } = await launchWithExtension({ extension });
  if (worker) await setSettings(worker, { level: 'strip', endpoints: collectorEndpoints(port) });
  const base = `http://127.0.0.1:${port}`;
  const out = {};
  const body = JSON.stringify({ api_key: 'phc_x', batch: [{ event: 'checkout', properties: { contact: 'jane.doe@example.com', plan: 'pro', note: 'x'.repeat(1000) } }] });
  for (const [name, path] of [['empty page', '/blank.html'], ['SDK page', '/sdk/posthog.html?route=none'], ['SDK page, strict CSP', '/sdk/posthog.html?route=none&csp=strict']]) {
    const dcl = [];
    const load = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await context.newPage();
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
      dcl.push(nav.domContentLoadedEventEnd);
      load.push(nav.loadEventEnd);
      await page.close();
    }
    out[name] = { dcl: median(dcl), load: median(load) };
  }
  const first = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await context.newPage();
    await page.goto(`${base}/blank.html`);
    first.push(await page.evaluate(async (b) => {
      const t = performance.now();
      await (await fetch('/posthog/e/', { method: 'POST', body: b })).text();
      return performance.now() - t;
    }, body));
    await page.close();
  }
  out.first = median(first);
  const page = await context.newPage();
  await page.goto(`${base}/blank.html`);
  out.requests = await page.evaluate(async ([n, body]) => {
    const time = async (url) => {
      const samples = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await (await fetch(url, { method: 'POST', body })).text();
        samples.push(performance.now() - t);
      }
      return samples.sort((a, b) => a - b)[samples.length >> 1];
    };
    return { telemetry: await time('/posthog/e/'), other: await time('/__collector?vendor=none') };
  }, [REQUESTS, body]);
  await context.close();
  return out;
}

export async function run() {
  const server = await startServer({ port: 0 });
  const port = server.address().port;
  try {
    return { without: await measure(false, port), with: await measure(true, port) };
  } finally {
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  const row = (name, a, b) => `| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | +${(b - a).toFixed(1)} |`;
  console.log('extension cost, headless Chromium, median ms\n');
  console.log('| measure | without | with | added |\n|---|---|---|---|');
  for (const v of ['empty page', 'SDK page', 'SDK page, strict CSP']) {
    console.log(row(`${v}: DOMContentLoaded`, r.without[v].dcl, r.with[v].dcl));
    console.log(row(`${v}: load event`, r.without[v].load, r.with[v].load));
  }
  console.log(row('first telemetry fetch of a page (engine compiles)', r.without.first, r.with.first));
  console.log(row('fetch POST to a telemetry endpoint (redacted in the page)', r.without.requests.telemetry, r.with.requests.telemetry));
  console.log(row('fetch POST elsewhere (URL match only)', r.without.requests.other, r.with.requests.other));
}
