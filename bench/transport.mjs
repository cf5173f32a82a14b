// How events should cross into Wasm (measure both, keep the faster):
// serde-wasm-bindgen object conversion vs JSON text (JSON.stringify in, JSON.parse out).
// Both sides build the same serde_json value in Rust. Builds bench/transport/ first.
//   node bench/transport.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadFixtures } from './fixtures.mjs';
import { rate } from './throughput.mjs';

const dir = new URL('./transport/', import.meta.url).pathname;
execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--quiet'], { cwd: dir, stdio: 'inherit' });
execFileSync('wasm-bindgen', ['--target', 'nodejs', '--out-dir', `${dir}out`, `${dir}target/wasm32-unknown-unknown/release/transport_bench.wasm`], { stdio: 'inherit' });
// The nodejs target emits CommonJS; the repository's package.json says "module".
writeFileSync(`${dir}out/package.json`, '{"type":"commonjs"}');
const t = createRequire(import.meta.url)(`${dir}out/transport_bench.js`);

const events = loadFixtures().flatMap((f) => f.events);
const object = rate(events, (e) => t.via_object(e));
const text = rate(events, (e) => JSON.parse(t.via_text(JSON.stringify(e))));
console.log(`${events.length} SDK events, events/s\n`);
console.log('| transport | events/s |\n|---|---|');
console.log(`| serde-wasm-bindgen (object in, object out) | ${Math.round(object)} |`);
console.log(`| JSON text (stringify in, parse out) | ${Math.round(text)} |`);
console.log(`\nJSON text is ${(text / object).toFixed(2)}× the object path`);
