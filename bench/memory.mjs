// Sends 1 000 000 events (the SDK fixtures, round robin) through one guard and records the Wasm
// linear memory size as it goes: it must stop growing.
//   node bench/memory.mjs            EVENTS=200000 node bench/memory.mjs for a shorter run
import { createGuardSync } from 'consent-guard';
import { initSync } from '../pkg/wasm/consent_guard.js';
import { loadFixtures } from './fixtures.mjs';

export function run(total = Number(process.env.EVENTS ?? 1_000_000)) {
  const events = loadFixtures().flatMap((f) => f.events.map((e) => JSON.stringify(e)));
  const guard = createGuardSync({ preset: 'scan-all' });
  const memory = initSync().memory; // the instance the package already loaded
  const checkpoints = [];
  const marks = new Set([1, 1000, 10_000, 100_000, 250_000, 500_000, 750_000, total]);
  const start = performance.now();
  for (let i = 1; i <= total; i++) {
    guard.redactJson(events[i % events.length]);
    if (marks.has(i)) checkpoints.push({ events: i, wasmBytes: memory.buffer.byteLength, seconds: (performance.now() - start) / 1000 });
  }
  return { checkpoints, counters: guard.counters };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { checkpoints, counters } = run();
  console.log('| events | Wasm memory (MiB) | elapsed s |\n|---|---|---|');
  for (const c of checkpoints) console.log(`| ${c.events.toLocaleString('en')} | ${(c.wasmBytes / 2 ** 20).toFixed(2)} | ${c.seconds.toFixed(1)} |`);
  console.log(`\nguard counters: ${counters.events_seen} seen, ${counters.events_kept} kept`);
}
