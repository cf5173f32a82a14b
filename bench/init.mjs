// Start-up cost in headless Chromium: importing the package (parsing the JS that embeds the
// module) and createGuardSync({ preset: 'posthog' }) (base64 decode, synchronous compile,
// instantiate, policy load). Each sample is a fresh browser context; prints medians of 20.
//   node bench/init.mjs       (after scripts/build.sh)
import { startServer } from '../www/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

export async function run(samples = Number(process.env.SAMPLES ?? 20)) {
  const server = await startServer({ port: 0 });
  const url = `http://127.0.0.1:${server.address().port}/favicon.svg`;
  const browser = await launch();
  const rows = [];
  try {
    for (let i = 0; i < samples; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      rows.push(await page.evaluate(async () => {
        const t0 = performance.now();
        const m = await import('/pkg/index.js');
        const t1 = performance.now();
        const g = m.createGuardSync({ preset: 'posthog', consent: { analytics: true } });
        const t2 = performance.now();
        g.redact({ event: '$pageview', properties: { $current_url: 'https://x.example/?email=a%40b.co' } });
        const t3 = performance.now();
        return { importMs: t1 - t0, createMs: t2 - t1, firstRedactMs: t3 - t2 };
      }));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1];
  return { samples, importMs: median('importMs'), createMs: median('createMs'), firstRedactMs: median('firstRedactMs'), version: browser.version() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(`headless Chromium ${r.version}, median of ${r.samples} fresh contexts\n`);
  console.log('| step | median ms |\n|---|---|');
  console.log(`| import the package (module fetch + parse) | ${r.importMs.toFixed(1)} |`);
  console.log(`| createGuardSync({ preset: 'posthog' }) | ${r.createMs.toFixed(1)} |`);
  console.log(`| first redact() | ${r.firstRedactMs.toFixed(2)} |`);
}
