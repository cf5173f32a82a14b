// Runs every benchmark and prints the README's tables. `scripts/bench.sh` builds first.
import { spawnSync } from 'node:child_process';

const benches = ['size', 'detectors', 'adversarial', 'latency', 'throughput', 'module-variants', 'transport', 'tcf', 'init', 'memory', 'intercept', 'hooks', 'extension'];
for (const name of benches) {
  console.log(`\n### ${name}\n`);
  const r = spawnSync(process.execPath, [new URL(`./${name}.mjs`, import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
