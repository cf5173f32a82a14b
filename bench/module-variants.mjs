// What a build setting costs in bytes and buys in speed: builds the Wasm module once per
// variant (its own target directory under target/variants/, the shipped release profile
// otherwise), then times the engine's redact on the PostHog event (as bench/latency.mjs, through
// the package's glue, no JS API around it) and reports gzip -9 bytes. Takes a few minutes.
//   node bench/module-variants.mjs            (after scripts/build.sh: the glue comes from pkg/)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadFixtures } from './fixtures.mjs';

const root = new URL('..', import.meta.url).pathname;
const VARIANTS = {
  'shipped (opt-level "z")': {},
  '+ simd128': { RUSTFLAGS: '-C target-feature=+simd128' },
  'lean (no codecs, no signal decoders)': { args: ['--no-default-features'] },
};

function build(name, { RUSTFLAGS, args = [] }) {
  const dir = `${root}target/variants/${name.replace(/[^a-z0-9]+/gi, '-')}`;
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, CARGO_TARGET_DIR: `${dir}/cargo` };
  if (RUSTFLAGS) env.RUSTFLAGS = RUSTFLAGS;
  execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', ...args], { cwd: root, env, stdio: 'inherit' });
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', `${dir}/out`, '--remove-name-section', '--remove-producers-section',
    '--omit-default-module-path', `${dir}/cargo/wasm32-unknown-unknown/release/consent_guard.wasm`], { stdio: 'inherit' });
  return readFileSync(`${dir}/out/consent_guard_bg.wasm`);
}

/** Median µs of WasmGuard.redact on the event, in a fresh realm per module (a worker). */
async function time(bytes) {
  const { Worker } = await import('node:worker_threads');
  const fx = loadFixtures().find((f) => f.file === 'posthog-hook0-1-e.json');
  const source = `
    import { workerData, parentPort } from 'node:worker_threads';
    const glue = await import(workerData.glue);
    glue.initSync({ module: new WebAssembly.Module(workerData.bytes) });
    const g = new glue.WasmGuard(JSON.stringify({ version: 1, extends: 'posthog' }), undefined);
    g.setConsent(JSON.stringify({ analytics: true }));
    const text = workerData.text;
    for (let i = 0; i < 5000; i++) g.redact(text, undefined, false);
    const samples = new Float64Array(20000);
    for (let i = 0; i < samples.length; i++) {
      const t = process.hrtime.bigint();
      g.redact(text, undefined, false);
      samples[i] = Number(process.hrtime.bigint() - t) / 1000;
    }
    samples.sort();
    parentPort.postMessage(samples[samples.length >> 1]);
  `;
  const glue = new URL('../pkg/wasm/consent_guard.js', import.meta.url).href;
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData: { glue, bytes, text: JSON.stringify(fx.events[0]) } });
    w.once('message', (m) => (resolve(m), w.terminate()));
    w.once('error', reject);
  });
}

const rows = [];
for (const [name, variant] of Object.entries(VARIANTS)) {
  const bytes = build(name, variant);
  rows.push({ name, gzip: gzipSync(bytes, { level: 9 }).length, us: await time(bytes) });
}
console.log(`\nnode ${process.version}; the PostHog event (bench/latency.mjs), engine only\n`);
console.log('| module | gzip -9 bytes | median µs |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.gzip.toLocaleString('en-US')} | ${r.us.toFixed(1)} |`);
