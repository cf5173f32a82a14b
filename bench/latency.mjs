// Latency of one typical event: a PostHog $pageview capture (~2.8 KB) through the posthog preset.
// Each call is timed on its own; prints the median and p99 of 20 000 calls after warm-up.
//   node bench/latency.mjs
import { createGuardSync } from 'consent-guard';
import { loadFixtures } from './fixtures.mjs';

export function run() {
  const fx = loadFixtures().find((f) => f.file === 'posthog-hook0-1-e.json');
  const event = fx.events[0];
  const text = JSON.stringify(event);
  const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
  const out = {};
  for (const [name, fn] of [['redact (object)', () => guard.redact(event)], ['redactJson (text)', () => guard.redactJson(text)], ['floor: JSON.parse(JSON.stringify(x))', () => JSON.parse(JSON.stringify(event))]]) {
    for (let i = 0; i < 5000; i++) fn();
    const samples = new Float64Array(20000);
    for (let i = 0; i < samples.length; i++) {
      const t = process.hrtime.bigint();
      fn();
      samples[i] = Number(process.hrtime.bigint() - t) / 1000;
    }
    samples.sort();
    out[name] = { median: samples[samples.length >> 1], p99: samples[Math.floor(samples.length * 0.99)] };
  }
  return { bytes: text.length, out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bytes, out } = run();
  console.log(`one PostHog $pageview capture, ${bytes} bytes, node ${process.version}\n`);
  console.log('| call | median µs | p99 µs |\n|---|---|---|');
  for (const [k, v] of Object.entries(out)) console.log(`| ${k} | ${v.median.toFixed(1)} | ${v.p99.toFixed(1)} |`);
}
