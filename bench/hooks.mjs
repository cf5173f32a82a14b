// Hook overhead against each SDK's own capture() in the same page and run (headless Chromium,
// the www/ demo pages on the hook route): the time of one capture() call of the real SDK, and
// the time consent-guard's hook spends on one real event that SDK handed it (recorded from the
// page's own traffic). Needs `scripts/build.sh` first.   node bench/hooks.mjs
import { startServer } from '../www/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];

export async function run() {
  const server = await startServer({ port: 0 });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const rows = [];
  try {
    for (const sdk of SDKS) {
      const page = await browser.newPage();
      await page.goto(`${base}/sdk/${sdk}.html?route=hook&consent=all&delay=0&trace=0`);
      await page.waitForFunction(() => window.__sample || window.__sampleBody, null, { timeout: 15000 });
      rows.push({
        sdk,
        ...(await page.evaluate(() => {
          const guard = window.__guard;
          const own = guard.forPreset(document.location.pathname.split('/').pop().replace('.html', ''));
          // An event the SDK's hook handed over, or (Sentry) an envelope its transport sent.
          const sample = window.__sample ?? window.__sampleBody;
          const redact = window.__sample ? () => own.redact(sample) : () => own.redactBody(sample);
          const time = (fn, n) => {
            for (let i = 0; i < 50; i++) fn();
            const t = performance.now();
            for (let i = 0; i < n; i++) fn();
            return ((performance.now() - t) / n) * 1000;
          };
          const capture = time(window.__capture, 400);
          const hook = time(redact, 400);
          const bytes = typeof sample === 'string' ? sample.length : sample.byteLength ?? JSON.stringify(sample).length;
          return { capture, hook, bytes: window.__sample ? JSON.stringify(sample).length : bytes };
        })),
      });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await run();
  console.log('hook overhead against capture(), headless Chromium\n');
  console.log('| SDK | event bytes | capture() µs | hook µs | hook / capture |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.sdk} | ${r.bytes} | ${r.capture.toFixed(1)} | ${r.hook.toFixed(1)} | ${((r.hook / r.capture) * 100).toFixed(0)} % |`);
}
